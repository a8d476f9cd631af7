//! Every command is all or nothing across a crash, whatever files it touches: merge, forget,
//! `remove --force` of an event, a series or a person, an import with `--event`, a returned
//! sign-in sheet, an import of responses (which makes their file), certificates issued and an
//! indicator added (each making its file and raising the format), and a large `attend`. Each is stopped dead at every step it takes (`GSEF_FAIL_AT=crash:N`) and killed
//! with SIGKILL at random moments; after each, the next gsef completes or discards what was
//! left, and the records must be exactly as before the command, or exactly as after it.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::XorShift;
use crate::util::TestStore;

/// The files that hold records; the others (lock, indexes, `.gitignore`) are housekeeping.
const RECORD_FILES: [&str; 5] = [
    "gsef.json",
    "series.jsonl",
    "events.jsonl",
    "participants.jsonl",
    "attendance.jsonl",
];
/// The record files a store may lack: one made before responses, certificates or indicators
/// had a collection has none, and the first record of each creates its file.
const OPTIONAL_RECORD_FILES: [&str; 3] =
    ["responses.jsonl", "certificates.jsonl", "indicators.jsonl"];
const PEOPLE: usize = 600;
/// What the clock says for every run, so that a merge note is the same in every run.
const NOW: &str = "1575000000";

type Records = BTreeMap<&'static str, Vec<u8>>;

/// A store with two series, four events and 600 people at one to four of them, some records
/// listing days, and one carrying a field this gsef does not know (a note about the person).
fn template() -> TestStore {
    let store = TestStore::empty();
    store.write(
        "series.jsonl",
        "{\"id\":\"s1\",\"title\":\"Series one\"}\n{\"id\":\"s2\",\"title\":\"Series two\"}\n",
    );
    store.write(
        "events.jsonl",
        "{\"id\":\"e1\",\"series\":\"s1\",\"title\":\"One\",\"start\":\"2019-11-27\",\"end\":\"2019-11-28\"}\n\
         {\"id\":\"e2\",\"series\":\"s1\",\"title\":\"Two\",\"start\":\"2019-12\"}\n\
         {\"id\":\"e3\",\"series\":\"s2\",\"title\":\"Three\"}\n\
         {\"id\":\"e4\",\"title\":\"Four\"}\n",
    );
    let people: String = (0..PEOPLE)
        .map(|n| {
            format!(
                "{{\"id\":\"p{n}\",\"name\":\"Person {n}\",\"sector\":\"sse\",\"country\":\"MX\",\"email\":\"p{n}@example.org\"}}\n"
            )
        })
        .collect();
    store.write("participants.jsonl", &people);
    let mut attendance = String::new();
    for n in 0..PEOPLE {
        let note = if n == 7 {
            ",\"note\":\"asked for a meal without meat\""
        } else {
            ""
        };
        attendance.push_str(&format!(
            "{{\"event\":\"e1\",\"participant\":\"p{n}\",\"status\":\"attended\",\"days\":[\"2019-11-27\"]{note}}}\n"
        ));
        if n % 2 == 0 {
            attendance.push_str(&format!(
                "{{\"event\":\"e2\",\"participant\":\"p{n}\",\"status\":\"registered\"}}\n"
            ));
        }
        if n % 3 == 0 {
            attendance.push_str(&format!(
                "{{\"event\":\"e3\",\"participant\":\"p{n}\",\"status\":\"no-show\"}}\n"
            ));
        }
        if n % 5 == 0 {
            attendance.push_str(&format!(
                "{{\"event\":\"e4\",\"participant\":\"p{n}\",\"status\":\"attended\"}}\n"
            ));
        }
    }
    store.write("attendance.jsonl", &attendance);
    store.gsef(&["check"]).ok();
    store
}

fn records_of(store: &TestStore) -> Records {
    let mut records: Records = RECORD_FILES
        .iter()
        .map(|name| (*name, std::fs::read(store.records().join(name)).unwrap()))
        .collect();
    // Whether an optional file exists is part of the state: a crash must not leave it made
    // while the manifest still says the store holds none.
    for name in OPTIONAL_RECORD_FILES {
        if let Ok(bytes) = std::fs::read(store.records().join(name)) {
            records.insert(name, bytes);
        }
    }
    records
}

/// Puts the records back as `records` has them, and removes everything else a run left.
fn put_back(store: &TestStore, records: &Records) {
    for entry in std::fs::read_dir(store.records()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() {
            std::fs::remove_dir_all(entry.path()).unwrap();
        } else if !RECORD_FILES.contains(&name.as_str()) && name != ".gitignore" {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    for (name, bytes) in records {
        std::fs::write(store.records().join(name), bytes).unwrap();
    }
}

/// One command under test, and how to tell its whole result.
struct Case {
    name: &'static str,
    args: Vec<String>,
    /// For a command whose result cannot be known byte for byte beforehand (an import, which
    /// generates ids): true when `records` is its whole result.
    whole_result: Option<fn(&Records, &Records) -> bool>,
}

fn cases(store: &TestStore) -> Vec<Case> {
    let sheet = store.dir.path().join("sheet.csv");
    let rows: String = (0..300)
        .map(|n| format!("Newcomer {n},new{n}@example.org,academia\n"))
        .collect();
    std::fs::write(&sheet, format!("Name,Email,Sector\n{rows}")).unwrap();
    let words = |line: &str| {
        line.split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    // A Google Forms quiz export (Timestamp, Email Address, Score as `N / 20`, then the
    // respondent's name), one row for each of 200 people at e1: the responses file made, and
    // the manifest raised to format 3, both or neither.
    let quiz = store.dir.path().join("quiz.csv");
    let answers: String = (0..200)
        .map(|n| {
            format!(
                "2019/11/27 9:{:02}:00 AM GMT-6,p{n}@example.org,{} / 20,Person {n}\n",
                n % 60,
                n % 21
            )
        })
        .collect();
    std::fs::write(
        &quiz,
        format!("Timestamp,Email Address,Score,Full name\n{answers}"),
    )
    .unwrap();
    // The sign-in sheet of e2 (300 registered, its dates only a month, so one "checked in"
    // column) come back with every other person ticked: 150 raised to attended, or none.
    let returned = store.dir.path().join("returned-sheet.csv");
    let printed = store
        .gsef(&["sheet", "e2", "--format", "csv", "--blank", "0"])
        .ok()
        .stdout;
    let ticked: String = printed
        .lines()
        .enumerate()
        .map(|(n, line)| match n {
            n if n > 0 && n % 2 == 0 => {
                // Code, name, organization, sector, country, email, checked in, consent.
                let mut cells: Vec<&str> = line.split(',').collect();
                cells[6] = "yes";
                format!("{}\n", cells.join(","))
            }
            _ => format!("{line}\n"),
        })
        .collect();
    std::fs::write(&returned, ticked).unwrap();
    let indicator = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/indicators/eea-civ-007.json"
    );
    let pages = store.dir.path().join("certificate-pages");
    let mut attend = words("attend e4");
    attend.extend((0..PEOPLE).filter(|n| n % 5 != 0).map(|n| format!("p{n}")));
    vec![
        Case {
            name: "participant merge",
            args: words("participant merge p1 p2"),
            whole_result: None,
        },
        Case {
            name: "participant forget",
            args: words("participant forget p7"),
            whole_result: None,
        },
        Case {
            // Fields added for indicators, written as every edit is.
            name: "event edit --hours-per-day",
            args: words("event edit e1 --hours-per-day 6"),
            whole_result: None,
        },
        Case {
            name: "participant edit --birth-year",
            args: words("participant edit p4 --birth-year 1990"),
            whole_result: None,
        },
        Case {
            name: "event remove --force",
            args: words("event remove e2 --force"),
            whole_result: None,
        },
        Case {
            name: "series remove --force",
            args: words("series remove s1 --force"),
            whole_result: None,
        },
        Case {
            name: "participant remove --force",
            args: words("participant remove p3 --force"),
            whole_result: None,
        },
        Case {
            name: "import --event",
            args: vec![
                "import".into(),
                "participants".into(),
                sheet.to_str().unwrap().into(),
                "--event".into(),
                "e4".into(),
            ],
            whole_result: Some(imported_whole),
        },
        Case {
            // One line and the manifest raised to format 2, which a person without a sector
            // needs: both or neither.
            name: "participant add without a sector",
            args: words("participant add --id p-new --name Nobody"),
            whole_result: None,
        },
        Case {
            name: "import responses",
            args: vec![
                "import".into(),
                "responses".into(),
                quiz.to_str().unwrap().into(),
                "--event".into(),
                "e1".into(),
                "--instrument".into(),
                "pre".into(),
            ],
            whole_result: None,
        },
        Case {
            name: "import a returned sign-in sheet",
            args: vec![
                "import".into(),
                "participants".into(),
                returned.to_str().unwrap().into(),
                "--event".into(),
                "e2".into(),
            ],
            whole_result: None,
        },
        Case {
            // The register made and the manifest raised to format 4, both or neither.
            name: "certificate (3 people)",
            args: vec![
                "certificate".into(),
                "e1".into(),
                "p1".into(),
                "p2".into(),
                "p3".into(),
                "--output-dir".into(),
                pages.to_str().unwrap().into(),
            ],
            whole_result: Some(certified_whole),
        },
        Case {
            name: "indicator add",
            args: vec!["indicator".into(), "add".into(), indicator.into()],
            whole_result: None,
        },
        Case {
            name: "attend (480 people)",
            args: attend,
            whole_result: None,
        },
    ]
}

/// The import's whole result: the 300 newcomers each once, each with one attendance at e4, and
/// every earlier line as it was.
fn imported_whole(before: &Records, records: &Records) -> bool {
    let lines = |bytes: &Vec<u8>| String::from_utf8(bytes.clone()).unwrap();
    let people = lines(&records["participants.jsonl"]);
    let attendance = lines(&records["attendance.jsonl"]);
    if !people.starts_with(&lines(&before["participants.jsonl"]))
        || !attendance.starts_with(&lines(&before["attendance.jsonl"]))
    {
        return false;
    }
    let new_people: Vec<serde_json::Value> = people[before["participants.jsonl"].len()..]
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let new_attendance: Vec<serde_json::Value> = attendance[before["attendance.jsonl"].len()..]
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let mut emails: Vec<&str> = new_people
        .iter()
        .map(|person| person["email"].as_str().unwrap())
        .collect();
    emails.sort_unstable();
    emails.dedup();
    let ids: std::collections::BTreeSet<&str> = new_people
        .iter()
        .map(|person| person["id"].as_str().unwrap())
        .collect();
    let attending: std::collections::BTreeSet<&str> = new_attendance
        .iter()
        .filter(|record| record["event"] == "e4")
        .map(|record| record["participant"].as_str().unwrap())
        .collect();
    new_people.len() == 300
        && emails.len() == 300
        && new_attendance.len() == 300
        && ids == attending
        && ["gsef.json", "series.jsonl", "events.jsonl"]
            .iter()
            .all(|name| records[name] == before[name])
}

/// The certificates' whole result, whose codes are random: three entries for e1, one each for
/// p1, p2 and p3, the manifest raised, and every other record file as it was.
fn certified_whole(before: &Records, records: &Records) -> bool {
    let Some(register) = records.get("certificates.jsonl") else {
        return false;
    };
    let entries: Vec<serde_json::Value> = String::from_utf8(register.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let mut people: Vec<&str> = entries
        .iter()
        .filter(|entry| entry["event"] == "e1")
        .map(|entry| entry["participant"].as_str().unwrap())
        .collect();
    people.sort_unstable();
    let manifest: serde_json::Value = serde_json::from_slice(&records["gsef.json"]).unwrap();
    entries.len() == 3
        && people == ["p1", "p2", "p3"]
        && manifest["version"] == 4
        && RECORD_FILES[1..]
            .iter()
            .all(|name| records[name] == before[name])
}

/// The store after a stopped command, once the next gsef has looked at it, then a writer: a
/// reader (`check`) carries out a journal left behind, and `check --repair` sweeps temporary
/// files; the store must then be clean, with nothing left over. `reader_first: false` leaves
/// the reader out, for rounds enough of which the other test covers.
fn recovered(store: &TestStore, context: &str, reader_first: bool) -> Records {
    if reader_first && store.gsef(&["check"]).code == 0 {
        return clean(store, context);
    }
    let repair = store.gsef(&["check", "--repair"]);
    assert_eq!(
        repair.code, 0,
        "{context}: not repaired:\n{}",
        repair.stderr
    );
    clean(store, context)
}

fn clean(store: &TestStore, context: &str) -> Records {
    let leftovers: Vec<String> = std::fs::read_dir(store.records())
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp-") || name == ".gsef-journal")
        .collect();
    assert!(leftovers.is_empty(), "{context}: left {leftovers:?}");
    records_of(store)
}

/// Which of the two the records are, or a panic naming the case when they are neither.
fn whole(case: &Case, before: &Records, after: &Records, now: &Records, context: &str) -> bool {
    if now == before {
        return false;
    }
    let is_after = match case.whole_result {
        Some(check) => check(before, now),
        None => now == after,
    };
    if !is_after {
        let differing: Vec<&&str> = now
            .keys()
            .filter(|name| now[*name] != before[*name] && now[*name] != after[*name])
            .collect();
        panic!("{context}: half applied: {differing:?} are neither as before nor as after");
    }
    true
}

fn run_with(store: &TestStore, args: &[String], fail_at: Option<&str>) -> crate::util::Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut env = vec![("SOURCE_DATE_EPOCH", NOW)];
    if let Some(plan) = fail_at {
        env.push(("GSEF_FAIL_AT", plan));
    }
    store.gsef_with_env(&args, "", &env)
}

/// Each command stopped dead before each of its steps in turn, until it runs to the end.
#[test]
fn a_command_stopped_at_any_step_leaves_all_of_its_change_or_none() {
    let store = template();
    let before = records_of(&store);
    eprintln!("crash points: {}", stopped_at_every_step(&store, &before));
}

/// The same, on a store whose people and attendance end with a record saved without its line
/// end: the step that adds it is one more place to stop, and no record may be lost at it.
#[test]
fn a_command_stopped_at_any_step_keeps_a_last_record_without_its_line_end() {
    let store = template();
    let mut before = records_of(&store);
    for file in ["participants.jsonl", "attendance.jsonl"] {
        let bytes = before.get_mut(file).unwrap();
        assert_eq!(bytes.pop(), Some(b'\n'));
    }
    put_back(&store, &before);
    eprintln!(
        "crash points, last records unterminated: {}",
        stopped_at_every_step(&store, &before)
    );
}

/// The records with a line end after each file's last line.
fn terminated(records: &Records) -> Records {
    let mut records = records.clone();
    for bytes in records.values_mut() {
        if bytes.last().is_some_and(|&last| last != b'\n') {
            bytes.push(b'\n');
        }
    }
    records
}

/// Stops each command before each of its steps on `before`; a line of figures.
fn stopped_at_every_step(store: &TestStore, before: &Records) -> String {
    let before = before.clone();
    let mut report = Vec::new();
    for case in cases(store) {
        put_back(store, &before);
        run_with(store, &case.args, None).ok();
        let after = records_of(store);
        assert_ne!(after, before, "{}: changes nothing", case.name);
        let (mut stopped, mut landed) = (0, 0);
        for step in 1.. {
            assert!(step < 200, "{}: never runs to the end", case.name);
            put_back(store, &before);
            let plan = format!("crash:{step}");
            let run = run_with(store, &case.args, Some(&plan));
            if run.code == 0 {
                break;
            }
            assert_eq!(run.code, -1, "{}, {plan}: {}", case.name, run.stderr);
            stopped += 1;
            let context = format!("{}, stopped at step {step}", case.name);
            let now = recovered(store, &context, true);
            // Adding a missing line end changes no record: before and after it are one state.
            let [before, after, now] = [&before, &after, &now].map(terminated);
            landed += usize::from(whole(&case, &before, &after, &now, &context));
        }
        report.push(format!(
            "{}: {stopped} steps ({landed} completed after the stop)",
            case.name
        ));
    }
    report.join("; ")
}

const KILLS_PER_COMMAND: usize = 200;

/// Each command killed with SIGKILL at a random moment, at least 200 times while it ran.
#[test]
fn a_command_killed_at_random_leaves_all_of_its_change_or_none() {
    let started = Instant::now();
    let template = template();
    let before = records_of(&template);
    let names: Vec<&'static str> = cases(&template).iter().map(|case| case.name).collect();
    let tallies: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = (0..names.len())
            .map(|index| {
                let before = &before;
                scope.spawn(move || kill_at_random(index, before))
            })
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    eprintln!(
        "random kills, {:.0} s: {}",
        started.elapsed().as_secs_f64(),
        tallies.join("; ")
    );
}

/// The random-kill rounds of case `index`, on a store of its own; a line of figures.
fn kill_at_random(index: usize, before: &Records) -> String {
    let store = template();
    let case = cases(&store).swap_remove(index);
    let mut rng = XorShift::seeded(0xC0FF_EE00 + index as u64);
    run_with(&store, &case.args, None).ok();
    let after = records_of(&store);
    // How long the command takes here, which the kills are spread over; on a loaded machine
    // that drifts, so the span shrinks each time the command finished first and grows each
    // time it was killed, keeping the kills within its run.
    put_back(&store, before);
    let timing = Instant::now();
    run_with(&store, &case.args, None).ok();
    let measured = (timing.elapsed().as_micros() as u64).max(1_000);
    let mut span = measured;
    let (mut killed, mut finished, mut landed, mut round) = (0, 0, 0, 0);
    while killed < KILLS_PER_COMMAND {
        round += 1;
        assert!(
            round < 20 * KILLS_PER_COMMAND,
            "{}: too few kills landed",
            case.name
        );
        put_back(&store, before);
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let mut child = store
            .command(&args)
            .env("SOURCE_DATE_EPOCH", NOW)
            .spawn()
            .expect("gsef runs");
        std::thread::sleep(Duration::from_micros(rng.below(span)));
        let _ = child.kill();
        let status = child.wait().expect("gsef is reaped");
        let context = format!("{}, round {round}", case.name);
        if status.success() {
            finished += 1;
            span = (span * 17 / 20).max(500);
        } else {
            assert_eq!(status.code(), None, "{context}: failed without the kill");
            killed += 1;
            span = (span * 21 / 20).min(3 * measured);
        }
        let now = recovered(&store, &context, false);
        let is_after = whole(&case, before, &after, &now, &context);
        if status.success() {
            assert!(is_after, "{context}: finished but its change is missing");
        } else {
            landed += usize::from(is_after);
        }
    }
    format!(
        "{}: {killed} killed ({landed} completed by the next gsef), {finished} finished first",
        case.name
    )
}

/// The probe's case: an import whose attendance write failed took its people back by
/// rewriting participants.jsonl after the store's own undo had already run (a new inode and
/// hash), and on a full disk warned it "could not take back" people it had taken back. Now a
/// failed import changes no file at all: not its bytes, not its inode.
#[test]
fn a_failed_import_leaves_every_file_as_it_was_inode_included() {
    use std::os::unix::fs::MetadataExt;
    let store = template();
    let before = records_of(&store);
    let inode = |name: &str| std::fs::metadata(store.records().join(name)).unwrap().ino();
    let inodes: Vec<u64> = RECORD_FILES.iter().map(|name| inode(name)).collect();
    let case = cases(&store)
        .into_iter()
        .find(|case| case.name == "import --event")
        .expect("the import case is among the cases");
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    for plan in [
        "write:1", "write:3", "sync:2", "sync:5", "rename:1", "write:3+",
    ] {
        let run = store.gsef_with_env(&args, "", &[("GSEF_FAIL_AT", plan)]);
        assert_eq!(run.code, 1, "{plan}: {}", run.stderr);
        assert!(
            run.stderr.contains("injected failure"),
            "{plan}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("could not take back"),
            "{}",
            run.stderr
        );
        assert_eq!(records_of(&store), before, "{plan}");
        let now: Vec<u64> = RECORD_FILES.iter().map(|name| inode(name)).collect();
        assert_eq!(now, inodes, "{plan}: a file was replaced");
        store.gsef(&["check", "--repair"]).ok();
    }
}

/// What an interrupted merge left is completed by the next command whatever it is — here a
/// report, which only reads — and that command says so; a dry run refuses to plan on top of
/// it; and a journal that does not read back whole is never carried out.
#[test]
fn the_next_command_completes_an_interrupted_change_and_says_so() {
    let store = template();
    let before = records_of(&store);
    let merge = ["participant", "merge", "p1", "p2"];
    // The first step after the journal's commit point: the change is committed, not made.
    for step in 1.. {
        assert!(step < 50, "the merge never reached its commit point");
        put_back(&store, &before);
        let plan = format!("crash:{step}");
        let stopped = store.gsef_with_env(&merge, "", &[("GSEF_FAIL_AT", &plan)]);
        assert_eq!(stopped.code, -1, "{}", stopped.stderr);
        if store.records().join(".gsef-journal").exists() {
            break;
        }
    }
    let planned = store.gsef(&["--dry-run", "participant", "remove", "p9", "--force"]);
    planned.fails(1, "an interrupted change is waiting to be completed");
    let report = store
        .gsef(&["report", "attendance", "--by", "event", "--format", "json"])
        .ok()
        .says("completed a change that an interrupted gsef had committed");
    assert!(report.json()["rows"].is_array());
    assert!(!store.records().join(".gsef-journal").exists());
    let merged = store.lines("participants.jsonl");
    assert!(merged.iter().all(|person| person["id"] != "p2"));
    assert_ne!(records_of(&store), before);

    // A damaged journal: every command refuses, naming it, and changes nothing.
    put_back(&store, &before);
    std::fs::write(store.records().join(".gsef-journal"), "{\"steps\": [").unwrap();
    let before = store.snapshot();
    store.gsef(&["participant", "list", "--all"]).fails(
        1,
        ".gsef-journal: an interrupted change cannot be carried out",
    );
    assert_eq!(store.snapshot(), before);
}

/// A temporary file left by an interrupted write may hold an old version of a collection (a
/// forgotten person's name): `check` names it and fails until `check --repair` removes it.
#[test]
fn check_names_leftover_temporary_files_and_repair_removes_them() {
    let store = template();
    let leftover = store.records().join(".participants.jsonl.tmp-previous-1-2");
    std::fs::write(&leftover, "{\"id\":\"p7\",\"name\":\"Person 7\"}\n").unwrap();
    let listed = store.gsef(&["check"]).fails(1, "1 problem found");
    assert!(
        listed.stdout.contains(".participants.jsonl.tmp-previous-1-2: a temporary file an interrupted write left behind"),
        "{}",
        listed.stdout
    );
    store.gsef(&["check", "--repair"]).ok();
    assert!(!leftover.exists());
    store.gsef(&["check"]).ok();
}
