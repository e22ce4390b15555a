//! The tag review (`/tags`): the duplicate-tag report as a form. Each variant cluster, strictest
//! method first, can be accepted or rejected and given another canonical form among its members
//! (the suggested one preselected; `containment` clusters, mere suggestions, start rejected). The
//! form posts to `/tags/aliases`, which answers the alias file the decisions imply — the format of
//! `fihris tags report --write-aliases`, as an attachment — or, with the write key, saves it into the
//! index with `fihris index --aliases` semantics (every article's facets re-derived from its stored
//! tags) through the server's one writer.
//!
//! The aliases already in force stay in force: the report is computed over tags after them, so a
//! saved file is the stored one followed by the reviewed lines.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};

use super::i18n::Lang;
use super::text::{encode_path, query_string};
use super::{blocking, error_page, layout, Ctx, PageResult};
use crate::server::AppState;
use crate::tags::{build_report, write_aliases, Cluster, Member, Method, ReportOptions, TagReport};

/// `GET /tags`: the report as a form; `?method=NAME` shows one method, `?method=all` every one;
/// by default every merging method (the `containment` suggestions are many and mostly wrong).
pub(crate) async fn page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let pairs: HashMap<String, String> = form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    let (lang, explicit) = Lang::pick(pairs.get("lang").map(String::as_str), &headers);
    let ctx = Ctx { lang, explicit };
    let selected = pairs.get("method").cloned().unwrap_or_default();
    let report = match blocking(ctx, move || report_of(ctx, &state)).await {
        Ok(report) => report,
        Err(response) => return *response,
    };
    let shown: Vec<(usize, &Cluster)> = report
        .clusters
        .iter()
        .enumerate()
        .filter(|(_, c)| match selected.as_str() {
            "all" => true,
            "" => c.method != Method::Containment,
            name => c.method.name() == name,
        })
        .collect();
    let t = ctx.lang.t();
    let method_href = |name: &str| {
        let mut pairs = vec![("method", name)];
        pairs.extend(ctx.lang_pair());
        format!("/tags?{}", query_string(pairs))
    };
    let body = html! {
        main #main .review {
            h1 { (t.review_heading) }
            p.intro { (t.review_intro) }
            nav.methods aria-label=(t.review_methods_label) {
                @for method in Method::ALL {
                    @let n = report.clusters_by(method).count();
                    a href=(method_href(method.name()))
                        aria-current=[(selected == method.name()).then_some("page")] {
                        ((t.method_name)(method.name())) " (" (n) ")"
                    }
                }
                a href=(method_href("all")) aria-current=[(selected == "all").then_some("page")] {
                    (t.all_methods) " (" (report.clusters.len()) ")"
                }
            }
            @if shown.is_empty() {
                p.empty { (t.no_clusters) }
            } @else {
                form #review method="post" action="/tags/aliases" {
                    @if let Some((k, v)) = ctx.lang_pair() {
                        input type="hidden" name=(k) value=(v);
                    }
                    @for (number, cluster) in &shown {
                        (cluster_fieldset(ctx, *number + 1, cluster))
                    }
                    div.review-actions {
                        button type="submit" name="action" value="download" { (t.download) }
                        div.save {
                            label for="key" { (t.key_label) }
                            input #key type="password" name="key" autocomplete="current-password";
                            button type="submit" name="action" value="save" { (t.save) }
                        }
                    }
                }
            }
        }
    };
    layout(
        ctx,
        t.review_heading,
        &query_string([("method", selected.as_str())]),
        body,
    )
    .into_response()
}

fn report_of(ctx: Ctx, state: &AppState) -> PageResult<TagReport> {
    let articles =
        crate::tags::articles_of_index(&state.engine.searcher(), &state.engine.store().fields)
            .map_err(|e| error_page(ctx, StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")))?;
    Ok(build_report(&articles, &ReportOptions::default()))
}

fn cluster_fieldset(ctx: Ctx, number: usize, cluster: &Cluster) -> Markup {
    let t = ctx.lang.t();
    let i = number.to_string();
    let accepted = cluster.method != Method::Containment;
    let heading = format!("h{i}");
    html! {
        fieldset.cluster aria-labelledby=(heading) {
            legend #(heading) {
                ((t.cluster_label)(number)) " · " ((t.method_name)(cluster.method.name()))
                " · " ((t.articles_count)(cluster.articles))
                " · " (t.confidence) " " (format!("{:.2}", cluster.confidence))
            }
            input type="hidden" name="c" value=(i);
            input type="hidden" name={ "m." (i) } value=(cluster.method.name());
            input type="hidden" name={ "conf." (i) } value=(format!("{:.2}", cluster.confidence));
            div.decision {
                label { input type="radio" name={ "d." (i) } value="accept" checked[accepted]; " " (t.accept) }
                label { input type="radio" name={ "d." (i) } value="reject" checked[!accepted]; " " (t.reject) }
            }
            table.members {
                thead { tr { th scope="col" { (t.canonical) } th scope="col" { (t.articles_heading) } th scope="col" { (t.sample) } } }
                tbody {
                    @for member in &cluster.members {
                        tr {
                            td {
                                input type="hidden" name={ "v." (i) } value=(member.tag);
                                input type="hidden" name={ "n." (i) } value=(member.articles);
                                label {
                                    input type="radio" name={ "k." (i) } value=(member.tag)
                                        checked[member.tag == cluster.canonical];
                                    " " bdi { (member.tag) }
                                }
                            }
                            td.count { (member.articles) }
                            td {
                                @if let Some(example) = member.examples.first() {
                                    a href=(ctx.link(&format!("/articles/{}", encode_path(example)))) dir="auto" { bdi { (example) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One cluster as the form posted it.
#[derive(Debug, Default)]
struct Posted {
    method: Option<Method>,
    confidence: f64,
    members: Vec<(String, usize)>,
    canonical: Option<String>,
    accepted: bool,
}

/// Reads the posted decisions, in form order; clusters with a bad method or no members are left out.
fn decisions(pairs: &[(String, String)]) -> Vec<Posted> {
    let mut order: Vec<String> = Vec::new();
    let mut by: HashMap<String, Posted> = HashMap::new();
    for (key, value) in pairs {
        if key == "c" {
            order.push(value.clone());
            continue;
        }
        let Some((field, i)) = key.split_once('.') else {
            continue;
        };
        let posted = by.entry(i.to_string()).or_default();
        match field {
            "m" => posted.method = Method::ALL.into_iter().find(|m| m.name() == value),
            "conf" => posted.confidence = value.parse().unwrap_or(0.0),
            "v" => posted.members.push((value.trim().to_string(), 0)),
            "n" => {
                if let Some(last) = posted.members.last_mut() {
                    last.1 = value.parse().unwrap_or(0);
                }
            }
            "k" => posted.canonical = Some(value.trim().to_string()),
            "d" => posted.accepted = value == "accept",
            _ => {}
        }
    }
    order
        .iter()
        .filter_map(|i| by.remove(i))
        .filter(|p| p.method.is_some() && !p.members.is_empty())
        .collect()
}

/// The alias file the accepted clusters imply, in `--write-aliases` format.
fn implied_aliases(posted: &[Posted]) -> String {
    let clusters: Vec<Cluster> = posted
        .iter()
        .filter(|p| p.accepted)
        .map(|p| {
            let canonical = p
                .canonical
                .clone()
                .filter(|c| p.members.iter().any(|(m, _)| m == c))
                .unwrap_or_else(|| p.members[0].0.clone());
            Cluster {
                method: p.method.unwrap_or(Method::Containment),
                confidence: p.confidence,
                articles: p.members.iter().map(|(_, n)| n).sum(),
                canonical,
                members: p
                    .members
                    .iter()
                    .map(|(tag, articles)| Member {
                        tag: tag.clone(),
                        articles: *articles,
                        examples: Vec::new(),
                        variants: Vec::new(),
                    })
                    .collect(),
            }
        })
        .collect();
    let report = TagReport {
        clusters,
        ..TagReport::default()
    };
    uncomment_containment(&write_aliases(&report))
}

/// `write_aliases` writes `containment` lines commented out, to be reviewed; an accepted one has
/// been: its lines are live.
fn uncomment_containment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_containment = false;
    for line in text.lines() {
        if line.is_empty() {
            in_containment = false;
        } else if line.starts_with("# containment,") {
            in_containment = true;
        } else if in_containment && line.contains('\t') {
            if let Some(live) = line.strip_prefix("# ") {
                out.push_str(live);
                out.push('\n');
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `POST /tags/aliases`: `action=download` answers the alias file; `action=save` (with `key`)
/// applies it to the index.
pub(crate) async fn submit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let (lang, explicit) = Lang::pick(get("lang"), &headers);
    let ctx = Ctx { lang, explicit };
    let t = lang.t();
    let posted = decisions(&pairs);
    let stored = state
        .engine
        .store()
        .aliases_path()
        .and_then(|path| std::fs::read_to_string(path).ok());
    let reviewed = implied_aliases(&posted);
    let text = match &stored {
        Some(stored) => format!("{}\n{reviewed}", stored.trim_end()),
        None => reviewed,
    };
    if let Err(err) = crate::tags::Aliases::parse(&text) {
        return error_page(ctx, StatusCode::UNPROCESSABLE_ENTITY, &err.to_string());
    }
    if get("action") != Some("save") {
        return (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/tab-separated-values; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"aliases.tsv\""),
                ),
            ],
            text,
        )
            .into_response();
    }
    // The write key, checked as the API checks its bearer token.
    let mut auth = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_str(&format!("Bearer {}", get("key").unwrap_or_default()))
    {
        auth.insert(header::AUTHORIZATION, value);
    }
    if let Err(err) = state.auth.check(&auth) {
        return error_page(ctx, err.status, &err.message);
    }
    let done = match state.writes.save_aliases(Some(text)).await {
        Ok(done) => done,
        Err(err) => return error_page(ctx, StatusCode::SERVICE_UNAVAILABLE, &err.to_string()),
    };
    let body = html! {
        main #main .review {
            h1 { (t.review_heading) }
            p.saved role="status" { ((t.saved)(done.articles, done.changed)) }
            p {
                a href=(ctx.link("/")) { (t.see_facets) }
                " · "
                a href=(ctx.link("/tags")) { (t.back_to_review) }
            }
        }
    };
    layout(ctx, t.review_heading, "", body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn accepted_clusters_with_a_picked_canonical_become_alias_lines() {
        let form = pairs(&[
            ("c", "1"),
            ("m.1", "spelling"),
            ("conf.1", "0.90"),
            ("d.1", "accept"),
            ("v.1", "ترمب"),
            ("n.1", "5"),
            ("v.1", "ترامب"),
            ("n.1", "2"),
            ("k.1", "ترامب"),
            ("c", "2"),
            ("m.2", "stem"),
            ("d.2", "reject"),
            ("v.2", "الحوثي"),
            ("v.2", "الحوثيين"),
            ("c", "3"),
            ("m.3", "containment"),
            ("d.3", "accept"),
            ("v.3", "بايدن"),
            ("v.3", "جو بايدن"),
            ("k.3", "جو بايدن"),
        ]);
        let text = implied_aliases(&decisions(&form));
        let live: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        assert_eq!(live, ["ترمب\tترامب", "بايدن\tجو بايدن"]);
        assert!(text.contains("# spelling, confidence 0.90: ترمب (5), ترامب (2)"));
        assert!(crate::tags::Aliases::parse(&text).is_ok());
    }
}
