//! Fuzzes the `a.jsonl.gz` reader: any bytes give articles, problems or a typed error, never a panic,
//! within the small budgets below (so a decompression bomb cannot stall the fuzzer).
#![no_main]

use fihris::reader::{read_bytes, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let options = ReadOptions {
        max_file_bytes: 1 << 20,
        max_record_bytes: 1 << 16,
        max_archive_bytes: 4 << 20,
        ..ReadOptions::default()
    };
    let _ = read_bytes("a.jsonl.gz", bytes, &options);
});
