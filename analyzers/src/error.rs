//! [`AnalysisError`]: what can go wrong when configuring the analyzers (analysis itself never fails).

use thiserror::Error;

/// An error in an analyzer configuration.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum AnalysisError {
    /// A light-stemmer rule name that does not exist.
    #[error("unknown light-stemmer rule {0:?}; the rules are: {names}", names = crate::LightStemRules::NAMES.join(", "))]
    UnknownRule(String),
}
