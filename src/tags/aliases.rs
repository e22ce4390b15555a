//! Tag aliases: the reviewable `variant<TAB>canonical` file that [`write_aliases`] suggests from a
//! report and [`Aliases`] parses back and applies.
//!
//! Variants are looked up by [`tag_key`], so one line covers every spelling of a variant (with or
//! without hamza, `_`, `#`, diacritics). A line starting with `#` is a comment: that is also how
//! suggestions that must not be merged without review are written, commented out.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::keys::tag_key;
use super::model::{Method, TagReport};

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
        /// The line of the variant where the cycle was found.
        line: usize,
        /// The tags of the cycle, joined by arrows.
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
        // variant key → (canonical as written, line number)
        let mut raw: HashMap<String, (String, usize)> = HashMap::new();
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
                Some((previous, previous_line)) if previous != canonical => {
                    return Err(AliasError::Conflict {
                        line: number,
                        variant: variant.to_string(),
                        canonical: canonical.to_string(),
                        previous_line: *previous_line,
                        previous: previous.clone(),
                    });
                }
                Some(_) => {}
                None => {
                    raw.insert(key, (canonical.to_string(), number));
                }
            }
        }
        let mut map = HashMap::with_capacity(raw.len());
        for (key, (canonical, line)) in &raw {
            map.insert(key.clone(), resolve(&raw, key, canonical, *line)?);
        }
        Ok(Aliases { map })
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

/// Follows `key → canonical → …` until a canonical form that is not itself a variant of another
/// key (a line mapping a key to a spelling of itself only fixes its display form, and ends a chain).
fn resolve(
    raw: &HashMap<String, (String, usize)>,
    key: &str,
    canonical: &str,
    line: usize,
) -> Result<String, AliasError> {
    let mut visited = vec![key.to_string()];
    let mut current = canonical.to_string();
    loop {
        let k = tag_key(&current);
        let Some((next, _)) = raw.get(&k) else {
            return Ok(current);
        };
        if tag_key(next) == k {
            return Ok(next.clone());
        }
        if visited.contains(&k) {
            visited.push(k);
            return Err(AliasError::Cycle {
                line,
                chain: visited.join(" → "),
            });
        }
        visited.push(k);
        current = next.clone();
    }
}

/// The header of a written alias file.
const HEADER: &str = "\
# Fihris tag aliases, suggested by `fihris tags report`: one `variant<TAB>canonical` a line.
# A variant is looked up by its tag key (hamza and alef forms, diacritics, `_`, `#`, spaces folded),
# so one line covers every spelling of it. Chains are followed (a→b, b→c gives a→c).
# Lines starting with `#` are comments, blank lines are skipped.
# Review before use: delete a line to keep two tags apart. The `containment` suggestions (one tag
# inside another) are written commented out: remove the leading `# ` to merge them.
# Then pass the file to `fihris index --aliases FILE`.
";

/// Writes the report's clusters as a reviewable alias file: the header, then per cluster, strictest
/// method first, a comment (`# method, confidence, members with counts`) and its
/// `variant<TAB>canonical` lines. Containment suggestions are commented out. Each variant points at
/// its final canonical form, so that a spelling fixed by a `normalized` cluster follows its tag into
/// a laxer cluster without conflict.
pub fn write_aliases(report: &TagReport) -> String {
    let finals = final_canonicals(report);
    let target = |tag: &str| -> String {
        finals
            .get(&tag_key(tag))
            .cloned()
            .unwrap_or_else(|| tag.to_string())
    };
    let mut out = String::from(HEADER);
    // Strictest method first, so a reviewer reads the sure merges before the doubtful ones and
    // finds the commented-out containment suggestions together at the end.
    let mut clusters: Vec<_> = report.clusters.iter().collect();
    clusters.sort_by_key(|c| c.method);
    for cluster in clusters {
        let members: Vec<String> = cluster
            .members
            .iter()
            .map(|m| format!("{} ({})", m.tag, m.articles))
            .collect();
        let _ = write!(
            out,
            "\n# {}, confidence {:.2}: {}\n",
            cluster.method,
            cluster.confidence,
            members.join(", ")
        );
        let prefix = if cluster.method == Method::Containment {
            "# "
        } else {
            ""
        };
        let canonical = target(&cluster.canonical);
        for member in cluster
            .members
            .iter()
            .filter(|m| m.tag != cluster.canonical)
        {
            // A leading `#` would turn the line into a comment; the key is the same without it.
            // A tab inside a tag would split the line: it is a space to the key.
            let variant = member.tag.trim_start_matches('#').trim().replace('\t', " ");
            let _ = writeln!(out, "{prefix}{variant}\t{}", canonical.replace('\t', " "));
        }
    }
    out
}

/// Variant key → the canonical form it ends at after every merging (non-containment) cluster.
fn final_canonicals(report: &TagReport) -> HashMap<String, String> {
    let mut next: HashMap<String, String> = HashMap::new();
    for cluster in report
        .clusters
        .iter()
        .filter(|c| c.method != Method::Containment)
    {
        for member in cluster
            .members
            .iter()
            .filter(|m| m.tag != cluster.canonical)
        {
            let key = tag_key(&member.tag);
            // A same-key member only fixes the display; it must not shadow a later mapping.
            if key != tag_key(&cluster.canonical) || !next.contains_key(&key) {
                next.insert(key, cluster.canonical.clone());
            }
        }
    }
    let mut finals = HashMap::with_capacity(next.len());
    for (key, first) in &next {
        let mut current = first.clone();
        // Each step leaves a key for a different one; the report's clusters cannot cycle, but the
        // bound keeps a malformed report from looping.
        for _ in 0..next.len() {
            match next.get(&tag_key(&current)) {
                Some(n) if tag_key(n) != tag_key(&current) => current = n.clone(),
                _ => break,
            }
        }
        finals.insert(key.clone(), current);
    }
    finals
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
}
