//! Injected failures of the Nth write, fsync and rename, and a full disk: the command fails
//! with a message naming the file, and the store is byte-identical to before.

use super::{EVENT, TmpfsMount, assert_same_store, restore, store_with_people};
use crate::util::{Run, TestStore};

/// A command under test: how to prepare the store, the arguments, and what success looks like.
struct Operation {
    name: &'static str,
    prepare: fn(&TestStore),
    args: &'static [&'static str],
    succeeded: fn(&TestStore) -> bool,
}

const KINDS: [&str; 3] = ["write", "sync", "rename"];

fn operations() -> Vec<Operation> {
    vec![
        Operation {
            name: "participant add (append)",
            prepare: |_| {},
            args: &[
                "participant",
                "add",
                "--id",
                "new",
                "--name",
                "New",
                "--sector",
                "sse",
            ],
            succeeded: |store| store.read("participants.jsonl").contains("\"id\":\"new\""),
        },
        Operation {
            name: "participant edit (rewrite)",
            prepare: |_| {},
            args: &["participant", "edit", "p1", "--region", "Oaxaca"],
            succeeded: |store| store.read("participants.jsonl").contains("Oaxaca"),
        },
        Operation {
            name: "attend, first time (append)",
            prepare: |_| {},
            args: &["attend", EVENT, "p1"],
            succeeded: |store| {
                store
                    .read("attendance.jsonl")
                    .contains("\"participant\":\"p1\"")
            },
        },
        Operation {
            name: "attend again (rewrite)",
            prepare: |store| {
                store.gsef(&["attend", EVENT, "p0"]).ok();
            },
            args: &["attend", EVENT, "p0", "--status", "no-show"],
            succeeded: |store| store.read("attendance.jsonl").contains("no-show"),
        },
        Operation {
            name: "event edit (rewrite)",
            prepare: |_| {},
            args: &["event", "edit", EVENT, "--title", "Renamed"],
            succeeded: |store| store.read("events.jsonl").contains("Renamed"),
        },
        Operation {
            name: "participant remove --force (two rewrites)",
            prepare: |store| {
                store.gsef(&["attend", EVENT, "p0", "p1"]).ok();
            },
            args: &["participant", "remove", "p0", "--force"],
            succeeded: |store| !store.read("participants.jsonl").contains("\"p0\""),
        },
        Operation {
            name: "event remove --force (two rewrites)",
            prepare: |store| {
                store.gsef(&["attend", EVENT, "p0", "p1"]).ok();
            },
            args: &["event", "remove", EVENT, "--force"],
            succeeded: |store| store.read("events.jsonl").is_empty(),
        },
        Operation {
            name: "check --repair of a missing file (create)",
            prepare: |store| std::fs::remove_file(store.records().join("series.jsonl")).unwrap(),
            args: &["check", "--repair"],
            succeeded: |store| store.records().join("series.jsonl").exists(),
        },
    ]
}

/// Runs `args` with `GSEF_FAIL_AT` set.
fn run_failing(store: &TestStore, args: &[&str], plan: &str) -> Run {
    store.gsef_with_env(args, "", &[("GSEF_FAIL_AT", plan)])
}

#[track_caller]
fn assert_clear_failure(run: &Run, kind: &str, number: u32, context: &str) {
    assert_eq!(run.code, 1, "{context}: exit code\n{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: cannot ")
            && run
                .stderr
                .contains(&format!("injected failure of {kind} number {number}")),
        "{context}: unclear message:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("panicked"),
        "{context}: {}",
        run.stderr
    );
}

#[test]
fn every_failing_write_sync_or_rename_leaves_the_store_as_it_was() {
    let mut failures_injected = 0;
    for operation in operations() {
        let store = store_with_people(3);
        (operation.prepare)(&store);
        let before = store.snapshot();
        for kind in KINDS {
            for always in [false, true] {
                let mut number = 1;
                loop {
                    assert!(number < 20, "{}: never succeeds", operation.name);
                    restore(&store, &before);
                    let plan = format!("{kind}:{number}{}", if always { "+" } else { "" });
                    let context = format!("{} with GSEF_FAIL_AT={plan}", operation.name);
                    let run = run_failing(&store, operation.args, &plan);
                    if run.code == 0 {
                        assert!(
                            (operation.succeeded)(&store),
                            "{context}: exit 0, no change"
                        );
                        break;
                    }
                    assert_clear_failure(&run, kind, number, &context);
                    assert_same_store(&store, &before, &context);
                    failures_injected += 1;
                    number += 1;
                }
            }
        }
    }
    eprintln!(
        "fault injection: {failures_injected} injected failures, store byte-identical after each"
    );
    assert!(
        failures_injected >= 30,
        "only {failures_injected} failures injected"
    );
}

#[test]
fn a_failing_init_leaves_no_half_made_store() {
    for kind in ["write", "sync"] {
        let mut number = 1;
        loop {
            assert!(number < 20, "init never succeeds");
            let store = TestStore::uninitialised();
            let plan = format!("{kind}:{number}");
            let run = run_failing(&store, &["init"], &plan);
            if run.code == 0 {
                store.gsef(&["check"]).ok();
                break;
            }
            assert_clear_failure(&run, kind, number, &format!("init with {plan}"));
            assert!(
                !store.records().exists(),
                "init with {plan} left a folder behind"
            );
            number += 1;
        }
        // Six files, each written and synced, then the folder synced.
        assert!(number > 6, "{kind}: init failed only {} times", number - 1);
    }
}

#[test]
fn a_full_disk_gives_a_clear_error_and_changes_nothing() {
    let store = TestStore::uninitialised();
    let Some(_mount) = TmpfsMount::new(&store.records(), "64k") else {
        return;
    };
    store.gsef(&["init"]).ok();
    // tmpfs hands out whole pages, so the next line must need a new one to hit the limit: a
    // name, an organisation and a region at their bounds in four-byte characters take 2.5 KB,
    // and two such lines more than a page.
    let wide = |count: usize| "𝔅".repeat(count);
    let (organization, region) = (wide(300), wide(120));
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "ana",
            "--name",
            &format!("Ana {}", wide(190)),
            "--sector",
            "sse",
            "--organization",
            &organization,
            "--region",
            &region,
        ])
        .ok();
    // Fill what is left of the 64 KiB with a file beside the records.
    let filler = store.records().join("filler");
    let block = vec![b'x'; 4096];
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&filler).unwrap();
        while file.write_all(&block).is_ok() {}
        let _ = file.sync_all();
    }
    let before = store.snapshot();
    for args in [
        &[
            "participant",
            "add",
            "--id",
            "bob",
            "--name",
            &format!("Bob {}", wide(190)),
            "--sector",
            "sse",
            "--organization",
            &organization,
            "--region",
            &region,
        ][..],
        &["participant", "edit", "ana", "--region", "Jalisco"],
    ] {
        let run = store.gsef(args);
        assert_eq!(run.code, 1, "{args:?} on a full disk:\n{}", run.stderr);
        assert!(
            run.stderr.starts_with("error: cannot ")
                && run.stderr.contains("participants.jsonl")
                && run.stderr.contains("No space left on device"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"));
        assert_same_store(&store, &before, "a command on a full disk");
    }
    std::fs::remove_file(&filler).unwrap();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "bob",
            "--name",
            "Bob",
            "--sector",
            "sse",
        ])
        .ok();
    store.gsef(&["check"]).ok();
}
