//! `fihris tags` and `fihris tags report`.

use serde_json::Value;

use crate::util::{assert_success, parse_json, Sandbox};

/// `fihris tags report --format json EXTRA… --index INDEX`.
pub fn report_json(s: &Sandbox, extra: &[&str]) -> Value {
    let out = s
        .with_index(&[&["tags", "report", "--format", "json"], extra].concat())
        .output()
        .unwrap();
    assert_success(&out, "fihris tags report");
    parse_json(&out.stdout)
}
