//! `variants.json` in the index folder: the groups built from the index's vocabulary (with the
//! reviewed file applied), written at the end of every `fihris index` run and read by the search
//! engine when it opens the index ([`Variants`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::evidence::{self, Vocabulary};
use super::group::{group_words, Evidence, GroupOptions, PairEvidence, VariantGroup};
use super::reviewed::Reviewed;
use super::VariantsError;
use crate::store::Store;

/// The variants file's name inside the index folder.
pub const FILE: &str = "variants.json";
/// The copy of the reviewed variants file the index was built with.
pub const REVIEWED_FILE: &str = "variants-reviewed.tsv";

/// The version of `variants.json` this code writes and reads.
const VERSION: u32 = 1;

/// What `variants.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantsFile {
    /// The file format's version.
    pub version: u32,
    /// Articles in the index when it was built.
    pub documents: u64,
    /// Distinct normalized words in the index's vocabulary.
    pub vocabulary: usize,
    /// Milliseconds the build took.
    pub build_ms: u64,
    /// Articles added, changed or deleted by the index runs since the build, which kept it
    /// ([`VariantsFile::stale_after`]).
    #[serde(default)]
    pub changed_since_build: u64,
    /// The groups, most frequent first.
    pub groups: Vec<VariantGroup>,
}

/// The share of the articles a build was made from that may change before an index run builds
/// the groups again. Groups are a property of the vocabulary, which a few new articles barely move,
/// while a rebuild reads the articles of every candidate (2 s on ANT's 31,525 articles on 2 cores,
/// against 0.4 s for an index run that changes 1% of them): so the cost is paid about once per 5%
/// of change, as a merge policy pays for segments.
pub const REBUILD_SHARE: f64 = 0.05;

/// Indexes smaller than this many articles are rebuilt on every change: it costs them well
/// under a second, and a new spelling in a small archive is a large share of its evidence.
pub const ALWAYS_REBUILD_BELOW: u64 = 2_000;

impl VariantsFile {
    /// The `variants.json` of the index folder `dir` when it is there and of this version, else
    /// `None` (then it is to be built).
    pub fn read(dir: &Path) -> Option<VariantsFile> {
        let bytes = std::fs::read(dir.join(FILE)).ok()?;
        serde_json::from_slice::<VariantsFile>(&bytes)
            .ok()
            .filter(|file| file.version == VERSION)
    }

    /// Whether an index run that added, changed or deleted `changed` articles should build the
    /// groups again ([`REBUILD_SHARE`], [`ALWAYS_REBUILD_BELOW`]).
    pub fn stale_after(&self, changed: u64) -> bool {
        changed > 0
            && (self.documents < ALWAYS_REBUILD_BELOW
                || (self.changed_since_build + changed) as f64
                    > REBUILD_SHARE * self.documents as f64)
    }

    /// Keeps this build after a run that changed `changed` articles: counts them and writes the
    /// file back to the index folder `dir`.
    pub fn keep_after(mut self, dir: &Path, changed: u64) -> Result<VariantsFile, VariantsError> {
        if changed > 0 {
            self.changed_since_build += changed;
            let json = serde_json::to_vec(&self).expect("variants serialize");
            write_atomically(&dir.join(FILE), &json)?;
        }
        Ok(self)
    }
}

/// What a build found, with the candidate pairs for review and measurement.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    /// The file to write.
    pub file: VariantsFile,
    /// Every candidate pair of name-like words, with its evidence.
    pub pairs: Vec<PairEvidence>,
}

/// Builds the groups of the index at `store`, with `reviewed` applied.
pub fn build(
    store: &Store,
    reviewed: &Reviewed,
    options: &GroupOptions,
) -> Result<BuildSummary, VariantsError> {
    let started = Instant::now();
    let reader = store.reader()?;
    let searcher = reader.searcher();
    let vocabulary = Vocabulary::read(&searcher, store.fields.text_exact)?;
    let stems = evidence::stems(vocabulary.df.keys().map(String::as_str));
    let mut index = IndexEvidence {
        searcher: &searcher,
        fields: &store.fields,
        vocabulary: &vocabulary,
        sample: options.sample,
    };
    let grouping = group_words(&vocabulary, &stems, &mut index, options)?;
    let groups = reviewed.apply(grouping.groups, &vocabulary);
    Ok(BuildSummary {
        file: VariantsFile {
            version: VERSION,
            documents: vocabulary.docs,
            vocabulary: vocabulary.df.len(),
            build_ms: started.elapsed().as_millis() as u64,
            changed_since_build: 0,
            groups,
        },
        pairs: grouping.pairs,
    })
}

/// The grouping's questions answered from an open index.
struct IndexEvidence<'a> {
    searcher: &'a tantivy::Searcher,
    fields: &'a crate::schema::Fields,
    vocabulary: &'a Vocabulary,
    sample: usize,
}

impl Evidence for IndexEvidence<'_> {
    type Error = VariantsError;

    fn docs(&mut self, words: &[&str]) -> Result<HashMap<String, Vec<u64>>, VariantsError> {
        evidence::docs_of(self.searcher, self.fields.text_exact, words)
    }

    fn contexts(
        &mut self,
        words: &[(&str, &[u64])],
    ) -> Result<HashMap<String, evidence::Context>, VariantsError> {
        evidence::contexts(
            self.searcher,
            self.fields,
            self.vocabulary,
            words,
            self.sample,
        )
    }
}

/// Rebuilds `variants.json` of the index at `dir`: with `reviewed_file` when given (its copy is
/// then stored beside the index), else with the copy stored before, if any. Returns the file
/// written.
pub fn rebuild(dir: &Path, reviewed_file: Option<&Path>) -> Result<VariantsFile, VariantsError> {
    let store = Store::open(dir)?;
    let stored = dir.join(REVIEWED_FILE);
    let reviewed = match reviewed_file {
        Some(path) => {
            let reviewed = Reviewed::load(path)?;
            let text = std::fs::read(path).map_err(|source| VariantsError::File {
                path: path.to_path_buf(),
                source,
            })?;
            write_atomically(&stored, &text)?;
            reviewed
        }
        None if stored.is_file() => Reviewed::load(&stored)?,
        None => Reviewed::default(),
    };
    let summary = build(&store, &reviewed, &GroupOptions::default())?;
    let json = serde_json::to_vec(&summary.file).expect("variants serialize");
    write_atomically(&dir.join(FILE), &json)?;
    Ok(summary.file)
}

/// After a write that added, changed or deleted `changed` articles of the index at `dir` (an index
/// run, a server's commit): keeps the groups while they are fresh ([`VariantsFile::stale_after`]),
/// counting the change, and rebuilds them otherwise or when there are none yet. `fihris index`
/// and `fihris serve` follow this one rule.
pub fn refresh(dir: &Path, changed: u64) -> Result<VariantsFile, VariantsError> {
    match VariantsFile::read(dir) {
        Some(file) if !file.stale_after(changed) => file.keep_after(dir, changed),
        _ => rebuild(dir, None),
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a search
/// opening the index meanwhile reads the old file or the new one, never half of one.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), VariantsError> {
    let error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| VariantsError::File { path, source }
    };
    let tmp: PathBuf = path.with_extension("tmp");
    std::fs::write(&tmp, bytes).map_err(error(&tmp))?;
    std::fs::rename(&tmp, path).map_err(error(path))
}

/// The groups search uses, by word: read from `variants.json`, only the methods on by default.
#[derive(Debug, Clone, Default)]
pub struct Variants {
    groups: Vec<VariantGroup>,
    by_word: HashMap<String, usize>,
}

impl Variants {
    /// Reads the variants of the index folder `dir`; an index without the file has none.
    pub fn load(dir: &Path) -> Result<Variants, VariantsError> {
        let path = dir.join(FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Variants::default()),
            Err(source) => return Err(VariantsError::File { path, source }),
        };
        let file: VariantsFile =
            serde_json::from_slice(&bytes).map_err(|e| VariantsError::Format {
                path: path.clone(),
                message: e.to_string(),
            })?;
        if file.version != VERSION {
            return Err(VariantsError::Format {
                path,
                message: format!("version {}, expected {VERSION}", file.version),
            });
        }
        Ok(Variants::from_groups(
            file.groups
                .into_iter()
                .filter(|g| g.method.on_by_default())
                .collect(),
        ))
    }

    /// A lookup over `groups` (a word in several keeps its first).
    pub fn from_groups(groups: Vec<VariantGroup>) -> Variants {
        let mut by_word = HashMap::new();
        for (i, group) in groups.iter().enumerate() {
            for spelling in &group.spellings {
                by_word.entry(spelling.word.clone()).or_insert(i);
            }
        }
        Variants { groups, by_word }
    }

    /// The group of a normalized word.
    pub fn group(&self, word: &str) -> Option<&VariantGroup> {
        self.by_word.get(word).map(|&i| &self.groups[i])
    }

    /// Every group.
    pub fn groups(&self) -> &[VariantGroup] {
        &self.groups
    }

    /// True when there is no group.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// The variants of an index folder as a search engine holds them: read when opened and again
/// whenever `variants.json` changes (a `fihris index` run, a server's rebuild), checked by its
/// modification time at each use (one `stat`).
#[derive(Debug)]
pub struct Loaded {
    path: PathBuf,
    state: std::sync::RwLock<LoadedState>,
}

#[derive(Debug, Clone)]
struct LoadedState {
    modified: Option<std::time::SystemTime>,
    variants: std::sync::Arc<Variants>,
    error: Option<String>,
}

impl Loaded {
    /// Reads the variants of the index folder `dir`.
    pub fn new(dir: &Path) -> Loaded {
        let loaded = Loaded {
            path: dir.join(FILE),
            state: std::sync::RwLock::new(LoadedState {
                modified: None,
                variants: std::sync::Arc::default(),
                error: None,
            }),
        };
        loaded.current();
        loaded
    }

    /// The variants in force, and a warning when `variants.json` could not be read (then search
    /// goes on without variants).
    pub fn current(&self) -> (std::sync::Arc<Variants>, Option<String>) {
        let modified = std::fs::metadata(&self.path)
            .and_then(|m| m.modified())
            .ok();
        {
            let state = self
                .state
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if state.modified == modified && (modified.is_some() || state.variants.is_empty()) {
                return (state.variants.clone(), state.error.clone());
            }
        }
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let (variants, error) = match Variants::load(dir) {
            Ok(v) => (v, None),
            Err(e) => (
                Variants::default(),
                Some(format!("spelling variants not used: {e}")),
            ),
        };
        let fresh = LoadedState {
            modified,
            variants: std::sync::Arc::new(variants),
            error,
        };
        let answer = (fresh.variants.clone(), fresh.error.clone());
        *self
            .state
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = fresh;
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_from(documents: u64) -> VariantsFile {
        VariantsFile {
            version: VERSION,
            documents,
            vocabulary: 0,
            build_ms: 0,
            changed_since_build: 0,
            groups: Vec::new(),
        }
    }

    /// A large index keeps its groups until 5% of its articles have changed since the build,
    /// counted over runs; a small one is rebuilt on every change; no change never rebuilds.
    #[test]
    fn groups_are_rebuilt_after_five_percent_of_the_articles_change() {
        let large = built_from(40_000);
        assert!(!large.stale_after(0));
        assert!(!large.stale_after(400));
        assert!(!large.stale_after(2_000));
        assert!(large.stale_after(2_001));
        let dir = tempfile::tempdir().unwrap();
        let kept = large.keep_after(dir.path(), 1_500).unwrap();
        assert_eq!(kept.changed_since_build, 1_500);
        assert!(kept.stale_after(501), "changes add up over runs");
        assert_eq!(VariantsFile::read(dir.path()), Some(kept.clone()));
        let small = built_from(ALWAYS_REBUILD_BELOW - 1);
        assert!(small.stale_after(1) && !small.stale_after(0));
    }

    /// A file written before `changed_since_build` existed still reads, as just built.
    #[test]
    fn a_file_without_the_change_count_reads_as_just_built() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            format!(
                r#"{{"version":{VERSION},"documents":5,"vocabulary":1,"build_ms":1,"groups":[]}}"#
            ),
        )
        .unwrap();
        assert_eq!(
            VariantsFile::read(dir.path()),
            Some(built_from(5)).map(|f| VariantsFile {
                vocabulary: 1,
                build_ms: 1,
                ..f
            })
        );
    }
}
