//! `fihris serve`: the engine behind an HTTP JSON API, live while it indexes.
//!
//! One [`Engine`] answers every search (its reader sees each new commit, its caches stay warm); one
//! writer thread ([`writer`]) does every write, pushed articles and watched folders alike. Reads
//! are open; writes need the API key. Everything a client controls is bounded ([`Limits`]): body
//! size, records per push, query length, `limit` and `offset`, time per request, requests at once.
//! Every error is JSON (`{"error":{"code","message","field"}}`) with the status that fits, and a
//! handler that panics anyway is answered 500 and logged while the server goes on.

pub mod error;
pub mod extract;
pub mod openapi;
pub mod routes;
pub mod watch;
pub mod writer;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

use crate::indexer::IndexOptions;
use crate::search::{Engine, SearchError, SearchRequest};
use crate::store::{Store, StoreError};
use error::ApiError;
use writer::{WriteQueue, WriterThread};

/// Longest article id accepted (bytes).
pub const MAX_ID_BYTES: usize = 1024;

/// What a client may ask for at most; each is a `fihris serve` flag.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Request body, bytes.
    pub max_body_bytes: usize,
    /// Records in one push.
    pub max_records: usize,
    /// Characters of a query (and of other text parameters).
    pub max_query_chars: usize,
    /// `limit` of a search or a tag search.
    pub max_limit: usize,
    /// `offset` of a search.
    pub max_offset: usize,
    /// Tag facets counted.
    pub max_facets: usize,
    /// Tag filters in one search.
    pub max_tag_filters: usize,
    /// Time per request.
    pub timeout: Duration,
    /// Requests served at once; more are answered 503.
    pub max_concurrent: usize,
    /// Time a client has to send a request's headers; one that stalls is disconnected (the body
    /// is bounded by `timeout`).
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 64 * 1024 * 1024,
            max_records: 100_000,
            max_query_chars: 1_000,
            max_limit: 1_000,
            max_offset: 10_000,
            max_facets: 1_000,
            max_tag_filters: 100,
            timeout: Duration::from_secs(30),
            max_concurrent: 256,
            header_timeout: Duration::from_secs(10),
        }
    }
}

impl Limits {
    /// Checks a search request against the limits, naming the field at fault.
    pub fn check_search(&self, request: &SearchRequest) -> Result<(), ApiError> {
        self.check_text("q", &request.query)?;
        let at_most = |field: &str, value: usize, max: usize| {
            if value > max {
                Err(ApiError::invalid_field(
                    field,
                    format!("{field} is {value}; at most {max}"),
                ))
            } else {
                Ok(())
            }
        };
        at_most("limit", request.limit, self.max_limit)?;
        at_most("offset", request.offset, self.max_offset)?;
        at_most("facets", request.facets, self.max_facets)?;
        for (field, tags) in [
            ("tag", &request.all_tags),
            ("any_tag", &request.any_tags),
            ("not_tag", &request.not_tags),
        ] {
            at_most(field, tags.len(), self.max_tag_filters)?;
            for tag in tags {
                self.check_text(field, tag)?;
            }
        }
        for (field, value) in [("since", &request.since), ("until", &request.until)] {
            if let Some(value) = value {
                self.check_text(field, value)?;
            }
        }
        Ok(())
    }

    /// Checks the length of a text parameter.
    pub fn check_text(&self, field: &str, text: &str) -> Result<(), ApiError> {
        let chars = text.chars().count();
        if chars > self.max_query_chars {
            return Err(ApiError::invalid_field(
                field,
                format!(
                    "{field} is {chars} characters long; at most {} (--max-query-chars)",
                    self.max_query_chars
                ),
            ));
        }
        Ok(())
    }

    /// Checks an article id.
    pub fn check_id(&self, id: &str) -> Result<(), ApiError> {
        if id.len() > MAX_ID_BYTES {
            return Err(ApiError::invalid_field(
                "id",
                format!("ids are at most {MAX_ID_BYTES} bytes"),
            ));
        }
        Ok(())
    }
}

/// The write key check.
#[derive(Clone)]
pub struct Auth {
    key: Option<String>,
}

impl Auth {
    /// Writes need `key`; none at all when `None`.
    pub fn new(key: Option<String>) -> Self {
        Auth {
            key: key.filter(|k| !k.is_empty()),
        }
    }

    /// Whether a key is configured.
    pub fn has_key(&self) -> bool {
        self.key.is_some()
    }

    /// Accepts `Authorization: Bearer KEY` with the configured key, compared in constant time.
    pub fn check(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let Some(key) = &self.key else {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "writes_disabled",
                "writes are disabled: start the server with --api-key KEY (or FIHRIS_API_KEY) \
                 and send Authorization: Bearer KEY",
            ));
        };
        let given = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        match given {
            Some(given) if bool::from(given.as_bytes().ct_eq(key.as_bytes())) => Ok(()),
            Some(_) => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "the API key is wrong",
            )),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "writes need Authorization: Bearer KEY",
            )),
        }
    }
}

/// What every handler shares.
pub struct AppState {
    /// The search engine.
    pub engine: Arc<Engine>,
    /// The writer queue.
    pub writes: WriteQueue,
    /// The write key.
    pub auth: Auth,
    /// The client limits.
    pub limits: Limits,
    /// Requests in flight.
    in_flight: Semaphore,
    /// Log one line per request.
    log_requests: bool,
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The index folder (created empty when missing).
    pub index_dir: PathBuf,
    /// Where to listen.
    pub listen: SocketAddr,
    /// The write key.
    pub api_key: Option<String>,
    /// Archive folders to keep indexed, with how to index them.
    pub watch: Option<IndexOptions>,
    /// Limits on clients.
    pub limits: Limits,
    /// Log one line per request on stderr.
    pub log_requests: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The index could not be opened or created.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The engine could not be opened.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// A watched folder could not be watched.
    #[error(transparent)]
    Watch(#[from] watch::WatchError),
    /// Serving failed.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// The router over `state`, with every layer: limits, JSON errors, panics caught, request log.
pub fn router(state: Arc<AppState>) -> Router {
    let limits = state.limits.clone();
    let api = Router::new()
        .route("/health", get(routes::health))
        .route(
            "/api/search",
            get(routes::search_get).post(routes::search_post),
        )
        .route("/api/articles", axum::routing::post(routes::articles_post))
        .route(
            "/api/articles/{*id}",
            get(routes::article_get).delete(routes::article_delete),
        )
        .route("/api/tags", get(routes::tags))
        .route("/api/tags/report", get(routes::tags_report))
        .route("/api/analyze", get(routes::analyze))
        .route("/api/stats", get(routes::stats))
        .route("/api/openapi.json", get(openapi::serve_json))
        .fallback(|| async { ApiError::from_status(StatusCode::NOT_FOUND) })
        .with_state(Arc::clone(&state))
        .merge(crate::web::router(Arc::clone(&state)));
    api.layer(DefaultBodyLimit::max(limits.max_body_bytes))
        .layer(middleware::from_fn(json_errors))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            panic_response,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.timeout,
        ))
        .layer(middleware::from_fn_with_state(state, admit_and_log))
}

/// Bounds requests in flight and logs each one: method, path, status, milliseconds.
async fn admit_and_log(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let announced = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let response = match state.in_flight.try_acquire() {
        // A body announced larger than the limit is refused before a byte of it is read.
        Ok(_) if announced.is_some_and(|n| n > state.limits.max_body_bytes as u64) => {
            ApiError::from_status(StatusCode::PAYLOAD_TOO_LARGE).into_response()
        }
        Ok(_permit) => next.run(request).await,
        Err(_) => ApiError::unavailable(
            "overloaded",
            format!(
                "more than {} requests at once (--max-concurrent)",
                state.limits.max_concurrent
            ),
            1,
        )
        .into_response(),
    };
    if state.log_requests {
        eprintln!(
            "{method} {path} {} {:.1}ms",
            response.status().as_u16(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    response
}

/// Gives the responses that layers and the router make (405, 413, 408/503 timeouts) the JSON
/// error body every other error has; the web pages' own error pages stay pages.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json_or_page = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| {
            v.as_bytes().starts_with(b"application/json") || v.as_bytes().starts_with(b"text/html")
        });
    if (status.is_client_error() || status.is_server_error()) && !is_json_or_page {
        let mut replaced = ApiError::from_status(status).into_response();
        if let Some(allow) = response.headers().get(axum::http::header::ALLOW) {
            replaced
                .headers_mut()
                .insert(axum::http::header::ALLOW, allow.clone());
        }
        return replaced;
    }
    response
}

fn panic_response(panic: Box<dyn std::any::Any + Send>) -> Response {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown");
    eprintln!("fihris: serve: a request handler panicked: {what}");
    ApiError::internal("the server failed on this request; it was logged").into_response()
}

/// Opens (or creates) the index, starts the writer and the watchers, and serves until SIGINT or
/// SIGTERM; then finishes the requests in flight and the writes they acknowledged.
pub async fn serve(
    options: ServeOptions,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let store = match Store::open(&options.index_dir) {
        Ok(store) => store,
        Err(StoreError::NotFound(_)) => Store::create(
            &options.index_dir,
            &crate::schema::FieldAnalyzers::default(),
        )?,
        Err(e) => return Err(e.into()),
    };
    let engine = Arc::new(Engine::open(store)?);
    let (writes, writer_thread) = WriteQueue::start(options.index_dir.clone(), Arc::clone(&engine));
    if let Some(watch) = options.watch.clone() {
        watch::start(watch, writes.clone())?;
    }
    let state = Arc::new(AppState {
        engine: Arc::clone(&engine),
        writes: writes.clone(),
        auth: Auth::new(options.api_key.clone()),
        in_flight: Semaphore::new(options.limits.max_concurrent),
        limits: options.limits.clone(),
        log_requests: options.log_requests,
    });
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: options.listen,
            source,
        })?;
    let addr = listener.local_addr()?;
    on_listening(addr);
    // Another process's commits (a `fihris index` run, a `--full` swap) become visible within a
    // second even where file-change notifications do not reach this reader.
    let reloader = {
        let engine = Arc::clone(&engine);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            loop {
                tick.tick().await;
                let engine = Arc::clone(&engine);
                let _ = tokio::task::spawn_blocking(move || engine.reload()).await;
            }
        })
    };
    serve_connections(listener, router(state), &options.limits).await;
    reloader.abort();
    finish_writes(writes, writer_thread).await;
    Ok(())
}

/// Time the requests in flight have to finish after SIGINT/SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// Accepts connections until SIGINT or SIGTERM, then lets the requests in flight finish.
///
/// Its own accept loop rather than `axum::serve`, for what that lacks: a deadline for a client's
/// headers (slow clients would otherwise hold their connection forever), a cap on open connections,
/// and a bounded wait at shutdown.
async fn serve_connections(listener: tokio::net::TcpListener, app: Router, limits: &Limits) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    let max_connections = limits.max_concurrent.saturating_mul(4).max(16);
    let connections = Arc::new(Semaphore::new(max_connections));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let header_timeout = limits.header_timeout;
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: pause instead of spinning.
                    eprintln!("fihris: serve: accept failed: {err}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
            // Over the connection cap: closed at once, which a client sees as a refusal.
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(Some(header_timeout));
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop.send(true);
    let all = u32::try_from(max_connections).unwrap_or(u32::MAX);
    if tokio::time::timeout(SHUTDOWN_GRACE, connections.acquire_many(all))
        .await
        .is_err()
    {
        eprintln!(
            "fihris: serve: requests still running after {SHUTDOWN_GRACE:?}: stopping anyway"
        );
    }
}

async fn finish_writes(writes: WriteQueue, writer_thread: WriterThread) {
    writes.shutdown();
    drop(writes);
    let _ = tokio::task::spawn_blocking(move || writer_thread.join()).await;
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    eprintln!("fihris: serve: shutting down: finishing the requests in flight");
}
