//! The article page (`/articles/{id}`, the id percent-encoded): title, date, source, URL, tags and
//! every paragraph, with the words of the search it was opened from (`?q=`) highlighted as the
//! engine matched them, and a link back to those results (`?back=`).

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::html;
use serde::Deserialize;

use super::i18n::Lang;
use super::text::{marked, query_string, time, web_link};
use super::{blocking, error_page, layout, search_error, Ctx};
use crate::server::AppState;

/// The article page's query string.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ArticleQuery {
    q: String,
    back: String,
    lang: Option<String>,
}

/// `back` when it is a link to the search page of this server (never another site).
fn back_link(back: &str) -> Option<&str> {
    (back == "/" || back.starts_with("/?")).then_some(back)
}

/// `GET /articles/{id}`.
pub(crate) async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let query: ArticleQuery =
        serde_html_form::from_str(raw.as_deref().unwrap_or_default()).unwrap_or_default();
    let (lang, explicit) = Lang::pick(query.lang.as_deref(), &headers);
    let ctx = Ctx { lang, explicit };
    let t = lang.t();
    if let Err(err) = state
        .limits
        .check_id(&id)
        .and_then(|()| state.limits.check_text("q", &query.q))
    {
        return error_page(ctx, err.status, &err.message);
    }
    let result = blocking(ctx, move || {
        let article = state
            .engine
            .article(&id)
            .map_err(|e| search_error(ctx, e))?;
        let highlighter = state.engine.highlighter(&query.q);
        Ok(article.map(|a| (a, highlighter, query)))
    })
    .await;
    let (article, highlighter, query) = match result {
        Ok(Some(found)) => found,
        Ok(None) => return error_page(ctx, StatusCode::NOT_FOUND, t.not_found),
        Err(response) => return *response,
    };
    let search_href = |tag: &str| {
        let mut pairs = vec![("tag", tag)];
        pairs.extend(ctx.lang_pair());
        format!("/?{}", query_string(pairs))
    };
    let back = back_link(&query.back);
    let body = html! {
        main #main .article {
            p.back {
                @if let Some(back) = back {
                    a href=(back) { (t.back_to_results) }
                } @else {
                    a href=(ctx.link("/")) { (t.new_search) }
                }
            }
            article {
                h1 dir="auto" { (marked(&article.title, &highlighter.ranges(&article.title))) }
                dl.meta {
                    @if let Some(date) = &article.date {
                        dt { (t.date) } dd { (time(date)) }
                    }
                    @if let Some(source) = &article.source {
                        dt { (t.source) } dd { bdi { (source) } }
                    }
                    @if let Some(url) = &article.url {
                        dt { (t.url) }
                        dd {
                            @if let Some(link) = web_link(url) {
                                a href=(link) rel="noopener noreferrer" dir="ltr" { (url) }
                            } @else {
                                bdi { (url) }
                            }
                        }
                    }
                    dt { (t.path) } dd { bdi dir="ltr" { (article.path) } }
                }
                @if !article.tags.is_empty() {
                    ul.tags aria-label=(t.tags) {
                        @for tag in &article.tags {
                            li { a href=(search_href(tag)) title=((t.filter_by)(tag)) { bdi { (tag) } } }
                        }
                    }
                }
                @for paragraph in &article.paragraphs {
                    p dir="auto" { (marked(paragraph, &highlighter.ranges(paragraph))) }
                }
            }
        }
    };
    let mut switch_pairs: Vec<(&str, &str)> = Vec::new();
    if !query.q.is_empty() {
        switch_pairs.push(("q", &query.q));
    }
    if let Some(back) = back {
        switch_pairs.push(("back", back));
    }
    layout(ctx, &article.title, &query_string(switch_pairs), body).into_response()
}
