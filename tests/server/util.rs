//! The harness: the real `fihris serve` on a free loopback port over a temporary copy of an index,
//! and a small HTTP client that never treats a 4xx as a transport failure.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `fihris` binary.
pub fn fihris() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fihris"));
    cmd.env_clear();
    cmd
}

/// A temporary folder with an index of `corpus/` in `index/` and an empty `archive/`.
pub struct World {
    /// Removed on drop.
    #[allow(dead_code)]
    pub tmp: TempDir,
    /// The index folder.
    pub index: PathBuf,
    /// A folder for archives the test writes.
    pub archive: PathBuf,
}

impl World {
    /// An index of the bundled corpus.
    pub fn with_corpus() -> World {
        let world = World::empty();
        let status = fihris()
            .arg("index")
            .arg(repo_root().join("corpus"))
            .arg("--index")
            .arg(&world.index)
            .arg("--quiet")
            .status()
            .expect("fihris index");
        assert!(status.success(), "indexing the corpus failed");
        world
    }

    /// No index yet (the server creates one).
    pub fn empty() -> World {
        let tmp = tempfile::Builder::new()
            .prefix("fihris-serve-")
            .tempdir()
            .expect("temp dir");
        let index = tmp.path().join("index");
        let archive = tmp.path().join("archive");
        std::fs::create_dir(&archive).expect("archive dir");
        World {
            tmp,
            index,
            archive,
        }
    }
}

/// The write key the tests' servers use.
pub const KEY: &str = "test-key-0123456789";

/// A running `fihris serve`; killed on drop.
pub struct Server {
    /// The child process.
    pub child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// Starts `fihris serve --index INDEX --listen 127.0.0.1:0 --api-key KEY` plus `extra` flags.
    pub fn start(index: &Path, extra: &[&str]) -> Server {
        Self::start_with(index, Some(KEY), extra)
    }

    /// Starts a server with `key` (none: writes disabled).
    pub fn start_with(index: &Path, key: Option<&str>, extra: &[&str]) -> Server {
        let mut cmd = fihris();
        cmd.arg("serve")
            .arg("--index")
            .arg(index)
            .args(["--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(key) = key {
            cmd.args(["--api-key", key]);
        }
        let mut child = cmd.spawn().expect("starting fihris serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("reading the address line");
        let base = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("stderr");
        let sink = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Server { child, base, log }
    }

    /// What the server printed on stderr so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Reply {
        send(ureq::get(&format!("{}{path}", self.base)), None)
    }

    /// `POST path` with a JSON body.
    pub fn post_json(&self, path: &str, body: &Value, key: Option<&str>) -> Reply {
        let mut req =
            ureq::post(&format!("{}{path}", self.base)).set("Content-Type", "application/json");
        if let Some(key) = key {
            req = req.set("Authorization", &format!("Bearer {key}"));
        }
        send(req, Some(body.to_string().into_bytes()))
    }

    /// `POST path` with raw bytes and a content type.
    pub fn post_raw(
        &self,
        path: &str,
        content_type: &str,
        body: &[u8],
        key: Option<&str>,
    ) -> Reply {
        let mut req = ureq::post(&format!("{}{path}", self.base)).set("Content-Type", content_type);
        if let Some(key) = key {
            req = req.set("Authorization", &format!("Bearer {key}"));
        }
        send(req, Some(body.to_vec()))
    }

    /// `DELETE path`.
    pub fn delete(&self, path: &str, key: Option<&str>) -> Reply {
        let mut req = ureq::delete(&format!("{}{path}", self.base));
        if let Some(key) = key {
            req = req.set("Authorization", &format!("Bearer {key}"));
        }
        send(req, None)
    }

    /// Pushes `articles` with the key and asserts they were all indexed.
    pub fn push(&self, articles: &Value) -> Value {
        let reply = self.post_json("/api/articles", articles, Some(KEY));
        assert_eq!(reply.status, 200, "push failed: {}", reply.body);
        assert_eq!(
            reply.json["failed"], 0,
            "push refused records: {}",
            reply.body
        );
        reply.json
    }

    /// Sends SIGTERM and waits; the exit code.
    pub fn terminate(mut self) -> Option<i32> {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the server did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the process at once (SIGKILL), as a crash would.
    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, body text, and the body as JSON (`Null` when it is not JSON).
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The body.
    pub body: String,
    /// The body parsed.
    pub json: Value,
    /// `Retry-After`, if any.
    pub retry_after: Option<String>,
}

fn send(req: ureq::Request, body: Option<Vec<u8>>) -> Reply {
    let req = req.timeout(Duration::from_secs(60));
    let result = match body {
        Some(bytes) => req.send_bytes(&bytes),
        None => req.call(),
    };
    let response = match result {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    };
    let status = response.status();
    let retry_after = response.header("Retry-After").map(str::to_string);
    let mut body = String::new();
    response
        .into_reader()
        .read_to_string(&mut body)
        .expect("reading the body");
    let json = serde_json::from_str(&body).unwrap_or(Value::Null);
    Reply {
        status,
        body,
        json,
        retry_after,
    }
}

/// Percent-encodes a query value or an id.
pub fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// Polls `check` every 100 ms for up to `secs` seconds.
pub fn eventually(secs: u64, mut check: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(secs) {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}
