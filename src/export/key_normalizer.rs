//! The `fihris_key` keyword normalizer: Fihris's [`tag_key`](crate::tags::tag_key) as char filters,
//! so that the template's tag filters (`all_tags`, `any_tags`, `not_tags`, written as a person
//! writes a tag: `#أرمينيا`, `ميليشيات_الحوثي`) meet the `tag_keys` the bulk files hold.
//!
//! A normalizer may only use `mapping` and `pattern_replace` char filters and per-character token
//! filters. `tag_key` is [`fihris_analyzers::normalize`] (a character map, plus one rule over two
//! characters), then separators to one space, a space between digits and letters, and trimming:
//! 1. `fihris_key_chars` (`mapping`): every character that `normalize` changes, with what it
//!    becomes, lowercasing included (the cluster's `lowercase` filter would lowercase by its JVM's
//!    Unicode version, not Rust's); the decomposed hamzas U+0654/U+0655 are left for 2;
//! 2. `fihris_key_hamza`, `fihris_key_marks`: a decomposed hamza after و or ي makes them ء (the
//!    mapping has already removed the marks in between, as `normalize` does), any other is removed;
//! 3. `fihris_key_separators`: every run of characters that are neither letters nor digits (Rust's
//!    `char::is_alphanumeric`) becomes one space;
//! 4. `fihris_key_digit_letter`, `fihris_key_letter_digit`: a space between a digit and a letter;
//! 5. `fihris_key_trim`: no space at either end.
//!
//! The letter and digit classes are written as code point ranges generated from the Rust functions
//! `tag_key` uses, not as `\p{…}` properties, so the result does not depend on the cluster's JVM.

use fihris_analyzers::normalize;
use serde_json::{json, Map, Value};

use super::analysis::escape;
use crate::tags::{is_key_char, is_key_digit};

/// The char filters of the normalizer, in order.
pub const CHAR_FILTERS: &[&str] = &[
    "fihris_key_chars",
    "fihris_key_hamza",
    "fihris_key_marks",
    "fihris_key_separators",
    "fihris_key_digit_letter",
    "fihris_key_letter_digit",
    "fihris_key_trim",
];

/// The decomposed hamza above and below, which [`normalize`] folds with the و or ي before them.
const HAMZAS: [char; 2] = ['\u{0654}', '\u{0655}'];

/// The `mapping` rules: every character `normalize` changes on its own (all but [`HAMZAS`]).
pub fn key_mappings() -> Vec<String> {
    (0..=char::MAX as u32)
        .filter_map(char::from_u32)
        .filter(|c| !HAMZAS.contains(c))
        .filter_map(|c| {
            let one = c.to_string();
            let to = normalize(&one);
            (to != one).then(|| format!("{} => {}", escape(&one), escape(&to)))
        })
        .collect()
}

/// A Java regex character class (`[...]`, or `[^...]` with `negate`) of the characters `keep`
/// holds, as `\x{…}` ranges.
fn class(keep: impl Fn(char) -> bool, negate: bool) -> String {
    let mut out = String::from(if negate { "[^" } else { "[" });
    let mut run: Option<(u32, u32)> = None;
    let close = |run: Option<(u32, u32)>, out: &mut String| {
        if let Some((a, b)) = run {
            if a == b {
                out.push_str(&format!("\\x{{{a:X}}}"));
            } else {
                out.push_str(&format!("\\x{{{a:X}}}-\\x{{{b:X}}}"));
            }
        }
    };
    for cp in 0..=char::MAX as u32 {
        let kept = char::from_u32(cp).is_some_and(&keep);
        run = match (kept, run) {
            (true, Some((a, b))) if b + 1 == cp => Some((a, cp)),
            (true, previous) => {
                close(previous, &mut out);
                Some((cp, cp))
            }
            (false, previous) => {
                close(previous, &mut out);
                None
            }
        };
    }
    close(run, &mut out);
    out.push(']');
    out
}

fn pattern_replace(pattern: String, replacement: &str) -> Value {
    json!({"type": "pattern_replace", "pattern": pattern, "replacement": replacement})
}

/// The normalizer's char filters by name (the order is [`CHAR_FILTERS`]).
pub fn char_filters() -> Map<String, Value> {
    let hamzas = format!(
        "[\\x{{{:X}}}\\x{{{:X}}}]",
        HAMZAS[0] as u32, HAMZAS[1] as u32
    );
    let not_key = class(is_key_char, true);
    // After the separators, only key characters and single spaces are left: a letter is a
    // character that is neither a digit nor a space.
    let digit = class(|c| is_key_char(c) && is_key_digit(c), false);
    let letter = format!("[^ {}", &digit[1..]);
    let mut filters = Map::new();
    let mappings = json!({"type": "mapping", "mappings": key_mappings()});
    filters.insert(CHAR_FILTERS[0].into(), mappings);
    let rules = [
        (format!("[\\x{{648}}\\x{{64A}}]{hamzas}"), "\u{0621}"),
        (hamzas, ""),
        (format!("{not_key}+"), " "),
        (format!("({digit})({letter})"), "$1 $2"),
        (format!("({letter})({digit})"), "$1 $2"),
        ("^ +| +$".to_string(), ""),
    ];
    for (name, (pattern, replacement)) in CHAR_FILTERS[1..].iter().zip(rules) {
        filters.insert(name.to_string(), pattern_replace(pattern, replacement));
    }
    filters
}

/// The normalizer itself, for `settings.analysis.normalizer`.
pub fn normalizer() -> Value {
    json!({"type": "custom", "char_filter": CHAR_FILTERS, "filter": []})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_ranges_of_the_rust_predicates() {
        let digits = class(|c| c.is_ascii_digit(), false);
        assert_eq!(digits, "[\\x{30}-\\x{39}]");
        let not_ab = class(|c| c == 'a' || c == 'b' || c == 'd', true);
        assert_eq!(not_ab, "[^\\x{61}-\\x{62}\\x{64}]");
    }

    #[test]
    fn mappings_hold_every_change_normalize_makes() {
        let mappings = key_mappings();
        assert!(
            mappings.contains(&"\\u0623 => \\u0627".to_string()),
            "أ → ا"
        );
        assert!(
            mappings.contains(&"\\u0041 => \\u0061".to_string()),
            "A → a"
        );
        assert!(
            mappings.contains(&"\\u0640 => ".to_string()),
            "tatweel removed"
        );
        assert!(
            !mappings.iter().any(|m| m.starts_with("\\u0654")),
            "hamza is left"
        );
        assert!(
            !mappings.iter().any(|m| m.starts_with("\\u0627 ")),
            "ا is unchanged"
        );
    }

    #[test]
    fn every_filter_is_defined_in_order() {
        let filters = char_filters();
        let names: Vec<&str> = filters.keys().map(String::as_str).collect();
        let mut expected = CHAR_FILTERS.to_vec();
        expected.sort_unstable();
        let mut names_sorted = names.clone();
        names_sorted.sort_unstable();
        assert_eq!(names_sorted, expected);
        assert_eq!(filters["fihris_key_separators"]["replacement"], " ");
    }
}
