//! The keys that tags are compared by, from strict to lax: [`tag_key`] (the facet key),
//! [`fingerprint`], [`stem_key`] and [`spelling_skeleton`]. Pure functions over one tag.
//!
//! Each key is built on the previous one, so two tags with equal strict keys always have equal lax
//! keys: a lax method never splits what a strict one joined.

use fihris_analyzers::normalize;

/// The fewest letters a word keeps after ال or a leading و is stripped: السد (a football club) and
/// سد (a dam) stay apart, and so do وطن and طن.
const MIN_STRIPPED: usize = 3;

/// The facet key of a tag: [`normalize`] (diacritics, tatweel, alef and hamza forms, ى/ي, ة/ه,
/// Persian letters, digits, Latin case), then `_`, `#` and every other character that is neither a
/// letter nor a digit become a space, spaces collapse and the ends are trimmed.
///
/// The indexer, the search `--tag` filter and the tag report all use this function, so that
/// أرمينيا, ارمينيا, `#أرمينيا` and `ارمينيا ` are one tag.
///
/// ```
/// use fihris::tags::tag_key;
/// assert_eq!(tag_key("#أرمينيا "), tag_key("ارمينيا"));
/// assert_eq!(tag_key("ميليشيات_الحوثي"), "ميليشيات الحوثي");
/// ```
pub fn tag_key(tag: &str) -> String {
    let normalized = normalize(tag);
    let mut key = String::with_capacity(normalized.len());
    for word in normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// True for the Arabic letters U+0621–U+064A, the only ones the Arabic rules below touch.
fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

fn is_arabic_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(is_arabic_letter)
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Strips a leading conjunction و, then the article ال, from one normalized word, each only when at
/// least [`MIN_STRIPPED`] letters remain.
fn strip_clitics(word: &str) -> &str {
    if !is_arabic_word(word) {
        return word;
    }
    let mut word = word;
    if let Some(rest) = word.strip_prefix('و') {
        if char_len(rest) >= MIN_STRIPPED {
            word = rest;
        }
    }
    if let Some(rest) = word.strip_prefix("ال") {
        if char_len(rest) >= MIN_STRIPPED {
            word = rest;
        }
    }
    word
}

/// The words of a tag's key with ال and a leading و stripped, sorted and deduplicated.
fn fingerprint_words(tag: &str) -> Vec<String> {
    let key = tag_key(tag);
    let mut words: Vec<String> = key
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| strip_clitics(w).to_string())
        .collect();
    words.sort();
    words.dedup();
    words
}

/// An Arabic-aware fingerprint: the [`tag_key`]'s words with ال and a leading و stripped, sorted and
/// deduplicated. `اشتباكات أذربيجان وأرمينيا` and `اشتباكات أرمينيا وأذربيجان` share it.
pub fn fingerprint(tag: &str) -> String {
    fingerprint_words(tag).join(" ")
}

/// Folds the inflection of one normalized word, conservatively, for tags:
///
/// - nisba plurals يين / يون → ي (الحوثيين → حوثي, like الحوثي);
/// - feminine plural ات, and the feminine ending ه (ة), are removed; after ي they become يا, so that
///   ميليشيات, ميليشيا and ميليشية meet, and so do سورية and سوريا;
/// - masculine plurals ين / ون are removed when four letters remain (مسلحين → مسلح), not on shorter
///   words, where they are usually the stem: البحرين (Bahrain) is not البحر (the sea).
///
/// Not removed, on purpose: the nisba ي (مصر / مصري, لبنان / لبناني are different subjects), the
/// dual or plural ان (السودان, لبنان, ايران, سلمان end so) and a final ا (روسيا / روسي). The
/// analyzers' `LightStemmer` strips those, which suits search but merges country and demonym tags.
pub fn tag_stem(word: &str) -> String {
    if !is_arabic_word(word) {
        return word.to_string();
    }
    let n = char_len(word);
    let strip = |suffix_chars: usize| -> &str {
        let cut = word
            .char_indices()
            .nth(n - suffix_chars)
            .map_or(word.len(), |(i, _)| i);
        &word[..cut]
    };
    let with_ya_alef = |base: &str| {
        if base.ends_with('ي') {
            format!("{base}ا")
        } else {
            base.to_string()
        }
    };
    if (word.ends_with("يين") || word.ends_with("يون")) && n >= 5 {
        strip(2).to_string()
    } else if word.ends_with("ات") && n >= 5 {
        with_ya_alef(strip(2))
    } else if word.ends_with('ه') && n >= 4 {
        with_ya_alef(strip(1))
    } else if (word.ends_with("ين") || word.ends_with("ون")) && n >= 6 {
        strip(2).to_string()
    } else {
        word.to_string()
    }
}

/// The stem key of a tag: its [`fingerprint`] words through [`tag_stem`], sorted and deduplicated.
/// `ميليشيا الحوثي` and `ميليشيات الحوثي` share it.
pub fn stem_key(tag: &str) -> String {
    let mut stems: Vec<String> = fingerprint_words(tag).iter().map(|w| tag_stem(w)).collect();
    stems.sort();
    stems.dedup();
    stems.join(" ")
}

/// The consonant skeleton of one normalized word: the long vowels ا, و, ي removed from inside the
/// word. The first and last letters stay: a word-initial ا/و/ي is usually a consonant or hamza seat
/// (ايران, وليد, اليمن), and a final ي or ا is usually a suffix (مصري, روسيا).
fn word_skeleton(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    if !is_arabic_word(word) || chars.len() < 3 {
        return word.to_string();
    }
    let last = chars.len() - 1;
    chars
        .iter()
        .enumerate()
        .filter(|&(i, c)| i == 0 || i == last || !matches!(c, 'ا' | 'و' | 'ي'))
        .map(|(_, c)| *c)
        .collect()
}

/// The spelling skeleton of a tag: each [`fingerprint`] word without its inner long vowels, sorted.
/// Transliterations of one name share it: ترمب / ترامب, كلينتون / كلنتون. So do some different
/// Arabic words (حسن / حسين), which is why the `spelling` method also checks the edit distance and
/// the word length before it joins two tags.
pub fn spelling_skeleton(tag: &str) -> String {
    let mut words: Vec<String> = fingerprint_words(tag)
        .iter()
        .map(|w| word_skeleton(w))
        .collect();
    words.sort();
    words.join(" ")
}

/// The fingerprint words of a tag sorted by their skeleton, so that two tags with the same
/// [`spelling_skeleton`] can be compared word by word.
pub(super) fn words_by_skeleton(tag: &str) -> Vec<String> {
    let mut words = fingerprint_words(tag);
    words.sort_by_cached_key(|w| (word_skeleton(w), w.clone()));
    words
}

/// The fingerprint words of a tag, for the containment method.
pub(super) fn word_set(tag: &str) -> Vec<String> {
    fingerprint_words(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_key_folds_spelling_and_punctuation() {
        let expected = tag_key("أرمينيا");
        for variant in ["ارمينيا", "#أرمينيا", "ارمينيا ", " أَرْمِينِيَا", "أرمـينيا"]
        {
            assert_eq!(tag_key(variant), expected, "{variant}");
        }
        assert_eq!(tag_key("ميليشيات_الحوثي"), tag_key("ميليشيات  الحوثي"));
        assert_eq!(tag_key("«كوريا-الشمالية»"), "كوريا الشماليه");
        assert_eq!(tag_key("G20"), "g20");
        assert_eq!(tag_key("#"), "");
    }

    #[test]
    fn fingerprint_ignores_order_article_and_conjunction() {
        assert_eq!(
            fingerprint("اشتباكات أذربيجان وأرمينيا"),
            fingerprint("اشتباكات أرمينيا وأذربيجان")
        );
        assert_eq!(fingerprint("الحكومة اليمنية"), fingerprint("حكومة يمنية"));
        // Too short to strip: the club is not the dam.
        assert_ne!(fingerprint("السد"), fingerprint("سد"));
        assert_ne!(fingerprint("كوريا الشمالية"), fingerprint("كوريا الجنوبية"));
    }

    #[test]
    fn tag_stem_folds_plurals_but_keeps_nisba_and_countries() {
        assert_eq!(stem_key("الحوثيين"), stem_key("الحوثي"));
        assert_eq!(stem_key("ميليشيات الحوثي"), stem_key("ميليشيا الحوثي"));
        assert_eq!(stem_key("سورية"), stem_key("سوريا"));
        assert_eq!(stem_key("المسلحين"), stem_key("مسلح"));
        for (a, b) in [
            ("مصر", "مصري"),
            ("روسيا", "روسي"),
            ("البحرين", "البحر"),
            ("لبنان", "لبناني"),
            ("السودان", "السود"),
        ] {
            assert_ne!(stem_key(a), stem_key(b), "{a} / {b}");
        }
    }

    #[test]
    fn skeleton_drops_inner_long_vowels_only() {
        assert_eq!(spelling_skeleton("ترامب"), spelling_skeleton("ترمب"));
        assert_eq!(spelling_skeleton("كلينتون"), spelling_skeleton("كلنتون"));
        assert_ne!(spelling_skeleton("مصري"), spelling_skeleton("مصر"));
        assert_ne!(spelling_skeleton("ليبيا"), spelling_skeleton("لبنان"));
        assert_ne!(spelling_skeleton("إيران"), spelling_skeleton("العراق"));
    }
}
