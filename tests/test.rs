//! Integration tests: each module runs the real binary on a temporary store.

mod util;

mod import;
mod reliability;
mod shell;
mod store_commands;
