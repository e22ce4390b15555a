//! Tag vocabulary cleanup: find the duplicate and variant tags of an archive and suggest aliases.
//!
//! The design is one model and several views:
//!
//! - [`ArticleTags`] is the input: each article's tags as written and after alias application;
//! - [`build_report`] computes a [`TagReport`] from `&[ArticleTags]`: within-article duplicates and
//!   variant clusters found by five methods, listed strict to lax ([`Method`]);
//! - [`render`] writes the report as text, JSON or CSV; [`write_aliases`] turns it into a reviewable
//!   alias file that [`Aliases`] parses back and applies.
//!
//! [`tag_key`] is *the* facet key of a tag: the indexer, the search `--tag` filter and this module
//! all use it, so that أرمينيا, ارمينيا, `#أرمينيا` and `ارمينيا ` are one tag everywhere.
//!
//! ```
//! use fihris::tags::{build_report, ArticleTags, Method, ReportOptions};
//!
//! let articles = vec![
//!     ArticleTags::from_raw("a1", ["ميليشيات_الحوثي"], None),
//!     ArticleTags::from_raw("a2", ["ميليشيات الحوثي"], None),
//!     ArticleTags::from_raw("a3", ["ميليشيات الحوثي"], None),
//! ];
//! let report = build_report(&articles, &ReportOptions::default());
//! assert_eq!(report.clusters[0].method, Method::Normalized);
//! assert_eq!(report.clusters[0].canonical, "ميليشيات الحوثي");
//! ```

mod aliases;
mod cluster;
mod from_index;
mod keys;
mod model;
pub mod render;
mod report;

pub use aliases::{AliasError, Aliases};
pub(crate) use cluster::{components, union};
pub use from_index::articles_of_index;
pub(crate) use keys::{consonants, fold_transliteration, is_digit as is_key_digit, is_key_char};
pub use keys::{fingerprint, spelling_skeleton, stem_keys, tag_key};
pub use model::{ArticleTags, Cluster, Member, Method, TagReport, WithinArticle};
pub use render::write_aliases;
pub use report::{build_report, ReportOptions};

#[cfg(test)]
mod tests;
