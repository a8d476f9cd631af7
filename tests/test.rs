//! Integration tests: each module runs the real binary on a temporary store.

// Tests print figures (kills, operations, timings) that docs/reliability.md quotes.
#![allow(clippy::print_stderr, clippy::print_stdout)]

mod util;

mod birth_year;
mod certificate;
mod donor;
mod fit;
mod git;
mod hand_edits;
mod import;
mod indicator;
mod indicator_report;
mod init;
mod language;
mod outcomes;
mod periods;
mod reliability;
mod report;
mod responses;
mod sheet;
mod shell;
mod sources;
mod store_commands;
mod text;
mod ux;
mod xlsx;

/// Every test file is a module of this one test binary (`autotests = false` in Cargo.toml), so
/// a file nobody declared would never run, silently. As jj's `test_no_forgotten_test_files`:
/// each `.rs` file in `tests/` and each folder's files must be declared as a module.
#[test]
fn no_test_file_is_forgotten() {
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut forgotten = Vec::new();
    let mut check_folder = |folder: &std::path::Path, parent: &str| {
        let declared = std::fs::read_to_string(folder.join(parent)).unwrap();
        for entry in std::fs::read_dir(folder).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let module = if path.is_dir() && path.join("mod.rs").exists() {
                name.clone()
            } else if let Some(stem) = name.strip_suffix(".rs") {
                if stem == "mod" || name == parent {
                    continue;
                }
                stem.to_string()
            } else {
                continue;
            };
            if !declared
                .lines()
                .any(|line| line.trim() == format!("mod {module};"))
            {
                forgotten.push(path.display().to_string());
            }
        }
    };
    check_folder(&tests, "test.rs");
    for entry in std::fs::read_dir(&tests).unwrap().flatten() {
        if entry.path().join("mod.rs").exists() {
            check_folder(&entry.path(), "mod.rs");
        }
    }
    assert!(
        forgotten.is_empty(),
        "test files not declared as modules, so never run: {forgotten:?}"
    );
}
