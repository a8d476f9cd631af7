//! Hostile and broken input: every case is refused by readers, writers and `check` alike, with
//! the file, the line and what is wrong, and the store is left exactly as it was.

use super::{EVENT, assert_same_store, store_with_people};
use crate::util::TestStore;

/// A command that reads `file` and one that would write to its collection.
fn commands_for(file: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    match file {
        "participants.jsonl" => (
            vec!["participant", "list"],
            vec![
                "participant",
                "add",
                "--id",
                "new",
                "--name",
                "New",
                "--sector",
                "sse",
            ],
        ),
        "events.jsonl" => (
            vec!["event", "list"],
            vec!["event", "add", "--id", "e2", "--title", "T"],
        ),
        "attendance.jsonl" => (vec!["attendance", "list"], vec!["attend", EVENT, "p1"]),
        _ => (
            vec!["series", "list"],
            vec!["series", "add", "--id", "s2", "--title", "T"],
        ),
    }
}

/// A store with people, an event and an attendance record, so every collection has a line 1.
fn store() -> TestStore {
    let store = store_with_people(2);
    store.gsef(&["attend", EVENT, "p0"]).ok();
    store
        .gsef(&["series", "add", "--id", "gsef-2019", "--title", "GSEF 2019"])
        .ok();
    store
}

/// Appends `line` to `file` as its last line and proves that reading, writing and checking all
/// refuse it with `needle` and `file:LINE:`, changing nothing.
#[track_caller]
fn refused_as_last_line(file: &str, line: &[u8], needle: &str) {
    let store = store();
    let path = store.records().join(file);
    let mut bytes = std::fs::read(&path).unwrap();
    let number = bytes.iter().filter(|&&byte| byte == b'\n').count() + 1;
    bytes.extend_from_slice(line);
    std::fs::write(&path, &bytes).unwrap();
    refused_everywhere(&store, file, number, needle);
}

#[track_caller]
fn refused_everywhere(store: &TestStore, file: &str, line: usize, needle: &str) {
    let location = format!("{file}:{line}: ");
    let (read, write) = commands_for(file);
    let before = store.snapshot();
    for args in [&read, &write] {
        let run = store.gsef(args);
        assert_eq!(
            run.code, 1,
            "{args:?} accepted a bad {file}:\n{}",
            run.stdout
        );
        let first_line = run.stderr.lines().next().unwrap_or_default();
        assert!(
            first_line.starts_with("error: ")
                && first_line.contains(&location)
                && first_line.contains(needle),
            "{args:?}: expected `{location}…{needle}`, got:\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"));
        assert!(
            run.stderr.contains("hint: "),
            "{args:?}: no hint:\n{}",
            run.stderr
        );
    }
    let check = store.gsef(&["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .lines()
            .any(|problem| problem.contains(&location) && problem.contains(needle)),
        "check should report `{location}…{needle}`:\n{}",
        check.stdout
    );
    assert_same_store(store, &before, needle);
}

const VALID: &str = r#"{"id":"p2","name":"Bo","sector":"sse""#;

#[test]
fn duplicate_keys_are_refused_at_any_depth() {
    let duplicate_known = r#"{"id":"p2","name":"Bo","name":"Al","sector":"sse"}"#;
    refused_as_last_line(
        "participants.jsonl",
        format!("{duplicate_known}\n").as_bytes(),
        "duplicate key `name`",
    );
    // Unknown keys go into the flattened `extra` map, where serde alone would keep the last.
    let duplicate_unknown = format!("{VALID},\"x_note\":1,\"x_note\":2}}\n");
    refused_as_last_line(
        "participants.jsonl",
        duplicate_unknown.as_bytes(),
        "duplicate key `x_note`",
    );
    let duplicate_nested = format!("{VALID},\"x_future\":{{\"a\":[{{\"k\":1,\"k\":2}}]}}}}\n");
    refused_as_last_line(
        "participants.jsonl",
        duplicate_nested.as_bytes(),
        "duplicate key `k`",
    );
    // The same key written with an escape is the same key.
    let escaped = r#"{"event":"2019-11-mexico","participant":"p1","status":"attended","st\u0061tus":"no-show"}"#;
    refused_as_last_line(
        "attendance.jsonl",
        format!("{escaped}\n").as_bytes(),
        "duplicate key `status`",
    );
}

#[test]
fn broken_syntax_is_refused_with_its_line() {
    let cases: [(&[u8], &str); 6] = [
        (
            b"{\"id\":\"p2\",\"name\":\"Bo\",\"sector\":\"sse\"} trailing\n",
            "trailing characters",
        ),
        (
            b"{\"id\":\"p2\",\"name\":\"Bo\",\"sector\":\"sse\"}{}\n",
            "trailing characters",
        ),
        (
            b"{\"id\":\"p2\",\"name\":\"B\xff\",\"sector\":\"sse\"}\n",
            "not valid UTF-8 (byte 21)",
        ),
        (
            b"{\"id\":\"p2\",\"name\":\"B\x00\",\"sector\":\"sse\"}\n",
            "contains a NUL byte (column 21)",
        ),
        (
            b"[\"p2\",\"Bo\"]\n",
            "expected a JSON object for a participant record",
        ),
        (
            b"{\"id\":\"p2\",\"sector\":\"sse\"}\n",
            "missing field `name`",
        ),
    ];
    for (line, needle) in cases {
        refused_as_last_line("participants.jsonl", line, needle);
    }
}

#[test]
fn deep_nesting_and_numbers_out_of_range_are_refused() {
    let deep = format!(
        "{VALID},\"x_deep\":{}{}}}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    refused_as_last_line(
        "participants.jsonl",
        deep.as_bytes(),
        "nested more than 128 levels deep",
    );
    for (invited, needle) in [
        ("1e20", "invalid type: floating point `1e+20`, expected u32"),
        ("-1", "invalid value: integer `-1`, expected u32"),
        (
            "4294967296",
            "invalid value: integer `4294967296`, expected u32",
        ),
    ] {
        let line = format!("{{\"id\":\"e2\",\"title\":\"T\",\"invited\":{invited}}}\n");
        refused_as_last_line("events.jsonl", line.as_bytes(), needle);
    }
    refused_as_last_line(
        "participants.jsonl",
        format!("{VALID},\"x\":1e999}}\n").as_bytes(),
        "number out of range",
    );
}

#[test]
fn a_line_of_100_megabytes_is_refused_without_being_parsed() {
    let mut line = br#"{"id":"p2","sector":"sse","name":""#.to_vec();
    line.resize(100 * 1024 * 1024, b'x');
    line.extend_from_slice(b"\"}\n");
    refused_as_last_line(
        "participants.jsonl",
        &line,
        "a record may take at most 1048576",
    );
}

#[test]
fn values_that_break_the_format_are_refused_on_read() {
    let cases = [
        (
            r#"{"id":"../etc","name":"Bo","sector":"sse"}"#,
            "invalid id `../etc`",
        ),
        (
            r#"{"id":"a/b","name":"Bo","sector":"sse"}"#,
            "invalid id `a/b`",
        ),
        (
            r#"{"id":"p2","name":"Bo","sector":"banking"}"#,
            "invalid sector `banking`",
        ),
        (
            r#"{"id":"p2","name":"Bo","sector":"sse","country":"XX"}"#,
            "invalid country `XX`",
        ),
        (r#"{"id":"p2","name":"  ","sector":"sse"}"#, "invalid name"),
    ];
    for (line, needle) in cases {
        refused_as_last_line("participants.jsonl", format!("{line}\n").as_bytes(), needle);
    }
    let traversal = r#"{"event":"../../etc/passwd","participant":"p1","status":"attended"}"#;
    refused_as_last_line(
        "attendance.jsonl",
        format!("{traversal}\n").as_bytes(),
        "invalid event",
    );
}

#[test]
fn references_to_missing_records_are_reported_by_check() {
    let store = store();
    let ghost = r#"{"event":"2019-11-mexico","participant":"ghost","status":"attended"}"#;
    let mut attendance = store.read("attendance.jsonl");
    attendance.push_str(&format!("{ghost}\n"));
    store.write("attendance.jsonl", &attendance);
    store.write(
        "events.jsonl",
        &format!(
            "{}{}\n",
            store.read("events.jsonl"),
            r#"{"id":"e2","series":"nowhere","title":"T"}"#
        ),
    );
    let before = store.snapshot();
    let check = store.gsef(&["check"]).fails(1, "2 problems found");
    assert!(check.stdout.contains(
        "attendance.jsonl:2: attendance names participant `ghost`, which does not exist"
    ));
    assert!(
        check
            .stdout
            .contains("events.jsonl:2: event `e2` names series `nowhere`, which does not exist")
    );
    assert_same_store(&store, &before, "check");
}

#[test]
fn a_store_from_a_future_version_is_read_but_never_written() {
    let store = store();
    let manifest = store
        .read("gsef.json")
        .replace("\"version\": 1", "\"version\": 99");
    store.write("gsef.json", &manifest);
    store
        .gsef(&["participant", "list", "--all", "--format", "json"])
        .ok();
    store.gsef(&["event", "show", EVENT]).ok();
    let writers: [&[&str]; 11] = [
        &["participant", "add", "--name", "New", "--sector", "sse"],
        &["participant", "edit", "p0", "--region", "Oaxaca"],
        &["participant", "remove", "p1"],
        &["event", "add", "--id", "e2", "--title", "T"],
        &["event", "edit", EVENT, "--title", "T"],
        &["series", "add", "--id", "s2", "--title", "T"],
        &["attend", EVENT, "p1"],
        &["attendance", "remove", EVENT, "p0"],
        &["check", "--repair"],
        &["certificate", EVENT, "--output", "certificates.html"],
        &["indicator", "remove", "any"],
    ];
    for args in writers {
        store.refuses(
            args,
            1,
            "has format version 99, newer than this gsef's 5; it can be read but not written",
        );
    }
    store.gsef(&["check"]).fails(1, "1 problem found");
}

#[test]
fn empty_and_missing_files_are_named() {
    let store = store();
    // An empty collection is valid: no records yet.
    store.write("series.jsonl", "");
    store.gsef(&["series", "list", "--format", "json"]).ok();
    // A missing one is named, and check --repair recreates it empty.
    std::fs::remove_file(store.records().join("participants.jsonl")).unwrap();
    store.refuses(
        &["participant", "list"],
        1,
        "its collection file participants.jsonl is missing",
    );
    store.refuses(
        &["participant", "add", "--name", "N", "--sector", "sse"],
        1,
        "is missing",
    );
    let check = store.gsef(&["check"]).fails(1, "2 problems found");
    assert!(
        check
            .stdout
            .contains("participants.jsonl: the collection file is missing")
    );
    // Recreated empty, the file loads; what referred to the lost people is still reported.
    let repair = store
        .gsef(&["check", "--repair"])
        .fails(1, "1 problem found");
    assert!(
        repair
            .stderr
            .contains("created the missing collection file")
    );
    assert!(
        repair
            .stdout
            .contains("attendance names participant `p0`, which does not exist")
    );
    assert_eq!(store.read("participants.jsonl"), "");
    // An empty or broken manifest is not taken for a store.
    store.write("gsef.json", "");
    store.refuses(
        &["participant", "list"],
        1,
        "gsef.json is not a gsef store: its manifest is not valid: EOF",
    );
    store.write(
        "gsef.json",
        "{\"format\":\"something-else\",\"version\":1,\"sectors\":[]}",
    );
    store.refuses(
        &["check", "--repair"],
        1,
        "`format` is `something-else`, expected `gsef-records`",
    );
}

#[test]
fn an_interrupted_append_is_reported_then_repaired_without_losing_a_record() {
    let store = store();
    let complete = store.read("participants.jsonl");
    store.write(
        "participants.jsonl",
        &format!("{complete}{{\"id\":\"torn\",\"na"),
    );
    store.refuses(
        &["participant", "list"],
        1,
        "participants.jsonl:3: incomplete last line, left by an interrupted write",
    );
    store
        .gsef(&["check"])
        .fails(1, "hint: fix the lines named above");
    // A stale temporary file is ignored by readers and swept by the next writer.
    store.write(".participants.jsonl.tmp-4242-1", "half a rewrite");
    let repair = store.gsef(&["check", "--repair"]).ok();
    assert!(
        repair
            .stderr
            .contains("removed an incomplete last line (16 bytes)"),
        "{}",
        repair.stderr
    );
    assert!(
        repair.stderr.contains("removed 1 temporary file that"),
        "{}",
        repair.stderr
    );
    assert_eq!(store.read("participants.jsonl"), complete);
    assert!(
        !store
            .records()
            .join(".participants.jsonl.tmp-4242-1")
            .exists()
    );
    // The next writer does the same on its own before it appends.
    store.write(
        "participants.jsonl",
        &format!("{complete}{{\"id\":\"torn\""),
    );
    let add = store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "p9",
            "--name",
            "Nine",
            "--sector",
            "sse",
        ])
        .ok();
    assert!(
        add.stderr
            .contains("warning: removed an incomplete last line"),
        "{}",
        add.stderr
    );
    assert_eq!(store.lines("participants.jsonl").len(), 3);
    store.gsef(&["check"]).ok();
}

#[test]
fn a_fifo_or_a_folder_in_place_of_a_collection_is_refused_without_hanging() {
    let store = store();
    let participants = store.records().join("participants.jsonl");
    std::fs::remove_file(&participants).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(&participants)
        .status();
    if !made.is_ok_and(|status| status.success()) {
        eprintln!("note: mkfifo is not available; skipping the FIFO case");
    } else {
        let mut child = store.command(&["participant", "list"]).spawn().unwrap();
        let started = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > std::time::Duration::from_secs(10) {
                child.kill().unwrap();
                panic!("gsef hung reading a FIFO");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("participants.jsonl") && stderr.contains("not a regular file"),
            "{stderr}"
        );
        std::fs::remove_file(&participants).unwrap();
    }
    std::fs::create_dir(&participants).unwrap();
    for args in [
        &["participant", "list"][..],
        &["participant", "add", "--name", "N", "--sector", "sse"],
        &["check", "--repair"],
    ] {
        store
            .gsef(args)
            .fails(1, "participants.jsonl")
            .fails(1, "not a regular file");
    }
}

/// The report reads a large attendance file on every core, a megabyte at a time, and checks
/// each chunk as UTF-8 at once: a bad line anywhere must still be named by its own number.
#[test]
fn a_large_attendance_file_read_in_chunks_names_the_exact_bad_line() {
    let store = store_with_people(50);
    let line = |n: usize| {
        format!(
            "{{\"event\":\"{EVENT}\",\"participant\":\"p{}\",\"status\":\"attended\"}}\n",
            n % 50
        )
    };
    // 30,000 lines, about 2 MB: read by two threads in several chunks each.
    let lines: Vec<String> = (0..30_000).map(line).collect();
    store.write("attendance.jsonl", &lines.concat());
    let counted = store
        .gsef(&["report", "attendance", "--format", "json"])
        .ok();
    let report: serde_json::Value = serde_json::from_str(&counted.stdout).unwrap();
    assert_eq!(report["totals"]["participants"], 50, "{report}");
    assert_eq!(report["totals"]["attendances"], 30_000, "{report}");

    let with_line = |number: usize, bad: &[u8]| {
        let mut bytes = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            if index + 1 == number {
                bytes.extend_from_slice(bad);
            } else {
                bytes.extend_from_slice(line.as_bytes());
            }
        }
        std::fs::write(store.records().join("attendance.jsonl"), bytes).unwrap();
    };
    let unknown_status =
        format!("{{\"event\":\"{EVENT}\",\"participant\":\"p1\",\"status\":\"came\"}}\n");
    with_line(25_000, unknown_status.as_bytes());
    for args in [
        &["report", "attendance"][..],
        &[
            "report",
            "attendance",
            "--by",
            "event",
            "--across",
            "sector",
        ][..],
    ] {
        store.refuses(args, 1, "attendance.jsonl:25000: ");
    }
    // A Latin-1 byte makes its whole chunk fail the UTF-8 check; the chunk is then read line
    // by line, and the line is named.
    let mut latin1 =
        format!("{{\"event\":\"{EVENT}\",\"participant\":\"pX\",\"status\":\"attended\"}}\n")
            .into_bytes();
    let x = latin1.iter().position(|&byte| byte == b'X').unwrap();
    latin1[x] = 0xe9;
    with_line(18_000, &latin1);
    store.refuses(
        &["report", "attendance"],
        1,
        "attendance.jsonl:18000: not valid UTF-8",
    );
}

/// A collection of one 2 GiB line, made with `set_len` so it costs no disk: readers, writers
/// and `check` refuse it with its file and line after reading about a megabyte of it, within
/// a 400 MB address space that holding the line would break (an abort, exit 134).
#[test]
fn a_line_of_gigabytes_is_refused_within_bounded_memory() {
    let store = store();
    let path = store.records().join("participants.jsonl");
    let length = 2u64 << 30;
    std::fs::File::options()
        .write(true)
        .truncate(true)
        .open(&path)
        .unwrap()
        .set_len(length)
        .unwrap();
    let location = "participants.jsonl:1: the line is longer than 1 MiB";
    let memory = 400_000;
    for args in [
        &["report", "attendance"][..],
        &["participant", "list"],
        &["participant", "add", "--name", "New", "--sector", "sse"],
        &["attend", EVENT, "p0"],
    ] {
        let started = std::time::Instant::now();
        let run = store.gsef_within_memory(memory, args);
        assert_eq!(run.code, 1, "{args:?}:\n{}", run.stderr);
        let first_line = run.stderr.lines().next().unwrap_or_default();
        assert!(
            first_line.contains(location)
                && first_line.ends_with("a record may take at most 1048576 bytes"),
            "{args:?}:\n{}",
            run.stderr
        );
        run.brief(1000);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        // A writer's repair of a torn last line leaves a line this long alone.
        assert_eq!(std::fs::metadata(&path).unwrap().len(), length);
    }
    // A problem in the file `check` reads after this one.
    let attendance = store.read("attendance.jsonl");
    store.write(
        "attendance.jsonl",
        &format!("{attendance}{{\"event\":\"e9\"}}\n"),
    );
    let check = store.gsef_within_memory(memory, &["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stderr.contains("problems found"), "{}", check.stderr);
    let problems: Vec<&str> = check.stdout.lines().collect();
    assert!(
        problems.iter().any(|problem| problem.contains(location)
            && problem.ends_with("the rest of the file is not checked")),
        "{}",
        check.stdout
    );
    // The other files were checked on.
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("attendance.jsonl:2: missing field")),
        "{}",
        check.stdout
    );
    let repair = store.gsef_within_memory(memory, &["check", "--repair"]);
    assert_eq!(repair.code, 1);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), length);
}

/// A value of half a megabyte in a record is quoted cut short wherever it is named: by a
/// reader's error, by `check`, and in a JSON parser's message about it.
#[test]
fn a_long_value_in_a_record_is_quoted_short() {
    let long = "x".repeat(500_000);
    for (line, needle) in [
        (
            format!("{VALID},\"country\":\"{long}\"}}\n"),
            "invalid country `xxxxxxxx",
        ),
        (
            format!("{{\"id\":\"e2\",\"title\":\"T\",\"invited\":\"{long}\"}}\n"),
            "invalid type: string \"xxxx",
        ),
    ] {
        let file = if line.starts_with("{\"id\":\"e2\"") {
            "events.jsonl"
        } else {
            "participants.jsonl"
        };
        let store = store();
        let path = store.records().join(file);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(line.as_bytes());
        std::fs::write(&path, &bytes).unwrap();
        let (read, _) = commands_for(file);
        store.gsef(&read).fails(1, needle).brief(1000);
        let check = store.gsef(&["check"]);
        assert!(check.stdout.contains(needle), "{}", check.stdout);
        assert!(
            check.stdout.len() < 1000,
            "{} bytes:\n{}",
            check.stdout.len(),
            check.stdout
        );
    }
}
