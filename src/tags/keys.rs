//! The keys that tags are compared by, from strict to lax: [`tag_key`] (the facet key),
//! [`fingerprint`], [`stem_keys`] and [`spelling_skeleton`]. Pure functions over one tag.
//!
//! Each key is built on the words of the previous one. The lax keys look at the tag as written in
//! one respect only (a hamza on the alef of أل marks it as no article), which is harmless because a
//! lax method compares the canonical forms of the clusters the strict ones already formed.

use fihris_analyzers::normalize;

/// The fewest letters a word keeps after ال or a leading و is stripped: السد (a football club) and
/// سد (a dam) stay apart, and so do وطن and طن.
const MIN_STRIPPED: usize = 3;

/// The facet key of a tag: [`normalize`] (diacritics, tatweel, alef and hamza forms, ى/ي, ة/ه,
/// Persian letters, digits, Latin case), then `_`, `#` and every other character that is neither a
/// letter nor a digit become a space, a space separates letters from digits (كأس العالم2018 is
/// كأس العالم 2018), spaces collapse and the ends are trimmed.
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
    let mut key = String::with_capacity(normalized.len() + 4);
    let mut previous: Option<char> = None;
    for c in normalized.chars() {
        if !is_key_char(c) {
            previous = None;
            continue;
        }
        let boundary = match previous {
            None => !key.is_empty(),
            Some(p) => is_digit(p) != is_digit(c),
        };
        if boundary {
            key.push(' ');
        }
        key.push(c);
        previous = Some(c);
    }
    key
}

/// True for the characters a key keeps: letters and digits. Arabic letters and ASCII are checked
/// first, because the Unicode tables behind `char::is_alphanumeric` are slow for them.
pub(crate) fn is_key_char(c: char) -> bool {
    is_arabic_letter(c) || c.is_ascii_alphanumeric() || (!c.is_ascii() && c.is_alphanumeric())
}

/// True for digits (after normalization, every decimal digit is ASCII; other numerals stay).
pub(crate) fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && !is_arabic_letter(c) && c.is_numeric())
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

/// Which clitics [`clitic_free_words`] strips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clitics {
    /// The article ال and a leading conjunction و (the fingerprint and the stems).
    ArticleAndWaw,
    /// The article only: the `spelling` method compares long vowels, and a stripped و would let
    /// واردات (imports) meet الإيرادات (revenues).
    Article,
}

/// Strips a leading conjunction و (when asked), then the article ال, from one normalized word, each
/// only when at least [`MIN_STRIPPED`] letters remain. `hamza_alef` says the word was written with
/// أل/إل/آل: that alef is part of the word (ألمانيا), not the article, and is kept.
fn strip_clitics(word: &str, clitics: Clitics, hamza_alef: bool) -> &str {
    if !is_arabic_word(word) {
        return word;
    }
    let mut word = word;
    if clitics == Clitics::ArticleAndWaw {
        if let Some(rest) = word.strip_prefix('و') {
            if char_len(rest) >= MIN_STRIPPED {
                word = rest;
            }
        }
    }
    if !hamza_alef {
        if let Some(rest) = word.strip_prefix("ال") {
            if char_len(rest) >= MIN_STRIPPED {
                word = rest;
            }
        }
    }
    word
}

/// True when a word as written starts (after an optional و, ignoring marks and a leading `#` or
/// quote) with أل, إل or آل: normalization folds that hamza away, and with it the difference
/// between ألمانيا (Germany) and المنيا (Minya, where ال is the article).
fn starts_with_hamza_alef_lam(written: &str) -> bool {
    let mut letters = written
        .chars()
        .filter(|&c| !fihris_analyzers::chars::is_removable_mark(c))
        .skip_while(|c| !c.is_alphabetic())
        .peekable();
    if letters.peek() == Some(&'و') {
        letters.next();
    }
    matches!(letters.next(), Some('أ' | 'إ' | 'آ')) && letters.next() == Some('ل')
}

/// The words of a tag's key with its clitics stripped, sorted and deduplicated.
fn clitic_free_words(tag: &str, clitics: Clitics) -> Vec<String> {
    let mut words = Vec::new();
    for written in tag.split(|c: char| c.is_whitespace() || c == '_') {
        let hamza_alef = starts_with_hamza_alef_lam(written);
        for (i, word) in tag_key(written).split(' ').enumerate() {
            if !word.is_empty() {
                words.push(strip_clitics(word, clitics, hamza_alef && i == 0).to_string());
            }
        }
    }
    words.sort();
    words.dedup();
    words
}

/// An Arabic-aware fingerprint: the [`tag_key`]'s words with ال and a leading و stripped, sorted and
/// deduplicated. `اشتباكات أذربيجان وأرمينيا` and `اشتباكات أرمينيا وأذربيجان` share it. The alef of
/// أل written with hamza is not taken for the article: ألمانيا keeps it.
pub fn fingerprint(tag: &str) -> String {
    clitic_free_words(tag, Clitics::ArticleAndWaw).join(" ")
}

/// The most alternative stem keys one tag yields (two or three per word ending in ات).
const MAX_STEM_KEYS: usize = 8;

/// The alternative stems of one normalized word, conservatively folded for tags. `multi_word` says
/// the word is part of a tag of several words, where a feminine nisba adjective agrees with its
/// noun and may fold to the masculine.
///
/// - nisba plurals يين / يون → ي (الحوثيين → حوثي, like الحوثي);
/// - masculine plurals ين / ون removed when four letters remain (مسلحين → مسلح), not on shorter
///   words, where they are usually the stem: البحرين (Bahrain) is not البحر (the sea);
/// - the feminine plural ات is ambiguous: its stem is the bare word (انتخابات → انتخاب), or the
///   word with ة (تغريدات → تغريده), or, after ي, with ا (ميليشيات → ميليشيا): all three are keys;
/// - a word ending in ة keeps it (العمرة is not عمر, النصرة is not النصر, السيولة is not سيول),
///   except a nisba ية in a tag of several words, which becomes ي (الإصلاحات الاقتصادية →
///   إصلاح اقتصادي).
///
/// Not removed, on purpose: the nisba ي (مصر / مصري, لبنان / لبناني are different subjects), the
/// dual or plural ان (السودان, لبنان, ايران, سلمان end so) and a final ا (روسيا / روسي). The
/// analyzers' `LightStemmer` strips those, which suits search but merges country and demonym tags.
fn word_stems(word: &str, multi_word: bool) -> Vec<String> {
    if !is_arabic_word(word) {
        return vec![word.to_string()];
    }
    let n = char_len(word);
    let strip = |suffix_chars: usize| -> String { word.chars().take(n - suffix_chars).collect() };
    if (word.ends_with("يين") || word.ends_with("يون")) && n >= 5 {
        vec![strip(2)]
    } else if word.ends_with("ات") && n >= 5 {
        let base = strip(2);
        let mut stems = vec![base.clone(), format!("{base}ه")];
        if base.ends_with('ي') {
            stems.push(format!("{base}ا"));
        }
        stems
    } else if word.ends_with("يه") && n >= 4 && multi_word {
        vec![strip(1)]
    } else if (word.ends_with("ين") || word.ends_with("ون")) && n >= 6 {
        vec![strip(2)]
    } else {
        vec![word.to_string()]
    }
}

/// The stem keys of a tag: its [`fingerprint`] words through the inflection folding above, sorted
/// and deduplicated, one key per combination of a word's alternatives (at most eight). Two tags
/// sharing any key are variants: `ميليشيا الحوثي` and `ميليشيات الحوثي` share one.
pub fn stem_keys(tag: &str) -> Vec<String> {
    let words = clitic_free_words(tag, Clitics::ArticleAndWaw);
    let multi_word = words.len() > 1;
    let mut combos: Vec<Vec<String>> = vec![Vec::new()];
    for word in &words {
        let stems = word_stems(word, multi_word);
        let mut next = Vec::new();
        for combo in &combos {
            for stem in &stems {
                if next.len() < MAX_STEM_KEYS {
                    let mut c = combo.clone();
                    c.push(stem.clone());
                    next.push(c);
                }
            }
        }
        combos = next;
    }
    let mut keys: Vec<String> = combos
        .into_iter()
        .map(|mut c| {
            c.sort();
            c.dedup();
            c.join(" ")
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
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

/// Folds the letters that transliterations of one foreign name swap: ج → غ (g: إنستاجرام /
/// إنستغرام, جونج / جونغ) and ث → ت (th: غريفيث / غريفيت). Used by the `spelling` method only,
/// where the rest of the word must match too.
pub(crate) fn fold_transliteration(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'ج' => 'غ',
            'ث' => 'ت',
            c => c,
        })
        .collect()
}

/// How many letters of a word are not long vowels: ترمب has four, جميل and كريم three.
pub(crate) fn consonants(word: &str) -> usize {
    word.chars()
        .filter(|c| !matches!(c, 'ا' | 'و' | 'ي'))
        .count()
}

/// The spelling skeleton of a tag: each word (ال stripped) without its inner long vowels, sorted.
/// ج is read as غ and ث as ت (letters transliterations swap). Transliterations of one name share
/// it: ترمب / ترامب, كلينتون / كلنتون, جونج / جونغ. So do some different
/// Arabic words (حسن / حسين), which is why the `spelling` method also checks the edit distance and
/// the consonants before it joins two tags.
pub fn spelling_skeleton(tag: &str) -> String {
    let mut words: Vec<String> = clitic_free_words(tag, Clitics::Article)
        .iter()
        .map(|w| word_skeleton(&fold_transliteration(w)))
        .collect();
    words.sort();
    words.join(" ")
}

/// The words of a tag (ال stripped) sorted by their skeleton, so that two tags with the same
/// [`spelling_skeleton`] can be compared word by word.
pub(super) fn words_by_skeleton(tag: &str) -> Vec<String> {
    let mut words = clitic_free_words(tag, Clitics::Article);
    words.sort_by_cached_key(|w| (word_skeleton(&fold_transliteration(w)), w.clone()));
    words
}

/// The fingerprint words of a tag, for the containment method.
pub(super) fn word_set(tag: &str) -> Vec<String> {
    clitic_free_words(tag, Clitics::ArticleAndWaw)
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
        assert_eq!(tag_key("G20"), "g 20");
        assert_eq!(tag_key("كأس العالم2018"), tag_key("كأس العالم 2018"));
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

    fn same_stem(a: &str, b: &str) -> bool {
        let kb = stem_keys(b);
        stem_keys(a).iter().any(|k| kb.contains(k))
    }

    #[test]
    fn stems_fold_plurals_but_keep_nisba_and_countries() {
        for (a, b) in [
            ("الحوثيين", "الحوثي"),
            ("ميليشيات الحوثي", "ميليشيا الحوثي"),
            ("الميليشيات", "الميليشيا"),
            ("المسلحين", "مسلح"),
            ("الانتخابات", "انتخاب"),
            ("التغريدات", "تغريدة"),
            ("إصلاحات اقتصادية", "الإصلاح الاقتصادي"),
        ] {
            assert!(
                same_stem(a, b),
                "{a} / {b}: {:?} {:?}",
                stem_keys(a),
                stem_keys(b)
            );
        }
        for (a, b) in [
            ("مصر", "مصري"),
            ("روسيا", "روسي"),
            ("البحرين", "البحر"),
            ("لبنان", "لبناني"),
            ("السودان", "السود"),
            ("العمرة", "عمر"),
            ("النصرة", "النصر"),
            ("السيولة", "سيول"),
            ("ماليزيا", "الماليزية"),
        ] {
            assert!(!same_stem(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn stem_keys_are_bounded() {
        let tag = "مسيرات تغريدات عمليات ميليشيات بطاريات انتخابات";
        let keys = stem_keys(tag);
        assert!(keys.len() > 1 && keys.len() <= MAX_STEM_KEYS, "{keys:?}");
    }

    #[test]
    fn skeleton_drops_inner_long_vowels_only() {
        assert_eq!(spelling_skeleton("ترامب"), spelling_skeleton("ترمب"));
        assert_eq!(spelling_skeleton("كلينتون"), spelling_skeleton("كلنتون"));
        assert_ne!(spelling_skeleton("مصري"), spelling_skeleton("مصر"));
        assert_ne!(spelling_skeleton("ليبيا"), spelling_skeleton("لبنان"));
        assert_ne!(spelling_skeleton("إيران"), spelling_skeleton("العراق"));
        // The alef of ألمانيا is not the article, so Germany keeps it and Minya does not.
        assert_ne!(spelling_skeleton("ألمانيا"), spelling_skeleton("المنيا"));
        assert_ne!(spelling_skeleton("الإيرادات"), spelling_skeleton("واردات"));
    }

    #[test]
    fn fingerprint_keeps_a_hamza_alef_that_is_not_the_article() {
        assert_eq!(fingerprint("ألمانيا"), "المانيا");
        assert_eq!(fingerprint("وألمانيا"), "المانيا");
        assert_eq!(fingerprint("المنيا"), "منيا");
        assert_eq!(fingerprint("#الحوثي"), "حوثي");
    }
}
