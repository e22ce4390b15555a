//! Text the archive controls, made safe for a terminal: every text renderer passes titles, tags,
//! snippets, ids and paths through [`safe`] (JSON output keeps the text exact: its escapes are inert).
//!
//! An article can hold control codes (`ESC [ 2 J` clears the screen, OSC sequences retitle the
//! window or write the clipboard) and bidi overrides that reorder what follows them on the line.
//! [`safe`] writes C0 and C1 controls as visible escapes and removes bidi embeddings, overrides and
//! isolates; [`isolate`] then wraps a right-to-left field in isolates of our own (FSI … PDI), so a
//! bidi terminal lays out the columns around it left to right.

use std::borrow::Cow;

/// FIRST STRONG ISOLATE: the field takes the direction of its first letter.
const FSI: char = '\u{2068}';
/// POP DIRECTIONAL ISOLATE.
const PDI: char = '\u{2069}';

/// Whether `c` is a bidi embedding, override or isolate (U+202A–202E, U+2066–2069).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is a C0 or C1 control (or DEL).
fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

/// `text` with C0/C1 controls written as `\x1B`-style escapes (a tab and a line break too: a field
/// is one line) and bidi controls removed. Borrowed when there is nothing to change.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_control(c) || is_bidi_control(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            out.push_str(&format!("\\x{:02X}", u32::from(c)));
        } else if !is_bidi_control(c) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`safe`] `text`, wrapped in FSI … PDI when it holds a right-to-left letter, so that it neither
/// sets the direction of the line it sits on nor reorders the columns beside it.
pub fn isolate(text: &str) -> Cow<'_, str> {
    let text = safe(text);
    if text.chars().any(is_rtl) {
        Cow::Owned(format!("{FSI}{text}{PDI}"))
    } else {
        text
    }
}

/// Whether to colour output going to a stream that `is_terminal`: not when `NO_COLOR` is set
/// (non-empty, as no-color.org says) nor on `TERM=dumb`, which cannot show escapes.
pub fn use_colour(is_terminal: bool) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    is_terminal && !no_color && !is_dumb_terminal()
}

/// Whether `TERM=dumb`: no colour, and no progress bar (it cannot redraw a line).
pub fn is_dumb_terminal() -> bool {
    std::env::var_os("TERM").is_some_and(|t| t == "dumb")
}

/// Hebrew, Arabic, Syriac, Thaana, NKo… and the Arabic presentation forms.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_bidi_overrides_stripped() {
        assert_eq!(safe("\u{1b}[2Jعنوان\u{7}"), "\\x1B[2Jعنوان\\x07");
        assert_eq!(safe("a\u{9b}b\nc"), "a\\x9Bb\\x0Ac");
        assert_eq!(safe("\u{202E}cba\u{202C} \u{2067}x\u{2069}"), "cba x");
        assert!(matches!(safe("بوتين, Putin"), Cow::Borrowed(_)));
    }

    #[test]
    fn arabic_fields_are_isolated_and_archive_isolates_are_not_kept() {
        assert_eq!(isolate("روسيا"), "\u{2068}روسيا\u{2069}");
        assert_eq!(isolate("\u{2069}روسيا"), "\u{2068}روسيا\u{2069}");
        assert_eq!(isolate("Russia"), "Russia");
    }
}
