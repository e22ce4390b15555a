//! One module per subcommand: resolve flags, call the engine, render the result.

pub mod analyze;
pub mod eval;
pub mod export;
pub mod index;
pub mod search;
pub mod serve;
pub mod stats;
pub mod tags;
pub mod variants;
