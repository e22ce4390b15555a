//! The spelling skeleton of one normalized word: what is left of a foreign name once the letters
//! Arabic uses interchangeably for foreign sounds are folded and the long vowels dropped. Words
//! sharing a skeleton are *candidates* only; [`super::group`] decides with evidence.
//!
//! Rules, in order (the word is already normalized by `arabic_exact`: alef and hamza forms, ى/ي,
//! ة/ه and Persian letters are folded there):
//!
//! 1. ج, غ, ق, ك → ك (g: جوجل / غوغل / قوقل; k: كطر / قطر). The tag report's
//!    [`fold_transliteration`] (ج → غ, ث → ت) runs first, so the two keys never disagree on a pair
//!    the tag report joins.
//! 2. ث, ط → ت (th, t: غريفيث / غريفيت, طالبان / تالبان); ص → س; ض → د; ذ, ظ → ز; ڤ → ف (V).
//! 3. ا, و, ي and ء after the first letter are dropped (written or left out: ترامب / ترمب,
//!    بوتين / بوتن, نتنياهو / نتانياهو); a final ه is dropped too (ة/ه/ا at the end:
//!    فنزويلا / فنزويله).
//! 4. A letter repeated after the folding is written once when the two stand side by side
//!    (doubled letters: مارسيللو / مارسيلو); a dropped vowel between them keeps both (جوجل → ككل).
//!
//! Known false candidates, which the evidence gates must keep apart: كتاب / كتب / كاتب (one
//! root: the vowels are the Arabic pattern), قلب / كلب (ق and ك are different Arabic letters),
//! سلام / سالم. That is why a skeleton alone never merges anything.

use crate::tags::fold_transliteration;

/// The fewest letters a word needs to get a skeleton: shorter words are Arabic patterns far more
/// often than names (حسن / حسين).
pub const MIN_WORD_CHARS: usize = 4;

/// The fewest letters a skeleton needs: two consonants are shared by hundreds of Arabic words.
pub const MIN_SKELETON_CHARS: usize = 3;

/// Rules 1 and 2 for one letter.
fn fold_consonant(c: char) -> char {
    match c {
        'ج' | 'غ' | 'ق' | 'ك' => 'ك',
        'ث' | 'ط' => 'ت',
        'ص' => 'س',
        'ض' => 'د',
        'ذ' | 'ظ' => 'ز',
        '\u{06A4}' => 'ف',
        c => c,
    }
}

/// Rules 1 and 2 over a whole word, the tag report's folding first, the vowels kept: two
/// spellings that swap ج for غ fold to one string.
pub fn fold_letters(word: &str) -> String {
    fold_transliteration(word)
        .chars()
        .map(fold_consonant)
        .collect()
}

/// True for the letters rule 3 drops after the first letter.
fn is_weak(c: char) -> bool {
    matches!(c, 'ا' | 'و' | 'ي' | 'ء')
}

/// True for the Arabic letters U+0621–U+064A and ڤ (U+06A4): only all-Arabic words get a skeleton.
fn is_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c) || c == '\u{06A4}'
}

/// The skeleton of a normalized word, or `None` for a word that is not all Arabic letters, shorter
/// than [`MIN_WORD_CHARS`], or whose skeleton is shorter than [`MIN_SKELETON_CHARS`].
///
/// ```
/// use fihris::variants::skeleton;
/// assert_eq!(skeleton("ترامب"), skeleton("ترمب"));
/// assert_eq!(skeleton("جوجل"), skeleton("غوغل"));
/// assert_ne!(skeleton("ترامب"), skeleton("بوتين"));
/// ```
pub fn skeleton(word: &str) -> Option<String> {
    if word.chars().count() < MIN_WORD_CHARS || !word.chars().all(is_letter) {
        return None;
    }
    let folded = fold_transliteration(word);
    let mut out = String::with_capacity(folded.len());
    let mut last: Option<char> = None;
    let mut chars = folded.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let is_last = chars.peek().is_none();
        if !first && (is_weak(c) || (is_last && c == 'ه')) {
            // A dropped vowel separates two letters: جوجل keeps both g's (ككل), it is not a
            // doubled letter, and its skeleton would be too short to be a candidate.
            last = None;
            continue;
        }
        first = false;
        let c = fold_consonant(c);
        if last != Some(c) {
            out.push(c);
        }
        last = Some(c);
    }
    (out.chars().count() >= MIN_SKELETON_CHARS).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_of_one_name_share_a_skeleton() {
        for (a, b) in [
            ("ترامب", "ترمب"),
            ("بوتين", "بوتن"),
            ("كلينتون", "كلنتون"),
            ("جوجل", "غوغل"),
            ("جوجل", "قوقل"),
            ("نتنياهو", "نتانياهو"),
            ("بايدن", "بيدن"),
            ("غريفيث", "غريفيت"),
            ("فيسبوك", "فيسبووك"),
            // كوريا / كوريه fold alike too, but keep two consonants: too short to be a candidate.
            ("فنزويلا", "فنزويله"),
            ("فولفو", "\u{06A4}ولفو"),
        ] {
            assert_eq!(skeleton(a), skeleton(b), "{a} / {b}");
            assert!(skeleton(a).is_some(), "{a}");
        }
    }

    #[test]
    fn different_names_and_short_words_do_not() {
        assert_ne!(skeleton("ترامب"), skeleton("ترومان"));
        assert_ne!(skeleton("بوتين"), skeleton("بوسطن"));
        assert_eq!(skeleton("حسن"), None);
        assert_eq!(skeleton("موسكو2"), None);
        assert_eq!(skeleton("google"), None);
        // Too little is left: two consonants.
        assert_eq!(skeleton("ياوي"), None);
        assert_eq!(skeleton("كوريا"), None);
    }
}
