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
    /// The groups, most frequent first.
    pub groups: Vec<VariantGroup>,
}

impl VariantsFile {
    /// The `variants.json` of the index folder `dir` when it is there and of this version, else
    /// `None` (then it is to be built).
    pub fn read(dir: &Path) -> Option<VariantsFile> {
        let bytes = std::fs::read(dir.join(FILE)).ok()?;
        serde_json::from_slice::<VariantsFile>(&bytes)
            .ok()
            .filter(|file| file.version == VERSION)
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
