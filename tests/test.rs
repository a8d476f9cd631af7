//! Integration tests: each module runs the real binary on a temporary store.

// Tests print figures (kills, operations, timings) that docs/reliability.md quotes.
#![allow(clippy::print_stderr, clippy::print_stdout)]

mod util;

mod donor;
mod import;
mod reliability;
mod report;
mod shell;
mod store_commands;
mod ux;
