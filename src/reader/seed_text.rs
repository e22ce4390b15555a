//! The seed text format (`.txt`): one article a file.
//!
//! ```text
//! Title
//!
//! Title                 ← dropped when it repeats the title
//! - tag one             ← the run of `- ` lines: tags, as written, repeats kept
//! - tag two
//! First paragraph.      ← every other non-empty line is a body paragraph
//! Second paragraph.
//! ```
//!
//! A run of `- ` lines with a line longer than [`MAX_TAG_LINE`] is read as body paragraphs (kept
//! with their `- `), since tags are short. Known false positive: a body that opens with a list
//! of short `- ` items right after the title is read as tags.
//!
//! Blank lines carry no meaning anywhere, so `\n`, `\r\n` and lone `\r` line ends all work, and
//! files without a tag list or a repeated title (legacy plain-text archives) read as title + body.

use crate::article::Article;

/// The marker of a tag line.
const TAG_MARKER: &str = "- ";

/// The longest tag line, in characters. A run of `- ` lines with a longer one is a bulleted body,
/// not a tag list: the ANT archive has three articles whose body opens with `- ` paragraphs (the
/// longest line of each run has 386 to 795 characters), while its longest real tag has 44.
const MAX_TAG_LINE: usize = 100;

/// Parses one article; `None` when the text has no non-blank line.
pub(crate) fn parse(text: &str) -> Option<Article> {
    let mut lines = text
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .peekable();
    let title = lines.next()?.to_owned();
    lines.next_if_eq(&title.as_str());
    let run: Vec<&str> = std::iter::from_fn(|| lines.next_if(|line| is_tag_line(line))).collect();
    let (tags, mut paragraphs) = if run.iter().all(|line| line.chars().count() <= MAX_TAG_LINE) {
        // A bare `-` is an empty tag: it adds nothing.
        let tags = run
            .iter()
            .map(|line| line.strip_prefix('-').unwrap_or(line).trim())
            .filter(|tag| !tag.is_empty())
            .map(str::to_owned)
            .collect();
        (tags, Vec::new())
    } else {
        (Vec::new(), run.into_iter().map(str::to_owned).collect())
    };
    paragraphs.extend(lines.map(str::to_owned));
    Some(Article {
        title,
        paragraphs,
        tags,
        ..Article::default()
    })
}

/// A trimmed line is a tag line when it starts with `- ` (or is a lone `-`, whose trailing space
/// the trimming removed).
fn is_tag_line(line: &str) -> bool {
    line.starts_with(TAG_MARKER) || line == "-"
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// A small article in the seed's shape: repeated title, a tag list given twice, CRLF line
    /// ends, trailing spaces, a BOM-free UTF-8 text without a final newline.
    const SMALL: &str = "الحكومة تعلن الميزانية \r\n\r\nالحكومة تعلن الميزانية\r\n\
        - اقتصاد\r\n- ميزانية \r\n- اقتصاد\r\n- ميزانية\r\n\
        أعلنت الحكومة اليوم ميزانية العام المقبل.  \r\n\r\n\
        وقال الوزير إن العجز سينخفض.\r\n  - ليست وسماً بل فقرة";

    #[test]
    fn small_article_parses() {
        let article = parse(SMALL).unwrap();
        assert_eq!(article.title, "الحكومة تعلن الميزانية");
        assert_eq!(article.tags, ["اقتصاد", "ميزانية", "اقتصاد", "ميزانية"]);
        assert_eq!(
            article.paragraphs,
            [
                "أعلنت الحكومة اليوم ميزانية العام المقبل.",
                "وقال الوزير إن العجز سينخفض.",
                "- ليست وسماً بل فقرة",
            ]
        );
        assert_eq!(article.id, None);
    }

    #[test]
    fn title_not_repeated_and_no_tags() {
        let article = parse("عنوان\nفقرة أولى\n\nفقرة ثانية\n").unwrap();
        assert_eq!(article.title, "عنوان");
        assert!(article.tags.is_empty());
        assert_eq!(article.paragraphs, ["فقرة أولى", "فقرة ثانية"]);
    }

    #[test]
    fn lone_cr_line_ends_and_bare_dash() {
        let article = parse("T\rT\r- a\r-\r- b\rbody").unwrap();
        assert_eq!(article.tags, ["a", "b"]);
        assert_eq!(article.paragraphs, ["body"]);
    }

    #[test]
    fn long_dash_lines_are_a_bulleted_body_not_tags() {
        let long = format!("- {}", "كلمة ".repeat(30));
        let text = format!("عنوان\n{long}\n- قصير\nفقرة");
        let article = parse(&text).unwrap();
        assert!(article.tags.is_empty());
        assert_eq!(article.paragraphs, [long.trim(), "- قصير", "فقرة"]);
    }

    #[test]
    fn title_only_and_blank_text() {
        let article = parse("\n\n  عنوان فقط  ").unwrap();
        assert_eq!(article.title, "عنوان فقط");
        assert!(article.paragraphs.is_empty());
        assert_eq!(parse(" \n\r\n "), None);
    }

    #[test]
    fn real_seed_parses_exactly() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/seeds/000_58c241df490e0bb8.txt");
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipping: {} is absent", path.display());
            return;
        };
        let article = parse(&text).unwrap();
        let first_line = text.lines().next().unwrap().trim();
        assert_eq!(article.title, first_line);
        assert_eq!(article.tags.len(), 10);
        let mut distinct = article.tags.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 5);
        // The list is given twice, in the same order.
        assert_eq!(article.tags[..5], article.tags[5..]);
        assert_eq!(article.paragraphs.len(), 12);
        assert!(!article.paragraphs.iter().any(|p| p.starts_with("- ")));
        assert_eq!(
            article.paragraphs.last().unwrap(),
            text.lines().last().unwrap().trim()
        );
    }
}
