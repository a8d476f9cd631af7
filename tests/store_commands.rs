//! The records store and the core CLI: init, series, events, objectives, participants, attendance.

use crate::util::TestStore;

/// A store with the Mexico workshop of the 2019 series and two participants.
fn store_with_workshop() -> TestStore {
    let store = TestStore::empty();
    store
        .gsef(&[
            "series",
            "add",
            "--id",
            "gsef-2019",
            "--title",
            "GSEF Training & Workshop Series 2019",
        ])
        .ok();
    store
        .gsef(&[
            "event",
            "add",
            "--id",
            "2019-11-mexico",
            "--series",
            "gsef-2019",
            "--title",
            "Workshop in Mexico",
            "--country",
            "MX",
            "--start",
            "2019-11-27",
            "--end",
            "2019-11-28",
            "--organizer",
            "INAES",
            "--organizer",
            "GSEF",
            "--invited",
            "111",
            "--objective",
            "Raise awareness",
            "--objective",
            "Exchange experiences",
        ])
        .ok();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "ana",
            "--name",
            "Ana Ruiz",
            "--sector",
            "government/municipal",
            "--country",
            "MX",
            "--region",
            "Jalisco",
        ])
        .ok();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "luc",
            "--name",
            "Luc Tremblay",
            "--sector",
            "sse/network",
            "--country",
            "CA",
            "--region",
            "Québec",
        ])
        .ok();
    store
}

#[test]
fn init_creates_an_empty_store_and_refuses_to_overwrite() {
    let store = TestStore::empty();
    let manifest: serde_json::Value = serde_json::from_str(&store.read("gsef.json")).unwrap();
    assert_eq!(manifest["format"], "gsef-records");
    assert_eq!(manifest["version"], 1);
    assert!(
        manifest["sectors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|sector| sector["id"] == "government/municipal")
    );
    for file in [
        "series.jsonl",
        "events.jsonl",
        "participants.jsonl",
        "attendance.jsonl",
    ] {
        assert_eq!(store.read(file), "", "{file} starts empty");
    }
    store.refuses(&["init"], 1, "already exists");
}

#[test]
fn a_command_without_a_store_says_how_to_make_one() {
    let store = TestStore::uninitialised();
    store
        .gsef(&["event", "list"])
        .fails(1, "no records store")
        .fails(1, "gsef init");
}

#[test]
fn event_add_list_show_round_trip_through_json() {
    let store = store_with_workshop();
    let events = store
        .gsef(&["event", "list", "--format", "json"])
        .ok()
        .json();
    assert_eq!(events[0]["id"], "2019-11-mexico");
    assert_eq!(events[0]["start"], "2019-11-27");
    assert_eq!(
        events[0]["organizers"],
        serde_json::json!(["INAES", "GSEF"])
    );
    assert_eq!(events[0]["objectives"][1], "Exchange experiences");
    let shown = store.gsef(&["event", "show", "2019-11-mexico"]).ok();
    assert!(
        shown.stdout.contains("27–28 November 2019"),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("1. Raise awareness"));
    assert!(shown.stdout.contains("Mexico (MX)"));
}

#[test]
fn participant_add_prints_only_the_new_id() {
    let store = TestStore::empty();
    let run = store
        .gsef(&[
            "participant",
            "add",
            "--name",
            "María José Pérez",
            "--sector",
            "academia",
        ])
        .ok();
    let id = run.stdout.trim();
    assert!(id.starts_with("p-") && id.len() == 8, "generated id {id:?}");
    assert_eq!(run.stdout, format!("{id}\n"));
    assert_eq!(
        store.lines("participants.jsonl")[0]["name"],
        "María José Pérez"
    );
}

#[test]
fn attend_twice_updates_instead_of_duplicating() {
    let store = store_with_workshop();
    store
        .gsef(&[
            "attend",
            "2019-11-mexico",
            "ana",
            "luc",
            "--day",
            "2019-11-27",
        ])
        .ok();
    store
        .gsef(&[
            "attend",
            "2019-11-mexico",
            "ana",
            "--day",
            "2019-11-28",
            "--role",
            "speaker",
        ])
        .ok();
    let records = store.lines("attendance.jsonl");
    assert_eq!(records.len(), 2);
    let ana = records
        .iter()
        .find(|record| record["participant"] == "ana")
        .unwrap();
    assert_eq!(ana["days"], serde_json::json!(["2019-11-27", "2019-11-28"]));
    assert_eq!(ana["role"], "speaker");
    assert_eq!(ana["status"], "attended");
}

#[test]
fn bad_input_is_refused_with_the_value_named_and_nothing_written() {
    let store = store_with_workshop();
    store.refuses(
        &["participant", "add", "--name", "X", "--sector", "banking"],
        1,
        "invalid sector `banking`",
    );
    store.refuses(
        &[
            "participant",
            "add",
            "--name",
            "X",
            "--sector",
            "academia",
            "--country",
            "XX",
        ],
        2,
        "ISO 3166-1",
    );
    store.refuses(
        &[
            "event", "add", "--id", "e1", "--title", "T", "--start", "2019-13",
        ],
        2,
        "no month 13",
    );
    store.refuses(
        &["event", "add", "--id", "2019-11-mexico", "--title", "T"],
        1,
        "event `2019-11-mexico` already exists",
    );
    store.refuses(
        &["event", "add", "--id", "a/b", "--title", "T"],
        2,
        "`/` is not allowed",
    );
    store.refuses(
        &["attend", "no-such-event", "ana"],
        1,
        "event `no-such-event` not found",
    );
    store.refuses(
        &["attend", "2019-11-mexico", "ana", "nobody"],
        1,
        "participant `nobody` not found",
    );
    store.refuses(
        &["attend", "2019-11-mexico", "ana", "--day", "2019-12-01"],
        1,
        "outside event",
    );
    store.refuses(
        &[
            "event",
            "add",
            "--id",
            "e2",
            "--title",
            "T",
            "--start",
            "2019-11-28",
            "--end",
            "2019-11-27",
        ],
        1,
        "ends before it starts",
    );
}

#[test]
fn a_malformed_record_file_is_named_with_its_line() {
    let store = store_with_workshop();
    let mut events = store.read("events.jsonl");
    events.push_str("{\"id\": \"broken\", \"title\": }\n");
    store.write("events.jsonl", &events);
    let run = store.gsef(&["event", "list"]).fails(1, "events.jsonl:2:");
    assert!(run.stdout.is_empty());
    store.refuses(
        &["event", "add", "--id", "e3", "--title", "T"],
        1,
        "events.jsonl:2:",
    );
    store.gsef(&["check"]).fails(1, "1 problem found");
}
