//! The articles in the `_bulk` format: `bulk/NNNN.ndjson` chunks of at most a given size, and the
//! export state that `--since-export` compares with (`.fihris-export.json`: each id's checksum).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::ExportError;

/// The largest chunk by default: 10 MB, well under both engines' 100 MB request limit.
pub const DEFAULT_CHUNK_BYTES: usize = 10 * 1024 * 1024;

/// The file, in the output folder, that remembers what the last export wrote.
pub const STATE_FILE: &str = ".fihris-export.json";

/// One article as the cluster indexes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportDoc {
    /// Fihris's stable article id, the `_id`.
    pub id: String,
    /// The document's source (title, body, tags, tag_keys, date, url, source, path).
    pub source: Value,
}

/// What the last export wrote: a checksum per id.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ExportState {
    /// Article id → CRC-32 of its exported source.
    pub articles: BTreeMap<String, u32>,
}

impl ExportState {
    /// Reads the state in `out`; none yet is an empty state.
    pub fn read(out: &Path) -> Result<ExportState, ExportError> {
        let path = out.join(STATE_FILE);
        match fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| ExportError::State {
                path: path.clone(),
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ExportState::default()),
            Err(e) => Err(ExportError::Io { path, source: e }),
        }
    }

    /// Writes the state into `out`.
    pub fn write(&self, out: &Path) -> Result<(), ExportError> {
        let path = out.join(STATE_FILE);
        let text = serde_json::to_vec(self).expect("a map of strings to numbers serializes");
        fs::write(&path, text).map_err(|source| ExportError::Io { path, source })
    }
}

/// One `_bulk` action.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Index (create or replace) a document.
    Index(ExportDoc),
    /// Delete the document with this id.
    Delete(String),
}

impl Action {
    /// The action's lines, each ending in a newline.
    fn lines(&self) -> String {
        match self {
            Action::Index(doc) => {
                format!("{}\n{}\n", json!({"index": {"_id": doc.id}}), doc.source)
            }
            Action::Delete(id) => format!("{}\n", json!({"delete": {"_id": id}})),
        }
    }
}

/// Decides, one document at a time, the actions that bring a cluster holding `previous` to the
/// index: a document whose checksum is unchanged is skipped, and the ids `previous` holds that were
/// never seen are deleted at the end. Without a previous state every document is indexed. Only the
/// checksums are kept, never the documents, so an export's memory does not grow with the bodies.
#[derive(Debug, Default)]
pub struct Planner {
    previous: Option<ExportState>,
    state: ExportState,
}

impl Planner {
    /// A planner against `previous` (`None`: export everything).
    pub fn new(previous: Option<ExportState>) -> Self {
        Planner {
            previous,
            state: ExportState::default(),
        }
    }

    /// The action for `doc`, if the cluster needs one.
    pub fn action_for(&mut self, doc: ExportDoc) -> Option<Action> {
        let sum = crc32fast::hash(doc.source.to_string().as_bytes());
        let previous = self.previous.as_ref();
        let unchanged = previous.and_then(|p| p.articles.get(&doc.id)) == Some(&sum);
        self.state.articles.insert(doc.id.clone(), sum);
        (!unchanged).then_some(Action::Index(doc))
    }

    /// The deletions (ids of the previous export not seen since) and the new state.
    pub fn finish(self) -> (Vec<Action>, ExportState) {
        let deletions = self
            .previous
            .iter()
            .flat_map(|p| p.articles.keys())
            .filter(|id| !self.state.articles.contains_key(*id))
            .map(|id| Action::Delete(id.clone()))
            .collect();
        (deletions, self.state)
    }
}

/// Writes actions into `bulk/0001.ndjson`…, each file at most `chunk_bytes` unless one action
/// alone is larger, holding one chunk in memory at a time.
pub struct ChunkWriter {
    dir: std::path::PathBuf,
    chunk_bytes: usize,
    chunk: String,
    files: usize,
}

impl ChunkWriter {
    /// A writer into `out/bulk/`, removing the chunks of an earlier export.
    pub fn create(out: &Path, chunk_bytes: usize) -> Result<ChunkWriter, ExportError> {
        let dir = out.join("bulk");
        if dir.exists() {
            for entry in fs::read_dir(&dir).map_err(io(&dir))? {
                let path = entry.map_err(io(&dir))?.path();
                if path.extension().is_some_and(|e| e == "ndjson") {
                    fs::remove_file(&path).map_err(io(&path))?;
                }
            }
        }
        fs::create_dir_all(&dir).map_err(io(&dir))?;
        Ok(ChunkWriter {
            dir,
            chunk_bytes,
            chunk: String::new(),
            files: 0,
        })
    }

    /// Appends `action`, first writing out the current chunk if `action` would overflow it.
    pub fn push(&mut self, action: &Action) -> Result<(), ExportError> {
        let lines = action.lines();
        if !self.chunk.is_empty() && self.chunk.len() + lines.len() > self.chunk_bytes {
            self.flush()?;
        }
        self.chunk.push_str(&lines);
        Ok(())
    }

    /// Writes out the last chunk; returns the number of files written.
    pub fn finish(mut self) -> Result<usize, ExportError> {
        self.flush()?;
        Ok(self.files)
    }

    fn flush(&mut self) -> Result<(), ExportError> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        self.files += 1;
        let path = self.dir.join(format!("{:04}.ndjson", self.files));
        fs::write(&path, self.chunk.as_bytes()).map_err(io(&path))?;
        self.chunk.clear();
        Ok(())
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError {
    let path = path.to_path_buf();
    move |source| ExportError::Io { path, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str) -> ExportDoc {
        ExportDoc {
            id: id.to_string(),
            source: json!({"title": title}),
        }
    }

    /// Every action for `docs` against `previous`, in the order an export writes them.
    fn plan(docs: Vec<ExportDoc>, previous: Option<ExportState>) -> (Vec<Action>, ExportState) {
        let mut planner = Planner::new(previous);
        let mut actions: Vec<Action> = docs
            .into_iter()
            .filter_map(|d| planner.action_for(d))
            .collect();
        let (deletions, state) = planner.finish();
        actions.extend(deletions);
        (actions, state)
    }

    #[test]
    fn since_export_yields_exactly_the_changes() {
        let (first, state) = plan(vec![doc("a", "x"), doc("ب/1", "y"), doc("c", "z")], None);
        assert_eq!(first.len(), 3);
        let (actions, _) = plan(
            vec![doc("a", "x"), doc("ب/1", "changed"), doc("d", "new")],
            Some(state),
        );
        assert_eq!(
            actions,
            [
                Action::Index(doc("ب/1", "changed")),
                Action::Index(doc("d", "new")),
                Action::Delete("c".to_string())
            ]
        );
    }

    #[test]
    fn chunks_hold_the_limit_and_parse() {
        let out = tempfile::tempdir().unwrap();
        let actions: Vec<Action> = (0..50)
            .map(|i| Action::Index(doc(&format!("مقال/{i}"), &"كلمة ".repeat(20))))
            .collect();
        let mut writer = ChunkWriter::create(out.path(), 1000).unwrap();
        for action in &actions {
            writer.push(action).unwrap();
        }
        let files = writer.finish().unwrap();
        assert!(files > 1);
        let mut ids = Vec::new();
        for n in 1..=files {
            let text = fs::read_to_string(out.path().join(format!("bulk/{n:04}.ndjson"))).unwrap();
            assert!(text.len() <= 1000, "chunk {n} is {} bytes", text.len());
            let lines: Vec<Value> = text
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            for pair in lines.chunks(2) {
                ids.push(pair[0]["index"]["_id"].as_str().unwrap().to_string());
                assert!(pair[1]["title"].is_string());
            }
        }
        assert_eq!(ids.len(), 50);
        assert_eq!(ids[7], "مقال/7");
    }
}
