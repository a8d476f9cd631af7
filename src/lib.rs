//! gsef keeps the records of a training series as JSON Lines files and reports on them.
//!
//! Layers call only downwards: `cli` → `commands` → `store` · `import` → `model`, with `output` rendering
//! what commands produce. `main.rs` only parses arguments and turns errors into exit codes.

pub mod commands;
pub mod error;
pub mod import;
pub mod model;
pub mod output;
pub mod report;
pub mod store;
#[cfg(test)]
mod testing;

pub use error::{Error, Result};
