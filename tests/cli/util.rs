//! The harness: a temporary archive and index per test, the real `fihris` binary run with a clean
//! environment, and its `--json` output parsed.
//!
//! Every command gets `--index` explicitly and runs with the environment cleared (no `FIHRIS_INDEX`,
//! no `NO_COLOR`) inside the temporary folder, so a test can never touch `./fihris-index` of the
//! repository or depend on the developer's shell.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The repository root (where `corpus/` is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled sample archive.
pub fn corpus_dir() -> PathBuf {
    repo_root().join("corpus")
}

/// The path of the built `fihris` binary.
pub fn fihris_bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("fihris")
}

/// A `fihris` command with a cleared environment, run in `cwd`.
pub fn fihris_in(cwd: &Path) -> Command {
    let mut cmd = Command::new(fihris_bin());
    cmd.env_clear().current_dir(cwd);
    cmd
}

/// A temporary folder holding an archive (`archive/`) and, once indexed, an index (`index/`).
pub struct Sandbox {
    /// Keeps the folder alive; removed on drop.
    pub tmp: TempDir,
    /// The archive folder (created empty).
    pub archive: PathBuf,
    /// The index folder (not created until something indexes into it).
    pub index: PathBuf,
}

impl Sandbox {
    /// A new sandbox with an empty archive folder.
    pub fn new() -> Sandbox {
        let tmp = tempfile::Builder::new()
            .prefix("fihris-test-")
            .tempdir()
            .expect("temp dir");
        let archive = tmp.path().join("archive");
        fs::create_dir(&archive).expect("archive dir");
        let index = tmp.path().join("index");
        Sandbox {
            tmp,
            archive,
            index,
        }
    }

    /// The path of `rel` inside the archive.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.archive.join(rel)
    }

    /// Writes `contents` to `rel` inside the archive, creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, contents).expect("write");
        path
    }

    /// Rewrites a file so that its signature changes for sure (size and mtime both differ).
    pub fn rewrite(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        let before = fs::metadata(&path).expect("exists");
        fs::write(&path, contents).expect("write");
        let file = fs::File::options().write(true).open(&path).expect("open");
        let later = before.modified().expect("mtime") + std::time::Duration::from_secs(5);
        file.set_modified(later).expect("set mtime");
    }

    /// Removes a file of the archive.
    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).expect("remove");
    }

    /// A bare `fihris` command (no `--index`: for `analyze`, `eval`, or to pass it yourself).
    pub fn cmd(&self) -> Command {
        fihris_in(self.tmp.path())
    }

    /// `fihris ARGS… --index INDEX`.
    pub fn with_index(&self, args: &[&str]) -> Command {
        let mut cmd = self.cmd();
        cmd.args(args).arg("--index").arg(&self.index);
        cmd
    }

    /// `fihris index ARCHIVE --json EXTRA… --index INDEX`, without checking the outcome.
    pub fn index_cmd(&self, extra: &[&str]) -> Command {
        let mut cmd = self.cmd();
        cmd.arg("index")
            .arg(&self.archive)
            .arg("--json")
            .args(extra)
            .arg("--index")
            .arg(&self.index);
        cmd
    }

    /// Indexes the archive (with `extra` flags), asserts success and returns the summary.
    pub fn index(&self, extra: &[&str]) -> Value {
        let out = self.index_cmd(extra).output().expect("run fihris index");
        assert_success(&out, "fihris index");
        parse_json(&out.stdout)
    }

    /// `fihris search QUERY --json EXTRA…`: asserts success and returns the results.
    pub fn search(&self, query: &str, extra: &[&str]) -> Value {
        search_index(&self.index, query, extra)
    }

    /// `fihris stats --json`.
    pub fn stats(&self) -> Value {
        let out = self.with_index(&["stats", "--json"]).output().expect("run");
        assert_success(&out, "fihris stats");
        parse_json(&out.stdout)
    }
}

/// `fihris search QUERY --json EXTRA… --index INDEX`: asserts success and returns the results.
pub fn search_index(index: &Path, query: &str, extra: &[&str]) -> Value {
    let out = fihris_in(index.parent().unwrap_or(index))
        .arg("search")
        .arg("--json")
        .args(extra)
        .arg("--index")
        .arg(index)
        .arg("--")
        .arg(query)
        .output()
        .expect("run fihris search");
    assert_success(&out, &format!("fihris search {query:?} {extra:?}"));
    parse_json(&out.stdout)
}

/// Panics with the command's stderr unless it exited 0.
pub fn assert_success(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed ({:?})\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Parses one JSON value, with the text in the panic message when it is not JSON.
pub fn parse_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(bytes)
                .chars()
                .take(2000)
                .collect::<String>()
        )
    })
}

/// The stderr of a command, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The ids of a search result's hits, in order.
pub fn hit_ids(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .expect("hits array")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}

/// The `skipped` entries of an index summary as `(path, reason)`.
pub fn skipped(summary: &Value) -> Vec<(String, String)> {
    summary["skipped"]
        .as_array()
        .expect("skipped array")
        .iter()
        .map(|s| {
            (
                s["path"].as_str().expect("path").to_string(),
                s["reason"].as_str().expect("reason").to_string(),
            )
        })
        .collect()
}

/// A JSON number as u64, with a clear panic.
pub fn num(value: &Value) -> u64 {
    value
        .as_u64()
        .unwrap_or_else(|| panic!("not a count: {value}"))
}

/// A seed-format article: title, blank, title again, `- tag` lines, paragraphs.
pub fn seed_article(title: &str, tags: &[&str], paragraphs: &[&str]) -> String {
    let mut text = format!("{title}\n\n{title}\n");
    for tag in tags {
        text.push_str(&format!("- {tag}\n"));
    }
    for paragraph in paragraphs {
        text.push_str(paragraph);
        text.push('\n');
    }
    text
}

/// The bundled corpus indexed once for the whole test run (read-only: tests only search it).
///
/// It lives under cargo's per-target temporary folder, one folder per process, so that two test
/// runs never share one; folders left by earlier runs are removed when this one starts.
pub fn corpus_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
        let mine = format!("corpus-index-{}", std::process::id());
        remove_stale_indexes(&base, &mine);
        let dir = base.join(mine);
        if dir.exists() {
            fs::remove_dir_all(&dir).expect("remove old corpus index");
        }
        let out = fihris_in(&base)
            .args(["index", "--quiet", "--index"])
            .arg(&dir)
            .arg(corpus_dir())
            .output()
            .expect("run fihris index");
        assert_success(&out, "indexing corpus/");
        dir
    })
}

/// Removes corpus indexes of earlier runs (older than ten minutes, so never a running one's).
fn remove_stale_indexes(base: &Path, mine: &str) {
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 600);
        if name.starts_with("corpus-index-") && name != mine && old {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Every article of the corpus as the library reads it: `(id, tags as written)`, where the id is
/// what the indexer uses (the JSON `id`, else the path relative to `corpus/` and the locator).
pub fn corpus_articles() -> Vec<(String, fihris::article::Article)> {
    let root = fs::canonicalize(corpus_dir()).expect("corpus");
    let walk = fihris::reader::walk_archives(std::slice::from_ref(&root), None).expect("walk");
    let options = fihris::reader::ReadOptions::default();
    let mut articles = Vec::new();
    for file in &walk.files {
        let relative = file.path.strip_prefix(&root).expect("under root");
        let contents = fihris::reader::read_file(&file.path, &options).expect("corpus file reads");
        for located in contents.articles {
            let path = fihris::indexer::document::article_path(
                &relative.to_string_lossy(),
                &located.locator,
            );
            let id = located.article.id.clone().unwrap_or(path);
            articles.push((id, located.article));
        }
    }
    articles
}

/// `fihris stats --json --index INDEX`.
pub fn stats_of(index: &Path) -> Value {
    let out = fihris_in(index.parent().unwrap_or(index))
        .args(["stats", "--json", "--index"])
        .arg(index)
        .output()
        .expect("run fihris stats");
    assert_success(&out, "fihris stats");
    parse_json(&out.stdout)
}
