//! [`LightStemmer`]: Fihris's Arabic light stemmer, its switchable [`LightStemRules`], and
//! [`LightStemFilter`], its token filter.
//!
//! The idea of Larkey's light10 (strip a few frequent prefixes and suffixes, no roots), with the clitic
//! chains news text uses and guards against over-stripping (the word lists are in
//! [`crate::word_lists`]). It works on *normalized* text (see
//! [`crate::NormalizeConfig`]): ة is already ه, أ/إ/آ are already ا, ى is already ي, ؤ/ئ are ء.
//! Words with any character that is not a basic Arabic letter (digits, Latin) are left alone.
//!
//! The rules, in the order they run (each a field of [`LightStemRules`], all on by default except
//! `nisba`):
//!
//! | rule | strips | guard | example |
//! |---|---|---|---|
//! | `protected` | nothing: [`crate::PROTECTED`] words stay whole, also after a clitic; no lone clitic letter (nor imperfect ي/ت) is stripped from a word starting with a corpus-derived look-alike (وزير, كبير, فرنسا, التجار) | — | البانيا, وبوتين → بوتين, وزير → وزير |
//! | `article` | (و\|ف)? (ب\|ك)? ال, and (و\|ف)? لل | 2 letters left | وبالمدرسه → مدرسه |
//! | `conjunction` | a lone و or ف | 3 letters left | وقال → قال |
//! | `preposition` | a lone ب or ل after an optional و/ف (not ك: words starting with ك are many, "like" + noun is rare) | 3 letters left, 4 before ا | بشكل → شكل |
//! | `pronoun_suffixes` | هما كما هم هن ها كم نا | 3 letters left | حدودهم → حدود |
//! | `plural_suffixes` | ات ون ين ان وا, and the و of the construct state (مسؤولو) | 3 letters left (و: 4) | المعلمون → معلم |
//! | `tanween_alef` | the ا of accusative tanween (عاماً) | 3 letters left, no suffix removed | جديدا → جديد |
//! | `nisba` (off by default) | يه ي of the relative adjective | 3 letters left | الصينيه → صين |
//! | `feminine` | ه (teh marbuta), and the ت it becomes before a suffix (منطقتهم) | 3 letters left (ت: 4) | مدينه → مدين |
//! | `past_tense` | the ت of the past tense (كانت, قالت) | 3 letters left, no suffix removed, not after ا | كانت → كان |
//! | `imperfect` | the ي/ت of the imperfect from a 4-letter stem | not after the article or ب/ك, not with ات/ة/tanween, not from a look-alike noun (التجار) | يعمل → عمل |
//!
//! Each rule strips at most one affix, so a word loses at most one suffix of each kind.
//!
//! `nisba` is off by default, on purpose: it merges a noun with its relative adjective, which is
//! right for some (الصين/الصيني) and wrong for many frequent news words (دولة state / دولية
//! international, عمل work / عملية operation, جمهور audience / جمهورية republic). Measured on UD
//! Arabic PUD it doubles overstemming (OI 4.50e-5 → 9.02e-5) for a small gain in understemming
//! (UI 0.4315 → 0.4256); see `docs/analysis.md`. Country names ending in يا still meet their
//! adjectives without it (روسيا, الروسية, الروسي → روسي) through `tanween_alef` and `feminine`.
//!
//! Known false positives (the price of stripping without a lexicon): a rarer word whose first letter
//! only looks like a clitic loses it (وحدة → حده, كمامة → مام, ألبوم → بوم); a word ending in what
//! looks like a suffix loses it (السودان → سود, كانون → كان); verbs and nouns of one root meet
//! (أضاف/إضافة). [`crate::PROTECTED`] and the look-alike list guard the frequent ones.

use std::mem;

use tantivy_tokenizer_api::{Token, TokenFilter, TokenStream, Tokenizer};

use crate::error::AnalysisError;
use crate::word_lists::{is_protected_word, starts_with_lookalike};

/// The fewest letters a stem keeps after the article is removed.
pub const MIN_STEM_CHARS: usize = 2;

/// The fewest letters left after a lone clitic letter or a suffix is removed.
const MIN_AFFIX_STEM_CHARS: usize = 3;

/// Which rules of the light stemmer are on; see the module documentation for what each does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LightStemRules {
    /// Keep [`crate::PROTECTED`] words whole.
    pub protected: bool,
    /// Strip the article with its conjunction and preposition chain.
    pub article: bool,
    /// Strip a lone conjunction و/ف.
    pub conjunction: bool,
    /// Strip a lone preposition ب/ل.
    pub preposition: bool,
    /// Strip an attached pronoun (هما كما هم هن ها كم نا).
    pub pronoun_suffixes: bool,
    /// Strip plural and dual endings (ات ون ين ان وا) and construct-state و.
    pub plural_suffixes: bool,
    /// Strip the alef of accusative tanween.
    pub tanween_alef: bool,
    /// Strip the nisba endings يه and ي.
    pub nisba: bool,
    /// Strip teh marbuta (normalized ه) and its construct form ت.
    pub feminine: bool,
    /// Strip the ت of the past tense.
    pub past_tense: bool,
    /// Strip the ي/ت of the imperfect from a 4-letter stem.
    pub imperfect: bool,
}

impl Default for LightStemRules {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl LightStemRules {
    /// The default: every rule on except `nisba` (see the module documentation for why).
    pub const DEFAULT: LightStemRules = LightStemRules {
        protected: true,
        article: true,
        conjunction: true,
        preposition: true,
        pronoun_suffixes: true,
        plural_suffixes: true,
        tanween_alef: true,
        nisba: false,
        feminine: true,
        past_tense: true,
        imperfect: true,
    };

    /// The names [`Self::set`] accepts, in pipeline order.
    pub const NAMES: &'static [&'static str] = &[
        "protected",
        "article",
        "conjunction",
        "preposition",
        "pronoun_suffixes",
        "plural_suffixes",
        "tanween_alef",
        "nisba",
        "feminine",
        "past_tense",
        "imperfect",
    ];

    /// Every rule off: the stemmer returns words unchanged.
    pub fn none() -> Self {
        let mut rules = Self::DEFAULT;
        for name in Self::NAMES {
            *rules.flag(name).expect("listed names exist") = false;
        }
        rules
    }

    /// Turns the rule called `name` (one of [`Self::NAMES`]) on or off.
    pub fn set(&mut self, name: &str, on: bool) -> Result<(), AnalysisError> {
        let flag = self
            .flag(name)
            .ok_or_else(|| AnalysisError::UnknownRule(name.to_owned()))?;
        *flag = on;
        Ok(())
    }

    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "protected" => &mut self.protected,
            "article" => &mut self.article,
            "conjunction" => &mut self.conjunction,
            "preposition" => &mut self.preposition,
            "pronoun_suffixes" => &mut self.pronoun_suffixes,
            "plural_suffixes" => &mut self.plural_suffixes,
            "tanween_alef" => &mut self.tanween_alef,
            "nisba" => &mut self.nisba,
            "feminine" => &mut self.feminine,
            "past_tense" => &mut self.past_tense,
            "imperfect" => &mut self.imperfect,
            _ => return None,
        })
    }

    /// Returns the stem of `word` (normalized Arabic) under these rules, as a sub-slice of it.
    pub fn stem<'a>(&self, word: &'a str) -> &'a str {
        // Every basic Arabic letter is two bytes in UTF-8; a word of them only is what we stem, and
        // its letter count is then half its byte length.
        if word.len() < 2 * (MIN_STEM_CHARS + 1) || !word.chars().all(is_arabic_letter) {
            return word;
        }
        if self.is_protected(word) {
            return word;
        }
        let (word, proclitic) = self.strip_prefixes(word);
        if proclitic == Proclitic::Protected {
            return word;
        }
        let (stem, noun_suffix) = self.strip_suffixes(word);
        // Only a verb has an imperfect prefix: not after the article or ب/ك, not with a noun's
        // suffix (ات, ة, tanween), and not for the nouns of the look-alike list (التجار, اليمين).
        if self.imperfect
            && proclitic != Proclitic::Noun
            && !noun_suffix
            && letters(stem) == 4
            && stem.starts_with(['ي', 'ت'])
            && !(self.protected && starts_with_lookalike(stem))
        {
            return &stem[2..];
        }
        stem
    }

    fn is_protected(&self, word: &str) -> bool {
        self.protected && is_protected_word(word)
    }

    /// Strips the proclitics, and says what they tell about the rest.
    fn strip_prefixes<'a>(&self, word: &'a str) -> (&'a str, Proclitic) {
        let (conj, rest) = match word.strip_prefix(['و', 'ف']) {
            Some(_) if self.protected && starts_with_lookalike(word) => (false, word),
            Some(rest) if self.article || self.conjunction || self.preposition => (true, rest),
            _ => (false, word),
        };
        if self.is_protected(rest) {
            return (rest, Proclitic::Protected);
        }
        if self.article {
            if let Some(stem) = strip_article(rest) {
                // ل + a word starting with ل (للبنان) spells like ل + ال: the protected word wins.
                if self.is_protected(&rest[2..]) {
                    return (&rest[2..], Proclitic::Protected);
                }
                // ل + ال + a word starting with ل loses the article (ل + اللجنة → للجنة): when the
                // rest after one ل is a look-alike (لجنة), that reading wins over ل + ال + جنة.
                if self.protected && rest.starts_with("لل") && starts_with_lookalike(&rest[2..]) {
                    return (&rest[2..], Proclitic::Noun);
                }
                return (stem, self.noun_unless_protected(stem));
            }
        }
        if self.protected && starts_with_lookalike(rest) {
            // وزير, كبير: the first letter is the word's own. A conjunction before it still goes.
            return (rest, Proclitic::Other);
        }
        if self.preposition {
            // Not ك: "like" before a bare noun is rare in news, while words of their own that start
            // with ك are many and mostly too rare for the look-alike list (كريم → ريم, كمال → مال,
            // كنجة → نجه, and then بكنجة → كنج would miss it). ك before the article still goes.
            if let Some(stem) = rest.strip_prefix(['ب', 'ل']) {
                // Before ا, 4 letters must remain: بأكثر, لأراضي go, but كامل, بارز keep their
                // letter (امل and ارز are other words).
                let min = MIN_AFFIX_STEM_CHARS + usize::from(stem.starts_with('ا'));
                if letters(stem) >= min {
                    let outcome = if self.is_protected(stem) {
                        Proclitic::Protected
                    } else if rest.starts_with('ل') {
                        Proclitic::Other // ل also comes before verbs: ليكون
                    } else {
                        Proclitic::Noun
                    };
                    return (stem, outcome);
                }
            }
        }
        if conj && self.conjunction && letters(rest) >= MIN_AFFIX_STEM_CHARS {
            return (rest, Proclitic::Other);
        }
        (word, Proclitic::Other)
    }

    fn noun_unless_protected(&self, stem: &str) -> Proclitic {
        if self.is_protected(stem) {
            Proclitic::Protected
        } else {
            Proclitic::Noun
        }
    }

    /// Strips the suffixes; `true` with the stem when one of them only a noun takes (ات, ة, tanween).
    fn strip_suffixes<'a>(&self, mut word: &'a str) -> (&'a str, bool) {
        let mut construct = false;
        let mut noun = false;
        if self.pronoun_suffixes {
            const PRONOUNS: &[&str] = &["هما", "كما", "هم", "هن", "ها", "كم", "نا"];
            if let Some(rest) = strip_any_suffix(word, PRONOUNS, MIN_AFFIX_STEM_CHARS) {
                word = rest;
                construct = true;
            }
        }
        if self.plural_suffixes {
            const PLURALS: &[&str] = &["ات", "ون", "ين", "ان", "وا"];
            if let Some(rest) = strip_any_suffix(word, PLURALS, MIN_AFFIX_STEM_CHARS) {
                noun = word.ends_with("ات");
                word = rest;
                construct = true;
            } else if let Some(rest) = strip_any_suffix(word, &["و"], MIN_AFFIX_STEM_CHARS + 1) {
                word = rest;
            }
        }
        if self.feminine && construct {
            // ة becomes ت before a suffix: منطقتهم, مدينتين.
            if let Some(rest) = strip_any_suffix(word, &["ت"], MIN_AFFIX_STEM_CHARS + 1) {
                return (rest, true);
            }
        }
        if self.tanween_alef && !construct {
            if let Some(rest) = strip_any_suffix(word, &["ا"], MIN_AFFIX_STEM_CHARS) {
                word = rest;
                noun = true;
            }
        }
        if self.nisba {
            if let Some(rest) = strip_any_suffix(word, &["يه", "ي"], MIN_AFFIX_STEM_CHARS) {
                return (rest, true);
            }
        }
        if self.feminine {
            if let Some(rest) = strip_any_suffix(word, &["ه"], MIN_AFFIX_STEM_CHARS) {
                return (rest, true);
            }
        }
        // Not after ا: a word ending in ات whose plural ending was too short to strip (قوات) is a
        // plural far more often than a verb (بدأت).
        if self.past_tense && !construct && !word.ends_with("ات") {
            if let Some(rest) = strip_any_suffix(word, &["ت"], MIN_AFFIX_STEM_CHARS) {
                return (rest, false);
            }
        }
        (word, noun)
    }
}

/// What the proclitics of a word say about the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Proclitic {
    /// The rest is a protected word: no more stripping.
    Protected,
    /// The article or ب/ك went: the rest is a noun.
    Noun,
    /// Nothing, or a conjunction or ل, which also come before verbs.
    Other,
}

/// Strips an article chain ((ب|ك|ل)?ال or لل) from a word whose conjunction is already gone.
fn strip_article(word: &str) -> Option<&str> {
    let rest = word
        .strip_prefix("ال")
        .or_else(|| {
            word.strip_prefix(['ب', 'ك'])
                .and_then(|w| w.strip_prefix("ال"))
        })
        .or_else(|| word.strip_prefix("لل"))?;
    (letters(rest) >= MIN_STEM_CHARS).then_some(rest)
}

/// Removes the first of `suffixes` that `word` ends with, if `min` letters remain.
fn strip_any_suffix<'a>(word: &'a str, suffixes: &[&str], min: usize) -> Option<&'a str> {
    suffixes
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .filter(|rest| letters(rest) >= min)
}

/// The basic Arabic letters hamza to yeh (U+0621–U+064A) that normalized words are made of.
fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c) && c != '\u{0640}'
}

/// Letters in a word of basic Arabic letters only (two bytes each).
fn letters(word: &str) -> usize {
    word.len() / 2
}

/// The light stemmer with the default rules, [`LightStemRules::DEFAULT`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LightStemmer;

impl LightStemmer {
    /// Returns the stem of `word` (normalized Arabic), as a sub-slice of it.
    pub fn stem<'a>(&self, word: &'a str) -> &'a str {
        LightStemRules::DEFAULT.stem(word)
    }
}

/// Token filter applying [`LightStemRules`] to every token.
#[derive(Debug, Clone, Copy, Default)]
pub struct LightStemFilter {
    rules: LightStemRules,
}

impl LightStemFilter {
    /// A filter stemming with `rules`.
    pub fn new(rules: LightStemRules) -> Self {
        LightStemFilter { rules }
    }
}

impl TokenFilter for LightStemFilter {
    type Tokenizer<T: Tokenizer> = LightStemFilterWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> LightStemFilterWrapper<T> {
        LightStemFilterWrapper {
            tokenizer,
            rules: self.rules,
            buffer: String::new(),
        }
    }
}

/// [`LightStemFilter`] wrapped around an inner tokenizer.
#[derive(Debug, Clone)]
pub struct LightStemFilterWrapper<T> {
    tokenizer: T,
    rules: LightStemRules,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for LightStemFilterWrapper<T> {
    type TokenStream<'a> = LightStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        LightStemStream {
            tail: self.tokenizer.token_stream(text),
            rules: self.rules,
            buffer: &mut self.buffer,
        }
    }
}

/// Token stream of [`LightStemFilterWrapper`].
pub struct LightStemStream<'a, T> {
    tail: T,
    rules: LightStemRules,
    buffer: &'a mut String,
}

impl<T: TokenStream> TokenStream for LightStemStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stem = self.rules.stem(&token.text);
        if stem.len() != token.text.len() {
            self.buffer.clear();
            self.buffer.push_str(stem);
            mem::swap(&mut token.text, self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(name: &str) -> LightStemRules {
        let mut rules = LightStemRules::none();
        rules.set(name, true).unwrap();
        rules
    }

    #[test]
    fn default_strips_clitic_chains_and_suffixes() {
        let s = LightStemmer;
        assert_eq!(s.stem("والكتاب"), "كتاب");
        assert_eq!(s.stem("للرءيس"), "رءيس");
        assert_eq!(s.stem("بالمدرسه"), "مدرس");
        assert_eq!(s.stem("المعلمون"), "معلم");
        assert_eq!(s.stem("مسءولو"), "مسءول");
        assert_eq!(s.stem("covid"), "covid");
    }

    #[test]
    fn protected_words_stay_whole_after_a_clitic() {
        let s = LightStemmer;
        assert_eq!(s.stem("بوتين"), "بوتين");
        assert_eq!(s.stem("وبوتين"), "بوتين");
        assert_eq!(s.stem("البانيا"), "البانيا");
        assert_eq!(s.stem("للبنان"), "لبنان");
        assert_eq!(only("plural_suffixes").stem("بوتين"), "بوت");
    }

    #[test]
    fn each_rule_works_alone() {
        assert_eq!(only("article").stem("وبالمدرسه"), "مدرسه");
        assert_eq!(only("conjunction").stem("وقال"), "قال");
        assert_eq!(only("preposition").stem("بشكل"), "شكل");
        assert_eq!(only("pronoun_suffixes").stem("حدودهم"), "حدود");
        assert_eq!(only("tanween_alef").stem("جديدا"), "جديد");
        assert_eq!(only("nisba").stem("صينيه"), "صين");
        assert_eq!(only("feminine").stem("مدينه"), "مدين");
        assert_eq!(only("past_tense").stem("كانت"), "كان");
        assert_eq!(only("imperfect").stem("يعمل"), "عمل");
        assert_eq!(LightStemRules::none().stem("والمعلمون"), "والمعلمون");
    }

    #[test]
    fn minimum_lengths_keep_short_words() {
        let s = LightStemmer;
        assert_eq!(s.stem("وطن"), "وطن");
        assert_eq!(s.stem("بيت"), "بيت");
        assert_eq!(s.stem("الي"), "الي");
        assert_eq!(s.stem("هذا"), "هذا");
    }

    #[test]
    fn unknown_rule_names_are_errors() {
        let mut rules = LightStemRules::default();
        assert_eq!(
            rules.set("roots", true),
            Err(AnalysisError::UnknownRule("roots".into()))
        );
        for name in LightStemRules::NAMES {
            rules.set(name, false).unwrap();
        }
        assert_eq!(rules, LightStemRules::none());
    }
}
