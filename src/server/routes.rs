//! The API's handlers: each one turns a request into an engine call and the engine's own types
//! into JSON. The request and response types are the engine's (the CLI prints the same ones).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{FromRequest, Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ErrorBody};
use super::extract::{content_type, ApiJson, ApiQuery};
use super::writer::{Incoming, WriteError, Written};
use super::AppState;
use crate::analysis::{self, Analysis};
use crate::reader::{self, FileContents, ReadOptions};
use crate::search::{SearchRequest, SearchResponse, StoredArticle, TagCount};
use crate::stats::{self, Stats};

type AppResult<T> = Result<T, ApiError>;

/// Runs blocking engine work off the async threads; a panic in it is an error, not a crash.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(format!("the request failed: {e}"))))
}

/// Searches, with the query string's parameters.
#[utoipa::path(get, path = "/api/search", params(SearchRequest),
    responses((status = 200, body = SearchResponse), (status = 400, body = ErrorBody),
              (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn search_get(
    State(state): State<Arc<AppState>>,
    uri: axum::http::Uri,
    ApiQuery(request): ApiQuery<SearchRequest>,
) -> AppResult<Json<SearchResponse>> {
    // A query string's `until=` reads as no date at all; it is not a date, so say so.
    let pairs = form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes());
    for (key, value) in pairs {
        if (key == "since" || key == "until") && value.trim().is_empty() {
            return Err(ApiError::invalid_field(
                &key,
                format!("{key} is empty: give a date (YYYY-MM-DD) or leave the parameter out"),
            ));
        }
    }
    search(state, request).await
}

/// Searches, with a JSON body of the same fields (tags as arrays).
#[utoipa::path(post, path = "/api/search", request_body = SearchRequest,
    responses((status = 200, body = SearchResponse), (status = 400, body = ErrorBody),
              (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 503, body = ErrorBody)))]
pub async fn search_post(
    State(state): State<Arc<AppState>>,
    ApiJson(request): ApiJson<SearchRequest>,
) -> AppResult<Json<SearchResponse>> {
    search(state, request).await
}

async fn search(
    state: Arc<AppState>,
    mut request: SearchRequest,
) -> AppResult<Json<SearchResponse>> {
    state.limits.check_search(&request)?;
    request.snippets = true;
    blocking(move || {
        let results = state.engine.search(&request)?;
        Ok(Json(SearchResponse::from(results)))
    })
    .await
}

/// One stored article by id (percent-encode `/`, `:`, `[` and `]` in it).
#[utoipa::path(get, path = "/api/articles/{id}",
    params(("id" = String, Path, description = "the article id")),
    responses((status = 200, body = StoredArticle), (status = 404, body = ErrorBody)))]
pub async fn article_get(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> AppResult<Json<StoredArticle>> {
    state.limits.check_id(&id)?;
    blocking(move || {
        state
            .engine
            .article(&id)?
            .map(Json)
            .ok_or_else(|| ApiError::not_found(format!("no article with id {id:?}")))
    })
    .await
}

/// The answer to a deletion.
#[derive(Debug, Serialize, ToSchema)]
pub struct Deleted {
    /// The article id.
    pub id: String,
    /// Always true: a missing id is a 404.
    pub deleted: bool,
}

/// Deletes one article; committed before the answer.
#[utoipa::path(delete, path = "/api/articles/{id}",
    params(("id" = String, Path, description = "the article id")),
    security(("api_key" = [])),
    responses((status = 200, body = Deleted), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 503, body = ErrorBody)))]
pub async fn article_delete(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> AppResult<Json<Deleted>> {
    state.auth.check(&headers)?;
    state.limits.check_id(&id)?;
    match state.writes.delete(id.clone()).await {
        Ok(true) => Ok(Json(Deleted { id, deleted: true })),
        Ok(false) => Err(ApiError::not_found(format!("no article with id {id:?}"))),
        Err(err) => Err(write_error(err)),
    }
}

/// An article as pushed: the fields `fihris index` reads from JSON. Each is optional and read
/// leniently (a number id becomes text, `tags` may be an array or one string split on `,` and `،`,
/// `body` a string or an array of paragraphs), and the other usual names (`content`, `headline`,
/// `keywords`, `published`, …) are read too; a record with neither a title nor a body is refused
/// in its result, not by the request's status. Only the API document uses this type: the body is
/// read by the archive reader itself, so pushing and indexing accept the same records.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ArticleInput {
    /// The stable id: the same id replaces the article. Derived from the content when absent.
    id: Option<serde_json::Value>,
    /// Title.
    title: Option<serde_json::Value>,
    /// Body text (paragraphs separated by newlines), or an array of paragraphs.
    body: Option<serde_json::Value>,
    /// Tags: an array, or one string split on `,` and `،`.
    tags: Option<serde_json::Value>,
    /// Publication date.
    date: Option<serde_json::Value>,
    /// URL.
    url: Option<serde_json::Value>,
    /// Publisher or source.
    source: Option<serde_json::Value>,
}

/// What became of one record of a pushed body.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordResult {
    /// Where in the body: `[3]` for a JSON array element, `line 4` for NDJSON.
    pub record: String,
    /// The article id, when the record was indexed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `created` or `updated`, when it was indexed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Written>,
    /// Why it was not indexed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The answer to a push: one result per record, in body order.
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestResponse {
    /// Records indexed (and committed).
    pub indexed: usize,
    /// Records refused.
    pub failed: usize,
    /// Per record.
    pub results: Vec<RecordResult>,
}

/// Adds or replaces articles: a JSON array (or one object), or NDJSON with
/// `Content-Type: application/x-ndjson`. Every record is validated; the good ones are indexed and
/// **committed before the answer**; the same id replaces the article.
#[utoipa::path(post, path = "/api/articles",
    request_body(content(
        (Vec<ArticleInput> = "application/json"),
        (String = "application/x-ndjson"))),
    security(("api_key" = [])),
    responses((status = 200, body = IngestResponse,
               description = "the body parsed: each record indexed or refused, as `results` says"),
              (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
              (status = 503, body = ErrorBody)))]
pub async fn articles_post(
    State(state): State<Arc<AppState>>,
    request: Request,
) -> AppResult<axum::response::Response> {
    state.auth.check(request.headers())?;
    let kind = content_type(&request).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send a JSON array with Content-Type: application/json, \
             or JSON Lines with Content-Type: application/x-ndjson",
        )
    })?;
    let bytes = Bytes::from_request(request, &state)
        .await
        .map_err(|e| ApiError::from_status(e.status()))?;
    let ndjson = kind == "application/x-ndjson";
    let contents = blocking(move || parse_body(&bytes, ndjson)).await?;
    let (incoming, mut results) = validate(contents, state.limits.max_records)?;
    if incoming.is_empty() {
        let body = IngestResponse {
            indexed: 0,
            failed: 0,
            results,
        };
        return Ok(Json(body).into_response());
    }
    let written = state
        .writes
        .upsert(incoming.clone())
        .await
        .map_err(write_error)?;
    for (article, outcome) in incoming.into_iter().zip(written) {
        results.push(RecordResult {
            record: article.record,
            id: Some(article.id),
            result: Some(outcome),
            error: None,
        });
    }
    results.sort_by_key(|r| record_order(&r.record));
    let failed = results.iter().filter(|r| r.error.is_some()).count();
    Ok(Json(IngestResponse {
        indexed: results.len() - failed,
        failed,
        results,
    })
    .into_response())
}

fn parse_body(bytes: &[u8], ndjson: bool) -> AppResult<FileContents> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ApiError::bad_request(format!(
            "the body is not UTF-8 (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("the body is empty"));
    }
    let options = ReadOptions::default();
    if !ndjson {
        check_array_of_objects(text)?;
    }
    Ok(reader::parse_json_records(
        text.as_bytes(),
        ndjson,
        &options,
    ))
}

/// A JSON body must be an array of objects (the schema says so); what each object holds is checked
/// record by record. Checked without building the values, so a large body is not parsed twice over.
fn check_array_of_objects(text: &str) -> AppResult<()> {
    struct AnObject;
    impl<'de> Deserialize<'de> for AnObject {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> serde::de::Visitor<'de> for Visitor {
                type Value = AnObject;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an article object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<AnObject, A::Error> {
                    while map
                        .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                        .is_some()
                    {}
                    Ok(AnObject)
                }
            }
            d.deserialize_map(Visitor)
        }
    }
    serde_json::from_str::<Vec<AnObject>>(text)
        .map(|_| ())
        .map_err(|e| {
            ApiError::bad_request(format!(
                "the body must be a JSON array of article objects \
                 (or JSON Lines with Content-Type: application/x-ndjson): {e}"
            ))
        })
}

/// Splits parsed records into articles to write and refused records.
fn validate(
    contents: FileContents,
    max_records: usize,
) -> AppResult<(Vec<Incoming>, Vec<RecordResult>)> {
    let total = contents.articles.len() + contents.problems.len();
    if total > max_records {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_records",
            format!("{total} records in one request; at most {max_records} (--max-records)"),
        ));
    }
    let mut refused: Vec<RecordResult> = contents
        .problems
        .into_iter()
        .map(|p| RecordResult {
            record: p.locator,
            id: None,
            result: None,
            error: Some(p.reason),
        })
        .collect();
    let mut incoming = Vec::with_capacity(contents.articles.len());
    for located in contents.articles {
        let record = if located.locator.is_empty() {
            "[0]".to_string()
        } else {
            located.locator
        };
        let id = match located.article.id.clone() {
            Some(id) if id.trim().is_empty() => {
                refused.push(RecordResult {
                    record,
                    id: None,
                    result: None,
                    error: Some("the id is empty".into()),
                });
                continue;
            }
            Some(id) if id.len() > super::MAX_ID_BYTES => {
                refused.push(RecordResult {
                    record,
                    id: None,
                    result: None,
                    error: Some(format!(
                        "the id is longer than {} bytes",
                        super::MAX_ID_BYTES
                    )),
                });
                continue;
            }
            Some(id) => id,
            None => content_id(&located.article),
        };
        incoming.push(Incoming {
            record,
            id,
            article: located.article,
        });
    }
    Ok((incoming, refused))
}

/// An id for an article pushed without one, from its content: pushing it again replaces it.
fn content_id(article: &crate::article::Article) -> String {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(article.title.as_bytes());
    eat(&[0]);
    eat(article.body().as_bytes());
    format!("api-{hash:016x}")
}

/// Sorts `[3]` and `line 4` records in body order.
fn record_order(record: &str) -> usize {
    record
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(usize::MAX)
}

fn write_error(err: WriteError) -> ApiError {
    match err {
        WriteError::Busy => ApiError::unavailable("index_busy", err.to_string(), 2),
        WriteError::ShuttingDown => ApiError::unavailable("shutting_down", err.to_string(), 5),
        WriteError::Index(message) => ApiError::internal(message),
    }
}

/// Parameters of the tag search.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TagsQuery {
    /// Only tags whose normalized key starts with this, normalized (`ارم` finds أرمينيا).
    #[serde(default)]
    #[param(max_length = 1000)]
    prefix: String,
    /// At most this many tags (20 by default).
    #[serde(default = "default_tag_limit")]
    #[param(default = 20, minimum = 0, maximum = 1000)]
    limit: usize,
}

fn default_tag_limit() -> usize {
    20
}

/// Tags matching a prefix.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagsResponse {
    /// Most used first.
    pub tags: Vec<TagCount>,
}

/// Facet-value search: tags whose normalized key starts with the normalized prefix, most used first.
#[utoipa::path(get, path = "/api/tags", params(TagsQuery),
    responses((status = 200, body = TagsResponse), (status = 400, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn tags(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<TagsQuery>,
) -> AppResult<Json<TagsResponse>> {
    if query.limit > state.limits.max_limit {
        return Err(ApiError::invalid_field(
            "limit",
            format!("at most {}", state.limits.max_limit),
        ));
    }
    state.limits.check_text("prefix", &query.prefix)?;
    blocking(move || {
        let tags = state.engine.tags_with_prefix(&query.prefix, query.limit)?;
        Ok(Json(TagsResponse { tags }))
    })
    .await
}

/// The duplicate-tag report, as `fihris tags report --format json` prints it.
#[utoipa::path(get, path = "/api/tags/report",
    responses((status = 200, description = "the report", body = Object)))]
pub async fn tags_report(State(state): State<Arc<AppState>>) -> AppResult<impl IntoResponse> {
    blocking(move || {
        let articles =
            crate::tags::articles_of_index(&state.engine.searcher(), &state.engine.store().fields)
                .map_err(|e| ApiError::internal(format!("{e:#}")))?;
        let report = crate::tags::build_report(&articles, &crate::tags::ReportOptions::default());
        Ok(Json(report))
    })
    .await
}

/// Parameters of an analysis.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AnalyzeQuery {
    /// The text.
    #[serde(default)]
    #[param(max_length = 1000)]
    text: String,
    /// The analyzer (`arabic` by default).
    #[serde(default = "default_analyzer")]
    #[param(schema_with = analyzer_schema)]
    analyzer: String,
}

/// The analyzer parameter: one of the known names.
fn analyzer_schema() -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(analysis::NAMES.iter().copied()))
        .default(Some(analysis::ARABIC.into()))
        .build()
}

fn default_analyzer() -> String {
    analysis::ARABIC.to_string()
}

/// The tokens an analyzer makes of a text, as `fihris analyze --json`.
#[utoipa::path(get, path = "/api/analyze", params(AnalyzeQuery),
    responses((status = 200, body = Analysis), (status = 400, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn analyze(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<AnalyzeQuery>,
) -> AppResult<Json<Analysis>> {
    state.limits.check_text("text", &query.text)?;
    analysis::analyze(&query.analyzer, &query.text)
        .map(Json)
        .ok_or_else(|| {
            ApiError::invalid_field(
                "analyzer",
                format!(
                    "unknown analyzer {:?}; the known analyzers are: {}",
                    query.analyzer,
                    analysis::NAMES.join(", ")
                ),
            )
        })
}

/// What the index holds, as `fihris stats --json`.
#[utoipa::path(get, path = "/api/stats", responses((status = 200, body = Stats)))]
pub async fn stats(State(state): State<Arc<AppState>>) -> AppResult<Json<Stats>> {
    blocking(move || {
        let searcher = state.engine.searcher();
        stats::collect(state.engine.store(), &searcher)
            .map(Json)
            .map_err(|e| ApiError::internal(e.to_string()))
    })
    .await
}

/// The health answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
    /// Articles searchable now.
    pub documents: u64,
}

/// 200 when the index is open and searchable.
#[utoipa::path(get, path = "/health", responses((status = 200, body = Health)))]
pub async fn health(State(state): State<Arc<AppState>>) -> Json<Health> {
    Json(Health {
        status: "ok",
        documents: state.engine.searcher().num_docs(),
    })
}
