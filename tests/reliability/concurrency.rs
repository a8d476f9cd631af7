//! Many gsef processes at once, and the lock's bounded wait.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::{EVENT, records_by, store_with_people};
use crate::util::TestStore;

const WORKERS: usize = 16;
const OPERATIONS_PER_WORKER: usize = 100;
const STATUSES: [&str; 4] = ["registered", "attended", "no-show", "cancelled"];

/// What one worker expects of its own people once all are done.
#[derive(Default)]
struct Outcome {
    regions: BTreeMap<String, String>,
    statuses: BTreeMap<String, String>,
    /// Emails of the people this worker imported from CSV, each expected exactly once.
    imported: Vec<String>,
    reads: usize,
    writes: usize,
}

/// Worker `worker`'s operations: of every ten, two add a person, three attend (two new, one
/// update), two edit, one imports two people from a CSV file and two read (lists, shows,
/// checks and reports), so appends and rewrites run alongside readers throughout.
fn run_worker(store: &TestStore, worker: usize) -> Outcome {
    let mut outcome = Outcome::default();
    let mut latest = String::new();
    for step in 0..OPERATIONS_PER_WORKER {
        let region = format!("w{worker}-s{step}");
        let status = STATUSES[(worker + step) % STATUSES.len()];
        // (arguments, whether the operation only reads)
        let (args, reads): (Vec<String>, bool) = match step % 5 {
            0 => {
                latest = format!("w{worker}-{step}");
                outcome.regions.insert(latest.clone(), "new".to_string());
                let add = [
                    "participant",
                    "add",
                    "--id",
                    &latest,
                    "--name",
                    "Concurrent Person",
                    "--sector",
                    "civil-society",
                    "--region",
                    "new",
                ];
                (strings(&add), false)
            }
            // A first attendance appends; a second one for the same person rewrites.
            1 | 4 if step % 10 != 4 => {
                outcome.statuses.insert(latest.clone(), status.to_string());
                (
                    strings(&["attend", EVENT, &latest, "--status", status]),
                    false,
                )
            }
            3 => {
                outcome.regions.insert(latest.clone(), region.clone());
                let edit = ["participant", "edit", &latest, "--region", &region];
                (strings(&edit), false)
            }
            2 if step % 10 == 7 => {
                let file = store
                    .dir
                    .path()
                    .join(format!("import-w{worker}-s{step}.csv"));
                let emails: Vec<String> = (0..2)
                    .map(|n| format!("imported-w{worker}-s{step}-{n}@example.org"))
                    .collect();
                let rows: String = emails
                    .iter()
                    .map(|email| format!("Imported Person,{email},academia\n"))
                    .collect();
                std::fs::write(&file, format!("Name,Email,Sector\n{rows}")).unwrap();
                outcome.imported.extend(emails);
                let path = file.to_str().unwrap().to_string();
                (strings(&["import", "participants", &path]), false)
            }
            2 => (
                strings(&["participant", "list", "--all", "--format", "json"]),
                true,
            ),
            _ => match step % 3 {
                0 => (
                    strings(&["participant", "show", &latest, "--format", "json"]),
                    true,
                ),
                1 => (strings(&["check"]), true),
                _ if step % 4 == 0 => (
                    strings(&["report", "attendance", "--by", "sector", "--format", "json"]),
                    true,
                ),
                _ => (strings(&["attendance", "list", "--format", "jsonl"]), true),
            },
        };
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // A generous bound: on a loaded machine sixteen writers may queue for a while, and this
        // test is about what they write, not how long they wait (the next tests cover that).
        let run = store.gsef(&[&["--lock-timeout", "600"], &args[..]].concat());
        assert_eq!(
            run.code, 0,
            "worker {worker} step {step} {args:?}:\n{}",
            run.stderr
        );
        if reads {
            outcome.reads += 1;
            if args.contains(&"json") {
                run.json();
            }
        } else {
            outcome.writes += 1;
        }
    }
    outcome
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(ToString::to_string).collect()
}

#[test]
fn sixteen_processes_of_mixed_operations_lose_and_duplicate_nothing() {
    let store = store_with_people(20);
    let started = Instant::now();
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|worker| {
                let store = &store;
                scope.spawn(move || run_worker(store, worker))
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap())
            .collect()
    });
    let elapsed = started.elapsed();

    store.gsef(&["check"]).ok();
    let participants = records_by(
        &store,
        &["participant", "list", "--all", "--format", "json"],
        |record| record["id"].as_str().unwrap().to_string(),
    );
    let attendance = records_by(
        &store,
        &["attendance", "list", "--format", "json"],
        |record| record["participant"].as_str().unwrap().to_string(),
    );
    let mut expected_people = 20;
    let mut expected_attendance = 0;
    let emails: Vec<&str> = participants
        .values()
        .filter_map(|record| record["email"].as_str())
        .collect();
    for outcome in &outcomes {
        expected_people += outcome.regions.len() + outcome.imported.len();
        for email in &outcome.imported {
            let copies = emails.iter().filter(|stored| *stored == email).count();
            assert_eq!(copies, 1, "{email} imported once");
        }
        expected_attendance += outcome.statuses.len();
        for (id, region) in &outcome.regions {
            assert_eq!(participants[id]["region"], region.as_str(), "{id}");
        }
        for (id, status) in &outcome.statuses {
            assert_eq!(attendance[id]["status"], status.as_str(), "{id}");
        }
    }
    assert_eq!(participants.len(), expected_people);
    assert_eq!(attendance.len(), expected_attendance);
    // Every line is one valid record: as many lines as records, none left over.
    assert_eq!(
        store.read("participants.jsonl").lines().count(),
        expected_people
    );
    assert_eq!(
        store.read("attendance.jsonl").lines().count(),
        expected_attendance
    );
    let writes: usize = outcomes.iter().map(|outcome| outcome.writes).sum();
    let reads: usize = outcomes.iter().map(|outcome| outcome.reads).sum();
    eprintln!(
        "concurrency: {WORKERS} processes x {OPERATIONS_PER_WORKER} operations ({writes} writes, \
         {reads} reads) in {:.1}s; {expected_people} participants, {expected_attendance} attendance records",
        elapsed.as_secs_f64()
    );
}

/// Holds the store's lock from the test process, as another gsef would: on the store folder.
fn hold_lock(store: &TestStore, exclusive: bool) -> std::fs::File {
    let file = std::fs::File::open(store.records()).unwrap();
    if exclusive {
        file.lock().unwrap();
    } else {
        file.lock_shared().unwrap();
    }
    file
}

#[test]
fn a_held_lock_is_waited_for_up_to_the_timeout_then_refused_clearly() {
    let store = store_with_people(2);
    let before = store.snapshot();
    let lock = hold_lock(&store, true);

    let started = Instant::now();
    let run = store.gsef(&[
        "--lock-timeout",
        "1",
        "participant",
        "add",
        "--id",
        "late",
        "--name",
        "Late",
        "--sector",
        "sse",
    ]);
    let waited = started.elapsed();
    run.fails(1, "timed out after 1s waiting for the lock on")
        .fails(1, "records: another gsef is writing")
        .fails(1, "hint: wait and retry, or raise --lock-timeout");
    assert!(waited >= Duration::from_secs(1), "gave up after {waited:?}");
    assert!(
        waited < Duration::from_secs(5),
        "waited {waited:?} for a 1 s timeout"
    );
    // Readers wait for a writer too, so they never see a half-done command.
    store.refuses(
        &["--lock-timeout", "0", "participant", "list"],
        1,
        "timed out after 0s",
    );
    assert_eq!(store.snapshot(), before);

    // Released while a writer waits: the writer goes ahead.
    let mut waiting = store
        .command(&[
            "--lock-timeout",
            "10",
            "participant",
            "edit",
            "p0",
            "--region",
            "Sonora",
        ])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "the writer did not wait"
    );
    drop(lock);
    assert!(waiting.wait().unwrap().success());
    assert!(store.read("participants.jsonl").contains("Sonora"));
}

#[test]
fn readers_share_the_lock_but_a_writer_waits_for_them() {
    let store = store_with_people(2);
    let _reader = hold_lock(&store, false);
    store
        .gsef(&["--lock-timeout", "0", "participant", "list"])
        .ok();
    store.refuses(
        &[
            "--lock-timeout",
            "0",
            "participant",
            "edit",
            "p0",
            "--region",
            "Sonora",
        ],
        1,
        "timed out after 0s waiting for the lock",
    );
}

/// `git clean -fX` removes ignored files, and gsef 0.1's lock file was one: deleted while
/// writers ran, two of them went ahead at once and edits were lost. The lock is now the store
/// folder itself, so deleting `.gsef.lock` over and over while eight writers edit the same
/// people loses nothing: every person ends with the last region their writer set, and every
/// acknowledged add is there once.
#[test]
fn deleting_the_lock_file_while_writers_run_loses_nothing() {
    const WRITERS: usize = 8;
    const EDITS: usize = 25;
    let store = store_with_people(WRITERS);
    let done = std::sync::atomic::AtomicBool::new(false);
    let lock_file = store.records().join(".gsef.lock");
    let deleted = std::thread::scope(|scope| {
        let deleter = scope.spawn(|| {
            let mut deleted = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if std::fs::remove_file(&lock_file).is_ok() {
                    deleted += 1;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            deleted
        });
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let store = &store;
                let done = &done;
                scope.spawn(move || {
                    // A failing writer stops the deleter, or the test would never end.
                    let _stop = StopOnDrop(done);
                    for edit in 0..EDITS {
                        let region = format!("w{writer}-e{edit}");
                        let person = format!("p{writer}");
                        store
                            .gsef(&[
                                "--lock-timeout",
                                "600",
                                "participant",
                                "edit",
                                &person,
                                "--region",
                                &region,
                            ])
                            .ok();
                        let added = format!("added-w{writer}-e{edit}");
                        store
                            .gsef(&[
                                "--lock-timeout",
                                "600",
                                "participant",
                                "add",
                                "--id",
                                &added,
                                "--name",
                                "Added",
                                "--sector",
                                "sse",
                            ])
                            .ok();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        deleter.join().unwrap()
    });
    store.gsef(&["check"]).ok();
    let participants = records_by(
        &store,
        &["participant", "list", "--all", "--format", "json"],
        |record| record["id"].as_str().unwrap().to_string(),
    );
    for writer in 0..WRITERS {
        let last = format!("w{writer}-e{}", EDITS - 1);
        assert_eq!(participants[&format!("p{writer}")]["region"], last.as_str());
        for edit in 0..EDITS {
            assert!(participants.contains_key(&format!("added-w{writer}-e{edit}")));
        }
    }
    assert_eq!(participants.len(), WRITERS + WRITERS * EDITS);
    assert_eq!(
        store.read("participants.jsonl").lines().count(),
        participants.len(),
        "one line per person"
    );
    assert!(deleted > 0, "the lock file was never there to delete");
    eprintln!(
        "lock deletion: {deleted} deletions during {} edits and {} adds by {WRITERS} writers, nothing lost",
        WRITERS * EDITS,
        WRITERS * EDITS
    );
}

/// Sets the flag when its thread unwinds from a failed assertion.
struct StopOnDrop<'a>(&'a std::sync::atomic::AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
}
