//! The views of a [`TagReport`]: readable text, one JSON object, CSV with one row per cluster
//! member, and the reviewable alias file. They only render: every figure comes from the model, and
//! all of them list clusters in the model's order (strictest method first, then the clusters
//! affecting the most articles).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::keys::tag_key;
use super::model::{Member, Method, TagReport};
use crate::terminal::isolate;

/// Writes the readable text view (archive text made terminal-safe: [`crate::terminal`]).
pub fn write_text(report: &TagReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "Tags: {} of {} tagged, {} distinct {} ({} distinct {})",
        report.tagged_articles,
        count(report.articles, "article", "articles"),
        report.distinct_tags,
        plural(report.distinct_tags, "tag", "tags"),
        report.distinct_keys,
        plural(report.distinct_keys, "key", "keys"),
    )?;
    let within = &report.within_article;
    writeln!(
        out,
        "\nWithin-article duplicates: {} {} a tag{}",
        count(within.articles, "article", "articles"),
        plural(within.articles, "repeats", "repeat"),
        examples_suffix(&within.examples)
    )?;
    for tag in &within.tags {
        write_member(out, tag)?;
    }
    let mut per_method = String::new();
    for method in super::Method::ALL {
        let n = report.clusters_by(method).count();
        if n > 0 {
            per_method.push_str(&format!("{}{method} {n}", sep(&per_method)));
        }
    }
    writeln!(
        out,
        "\nVariant clusters: {}{}",
        report.clusters.len(),
        if per_method.is_empty() {
            String::new()
        } else {
            format!(" ({per_method})")
        }
    )?;
    for (i, cluster) in report.clusters.iter().enumerate() {
        writeln!(
            out,
            "\n{:>4}. {} — {} [{}, confidence {:.2}]",
            i + 1,
            isolate(&cluster.canonical),
            count(cluster.articles, "article", "articles"),
            cluster.method,
            cluster.confidence
        )?;
        for member in &cluster.members {
            write_member(out, member)?;
        }
    }
    Ok(())
}

/// `one` or `many`, as `n` needs.
fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `n` and its noun: `1 article`, `2 articles`.
fn count(n: usize, one: &'static str, many: &'static str) -> String {
    format!("{n} {}", plural(n, one, many))
}

fn sep(s: &str) -> &'static str {
    if s.is_empty() {
        ""
    } else {
        ", "
    }
}

fn examples_suffix(examples: &[String]) -> String {
    if examples.is_empty() {
        String::new()
    } else {
        let examples: Vec<_> = examples.iter().map(|e| isolate(e)).collect();
        format!(" (e.g. {})", examples.join(", "))
    }
}

fn write_member(out: &mut dyn Write, member: &Member) -> io::Result<()> {
    let variants = if member.variants.is_empty() {
        String::new()
    } else {
        format!(" (with {})", member.variants.join(", "))
    };
    writeln!(
        out,
        "      {:>6}  {}{variants}{}",
        member.articles,
        isolate(&member.tag),
        examples_suffix(&member.examples)
    )
}

/// Writes the report as one pretty-printed JSON object: `within_article: {articles, examples,
/// tags}` and `clusters: [{method, confidence, canonical, articles, members: [{tag, articles,
/// examples}]}]`, plus the archive totals.
pub fn write_json(report: &TagReport, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    writeln!(out)
}

/// The CSV header: one row per cluster member.
pub const CSV_HEADER: &str = "cluster,method,confidence,canonical,tag,articles,examples";

/// Writes the CSV view: [`CSV_HEADER`], then one row per cluster member; the cluster number is the
/// text view's, examples are joined by `;`. Fields are quoted when they hold a comma, a quote or a
/// line break (RFC 4180).
pub fn write_csv(report: &TagReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{CSV_HEADER}")?;
    for (i, cluster) in report.clusters.iter().enumerate() {
        for member in &cluster.members {
            writeln!(
                out,
                "{},{},{:.2},{},{},{},{}",
                i + 1,
                cluster.method,
                cluster.confidence,
                csv_field(&cluster.canonical),
                csv_field(&member.tag),
                member.articles,
                csv_field(&member.examples.join(";"))
            )?;
        }
    }
    Ok(())
}

/// Quotes a CSV field when it needs it, doubling its quotes.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// The header of a written alias file.
const HEADER: &str = "\
# Fihris tag aliases, suggested by `fihris tags report`: one `variant<TAB>canonical` a line.
# A variant is looked up by its tag key (hamza and alef forms, diacritics, `_`, `#`, spaces folded),
# so one line covers every spelling of it. Chains are followed (a→b, b→c gives a→c).
# Lines starting with `#` are comments, blank lines are skipped.
# Review before use: delete a line to keep two tags apart. The `containment` suggestions (one tag
# inside another) are written commented out: remove the leading `# ` to merge them.
# Then pass the file to `fihris index --aliases FILE`.
";

/// Writes the report's clusters as a reviewable alias file: the header, then per cluster, strictest
/// method first, a comment (`# method, confidence, members with counts`) and its
/// `variant<TAB>canonical` lines. Containment suggestions are commented out. Each variant points at
/// its final canonical form, so that a spelling fixed by a `normalized` cluster follows its tag into
/// a laxer cluster without conflict.
pub fn write_aliases(report: &TagReport) -> String {
    let finals = final_canonicals(report);
    let target = |tag: &str| -> String {
        finals
            .get(&tag_key(tag))
            .cloned()
            .unwrap_or_else(|| tag.to_string())
    };
    let mut out = String::from(HEADER);
    // The model's order, strictest method first, so a reviewer reads the sure merges before the
    // doubtful ones and finds the commented-out containment suggestions together at the end.
    for cluster in &report.clusters {
        let members: Vec<String> = cluster
            .members
            .iter()
            .map(|m| format!("{} ({})", m.tag, m.articles))
            .collect();
        let _ = write!(
            out,
            "\n# {}, confidence {:.2}: {}\n",
            cluster.method,
            cluster.confidence,
            members.join(", ")
        );
        let prefix = if cluster.method == Method::Containment {
            "# "
        } else {
            ""
        };
        let canonical = target(&cluster.canonical);
        for member in cluster
            .members
            .iter()
            .filter(|m| m.tag != cluster.canonical)
        {
            // A leading `#` would turn the line into a comment; the key is the same without it.
            // A tab inside a tag would split the line: it is a space to the key.
            let variant = member.tag.trim_start_matches('#').trim().replace('\t', " ");
            let _ = writeln!(out, "{prefix}{variant}\t{}", canonical.replace('\t', " "));
        }
    }
    out
}

/// Variant key → the canonical form it ends at after every merging (non-containment) cluster.
fn final_canonicals(report: &TagReport) -> HashMap<String, String> {
    let mut next: HashMap<String, String> = HashMap::new();
    for cluster in report
        .clusters
        .iter()
        .filter(|c| c.method != Method::Containment)
    {
        for member in cluster
            .members
            .iter()
            .filter(|m| m.tag != cluster.canonical)
        {
            let key = tag_key(&member.tag);
            // A same-key member only fixes the display; it must not shadow a later mapping.
            if key != tag_key(&cluster.canonical) || !next.contains_key(&key) {
                next.insert(key, cluster.canonical.clone());
            }
        }
    }
    let mut finals = HashMap::with_capacity(next.len());
    for (key, first) in &next {
        let mut current = first.clone();
        // Each step leaves a key for a different one; the report's clusters cannot cycle, but the
        // bound keeps a malformed report from looping.
        for _ in 0..next.len() {
            match next.get(&tag_key(&current)) {
                Some(n) if tag_key(n) != tag_key(&current) => current = n.clone(),
                _ => break,
            }
        }
        finals.insert(key.clone(), current);
    }
    finals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{build_report, ArticleTags, ReportOptions};

    fn report() -> TagReport {
        let articles = [
            ArticleTags::from_raw("a,1", ["ترمب", "ترمب"], None),
            ArticleTags::from_raw("b\"2", ["ترامب"], None),
            ArticleTags::from_raw("c3", ["ترمب"], None),
        ];
        build_report(&articles, &ReportOptions::default())
    }

    fn render(f: fn(&TagReport, &mut dyn Write) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&report(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_quotes_fields_and_has_a_row_per_member() {
        let csv = render(write_csv);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(lines.len(), 3, "{csv}");
        assert_eq!(lines[1], "1,spelling,0.60,ترمب,ترمب,2,\"a,1;c3\"");
        assert_eq!(lines[2], "1,spelling,0.60,ترمب,ترامب,1,\"b\"\"2\"");
    }

    #[test]
    fn json_has_the_documented_shape() {
        let json: serde_json::Value = serde_json::from_str(&render(write_json)).unwrap();
        assert_eq!(json["within_article"]["articles"], 1);
        assert_eq!(json["within_article"]["examples"][0], "a,1");
        let cluster = &json["clusters"][0];
        assert_eq!(cluster["method"], "spelling");
        assert_eq!(cluster["canonical"], "ترمب");
        assert_eq!(cluster["members"][1]["tag"], "ترامب");
        assert_eq!(cluster["members"][1]["articles"], 1);
        assert_eq!(cluster["members"][1]["examples"][0], "b\"2");
    }

    #[test]
    fn text_lists_duplicates_and_clusters() {
        let text = render(write_text);
        assert!(
            text.contains("Within-article duplicates: 1 article repeats a tag"),
            "{text}"
        );
        assert!(text.starts_with("Tags: 3 of 3 articles tagged"), "{text}");
        assert!(text.contains("Variant clusters: 1 (spelling 1)"), "{text}");
        assert!(
            // The tag bidi-isolated, so the figures after it stay in their places.
            text.contains("\u{2068}ترمب\u{2069} — 3 articles [spelling, confidence 0.60]"),
            "{text}"
        );
    }
}
