//! The search page (`/`): the query box, the tag facets, dates and sort, the hits and the pages.
//!
//! The whole state is in the URL: `q`, `tag` (ticked tags, repeated), `mode=all|any` (how ticked
//! tags combine), `any_tag` (any-of tags however the mode is set), `not_tag` (excluded), `since`,
//! `until`, `sort`, `page` and `lang`. Facet counts are disjunctive under "any of"
//! ([`Engine::search_disjunctive`](crate::search::Engine::search_disjunctive)).

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use serde::Deserialize;

use super::i18n::Lang;
use super::text::{encode_path, marked, query_string, time};
use super::{blocking, error_page, layout, search_error, Ctx};
use crate::search::count::grouped;
use crate::search::{
    Engine, Hit, SearchRequest, SearchResults, Sort, TotalRelation, TrackTotalHits,
};
use crate::server::AppState;

/// Hits per page.
pub const PAGE_SIZE: usize = 10;
/// Tags in the facet sidebar.
pub const FACETS: usize = 20;

/// The page's query string, read leniently: a person typed or edited it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PageQuery {
    q: String,
    tag: Vec<String>,
    any_tag: Vec<String>,
    not_tag: Vec<String>,
    mode: String,
    since: String,
    until: String,
    sort: String,
    page: String,
    lang: Option<String>,
}

/// The search a page shows, normalized: empty values dropped, tags once each.
#[derive(Debug, Clone, Default)]
struct State0 {
    q: String,
    /// Ticked tags, in the order ticked.
    ticked: Vec<String>,
    any: bool,
    excluded: Vec<String>,
    since: String,
    until: String,
    sort: Sort,
    page: usize,
}

fn dedup(tags: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty() && seen.insert(crate::tags::tag_key(t)))
        .collect()
}

impl State0 {
    fn of(query: PageQuery) -> State0 {
        let any = query.mode == "any" || (query.mode.is_empty() && !query.any_tag.is_empty());
        State0 {
            q: query.q,
            ticked: dedup(query.tag.into_iter().chain(query.any_tag)),
            any,
            excluded: dedup(query.not_tag),
            since: query.since.trim().to_string(),
            until: query.until.trim().to_string(),
            sort: match query.sort.as_str() {
                "newest" => Sort::Newest,
                "oldest" => Sort::Oldest,
                _ => Sort::Relevance,
            },
            page: query.page.trim().parse().unwrap_or(1).max(1),
        }
    }

    fn request(&self) -> SearchRequest {
        let (all_tags, any_tags) = if self.any {
            (Vec::new(), self.ticked.clone())
        } else {
            (self.ticked.clone(), Vec::new())
        };
        let date = |d: &str| (!d.is_empty()).then(|| d.to_string());
        SearchRequest {
            query: self.q.clone(),
            all_tags,
            any_tags,
            not_tags: self.excluded.clone(),
            since: date(&self.since),
            until: date(&self.until),
            sort: self.sort,
            limit: PAGE_SIZE,
            offset: (self.page - 1).saturating_mul(PAGE_SIZE),
            facets: FACETS,
            snippets: true,
            track_total_hits: TrackTotalHits::default(),
            variants: true,
        }
    }

    /// The query string of this state (page 1 unless `page` says), with the language when chosen.
    fn query(&self, ctx: Ctx, page: usize) -> String {
        let sort = match self.sort {
            Sort::Relevance => "",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        };
        let page = page.to_string();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", &self.q));
        }
        pairs.extend(self.ticked.iter().map(|t| ("tag", t.as_str())));
        if self.any && !self.ticked.is_empty() {
            pairs.push(("mode", "any"));
        }
        pairs.extend(self.excluded.iter().map(|t| ("not_tag", t.as_str())));
        for (k, v) in [("since", &self.since), ("until", &self.until)] {
            if !v.is_empty() {
                pairs.push((k, v));
            }
        }
        if !sort.is_empty() {
            pairs.push(("sort", sort));
        }
        if page != "1" {
            pairs.push(("page", &page));
        }
        pairs.extend(ctx.lang_pair());
        query_string(pairs)
    }

    fn href(&self, ctx: Ctx, page: usize) -> String {
        let query = self.query(ctx, page);
        if query.is_empty() {
            "/".to_string()
        } else {
            format!("/?{query}")
        }
    }

    /// This search with the query `q` instead, from page 1 (the "did you mean" link).
    fn with_query(&self, q: &str) -> State0 {
        let mut next = self.clone();
        next.q = q.to_string();
        next.page = 1;
        next
    }

    /// This search with `tag` ticked too (a hit's tag link).
    fn with_tag(&self, tag: &str) -> State0 {
        let mut next = self.clone();
        next.ticked = dedup(next.ticked.into_iter().chain([tag.to_string()]));
        next.page = 1;
        next
    }
}

/// `GET /`.
pub(crate) async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let raw = raw.unwrap_or_default();
    let query: PageQuery = serde_html_form::from_str(&raw).unwrap_or_default();
    let (lang, explicit) = Lang::pick(query.lang.as_deref(), &headers);
    let ctx = Ctx { lang, explicit };
    let current = State0::of(query);
    let request = current.request();
    if let Err(err) = state.limits.check_search(&request) {
        return error_page(ctx, err.status, &err.message);
    }
    let started = Instant::now();
    let engine_state = Arc::clone(&state);
    let rendered = blocking(ctx, move || {
        let engine = &engine_state.engine;
        let results = engine
            .search_disjunctive(&request, &current.ticked)
            .map_err(|e| search_error(ctx, e))?;
        let sources = sources_of(engine, &results.hits);
        // Pages beyond the deepest offset the server serves are not offered.
        let max_pages = engine_state.limits.max_offset / PAGE_SIZE + 1;
        Ok(render(ctx, engine, &current, &results, &sources, max_pages))
    })
    .await;
    match rendered {
        Ok(markup) => {
            let mut response = markup.into_response();
            // The server's own time for this page, for the benchmark and the curious.
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            if let Ok(value) = HeaderValue::from_str(&format!("page;dur={ms:.2}")) {
                response.headers_mut().insert("server-timing", value);
            }
            response
        }
        Err(response) => *response,
    }
}

/// Each hit's source (not part of a hit: read from the stored article, whose block the hit's own
/// read has just cached).
fn sources_of(engine: &Engine, hits: &[Hit]) -> Vec<Option<String>> {
    hits.iter()
        .map(|hit| {
            engine
                .article(&hit.id)
                .ok()
                .flatten()
                .and_then(|a| a.source)
        })
        .collect()
}

fn render(
    ctx: Ctx,
    engine: &Engine,
    current: &State0,
    results: &SearchResults,
    sources: &[Option<String>],
    max_pages: usize,
) -> Markup {
    let t = ctx.lang.t();
    let title = if current.q.trim().is_empty() {
        t.nav_search.to_string()
    } else {
        current.q.clone()
    };
    let switch = {
        let plain = Ctx {
            explicit: false,
            ..ctx
        };
        current.query(plain, current.page)
    };
    let body = html! {
        form #search role="search" method="get" action="/" {
            label for="q" { (t.search_label) }
            div.searchbar {
                input #q type="search" name="q" value=(current.q) dir="auto"
                    placeholder=(t.search_placeholder) autocomplete="off";
                button type="submit" { (t.search_button) }
            }
            @if let Some((k, v)) = ctx.lang_pair() {
                input type="hidden" name=(k) value=(v);
            }
            details.help {
                summary { (t.help_summary) }
                dl {
                    @for (example, meaning) in t.help {
                        dt { code dir="rtl" { (example) } }
                        dd { (meaning) }
                    }
                }
            }
        }
        div #page .layout {
            (sidebar(ctx, engine, current, results))
            (main(ctx, engine, current, results, sources, max_pages))
        }
    };
    layout(ctx, &title, &switch, body)
}

fn sidebar(ctx: Ctx, engine: &Engine, current: &State0, results: &SearchResults) -> Markup {
    let t = ctx.lang.t();
    let facets = &results.facets;
    let key = |tag: &str| engine.tag_key(tag);
    let ticked: std::collections::HashSet<String> = current.ticked.iter().map(|t| key(t)).collect();
    let excluded: std::collections::HashSet<String> =
        current.excluded.iter().map(|t| key(t)).collect();
    html! {
        aside #facets aria-labelledby="facets-heading" {
            h2 #facets-heading { (t.facets_heading) }
            @if results.facets_sampled {
                p #facets-sampled .hint { ((t.facets_sampled)(&grouped(results.total))) }
            }
            div.tag-search {
                label for="tag-search" { (t.tag_search_label) }
                input #tag-search type="search" name="tag" form="search" dir="auto"
                    autocomplete="off" aria-describedby="tag-search-hint"
                    aria-controls="tag-suggestions";
                p #tag-search-hint .hint { (t.tag_search_hint) }
                ul #tag-suggestions aria-live="polite" {}
            }
            fieldset.mode {
                legend { (t.combine_legend) }
                label { input type="radio" name="mode" value="all" form="search" checked[!current.any]; " " (t.mode_all) }
                label { input type="radio" name="mode" value="any" form="search" checked[current.any]; " " (t.mode_any) }
            }
            @if facets.is_empty() {
                p.hint { (t.no_tags) }
            }
            ul.facets {
                @for facet in facets {
                    @let k = key(&facet.tag);
                    li {
                        label.facet {
                            input type="checkbox" name="tag" value=(facet.tag) form="search"
                                checked[ticked.contains(&k)];
                            " " bdi { (facet.tag) } " "
                            span.count { "(" (facet.count) ")" }
                        }
                        label.exclude title={ (t.exclude) " " (facet.tag) } {
                            input type="checkbox" name="not_tag" value=(facet.tag) form="search"
                                aria-label={ (t.exclude) " " (facet.tag) }
                                checked[excluded.contains(&k)];
                            span aria-hidden="true" { "⊘" }
                        }
                    }
                }
            }
            @let shown: std::collections::HashSet<String> = facets.iter().map(|f| key(&f.tag)).collect();
            @let hidden_excluded: Vec<&String> = current.excluded.iter().filter(|t| !shown.contains(&key(t))).collect();
            @if !hidden_excluded.is_empty() {
                h3 { (t.excluded_heading) }
                ul.facets.excluded {
                    @for tag in hidden_excluded {
                        li {
                            label.facet {
                                input type="checkbox" name="not_tag" value=(tag) form="search" checked
                                    aria-label={ (t.exclude) " " (tag) };
                                " " bdi { (tag) }
                            }
                        }
                    }
                }
            }
            fieldset.dates {
                legend { (t.dates_legend) }
                label { (t.since) " " input type="date" name="since" value=(current.since) form="search"; }
                label { (t.until) " " input type="date" name="until" value=(current.until) form="search"; }
            }
            label.sort {
                (t.sort_label) " "
                select name="sort" form="search" {
                    option value="relevance" selected[current.sort == Sort::Relevance] { (t.sort_relevance) }
                    option value="newest" selected[current.sort == Sort::Newest] { (t.sort_newest) }
                    option value="oldest" selected[current.sort == Sort::Oldest] { (t.sort_oldest) }
                }
            }
            div.actions {
                button type="submit" form="search" { (t.apply) }
                @let cleared = State0 { q: current.q.clone(), ..State0::default() };
                a href=(cleared.href(ctx, 1)) { (t.clear) }
            }
        }
    }
}

fn main(
    ctx: Ctx,
    engine: &Engine,
    current: &State0,
    results: &SearchResults,
    sources: &[Option<String>],
    max_pages: usize,
) -> Markup {
    let t = ctx.lang.t();
    let highlighter = engine.highlighter(&current.q);
    let back = current.href(ctx, current.page);
    let pages = results.total.div_ceil(PAGE_SIZE).min(max_pages);
    html! {
        main #main aria-labelledby="results-heading" {
            h2 #results-heading .visually-hidden { (t.results_heading) }
            p #summary .summary aria-live="polite" {
                @if results.total_relation == TotalRelation::Gte {
                    ((t.results_more)(&grouped(results.total), results.took_ms))
                } @else {
                    ((t.results)(results.total, results.took_ms))
                }
            }
            @if let Some(suggestion) = &results.did_you_mean {
                // The same filters, the suggested query: one click runs it.
                p #did-you-mean .warning {
                    (t.did_you_mean) " "
                    a href=(current.with_query(suggestion).href(ctx, 1)) { bdi { (suggestion) } }
                }
            }
            @for warning in &results.warnings {
                p.warning dir="auto" { (warning) }
            }
            @for unknown in &results.unknown_tags {
                p.warning {
                    ((t.unknown_tag)(&unknown.tag))
                    @if !unknown.suggestions.is_empty() {
                        " " (t.did_you_mean) " "
                        @for (i, s) in unknown.suggestions.iter().enumerate() {
                            @if i > 0 { "، " }
                            a href=(current.with_tag(s).href(ctx, 1)) { bdi { (s) } }
                        }
                    }
                }
            }
            @if results.hits.is_empty() {
                p.empty { (t.no_results) }
            }
            ol.hits start=((current.page - 1) * PAGE_SIZE + 1) {
                @for (hit, source) in results.hits.iter().zip(sources) {
                    (hit_item(ctx, current, hit, source.as_deref(), &highlighter, &back))
                }
            }
            @if pages > 1 {
                (pager(ctx, current, pages))
            }
        }
    }
}

fn hit_item(
    ctx: Ctx,
    current: &State0,
    hit: &Hit,
    source: Option<&str>,
    highlighter: &crate::search::highlight::Highlighter,
    back: &str,
) -> Markup {
    let t = ctx.lang.t();
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if !current.q.is_empty() {
        pairs.push(("q", &current.q));
    }
    pairs.push(("back", back));
    pairs.extend(ctx.lang_pair());
    let href = format!("/articles/{}?{}", encode_path(&hit.id), query_string(pairs));
    let highlights: Vec<std::ops::Range<usize>> =
        hit.highlights.iter().map(|[a, b]| *a..*b).collect();
    html! {
        li.hit {
            h3 { a href=(href) dir="auto" { (marked(&hit.title, &highlighter.ranges(&hit.title))) } }
            p.meta {
                @if let Some(date) = &hit.date { (time(date)) }
                @if let Some(source) = source { " · " bdi.source { (source) } }
            }
            @if !hit.snippet.is_empty() {
                p.snippet dir="auto" { (marked(&hit.snippet, &highlights)) }
            }
            @if !hit.tags.is_empty() {
                ul.tags aria-label=(t.tags_of_hit) {
                    @for tag in &hit.tags {
                        li { a href=(current.with_tag(tag).href(ctx, 1)) title=((t.filter_by)(tag)) { bdi { (tag) } } }
                    }
                }
            }
        }
    }
}

fn pager(ctx: Ctx, current: &State0, pages: usize) -> Markup {
    let t = ctx.lang.t();
    let page = current.page;
    let first = page.saturating_sub(3).max(1);
    let last = (page + 3).min(pages);
    html! {
        nav.pager aria-label=(t.pages_label) {
            @if page > 1 {
                a rel="prev" href=(current.href(ctx, page - 1)) { (t.previous) }
            }
            @for n in first..=last {
                @if n == page {
                    span aria-current="page" { (n) }
                } @else {
                    a href=(current.href(ctx, n)) aria-label=((t.page_of)(n, pages)) { (n) }
                }
            }
            @if page < pages {
                a rel="next" href=(current.href(ctx, page + 1)) { (t.next) }
            }
        }
    }
}
