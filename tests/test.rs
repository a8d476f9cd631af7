//! Integration tests: each module runs the real binary on a temporary store.

mod util;

mod report;
mod store_commands;
