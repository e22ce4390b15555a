//! The web page for journalists, served by `fihris serve` beside the API: search with tag facets
//! (`/`), an article (`/articles/{id}`) and the tag review (`/tags`).
//!
//! Every page is rendered on the server ([`maud`]: HTML checked at compile time, every value from
//! the archive escaped), with its state in the URL, so it works without JavaScript; the small script
//! only adds as-you-type tag search and updates without reloading. The CSS and the script are
//! compiled into the binary and served under a content hash, so a cached page never mixes versions.
//! Arabic and right to left first ([`i18n`]); English with `?lang=en` or the browser's language.

mod article;
pub mod i18n;
mod review;
mod search;
pub mod text;

use std::sync::{Arc, LazyLock};

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup, DOCTYPE};

use crate::server::AppState;
use i18n::Lang;

const CSS: &str = include_str!("assets/app.css");
const JS: &str = include_str!("assets/app.js");

/// An asset's URL, versioned by a hash of its content.
struct Asset {
    path: String,
    body: &'static str,
    content_type: &'static str,
}

fn asset(name: &str, ext: &str, body: &'static str, content_type: &'static str) -> Asset {
    // FNV-1a: stable across builds, so the URL changes exactly when the content does.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    Asset {
        path: format!("{name}-{:012x}.{ext}", hash & 0xffff_ffff_ffff),
        body,
        content_type,
    }
}

static ASSETS: LazyLock<[Asset; 2]> = LazyLock::new(|| {
    [
        asset("app", "css", CSS, "text/css; charset=utf-8"),
        asset("app", "js", JS, "text/javascript; charset=utf-8"),
    ]
});

/// The page routes, to merge into the server's router.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(search::page))
        .route("/articles/{*id}", get(article::page))
        .route("/tags", get(review::page))
        .route("/tags/aliases", post(review::submit))
        .route("/assets/{file}", get(serve_asset))
        .with_state(state)
}

async fn serve_asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|a| a.path == file) {
        Some(asset) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(asset.content_type),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            asset.body,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such asset").into_response(),
    }
}

/// What every page shares: the language, and whether the URL chose it (then links keep it).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ctx {
    pub lang: Lang,
    pub explicit: bool,
}

impl Ctx {
    /// `lang=xx` for a link's query string, when the URL chose the language.
    pub fn lang_pair(&self) -> Option<(&'static str, &'static str)> {
        self.explicit.then(|| ("lang", self.lang.code()))
    }

    /// `path` with the language kept.
    pub fn link(&self, path: &str) -> String {
        match self.lang_pair() {
            Some((k, v)) => format!("{path}?{k}={v}"),
            None => path.to_string(),
        }
    }
}

/// The page shell: head, assets, header with navigation and the language switch.
pub(crate) fn layout(ctx: Ctx, title: &str, switch_query: &str, body: Markup) -> Markup {
    let t = ctx.lang.t();
    let other = ctx.lang.other();
    let switch = if switch_query.is_empty() {
        format!("?lang={}", other.code())
    } else {
        format!("?{switch_query}&lang={}", other.code())
    };
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.code()) dir=(ctx.lang.dir()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // No icon to fetch: a 404 for /favicon.ico would be noise in every console.
                link rel="icon" href="data:,";
                title { (title) " · " (t.app) }
                link rel="stylesheet" href={ "/assets/" (ASSETS[0].path) };
                script src={ "/assets/" (ASSETS[1].path) } defer {}
            }
            body {
                header.top {
                    a.brand href=(ctx.link("/")) { (t.app) }
                    nav aria-label=(t.nav_label) {
                        a href=(ctx.link("/")) { (t.nav_search) }
                        a href=(ctx.link("/tags")) { (t.nav_tags) }
                        a href=(switch) lang=(other.code()) hreflang=(other.code()) { (other.t().language_name) }
                    }
                }
                (body)
            }
        }
    }
}

/// An error as a page (the API's errors are JSON; a person reading a page gets a page).
pub(crate) fn error_page(ctx: Ctx, status: StatusCode, message: &str) -> Response {
    let t = ctx.lang.t();
    let body = html! {
        main #main {
            h1 { (t.error_heading) }
            p.error role="alert" dir="auto" { (message) }
            p { a href=(ctx.link("/")) { (t.new_search) } }
        }
    };
    (status, layout(ctx, t.error_heading, "", body)).into_response()
}

/// A page's work: its value, or the error page to answer instead (boxed: a response is large).
pub(crate) type PageResult<T> = Result<T, Box<Response>>;

/// Runs blocking engine work off the async threads; a panic in it is a 500 page, not a crash.
pub(crate) async fn blocking<T: Send + 'static>(
    ctx: Ctx,
    work: impl FnOnce() -> PageResult<T> + Send + 'static,
) -> PageResult<T> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|_| {
        Err(Box::new(error_page(
            ctx,
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error",
        )))
    })
}

/// A search error as a page: a bad field is the request's fault (422), the rest the server's.
pub(crate) fn search_error(ctx: Ctx, err: crate::search::SearchError) -> Box<Response> {
    let api = crate::server::error::ApiError::from(err);
    Box::new(error_page(ctx, api.status, &api.message))
}
