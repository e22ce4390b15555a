//! Fuzzes the query path: `Engine::search` on arbitrary UTF-8 query text, limit, offset and sort,
//! over a tiny index built once in a temporary folder. Any panic or abort is a bug: bad requests
//! must come back as `SearchError::InvalidRequest`.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use fihris::search::{Engine, SearchRequest, Sort};
use fihris::store::Store;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    query: String,
    limit: usize,
    offset: usize,
    sort: u8,
    facets: u8,
    small: bool,
}

/// The engine over a three-article index, built on first use (the folder lives as long as the
/// process).
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            let tmp = tempfile::tempdir().expect("temp dir");
            let archive = tmp.path().join("archive");
            std::fs::create_dir(&archive).expect("archive");
            let articles = [
                ("a.txt", "الرئيس الروسي في كاراباخ\n\n- روسيا\n- أرمينيا\nقال الرئيس إن الحرب انتهت\n"),
                ("b.txt", "ترامب: لا حرب مع إيران\n\n- ترمب\nمن هو الرئيس القادم؟ Trump said 10:30\n"),
                ("c.txt", "النفط والطقس\n\nأسعار النفط ترتفع مع الحر\n"),
            ];
            for (name, text) in articles {
                std::fs::write(archive.join(name), text).expect("write");
            }
            let index = tmp.path().join("index");
            let options = fihris::indexer::IndexOptions {
                archives: vec![archive],
                index_dir: index.clone(),
                full: true,
                aliases_file: None,
                read: fihris::reader::ReadOptions::default(),
                threads: 1,
                memory_bytes: 32 * 1024 * 1024,
                checkpoint_bytes: u64::MAX,
                checkpoint_interval: std::time::Duration::MAX,
                analyzers: fihris::schema::FieldAnalyzers::default(),
            };
            fihris::indexer::run(&options, &fihris::indexer::NoProgress)
                .expect("index the fuzz archive");
            let engine = Engine::open(Store::open(&index).expect("open")).expect("engine");
            (tmp, engine)
        })
        .1
}

fuzz_target!(|input: Input| {
    // Small sizes most of the time, so that valid requests are explored too.
    let (limit, offset) = if input.small {
        (input.limit % 50, input.offset % 50)
    } else {
        (input.limit, input.offset)
    };
    let request = SearchRequest {
        query: input.query,
        limit,
        offset,
        sort: match input.sort % 3 {
            0 => Sort::Relevance,
            1 => Sort::Newest,
            _ => Sort::Oldest,
        },
        facets: usize::from(input.facets),
        snippets: true,
        ..SearchRequest::default()
    };
    let _ = engine().search(&request);
});
