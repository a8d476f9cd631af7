//! Integration tests: each module runs the real binary on a temporary store.

mod util;

mod donor;
mod import;
mod reliability;
mod report;
mod shell;
mod store_commands;
mod ux;
