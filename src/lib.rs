//! gsef keeps the records of a training series as JSON Lines files and reports on them.
//!
//! Layers call only downwards; `main.rs` only parses arguments and turns errors into exit codes.
//!
//! ```text
//! commands  the clap tree, its one dispatch, a thin file per noun
//!    │  ╲
//!    │   output   one renderer per format; every cell spelled in output::cell
//!    ▼
//! report · import   report::run(&Reader, &Query) counts under one lock; import plans a file
//!    ▼
//! store     the only code that touches the filesystem: one reading face (store::line,
//!           store::lines), the Writer as a transaction, the write rules in store::ops,
//!           and the git merge driver's record-by-record merge (store::three_way)
//!    ▼
//! model     records and their field rules; no I/O, no knowledge of how lines are laid out
//! ```

pub mod commands;
pub mod error;
pub mod import;
pub mod language;
pub mod model;
pub mod output;
pub mod quote;
pub mod report;
pub mod store;
#[cfg(test)]
mod testing;

pub use error::{Error, Result};
