//! The tag report on a real archive: reads the `- ` tag lines of seed-format `.txt` articles, builds
//! the report and prints, per method, the clusters and the articles they affect, and the time taken.
//!
//! ```text
//! mkdir -p /tmp/ant && tar xzf ../shared/data/ant-archive.tar.gz -C /tmp/ant
//! cargo run --release --example tags_ant -- /tmp/ant/ant [REPORT.txt]
//! ```
//!
//! With a second argument, the full text report is written there for review by hand. With
//! `TAGS_SCALE=N` in the environment, N synthetic articles are added, each with a new two-word tag
//! made of two real tags, to time the report on tens of thousands of distinct tags. With
//! `TAGS_ALIASES=FILE`, the suggested alias file is written there. The tag lines
//! are parsed here, simply (title, blank, title, then `- ` lines), so that the example does not
//! depend on the archive reader.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use fihris::tags::{
    build_report, fingerprint, render, stem_keys, tag_key, write_aliases, Aliases, ArticleTags,
    Method, ReportOptions, TagReport,
};
use fihris_analyzers::{normalize, LightStemmer};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(args.next().unwrap_or_else(|| "/tmp/ant/ant".into()));
    let out = args.next().map(PathBuf::from);
    match run(&root, out.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "tags_ant: {}: {err}\n(unpack the archive first: mkdir -p /tmp/ant && tar xzf \
                 ../shared/data/ant-archive.tar.gz -C /tmp/ant)",
                root.display()
            );
            ExitCode::FAILURE
        }
    }
}

fn run(root: &Path, out: Option<&Path>) -> std::io::Result<()> {
    let start = Instant::now();
    let mut files = Vec::new();
    collect_txt(root, &mut files)?;
    files.sort();
    let mut articles = Vec::with_capacity(files.len());
    for path in &files {
        let text = fs::read_to_string(path)?;
        let id = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        articles.push(ArticleTags::from_raw(id, seed_tags(&text), None));
    }
    let scale: usize = std::env::var("TAGS_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    add_synthetic(&mut articles, scale);
    let read = start.elapsed();
    let start = Instant::now();
    let report = build_report(&articles, &ReportOptions::default());
    let computed = start.elapsed();
    println!(
        "{} files, {} tagged articles, {} distinct tags, {} keys; read in {:.2?}, report in {:.2?}",
        report.articles,
        report.tagged_articles,
        report.distinct_tags,
        report.distinct_keys,
        read,
        computed
    );
    println!(
        "within-article duplicates: {} articles, {} tags",
        report.within_article.articles,
        report.within_article.tags.len()
    );
    for method in Method::ALL {
        let clusters: Vec<_> = report.clusters_by(method).collect();
        let members: usize = clusters.iter().map(|c| c.members.len()).sum();
        let affected: usize = clusters.iter().map(|c| c.articles).sum();
        println!(
            "{:<12} {:>4} clusters, {:>4} members, {:>5} article-tags affected (sum over clusters)",
            method.name(),
            clusters.len(),
            members,
            affected
        );
    }
    if scale == 0 {
        alias_round_trip(&report, &articles)?;
        light_stemmer_extra_merges(&articles);
        near_misses(&report, &articles);
    }
    if let Some(out) = out {
        let mut file = fs::File::create(out)?;
        render::write_text(&report, &mut file)?;
        eprintln!("full report written to {}", out.display());
    }
    Ok(())
}

/// Adds `n` articles, each tagged with one two-word combination of real tags (a stress test: the
/// combinations share their words with many other tags, which loads the containment index).
fn add_synthetic(articles: &mut Vec<ArticleTags>, n: usize) {
    let mut real: Vec<String> = articles.iter().flat_map(|a| a.tags.clone()).collect();
    real.sort();
    real.dedup();
    if real.is_empty() {
        return;
    }
    for k in 0..n {
        let i = k % real.len();
        let (a, b) = (&real[i], &real[(i + 1 + k / real.len()) % real.len()]);
        let tag = format!("{a} {b}");
        articles.push(ArticleTags::from_raw(format!("synthetic-{k}"), [tag], None));
    }
}

/// Writes the suggested aliases, applies them to the archive and reports again: the merging
/// clusters must be gone, only the unreviewed containment suggestions left.
fn alias_round_trip(report: &TagReport, articles: &[ArticleTags]) -> std::io::Result<()> {
    let file = write_aliases(report);
    if let Ok(path) = std::env::var("TAGS_ALIASES") {
        fs::write(&path, &file)?;
        eprintln!("aliases written to {path}");
    }
    let aliases = Aliases::parse(&file)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let applied: Vec<ArticleTags> = articles
        .iter()
        .map(|a| ArticleTags::from_raw(a.id.clone(), a.raw.clone(), Some(&aliases)))
        .collect();
    let again = build_report(&applied, &ReportOptions::default());
    let merging = again
        .clusters
        .iter()
        .filter(|c| c.method != Method::Containment)
        .count();
    println!(
        "aliases: {} lines, {} variant keys; after applying them: {} distinct tags (was {}), {} merging clusters, {} containment",
        file.lines().filter(|l| l.contains('\t') && !l.starts_with('#')).count(),
        aliases.len(),
        again.distinct_tags,
        report.distinct_tags,
        merging,
        again.clusters_by(Method::Containment).count()
    );
    Ok(())
}

/// The tags of a seed-format article: the `- ` lines after the title, blank line and title again.
fn seed_tags(text: &str) -> Vec<String> {
    text.lines()
        .skip(3)
        .map_while(|l| l.strip_prefix("- "))
        .map(str::to_string)
        .collect()
}

fn collect_txt(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_txt(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    Ok(())
}

/// For the record in docs/tags.md: the groups that a stem key built on the analyzers'
/// `LightStemmer` would form among tags that our `stem_keys` keep apart, split by our keys (`‖`).
fn light_stemmer_extra_merges(articles: &[ArticleTags]) {
    let mut distinct: Vec<&str> = articles
        .iter()
        .flat_map(|a| a.tags.iter().map(String::as_str))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut by_light: HashMap<String, Vec<&str>> = HashMap::new();
    for tag in &distinct {
        let mut stems: Vec<String> = fingerprint(tag)
            .split(' ')
            .map(|w| LightStemmer.stem(&normalize(w)).to_string())
            .collect();
        stems.sort();
        stems.dedup();
        by_light.entry(stems.join(" ")).or_default().push(tag);
    }
    let mut extra: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for group in by_light.into_values().filter(|g| g.len() > 1) {
        let parts = split_by_shared_stem_key(&group);
        if parts.len() > 1 {
            let line: Vec<String> = parts.iter().map(|p| p.join(" | ")).collect();
            extra.insert(line.join(" ‖ "), group);
        }
    }
    println!(
        "LightStemmer-based stem key: {} groups our stem key splits",
        extra.len()
    );
    for line in extra.keys() {
        println!("  {line}");
    }
}

/// Splits tags into the sets that share a stem key, transitively (what the `stem` method joins).
fn split_by_shared_stem_key<'a>(tags: &[&'a str]) -> Vec<Vec<&'a str>> {
    let keys: Vec<Vec<String>> = tags.iter().map(|t| stem_keys(t)).collect();
    let mut part: Vec<usize> = (0..tags.len()).collect();
    for i in 0..tags.len() {
        for j in 0..i {
            // Equal facet keys are one tag already (the `normalized` method), not a stem question.
            if keys[i].iter().any(|k| keys[j].contains(k)) || tag_key(tags[i]) == tag_key(tags[j]) {
                let (from, to) = (part[i].max(part[j]), part[i].min(part[j]));
                part.iter_mut()
                    .filter(|p| **p == from)
                    .for_each(|p| *p = to);
            }
        }
    }
    let mut parts: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (i, tag) in tags.iter().enumerate() {
        parts.entry(part[i]).or_default().push(tag);
    }
    parts.into_values().collect()
}

/// Pairs of tags whose keys are one edit apart (two for keys of eight letters or more) that no
/// merging method joined: the look-alikes kept apart, and the variants missed, to review by hand.
/// All pairs are compared: fine for one archive's few thousand tags, not for the library.
fn near_misses(report: &TagReport, articles: &[ArticleTags]) {
    let mut group: HashMap<String, usize> = HashMap::new();
    let mut tags: Vec<String> = Vec::new();
    let mut next_group = 0;
    for cluster in report
        .clusters
        .iter()
        .filter(|c| c.method != Method::Containment)
    {
        let existing = cluster
            .members
            .iter()
            .find_map(|m| group.get(&m.tag).copied());
        let g = existing.unwrap_or_else(|| {
            next_group += 1;
            next_group
        });
        let olds: Vec<usize> = cluster
            .members
            .iter()
            .filter_map(|m| group.get(&m.tag).copied())
            .collect();
        for value in group.values_mut() {
            if olds.contains(value) {
                *value = g;
            }
        }
        for m in &cluster.members {
            group.insert(m.tag.clone(), g);
        }
    }
    tags.extend(articles.iter().flat_map(|a| a.tags.iter().cloned()));
    tags.sort();
    tags.dedup();
    let keys: Vec<String> = tags.iter().map(|t| tag_key(t)).collect();
    let mut pairs = Vec::new();
    for i in 0..tags.len() {
        for j in 0..i {
            let (a, b) = (&keys[i], &keys[j]);
            let long = a.chars().count().max(b.chars().count());
            let allowed = if long >= 8 { 2 } else { 1 };
            let same = match (group.get(&tags[i]), group.get(&tags[j])) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            };
            if !same
                && a.chars().count().abs_diff(b.chars().count()) <= allowed
                && strsim::levenshtein(a, b) <= allowed
            {
                pairs.push(format!("{} | {}", tags[j], tags[i]));
            }
        }
    }
    pairs.sort();
    println!(
        "near misses (not joined by a merging method): {}",
        pairs.len()
    );
    for p in pairs {
        println!("  {p}");
    }
}
