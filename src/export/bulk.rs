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

/// The actions that bring a cluster holding `previous` to `docs`, and the new state. Without a
/// previous state every document is indexed.
pub fn plan(docs: Vec<ExportDoc>, previous: Option<&ExportState>) -> (Vec<Action>, ExportState) {
    let mut state = ExportState::default();
    let mut actions = Vec::new();
    for doc in docs {
        let sum = crc32fast::hash(doc.source.to_string().as_bytes());
        let unchanged = previous.and_then(|p| p.articles.get(&doc.id)) == Some(&sum);
        state.articles.insert(doc.id.clone(), sum);
        if !unchanged {
            actions.push(Action::Index(doc));
        }
    }
    if let Some(previous) = previous {
        for id in previous.articles.keys() {
            if !state.articles.contains_key(id) {
                actions.push(Action::Delete(id.clone()));
            }
        }
    }
    (actions, state)
}

/// Writes `actions` into `bulk/0001.ndjson`… (removing the chunks of an earlier export), each at
/// most `chunk_bytes` unless one action alone is larger. Returns the number of files.
pub fn write_chunks(
    out: &Path,
    actions: &[Action],
    chunk_bytes: usize,
) -> Result<usize, ExportError> {
    let dir = out.join("bulk");
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Io { path, source }
    };
    if dir.exists() {
        for entry in fs::read_dir(&dir).map_err(io(&dir))? {
            let path = entry.map_err(io(&dir))?.path();
            if path.extension().is_some_and(|e| e == "ndjson") {
                fs::remove_file(&path).map_err(io(&path))?;
            }
        }
    }
    fs::create_dir_all(&dir).map_err(io(&dir))?;
    let mut files = 0;
    let mut chunk = String::new();
    let mut flush = |chunk: &mut String| -> Result<(), ExportError> {
        if chunk.is_empty() {
            return Ok(());
        }
        files += 1;
        let path = dir.join(format!("{files:04}.ndjson"));
        fs::write(&path, chunk.as_bytes()).map_err(io(&path))?;
        chunk.clear();
        Ok(())
    };
    for action in actions {
        let lines = action.lines();
        if !chunk.is_empty() && chunk.len() + lines.len() > chunk_bytes {
            flush(&mut chunk)?;
        }
        chunk.push_str(&lines);
    }
    flush(&mut chunk)?;
    Ok(files)
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

    #[test]
    fn since_export_yields_exactly_the_changes() {
        let (first, state) = plan(vec![doc("a", "x"), doc("ب/1", "y"), doc("c", "z")], None);
        assert_eq!(first.len(), 3);
        let (actions, _) = plan(
            vec![doc("a", "x"), doc("ب/1", "changed"), doc("d", "new")],
            Some(&state),
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
        let files = write_chunks(out.path(), &actions, 1000).unwrap();
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
