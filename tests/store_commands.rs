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

#[test]
fn series_add_list_show_edit_remove() {
    let store = TestStore::empty();
    store
        .gsef(&[
            "series",
            "add",
            "--id",
            "s1",
            "--title",
            "Series one",
            "--organizer",
            "GSEF",
        ])
        .ok();
    store.refuses(
        &["series", "add", "--id", "s1", "--title", "Again"],
        1,
        "series `s1` already exists",
    );
    let listed = store
        .gsef(&["series", "list", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        listed,
        serde_json::json!([{"id": "s1", "title": "Series one", "organizer": "GSEF"}])
    );
    store
        .gsef(&[
            "series",
            "edit",
            "s1",
            "--category",
            "Trainings",
            "--unset",
            "organizer",
        ])
        .ok();
    let shown = store
        .gsef(&["series", "show", "s1", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        shown,
        serde_json::json!({"id": "s1", "title": "Series one", "category": "Trainings"})
    );
    let csv = store.gsef(&["series", "list", "--format", "csv"]).ok();
    assert_eq!(
        csv.stdout,
        "id,title,organizer,category\ns1,Series one,,Trainings\n"
    );
    store.refuses(&["series", "show", "nope"], 1, "series `nope` not found");
    store.gsef(&["series", "remove", "s1"]).ok();
    assert_eq!(store.read("series.jsonl"), "");
}

#[test]
fn removing_a_referenced_record_needs_force_and_says_how_many_went() {
    let store = store_with_workshop();
    store.gsef(&["attend", "2019-11-mexico", "ana", "luc"]).ok();
    store.refuses(
        &["series", "remove", "gsef-2019"],
        1,
        "referenced by 1 event: 2019-11-mexico",
    );
    store.refuses(
        &["event", "remove", "2019-11-mexico"],
        1,
        "referenced by 2 attendance records",
    );
    store.refuses(
        &["participant", "remove", "ana"],
        1,
        "referenced by 1 attendance record",
    );
    store
        .gsef(&["participant", "remove", "ana", "--force"])
        .ok()
        .says("and 1 attendance record");
    assert_eq!(store.lines("attendance.jsonl").len(), 1);
    store
        .gsef(&["series", "remove", "gsef-2019", "--force"])
        .ok()
        .says("with 1 event and 1 attendance record");
    assert_eq!(store.read("events.jsonl"), "");
    assert_eq!(store.read("attendance.jsonl"), "");
    store.gsef(&["check"]).ok();
}

#[test]
fn event_edit_replaces_given_fields_and_unsets_others() {
    let store = store_with_workshop();
    store
        .gsef(&[
            "event",
            "edit",
            "2019-11-mexico",
            "--city",
            "Mexico City",
            "--organizer",
            "INAES",
            "--unset",
            "invited",
        ])
        .ok();
    let event = store
        .gsef(&["event", "show", "2019-11-mexico", "--format", "json"])
        .ok()
        .json();
    assert_eq!(event["city"], "Mexico City");
    assert_eq!(event["organizers"], serde_json::json!(["INAES"]));
    assert!(event.get("invited").is_none());
    assert_eq!(
        event["objectives"].as_array().unwrap().len(),
        2,
        "objectives untouched"
    );
    store.refuses(
        &["event", "edit", "2019-11-mexico", "--series", "missing"],
        1,
        "series `missing` not found",
    );
    store.refuses(
        &["event", "edit", "2019-11-mexico", "--end", "2019-10"],
        1,
        "ends before it starts",
    );
    store.refuses(
        &["event", "edit", "nope", "--city", "X"],
        1,
        "event `nope` not found",
    );
}

#[test]
fn event_list_filters_and_sorts_by_date() {
    let store = store_with_workshop();
    store
        .gsef(&[
            "event",
            "add",
            "--id",
            "dakar",
            "--title",
            "Dakar",
            "--country",
            "SN",
            "--start",
            "2019-05",
        ])
        .ok();
    store
        .gsef(&[
            "event", "add", "--id", "later", "--title", "Later", "--start", "2020-02",
        ])
        .ok();
    store
        .gsef(&["event", "add", "--id", "undated", "--title", "Undated"])
        .ok();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["event", "list", "--format", "json"];
        full.extend_from_slice(args);
        let listed = store.gsef(&full).ok().json();
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|event| event["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&[]), ["dakar", "2019-11-mexico", "later", "undated"]);
    assert_eq!(ids(&["--year", "2019"]), ["dakar", "2019-11-mexico"]);
    assert_eq!(ids(&["--country", "sn"]), ["dakar"]);
    assert_eq!(ids(&["--series", "gsef-2019"]), ["2019-11-mexico"]);
    let jsonl = store.gsef(&["event", "list", "--format", "jsonl"]).ok();
    assert_eq!(jsonl.stdout.lines().count(), 4);
}

#[test]
fn objectives_keep_their_order() {
    let store = store_with_workshop();
    store
        .gsef(&[
            "objective",
            "add",
            "2019-11-mexico",
            "Emphasize capacity development",
        ])
        .ok();
    store
        .gsef(&[
            "objective",
            "add",
            "2019-11-mexico",
            "First of all",
            "--at",
            "1",
        ])
        .ok();
    store
        .gsef(&[
            "objective",
            "edit",
            "2019-11-mexico",
            "3",
            "Exchange experiences, networking",
        ])
        .ok();
    store
        .gsef(&["objective", "remove", "2019-11-mexico", "2"])
        .ok();
    let listed = store
        .gsef(&["objective", "list", "2019-11-mexico", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        listed,
        serde_json::json!([
            {"number": 1, "text": "First of all"},
            {"number": 2, "text": "Exchange experiences, networking"},
            {"number": 3, "text": "Emphasize capacity development"},
        ])
    );
    store.refuses(
        &["objective", "remove", "2019-11-mexico", "4"],
        1,
        "expected 1 to 3",
    );
    store.refuses(
        &["objective", "add", "2019-11-mexico", "X", "--at", "5"],
        1,
        "expected 1 to 4",
    );
    store.refuses(
        &["objective", "add", "2019-11-mexico", "   "],
        2,
        "cannot be empty",
    );
    store.refuses(&["objective", "list", "nope"], 1, "event `nope` not found");
}

#[test]
fn participant_list_filters_edit_and_show() {
    let store = store_with_workshop();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "eva",
            "--name",
            "Eva Gil",
            "--sector",
            "government/state",
            "--country",
            "ES",
            "--region",
            "Castilla-La Mancha",
        ])
        .ok();
    store
        .gsef(&["attend", "2019-11-mexico", "ana", "--status", "registered"])
        .ok();
    let ids = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["participant", "list", "--all", "--format", "json"];
        full.extend_from_slice(args);
        let listed = store.gsef(&full).ok().json();
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|person| person["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&[]), ["ana", "eva", "luc"], "sorted by name");
    assert_eq!(
        ids(&["--sector", "government"]),
        ["ana", "eva"],
        "a parent sector includes its children"
    );
    assert_eq!(ids(&["--country", "ES"]), ["eva"]);
    assert_eq!(ids(&["--region", "québec"]), ["luc"]);
    assert_eq!(ids(&["--event", "2019-11-mexico"]), ["ana"]);
    store.refuses(
        &["participant", "list", "--sector", "nope"],
        1,
        "invalid sector `nope`",
    );

    store
        .gsef(&[
            "participant",
            "edit",
            "luc",
            "--email",
            "luc@example.org",
            "--unset",
            "region",
        ])
        .ok();
    let luc = store
        .gsef(&["participant", "show", "luc", "--format", "json"])
        .ok()
        .json();
    assert_eq!(luc["email"], "luc@example.org");
    assert!(luc.get("region").is_none());
    store.refuses(
        &["participant", "edit", "luc", "--email", "not-an-address"],
        1,
        "invalid email",
    );
    store.refuses(
        &["participant", "edit", "luc", "--sector", "municipal"],
        1,
        "did you mean government/municipal",
    );
    let table = store.gsef(&["participant", "show", "eva"]).ok();
    assert!(
        table.stdout.contains("Spain (ES)") && table.stdout.contains("Castilla-La Mancha"),
        "{}",
        table.stdout
    );
}

#[test]
fn attendance_list_and_remove() {
    let store = store_with_workshop();
    store.gsef(&["attend", "2019-11-mexico", "ana"]).ok();
    store
        .gsef(&["attend", "2019-11-mexico", "luc", "--status", "no-show"])
        .ok();
    let no_shows = store
        .gsef(&[
            "attendance",
            "list",
            "--status",
            "no-show",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(
        no_shows,
        serde_json::json!([{"event": "2019-11-mexico", "participant": "luc", "status": "no-show"}])
    );
    let csv = store
        .gsef(&[
            "attendance",
            "list",
            "--participant",
            "ana",
            "--format",
            "csv",
        ])
        .ok();
    assert_eq!(
        csv.stdout,
        "event,participant,status,role,days\n2019-11-mexico,ana,attended,,\n"
    );
    store
        .gsef(&["attendance", "remove", "2019-11-mexico", "luc"])
        .ok();
    store.refuses(
        &["attendance", "remove", "2019-11-mexico", "luc"],
        1,
        "attendance `2019-11-mexico luc` not found",
    );
    assert_eq!(store.lines("attendance.jsonl").len(), 1);
}

#[test]
fn attend_refuses_partial_days_and_unknown_statuses() {
    let store = store_with_workshop();
    store.refuses(
        &["attend", "2019-11-mexico", "ana", "--day", "2019-11"],
        1,
        "full date",
    );
    store.refuses(
        &["attend", "2019-11-mexico", "ana", "--status", "present"],
        2,
        "invalid value 'present'",
    );
    store.refuses(&["attend", "2019-11-mexico"], 2, "PARTICIPANTS");
}

#[test]
fn attend_reads_days_as_a_sign_in_sheet_writes_them() {
    let store = store_with_workshop();
    store
        .gsef(&[
            "attend",
            "2019-11-mexico",
            "ana",
            "--day",
            "27/11",
            "--day",
            "28 de noviembre",
        ])
        .ok();
    store
        .gsef(&["attend", "2019-11-mexico", "luc", "--day", "Day 2"])
        .ok();
    store
        .gsef(&[
            "attend",
            "2019-11-mexico",
            "luc",
            "--day",
            "11/27",
            "--date-order",
            "mdy",
        ])
        .ok();
    let records = store.lines("attendance.jsonl");
    let days_of = |participant: &str| {
        records
            .iter()
            .find(|record| record["participant"] == participant)
            .map(|record| record["days"].clone())
            .unwrap()
    };
    assert_eq!(
        days_of("ana"),
        serde_json::json!(["2019-11-27", "2019-11-28"])
    );
    assert_eq!(
        days_of("luc"),
        serde_json::json!(["2019-11-27", "2019-11-28"])
    );
}

#[test]
fn attend_refuses_a_day_it_cannot_read_in_one_line_naming_the_forms() {
    let store = store_with_workshop();
    let run = store.refuses(
        &["attend", "2019-11-mexico", "ana", "--day", "mañana"],
        1,
        "invalid day `mañana`: not a day; write it as 2019-11-27, 27/11, 27 Nov, 27 de noviembre",
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    store.refuses(
        &["attend", "2019-11-mexico", "ana", "--day", "1/12"],
        1,
        "invalid day `1/12`: 1 December 2019 is outside event `2019-11-mexico`'s dates",
    );
    store.refuses(
        &["attend", "2019-11-mexico", "ana", "--day", "Day 1 28/11"],
        1,
        "names two different days, 27 November 2019 and 28 November 2019",
    );
    store.refuses(
        &[
            "attend",
            "2019-11-mexico",
            "ana",
            "--day",
            "27/11",
            "--date-order",
            "mdy",
        ],
        1,
        "no such day read as month/day",
    );
    // A form that needs the event is read against it, so an unknown event is named first.
    store.refuses(
        &["attend", "no-such-event", "ana", "--day", "27/11"],
        1,
        "event `no-such-event` not found",
    );
    // Text that starts like YYYY-MM-DD is held to it, as before: a usage error.
    store.refuses(
        &["attend", "2019-11-mexico", "ana", "--day", "2019-13-01"],
        2,
        "no month 13",
    );
    store.refuses(
        &["attend", "2019-11-mexico", "ana", "--date-order", "ymd"],
        2,
        "[possible values: dmy, mdy]",
    );
}

#[test]
fn sector_list_shows_the_vocabulary() {
    let store = TestStore::empty();
    let sectors = store
        .gsef(&["sector", "list", "--format", "json"])
        .ok()
        .json();
    let ids: Vec<&str> = sectors
        .as_array()
        .unwrap()
        .iter()
        .map(|sector| sector["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"government/federal")
            && ids.contains(&"academia")
            && ids.contains(&"sse/mutual")
    );
}

#[test]
fn check_lists_every_problem_with_file_and_line() {
    let store = store_with_workshop();
    store.write(
        "attendance.jsonl",
        "{\"event\":\"2019-11-mexico\",\"participant\":\"ghost\",\"status\":\"attended\"}\n\
         {\"event\":\"2019-11-mexico\",\"participant\":\"ana\",\"status\":\"attended\",\"days\":[\"2019-12-01\"]}\n\
         {\"event\":\"2019-11-mexico\",\"participant\":\"ana\",\"status\":\"no-show\"}\n",
    );
    let mut participants = store.read("participants.jsonl");
    participants
        .push_str("{\"id\":\"zed\",\"name\":\"Zed\",\"sector\":\"banking\",\"country\":\"ZZ\"}\n");
    store.write("participants.jsonl", &participants);
    let run = store.gsef(&["check"]).fails(1, "5 problems found");
    for expected in [
        "attendance.jsonl:1: attendance names participant `ghost`, which does not exist",
        "attendance.jsonl:2: day 2019-12-01 is outside event `2019-11-mexico`'s dates",
        "attendance.jsonl:3: duplicate attendance `2019-11-mexico ana`, first on line 2",
        "participants.jsonl:3: invalid sector `banking`",
        "participants.jsonl:3: invalid country `ZZ`",
    ] {
        assert!(
            run.stdout.contains(expected),
            "missing {expected:?} in:\n{}",
            run.stdout
        );
    }
}

#[test]
fn unknown_fields_survive_a_rewrite() {
    let store = store_with_workshop();
    let participants = store.read("participants.jsonl").replacen(
        "\"name\":\"Luc Tremblay\"",
        "\"name\":\"Luc Tremblay\",\"x_future\":{\"badge\":[1,2]}",
        1,
    );
    store.write("participants.jsonl", &participants);
    store
        .gsef(&["participant", "edit", "ana", "--region", "Oaxaca"])
        .ok();
    let luc = store
        .lines("participants.jsonl")
        .into_iter()
        .find(|person| person["id"] == "luc")
        .unwrap();
    assert_eq!(luc["x_future"], serde_json::json!({"badge": [1, 2]}));
}

#[test]
fn a_store_from_a_newer_gsef_is_read_but_never_written() {
    let store = store_with_workshop();
    let manifest = store
        .read("gsef.json")
        .replace("\"version\": 1", "\"version\": 6");
    store.write("gsef.json", &manifest);
    store.gsef(&["event", "list"]).ok();
    store.refuses(
        &["participant", "add", "--name", "X", "--sector", "academia"],
        1,
        "format version 6",
    );
    store.refuses(
        &["event", "edit", "2019-11-mexico", "--city", "X"],
        1,
        "can be read but not written",
    );
}

/// Format 2 is what a person without a sector, minutes online and a rule of minutes need. A
/// store is raised to it by the change that first writes one of them, in the same transaction,
/// so an older gsef (which would stop at a missing sector) refuses to write, and never before:
/// a store that uses none of them stays readable and writable by older versions.
#[test]
fn a_store_is_raised_to_format_2_by_the_first_change_that_needs_it() {
    let store = store_with_workshop();
    let version = |store: &TestStore| {
        serde_json::from_str::<serde_json::Value>(&store.read("gsef.json")).unwrap()["version"]
            .clone()
    };
    assert_eq!(
        version(&store),
        1,
        "a new store and sectors recorded keep version 1"
    );
    let before = store.snapshot();
    store
        .gsef(&[
            "--dry-run",
            "participant",
            "add",
            "--id",
            "zoe",
            "--name",
            "Zoé",
        ])
        .ok()
        .says("would raise the store's format version in");
    assert_eq!(store.snapshot(), before, "a dry run raises nothing");

    store
        .gsef(&["participant", "add", "--id", "zoe", "--name", "Zoé"])
        .ok();
    assert_eq!(version(&store), 2);
    let zoe = store.lines("participants.jsonl").pop().unwrap();
    assert_eq!(zoe, serde_json::json!({"id": "zoe", "name": "Zoé"}));
    let manifest: serde_json::Value = serde_json::from_str(&store.read("gsef.json")).unwrap();
    assert_eq!(
        manifest["sectors"].as_array().unwrap().len(),
        15,
        "the rest is as it was"
    );

    store.gsef(&["attend", "2019-11-mexico", "zoe", "ana"]).ok();
    let report = store
        .gsef(&["report", "attendance", "--by", "sector", "--format", "csv"])
        .ok();
    // Scripts get an empty cell, as for any field not recorded; people read "(not recorded)".
    assert!(report.stdout.contains("\n,1,1\n"), "{}", report.stdout);
    let table = store.gsef(&["report", "attendance", "--by", "sector"]).ok();
    assert!(table.stdout.contains("(not recorded)"), "{}", table.stdout);
    store
        .gsef(&["participant", "edit", "zoe", "--sector", "academia"])
        .ok();
    store
        .gsef(&["participant", "edit", "zoe", "--unset", "sector"])
        .ok();
    assert_eq!(
        store.lines("participants.jsonl").pop().unwrap()["sector"],
        serde_json::Value::Null
    );
}

/// A rule of minutes is format 2 too, and `report trained` applies it to the minutes online.
#[test]
fn a_rule_of_minutes_raises_the_format_and_counts_the_minutes() {
    let store = store_with_workshop();
    store
        .gsef(&[
            "event",
            "edit",
            "2019-11-mexico",
            "--completion-min-minutes",
            "90",
        ])
        .ok();
    let manifest: serde_json::Value = serde_json::from_str(&store.read("gsef.json")).unwrap();
    assert_eq!(manifest["version"], 2);
    let attendance = "{\"event\":\"2019-11-mexico\",\"participant\":\"ana\",\"status\":\"attended\",\"minutes\":95}\n\
        {\"event\":\"2019-11-mexico\",\"participant\":\"luc\",\"status\":\"attended\",\"minutes\":89}\n";
    store.write("attendance.jsonl", attendance);
    let report = store
        .gsef(&["report", "trained", "--format", "json"])
        .ok()
        .json();
    assert_eq!(report["totals"]["attended"], 2, "{report}");
    assert_eq!(report["totals"]["trained"], 1, "{report}");
    let rule = &report["rules"][0];
    assert_eq!(rule["basis"], "minutes");
    assert_eq!(rule["required_minutes"], 90);
    assert_eq!(
        rule["note"],
        "the event's rule `min_minutes 90`: connected for at least 90 minutes"
    );
    store.gsef(&["check"]).ok();
}

#[test]
fn the_store_can_be_chosen_by_environment_variable() {
    let store = store_with_workshop();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gsef"))
        .args(["event", "list", "--format", "jsonl"])
        .env("GSEF_RECORDS", store.records())
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("2019-11-mexico")
    );
}

#[test]
fn concurrent_writers_lose_nothing() {
    let store = store_with_workshop();
    let writers: Vec<std::thread::JoinHandle<Vec<String>>> = (0..4)
        .map(|writer| {
            let records = store.records();
            std::thread::spawn(move || {
                (0..10)
                    .map(|n| {
                        let output = std::process::Command::new(env!("CARGO_BIN_EXE_gsef"))
                            .arg("--records")
                            .arg(&records)
                            .args([
                                "participant",
                                "add",
                                "--name",
                                &format!("Writer {writer} person {n}"),
                                "--sector",
                                "other",
                            ])
                            .output()
                            .unwrap();
                        assert!(
                            output.status.success(),
                            "{}",
                            String::from_utf8_lossy(&output.stderr)
                        );
                        String::from_utf8(output.stdout).unwrap().trim().to_string()
                    })
                    .collect()
            })
        })
        .collect();
    let mut acknowledged: Vec<String> = writers
        .into_iter()
        .flat_map(|writer| writer.join().unwrap())
        .collect();
    acknowledged.sort();
    let mut stored: Vec<String> = store
        .lines("participants.jsonl")
        .iter()
        .map(|person| person["id"].as_str().unwrap().to_string())
        .filter(|id| id != "ana" && id != "luc")
        .collect();
    stored.sort();
    assert_eq!(
        stored, acknowledged,
        "every acknowledged id is stored, exactly once"
    );
    assert_eq!(stored.len(), 40);
    store.gsef(&["check"]).ok();
}

#[test]
fn help_has_examples_and_version_works() {
    let store = TestStore::empty();
    assert!(store.gsef(&["--help"]).ok().stdout.contains("Examples:"));
    assert!(
        store
            .gsef(&["event", "add", "--help"])
            .ok()
            .stdout
            .contains("--objective")
    );
    assert!(store.gsef(&["--version"]).ok().stdout.starts_with("gsef "));
    store
        .gsef(&["evnt", "list"])
        .fails(2, "unrecognized subcommand");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let store = store_with_workshop();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gsef"))
        .arg("--records")
        .arg(store.records())
        .args(["participant", "list", "--all", "--format", "jsonl"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn dry_run_checks_everything_and_writes_nothing() {
    let store = store_with_workshop();
    let before = store.snapshot();
    let added = store
        .gsef(&[
            "--dry-run",
            "participant",
            "add",
            "--id",
            "eva",
            "--name",
            "Eva",
            "--sector",
            "academia",
        ])
        .ok()
        .says("dry run, nothing written: added participant `eva`")
        .says("would append 1 participant to");
    assert_eq!(added.stdout, "eva\n", "the id it would have created");
    store
        .gsef(&["event", "remove", "2019-11-mexico", "--force", "--dry-run"])
        .ok()
        .says("would rewrite");
    store
        .gsef(&["--dry-run", "objective", "remove", "2019-11-mexico", "1"])
        .ok()
        .says("dry run");
    store
        .gsef(&["--dry-run", "attend", "2019-11-mexico", "ana"])
        .ok()
        .says("would append 1 attendance");
    assert_eq!(
        store.snapshot(),
        before,
        "a dry run leaves every file as it was"
    );
    // A dry run still refuses what the real run would refuse.
    store.refuses(
        &["--dry-run", "attend", "2019-11-mexico", "nobody"],
        1,
        "participant `nobody` not found",
    );

    let fresh = TestStore::uninitialised();
    fresh
        .gsef(&["--dry-run", "init"])
        .ok()
        .says("would create an empty records store");
    assert!(!fresh.records().exists());
}

#[test]
fn dry_run_writes_no_output_file_either() {
    let store = store_with_workshop();
    store.gsef(&["attend", "2019-11-mexico", "ana", "luc"]).ok();
    let report = store.dir.path().join("report.csv");
    let export = store.dir.path().join("people.json");
    let pages = store.dir.path().join("man");
    store
        .gsef(&[
            "--dry-run",
            "report",
            "attendance",
            "--format",
            "csv",
            "--output",
            report.to_str().unwrap(),
        ])
        .ok()
        .says("would write the attendance report to");
    store
        .gsef(&[
            "--dry-run",
            "export",
            "participants",
            "--all",
            "--format",
            "json",
            "--output",
            export.to_str().unwrap(),
        ])
        .ok()
        .says("would write the participants export to");
    store
        .gsef(&["--dry-run", "manpage", "--dir", pages.to_str().unwrap()])
        .ok()
        .says("would write the manual pages");
    assert!(!report.exists() && !export.exists() && !pages.exists());
    // Without --dry-run the same export is written whole.
    store
        .gsef(&[
            "export",
            "participants",
            "--all",
            "--format",
            "json",
            "--output",
            export.to_str().unwrap(),
        ])
        .ok()
        .says("wrote the participants export to");
    let people: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    assert_eq!(people.as_array().unwrap().len(), 2);
}

#[test]
fn attend_names_each_person_once_however_often_given() {
    let store = store_with_workshop();
    store
        .gsef(&["attend", "2019-11-mexico", "ana", "luc", "ana"])
        .ok()
        .says("2 new, 0 updated");
    assert_eq!(store.lines("attendance.jsonl").len(), 2);
    store
        .gsef(&[
            "attend",
            "2019-11-mexico",
            "luc",
            "ana",
            "luc",
            "--status",
            "no-show",
        ])
        .ok()
        .says("0 new, 2 updated");
    assert_eq!(store.lines("attendance.jsonl").len(), 2);
}

/// A command that changes two collections is all or nothing even when its second change is
/// refused before it is written: here a merge moves attendance, then the kept person's record
/// (holding both long names in its merge history) would exceed the longest line a record may
/// take. Before the writer staged its changes, the attendance was already rewritten by then.
#[test]
fn a_refused_second_change_leaves_the_first_unwritten() {
    let store = store_with_workshop();
    let long_name = |letter: &str| letter.repeat(600 * 1024);
    // Written directly: an import refuses a field this long.
    let people = format!(
        "{}{{\"id\":\"keep\",\"name\":\"{}\",\"sector\":\"sse\"}}\n{{\"id\":\"drop\",\"name\":\"{}\",\"sector\":\"sse\"}}\n",
        store.read("participants.jsonl"),
        long_name("k"),
        long_name("d")
    );
    store.write("participants.jsonl", &people);
    store.gsef(&["attend", "2019-11-mexico", "drop"]).ok();
    store.refuses(&["participant", "merge", "keep", "drop"], 1, "would take");
    assert_eq!(store.lines("attendance.jsonl")[0]["participant"], "drop");
}

/// Gender goes through the store's vocabulary: how a person typed it becomes its term, an
/// answer no term knows is refused with those it would take, and a store adds terms of its own
/// in its manifest.
#[test]
fn gender_is_read_through_the_vocabulary_the_store_can_extend() {
    let store = store_with_workshop();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "ines",
            "--name",
            "Inés",
            "--gender",
            "Mujer",
        ])
        .ok();
    store
        .gsef(&["participant", "edit", "luc", "--gender", "Homme"])
        .ok();
    let gender_of = |store: &TestStore, id: &str| {
        store
            .lines("participants.jsonl")
            .into_iter()
            .find(|person| person["id"] == id)
            .unwrap()["gender"]
            .clone()
    };
    assert_eq!(gender_of(&store, "ines"), "woman");
    assert_eq!(gender_of(&store, "luc"), "man");
    store
        .refuses(
            &["participant", "add", "--name", "Sam", "--gender", "Two Spirit"],
            1,
            "invalid gender `Two Spirit`: not a gender this store knows; it takes woman (Woman, women, female, f); man (",
        )
        .says("under `genders` in gsef.json");
    let mut manifest: serde_json::Value = serde_json::from_str(&store.read("gsef.json")).unwrap();
    manifest["genders"] = serde_json::json!([
        {"id": "two-spirit", "label": "Two-spirit"},
        {"id": "woman", "synonyms": ["Dame"]}
    ]);
    store.write(
        "gsef.json",
        &serde_json::to_string_pretty(&manifest).unwrap(),
    );
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "sam",
            "--name",
            "Sam",
            "--gender",
            "Two Spirit",
        ])
        .ok();
    store
        .gsef(&["participant", "edit", "ines", "--gender", "dame"])
        .ok();
    assert_eq!(gender_of(&store, "sam"), "two-spirit");
    assert_eq!(gender_of(&store, "ines"), "woman");
    manifest["consent_answers"] = serde_json::json!([{"id": "maybe"}]);
    store.write(
        "gsef.json",
        &serde_json::to_string_pretty(&manifest).unwrap(),
    );
    store.refuses(
        &["participant", "list"],
        1,
        "consent_answers: `maybe` is not a consent; the consents are list, aggregate and none",
    );
}
