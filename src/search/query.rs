//! The query text on its way to tantivy's parser: bounded, its stray colons made punctuation, and
//! its syntax tree rewritten where tantivy's reading of it surprises a searcher.
//!
//! - **Bounds** ([`check_bounds`]): tantivy's lenient parser recurses once per parenthesis and per
//!   `NOT`, and overflows the stack (aborting the process) near 3,000 levels; a server thread has a
//!   smaller stack than `main`. A query deeper than [`MAX_QUERY_DEPTH`] or longer than
//!   [`MAX_QUERY_CHARS`] is refused before parsing.
//! - **Colons** ([`neutralize_colons`]): to tantivy every `word:` names a field, so a pasted headline
//!   `ترامب: لا حرب` searched a field `ترامب` that does not exist and dropped the word. Only
//!   [`FIELDS`] are fields; any other colon becomes a space, which the analyzers treat alike.
//! - **Rewrites** ([`prepare`]): `a AND NOT b` parses as `+a +(-b)`, whose second clause matches
//!   nothing, so it returned no hits while `a NOT b` and `a -b` worked: it becomes `+a -b`. `NOT NOT a`
//!   becomes `a`. Syntax tantivy accepts but cannot search as meant (`word~1`, `word*`, `?` inside a
//!   word) is kept or dropped with a warning that says what was searched.

use tantivy::query_grammar::{self, Occur, UserInputAst, UserInputLeaf};

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 4_096;

/// The deepest nesting accepted: parentheses plus consecutive `NOT`s.
pub const MAX_QUERY_DEPTH: usize = 32;

/// The field names a query may write as `name:` (every other colon is punctuation).
pub const FIELDS: &[&str] = &["title", "body", "tag"];

/// The indexed field a `body:` clause searches: the combined text of title, tags and body.
const BODY_FIELD_SEARCHED: &str = "text";

/// Characters that end a field name in tantivy's grammar (its `SPECIAL_CHARS`).
const SPECIAL: &[char] = &[
    '+', '^', '`', ':', '{', '}', '"', '\'', '[', ']', '(', ')', '!', '\\', '*',
];

/// How many terms a phrase prefix (`"a b"*`) expands to: tantivy's `PhrasePrefixQuery` default.
const PREFIX_EXPANSIONS: usize = 50;

/// Refuses a query longer than [`MAX_QUERY_CHARS`] or nested deeper than [`MAX_QUERY_DEPTH`].
pub fn check_bounds(text: &str) -> Result<(), String> {
    let chars = text.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(format!(
            "{chars} characters is more than the maximum, {MAX_QUERY_CHARS}"
        ));
    }
    let depth = nesting_depth(text);
    if depth > MAX_QUERY_DEPTH {
        return Err(format!(
            "nested {depth} levels deep (parentheses and NOTs); the maximum is {MAX_QUERY_DEPTH}"
        ));
    }
    Ok(())
}

/// The deepest nesting of `text` as the parser will recurse on it: open parentheses outside quotes,
/// plus the `NOT`s in a row before a word. It may overcount (a quote inside a word), never undercount.
fn nesting_depth(text: &str) -> usize {
    let (mut parens, mut nots, mut deepest) = (0usize, 0usize, 0usize);
    let mut quote: Option<char> = None;
    let mut word = String::new();
    let mut chars = text.chars();
    let end_word = |word: &mut String, nots: &mut usize| {
        if word == "NOT" {
            *nots += 1;
        } else if !word.is_empty() {
            *nots = 0;
        }
        word.clear();
    };
    while let Some(c) = chars.next() {
        match (quote, c) {
            (_, '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => {
                end_word(&mut word, &mut nots);
                quote = Some(c);
            }
            (None, '(') => {
                end_word(&mut word, &mut nots);
                parens += 1;
            }
            (None, ')') => {
                end_word(&mut word, &mut nots);
                parens = parens.saturating_sub(1);
            }
            (None, c) if c.is_whitespace() => end_word(&mut word, &mut nots),
            (None, c) => word.push(c),
        }
        deepest = deepest.max(parens + nots);
    }
    end_word(&mut word, &mut nots);
    deepest.max(parens + nots)
}

/// `text` with every colon that does not follow one of [`FIELDS`] replaced by a space (escaped
/// colons `\:` are kept: they are already text).
pub fn neutralize_colons(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == ':' && !FIELDS.contains(&field_before(&out)) {
            out.push(' ');
            continue;
        }
        out.push(c);
    }
    out
}

/// The field name a colon after `before` would close: the word before it (tantivy allows spaces
/// between the name and the colon), without the `-` of an excluded clause.
fn field_before(before: &str) -> &str {
    let trimmed = before.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || SPECIAL.contains(&c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    trimmed[start..].trim_start_matches('-')
}

/// A query ready for tantivy's query builder.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The rewritten syntax tree.
    pub ast: UserInputAst,
    /// What was not searched as written, in sentences for the searcher.
    pub warnings: Vec<String>,
    /// Whether the tree holds anything but words and phrases (ranges, `*`, sets…), which match
    /// without terms.
    pub has_non_literals: bool,
}

/// Parses `text` (already within [`check_bounds`]) into a rewritten syntax tree with warnings.
pub fn prepare(text: &str) -> Prepared {
    let mut warnings = Vec::new();
    let text = strip_fuzzy(&neutralize_colons(text), &mut warnings);
    let (ast, errors) = query_grammar::parse_query_lenient(&text);
    warnings.extend(errors.iter().map(|e| {
        format!(
            "{} at position {}; searched the rest as plain words",
            e.message, e.pos
        )
    }));
    warnings.extend(wildcard_warnings(&text));
    let mut has_non_literals = false;
    let ast = rewrite(ast, &mut warnings, &mut has_non_literals);
    warnings.dedup();
    Prepared {
        ast,
        warnings,
        has_non_literals,
    }
}

/// `text` without the `~N` after unquoted words (Lucene's fuzzy matching, which tantivy's lenient
/// grammar reads as part of the word, so `word~1` searched the phrase "word 1"), with a warning each.
fn strip_fuzzy(text: &str, warnings: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    for piece in text.split_inclusive(char::is_whitespace) {
        quoted ^= piece.matches('"').count() % 2 == 1;
        let word = piece.trim_end();
        let fuzzy = word.rfind('~').filter(|&at| {
            let before = word[..at].chars().next_back();
            !quoted
                && before.is_some_and(char::is_alphanumeric)
                && word[at + 1..].chars().all(|c| c.is_ascii_digit())
        });
        match fuzzy {
            Some(at) => {
                warnings.push(format!(
                    "`{word}`: fuzzy matching is not supported (`~N` is the slop of a \
                     \"quoted phrase\"); searched {:?} as written",
                    &word[..at]
                ));
                out.push_str(&word[..at]);
                out.push_str(&piece[word.len()..]);
            }
            None => out.push_str(piece),
        }
    }
    out
}

/// `?` or `*` inside or after a word: a wildcard to a searcher, punctuation to the analyzer.
fn wildcard_warnings(text: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    for word in text.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        if let [.., letter, '*'] = chars[..] {
            if letter.is_alphanumeric() {
                warnings.push(format!(
                    "`{word}`: prefix search is not supported for a single word (only for the \
                     last word of a \"quoted phrase\"*); searched the word as written"
                ));
                continue;
            }
        }
        let inside = chars.windows(3).find(|w| {
            matches!(w[1], '?' | '؟' | '*') && w[0].is_alphanumeric() && w[2].is_alphanumeric()
        });
        if let Some(w) = inside {
            warnings.push(format!(
                "`{}` in {word:?} is not a wildcard: the parts around it were searched as words",
                w[1]
            ));
        }
    }
    warnings
}

fn rewrite(ast: UserInputAst, warnings: &mut Vec<String>, non_literal: &mut bool) -> UserInputAst {
    match ast {
        UserInputAst::Clause(children) => UserInputAst::Clause(
            children
                .into_iter()
                .map(|(occur, child)| {
                    let child = rewrite(child, warnings, non_literal);
                    lift_negation(occur, child)
                })
                .collect(),
        ),
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(rewrite(*inner, warnings, non_literal)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(mut literal) => {
                // The body's words are searched in the combined text (the body is stored only).
                if literal.field_name.as_deref() == Some("body") {
                    literal.field_name = Some(BODY_FIELD_SEARCHED.to_string());
                }
                // Unquoted words never carry `~` or `*` here: the lenient grammar keeps them in the
                // word ([`strip_fuzzy`] and [`wildcard_warnings`] handle those).
                if literal.prefix {
                    if literal.phrase.split_whitespace().nth(1).is_none() {
                        warnings.push(format!(
                            "`\"{}\"*`: a prefix needs a phrase of two words or more \
                             (\"a b\"*); this one matched nothing",
                            literal.phrase
                        ));
                    } else {
                        warnings.push(format!(
                            "`\"{}\"*` matches at most the first {PREFIX_EXPANSIONS} words \
                             starting with its last word, in each field",
                            literal.phrase
                        ));
                    }
                }
                UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)))
            }
            other => {
                *non_literal = true;
                UserInputAst::Leaf(Box::new(other))
            }
        },
    }
}

/// The words of the query's top level that are neither quoted, excluded, required nor given a
/// field, in query order: the words a proximity bonus pairs up. A clause of anything else (a
/// phrase, a group, `+word`) ends a run, so pairs never span it.
pub fn plain_word_runs(ast: &UserInputAst) -> Vec<Vec<String>> {
    let mut runs = vec![Vec::new()];
    let leaf_word = |occur: Option<Occur>, child: &UserInputAst| -> Option<String> {
        if !matches!(occur, None | Some(Occur::Should)) {
            return None;
        }
        let UserInputAst::Leaf(leaf) = child else {
            return None;
        };
        match leaf.as_ref() {
            UserInputLeaf::Literal(literal)
                if literal.field_name.is_none()
                    && literal.delimiter == query_grammar::Delimiter::None
                    && !literal.prefix =>
            {
                Some(literal.phrase.clone())
            }
            _ => None,
        }
    };
    match ast {
        UserInputAst::Clause(children) => {
            for (occur, child) in children {
                match leaf_word(*occur, child) {
                    Some(word) => runs.last_mut().expect("one run").push(word),
                    None => runs.push(Vec::new()),
                }
            }
        }
        leaf => {
            if let Some(word) = leaf_word(None, leaf) {
                runs[0].push(word);
            }
        }
    }
    runs.retain(|run| run.len() > 1);
    runs
}

/// `occur (-x)` as one clause: `+(-x)` (from `AND NOT x`) matches nothing in tantivy, so it becomes
/// `-x`; `-(-x)` (from `NOT NOT x`) becomes `+x`.
fn lift_negation(occur: Option<Occur>, child: UserInputAst) -> (Option<Occur>, UserInputAst) {
    let UserInputAst::Clause(mut inner) = child else {
        return (occur, child);
    };
    if inner.len() != 1 || inner[0].0 != Some(Occur::MustNot) {
        return (occur, UserInputAst::Clause(inner));
    }
    match occur {
        None | Some(Occur::Must) => {
            let (_, negated) = inner.pop().expect("one clause");
            (Some(Occur::MustNot), negated)
        }
        Some(Occur::MustNot) => {
            let (_, negated) = inner.pop().expect("one clause");
            (Some(Occur::Must), negated)
        }
        Some(Occur::Should) => (occur, UserInputAst::Clause(inner)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_query_is_an_error_not_a_crash() {
        let nested = |n: usize| format!("{}كلمة{}", "(".repeat(n), ")".repeat(n));
        assert!(check_bounds(&nested(MAX_QUERY_DEPTH)).is_ok());
        assert!(check_bounds(&nested(MAX_QUERY_DEPTH + 1)).is_err());
        assert!(check_bounds(&nested(1_500)).is_err());
        assert!(check_bounds(&format!("{}كلمة", "NOT ".repeat(MAX_QUERY_DEPTH + 1))).is_err());
        // NOTs one after another (not nested) and parentheses in quotes are not depth.
        assert!(check_bounds(&"a AND NOT b ".repeat(100)).is_ok());
        assert!(check_bounds(&format!("\"{}\"", "(".repeat(100))).is_ok());
    }

    #[test]
    fn overlong_query_is_an_error() {
        assert!(check_bounds(&"ب".repeat(MAX_QUERY_CHARS)).is_ok());
        assert!(check_bounds(&"ب".repeat(MAX_QUERY_CHARS + 1)).is_err());
    }

    #[test]
    fn a_colon_makes_a_field_only_after_a_field_name() {
        assert_eq!(neutralize_colons("ترامب: لا حرب"), "ترامب  لا حرب");
        assert_eq!(neutralize_colons("foo:النفط"), "foo النفط");
        assert_eq!(neutralize_colons("الساعة 10:30"), "الساعة 10 30");
        assert_eq!(
            neutralize_colons("title:كاراباخ -tag:روسيا"),
            "title:كاراباخ -tag:روسيا"
        );
        assert_eq!(neutralize_colons("title :كاراباخ"), "title :كاراباخ");
        assert_eq!(neutralize_colons("(body:x) xtitle:y"), "(body:x) xtitle y");
        assert_eq!(neutralize_colons(r"a\:b"), r"a\:b");
        assert_eq!(neutralize_colons(": :"), "   ");
    }

    #[test]
    fn and_not_means_the_same_as_not_and_minus() {
        let clauses = |text: &str| format!("{:?}", prepare(text).ast);
        assert_eq!(clauses("a AND NOT b"), clauses("+a -b"));
        assert_eq!(clauses("NOT a AND b"), clauses("-a +b"));
        assert!(
            !clauses("NOT NOT a").contains('-'),
            "{}",
            clauses("NOT NOT a")
        );
        assert_eq!(clauses("a AND NOT (b OR c)"), clauses("+a -(b OR c)"));
    }

    #[test]
    fn fuzzy_tilde_is_dropped_from_words_not_phrases() {
        let mut warnings = Vec::new();
        assert_eq!(
            strip_fuzzy("كاراباخ~1 روسيا~", &mut warnings),
            "كاراباخ روسيا"
        );
        assert_eq!(warnings.len(), 2);
        assert_eq!(
            strip_fuzzy("\"اقليم كاراباخ\"~2", &mut warnings),
            "\"اقليم كاراباخ\"~2"
        );
        assert_eq!(strip_fuzzy("\"a b~1\" c", &mut warnings), "\"a b~1\" c");
    }

    #[test]
    fn plain_words_are_paired_within_runs_only() {
        let runs = |text: &str| plain_word_runs(&prepare(text).ast);
        assert_eq!(
            runs("عاصمة ليبيا الرسمية"),
            vec![vec!["عاصمة", "ليبيا", "الرسمية"]]
        );
        assert_eq!(runs("ليبيا"), Vec::<Vec<String>>::new());
        // A phrase, a required word or a field clause breaks the run.
        assert_eq!(
            runs("a b \"c d\" e f +g h"),
            vec![vec!["a", "b"], vec!["e", "f"]]
        );
        assert!(runs("title:a b").is_empty());
    }

    #[test]
    fn a_body_clause_searches_the_combined_text() {
        let ast = format!("{:?}", prepare("body:النفط").ast);
        assert!(ast.contains("\"text\""), "{ast}");
    }

    #[test]
    fn unsupported_wildcards_warn() {
        for text in [
            "كاراباخ~1",
            "كاراب*",
            "كار?باخ",
            "\"اقليم كاراب\"*",
            "\"كاراب\"*",
        ] {
            assert!(!prepare(text).warnings.is_empty(), "{text}");
        }
        for text in ["كاراباخ", "\"اقليم كاراباخ\"~2", "ما هو؟", "title:روسيا"]
        {
            assert!(prepare(text).warnings.is_empty(), "{text}");
        }
    }
}
