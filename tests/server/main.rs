//! `fihris serve` end to end: the real server on a free loopback port.

mod util;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{json, Value};
use util::{enc, eventually, fihris, Server, World, KEY};

fn ids(search: &Value) -> Vec<String> {
    search["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}

fn total(server: &Server, q: &str) -> u64 {
    let reply = server.get(&format!("/api/search?q={}", enc(q)));
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json["total"].as_u64().expect("total")
}

#[test]
fn every_read_endpoint_answers_json() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let health = server.get("/health");
    assert_eq!(health.status, 200);
    assert_eq!(health.json["documents"], 60);

    let search = server.get(&format!(
        "/api/search?q={}&tag={}&limit=3",
        enc("الرئيس الروسي"),
        enc("ارمينيا")
    ));
    assert_eq!(search.status, 200, "{}", search.body);
    assert!(search.json["total"].as_u64().unwrap() > 0);
    assert!(search.json["hits"].as_array().unwrap().len() <= 3);
    assert!(!search.json["facets"]["tags"].as_array().unwrap().is_empty());
    assert!(search.json["warnings"].is_array());

    let first = &search.json["hits"][0];
    let id = first["id"].as_str().unwrap();
    let article = server.get(&format!("/api/articles/{}", enc(id)));
    assert_eq!(article.status, 200, "{}", article.body);
    assert_eq!(article.json["id"], id);
    assert_eq!(article.json["title"], first["title"]);
    assert!(!article.json["paragraphs"].as_array().unwrap().is_empty());

    let tags = server.get(&format!("/api/tags?prefix={}", enc("ارم")));
    assert_eq!(tags.status, 200);
    assert_eq!(tags.json["tags"][0]["tag"], "أرمينيا");
    assert!(tags.json["tags"][0]["count"].as_u64().unwrap() > 0);

    let report = server.get("/api/tags/report");
    assert_eq!(report.status, 200);
    assert!(report.json["clusters"].is_array(), "{}", report.body);

    let analyze = server.get(&format!("/api/analyze?text={}", enc("مسئول")));
    assert_eq!(analyze.status, 200);
    assert_eq!(analyze.json["tokens"][0]["text"], "مسءول");
    assert_eq!(server.get("/api/analyze?text=x&analyzer=nope").status, 422);

    let stats = server.get("/api/stats");
    assert_eq!(stats.status, 200);
    assert_eq!(stats.json["documents"], 60);

    let openapi = server.get("/api/openapi.json");
    assert_eq!(openapi.status, 200);
    for path in [
        "/api/search",
        "/api/articles",
        "/api/articles/{id}",
        "/api/tags",
        "/api/tags/report",
        "/api/analyze",
        "/api/stats",
        "/health",
    ] {
        assert!(
            openapi.json["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
}

#[test]
fn the_api_and_the_command_line_give_the_same_hits() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    for (q, tag) in [
        ("الرئيس الروسي", None),
        ("مسئول", None),
        ("", Some("ارمينيا")),
        ("النفط", None),
    ] {
        let mut cli = fihris();
        cli.arg("search")
            .arg("--index")
            .arg(&world.index)
            .arg("--json")
            .arg("--limit")
            .arg("20");
        let mut path = format!("/api/search?q={}&limit=20", enc(q));
        let mut body = json!({"q": q, "limit": 20});
        if let Some(tag) = tag {
            cli.arg("--tag").arg(tag);
            path.push_str(&format!("&tag={}", enc(tag)));
            body["tag"] = json!([tag]);
        }
        let output = cli.arg("--").arg(q).output().expect("fihris search");
        assert!(output.status.success());
        let cli_json: Value = serde_json::from_slice(&output.stdout).expect("json");
        let get = server.get(&path);
        let post = server.post_json("/api/search", &body, None);
        assert_eq!(get.status, 200, "{}", get.body);
        assert_eq!(post.status, 200, "{}", post.body);
        assert_eq!(ids(&get.json), ids(&cli_json), "GET vs CLI for {q:?}");
        assert_eq!(ids(&post.json), ids(&cli_json), "POST vs CLI for {q:?}");
        assert_eq!(get.json["total"], cli_json["total"]);
        assert_eq!(get.json["facets"], cli_json["facets"]);
        assert_eq!(
            get.json["hits"][0]["snippet"],
            cli_json["hits"][0]["snippet"]
        );
    }
}

#[test]
fn track_total_hits_bounds_the_total_and_samples_the_facets_over_the_api() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let q = enc("الرئيس");
    let exact = server.get(&format!("/api/search?q={q}"));
    assert_eq!(exact.status, 200, "{}", exact.body);
    assert_eq!(exact.json["total_relation"], "eq");
    assert_eq!(exact.json["facets"]["sampled"], false);
    assert!(exact.json["total"].as_u64().unwrap() > 5);
    let get = server.get(&format!("/api/search?q={q}&track_total_hits=5"));
    assert_eq!(get.status, 200, "{}", get.body);
    assert_eq!(get.json["total"], 5);
    assert_eq!(get.json["total_relation"], "gte");
    assert_eq!(get.json["facets"]["sampled"], true);
    let post = server.post_json(
        "/api/search",
        &json!({"q": "الرئيس", "track_total_hits": 5}),
        None,
    );
    assert_eq!(post.status, 200, "{}", post.body);
    assert_eq!(post.json["total_relation"], "gte");
    let all = server.post_json(
        "/api/search",
        &json!({"q": "الرئيس", "track_total_hits": true}),
        None,
    );
    assert_eq!(all.json["total"], exact.json["total"]);
    assert_eq!(all.json["total_relation"], "eq");
    let bad = server.get(&format!("/api/search?q={q}&track_total_hits=many"));
    assert_eq!(bad.status, 400, "{}", bad.body);
}

#[test]
fn writes_need_the_key_and_without_one_are_disabled() {
    let world = World::with_corpus();
    let article = json!([{"id": "k1", "title": "عنوان", "body": "نص"}]);
    let keyless = Server::start_with(&world.index, None, &[]);
    let refused = keyless.post_json("/api/articles", &article, Some("anything"));
    assert_eq!(refused.status, 403);
    assert!(refused.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--api-key"));
    assert_eq!(keyless.delete("/api/articles/k1", None).status, 403);
    drop(keyless);

    let server = Server::start(&world.index, &[]);
    assert_eq!(
        server.post_json("/api/articles", &article, None).status,
        401
    );
    assert_eq!(
        server
            .post_json("/api/articles", &article, Some("wrong"))
            .status,
        401
    );
    assert_eq!(server.delete("/api/articles/k1", Some("wrong")).status, 401);
    assert_eq!(
        server.get("/api/articles/k1").status,
        404,
        "nothing was written"
    );
    assert_eq!(
        server
            .post_json("/api/articles", &article, Some(KEY))
            .status,
        200
    );
    assert_eq!(server.get("/api/articles/k1").status, 200);
}

#[test]
fn a_pushed_article_is_searchable_when_answered_and_the_same_id_replaces_it() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let pushed = server.push(&json!([
        {"id": "api/1", "title": "زلزال يضرب جزيرة كريت", "body": "ضرب زلزال قوي جزيرة كريت اليونانية", "tags": ["اليونان", "زلازل"]},
        {"id": "api/2", "title": "مهرجان الخط العربي", "body": "افتتح مهرجان الخط العربي في الشارقة", "tags": "ثقافة، الشارقة"}
    ]));
    assert_eq!(pushed["indexed"], 2);
    assert_eq!(pushed["results"][0]["result"], "created");
    // Committed before the answer: searchable now, no waiting.
    assert_eq!(total(&server, "زلزال كريت"), 1);
    let tagged = server.get(&format!("/api/search?q=&tag={}", enc("الشارقة")));
    assert_eq!(ids(&tagged.json), vec!["api/2"]);

    let replaced = server.push(&json!([{"id": "api/1", "title": "هزة ارتدادية في كريت", "body": "هزة ارتدادية بعد الزلزال"}]));
    assert_eq!(replaced["results"][0]["result"], "updated");
    let article = server.get("/api/articles/api%2F1");
    assert_eq!(article.json["title"], "هزة ارتدادية في كريت");
    assert_eq!(total(&server, "ارتدادية"), 1);
    assert_eq!(total(&server, "اليونانية"), 0, "the old version is gone");
    assert_eq!(
        server.get("/health").json["documents"],
        62,
        "the corpus and two pushed"
    );

    assert_eq!(
        server.delete("/api/articles/api%2F1", Some(KEY)).status,
        200
    );
    assert_eq!(server.get("/api/articles/api%2F1").status, 404);
    assert_eq!(total(&server, "ارتدادية"), 0);
    assert_eq!(
        server.delete("/api/articles/api%2F1", Some(KEY)).status,
        404
    );
    assert_eq!(server.get("/health").json["documents"], 61);
}

#[test]
fn ndjson_pushes_report_each_bad_line_and_index_the_rest() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    let body = "{\"id\":\"n1\",\"title\":\"سطر أول\",\"body\":\"نص\"}\n{not json\n[1]\n{\"id\":\"n2\",\"title\":\"سطر رابع\"}\n";
    let reply = server.post_raw(
        "/api/articles",
        "application/x-ndjson",
        body.as_bytes(),
        Some(KEY),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json["indexed"], 2);
    assert_eq!(reply.json["failed"], 2);
    let results = reply.json["results"].as_array().unwrap();
    assert_eq!(results[0]["id"], "n1");
    assert!(results[1]["record"].as_str().unwrap().starts_with("line 2"));
    assert!(results[1]["error"].is_string());
    assert!(results[2]["record"].as_str().unwrap().starts_with("line 3"));
    assert_eq!(results[3]["id"], "n2");
    assert_eq!(server.get("/api/articles/n2").status, 200);
}

#[test]
fn bad_requests_get_a_4xx_json_error_and_the_server_goes_on() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &["--max-body-mb", "1"]);
    let cases: Vec<(&str, u16, util::Reply)> = vec![
        (
            "limit not a number",
            400,
            server.get("/api/search?q=x&limit=abc"),
        ),
        (
            "negative offset",
            400,
            server.get("/api/search?q=x&offset=-1"),
        ),
        (
            "huge limit",
            400,
            server.get("/api/search?q=x&limit=99999999999999999999999"),
        ),
        (
            "limit over the cap",
            422,
            server.get("/api/search?q=x&limit=1001"),
        ),
        (
            "offset over the cap",
            422,
            server.get("/api/search?q=x&offset=10000000"),
        ),
        (
            "unknown parameter",
            400,
            server.get("/api/search?q=x&colour=red"),
        ),
        ("bad sort", 400, server.get("/api/search?sort=sideways")),
        (
            "query too long",
            422,
            server.get(&format!("/api/search?q={}", "ب".repeat(1001))),
        ),
        ("unknown path", 404, server.get("/api/nothing")),
        ("article not found", 404, server.get("/api/articles/nope")),
        (
            "dot-dot id",
            404,
            server.get("/api/articles/..%2F..%2Fetc%2Fpasswd"),
        ),
        (
            "malformed JSON search",
            400,
            server.post_raw("/api/search", "application/json", b"{\"q\":", None),
        ),
        (
            "wrong JSON type",
            400,
            server.post_json("/api/search", &json!({"q": 5}), None),
        ),
        (
            "search without JSON type",
            415,
            server.post_raw("/api/search", "text/plain", b"{}", None),
        ),
        (
            "push without a type",
            415,
            server.post_raw("/api/articles", "text/plain", b"[]", Some(KEY)),
        ),
        (
            "push not UTF-8",
            400,
            server.post_raw(
                "/api/articles",
                "application/json",
                b"[{\"title\":\"\xff\xfe\"}]",
                Some(KEY),
            ),
        ),
        (
            "push malformed",
            400,
            server.post_raw(
                "/api/articles",
                "application/json",
                b"[{\"title\":",
                Some(KEY),
            ),
        ),
        (
            "push empty",
            400,
            server.post_raw("/api/articles", "application/json", b"", Some(KEY)),
        ),
        (
            "push too large",
            413,
            oversized_push(&server, 2 * 1024 * 1024),
        ),
    ];
    for (what, status, reply) in &cases {
        assert_eq!(reply.status, *status, "{what}: {}", reply.body);
        assert!(
            reply.json["error"]["code"].is_string(),
            "{what}: not a JSON error: {}",
            reply.body
        );
        assert!(reply.json["error"]["message"].is_string(), "{what}");
    }
    let named = |i: usize| cases[i].2.json["error"]["field"].clone();
    assert_eq!(named(0), "limit");
    assert_eq!(named(3), "limit");
    assert_eq!(named(4), "offset");
    assert_eq!(named(5), "colour");
    assert_eq!(named(7), "q");
    assert_eq!(server.get("/health").status, 200, "still serving");
    assert_eq!(
        server.get("/health").json["documents"],
        60,
        "nothing was written"
    );
}

/// Announces a body of `bytes` and reads the answer before sending it: the server refuses on the
/// announced length (sending the body first would race the server's early answer and close).
fn oversized_push(server: &Server, bytes: usize) -> util::Reply {
    let addr = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n\
         Content-Type: application/json\r\nContent-Length: {bytes}\r\nConnection: close\r\n\r\n["
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer).to_string();
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = answer
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    util::Reply {
        status,
        json: serde_json::from_str(&body).unwrap_or(Value::Null),
        body,
        retry_after: None,
    }
}

#[test]
fn a_slow_client_does_not_stop_the_others() {
    let world = World::with_corpus();
    let server = Server::start(
        &world.index,
        &["--timeout-ms", "2000", "--header-timeout-ms", "1000"],
    );
    let addr = server.base.trim_start_matches("http://").to_string();
    // Headers sent, then a body that never comes.
    let mut slow = TcpStream::connect(&addr).expect("connect");
    slow.write_all(b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"q\":").unwrap();
    // And one that stops halfway through its headers.
    let mut stalled = TcpStream::connect(&addr).expect("connect");
    stalled
        .write_all(b"GET /api/search?q=x HTTP/1.1\r\nHost:")
        .unwrap();
    assert_eq!(
        server.get("/health").status,
        200,
        "others are served meanwhile"
    );
    slow.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut answer = String::new();
    let _ = slow.read_to_string(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 503") || answer.starts_with("HTTP/1.1 408"),
        "the slow body is cut off: {answer:?}"
    );
    // The stalled headers are cut off too: the connection is closed, not held forever.
    stalled
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut rest = Vec::new();
    let closed = stalled.read_to_end(&mut rest);
    assert!(
        closed.is_ok(),
        "the stalled connection was never closed: {closed:?}"
    );
    assert_eq!(server.get("/health").status, 200);
}

#[test]
fn concurrent_pushes_and_searches_all_succeed() {
    let world = World::with_corpus();
    let server = std::sync::Arc::new(Server::start(&world.index, &["--quiet"]));
    let mut threads = Vec::new();
    for writer in 0..4 {
        let server = std::sync::Arc::clone(&server);
        threads.push(std::thread::spawn(move || {
            for n in 0..10 {
                let id = format!("w{writer}-{n}");
                server.push(&json!([{"id": id, "title": format!("خبر متزامن رقم {n}"), "body": "كلمة قرنفليزيه"}]));
            }
        }));
    }
    for _ in 0..4 {
        let server = std::sync::Arc::clone(&server);
        threads.push(std::thread::spawn(move || {
            for _ in 0..20 {
                let reply = server.get(&format!("/api/search?q={}&facets=5", enc("أرمينيا")));
                assert_eq!(reply.status, 200, "{}", reply.body);
                assert!(reply.json["total"].as_u64().unwrap() >= 5);
            }
        }));
    }
    for t in threads {
        t.join().expect("a client thread failed");
    }
    assert_eq!(total(&server, "قرنفليزيه"), 40);
}

#[test]
fn acknowledged_pushes_survive_kill_9() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &["--quiet"]);
    let mut acknowledged = Vec::new();
    for n in 0..20 {
        let id = format!("crash/{n}");
        server.push(&json!([{"id": id, "title": format!("مقال قبل الانهيار {n}"), "body": "نص"}]));
        acknowledged.push(id);
    }
    server.kill9();
    let server = Server::start(&world.index, &[]);
    for id in &acknowledged {
        assert_eq!(
            server.get(&format!("/api/articles/{}", enc(id))).status,
            200,
            "{id} was lost"
        );
    }
    assert_eq!(
        server.get("/health").json["documents"],
        80,
        "the corpus and 20 pushed"
    );
}

#[test]
fn sigterm_exits_0_with_the_acknowledged_writes_committed() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    server.push(&json!([{"id": "term/1", "title": "قبل الإيقاف", "body": "نص"}]));
    assert_eq!(server.terminate(), Some(0));
    let output = fihris()
        .arg("search")
        .arg("--index")
        .arg(&world.index)
        .arg("--json")
        .arg("الإيقاف")
        .output()
        .unwrap();
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(ids(&results), vec!["term/1"]);
}

#[test]
fn an_index_run_beside_the_server_is_seen_within_seconds() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &["--quiet"]);
    std::fs::write(
        world.archive.join("new.txt"),
        "عنوان خبر بجانب الخادم\n\nفقرة عن القمر الصناعي الجديد\n",
    )
    .unwrap();
    let status = fihris()
        .arg("index")
        .arg(&world.archive)
        .arg("--index")
        .arg(&world.index)
        .arg("--quiet")
        .status()
        .unwrap();
    assert!(
        status.success(),
        "fihris index beside a running server failed"
    );
    assert!(
        eventually(5, || total(&server, "الصناعي") == 1),
        "the server never saw the other process's commit"
    );
    // And the server can still write once the other process is done.
    server.push(&json!([{"id": "after", "title": "بعد التشغيل", "body": "نص"}]));
}

#[test]
fn watch_picks_up_new_changed_and_removed_files() {
    let world = World::empty();
    let archive = world.archive.to_str().unwrap().to_string();
    let server = Server::start(&world.index, &["--watch", &archive, "--quiet"]);
    let file = world.archive.join("desk").join("a.txt");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "مراقبة المجلد\n\nخبر عن الطاقة الشمسية\n").unwrap();
    assert!(
        eventually(15, || total(&server, "الشمسية") == 1),
        "a new file was not indexed: {}",
        server.log()
    );
    std::fs::write(&file, "مراقبة المجلد\n\nخبر عن طاقة الرياح بعد التعديل\n").unwrap();
    assert!(
        eventually(15, || total(&server, "الرياح") == 1
            && total(&server, "الشمسية") == 0),
        "a changed file was not re-indexed"
    );
    std::fs::remove_file(&file).unwrap();
    assert!(
        eventually(15, || total(&server, "الرياح") == 0),
        "a removed file's article stayed"
    );
}

#[test]
fn a_push_while_another_process_writes_is_refused_with_retry_after_and_nothing_half_written() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &["--quiet"]);
    // Hold tantivy's writer lock as a `fihris index` run would.
    let lock = world.index.join(".tantivy-writer.lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(&lock)
        .unwrap();
    let held = take_writer_lock(&file);
    if !held {
        eprintln!("skipped: could not take the writer lock to simulate another writer");
        return;
    }
    let reply = server.post_json(
        "/api/articles",
        &json!([{"id": "busy", "title": "مشغول", "body": "نص"}]),
        Some(KEY),
    );
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(reply.retry_after.is_some(), "no Retry-After");
    drop(file);
    assert_eq!(
        server.get("/api/articles/busy").status,
        404,
        "a refused write left something behind"
    );
    assert!(eventually(5, || server
        .post_json(
            "/api/articles",
            &json!([{"id": "busy", "title": "مشغول", "body": "نص"}]),
            Some(KEY)
        )
        .status
        == 200));
}

/// Takes an exclusive advisory lock as tantivy's writer lock does (`flock` on Unix).
fn take_writer_lock(file: &std::fs::File) -> bool {
    file.try_lock().is_ok()
}

#[test]
fn variants_are_on_unless_the_request_says_false_and_did_you_mean_is_in_the_json() {
    let world = World::with_corpus();
    let server = Server::start(&world.index, &[]);
    // corpus/README.md: غوغل in three articles, جوجل in three others, grouped by the gates.
    let get = |query: &str| server.get(&format!("/api/search?q={}&limit=100{query}", enc("غوغل")));
    let with = get("");
    assert_eq!(with.status, 200, "{}", with.body);
    assert_eq!(with.json["total"], 6, "{}", with.body);
    let without = get("&variants=false");
    assert_eq!(without.status, 200, "{}", without.body);
    assert_eq!(without.json["total"], 3, "{}", without.body);
    assert!(ids(&without.json).iter().all(|id| id.starts_with("wire/")));
    // The spelling typed first: the three wire articles write غوغل.
    assert_eq!(
        ids(&with.json)[..3]
            .iter()
            .filter(|id| id.starts_with("wire/"))
            .count(),
        3
    );
    for (variants, expected) in [(json!(false), 3), (json!(true), 6)] {
        let post = server.post_json(
            "/api/search",
            &json!({"q": "غوغل", "variants": variants}),
            None,
        );
        assert_eq!(post.status, 200, "{}", post.body);
        assert_eq!(post.json["total"], expected, "{}", post.body);
    }
    let bad = server.post_json("/api/search", &json!({"q": "غوغل", "variants": "no"}), None);
    assert!(bad.status == 400 || bad.status == 422, "{}", bad.body);

    let typo = server.get(&format!("/api/search?q={}", enc("كاراباح")));
    assert_eq!(typo.status, 200, "{}", typo.body);
    assert_eq!(typo.json["total"], 0);
    assert_eq!(typo.json["did_you_mean"], "كاراباخ");
    let fine = server.get(&format!("/api/search?q={}", enc("كاراباخ")));
    assert!(fine.json["did_you_mean"].is_null(), "{}", fine.body);
    assert!(fine.json.as_object().unwrap().contains_key("did_you_mean"));
}

/// A push rebuilds the spelling-variant groups by `fihris index`'s rule (a small index on every
/// change): with the corpus's `variants.json` removed, غوغل finds only its own three articles, and
/// after one pushed article the six of its group again, without a restart.
#[test]
fn a_push_rebuilds_the_variant_groups() {
    let world = World::with_corpus();
    std::fs::remove_file(world.index.join("variants.json")).expect("the corpus index has groups");
    let server = Server::start(&world.index, &[]);
    let total = |server: &Server| {
        let reply = server.get(&format!("/api/search?q={}&limit=100", enc("غوغل")));
        assert_eq!(reply.status, 200, "{}", reply.body);
        reply.json["total"].as_u64().unwrap()
    };
    assert_eq!(total(&server), 3, "no groups before the push");
    server.push(&json!([{"id": "api/variants", "title": "طقس معتدل في الرياض", "body": "درجات حرارة معتدلة"}]));
    assert!(
        eventually(10, || total(&server) == 6),
        "the groups were not rebuilt after the push: {}",
        server.log()
    );
    assert!(world.index.join("variants.json").is_file());
}
