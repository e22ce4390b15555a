//! Text from the archive on a page: highlights as `<mark>` with everything around them escaped,
//! ids in URL paths, and links that are only ever web links.

use std::ops::Range;

use maud::{html, Markup, PreEscaped};

/// `text` with each of `ranges` (byte ranges, as the engine gives them) inside `<mark>`, everything
/// HTML-escaped. Ranges out of bounds, off a character boundary, empty or overlapping an earlier one
/// are skipped rather than trusted: the text is shown whole either way.
pub fn marked(text: &str, ranges: &[Range<usize>]) -> Markup {
    let mut sorted: Vec<&Range<usize>> = ranges.iter().collect();
    sorted.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(text.len() + 16 * ranges.len());
    let mut at = 0;
    for range in sorted {
        let valid = range.start >= at
            && range.start < range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        if !valid {
            continue;
        }
        escape_into(&text[at..range.start], &mut out);
        out.push_str("<mark>");
        escape_into(&text[range.clone()], &mut out);
        out.push_str("</mark>");
        at = range.end;
    }
    escape_into(&text[at..], &mut out);
    PreEscaped(out)
}

fn escape_into(text: &str, out: &mut String) {
    maud::Render::render_to(text, out);
}

/// The path segment of an article id: every byte but the unreserved ones percent-encoded, so ids
/// holding `/`, `:`, `[`, `?` or `#` survive the trip (the router decodes them).
pub fn encode_path(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A query string from pairs, form-encoded.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        serializer.append_pair(k, v);
    }
    serializer.finish()
}

/// `url` when it is an `http(s)` link, to be used as an `href`; anything else (`javascript:`,
/// `data:`) is shown as text only.
pub fn web_link(url: &str) -> Option<&str> {
    let lower = url
        .trim_start()
        .get(..8)
        .unwrap_or_default()
        .to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url.trim())
}

/// A date as a `<time>` element.
pub fn time(date: &str) -> Markup {
    html! { time datetime=(date) { (date.get(..10).unwrap_or(date)) } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_wrap_the_ranges_and_everything_is_escaped() {
        let text = "<b>قال</b> المسؤولون & غادروا";
        let start = text.find("المسؤولون").unwrap();
        let word = start..start + "المسؤولون".len();
        let html = marked(text, std::slice::from_ref(&word)).into_string();
        assert_eq!(
            html,
            "&lt;b&gt;قال&lt;/b&gt; <mark>المسؤولون</mark> &amp; غادروا"
        );
    }

    #[test]
    fn ranges_off_character_boundaries_or_out_of_bounds_are_skipped() {
        let text = "مسؤول";
        #[allow(clippy::reversed_empty_ranges)]
        let bad = [1..3, 0..100, 4..2];
        assert_eq!(marked(text, &bad).into_string(), text);
        assert_eq!(
            marked(text, &[0..2, 0..4]).into_string(),
            "<mark>م</mark>سؤول"
        );
    }

    #[test]
    fn ids_are_encoded_whole_and_only_web_links_are_links() {
        assert_eq!(encode_path("a/b:c[1]"), "a%2Fb%3Ac%5B1%5D");
        assert_eq!(encode_path("أ"), "%D8%A3");
        assert_eq!(web_link("https://x.test/a"), Some("https://x.test/a"));
        assert_eq!(web_link("javascript:alert(1)"), None);
        assert_eq!(web_link(" JavaScript:alert(1)"), None);
    }
}
