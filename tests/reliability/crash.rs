//! SIGKILL at random moments during appends and rewrites: the store always loads, `check` is
//! clean or `check --repair` mends it, every acknowledged command's change is there, and an
//! unacknowledged one left either the old or the new record, never a mix. Some rounds start
//! from a last record saved without its line end, which must be kept as the record it is.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::{EVENT, XorShift, records_by, store_with_people};
use crate::util::TestStore;

const KILLS: usize = 240;
const PEOPLE_AT_START: usize = 150;
const STATUSES: [&str; 4] = ["registered", "attended", "no-show", "cancelled"];

/// What the test knows of the store: each participant's region, each attendance's status.
#[derive(Default)]
struct Expected {
    regions: BTreeMap<String, String>,
    statuses: BTreeMap<String, String>,
}

/// One command under test, with the change it makes if it completes.
enum Change {
    Add { id: String, region: String },
    Edit { id: String, region: String },
    Attend { participant: String, status: String },
}

/// What happened over the run, printed for the figures in docs/reliability.md.
#[derive(Default)]
struct Tally {
    killed: usize,
    completed_anyway: usize,
    killed_but_written: usize,
    repaired: usize,
    temp_files_left: usize,
    appends: usize,
    rewrites: usize,
    /// Rounds that began with a collection's last record saved without its line end, as an
    /// editor may leave it.
    unterminated: usize,
}

#[test]
fn killing_writers_at_random_moments_never_loses_an_acknowledged_record() {
    let started = Instant::now();
    let store = store_with_people(PEOPLE_AT_START);
    let mut expected = Expected::default();
    for n in 0..PEOPLE_AT_START {
        expected
            .regions
            .insert(format!("p{n}"), "start".to_string());
    }
    let mut rng = XorShift::seeded(0x5EED_0FC4_A5ED);
    let mut tally = Tally::default();
    let mut round = 0;
    while tally.killed < KILLS {
        assert!(round < 4 * KILLS, "too few kills landed mid-command");
        round += 1;
        let change = pick_change(&mut rng, &expected, round, &mut tally);
        if rng.below(6) == 0 {
            let file = ["participants.jsonl", "attendance.jsonl"][rng.below(2) as usize];
            if let Some(unterminated) = store.read(file).strip_suffix('\n') {
                store.write(file, unterminated);
                tally.unterminated += 1;
            }
        }
        let args = arguments_for(&change);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut child = store.command(&args).spawn().expect("gsef runs");
        // A command takes 3–15 ms here, most of it start-up; the write and fsyncs come last.
        std::thread::sleep(Duration::from_micros(rng.below(8_000)));
        let _ = child.kill();
        let status = child.wait().expect("gsef is reaped");
        let acknowledged = status.success();
        if acknowledged {
            tally.completed_anyway += 1;
        } else {
            tally.killed += 1;
            assert_eq!(
                status.code(),
                None,
                "round {round}: a failure that was not the kill"
            );
        }
        tally.temp_files_left += temp_files_in(&store);
        let check = store.gsef(&["check"]);
        if check.code != 0 {
            store.gsef(&["check", "--repair"]).ok();
            store.gsef(&["check"]).ok();
            tally.repaired += 1;
        }
        let written = verify_change(&store, &mut expected, &change, acknowledged, round);
        if written && !acknowledged {
            tally.killed_but_written += 1;
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "crash test: {round} rounds ({} appends, {} rewrites, {} on a last record without its line end): {} killed mid-command \
         ({} of those had already written, {} left a temporary file), {} finished before the kill, \
         {} needed check --repair; {:.1}s",
        tally.appends,
        tally.rewrites,
        tally.unterminated,
        tally.killed,
        tally.killed_but_written,
        tally.temp_files_left,
        tally.completed_anyway,
        tally.repaired,
        elapsed.as_secs_f64()
    );
}

fn pick_change(rng: &mut XorShift, expected: &Expected, round: usize, tally: &mut Tally) -> Change {
    let ids: Vec<&String> = expected.regions.keys().collect();
    let someone = ids[rng.below(ids.len() as u64) as usize].clone();
    let region = format!("r{round}");
    let status = STATUSES[rng.below(4) as usize].to_string();
    match rng.below(4) {
        0 => {
            tally.appends += 1;
            Change::Add {
                id: format!("c{round}"),
                region,
            }
        }
        1 => {
            tally.rewrites += 1;
            Change::Edit {
                id: someone,
                region,
            }
        }
        _ => {
            // A first attendance is an append; a second one for the same person a rewrite.
            if expected.statuses.contains_key(&someone) {
                tally.rewrites += 1;
            } else {
                tally.appends += 1;
            }
            Change::Attend {
                participant: someone,
                status,
            }
        }
    }
}

fn arguments_for(change: &Change) -> Vec<String> {
    let strings = |args: &[&str]| args.iter().map(ToString::to_string).collect::<Vec<_>>();
    match change {
        Change::Add { id, region } => strings(&[
            "participant",
            "add",
            "--id",
            id,
            "--name",
            "Killed Maybe",
            "--sector",
            "government/municipal",
            "--region",
            region,
        ]),
        Change::Edit { id, region } => strings(&["participant", "edit", id, "--region", region]),
        Change::Attend {
            participant,
            status,
        } => strings(&["attend", EVENT, participant, "--status", status]),
    }
}

/// Checks the store against what the test knows, and learns the outcome of an unacknowledged
/// command; returns whether it changed the store.
fn verify_change(
    store: &TestStore,
    expected: &mut Expected,
    change: &Change,
    acknowledged: bool,
    round: usize,
) -> bool {
    let participants = records_by(
        store,
        &["participant", "list", "--all", "--format", "json"],
        |record| record["id"].as_str().unwrap().to_string(),
    );
    let attendance = records_by(
        store,
        &["attendance", "list", "--format", "json"],
        |record| record["participant"].as_str().unwrap().to_string(),
    );
    let region_of = |id: &str| {
        participants
            .get(id)
            .map(|record| record["region"].as_str().unwrap().to_string())
    };
    let status_of = |id: &str| {
        attendance
            .get(id)
            .map(|record| record["status"].as_str().unwrap().to_string())
    };
    let (has_new_value, changes_something) = match change {
        Change::Add { id, region } => {
            let found = region_of(id);
            assert!(
                found.is_none() || found.as_ref() == Some(region),
                "round {round}: participant {id} has region {found:?}"
            );
            if found.is_some() {
                expected.regions.insert(id.clone(), region.clone());
            }
            (found.is_some(), true)
        }
        Change::Edit { id, region } => {
            let found = region_of(id);
            let before = expected.regions[id].clone();
            assert!(
                found.as_ref() == Some(region) || found.as_ref() == Some(&before),
                "round {round}: participant {id} has region {found:?}, neither {before} nor {region}"
            );
            expected.regions.insert(id.clone(), found.clone().unwrap());
            (found.as_ref() == Some(region), before != *region)
        }
        Change::Attend {
            participant,
            status,
        } => {
            let found = status_of(participant);
            let before = expected.statuses.get(participant).cloned();
            assert!(
                found.as_ref() == Some(status) || found == before,
                "round {round}: attendance of {participant} is {found:?}, neither {before:?} nor {status}"
            );
            if let Some(found) = &found {
                expected.statuses.insert(participant.clone(), found.clone());
            }
            (
                found.as_ref() == Some(status),
                before.as_ref() != Some(status),
            )
        }
    };
    assert!(
        has_new_value || !acknowledged,
        "round {round}: the command exited 0 but its change is missing"
    );
    // Every earlier acknowledged or observed change is still there, exactly once.
    assert_eq!(participants.len(), expected.regions.len(), "round {round}");
    for (id, region) in &expected.regions {
        assert_eq!(region_of(id).as_ref(), Some(region), "round {round}: {id}");
    }
    assert_eq!(attendance.len(), expected.statuses.len(), "round {round}");
    for (id, status) in &expected.statuses {
        assert_eq!(status_of(id).as_ref(), Some(status), "round {round}: {id}");
    }
    has_new_value && changes_something
}

/// Temporary files a killed rewrite left; readers ignore them and the next writer sweeps them.
fn temp_files_in(store: &TestStore) -> usize {
    std::fs::read_dir(store.records())
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().contains(".tmp-"))
        .count()
}
