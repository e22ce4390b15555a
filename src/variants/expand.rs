//! Search with variants: a query's plain words rewritten to also match their other spellings,
//! ranked below the spelling typed ([`expand`]), and the words of a "did you mean" suggestion
//! ([`suggestion_for`]).

use fihris_analyzers::normalize;
use tantivy::query_grammar::{Delimiter, Occur, UserInputAst, UserInputLeaf, UserInputLiteral};

use super::persist::Variants;

/// The weight of a variant's match against the spelling typed: below 1, so that an article
/// writing the name as the searcher did ranks first.
///
/// A variant is matched in [`VARIANT_FIELD`] only, which scores presence (no term frequency, no
/// title weight). Matched in every field at 0.5, a variant in a title outscored the typed
/// spelling once in a long body: on `corpus/`, ترامب put the three ترمب headlines (2.43–2.58)
/// above the seed article, which writes ترامب once in its body (1.65). Matched by presence at
/// 0.5 × the exact-form weight 0.35, the variants score 0.21–0.47 there, below every article
/// with the spelling typed; at most 0.5 × 0.35 × 1.69 idf (BM25's largest presence score), while
/// one typed occurrence in a body three times the average length still scores about 0.74 idf.
pub const VARIANT_BOOST: f64 = 0.5;

/// The field a variant of a word searched in every field is matched in: the exact-form text.
pub const VARIANT_FIELD: &str = "text_exact";

/// The most other spellings one query word expands to.
const MAX_EXPANSIONS: usize = 8;

/// Clitics written in front of a name (وترامب، بترمب، لترامب), tried longest first when a
/// query word is not itself in a group.
const CLITICS: &[&str] = &["وبال", "وال", "بال", "لل", "ال", "و", "ب", "ل", "ف", "ك"];

/// The other spellings of a query word: its group's, or, for a word with a clitic, the group of
/// the word without it with the clitic put back on each spelling.
pub fn other_spellings(variants: &Variants, word: &str) -> Vec<String> {
    let normalized = normalize(word);
    let lookup = |stem: &str, prefix: &str| -> Option<Vec<String>> {
        let group = variants.group(stem)?;
        Some(
            group
                .spellings
                .iter()
                .filter(|s| s.word != stem)
                .take(MAX_EXPANSIONS)
                .map(|s| format!("{prefix}{}", s.word))
                .collect(),
        )
    };
    if let Some(found) = lookup(&normalized, "") {
        return found;
    }
    for clitic in CLITICS {
        if let Some(rest) = normalized.strip_prefix(clitic) {
            if rest.chars().count() >= 4 {
                if let Some(found) = lookup(rest, clitic) {
                    return found;
                }
            }
        }
    }
    Vec::new()
}

/// `ast` with each plain word (unquoted, one word, any field) that has variants replaced by
/// `word OR variant^boost OR …`, the variants of a word searched in every field matched in
/// [`VARIANT_FIELD`] (see [`VARIANT_BOOST`] for why). Excluded words exclude their variants too. Returns the tree
/// and whether anything was expanded.
pub fn expand(ast: UserInputAst, variants: &Variants, boost: f64) -> (UserInputAst, bool) {
    if variants.is_empty() {
        return (ast, false);
    }
    let mut expanded = false;
    let ast = rewrite(ast, variants, boost, &mut expanded);
    (ast, expanded)
}

fn rewrite(
    ast: UserInputAst,
    variants: &Variants,
    boost: f64,
    expanded: &mut bool,
) -> UserInputAst {
    match ast {
        UserInputAst::Clause(children) => UserInputAst::Clause(
            children
                .into_iter()
                .map(|(occur, child)| (occur, rewrite(child, variants, boost, expanded)))
                .collect(),
        ),
        UserInputAst::Boost(inner, b) => {
            UserInputAst::Boost(Box::new(rewrite(*inner, variants, boost, expanded)), b)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal)
                if literal.delimiter == Delimiter::None
                    && !literal.prefix
                    && !literal.phrase.trim().contains(char::is_whitespace) =>
            {
                let others = other_spellings(variants, literal.phrase.trim());
                if others.is_empty() {
                    return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
                }
                *expanded = true;
                // Each variant boosted on its own, not `(a OR b)^boost`: the same sum, but a
                // boosted leaf stays a term query once the parser flattens the clause, so the
                // whole query remains one union of terms that block-max WAND can prune.
                let alternatives = others
                    .into_iter()
                    .map(|word| {
                        let leaf = UserInputLiteral {
                            phrase: word,
                            field_name: Some(
                                literal
                                    .field_name
                                    .clone()
                                    .unwrap_or_else(|| VARIANT_FIELD.to_string()),
                            ),
                            ..literal.clone()
                        };
                        (
                            Some(Occur::Should),
                            UserInputAst::Boost(
                                Box::new(UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(
                                    leaf,
                                )))),
                                boost.into(),
                            ),
                        )
                    })
                    .collect::<Vec<_>>();
                let typed = (
                    Some(Occur::Should),
                    UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
                );
                UserInputAst::Clause(std::iter::once(typed).chain(alternatives).collect())
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// For "did you mean": the word to put instead of a query word, given its document frequency
/// and its near words (edit distance 1–2) with theirs: its group's most frequent spelling, else
/// the most frequent near word found in at least [`SUGGEST_FACTOR`] times as many articles (and
/// in [`SUGGEST_MIN_DF`] at least). `None` keeps the word.
pub fn suggestion_for(
    variants: &Variants,
    word: &str,
    df: u64,
    near: &[(String, u64)],
) -> Option<String> {
    let normalized = normalize(word);
    if let Some(group) = variants.group(&normalized) {
        let top = &group.spellings[0];
        if top.word != normalized && top.df > df {
            return Some(top.word.clone());
        }
    }
    near.iter()
        .filter(|(w, n)| {
            *w != normalized && *n >= SUGGEST_MIN_DF && *n >= df.saturating_mul(SUGGEST_FACTOR)
        })
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(w, _)| w.clone())
}

/// How many times more articles a suggested word must appear in than the word typed.
pub const SUGGEST_FACTOR: u64 = 10;

/// The fewest articles a suggested word must appear in.
pub const SUGGEST_MIN_DF: u64 = 3;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::variants::{Method, Spelling, VariantGroup};

    fn variants() -> Variants {
        Variants::from_groups(vec![VariantGroup {
            spellings: vec![
                Spelling {
                    word: "ترامب".into(),
                    df: 10,
                },
                Spelling {
                    word: "ترمب".into(),
                    df: 4,
                },
            ],
            method: Method::Vowels,
            confidence: 0.5,
        }])
    }

    #[test]
    fn words_expand_with_and_without_clitics() {
        let v = variants();
        assert_eq!(other_spellings(&v, "ترمب"), ["ترامب"]);
        assert_eq!(other_spellings(&v, "وترمب"), ["وترامب"]);
        assert_eq!(other_spellings(&v, "ترامب"), ["ترمب"]);
        assert!(other_spellings(&v, "بوتين").is_empty());
    }

    #[test]
    fn only_plain_words_are_expanded() {
        let v = variants();
        let (ast, _) = tantivy::query_grammar::parse_query_lenient("ترمب \"ترمب قال\" -بوتين");
        let (expanded, any) = expand(ast, &v, VARIANT_BOOST);
        assert!(any);
        let text = format!("{expanded:?}");
        assert!(text.contains("ترامب"), "{text}");
        assert_eq!(text.matches("ترامب").count(), 1, "{text}");
    }

    #[test]
    fn suggestions_prefer_the_group_then_a_much_more_frequent_near_word() {
        let v = variants();
        assert_eq!(suggestion_for(&v, "ترمب", 4, &[]), Some("ترامب".into()));
        assert_eq!(suggestion_for(&v, "ترامب", 10, &[]), None);
        let near = [("السعودية".to_string(), 500), ("السعوديه".to_string(), 40)];
        assert_eq!(
            suggestion_for(&v, "السعوديح", 0, &near),
            Some("السعودية".into())
        );
        // Not ten times more frequent: the word typed stays.
        assert_eq!(suggestion_for(&v, "الشعودية", 60, &near), None);
    }
}
