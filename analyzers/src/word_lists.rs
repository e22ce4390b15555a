//! The light stemmer's word lists and their fast lookup: [`PROTECTED`] names kept whole, and the
//! corpus-derived [`CLITIC_LOOKALIKES`] (generated, in `clitic_lookalikes.rs`).
//!
//! Every word the stemmer sees is looked up several times, so a lookup must be cheap: a compile-time
//! bitmap over word signatures rejects most words with one load, and the binary search that remains
//! compares bytes in an inlined loop (a `memcmp` call per comparison dominated the first profile).

use std::cmp::Ordering;

use crate::clitic_lookalikes::CLITIC_LOOKALIKES;

/// Normalized words that stripping would break: names and words whose first or last letters only look
/// like a clitic or an affix, and the relative pronouns and الآن, whose ال is their own (التي → تي,
/// الآن → ان would meet other words). They are left whole, with or without a conjunction or preposition.
/// Sorted, for binary search.
#[rustfmt::skip]
pub const PROTECTED: &[&str] = &[
    "اذربيجان", "اسراءيل", "الان", "البانيا", "التي", "الجزاءر", "الذي", "الذين", "اللاءي",
    "اللاتي", "اللتان", "اللتين", "اللذان", "اللذين", "الله", "اللواتي", "اليمن", "اليونان",
    "امريكا", "ايران", "باريس", "باكستان", "بريطانيا", "بلجيكا", "بنغلاديش", "بوتين", "فرنسا",
    "فلسطين", "فنزويلا", "فيتنام", "كاراباخ", "كرملين", "كندا", "كورونا", "كوريا", "لبنان", "لندن",
    "ليبيا", "واشنطن",
];

/// Whether `word` is one of [`PROTECTED`].
pub(crate) fn is_protected_word(word: &str) -> bool {
    PROTECTED_FILTER.may_contain(protected_signature(word.as_bytes()))
        && PROTECTED.binary_search_by(|e| cmp_bytes(e, word)).is_ok()
}

/// Whether `word` starts with one of [`CLITIC_LOOKALIKES`]: since none of them is a prefix of
/// another, only the greatest entry not above `word` can be its prefix.
pub(crate) fn starts_with_lookalike(word: &str) -> bool {
    // Every entry starts with a clitic letter and has 4+ letters, whose signature is in the filter:
    // most words are out without a search.
    if !word.starts_with(['و', 'ف', 'ب', 'ك', 'ل', 'ي', 'ت'])
        || !LOOKALIKE_FILTER.may_contain(lookalike_signature(word.as_bytes()))
    {
        return false;
    }
    let idx = CLITIC_LOOKALIKES.partition_point(|entry| cmp_bytes(entry, word).is_le());
    idx > 0 && word.starts_with(CLITIC_LOOKALIKES[idx - 1])
}

/// A bitmap over word signatures, built at compile time from a word list: a clear bit proves a word
/// is not in the list, so the binary search runs only for the few words whose bit is set.
struct SignatureFilter([u64; 64]);

impl SignatureFilter {
    /// `prefixes`: sign each word's first four letters ([`lookalike_signature`]), else the whole
    /// word ([`protected_signature`]). (A `const fn` cannot call a function pointer.)
    const fn build(words: &[&str], prefixes: bool) -> Self {
        let mut bits = [0u64; 64];
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_bytes();
            let sig = if prefixes {
                lookalike_signature(word)
            } else {
                protected_signature(word)
            };
            bits[sig / 64] |= 1 << (sig % 64);
            i += 1;
        }
        SignatureFilter(bits)
    }

    #[inline]
    fn may_contain(&self, sig: usize) -> bool {
        self.0[sig / 64] & (1 << (sig % 64)) != 0
    }
}

/// Signature of a whole word: its length and the low bytes of its second and last letters.
const fn protected_signature(w: &[u8]) -> usize {
    if w.len() < 4 {
        return 0;
    }
    (w.len() * 613 + w[3] as usize * 31 + w[w.len() - 1] as usize) % 4096
}

/// Signature of a word's first four letters (every look-alike has at least four).
const fn lookalike_signature(w: &[u8]) -> usize {
    if w.len() < 8 {
        return 0;
    }
    (w[1] as usize * 997 + w[3] as usize * 131 + w[5] as usize * 17 + w[7] as usize) % 4096
}

static PROTECTED_FILTER: SignatureFilter = SignatureFilter::build(PROTECTED, false);
static LOOKALIKE_FILTER: SignatureFilter = SignatureFilter::build(CLITIC_LOOKALIKES, true);

/// `a.cmp(b)` for the short words of the stemmer's lists, as an inlined byte loop: much cheaper
/// than the `memcmp` call that `str::cmp` makes, which dominated the stemmer's profile.
#[inline]
fn cmp_bytes(a: &str, b: &str) -> Ordering {
    for (x, y) in a.bytes().zip(b.bytes()) {
        if x != y {
            return x.cmp(&y);
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(PROTECTED.windows(2).all(|w| w[0] < w[1]));
        assert!(CLITIC_LOOKALIKES.windows(2).all(|w| w[0] < w[1]));
        assert!(starts_with_lookalike("وزيره"));
        assert!(!starts_with_lookalike("وقال"));
        // The filters never reject a listed word.
        for word in PROTECTED {
            assert!(PROTECTED_FILTER.may_contain(protected_signature(word.as_bytes())));
        }
        for word in CLITIC_LOOKALIKES {
            assert!(starts_with_lookalike(word), "{word}");
        }
    }
}
