//! Character rules: pure functions over one `char`, each tested directly.
//!
//! Every rule that the normalizer applies lives here, one function a rule, so that the rule table in
//! the README, the tests and the code say the same thing. The tables cite the Unicode names of the
//! code points they touch.

/// What a character rule does with one input character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fold {
    /// The character stays as it is.
    Keep,
    /// The character becomes another one.
    To(char),
    /// The character expands to several (a compatibility ligature such as lam-alef).
    ToStr(&'static str),
}

/// Rule 2: marks and controls that are removed from a word without splitting it.
///
/// Harakat and other Arabic combining marks U+064B–U+065F, the superscript (dagger) alef U+0670,
/// the Qur'anic annotation marks U+06D6–U+06ED (except the letters U+06E5, U+06E6 small waw/yeh,
/// which are also marks here), tatweel U+0640, zero-width and bidi controls U+200B–U+200F,
/// U+202A–U+202E, U+2066–U+2069, and the byte-order mark / zero-width no-break space U+FEFF.
pub fn is_removable_mark(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{0640}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        // Arabic marks outside the main range that Qur'anic and some news text carry.
        | '\u{0610}'..='\u{061A}'
        | '\u{08D3}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}'
    )
}

/// Rule 3: letter variants folded to one letter.
///
/// - alef with hamza above U+0623, below U+0625, with madda U+0622, wasla U+0671 → alef U+0627
///   (also the rarer U+0672, U+0673, U+0675 alef forms);
/// - alef maksura U+0649 → yeh U+064A;
/// - teh marbuta U+0629 → heh U+0647;
/// - hamza on waw U+0624 and hamza on yeh U+0626 → hamza U+0621, so that the seats news text mixes
///   conflate: مسؤول/مسئول → مسءول, شؤون/شئون → شءون, رئيس/رءيس → رءيس;
/// - Persian and Urdu letters: peh U+067E → beh U+0628 (Arabic news writes ترمب for Persian ترمپ;
///   false positive: none known, Arabic has no peh of its own);
///   keheh U+06A9, swash kaf U+06AA → kaf U+0643; Farsi yeh U+06CC,
///   yeh barree U+06D2, E U+06D0 (ې is U+06D0) → yeh U+064A; heh with yeh U+06C0, heh goal U+06C1,
///   ae U+06D5, heh doachashmee U+06BE → heh U+0647.
pub fn fold_letter_variant(c: char) -> Fold {
    match c {
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' | '\u{0672}' | '\u{0673}'
        | '\u{0675}' => Fold::To('\u{0627}'),
        '\u{0649}' => Fold::To('\u{064A}'),
        '\u{0629}' => Fold::To('\u{0647}'),
        '\u{0624}' | '\u{0626}' => Fold::To('\u{0621}'),
        '\u{067E}' => Fold::To('\u{0628}'),
        '\u{06A9}' | '\u{06AA}' => Fold::To('\u{0643}'),
        '\u{06CC}' | '\u{06D0}' | '\u{06D2}' => Fold::To('\u{064A}'),
        '\u{06C0}' | '\u{06C1}' | '\u{06D5}' | '\u{06BE}' => Fold::To('\u{0647}'),
        _ => Fold::Keep,
    }
}

/// Zero code points of the Unicode decimal-digit (Nd) blocks below U+20000, each followed by its nine
/// successors. Generated from UnicodeData.txt (general category Nd, digit value 0).
#[rustfmt::skip]
const DIGIT_ZEROS: &[u32] = &[
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0,
    0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// Rule 4: any Unicode decimal digit → its ASCII digit, so that ٢٠٢٠ (Arabic-Indic), ۲۰۲۰
/// (Extended Arabic-Indic, Persian/Urdu) and 2020 are one term.
pub fn fold_digit(c: char) -> Option<char> {
    let cp = c as u32;
    if c.is_ascii() || cp < 0x0660 {
        return None;
    }
    // The blocks are sorted: find the last zero at or below `cp`.
    let idx = DIGIT_ZEROS.partition_point(|&zero| zero <= cp);
    let zero = *DIGIT_ZEROS.get(idx.checked_sub(1)?)?;
    let value = cp - zero;
    (value < 10).then(|| char::from(b'0' + value as u8))
}

/// Rule 1: Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) → their base letters.
///
/// Returns the compatibility decomposition for the contextual forms (ﺏ ﺐ ﺑ ﺒ → ب) and the lam-alef
/// ligatures (ﻻ → لا, ﻷ → لأ which the letter rule then folds to لا). Word ligatures such as ﷲ
/// expand to their letters (الله); ligatures that stand for whole phrases (ﷺ, ﷽) expand to the phrase
/// with its spaces removed, since they sit inside one token.
pub fn fold_presentation_form(c: char) -> Option<&'static str> {
    if !matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') {
        return None;
    }
    crate::presentation_forms::decompose(c)
}

/// Rule 5: a precomposed Latin letter with a diacritic → its base letter (é → e, ç → c, ß → ss).
///
/// Covers Latin-1 Supplement, Latin Extended-A and the Latin Extended-B letters of Romanian (ș ț),
/// pinyin (ǎ ǐ ǒ ǔ) and Vietnamese (ơ ư, and ạ…ỹ of Latin Extended Additional): the accented letters Arabic news text quotes in names of
/// people, places and brands. Letters written with a combining mark (e + U+0301) fold through
/// [`is_latin_combining_mark`]; other characters are returned as they are.
pub fn fold_latin_accent(c: char) -> Fold {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' | 'ð' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'ǧ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' | 'ơ' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => 's',
        'ţ' | 'ť' | 'ŧ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' | 'ư' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        // Latin Extended Additional, the Vietnamese letters with two marks (U+1EA0–U+1EF9).
        '\u{1EA0}'..='\u{1EB7}' => 'a',
        '\u{1EB8}'..='\u{1EC7}' => 'e',
        '\u{1EC8}'..='\u{1ECB}' => 'i',
        '\u{1ECC}'..='\u{1EE3}' => 'o',
        '\u{1EE4}'..='\u{1EF1}' => 'u',
        '\u{1EF2}'..='\u{1EF9}' => 'y',
        'ß' => return Fold::ToStr("ss"),
        'æ' => return Fold::ToStr("ae"),
        'œ' => return Fold::ToStr("oe"),
        'þ' => return Fold::ToStr("th"),
        _ => return Fold::Keep,
    };
    Fold::To(base)
}

/// Latin (and other script) combining marks U+0300–U+036F, removed with rule 5 so that a decomposed
/// `e` + U+0301 folds like the precomposed é.
pub fn is_latin_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// A character that belongs inside a word for the tokenizer: letters and digits, plus every removable
/// mark and control of rule 2 and the Latin combining marks, so that none of them splits a word.
pub fn is_word_char(c: char) -> bool {
    // Cheap checks first: ASCII, then the Arabic block's letters, marks and digits (U+0621–U+0669),
    // before the general Unicode tables, which are slow for non-Latin text.
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if ('\u{0621}'..='\u{0669}').contains(&c) {
        return true;
    }
    c.is_alphanumeric() || is_removable_mark(c) || is_latin_combining_mark(c)
}

/// A basic Arabic letter that no rule changes (not a hamza seat, alef form, ى, ة or tatweel): the
/// normalizer copies it as it is, whatever the configuration.
pub fn is_plain_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}')
        && !matches!(
            c,
            '\u{0622}'..='\u{0626}' | '\u{0629}' | '\u{0640}' | '\u{0649}'
        )
}

/// What rules 1–5 make of one character, composed from the functions above in the normalizer's
/// order: presentation form first, then each resulting letter through marks, letter variants, digits
/// and Latin (lowercase, combining marks, accents).
fn apply_rules(c: char) -> String {
    let mut out = String::new();
    let one = |l: char, out: &mut String| {
        if is_removable_mark(l) || is_latin_combining_mark(l) {
            return;
        }
        if let Fold::To(v) = fold_letter_variant(l) {
            out.push(v);
        } else if let Some(d) = fold_digit(l) {
            out.push(d);
        } else {
            for low in l
                .to_lowercase()
                .filter(|&low| !is_latin_combining_mark(low))
            {
                match fold_latin_accent(low) {
                    Fold::To(b) => out.push(b),
                    Fold::ToStr(s) => out.push_str(s),
                    Fold::Keep => out.push(low),
                }
            }
        }
    };
    match fold_presentation_form(c) {
        Some(letters) => letters.chars().for_each(|l| one(l, &mut out)),
        None => one(c, &mut out),
    }
    out
}

/// The character rule table: every character that rules 1–5 change, with what it becomes (an empty
/// string for a removed mark or control), in code point order.
///
/// Characters whose only change is lowercasing (A → a, Д → д) are left out: every consumer of the
/// table lowercases anyway (the normalizer with rule 5, an exported analysis chain with its
/// `lowercase` filter). This is the one source of truth for exporting the analyzer elsewhere
/// (`fihris export opensearch` writes it as a `mapping` char filter); a test checks that the
/// normalizer agrees with it on every code point. The one rule that looks at two characters is in
/// [`CONTEXT_RULES`].
pub fn rule_table() -> Vec<(char, String)> {
    (0..=char::MAX as u32)
        .filter_map(char::from_u32)
        .filter(|c| !c.is_ascii() && !is_plain_arabic_letter(*c))
        .filter_map(|c| {
            let out = apply_rules(c);
            (out != c.to_lowercase().collect::<String>()).then_some((c, out))
        })
        .collect()
}

/// The rules over two characters: a decomposed hamza above or below (U+0654, U+0655) after waw or
/// yeh is the hamza of the precomposed ؤ/ئ, which rule 3 folds to ء. Elsewhere the decomposed
/// hamza is a mark (rule 2).
pub const CONTEXT_RULES: &[(&str, &str)] = &[
    ("\u{0648}\u{0654}", "\u{0621}"),
    ("\u{0648}\u{0655}", "\u{0621}"),
    ("\u{064A}\u{0654}", "\u{0621}"),
    ("\u{064A}\u{0655}", "\u{0621}"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removable_marks_cover_harakat_tatweel_and_controls() {
        for c in [
            '\u{064E}', '\u{0651}', '\u{0652}', '\u{0670}', '\u{0640}', '\u{200C}', '\u{200F}',
            '\u{202B}', '\u{2067}', '\u{FEFF}', '\u{06DA}',
        ] {
            assert!(
                is_removable_mark(c),
                "U+{:04X} should be removable",
                c as u32
            );
        }
        for c in ['ا', 'ب', 'ء', ' ', 'a', '1', '\u{0660}'] {
            assert!(!is_removable_mark(c), "U+{:04X} must stay", c as u32);
        }
    }

    #[test]
    fn letter_variants_fold_to_one_letter() {
        for (from, to) in [
            ('أ', 'ا'),
            ('إ', 'ا'),
            ('آ', 'ا'),
            ('ٱ', 'ا'),
            ('ى', 'ي'),
            ('ة', 'ه'),
            ('ؤ', 'ء'),
            ('ئ', 'ء'),
            ('پ', 'ب'),
            ('ک', 'ك'),
            ('ڪ', 'ك'),
            ('ی', 'ي'),
            ('ې', 'ي'),
            ('ۀ', 'ه'),
            ('ہ', 'ه'),
            ('ە', 'ه'),
        ] {
            assert_eq!(fold_letter_variant(from), Fold::To(to), "{from}");
        }
        assert_eq!(fold_letter_variant('ب'), Fold::Keep);
        assert_eq!(fold_letter_variant('ء'), Fold::Keep);
    }

    #[test]
    fn every_decimal_digit_folds_to_ascii() {
        assert_eq!(fold_digit('٢'), Some('2'));
        assert_eq!(fold_digit('٠'), Some('0'));
        assert_eq!(fold_digit('۹'), Some('9'));
        assert_eq!(fold_digit('७'), Some('7'));
        assert_eq!(fold_digit('５'), Some('5'));
        assert_eq!(fold_digit('5'), None);
        assert_eq!(fold_digit('ب'), None);
        // Every char that Rust calls numeric and that we map must map to a digit.
        for cp in 0x0660u32..0x20000 {
            if let Some(c) = char::from_u32(cp) {
                if let Some(d) = fold_digit(c) {
                    assert!(
                        c.is_numeric(),
                        "U+{cp:04X} mapped to {d} but is not numeric"
                    );
                }
            }
        }
    }

    #[test]
    fn presentation_forms_decompose() {
        assert_eq!(fold_presentation_form('\u{FEFB}'), Some("لا"));
        assert_eq!(fold_presentation_form('\u{FE8F}'), Some("ب"));
        assert_eq!(fold_presentation_form('ب'), None);
    }

    #[test]
    fn plain_letters_are_the_ones_no_rule_touches() {
        for c in '\u{0621}'..='\u{064A}' {
            let untouched = fold_letter_variant(c) == Fold::Keep && !is_removable_mark(c);
            assert_eq!(is_plain_arabic_letter(c), untouched, "U+{:04X}", c as u32);
        }
        assert!(!is_plain_arabic_letter('a'));
    }

    #[test]
    fn word_chars_fast_path_agrees_with_unicode() {
        for cp in 0u32..0x0700 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let slow = c.is_alphanumeric() || is_removable_mark(c) || is_latin_combining_mark(c);
            assert_eq!(is_word_char(c), slow, "U+{cp:04X}");
        }
    }

    #[test]
    fn latin_accents_fold() {
        assert_eq!(fold_latin_accent('é'), Fold::To('e'));
        assert_eq!(fold_latin_accent('ß'), Fold::ToStr("ss"));
        assert_eq!(fold_latin_accent('ș'), Fold::To('s'));
        assert_eq!(fold_latin_accent('ư'), Fold::To('u'));
        assert_eq!(fold_latin_accent('ễ'), Fold::To('e'));
        assert_eq!(fold_latin_accent('ỹ'), Fold::To('y'));
        assert_eq!(fold_latin_accent('x'), Fold::Keep);
    }
    #[test]
    fn rule_table_agrees_with_the_normalizer_on_every_code_point() {
        let normalizer = crate::NormalizeConfig::default();
        let table: std::collections::HashMap<char, String> = rule_table().into_iter().collect();
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let expected = table
                .get(&c)
                .cloned()
                .unwrap_or_else(|| c.to_lowercase().collect());
            let text = c.to_string();
            assert_eq!(normalizer.normalize(&text), expected, "U+{:04X}", c as u32);
        }
        for (pair, to) in CONTEXT_RULES {
            assert_eq!(normalizer.normalize(pair), *to, "{pair:?}");
        }
    }

    #[test]
    fn rule_table_holds_every_rule_kind() {
        let table: std::collections::HashMap<char, String> = rule_table().into_iter().collect();
        assert_eq!(table[&'\u{064E}'], "", "fatha removed");
        assert_eq!(table[&'\u{0640}'], "", "tatweel removed");
        assert_eq!(table[&'\u{200F}'], "", "bidi control removed");
        assert_eq!(table[&'أ'], "ا");
        assert_eq!(table[&'٣'], "3");
        assert_eq!(table[&'\u{FEFB}'], "لا");
        assert_eq!(
            table[&'\u{FEF7}'], "لا",
            "lam-alef with hamza: decomposed, then folded"
        );
        assert_eq!(table[&'É'], "e");
        assert!(!table.contains_key(&'ب') && !table.contains_key(&'Д'));
    }
}
