//! Dates as news archives write them, for the reader (dating articles), the indexer (the `date`
//! field) and search (`--since` / `--until`): one parser, so a date that indexes also filters.
//!
//! [`parse_date`] reads, in this order:
//! - RFC 3339 (`2018-03-01T10:00:00Z`, `…+03:00`, fractions) and RFC 2822
//!   (`Tue, 21 Jul 2015 10:22:01 +0300`, `… GMT`), through the `time` crate;
//! - Unix epochs: 9–10 digits are seconds, 12–13 digits milliseconds (`1437474121`,
//!   `1437474121000`); 8 digits are a compact `yyyymmdd` (`20150721`);
//! - year first: `2015-07-21`, `2015/07/21`, `2015.07.21`, optionally followed by a time
//!   `10:22[:01[.123]]` and a zone (`Z`, `+03:00`, `+0300`, `GMT`, `UTC`);
//! - day first, as the Arab press writes it: `21/07/2015`, `21-07-2015`, `21.07.2015`; when the
//!   second number cannot be a month (`07/21/2015`) the American month-first reading is the only
//!   one left and is taken;
//! - a month name with a day and a four-digit year, in any order and with any weekday, commas or
//!   `،` around them: English (`21 July 2015`, `Jul 21, 2015`), the Gregorian names of Egypt and
//!   the Gulf (يناير … ديسمبر, with the usual spellings أبريل/ابريل, يونيه, يوليه, أغسطس/اغسطس), the
//!   Levantine names (كانون الثاني, شباط, آذار, نيسان, أيار, حزيران, تموز, آب, أيلول, تشرين الأول,
//!   تشرين الثاني, كانون الأول) and the Maghrebi ones (جانفي, فيفري, أفريل, ماي, جوان, جويلية, أوت).
//!   `21 يوليو (تموز) 2015`, which gives both names, is read when they agree.
//!
//! Arabic-Indic (`٢٠١٥`) and Persian (`۲۰۱۵`) digits are read as digits everywhere. A date without a
//! zone is taken as UTC. Not read: Hijri dates (`5 شوال 1436`: refused, since a Hijri year would
//! otherwise be taken as Gregorian), relative dates (`أمس`, `yesterday`), two-digit years.
//!
//! [`date_from_path`] finds the date a path carries (`2015/07/21/x.txt`, `2015-07-21-x.txt`,
//! `20150721.txt`), for articles that carry none of their own.

use tantivy::DateTime;
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// The years a date may have: outside them a number is not a date (an id, a count).
const YEARS: std::ops::RangeInclusive<i32> = 1800..=2200;

/// Parses a date in any of the forms the module documentation lists; `None` when it is none of
/// them.
pub fn parse_date(text: &str) -> Option<DateTime> {
    let text = ascii_digits(text.trim());
    representable(parse_any(text.trim())?.unix_timestamp())
}

/// A date for a range filter: like [`parse_date`], but a real date beyond what the index can hold
/// (and `yyyy-mm-dd` of any year) becomes the nearest one it can: `--since 0257-01-01` means since
/// the beginning.
pub fn parse_filter_date(text: &str) -> Option<DateTime> {
    let text = ascii_digits(text.trim());
    let text = text.trim();
    let parsed = parse_any(text).or_else(|| {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        Some(
            Date::parse(text.get(..10)?, format)
                .ok()?
                .midnight()
                .assume_utc(),
        )
    })?;
    Some(DateTime::from_timestamp_secs(
        parsed.unix_timestamp().clamp(-TANTIVY_LIMIT, TANTIVY_LIMIT),
    ))
}

/// Every form the module reads, in order; `text` is trimmed and has ASCII digits.
fn parse_any(text: &str) -> Option<OffsetDateTime> {
    if text.is_empty() {
        return None;
    }
    OffsetDateTime::parse(text, &Rfc3339)
        .or_else(|_| OffsetDateTime::parse(text, &Rfc2822))
        .ok()
        .or_else(|| epoch(text))
        .or_else(|| numeric(text))
        .or_else(|| with_month_name(text))
}

/// tantivy keeps dates as nanoseconds in an i64, years 1678 to 2261: seconds beyond this overflow.
const TANTIVY_LIMIT: i64 = i64::MAX / 1_000_000_000 - 86_400;

/// A date the index can hold, or none (`from_timestamp_secs` would overflow).
fn representable(secs: i64) -> Option<DateTime> {
    (-TANTIVY_LIMIT..=TANTIVY_LIMIT)
        .contains(&secs)
        .then(|| DateTime::from_timestamp_secs(secs))
}

/// The date a path carries, as `yyyy-mm-dd`: the last of `yyyy/mm/dd` (three path components),
/// `yyyy-mm-dd`, `yyyy_mm_dd`, `yyyy.mm.dd` or `yyyymmdd`, each standing apart from letters and
/// other digits (so a hash such as `5f20150721ab` is not a date).
pub fn date_from_path(path: &str) -> Option<String> {
    let path = ascii_digits(path);
    let bytes = path.as_bytes();
    let mut found = None;
    for start in 0..bytes.len() {
        if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        if let Some(date) = path_date_at(&bytes[start..]) {
            found = Some(date);
        }
    }
    found.map(|date| {
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        )
    })
}

/// A date starting exactly at the start of `bytes` and ending before a non-alphanumeric byte.
fn path_date_at(bytes: &[u8]) -> Option<Date> {
    let digits = |at: usize, n: usize| -> Option<u32> {
        let part = bytes.get(at..at + n)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |v, d| v * 10 + u32::from(d - b'0')))
    };
    let ends_at = |at: usize| bytes.get(at).is_none_or(|b| !b.is_ascii_alphanumeric());
    let year = digits(0, 4)?;
    let (month, day, end) = match bytes.get(4) {
        Some(&sep @ (b'/' | b'-' | b'_' | b'.')) if bytes.get(7) == Some(&sep) => {
            (digits(5, 2)?, digits(8, 2)?, 10)
        }
        _ => (digits(4, 2)?, digits(6, 2)?, 8),
    };
    if !ends_at(end) {
        return None;
    }
    calendar(year as i32, month, day)
}

/// A valid date in [`YEARS`].
fn calendar(year: i32, month: u32, day: u32) -> Option<Date> {
    if !YEARS.contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

/// Every Unicode decimal digit that Arabic text uses (Arabic-Indic, Persian) as its ASCII digit.
fn ascii_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        })
        .collect()
}

/// A bare number: epoch seconds (9–10 digits), milliseconds (12–13 digits) or `yyyymmdd`.
fn epoch(text: &str) -> Option<OffsetDateTime> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = text.parse().ok()?;
    let seconds = match text.len() {
        8 => {
            let date = calendar(
                (value / 10_000) as i32,
                (value / 100 % 100) as u32,
                (value % 100) as u32,
            )?;
            return Some(date.midnight().assume_utc());
        }
        9 | 10 => value,
        12 | 13 => value / 1000,
        _ => return None,
    };
    let dt = OffsetDateTime::from_unix_timestamp(seconds).ok()?;
    YEARS.contains(&dt.year()).then_some(dt)
}

/// The pieces of a date text: numbers, words, and the `:` `+` `-` `/` `.` between them.
#[derive(Debug, Clone, PartialEq)]
enum Piece<'a> {
    Number(&'a str),
    Word(&'a str),
    Sep(char),
}

fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let take = |pred: fn(char) -> bool| rest.find(|c: char| !pred(c)).unwrap_or(rest.len());
        let len = if c.is_ascii_digit() {
            let n = take(|c| c.is_ascii_digit());
            out.push(Piece::Number(&rest[..n]));
            n
        } else if c.is_alphabetic() {
            let n = take(char::is_alphabetic);
            out.push(Piece::Word(&rest[..n]));
            n
        } else {
            if matches!(c, ':' | '+' | '-' | '/' | '.') {
                out.push(Piece::Sep(c));
            }
            c.len_utf8()
        };
        rest = &rest[len..];
    }
    out
}

fn number(piece: Option<&Piece>) -> Option<u32> {
    match piece {
        Some(Piece::Number(n)) if n.len() <= 4 => n.parse().ok(),
        _ => None,
    }
}

/// `yyyy-mm-dd` or `dd/mm/yyyy` (any of `-` `/` `.`), then an optional time and zone.
fn numeric(text: &str) -> Option<OffsetDateTime> {
    let parts = pieces(text);
    let (Some(Piece::Number(a)), Some(Piece::Sep(s1)), Some(Piece::Sep(s2))) =
        (parts.first(), parts.get(1), parts.get(3))
    else {
        return None;
    };
    if s1 != s2 || !matches!(s1, '-' | '/' | '.') {
        return None;
    }
    let (x, y, z) = (
        number(parts.first())?,
        number(parts.get(2))?,
        number(parts.get(4))?,
    );
    let date = if a.len() == 4 {
        calendar(x as i32, y, z)?
    } else if matches!(parts.get(4), Some(Piece::Number(n)) if n.len() == 4) {
        // Day first, unless the second number cannot be a month.
        if y > 12 && x <= 12 {
            calendar(z as i32, x, y)?
        } else {
            calendar(z as i32, y, x)?
        }
    } else {
        return None;
    };
    finish(date, &parts[5..])
}

/// A date with a month name, a day and a four-digit year, then an optional time and zone.
fn with_month_name(text: &str) -> Option<OffsetDateTime> {
    let parts = pieces(text);
    let words: Vec<(usize, String)> = parts
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p {
            Piece::Word(w) => Some((i, fold(w))),
            _ => None,
        })
        .collect();
    let mut month = None;
    for (k, (_, word)) in words.iter().enumerate() {
        let next = words.get(k + 1).map(|(_, w)| w.as_str());
        if let Some(found) = month_named(word, next) {
            if month.is_some_and(|m| m != found) {
                return None;
            }
            month = Some(found);
        }
        if is_hijri_month(word) {
            return None;
        }
    }
    let month = month?;
    // The numbers before any time of day: a day (1–31) and a year (four digits).
    let time_at = parts
        .windows(2)
        .position(|w| matches!(w, [Piece::Number(_), Piece::Sep(':')]))
        .unwrap_or(parts.len());
    let (mut day, mut year) = (None, None);
    for piece in &parts[..time_at] {
        if let Piece::Number(n) = piece {
            match n.len() {
                4 if year.is_none() => year = n.parse::<i32>().ok(),
                1 | 2 if day.is_none() => day = n.parse::<u32>().ok(),
                _ => return None,
            }
        }
    }
    let date = calendar(year?, month, day?)?;
    finish(date, &parts[time_at..])
}

/// The date with the time and zone that follow it (`10:22[:01[.5]] [pm|م] [Z|+03:00|GMT]`);
/// midnight UTC when nothing follows, `None` when what follows is not a time.
fn finish(date: Date, rest: &[Piece]) -> Option<OffsetDateTime> {
    // `2015-07-21T13:22:01+0300`, which RFC 3339 refuses for its zone: the `T` splits nothing.
    let rest = match rest {
        [Piece::Word("T"), tail @ ..] => tail,
        _ => rest,
    };
    let mut at = 0;
    let mut time = Time::MIDNIGHT;
    if let (Some(hour), Some(Piece::Sep(':')), Some(minute)) =
        (number(rest.first()), rest.get(1), number(rest.get(2)))
    {
        at = 3;
        let mut second = 0;
        if let (Some(Piece::Sep(':')), Some(s)) = (rest.get(3), number(rest.get(4))) {
            second = s;
            at = 5;
            if let (Some(Piece::Sep('.')), Some(Piece::Number(_))) = (rest.get(5), rest.get(6)) {
                at = 7;
            }
        }
        let mut hour = hour;
        if let Some(Piece::Word(w)) = rest.get(at) {
            match fold(w).as_str() {
                "pm" | "م" | "مساء" if hour < 12 => {
                    hour += 12;
                    at += 1;
                }
                "am" | "pm" | "ص" | "م" | "صباحا" | "مساء" => at += 1,
                _ => {}
            }
        }
        let small = |n: u32| u8::try_from(n).ok();
        time = Time::from_hms(small(hour)?, small(minute)?, small(second)?).ok()?;
    } else if !rest.is_empty() && !matches!(rest.first(), Some(Piece::Word(_))) {
        return None;
    }
    let offset = zone(&rest[at.min(rest.len())..])?;
    Some(PrimitiveDateTime::new(date, time).assume_offset(offset))
}

/// A zone after the time: none, `Z`, `UTC`, `GMT`, `+03:00`, `+0300`, `-05`; `None` for anything
/// else that is not a word (a weekday or a city after the date is passed over).
fn zone(rest: &[Piece]) -> Option<UtcOffset> {
    match rest {
        [] => Some(UtcOffset::UTC),
        [Piece::Word(w), ..] if matches!(*w, "Z" | "UTC" | "GMT" | "UT") => match &rest[1..] {
            [] => Some(UtcOffset::UTC),
            more => zone(more),
        },
        [Piece::Sep(sign @ ('+' | '-')), Piece::Number(n), tail @ ..] => {
            let (hours, minutes): (i8, i8) = match (n.len(), tail) {
                (4, []) => (n[..2].parse().ok()?, n[2..].parse().ok()?),
                (1 | 2, []) => (n.parse().ok()?, 0),
                (1 | 2, [Piece::Sep(':'), Piece::Number(m)]) => (n.parse().ok()?, m.parse().ok()?),
                _ => return None,
            };
            let sign: i8 = if *sign == '-' { -1 } else { 1 };
            UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
        }
        [Piece::Word(_), ..] => Some(UtcOffset::UTC),
        _ => None,
    }
}

/// A word folded for month lookup: lowercase, hamza seats on alef as bare alef, ة as ه, ى as ي,
/// harakat and tatweel removed.
fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

/// The month a (folded) word names; `next` is the following word, for the two-word Levantine names.
fn month_named(word: &str, next: Option<&str>) -> Option<u32> {
    let second = || match next {
        Some("الثاني" | "ثاني") => Some(2),
        Some("الاول" | "اول") => Some(1),
        _ => None,
    };
    let month = match word {
        "كانون" => match second()? {
            2 => 1,
            _ => 12,
        },
        "تشرين" => match second()? {
            1 => 10,
            _ => 11,
        },
        "يناير" | "جانفي" | "january" | "jan" => 1,
        "فبراير" | "شباط" | "فيفري" | "february" | "feb" => 2,
        "مارس" | "اذار" | "march" | "mar" => 3,
        "ابريل" | "نيسان" | "افريل" | "april" | "apr" => 4,
        "مايو" | "ايار" | "ماي" | "may" => 5,
        "يونيو" | "يونيه" | "حزيران" | "جوان" | "june" | "jun" => 6,
        "يوليو" | "يوليه" | "تموز" | "جويليه" | "july" | "jul" => 7,
        "اغسطس" | "اب" | "اوت" | "august" | "aug" => 8,
        "سبتمبر" | "ايلول" | "september" | "sep" | "sept" => 9,
        "اكتوبر" | "october" | "oct" => 10,
        "نوفمبر" | "november" | "nov" => 11,
        "ديسمبر" | "december" | "dec" => 12,
        _ => return None,
    };
    Some(month)
}

/// Hijri month names (folded): a date naming one is Hijri and is not read as Gregorian.
fn is_hijri_month(word: &str) -> bool {
    matches!(
        word,
        "محرم"
            | "صفر"
            | "ربيع"
            | "جمادي"
            | "رجب"
            | "شعبان"
            | "رمضان"
            | "شوال"
            | "القعده"
            | "الحجه"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> DateTime {
        parse_date(text).unwrap_or_else(|| panic!("{text:?} should parse"))
    }

    const JULY_21: &str = "2015-07-21";

    #[test]
    fn dates_beyond_the_index_range_never_overflow() {
        let day = day("2018-03-01");
        // RFC 3339 takes any year; tantivy's nanosecond i64 does not.
        assert!(parse_date("0257-09-04T00:00:00Z").is_none());
        assert!(parse_date("9999-12-31T00:00:00Z").is_none());
        assert!(parse_filter_date("0257-09-04").is_some_and(|d| d < day));
        assert!(parse_filter_date("0257-09-04T00:00:00Z").is_some_and(|d| d < day));
        assert!(parse_filter_date("9999-12-31").is_some_and(|d| d > day));
        assert!(parse_filter_date("2020-02-30").is_none());
        assert!(parse_filter_date("yesterday").is_none());
    }

    #[test]
    fn parses_the_usual_date_forms() {
        let d = day("2018-03-01");
        assert_eq!(parse_date("2018-03-01T00:00:00Z"), Some(d));
        assert_eq!(parse_date("2018-03-01 00:00:00"), Some(d));
        assert_eq!(parse_date("2018-03-01T03:00:00+03:00"), Some(d));
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("").is_none());
    }

    #[test]
    fn rfc_2822_epochs_and_day_first_dates_are_parsed() {
        let expected = day(JULY_21);
        let at = day("2015-07-21T10:22:01Z");
        assert_eq!(day("Tue, 21 Jul 2015 10:22:01 +0000"), at);
        assert_eq!(day("Tue, 21 Jul 2015 13:22:01 +0300"), at);
        assert_eq!(day("Tue, 21 Jul 2015 10:22:01 GMT"), at);
        assert_eq!(day("1437474121"), at);
        assert_eq!(day("1437474121000"), at);
        for text in [
            "21/07/2015",
            "21-07-2015",
            "21.07.2015",
            "07/21/2015",
            "20150721",
        ] {
            assert_eq!(day(text), expected, "{text}");
        }
        assert_eq!(day("21/07/2015 10:22:01"), at);
        assert_eq!(day("2015/07/21 10:22"), day("2015-07-21T10:22:00Z"));
        assert_eq!(day("2015-07-21T13:22:01+0300"), at);
        // Not dates: too short or long numbers, impossible days, an id.
        for text in ["12345", "31/02/2015", "2015-13-01", "99999999", "21/07/15"] {
            assert!(parse_date(text).is_none(), "{text}");
        }
    }

    #[test]
    fn arabic_month_names_and_digits_are_parsed() {
        let expected = day(JULY_21);
        for text in [
            "21 يوليو 2015",
            "٢١ يوليو ٢٠١٥",
            "۲۱ يوليه ۲۰۱۵",
            "الثلاثاء، 21 تموز 2015",
            "21 يوليو (تموز) 2015",
            "21 جويلية 2015",
            "July 21, 2015",
            "21 Jul 2015",
        ] {
            assert_eq!(day(text), expected, "{text}");
        }
        assert_eq!(day("5 كانون الثاني 2016"), day("2016-01-05"));
        assert_eq!(day("5 كانون الأول 2016"), day("2016-12-05"));
        assert_eq!(day("٥ تشرين الأول ٢٠١٦"), day("2016-10-05"));
        assert_eq!(day("1 آذار 2016"), day("2016-03-01"));
        assert_eq!(day("1 أبريل 2016 - 10:30 م"), day("2016-04-01T22:30:00Z"));
        // Disagreeing names, Hijri dates and a missing year are not guessed.
        for text in [
            "21 يوليو (آب) 2015",
            "5 شوال 1436",
            "21 يوليو",
            "يوليو 2015",
        ] {
            assert!(parse_date(text).is_none(), "{text}");
        }
    }

    #[test]
    fn dates_are_found_in_paths() {
        for path in [
            "archive/2015/07/21/story.txt",
            "2015-07-21-story.txt",
            "feeds/20150721.txt",
            "x/2015_07_21.json",
            "/abs/2014/01/01/then/2015/07/21/a.txt",
        ] {
            assert_eq!(date_from_path(path).as_deref(), Some(JULY_21), "{path}");
        }
        for path in [
            "000_58c241df490e0bb8.txt",
            "a/5f20150721ab.txt",
            "2015/07/story.txt",
            "2015-13-45.txt",
            "123456789.txt",
        ] {
            assert_eq!(date_from_path(path), None, "{path}");
        }
    }
}
