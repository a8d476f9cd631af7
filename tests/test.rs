//! Integration tests: each module runs the real binary on a temporary store.

mod util;

mod import;
mod report;
mod shell;
mod store_commands;
mod ux;
