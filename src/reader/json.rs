//! JSON (`.json`: one object, an array of objects, or an object wrapping such an array under
//! `articles`, `data`, `items`…) and JSON Lines (`.jsonl`, `.ndjson`: one object a line).
//!
//! Field names differ between exporters, so each article field is looked up under the keys the
//! user gave with `--field`, then under the usual names below, exact first, then ignoring ASCII
//! case; a dotted key (`source.name`) reaches into nested objects. The first key giving a usable,
//! non-empty value wins: `{"title": "", "headline": "…"}` takes the headline.

use serde::de::{Deserializer as _, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::sink::Sink;
use super::{ArticleField, ReadError, ReadOptions};
use crate::article::Article;

/// The reason given for a record with neither title nor body.
pub(crate) const NO_TITLE_OR_BODY: &str = "no title and no body";

/// Keys under which a whole file's articles are commonly wrapped (`{"articles": [...]}`).
const WRAPPER_KEYS: &[&str] = &[
    "articles",
    "data",
    "items",
    "results",
    "docs",
    "documents",
    "records",
];

/// The usual key names of each field, most specific first.
fn usual_keys(field: ArticleField) -> &'static [&'static str] {
    match field {
        ArticleField::Id => &["id", "_id", "guid", "uuid", "article_id", "doc_id"],
        ArticleField::Title => &["title", "headline", "heading", "subject"],
        ArticleField::Body => &[
            "body",
            "content",
            "text",
            "article",
            "article_body",
            "articleBody",
            "full_text",
            "story",
            "description",
        ],
        ArticleField::Tags => &[
            "tags",
            "keywords",
            "categories",
            "topics",
            "labels",
            "hashtags",
        ],
        ArticleField::Date => &[
            "date",
            "published",
            "published_at",
            "publishedAt",
            "pubDate",
            "date_published",
            "datePublished",
            "publication_date",
            "created_at",
            "date_extracted",
        ],
        ArticleField::Source => &["source", "publisher", "site", "outlet", "newspaper"],
        ArticleField::Url => &["url", "link", "href", "permalink", "canonical_url"],
    }
}

/// Parses a `.json` file into `sink`. A top-level array is read element by element: a bad
/// element (an invalid escape such as a lone surrogate `"\ud800"`, a number instead of an object)
/// is a problem naming its index and line, and the others are read; a syntax error that breaks the
/// array itself (a truncated file) keeps every element before it and is reported with its line.
/// Other invalid JSON is an error for the whole file, except that a file of one object a line
/// (JSON Lines saved as `.json`, as Hugging Face's `to_json` does) is read as JSON Lines.
pub(crate) fn parse_document(
    text: &str,
    options: &ReadOptions,
    sink: &mut Sink,
) -> Result<(), ReadError> {
    if text.trim_start().starts_with('[') {
        return parse_array(text, options, sink);
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) if is_json_lines(text, &e) => {
            parse_lines(text, options, sink);
            return Ok(());
        }
        Err(e) => return Err(json_error(&e)),
    };
    match value {
        Value::Array(items) => read_array(&items, "", options, sink),
        Value::Object(object) => match wrapped_array(&object, options) {
            Some((key, items)) => read_array(items, key, options, sink),
            None => push_record(&object, String::new(), options, sink),
        },
        other => {
            return Err(ReadError::Shape(format!(
                "the JSON is {}, not an object or an array of objects",
                kind_of(&other)
            )))
        }
    }
    Ok(())
}

fn json_error(e: &serde_json::Error) -> ReadError {
    ReadError::Json {
        line: e.line(),
        column: e.column(),
        message: message_of(e),
    }
}

/// A top-level array, one element at a time: each element is first only delimited (serde_json's
/// `RawValue` checks the syntax but not what escapes mean), then parsed alone.
fn parse_array(text: &str, options: &ReadOptions, sink: &mut Sink) -> Result<(), ReadError> {
    let mut elements = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let scanned = deserializer
        .deserialize_seq(Elements(&mut elements))
        .and_then(|()| deserializer.end());
    let mut lines = LineCounter::new(text);
    for (index, raw) in elements.iter().enumerate() {
        let locator = format!("[{index}]");
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(Value::Object(object)) => push_record(&object, locator, options, sink),
            Ok(other) => sink.skip(
                &locator,
                format!("{} instead of a JSON object", kind_of(&other)),
            ),
            Err(e) => {
                // The element's own position plus the error's position inside it.
                let (line, column) = lines.at(raw.get().as_ptr() as usize - text.as_ptr() as usize);
                let (line, column) = match e.line() {
                    1 => (line, column + e.column().saturating_sub(1)),
                    more => (line + more - 1, e.column()),
                };
                sink.skip(
                    &format!("{locator}, line {line}, column {column}"),
                    format!("invalid JSON: {}", message_of(&e)),
                );
            }
        }
    }
    match scanned {
        Ok(()) => Ok(()),
        Err(e) if elements.is_empty() => Err(json_error(&e)),
        Err(e) => {
            sink.skip(
                &format!("line {}, column {}", e.line(), e.column()),
                format!(
                    "invalid JSON: {}; the {} complete record{} before it were read",
                    message_of(&e),
                    elements.len(),
                    if elements.len() == 1 { "" } else { "s" }
                ),
            );
            Ok(())
        }
    }
}

/// Collects the elements of a JSON array as raw slices of the input, keeping those read before
/// an error.
struct Elements<'a, 'de>(&'a mut Vec<&'de RawValue>);

impl<'de> Visitor<'de> for Elements<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(element) = seq.next_element::<&'de RawValue>()? {
            self.0.push(element);
        }
        Ok(())
    }
}

/// Line and column (1-based, in bytes, as serde_json counts them) of increasing byte offsets, in
/// one pass over the text whatever the number of offsets.
struct LineCounter<'t> {
    text: &'t [u8],
    at: usize,
    line: usize,
    line_start: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn at(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.clamp(self.at, self.text.len());
        for (i, byte) in self.text[self.at..offset].iter().enumerate() {
            if *byte == b'\n' {
                self.line += 1;
                self.line_start = self.at + i + 1;
            }
        }
        self.at = offset;
        (self.line, offset - self.line_start + 1)
    }
}

/// Parses JSON Lines held in memory: a bad line is a problem and the other lines are still read.
pub(crate) fn parse_lines(text: &str, options: &ReadOptions, sink: &mut Sink) {
    for (index, line) in text.split('\n').enumerate() {
        parse_line(line, index + 1, options, sink);
    }
}

/// Parses line `number` of a JSON Lines file (blank lines are passed over).
pub(crate) fn parse_line(line: &str, number: usize, options: &ReadOptions, sink: &mut Sink) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(object)) => push_record(&object, format!("line {number}"), options, sink),
        Ok(other) => sink.skip(
            &format!("line {number}"),
            format!("{} instead of a JSON object", kind_of(&other)),
        ),
        Err(e) => sink.skip(
            &format!("line {number}, column {}", e.column()),
            format!("invalid JSON: {}", message_of(&e)),
        ),
    }
}

/// A whole-document parse that stopped at "trailing characters" at the start of line 2 or
/// later, after a first line that is one complete object: the file is JSON Lines.
fn is_json_lines(text: &str, error: &serde_json::Error) -> bool {
    let first_line = text.lines().next().unwrap_or_default();
    error.line() > 1
        && error.to_string().starts_with("trailing characters")
        && serde_json::from_str::<Map<String, Value>>(first_line).is_ok()
}

fn read_array(items: &[Value], prefix: &str, options: &ReadOptions, sink: &mut Sink) {
    for (index, item) in items.iter().enumerate() {
        let locator = format!("{prefix}[{index}]");
        match item {
            Value::Object(object) => push_record(object, locator, options, sink),
            other => sink.skip(
                &locator,
                format!("{} instead of a JSON object", kind_of(other)),
            ),
        }
    }
}

/// The array of a wrapper object (`{"status": "ok", "articles": [...]}`), when the object is not
/// itself an article.
fn wrapped_array<'a>(
    object: &'a Map<String, Value>,
    options: &ReadOptions,
) -> Option<(&'static str, &'a [Value])> {
    let article = article_from(object, options);
    if !article.is_empty() {
        return None;
    }
    WRAPPER_KEYS.iter().find_map(|key| match object.get(*key) {
        Some(Value::Array(items)) => Some((*key, items.as_slice())),
        _ => None,
    })
}

fn push_record(
    object: &Map<String, Value>,
    locator: String,
    options: &ReadOptions,
    sink: &mut Sink,
) {
    let article = article_from(object, options);
    if article.is_empty() {
        sink.skip(&locator, NO_TITLE_OR_BODY.to_owned());
    } else {
        sink.article(locator, article);
    }
}

/// Builds an article from one JSON object; missing or unusable fields are left empty.
pub(crate) fn article_from(object: &Map<String, Value>, options: &ReadOptions) -> Article {
    let field = |field: ArticleField, convert: fn(&Value) -> Option<String>| {
        candidates(field, options).find_map(|key| lookup(object, key).and_then(convert))
    };
    Article {
        id: field(ArticleField::Id, scalar_text),
        title: field(ArticleField::Title, scalar_text).unwrap_or_default(),
        paragraphs: candidates(ArticleField::Body, options)
            .find_map(|key| lookup(object, key).and_then(paragraphs))
            .unwrap_or_default(),
        tags: candidates(ArticleField::Tags, options)
            .find_map(|key| lookup(object, key).and_then(tags))
            .unwrap_or_default(),
        date: field(ArticleField::Date, scalar_text),
        source: field(ArticleField::Source, named_text),
        url: field(ArticleField::Url, scalar_text),
    }
}

/// The keys to try for `field`: the user's first, then the usual ones.
fn candidates(field: ArticleField, options: &ReadOptions) -> impl Iterator<Item = &str> {
    let explicit = options
        .field_keys
        .iter()
        .filter(move |(f, _)| *f == field)
        .map(|(_, key)| key.as_str());
    explicit.chain(usual_keys(field).iter().copied())
}

/// `key` in `object`: exact, else ignoring ASCII case, else as a dotted path.
fn lookup<'v>(object: &'v Map<String, Value>, key: &str) -> Option<&'v Value> {
    if let Some(value) = object.get(key) {
        return Some(value);
    }
    if let Some((_, value)) = object.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
        return Some(value);
    }
    let (head, rest) = key.split_once('.')?;
    match lookup(object, head)? {
        Value::Object(inner) => lookup(inner, rest),
        _ => None,
    }
}

/// A string (trimmed, non-empty) or a number, as text.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Like [`scalar_text`], and also the `name` of an object (`"source": {"id": …, "name": …}`).
fn named_text(value: &Value) -> Option<String> {
    match value {
        Value::Object(object) => ["name", "title", "label"]
            .iter()
            .find_map(|key| object.get(*key).and_then(scalar_text)),
        other => scalar_text(other),
    }
}

/// Body paragraphs: a string split into lines, or an array of such strings.
fn paragraphs(value: &Value) -> Option<Vec<String>> {
    let mut found = Vec::new();
    let mut add = |text: &str| {
        found.extend(
            text.split(['\n', '\r'])
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned),
        )
    };
    match value {
        Value::String(s) => add(s),
        Value::Array(items) => items.iter().filter_map(Value::as_str).for_each(&mut add),
        _ => {}
    }
    Some(found).filter(|found| !found.is_empty())
}

/// Tags: an array of strings (or of `{"name": …}` objects), or one string split on `,` and `،`.
fn tags(value: &Value) -> Option<Vec<String>> {
    let found: Vec<String> = match value {
        Value::String(s) => s
            .split([',', '،'])
            .map(str::trim)
            .filter(|tag| !tag.is_empty())
            .map(str::to_owned)
            .collect(),
        Value::Array(items) => items.iter().filter_map(named_text).collect(),
        _ => Vec::new(),
    };
    Some(found).filter(|found| !found.is_empty())
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its ` at line L column C` tail, which the locator already says.
fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(end) => text[..end].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::FileContents;

    fn options() -> ReadOptions {
        ReadOptions::default()
    }

    /// [`super::parse_document`], its records collected.
    fn parse_document(text: &str, options: &ReadOptions) -> Result<FileContents, ReadError> {
        let mut contents = FileContents::default();
        let mut collect = |record| contents.push(record);
        super::parse_document(text, options, &mut Sink::new(&mut collect, String::new()))?;
        Ok(contents)
    }

    /// [`super::parse_lines`], its records collected.
    fn parse_lines(text: &str, options: &ReadOptions) -> FileContents {
        let mut contents = FileContents::default();
        let mut collect = |record| contents.push(record);
        super::parse_lines(text, options, &mut Sink::new(&mut collect, String::new()));
        contents
    }

    fn titles(contents: &FileContents) -> Vec<(&str, &str)> {
        contents
            .articles
            .iter()
            .map(|a| (a.locator.as_str(), a.article.title.as_str()))
            .collect()
    }

    #[test]
    fn single_object_with_every_field() {
        let text = r#"{"id": 17, "headline": " عنوان ", "content": "فقرة ١\n\nفقرة ٢",
            "keywords": "سياسة، اقتصاد, رياضة", "pubDate": "2018-03-01",
            "source": {"id": "x", "name": "الرياض"}, "link": "http://x/1"}"#;
        let contents = parse_document(text, &options()).unwrap();
        let article = &contents.articles[0].article;
        assert_eq!(contents.articles[0].locator, "");
        assert_eq!(article.id.as_deref(), Some("17"));
        assert_eq!(article.title, "عنوان");
        assert_eq!(article.paragraphs, ["فقرة ١", "فقرة ٢"]);
        assert_eq!(article.tags, ["سياسة", "اقتصاد", "رياضة"]);
        assert_eq!(article.date.as_deref(), Some("2018-03-01"));
        assert_eq!(article.source.as_deref(), Some("الرياض"));
        assert_eq!(article.url.as_deref(), Some("http://x/1"));
    }

    #[test]
    fn array_keeps_indexes_and_reports_bad_elements() {
        let text = r#"[{"title": "a"}, 3, {"title": "", "body": "  "}, {"Title": "d", "TAGS": ["x", "x"]}]"#;
        let contents = parse_document(text, &options()).unwrap();
        assert_eq!(titles(&contents), [("[0]", "a"), ("[3]", "d")]);
        assert_eq!(contents.articles[1].article.tags, ["x", "x"]);
        let problems: Vec<_> = contents
            .problems
            .iter()
            .map(|p| p.locator.as_str())
            .collect();
        assert_eq!(problems, ["[1]", "[2]"]);
        assert_eq!(contents.problems[1].reason, NO_TITLE_OR_BODY);
    }

    #[test]
    fn explicit_field_keys_come_first() {
        let text = r#"{"title": "t", "body": "usual body", "matn": "chosen body", "meta": {"when": "2015-07-21"}}"#;
        let options = ReadOptions {
            field_keys: vec![
                (ArticleField::Body, "matn".to_owned()),
                (ArticleField::Date, "meta.when".to_owned()),
            ],
            ..ReadOptions::default()
        };
        let article = &parse_document(text, &options).unwrap().articles[0].article;
        assert_eq!(article.paragraphs, ["chosen body"]);
        assert_eq!(article.date.as_deref(), Some("2015-07-21"));
    }

    #[test]
    fn empty_values_fall_through_to_the_next_key() {
        let text = r#"{"title": "", "headline": "h", "body": [], "text": ["p1", "p2\np3"]}"#;
        let article = &parse_document(text, &options()).unwrap().articles[0].article;
        assert_eq!(article.title, "h");
        assert_eq!(article.paragraphs, ["p1", "p2", "p3"]);
    }

    #[test]
    fn wrapped_array_is_read() {
        let text = r#"{"status": "ok", "articles": [{"title": "a"}, {"title": "b"}]}"#;
        let contents = parse_document(text, &options()).unwrap();
        assert_eq!(
            titles(&contents),
            [("articles[0]", "a"), ("articles[1]", "b")]
        );
    }

    #[test]
    fn invalid_document_names_line_and_column() {
        let err = parse_document("{\"x\": 1,\n\"y\": [],\n\"title\": }\n", &options()).unwrap_err();
        match err {
            ReadError::Json {
                line,
                column,
                message,
            } => {
                assert_eq!((line, column), (3, 10));
                assert!(!message.contains("at line"), "{message}");
            }
            other => panic!("expected a JSON error, got {other:?}"),
        }
        assert!(matches!(
            parse_document("\"just a string\"", &options()),
            Err(ReadError::Shape(_))
        ));
        // An array broken before its first element is complete gives nothing: a whole-file error.
        assert!(matches!(
            parse_document("[\n{\"title\": }]", &options()),
            Err(ReadError::Json { line: 2, .. })
        ));
    }

    #[test]
    fn one_invalid_escape_rejects_one_element_not_the_array() {
        let mut text = String::from("[\n");
        for i in 0..1000 {
            let title = if i == 500 {
                "bad \\ud800".to_owned()
            } else {
                format!("t{i}")
            };
            text.push_str(&format!(
                "  {{\"title\": \"{title}\"}}{}\n",
                if i < 999 { "," } else { "" }
            ));
        }
        text.push(']');
        let contents = parse_document(&text, &options()).unwrap();
        assert_eq!(contents.articles.len(), 999);
        assert_eq!(contents.problems.len(), 1, "{:?}", contents.problems);
        let problem = &contents.problems[0];
        // Element 500 is on line 502, its escape `\ud800` at columns 18–23, which serde_json
        // reports once it has read it.
        assert_eq!(problem.locator, "[500], line 502, column 24");
        assert!(problem.reason.contains("escape"), "{problem:?}");
        assert_eq!(contents.articles[500].locator, "[501]");
    }

    #[test]
    fn truncated_array_keeps_its_complete_elements() {
        let text = "[\n{\"title\": \"a\"},\n{\"title\": \"b\"},\n{\"title\": ";
        let contents = parse_document(text, &options()).unwrap();
        assert_eq!(titles(&contents), [("[0]", "a"), ("[1]", "b")]);
        assert_eq!(contents.problems.len(), 1);
        assert!(
            contents.problems[0].locator.starts_with("line 4"),
            "{:?}",
            contents.problems
        );
        assert!(contents.problems[0].reason.contains("2 complete records"));
    }

    #[test]
    fn json_lines_saved_as_json_are_read_as_lines() {
        let text = "{\"title\": \"a\"}\n{\"title\": \"b\"}\n";
        let contents = parse_document(text, &options()).unwrap();
        assert_eq!(titles(&contents), [("line 1", "a"), ("line 2", "b")]);
        // Two objects on one line is not JSON Lines: still an error.
        assert!(matches!(
            parse_document("{\"title\": \"a\"} {\"title\": \"b\"}", &options()),
            Err(ReadError::Json { line: 1, .. })
        ));
    }

    #[test]
    fn json_lines_skip_bad_lines_and_keep_the_rest() {
        let text = "{\"title\": \"a\"}\r\n\n{\"title\": \"b\", oops}\n[1]\n{\"_id\": \"x9\", \"text\": \"c\"}";
        let contents = parse_lines(text, &options());
        assert_eq!(titles(&contents), [("line 1", "a"), ("line 5", "")]);
        assert_eq!(contents.articles[1].article.id.as_deref(), Some("x9"));
        let problems: Vec<_> = contents
            .problems
            .iter()
            .map(|p| p.locator.as_str())
            .collect();
        assert_eq!(problems, ["line 3, column 16", "line 4"]);
        assert!(contents.problems[0].reason.starts_with("invalid JSON"));
    }
}
