//! Bytes to text: UTF-8 or Windows-1256, refusing binary data and mojibake.
//!
//! Legacy Arabic archives are often Windows-1256. Every byte sequence "decodes" as Windows-1256,
//! so auto-detection only accepts the result when it reads as Arabic: most letters Arabic, and,
//! in longer texts, the definite article ال common among Arabic words. This rejects Latin-1 and
//! Cyrillic (Windows-1251) files, whose letters would otherwise land on Arabic code points. Known
//! false negative: a Windows-1256 file that is mostly Latin-script text is refused (force it with
//! `--encoding windows-1256`).

use super::{Encoding, ReadError};

/// The UTF-8 byte order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Arabic words needed before the ال test applies: short titles may lack the article.
const MIN_WORDS_FOR_ARTICLE_TEST: usize = 20;

/// Decodes a whole file. Trailing NUL bytes (the terminator some legacy writers append) are
/// dropped; any other NUL, or a text that is mostly control characters, is binary.
pub(crate) fn decode(mut bytes: Vec<u8>, encoding: Encoding) -> Result<String, ReadError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ReadError::Undecodable(
            "UTF-16 text; convert it to UTF-8".to_owned(),
        ));
    }
    while matches!(bytes.last(), Some(0 | 0x1A)) {
        // 0x1A is the DOS end-of-file mark, which old Windows tools also leave at the end.
        bytes.pop();
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    let text = match encoding {
        Encoding::Utf8 => utf8(strip_bom(bytes)).map_err(|offset| {
            ReadError::Undecodable(format!("not valid UTF-8 (bad byte at offset {offset})"))
        })?,
        Encoding::Windows1256 => windows_1256(&bytes),
        Encoding::Auto => auto(strip_bom(bytes))?,
    };
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    check_not_lost(&text)?;
    if mostly_control(&text) {
        return Err(ReadError::Binary);
    }
    Ok(text)
}

fn strip_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    bytes
}

/// Valid UTF-8 as a `String` without copying; else the offset of the first bad byte.
fn utf8(bytes: Vec<u8>) -> Result<String, usize> {
    String::from_utf8(bytes).map_err(|e| e.utf8_error().valid_up_to())
}

fn windows_1256(bytes: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1256.decode_without_bom_handling(bytes);
    text.into_owned()
}

fn auto(bytes: Vec<u8>) -> Result<String, ReadError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = windows_1256(error.as_bytes());
            check_not_lost(&text)?;
            if looks_arabic(&text) {
                Ok(text)
            } else {
                Err(ReadError::Undecodable(format!(
                    "not UTF-8 (bad byte at offset {offset}), and not Arabic as Windows-1256"
                )))
            }
        }
    }
}

/// Whether `c` is a letter of the Arabic block (U+0600–U+06FF), digits and punctuation excluded.
fn is_arabic_letter(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic()
}

/// Whether a Windows-1256 decoding reads as Arabic:
/// - at least 60% of the letters are Arabic;
/// - at most 20% of the Arabic letters are ط or ظ: damaged UTF-8 Arabic read as Windows-1256
///   turns every lead byte 0xD8/0xD9 into one of them (over 80%), while real text has under 3%
///   (the most in the 2,910-file Windows-1256 newspapers corpus: 2.9%);
/// - when there are enough Arabic words to tell, at least 1 in 20 of them contains ال (real
///   Arabic news runs near 1 in 3; Cyrillic mojibake almost never forms that pair).
pub(crate) fn looks_arabic(text: &str) -> bool {
    let (mut arabic, mut other, mut ta_za) = (0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if is_arabic_letter(c) {
            arabic += 1;
            ta_za += usize::from(matches!(c, 'ط' | 'ظ'));
        } else {
            other += 1;
        }
    }
    if arabic == 0 || arabic * 10 < (arabic + other) * 6 || ta_za * 5 > arabic {
        return false;
    }
    let words: Vec<&str> = text
        .split(|c: char| !is_arabic_letter(c))
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < MIN_WORDS_FOR_ARTICLE_TEST {
        return true;
    }
    let with_article = words.iter().filter(|w| w.contains("ال")).count();
    with_article * 20 >= words.len()
}

/// Refuses text whose letters were already replaced by `?` (or U+FFFD) before it reached us: a
/// file once converted to a code page without Arabic. More than a fifth of the non-blank
/// characters (and at least 10) being replacements is far beyond any real use of `?`.
fn check_not_lost(text: &str) -> Result<(), ReadError> {
    let (mut lost, mut total) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        total += 1;
        if matches!(c, '?' | '\u{FFFD}') {
            lost += 1;
        }
    }
    if lost >= 10 && lost * 5 > total {
        return Err(ReadError::Undecodable(format!(
            "{}% of the characters are '?': the text was lost in an earlier conversion",
            lost * 100 / total
        )));
    }
    Ok(())
}

/// More than 1% control characters (other than tab, line feed, carriage return and form feed):
/// no text file looks like that.
fn mostly_control(text: &str) -> bool {
    let (mut control, mut total) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C') {
            control += 1;
        }
    }
    control * 100 > total
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARABIC: &str = "قال رئيس الوزراء إن الحكومة ستعلن الميزانية الجديدة في الأسبوع المقبل";

    fn cp1256(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
        assert!(!unmappable, "test text must be encodable in Windows-1256");
        bytes.into_owned()
    }

    #[test]
    fn utf8_with_bom_is_read_without_it() {
        let bytes = [UTF8_BOM, ARABIC.as_bytes()].concat();
        assert_eq!(decode(bytes, Encoding::Auto).unwrap(), ARABIC);
    }

    #[test]
    fn windows_1256_is_detected_and_trailing_nul_tolerated() {
        let mut bytes = cp1256(&format!("{ARABIC}\r\n"));
        bytes.push(0);
        assert_eq!(
            decode(bytes, Encoding::Auto).unwrap(),
            format!("{ARABIC}\r\n")
        );
    }

    #[test]
    fn forced_encodings_are_obeyed() {
        let bytes = cp1256(ARABIC);
        assert!(matches!(
            decode(bytes.clone(), Encoding::Utf8),
            Err(ReadError::Undecodable(_))
        ));
        assert_eq!(decode(bytes, Encoding::Windows1256).unwrap(), ARABIC);
    }

    #[test]
    fn latin1_and_cyrillic_are_not_taken_for_arabic() {
        // "Élève à l'école" in Latin-1: invalid UTF-8, mostly Latin letters.
        let latin1 = b"\xC9l\xE8ve \xE0 l'\xE9cole, le caf\xE9 est fran\xE7ais".to_vec();
        assert!(matches!(
            decode(latin1, Encoding::Auto),
            Err(ReadError::Undecodable(_))
        ));
        // Russian in Windows-1251: its letters map onto Arabic code points in Windows-1256.
        let russian = "Правительство объявило новый бюджет на следующей неделе. ".repeat(5);
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&russian);
        assert!(matches!(
            decode(bytes.into_owned(), Encoding::Auto),
            Err(ReadError::Undecodable(_))
        ));
    }

    #[test]
    fn damaged_utf8_is_not_read_as_windows_1256() {
        // One bad byte in UTF-8 Arabic: as Windows-1256 it would be mojibake (ط§ظ„…).
        for text in [ARABIC.repeat(3), "الحكومة تعلن الميزانية".to_owned()] {
            let mut bytes = text.into_bytes();
            bytes.push(0xFF);
            assert!(matches!(
                decode(bytes, Encoding::Auto),
                Err(ReadError::Undecodable(_))
            ));
        }
    }

    #[test]
    fn nul_inside_or_control_characters_mean_binary() {
        assert!(matches!(
            decode(b"abc\0def".to_vec(), Encoding::Auto),
            Err(ReadError::Binary)
        ));
        assert!(matches!(
            decode(b"\x01\x02\x03\x04text".to_vec(), Encoding::Auto),
            Err(ReadError::Binary)
        ));
    }

    #[test]
    fn whitespace_bom_and_nuls_only_is_empty() {
        for bytes in [&b""[..], b"  \r\n\t", b"\xEF\xBB\xBF\n", b"\n\0\0"] {
            assert!(
                matches!(
                    decode(bytes.to_vec(), Encoding::Auto),
                    Err(ReadError::Empty)
                ),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn text_already_lost_to_question_marks_is_refused() {
        // An Arabic text once converted to a code page without Arabic: letters became `?`.
        let lost = b"\xA0?? ???? C?E?? ???? ??E? ??? ?????? ?? C??????".to_vec();
        let ascii = lost[1..].to_vec();
        for (encoding, bytes) in [
            (Encoding::Auto, lost.clone()),
            (Encoding::Windows1256, lost),
            (Encoding::Utf8, ascii),
        ] {
            let err = decode(bytes, encoding).unwrap_err();
            assert!(err.to_string().contains("'?'"), "{encoding}: {err}");
        }
        // A real text full of questions is nowhere near that share.
        let questions = "هل وصلت الطائرة إلى المطار? ".repeat(12);
        assert!(decode(questions.as_bytes().to_vec(), Encoding::Auto).is_ok());
    }

    #[test]
    fn utf16_is_refused_with_a_reason() {
        let err = decode(b"\xFF\xFEa\0b\0".to_vec(), Encoding::Auto).unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
    }
}
