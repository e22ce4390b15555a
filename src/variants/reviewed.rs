//! The reviewed variants file: groups to add and groups (or pairs) to forbid, read by
//! `fihris index --variants-file` and `fihris variants --variants-file` and stored in the index
//! folder, like the tag alias file ([`crate::tags::Aliases`]), whose format it follows.
//!
//! One directive a line, its fields separated by tabs (shown as spaces here), `#` comments and
//! blank lines ignored:
//!
//! ```text
//! # spellings of one name, searched as one
//! add    ترامب    ترمب    ترامپ
//! # never one group: no two of these words end up together
//! forbid    كتاب    كتان
//! ```
//!
//! Spellings are compared normalized (diacritics, hamza, ة/ه, ى/ي folded), so one line covers
//! every way of writing them. An error names its line.

use std::io;
use std::path::{Path, PathBuf};

use fihris_analyzers::normalize;
use thiserror::Error;

use super::evidence::Vocabulary;
use super::group::{Method, Spelling, VariantGroup};

/// Why a reviewed variants file cannot be used.
#[derive(Debug, Error)]
pub enum ReviewedError {
    /// The file could not be read.
    #[error("cannot read variants file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A line is not `add` or `forbid` followed by two or more tab-separated words.
    #[error("line {line}: {message}, found {text:?}")]
    Syntax {
        /// The line number, from 1.
        line: usize,
        /// What is wrong.
        message: &'static str,
        /// The line.
        text: String,
    },
    /// Two words are added to one group on one line and forbidden together on another.
    #[error("line {line}: {a:?} and {b:?} are forbidden together, but line {other_line} adds them to one group")]
    Conflict {
        /// The `forbid` line.
        line: usize,
        /// The `add` line.
        other_line: usize,
        /// One word.
        a: String,
        /// The other.
        b: String,
    },
}

/// A parsed reviewed file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reviewed {
    /// Groups to add, each two or more normalized words, in file order.
    pub add: Vec<Vec<String>>,
    /// Groups no two words of which may be joined.
    pub forbid: Vec<Vec<String>>,
}

impl Reviewed {
    /// Parses a reviewed file (see the module documentation).
    pub fn parse(text: &str) -> Result<Reviewed, ReviewedError> {
        let mut reviewed = Reviewed::default();
        // (line of an add directive, its words)
        let mut add_lines: Vec<(usize, Vec<String>)> = Vec::new();
        let mut forbid_lines: Vec<(usize, Vec<String>)> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let number = i + 1;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let syntax = |message| ReviewedError::Syntax {
                line: number,
                message,
                text: line.to_string(),
            };
            let mut fields = line.split('\t').map(str::trim);
            let directive = fields.next().unwrap_or_default();
            let mut words: Vec<String> = Vec::new();
            for field in fields.filter(|f| !f.is_empty()) {
                let word = normalize(field);
                if word.split_whitespace().nth(1).is_some() || word.trim().is_empty() {
                    return Err(syntax("a spelling is one word"));
                }
                if !words.contains(&word) {
                    words.push(word.trim().to_string());
                }
            }
            if words.len() < 2 {
                return Err(syntax(
                    "expected `add` or `forbid` and two or more different words, tab-separated",
                ));
            }
            match directive {
                "add" => add_lines.push((number, words)),
                "forbid" => forbid_lines.push((number, words)),
                _ => return Err(syntax("a line starts with `add` or `forbid`")),
            }
        }
        for (line, forbidden) in &forbid_lines {
            for (other_line, added) in &add_lines {
                let both: Vec<&String> = forbidden.iter().filter(|w| added.contains(w)).collect();
                if let [a, b, ..] = both[..] {
                    return Err(ReviewedError::Conflict {
                        line: *line,
                        other_line: *other_line,
                        a: a.clone(),
                        b: b.clone(),
                    });
                }
            }
        }
        reviewed.add = add_lines.into_iter().map(|(_, w)| w).collect();
        reviewed.forbid = forbid_lines.into_iter().map(|(_, w)| w).collect();
        Ok(reviewed)
    }

    /// Reads and parses a reviewed file.
    pub fn load(path: &Path) -> Result<Reviewed, ReviewedError> {
        let text = std::fs::read_to_string(path).map_err(|source| ReviewedError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Reviewed::parse(&text)
    }

    /// True when the file adds and forbids nothing.
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.forbid.is_empty()
    }

    /// `groups` with the file applied: each added group merged with the found groups holding any
    /// of its words (the result is `reviewed`, confidence 1), then every forbidden set split, its
    /// most frequent word kept in the group and the others taken out of it.
    pub fn apply(&self, groups: Vec<VariantGroup>, vocabulary: &Vocabulary) -> Vec<VariantGroup> {
        let mut groups = groups;
        for added in &self.add {
            let (touching, mut rest): (Vec<VariantGroup>, Vec<VariantGroup>) = groups
                .into_iter()
                .partition(|g| g.spellings.iter().any(|s| added.contains(&s.word)));
            let mut words: Vec<String> = added.clone();
            for group in touching {
                for s in group.spellings {
                    if !words.contains(&s.word) {
                        words.push(s.word);
                    }
                }
            }
            rest.push(group_of(words, Method::Reviewed, 1.0, vocabulary));
            groups = rest;
        }
        let mut out = Vec::with_capacity(groups.len());
        for mut group in groups {
            for forbidden in &self.forbid {
                let mut kept_one = false;
                group.spellings.retain(|s| {
                    if !forbidden.contains(&s.word) {
                        return true;
                    }
                    !std::mem::replace(&mut kept_one, true)
                });
            }
            if group.spellings.len() > 1 {
                out.push(group);
            }
        }
        out
    }
}

/// A group of `words` (their document frequencies from `vocabulary`), most frequent first.
fn group_of(
    words: Vec<String>,
    method: Method,
    confidence: f64,
    vocabulary: &Vocabulary,
) -> VariantGroup {
    let mut spellings: Vec<Spelling> = words
        .into_iter()
        .map(|word| Spelling {
            df: vocabulary.df(&word),
            word,
        })
        .collect();
    spellings.sort_by(|x, y| y.df.cmp(&x.df).then_with(|| x.word.cmp(&y.word)));
    VariantGroup {
        spellings,
        method,
        confidence,
    }
}

/// Word → index of its group, for groups that were already grouped (a helper for tests).
#[cfg(test)]
fn by_word(groups: &[VariantGroup]) -> std::collections::HashMap<String, usize> {
    let mut map = std::collections::HashMap::new();
    for (i, g) in groups.iter().enumerate() {
        for s in &g.spellings {
            map.insert(s.word.clone(), i);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &[(&str, u64)]) -> Vocabulary {
        Vocabulary {
            df: words.iter().map(|&(w, n)| (w.to_string(), n)).collect(),
            docs: 100,
        }
    }

    #[test]
    fn add_merges_and_forbid_splits() {
        let vocab = vocabulary(&[
            ("ترامب", 9),
            ("ترمب", 5),
            ("ترامپ", 1),
            ("كتاب", 50),
            ("كتان", 3),
        ]);
        let found = vec![group_of(
            vec!["كتاب".into(), "كتان".into()],
            Method::Vowels,
            0.5,
            &vocab,
        )];
        let reviewed = Reviewed::parse(
            "# reviewed\nadd\tترامب\tتْرمب\r\n\nforbid\tكتاب\tكتان\nadd\tترمب\tترامپ\n",
        )
        .unwrap();
        let groups = reviewed.apply(found, &vocab);
        assert_eq!(groups.len(), 1, "{groups:?}");
        let words: Vec<&str> = groups[0]
            .spellings
            .iter()
            .map(|s| s.word.as_str())
            .collect();
        // ترامپ is normalized to ترامب by the parser, so the second add line joins ترمب again.
        assert_eq!(words, ["ترامب", "ترمب"]);
        assert_eq!(groups[0].method, Method::Reviewed);
        assert!(!by_word(&groups).contains_key("كتان"));
    }

    #[test]
    fn errors_name_the_line() {
        for (text, expected) in [
            ("# ok\nadd\tترامب\n", 2),
            ("merge\tا\tب\n", 1),
            ("add\tفيس بوك\tفيسبوك\n", 1),
        ] {
            let err = Reviewed::parse(text).unwrap_err();
            assert!(
                matches!(err, ReviewedError::Syntax { line, .. } if line == expected),
                "{text:?}: {err}"
            );
        }
        let err = Reviewed::parse("add\tكتاب\tكتان\tكتب\n\nforbid\tكتان\tكتاب\n").unwrap_err();
        assert!(
            matches!(
                err,
                ReviewedError::Conflict {
                    line: 3,
                    other_line: 1,
                    ..
                }
            ),
            "{err}"
        );
        let err = Reviewed::load(Path::new("/nonexistent/v.tsv")).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/v.tsv"), "{err}");
    }
}
