//! Fihris: full-text search for Arabic news archives.
//!
//! The engine behind the `fihris` binary: reading archives ([`reader`]), the index folder and its
//! schema ([`store`], [`schema`]), incremental indexing ([`indexer`]), Arabic-aware search with tag
//! facets ([`search`]), tag vocabulary cleanup ([`tags`]) and retrieval evaluation ([`eval`]). The
//! Arabic analysis itself lives in the `fihris-analyzers` crate; [`analysis`] registers it with tantivy.
#![warn(missing_docs)]

pub mod analysis;
pub mod article;
pub mod cli;
pub mod commands;
pub mod dates;
pub mod eval;
pub mod export;
pub mod indexer;
pub mod reader;
pub mod schema;
pub mod search;
pub mod server;
pub mod stats;
pub mod store;
pub mod tags;
pub mod terminal;
pub mod variants;
pub mod web;
