//! JSON (`.json`: one object, an array of objects, or an object wrapping such an array under
//! `articles`, `data`, `items`…) and JSON Lines (`.jsonl`, `.ndjson`: one object a line).
//!
//! Field names differ between exporters, so each article field is looked up under the keys the
//! user gave with `--field`, then under the usual names below, exact first, then ignoring ASCII
//! case; a dotted key (`source.name`) reaches into nested objects. The first key giving a usable,
//! non-empty value wins: `{"title": "", "headline": "…"}` takes the headline.

use serde_json::{Map, Value};

use super::{ArticleField, FileContents, LocatedArticle, Problem, ReadError, ReadOptions};
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

/// Parses a `.json` file. Invalid JSON is an error for the whole file, except that a file of one
/// object a line (JSON Lines saved as `.json`, as Hugging Face's `to_json` does) is read as
/// JSON Lines.
pub(crate) fn parse_document(text: &str, options: &ReadOptions) -> Result<FileContents, ReadError> {
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) if is_json_lines(text, &e) => return Ok(parse_lines(text, options)),
        Err(e) => {
            return Err(ReadError::Json {
                line: e.line(),
                column: e.column(),
                message: message_of(&e),
            })
        }
    };
    let mut contents = FileContents::default();
    match value {
        Value::Array(items) => read_array(&items, "", options, &mut contents),
        Value::Object(object) => match wrapped_array(&object, options) {
            Some((key, items)) => read_array(items, key, options, &mut contents),
            None => push_record(&object, String::new(), options, &mut contents),
        },
        other => {
            return Err(ReadError::Shape(format!(
                "the JSON is {}, not an object or an array of objects",
                kind_of(&other)
            )))
        }
    }
    Ok(contents)
}

/// Parses a JSON Lines file: a bad line is a [`Problem`] and the other lines are still read.
pub(crate) fn parse_lines(text: &str, options: &ReadOptions) -> FileContents {
    let mut contents = FileContents::default();
    for (index, line) in text.split('\n').enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let number = index + 1;
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => {
                push_record(&object, format!("line {number}"), options, &mut contents)
            }
            Ok(other) => contents.problems.push(Problem {
                locator: format!("line {number}"),
                reason: format!("{} instead of a JSON object", kind_of(&other)),
            }),
            Err(e) => contents.problems.push(Problem {
                locator: format!("line {number}, column {}", e.column()),
                reason: format!("invalid JSON: {}", message_of(&e)),
            }),
        }
    }
    contents
}

/// A whole-document parse that stopped at "trailing characters" at the start of line 2 or
/// later, after a first line that is one complete object: the file is JSON Lines.
fn is_json_lines(text: &str, error: &serde_json::Error) -> bool {
    let first_line = text.lines().next().unwrap_or_default();
    error.line() > 1
        && error.to_string().starts_with("trailing characters")
        && serde_json::from_str::<Map<String, Value>>(first_line).is_ok()
}

fn read_array(items: &[Value], prefix: &str, options: &ReadOptions, contents: &mut FileContents) {
    for (index, item) in items.iter().enumerate() {
        let locator = format!("{prefix}[{index}]");
        match item {
            Value::Object(object) => push_record(object, locator, options, contents),
            other => contents.problems.push(Problem {
                locator,
                reason: format!("{} instead of a JSON object", kind_of(other)),
            }),
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
    contents: &mut FileContents,
) {
    let article = article_from(object, options);
    if article.is_empty() {
        contents.problems.push(Problem {
            locator,
            reason: NO_TITLE_OR_BODY.to_owned(),
        });
    } else {
        contents.articles.push(LocatedArticle { locator, article });
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

    fn options() -> ReadOptions {
        ReadOptions::default()
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
        let err =
            parse_document("[\n{\"title\": \"a\"},\n{\"title\": }\n]", &options()).unwrap_err();
        match err {
            ReadError::Json {
                line,
                column,
                message,
            } => {
                assert_eq!((line, column), (3, 11));
                assert!(!message.contains("at line"), "{message}");
            }
            other => panic!("expected a JSON error, got {other:?}"),
        }
        assert!(matches!(
            parse_document("\"just a string\"", &options()),
            Err(ReadError::Shape(_))
        ));
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
