//! Files written for people — reports, exports, rejected rows, manual pages — never go through
//! a link, never into the store, and those that name people are readable by their owner only.

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};

use super::{EVENT, store_with_people};
use crate::util::TestStore;

/// Every command that writes a file for people, writing to `target` (a sheet with one invalid
/// row is made for the imports).
fn commands_writing(store: &TestStore, target: &Path) -> Vec<Vec<String>> {
    let sheet = store.dir.path().join("sheet.csv");
    std::fs::write(&sheet, "Name,Sector\nAna Ruiz,sse\nBad Sector,nowhere\n").unwrap();
    let target = target.to_str().unwrap().to_string();
    let sheet = sheet.to_str().unwrap().to_string();
    let words = |line: &[&str]| line.iter().map(ToString::to_string).collect::<Vec<_>>();
    vec![
        words(&["report", "attendance", "--output", &target]),
        words(&[
            "report", "summary", EVENT, "--format", "html", "--output", &target,
        ]),
        words(&["export", "participants", "--all", "--output", &target]),
        words(&[
            "import",
            "participants",
            &sheet,
            "--skip-invalid",
            "--rejects",
            &target,
        ]),
    ]
}

fn run(store: &TestStore, args: &[String]) -> crate::util::Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    store.gsef(&args)
}

/// The attack the probe found: an output path that is a link to a collection. Before, the
/// rejects file was opened with `File::create`, which followed the link and emptied the
/// participants.
#[test]
fn no_output_is_written_through_a_link() {
    let store = store_with_people(3);
    let outside = store.dir.path().join("outside.txt");
    std::fs::write(&outside, "not gsef's\n").unwrap();
    for target_of_link in [store.records().join("participants.jsonl"), outside.clone()] {
        let link = store.dir.path().join("out.link");
        for args in commands_writing(&store, &link) {
            std::fs::remove_file(&link).ok();
            symlink(&target_of_link, &link).unwrap();
            let before = store.snapshot();
            let outside_before = std::fs::read(&outside).unwrap();
            let result = run(&store, &args);
            assert_eq!(result.code, 1, "{args:?} wrote through a link");
            assert!(
                result.stderr.contains("is a symbolic link"),
                "{args:?}:\n{}",
                result.stderr
            );
            assert_eq!(store.snapshot(), before, "{args:?} changed the store");
            assert_eq!(std::fs::read(&outside).unwrap(), outside_before);
            assert!(
                std::fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
        }
    }
    // The default rejects file, FILE.rejected.csv, as a link to the people.
    let sheet = store.dir.path().join("sheet.csv");
    let default_rejects = store.dir.path().join("sheet.csv.rejected.csv");
    std::fs::remove_file(&default_rejects).ok();
    symlink(store.records().join("participants.jsonl"), &default_rejects).unwrap();
    let before = store.snapshot();
    let result = store.gsef(&[
        "import",
        "participants",
        sheet.to_str().unwrap(),
        "--skip-invalid",
    ]);
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert_eq!(store.snapshot(), before);
}

/// A folder inside the store, reached directly or through a link to it, is refused.
#[test]
fn no_output_is_written_into_the_store() {
    let store = store_with_people(3);
    let linked_folder = store.dir.path().join("looks-elsewhere");
    symlink(store.records(), &linked_folder).unwrap();
    // A folder below the store's own (the snapshot skips the index folder, so it is the one
    // used here).
    let below = store.records().join(".gsef-index");
    std::fs::create_dir_all(&below).unwrap();
    for target in [
        store.records().join("report.txt"),
        below.join("report.txt"),
        linked_folder.join("participants.jsonl"),
    ] {
        for args in commands_writing(&store, &target) {
            let before = store.snapshot();
            let result = run(&store, &args);
            assert_eq!(result.code, 1, "{args:?} wrote into the store");
            assert!(
                result.stderr.contains("is inside the records store"),
                "{args:?}:\n{}",
                result.stderr
            );
            assert_eq!(store.snapshot(), before, "{args:?}");
        }
    }
}

/// A hard link to a collection is replaced as a name, never written into: the collection keeps
/// its bytes.
#[test]
fn a_hard_link_to_a_collection_is_replaced_not_written_into() {
    let store = store_with_people(3);
    let people = store.read("participants.jsonl");
    let hard_link = store.dir.path().join("hard.csv");
    std::fs::hard_link(store.records().join("participants.jsonl"), &hard_link).unwrap();
    store
        .gsef(&[
            "report",
            "attendance",
            "--format",
            "csv",
            "--output",
            hard_link.to_str().unwrap(),
        ])
        .ok();
    assert_eq!(store.read("participants.jsonl"), people);
    assert!(
        std::fs::read_to_string(&hard_link)
            .unwrap()
            .starts_with("sector,region")
    );
}

/// A manual page planted as a link in the folder `manpage --dir` writes to.
#[test]
fn manual_pages_are_not_written_through_a_link() {
    let store = store_with_people(1);
    let folder = store.dir.path().join("man");
    std::fs::create_dir(&folder).unwrap();
    symlink(
        store.records().join("participants.jsonl"),
        folder.join("gsef-event-add.1"),
    )
    .unwrap();
    let before = store.snapshot();
    store
        .gsef(&["manpage", "--dir", folder.to_str().unwrap()])
        .fails(1, "is a symbolic link");
    assert_eq!(store.snapshot(), before);
}

fn mode_of(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Exports and rejected rows name people: created owner-only whatever the umask, as the
/// store's own files are (the probe found the rejects file created 0644).
#[test]
fn files_that_name_people_are_created_for_their_owner_only() {
    let store = store_with_people(2);
    let export: PathBuf = store.dir.path().join("people.csv");
    store
        .gsef(&[
            "export",
            "participants",
            "--all",
            "--output",
            export.to_str().unwrap(),
        ])
        .ok();
    assert_eq!(mode_of(&export), 0o600);
    let sheet = store.dir.path().join("sheet.csv");
    std::fs::write(&sheet, "Name,Sector\nAna Ruiz,sse\nBad Sector,nowhere\n").unwrap();
    store
        .gsef(&[
            "import",
            "participants",
            sheet.to_str().unwrap(),
            "--skip-invalid",
        ])
        .ok();
    assert_eq!(
        mode_of(&store.dir.path().join("sheet.csv.rejected.csv")),
        0o600
    );
}

/// A report is for a colleague or a web page: it gets the umask's permissions, where an export
/// of the same store, which names people, stays the owner's.
#[test]
fn a_report_is_as_readable_as_the_umask_says_and_an_export_is_not() {
    let store = store_with_people(2);
    let written = |umask: &str, args: &str, file: &str| {
        let path = store.dir.path().join(file);
        let line = format!(
            "umask {umask} && {} --records {} {args} --output {}",
            env!("CARGO_BIN_EXE_gsef"),
            store.records().display(),
            path.display()
        );
        let run = std::process::Command::new("sh")
            .args(["-c", &line])
            .env_remove("GSEF_RECORDS")
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        mode_of(&path)
    };
    assert_eq!(
        written("022", "report attendance --format csv", "a.csv"),
        0o644
    );
    assert_eq!(
        written("027", "report attendance --format svg", "a.svg"),
        0o640
    );
    assert_eq!(
        written("077", "report events --format markdown", "e.md"),
        0o600
    );
    assert_eq!(
        written("022", "export participants --all", "people.csv"),
        0o600
    );
}
