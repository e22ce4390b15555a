//! Integration tests of Fihris: they run the real `fihris` binary on temporary archives and on the
//! bundled `corpus/`, and check its output (mostly `--json`) and exit codes.
//!
//! One test binary (this file's modules) so that the suite links once.

mod analyze;
mod errors;
mod eval;
mod export;
mod formats;
mod hostile_index;
mod hostile_reader;
mod hostile_search;
mod incremental;
mod regression;
mod results;
mod search;
mod tags;
mod util;
mod variants;
