//! Bytes to text: UTF-8 or Windows-1256, refusing binary data and mojibake.
//!
//! Legacy Arabic archives are often Windows-1256. Every byte sequence "decodes" as Windows-1256,
//! so auto-detection only accepts the result when it reads as Arabic: most letters Arabic, and,
//! in longer texts, the definite article ال common among Arabic words. This rejects Latin-1 and
//! Cyrillic (Windows-1251) files, whose letters would otherwise land on Arabic code points. Known
//! false negative: a Windows-1256 file that is mostly Latin-script text is refused (force it with
//! `--encoding windows-1256`).
//!
//! UTF-8 with a few invalid bytes (a file cut and glued, a byte flipped on disk) is kept, the bad
//! bytes replaced by U+FFFD, with a [`Warning`] giving their number and where the first is. "A
//! few" means at most one in ten of the non-ASCII bytes: damaged UTF-8 Arabic is still nearly all
//! valid two-byte sequences, while a file in another encoding (Latin-1, Windows-1256) has almost
//! every non-ASCII byte invalid, and is refused rather than indexed as replacement characters.
//!
//! `--encoding windows-1256` is obeyed even on UTF-8 text, but when the bytes are valid UTF-8 that
//! reads as Arabic and the Windows-1256 reading does not (it is `ط§ظ„…` mojibake), the text is
//! indexed as asked with a [`Warning`] saying so: the user chose the encoding, and the warning (a
//! problem in the summary, an exit code of 1 with `--strict`) tells them the choice was wrong.

use super::{Encoding, ReadError};

/// The UTF-8 byte order mark.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Arabic words needed before the ال test applies: short titles may lack the article.
const MIN_WORDS_FOR_ARTICLE_TEST: usize = 20;

/// Text that was decoded, with a caveat the reader reports.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text.
    pub text: String,
    /// Why the text may not be what the file meant, if it may not.
    pub warning: Option<Warning>,
}

/// A caveat on decoded text: the text is kept, and this is reported with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Warning {
    /// The byte offset, in the bytes given, of the first affected byte.
    pub offset: usize,
    /// The 1-based line of that byte.
    pub line: usize,
    /// What happened.
    pub message: String,
    /// Whether it is about the whole file (a wrong forced encoding), so a streamed file reports
    /// it once rather than on each line.
    pub per_file: bool,
}

/// The 1-based line of byte `offset`.
fn line_of(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// Decodes a whole file. Trailing NUL bytes (the terminator some legacy writers append) are
/// dropped; any other NUL, or a text that is mostly control characters, is binary.
pub(crate) fn decode(mut bytes: Vec<u8>, encoding: Encoding) -> Result<Decoded, ReadError> {
    check_not_utf16(&bytes)?;
    while matches!(bytes.last(), Some(0 | 0x1A)) {
        // 0x1A is the DOS end-of-file mark, which old Windows tools also leave at the end.
        bytes.pop();
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    let decoded = decode_text(strip_bom(bytes), encoding)?;
    if decoded.text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    if mostly_control(&decoded.text) {
        return Err(ReadError::Binary);
    }
    Ok(decoded)
}

/// Decodes one record (a JSON Lines line): the encoding rules of [`decode`], without the checks
/// that only make sense for a whole file (emptiness, binary data), which the JSON parser makes.
pub(crate) fn decode_record(bytes: &[u8], encoding: Encoding) -> Result<Decoded, ReadError> {
    decode_text(bytes.to_vec(), encoding)
}

/// Refuses UTF-16, by its byte order mark.
pub(crate) fn check_not_utf16(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ReadError::Undecodable(
            "UTF-16 text; convert it to UTF-8".to_owned(),
        ));
    }
    Ok(())
}

/// Whether the start of a streamed file shows binary data: a NUL byte followed by anything but
/// more NULs or the DOS end-of-file mark, or mostly control characters.
pub(crate) fn looks_binary(prefix: &[u8]) -> bool {
    let mut trailing = prefix.len();
    while trailing > 0 && matches!(prefix[trailing - 1], 0 | 0x1A) {
        trailing -= 1;
    }
    prefix[..trailing].contains(&0) || mostly_control(&String::from_utf8_lossy(prefix))
}

pub(crate) fn strip_bom(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.starts_with(UTF8_BOM) {
        bytes.drain(..UTF8_BOM.len());
    }
    bytes
}

fn decode_text(bytes: Vec<u8>, encoding: Encoding) -> Result<Decoded, ReadError> {
    let decoded = match encoding {
        Encoding::Utf8 => match String::from_utf8(bytes) {
            Ok(text) => plain(text),
            Err(error) => lossy(error.as_bytes()).ok_or_else(|| {
                let offset = error.utf8_error().valid_up_to();
                ReadError::Undecodable(format!("not valid UTF-8 (bad byte at offset {offset})"))
            })?,
        },
        Encoding::Windows1256 => forced_windows_1256(&bytes),
        Encoding::Auto => auto(bytes)?,
    };
    check_not_lost(&decoded.text)?;
    Ok(decoded)
}

fn plain(text: String) -> Decoded {
    Decoded {
        text,
        warning: None,
    }
}

/// UTF-8 with its invalid bytes replaced, when they are few (see the module documentation).
fn lossy(bytes: &[u8]) -> Option<Decoded> {
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    let mut invalid = 0;
    let mut first = None;
    let mut offset = 0;
    for chunk in bytes.utf8_chunks() {
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            first.get_or_insert(offset);
            invalid += chunk.invalid().len();
        }
        offset += chunk.invalid().len();
    }
    let first = first?;
    if invalid * 10 > non_ascii {
        return None;
    }
    Some(Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        warning: Some(Warning {
            offset: first,
            line: line_of(bytes, first),
            per_file: false,
            message: format!(
                "{invalid} invalid UTF-8 byte{} replaced by U+FFFD; the rest of the text is kept",
                if invalid == 1 { "" } else { "s" }
            ),
        }),
    })
}

fn windows_1256(bytes: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1256.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// Windows-1256 as forced, with a warning when the bytes are really UTF-8 Arabic.
fn forced_windows_1256(bytes: &[u8]) -> Decoded {
    let text = windows_1256(bytes);
    let utf8_arabic =
        std::str::from_utf8(bytes).is_ok_and(|utf8| !utf8.is_ascii() && looks_arabic(utf8));
    let offset = bytes.iter().position(|b| !b.is_ascii()).unwrap_or(0);
    let warning = (utf8_arabic && !looks_arabic(&text)).then(|| Warning {
        offset,
        line: line_of(bytes, offset),
        per_file: true,
        message: "decoded as Windows-1256 as --encoding asked, but the bytes are UTF-8 Arabic \
            and read as mojibake (ط§ظ„…); indexed as asked: use --encoding auto"
            .to_owned(),
    });
    Decoded { text, warning }
}

fn auto(bytes: Vec<u8>) -> Result<Decoded, ReadError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(plain(text)),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = windows_1256(error.as_bytes());
            check_not_lost(&text)?;
            if looks_arabic(&text) {
                return Ok(plain(text));
            }
            lossy(error.as_bytes()).ok_or_else(|| {
                ReadError::Undecodable(format!(
                    "not UTF-8 (bad byte at offset {offset}), and not Arabic as Windows-1256"
                ))
            })
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
        assert_eq!(decode(bytes, Encoding::Auto).unwrap().text, ARABIC);
    }

    #[test]
    fn windows_1256_is_detected_and_trailing_nul_tolerated() {
        let mut bytes = cp1256(&format!("{ARABIC}\r\n"));
        bytes.push(0);
        assert_eq!(
            decode(bytes, Encoding::Auto).unwrap().text,
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
        let decoded = decode(bytes, Encoding::Windows1256).unwrap();
        assert_eq!(decoded.text, ARABIC);
        assert_eq!(decoded.warning, None);
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
        // One bad byte in UTF-8 Arabic: as Windows-1256 it would be mojibake (ط§ظ„…); it is
        // read as UTF-8 with the byte replaced, and a warning.
        for text in [ARABIC.repeat(3), "الحكومة تعلن الميزانية".to_owned()] {
            let mut bytes = text.clone().into_bytes();
            bytes.push(0xFF);
            let decoded = decode(bytes, Encoding::Auto).unwrap();
            assert_eq!(decoded.text, format!("{text}\u{FFFD}"));
            assert_eq!(decoded.warning.unwrap().offset, text.len());
        }
    }

    #[test]
    fn utf8_text_with_a_few_invalid_bytes_is_kept_with_a_warning() {
        for encoding in [Encoding::Auto, Encoding::Utf8] {
            let (head, tail) = ARABIC.split_at(ARABIC.find(' ').unwrap());
            let bytes = [
                head.as_bytes(),
                b"\xC3",
                tail.as_bytes(),
                b"\xFE ",
                ARABIC.as_bytes(),
            ];
            let decoded = decode(bytes.concat(), encoding).unwrap();
            assert_eq!(decoded.text.matches('\u{FFFD}').count(), 2, "{encoding}");
            let warning = decoded.warning.unwrap();
            assert_eq!(warning.offset, head.len());
            assert!(
                warning.message.starts_with("2 invalid UTF-8 bytes"),
                "{warning:?}"
            );
        }
        // Mostly invalid: another encoding, still refused rather than kept as U+FFFD.
        let latin1 = b"caf\xE9 cr\xE8me, \xE9t\xE9 \xE0 la plage".to_vec();
        for encoding in [Encoding::Auto, Encoding::Utf8] {
            assert!(matches!(
                decode(latin1.clone(), encoding),
                Err(ReadError::Undecodable(_))
            ));
        }
    }

    #[test]
    fn forced_windows_1256_on_utf8_text_warns_of_mojibake() {
        let decoded = decode(ARABIC.as_bytes().to_vec(), Encoding::Windows1256).unwrap();
        assert!(decoded.text.contains("ط§ظ„"), "{}", decoded.text);
        let warning = decoded.warning.expect("a mojibake warning");
        assert!(warning.message.contains("mojibake"), "{warning:?}");
        // Real Windows-1256, and ASCII, forced or not: no warning.
        assert_eq!(
            decode(cp1256(ARABIC), Encoding::Windows1256)
                .unwrap()
                .warning,
            None
        );
        assert_eq!(
            decode(b"plain ascii".to_vec(), Encoding::Windows1256)
                .unwrap()
                .warning,
            None
        );
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
