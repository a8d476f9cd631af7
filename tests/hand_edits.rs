//! Stores edited by hand: what editors and checkouts add is read as if absent and tidied by
//! `check --repair`; a pretty-printed file is named for what it is; a store of a newer format
//! is read with a warning. (A merge conflict left by git is `tests/git.rs`'s.)

use crate::util::TestStore;

const EVENT: &str = "2019-11-mexico";

/// The Mexico workshop with two people, one of whom attended.
fn store() -> TestStore {
    let store = TestStore::with_mexico_workshop();
    for (id, name) in [("mx-001", "Ana Ruiz"), ("mx-002", "Luis Pérez")] {
        store
            .gsef(&[
                "participant",
                "add",
                "--id",
                id,
                "--name",
                name,
                "--sector",
                "sse/cooperative",
                "--country",
                "MX",
                "--region",
                "Jalisco",
            ])
            .ok();
    }
    store.gsef(&["attend", EVENT, "mx-001"]).ok();
    store
}

const COLLECTIONS: [&str; 4] = [
    "series.jsonl",
    "events.jsonl",
    "participants.jsonl",
    "attendance.jsonl",
];

/// The collections' bytes, for comparing a tidied store with the one gsef wrote.
fn collections(store: &TestStore) -> Vec<String> {
    COLLECTIONS.iter().map(|file| store.read(file)).collect()
}

/// Edits every collection as `edit` says, runs the same reads and a write as on the clean
/// store, and proves `check` lists the edit once per file, exit 0, and `check --repair` puts
/// back exactly the bytes gsef wrote (with the write's new line).
#[track_caller]
fn read_as_if_absent(edit: impl Fn(&str) -> String, says: &str) {
    let clean = store();
    let report = clean.gsef(&["report", "attendance", "--by", "region"]).ok();
    let list = clean.gsef(&["participant", "list"]).ok();

    let edited = store();
    let mut changed = 0;
    for file in COLLECTIONS {
        let before = edited.read(file);
        let after = edit(&before);
        if after != before {
            changed += 1;
        }
        edited.write(file, &after);
    }
    let again = edited
        .gsef(&["report", "attendance", "--by", "region"])
        .ok();
    assert_eq!(again.stdout, report.stdout);
    assert_eq!(
        edited.gsef(&["participant", "list"]).ok().stdout,
        list.stdout
    );

    let check = edited.gsef(&["check"]).ok();
    let notes: Vec<&str> = check.stdout.lines().collect();
    assert_eq!(notes.len(), changed, "one line a file:\n{}", check.stdout);
    assert!(
        notes
            .iter()
            .all(|note| note.contains(says)
                && note.contains("`gsef check --repair` rewrites the file")),
        "{}",
        check.stdout
    );
    assert!(
        check.stderr.contains(&format!(
            "no problems (0 series, 1 event, 2 participants, 1 attendance); {changed} file"
        )),
        "{}",
        check.stderr
    );

    // A writer reads the edited file as it is meant and appends in gsef's own form.
    for target in [&clean, &edited] {
        target.gsef(&["attend", EVENT, "mx-002"]).ok();
    }
    let repair = edited.gsef(&["check", "--repair"]).ok();
    assert!(repair.stderr.contains("rewrote "), "{}", repair.stderr);
    assert_eq!(collections(&edited), collections(&clean));
    let quiet = edited.gsef(&["check"]).ok();
    assert_eq!(quiet.stdout, "");
    edited
        .gsef(&["check", "--repair"])
        .ok()
        .says("nothing to repair");
}

#[test]
fn a_windows_checkout_with_crlf_line_ends_is_read_and_tidied() {
    read_as_if_absent(|text| text.replace('\n', "\r\n"), "ending in \\r\\n");
}

#[test]
fn a_byte_order_mark_is_read_past_and_removed() {
    read_as_if_absent(
        |text| {
            if text.is_empty() {
                String::new()
            } else {
                format!("\u{feff}{text}")
            }
        },
        "a byte order mark before the first line",
    );
}

#[test]
fn blank_lines_are_read_past_and_removed() {
    read_as_if_absent(
        |text| {
            if text.is_empty() {
                String::new()
            } else {
                format!("\n{}\n  \n", text.replace('\n', "\n\n"))
            }
        },
        "blank line",
    );
}

/// The byte order mark used to hide the first person, so attendance named someone "missing".
#[test]
fn a_byte_order_mark_hides_no_one() {
    let store = store();
    let text = store.read("participants.jsonl");
    store.write("participants.jsonl", &format!("\u{feff}{text}"));
    let check = store.gsef(&["check"]).ok();
    assert!(!check.stdout.contains("does not exist"), "{}", check.stdout);
    let shown = store.gsef(&["participant", "show", "mx-001"]).ok();
    assert!(shown.stdout.contains("Ana Ruiz"), "{}", shown.stdout);
}

/// A last record saved without its line end is a record: read, kept by every writer, which
/// adds the line end before appending, and kept by `check --repair`.
#[test]
fn a_last_record_without_its_line_end_is_kept() {
    let store = store();
    let complete = store.read("participants.jsonl");
    let unterminated = complete.strip_suffix('\n').unwrap();
    store.write("participants.jsonl", unterminated);
    let shown = store.gsef(&["participant", "show", "mx-002"]).ok();
    assert!(shown.stdout.contains("Luis Pérez"), "{}", shown.stdout);
    let check = store.gsef(&["check"]).ok();
    assert!(
        check
            .stdout
            .contains("participants.jsonl: no line end after the last record"),
        "{}",
        check.stdout
    );

    store.gsef(&["attend", EVENT, "mx-002"]).ok();
    assert_eq!(store.read("participants.jsonl"), complete);
    let attendance = store.read("attendance.jsonl");
    assert!(attendance.contains("\"participant\":\"mx-002\""));
    assert!(
        !store
            .gsef(&["attend", EVENT, "mx-002"])
            .stderr
            .contains("warning")
    );

    store.write("participants.jsonl", unterminated);
    store
        .gsef(&["check", "--repair"])
        .ok()
        .says("added the line end missing after the last record of");
    assert_eq!(store.read("participants.jsonl"), complete);

    // Before, `participant add` cut the record as if a write had been interrupted.
    store.write("participants.jsonl", unterminated);
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "mx-003",
            "--name",
            "Eva Soto",
            "--sector",
            "sse/cooperative",
        ])
        .ok();
    let people = store.lines("participants.jsonl");
    let ids: Vec<&str> = people
        .iter()
        .map(|person| person["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mx-001", "mx-002", "mx-003"]);
}

/// A last line that is not a whole JSON value is still an interrupted write, named as one.
#[test]
fn a_torn_last_line_is_still_an_interrupted_write() {
    let store = store();
    let complete = store.read("participants.jsonl");
    store.write(
        "participants.jsonl",
        &format!("{complete}{{\"id\":\"mx-003\",\"na"),
    );
    store.refuses(
        &["report", "attendance"],
        1,
        "participants.jsonl:3: incomplete last line, left by an interrupted write",
    );
    // A whole record that breaks the format is a hand edit, named for what is wrong with it.
    store.write(
        "participants.jsonl",
        &format!("{complete}{{\"id\":\"mx-003\",\"sector\":\"sse/cooperative\"}}"),
    );
    store.refuses(
        &["report", "attendance"],
        1,
        "participants.jsonl:3: missing field `name`",
    );
    let before = store.snapshot();
    store
        .gsef(&["check", "--repair"])
        .fails(1, "1 problem found");
    let after = store.snapshot();
    // The line end was added, and nothing else: the record is someone's to correct.
    assert_eq!(
        after["participants.jsonl"],
        [&before["participants.jsonl"][..], b"\n"].concat()
    );
}

/// `jq .` spreads each record over many lines: one message for the file, with the command
/// that puts it back, instead of one per line.
#[test]
fn a_pretty_printed_file_is_one_message_with_its_remedy() {
    let store = store();
    let compact = store.read("events.jsonl");
    let pretty: String = compact
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            format!("{}\n", serde_json::to_string_pretty(&value).unwrap())
        })
        .collect();
    store.write("events.jsonl", &pretty);
    let before = store.snapshot();
    store.refuses(
        &["report", "attendance"],
        1,
        "events.jsonl:1: records are one per line, and this file looks pretty-printed",
    );
    let run = store.gsef(&["event", "list"]);
    assert!(
        run.stderr
            .contains("hint: put each record back on one line: jq -c .")
    );
    let check = store.gsef(&["check"]);
    assert_eq!(check.code, 1);
    let problems: Vec<&str> = check.stdout.lines().collect();
    assert_eq!(problems.len(), 1, "{}", check.stdout);
    assert!(problems[0].contains("events.jsonl:1: records are one per line"));
    assert_eq!(store.snapshot(), before);
}

/// A store written by a newer gsef is read with a one-line warning, and never written.
#[test]
fn a_newer_store_is_read_with_a_warning() {
    let store = store();
    let manifest = store.read("gsef.json");
    let newer = manifest.replacen("\"version\": 1", "\"version\": 9", 1);
    assert_ne!(newer, manifest, "the manifest names its version");
    store.write("gsef.json", &newer);
    let before = store.snapshot();
    let report = store.gsef(&["report", "attendance"]).ok();
    let warnings: Vec<&str> = report.stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "{}", report.stderr);
    assert!(
        warnings[0].starts_with("warning: ")
            && warnings[0].contains("gsef.json: format version 9 is newer than this gsef's"),
        "{}",
        report.stderr
    );
    store.refuses(
        &["attend", EVENT, "mx-002"],
        1,
        "has format version 9, newer than this gsef's",
    );
    assert_eq!(store.snapshot(), before);
}

/// The same records as another tool writes them: keys in another order, a space after `,` and
/// `:`, non-ASCII escaped as `\uXXXX` (Python's `json.dumps`), give the same reports.
#[test]
fn a_store_written_by_another_tool_reports_the_same() {
    let gsef_written = store();
    let other = store();
    for file in COLLECTIONS {
        let rewritten: String = other
            .read(file)
            .lines()
            .map(|line| {
                let value: serde_json::Value = serde_json::from_str(line).unwrap();
                let object = value.as_object().unwrap();
                let members: Vec<String> = object
                    .iter()
                    .rev()
                    .map(|(key, value)| format!("\"{key}\": {}", escaped_like_python(value)))
                    .collect();
                format!("{{{}}}\n", members.join(", "))
            })
            .collect();
        other.write(file, &rewritten);
    }
    assert!(other.read("participants.jsonl").contains("P\\u00e9rez"));
    for args in [
        &[
            "report",
            "attendance",
            "--by",
            "sector,region",
            "--format",
            "csv",
        ][..],
        &["report", "events", "--format", "csv"],
        &["report", "trained", "--format", "csv"],
        &["participant", "list", "--all", "--format", "csv"],
    ] {
        assert_eq!(
            other.gsef(args).ok().stdout,
            gsef_written.gsef(args).ok().stdout,
            "{args:?}"
        );
    }
}

/// A JSON value with every character past ASCII escaped, as `json.dumps` writes it.
fn escaped_like_python(value: &serde_json::Value) -> String {
    let mut text = String::new();
    for character in value.to_string().chars() {
        if character.is_ascii() {
            text.push(character);
        } else {
            let mut units = [0u16; 2];
            for unit in character.encode_utf16(&mut units) {
                text.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    text
}
