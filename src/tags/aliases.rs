//! Tag aliases: the reviewable `variant<TAB>canonical` file that
//! [`write_aliases`](super::render::write_aliases) suggests from a report and [`Aliases`] parses back
//! and applies. This module knows nothing of reports: the report model uses it, not the reverse.
//!
//! Variants are looked up by [`tag_key`], so one line covers every spelling of a variant (with or
//! without hamza, `_`, `#`, diacritics). A line starting with `#` is a comment: that is also how
//! suggestions that must not be merged without review are written, commented out.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::keys::tag_key;

/// Why an alias file cannot be used.
#[derive(Debug, Error)]
pub enum AliasError {
    /// The file could not be read.
    #[error("cannot read alias file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// A line is not `variant<TAB>canonical`.
    #[error("line {line}: expected `variant<TAB>canonical`, found {text:?}")]
    Syntax {
        /// The line number, from 1.
        line: usize,
        /// The line.
        text: String,
    },
    /// A variant is mapped to two different canonical forms.
    #[error("line {line}: {variant:?} is mapped to {canonical:?}, but line {previous_line} maps it to {previous:?}")]
    Conflict {
        /// The line number of the second mapping, from 1.
        line: usize,
        /// The variant.
        variant: String,
        /// Its canonical form on this line.
        canonical: String,
        /// The line of the first mapping.
        previous_line: usize,
        /// Its canonical form there.
        previous: String,
    },
    /// Following the aliases from a variant comes back to it.
    #[error("line {line}: aliases form a cycle: {chain}")]
    Cycle {
        /// The line of the cycle's first variant met.
        line: usize,
        /// The tags of the cycle as written, joined by arrows, the first one again at the end.
        chain: String,
    },
}

/// A parsed alias file: variant tag key → canonical form, with chains already resolved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    map: HashMap<String, String>,
}

impl Aliases {
    /// Parses an alias file: `variant<TAB>canonical` a line, `#` comments, blank lines. Chains are
    /// resolved (a→b and b→c give a→c); a cycle, a variant mapped twice to different forms or a
    /// line without exactly one tab is an error naming the line.
    pub fn parse(text: &str) -> Result<Aliases, AliasError> {
        // variant key → its line
        let mut raw: HashMap<String, Line> = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let number = i + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let syntax = || AliasError::Syntax {
                line: number,
                text: line.to_string(),
            };
            let (variant, canonical) = line.split_once('\t').ok_or_else(syntax)?;
            let (variant, canonical) = (variant.trim(), canonical.trim());
            let key = tag_key(variant);
            if key.is_empty() || tag_key(canonical).is_empty() || canonical.contains('\t') {
                return Err(syntax());
            }
            match raw.get(&key) {
                Some(previous) if previous.canonical != canonical => {
                    return Err(AliasError::Conflict {
                        line: number,
                        variant: variant.to_string(),
                        canonical: canonical.to_string(),
                        previous_line: previous.number,
                        previous: previous.canonical.clone(),
                    });
                }
                Some(_) => {}
                None => {
                    raw.insert(
                        key,
                        Line {
                            variant: variant.to_string(),
                            canonical: canonical.to_string(),
                            number,
                        },
                    );
                }
            }
        }
        Ok(Aliases {
            map: resolve_all(&raw)?,
        })
    }

    /// Reads and parses an alias file.
    pub fn load(path: &Path) -> Result<Aliases, AliasError> {
        let text = std::fs::read_to_string(path).map_err(|source| AliasError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Aliases::parse(&text)
    }

    /// The canonical form of `tag`, looked up by its [`tag_key`], when the file maps it.
    pub fn canonical(&self, tag: &str) -> Option<&str> {
        self.map.get(&tag_key(tag)).map(String::as_str)
    }

    /// How many variant keys are mapped.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no variant is mapped.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// One `variant<TAB>canonical` line of an alias file.
struct Line {
    variant: String,
    canonical: String,
    number: usize,
}

/// Resolves every chain `key → canonical → …` to its end: a canonical form that is not itself a
/// variant of another key (a line mapping a key to a spelling of itself only fixes its display
/// form, and ends a chain).
///
/// Each key is followed once: a walk stops at the first key already resolved and every key it
/// passed takes that result, so the whole file costs time linear in its lines (following each
/// chain from each of its keys was cubic: a 2,000-link chain took 3.9 s). A walk that meets a key
/// of its own path has found a cycle.
fn resolve_all(raw: &HashMap<String, Line>) -> Result<HashMap<String, String>, AliasError> {
    let mut starts: Vec<(&String, &Line)> = raw.iter().collect();
    // In file order, so the cycle reported is the first one in the file.
    starts.sort_by_key(|(_, line)| line.number);
    let mut done: HashMap<&str, String> = HashMap::with_capacity(raw.len());
    for (start, _) in starts {
        let mut path: Vec<&str> = Vec::new();
        let mut on_path: HashMap<&str, usize> = HashMap::new();
        let mut key: &str = start;
        let end = loop {
            if let Some(end) = done.get(key) {
                break end.clone();
            }
            let line = &raw[key];
            let next = tag_key(&line.canonical);
            let Some((next_key, _)) = raw.get_key_value(&next) else {
                path.push(key);
                break line.canonical.clone();
            };
            if next_key == key {
                path.push(key);
                break line.canonical.clone();
            }
            on_path.insert(key, path.len());
            path.push(key);
            if let Some(&i) = on_path.get(next_key.as_str()) {
                let cycle = &path[i..];
                let mut chain: Vec<&str> = cycle.iter().map(|k| raw[*k].variant.as_str()).collect();
                chain.push(&raw[cycle[0]].variant);
                return Err(AliasError::Cycle {
                    line: raw[cycle[0]].number,
                    chain: chain.join(" → "),
                });
            }
            key = next_key;
        };
        for key in path {
            done.insert(key, end.clone());
        }
    }
    Ok(done
        .into_iter()
        .map(|(key, end)| (key.to_owned(), end))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_resolves_by_key_and_chains() {
        let aliases = Aliases::parse(
            "# comment\n\nترامب\tترمب\r\nترمب\tدونالد ترمب\nميليشيات_الحوثي\tميليشيات الحوثي\n",
        )
        .unwrap();
        assert_eq!(aliases.canonical("ترامب"), Some("دونالد ترمب"));
        assert_eq!(aliases.canonical("#ترامب "), Some("دونالد ترمب"));
        assert_eq!(
            aliases.canonical("ميليشيات الحوثي"),
            Some("ميليشيات الحوثي")
        );
        assert_eq!(aliases.canonical("دونالد ترمب"), None);
        assert_eq!(aliases.len(), 3);
    }

    #[test]
    fn hamza_free_variant_resolves() {
        let aliases = Aliases::parse("أرمينيه\tأرمينيا\n").unwrap();
        assert_eq!(aliases.canonical("ارمينية"), Some("أرمينيا"));
    }

    #[test]
    fn errors_name_the_line() {
        let err = Aliases::parse("# ok\nno tab here\n").unwrap_err();
        assert!(matches!(err, AliasError::Syntax { line: 2, .. }), "{err}");
        let err = Aliases::parse("a\tb\nc\td\nA\tc\n").unwrap_err();
        assert!(
            matches!(
                err,
                AliasError::Conflict {
                    line: 3,
                    previous_line: 1,
                    ..
                }
            ),
            "{err}"
        );
        let err = Aliases::parse("a\tb\nb\tc\nc\ta\n").unwrap_err();
        assert!(matches!(err, AliasError::Cycle { .. }), "{err}");
        let err = Aliases::parse("x\t\n").unwrap_err();
        assert!(matches!(err, AliasError::Syntax { line: 1, .. }), "{err}");
    }

    #[test]
    fn load_reports_the_path() {
        let err = Aliases::load(Path::new("/nonexistent/aliases.tsv")).unwrap_err();
        assert!(
            err.to_string().contains("/nonexistent/aliases.tsv"),
            "{err}"
        );
    }

    #[test]
    fn resolving_alias_chains_is_linear() {
        // A 10,000-link chain: t0 → t1 → … → t10000. Following it from each key, with a list of
        // visited keys, was cubic (2,000 links took 3.9 s); each key is now followed once.
        let n = 10_000;
        let text: String = (0..n).map(|i| format!("t{i}\tt{}\n", i + 1)).collect();
        let aliases = Aliases::parse(&text).unwrap();
        assert_eq!(aliases.len(), n);
        let end = format!("t{n}");
        for i in [0, 1, n / 2, n - 1] {
            assert_eq!(aliases.canonical(&format!("t{i}")), Some(end.as_str()));
        }
        assert_eq!(aliases.canonical(&end), None);
    }

    #[test]
    fn an_alias_cycle_is_an_error_naming_its_tags() {
        // A long lead-in, then a cycle of three: the error names the three, as written.
        let mut text: String = (0..5_000).map(|i| format!("t{i}\tt{}\n", i + 1)).collect();
        text.push_str("t5000\tCycle A\nCycle A\tCycle B\nCycle B\tCycle C\nCycle C\tCycle A\n");
        let err = Aliases::parse(&text).unwrap_err();
        let AliasError::Cycle { line, chain } = &err else {
            panic!("not a cycle: {err}");
        };
        assert_eq!(chain, "Cycle A → Cycle B → Cycle C → Cycle A");
        assert_eq!(*line, 5_002);
        // A key mapped to a spelling of itself is a display fix, not a cycle.
        let aliases = Aliases::parse("ترامب\tترمب\nترمب\tترمب\n").unwrap();
        assert_eq!(aliases.canonical("ترامب"), Some("ترمب"));
    }
}
