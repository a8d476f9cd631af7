//! Donor-ready reporting (issue 8): people trained without double counting, completion rules,
//! provenance and `report verify`, consent, `participant forget`, explainable duplicates and
//! merge history, on the hand-worked store in `tests/fixtures/donor/`.
//!
//! The fixture, worked out by hand:
//!
//! | event | series (rule) | own rule | days | attended (days present) |
//! |---|---|---|---|---|
//! | a-1, 2019-05 | s-a (min_days 1) | — | none listed | ana, ben, cai, fer; dia no-show |
//! | a-2, 2019-08-10..11 | s-a | min_days 2 | 2 | ana (2), ben (1), eli (2), jo (1); dia registered |
//! | b-1, 2019-10-01..03 | s-b (min_share 0.5 → 2 of 3) | — | 3 | ana (3), cai (1), eli (2), ben (none), gus (2) |
//!
//! a-1 lists no days, so status `attended` counts there: ana, ben, cai, fer complete it.
//! a-2 needs 2 days: ana, eli complete it; ben and jo (one day each) do not.
//! b-1 needs 2 of 3 days: ana, eli, gus complete it; cai (1 day) and ben (no days) do not.
//!
//! Sectors: ana government/municipal, ben sse/cooperative, cai academia, dia sse/cooperative,
//! eli government/state, fer and gus sse/association, hal and ivy other, jo private.
//! Consent: list for ana, eli, fer, hal, jo; aggregate ben; none cai; not recorded dia, gus, ivy.

use serde_json::json;

use crate::util::TestStore;

fn store() -> TestStore {
    TestStore::fixture("donor")
}

/// The rows of a JSON report as (first column value, attended, trained).
fn rows(report: &serde_json::Value, dimension: &str) -> Vec<(String, u64, u64)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row[dimension].as_str().unwrap_or("").to_string(),
                row["attended"].as_u64().unwrap(),
                row["trained"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_person_at_several_events_is_trained_once() {
    let store = store();
    let report = store
        .gsef(&[
            "report", "trained", "--by", "sector", "--depth", "1", "--format", "json",
        ])
        .ok()
        .json();
    // Attended anything: ana, ben, cai, eli, fer, gus, jo = 7 (dia only no-show/registered).
    // Trained: ana (a-1, a-2 and b-1, counted once), ben (a-1), cai (a-1), eli, fer, gus = 6;
    // jo came one day of a-2's two and nothing else.
    // academia: cai 1/1; government: ana, eli 2/2; private: jo 1/0; sse: ben, fer, gus 3/3.
    assert_eq!(
        rows(&report, "sector"),
        vec![
            ("academia".into(), 1, 1),
            ("government".into(), 2, 2),
            ("private".into(), 1, 0),
            ("sse".into(), 3, 3),
        ]
    );
    assert_eq!(report["totals"], json!({"attended": 7, "trained": 6}));
}

#[test]
fn one_day_at_a_two_day_workshop_is_not_trained() {
    let store = store();
    let report = store
        .gsef(&[
            "report", "trained", "--event", "a-2", "--by", "sector", "--format", "json",
        ])
        .ok()
        .json();
    // a-2: ana and eli were there both days; ben and jo one day each.
    assert_eq!(
        rows(&report, "sector"),
        vec![
            ("government/municipal".into(), 1, 1),
            ("government/state".into(), 1, 1),
            ("private".into(), 1, 0),
            ("sse/cooperative".into(), 1, 0),
        ]
    );
    assert_eq!(report["totals"], json!({"attended": 4, "trained": 2}));
    assert_eq!(
        report["rules"],
        json!([{
            "event": "a-2", "rule": {"min_days": 2}, "rule_from": "event", "basis": "days",
            "required_days": 2,
            "note": "the event's rule `min_days 2`: present on at least 2 days of 2",
            "attended": 4, "completed": 2,
        }])
    );
}

#[test]
fn the_rules_say_which_rule_applied_and_where_status_stood_in() {
    let store = store();
    let report = store
        .gsef(&["report", "trained", "--by", "series", "--format", "json"])
        .ok()
        .json();
    let rules = report["rules"].as_array().unwrap();
    let summary: Vec<(&str, &serde_json::Value, &str, &serde_json::Value, u64, u64)> = rules
        .iter()
        .map(|rule| {
            (
                rule["event"].as_str().unwrap(),
                &rule["rule"],
                rule["basis"].as_str().unwrap(),
                &rule["required_days"],
                rule["attended"].as_u64().unwrap(),
                rule["completed"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("a-1", &json!({"min_days": 1}), "status", &json!(null), 4, 4),
            ("a-2", &json!({"min_days": 2}), "days", &json!(2), 4, 2),
            ("b-1", &json!({"min_share": 0.5}), "days", &json!(2), 5, 3),
        ]
    );
    assert!(
        rules[0]["note"]
            .as_str()
            .unwrap()
            .contains("no attendance lists days: status `attended` counts"),
        "{}",
        rules[0]
    );
    // A table shows the same statement under it.
    let table = store.gsef(&["report", "trained", "--by", "series"]).ok();
    assert!(
        table.stdout.contains("Completion rules:"),
        "{}",
        table.stdout
    );
    assert!(
        table
            .stdout
            .contains("b-1: the series' rule `min_share 0.5`: present on at least 2 days of 3 (3 of 5 who attended completed it)"),
        "{}",
        table.stdout
    );
    // CSV keeps stdout to rows; the rules go to stderr.
    let csv = store
        .gsef(&["report", "trained", "--by", "series", "--format", "csv"])
        .ok();
    assert_eq!(csv.stdout, "series,attended,trained\ns-a,6,5\ns-b,5,3\n");
    assert!(csv.stderr.contains("Completion rules:"), "{}", csv.stderr);
}

#[test]
fn per_series_and_per_topic_count_a_person_once_in_each() {
    let store = store();
    let per_series = store
        .gsef(&[
            "report", "trained", "--per", "series", "--by", "series", "--format", "json",
        ])
        .ok()
        .json();
    // s-a (a-1, a-2): attended ana, ben, cai, fer, eli, jo = 6; trained all but jo = 5.
    // s-b (b-1): attended ana, cai, eli, ben, gus = 5; trained ana, eli, gus = 3.
    // ana, ben, cai and eli count once in each series: 11 attended, 8 trained.
    assert_eq!(
        rows(&per_series, "series"),
        vec![("s-a".into(), 6, 5), ("s-b".into(), 5, 3)]
    );
    assert_eq!(per_series["totals"], json!({"attended": 11, "trained": 8}));
    assert_eq!(per_series["filters"]["per"], "series");

    let per_topic = store
        .gsef(&[
            "report", "trained", "--per", "topic", "--by", "sector", "--depth", "1", "--format",
            "json",
        ])
        .ok()
        .json();
    // SSE policy (a-1): ana, ben, cai, fer, all trained. Cooperatives (a-2, b-1): ana ✓, ben ✗,
    // eli ✓, jo ✗, cai ✗, gus ✓. academia: cai twice, trained once = 2/1; government: ana
    // twice, eli = 3/3; private: jo 1/0; sse: ben twice (trained in policy only), fer, gus = 4/3.
    assert_eq!(
        rows(&per_topic, "sector"),
        vec![
            ("academia".into(), 2, 1),
            ("government".into(), 3, 3),
            ("private".into(), 1, 0),
            ("sse".into(), 4, 3),
        ]
    );
    assert_eq!(per_topic["totals"], json!({"attended": 10, "trained": 7}));
}

#[test]
fn json_reports_carry_their_provenance() {
    let store = store();
    let report = store
        .gsef(&["report", "trained", "--series", "s-b", "--format", "json"])
        .ok()
        .json();
    let provenance = &report["provenance"];
    assert_eq!(provenance["gsef_version"], env!("CARGO_PKG_VERSION"));
    let hash = provenance["store_hash"].as_str().unwrap();
    assert!(
        hash.starts_with("sha256:") && hash.len() == 7 + 64,
        "{hash}"
    );
    let command: Vec<&str> = provenance["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|word| word.as_str().unwrap())
        .collect();
    assert_eq!(command[0], "gsef");
    assert!(command.ends_with(&["report", "trained", "--series", "s-b", "--format", "json"]));
    assert_eq!(
        provenance["filters"],
        json!({"series": "s-b", "per": "person"})
    );
    let time = provenance["generated_at"].as_str().unwrap();
    assert!(
        time.len() == 20 && time.ends_with('Z') && &time[10..11] == "T",
        "{time}"
    );
    // The same store hashes the same; a changed one does not.
    let again = store
        .gsef(&["report", "trained", "--format", "json"])
        .ok()
        .json();
    assert_eq!(again["provenance"]["store_hash"], hash);
    store
        .gsef(&["participant", "edit", "jo", "--region", "Oaxaca"])
        .ok();
    let changed = store
        .gsef(&["report", "trained", "--format", "json"])
        .ok()
        .json();
    assert_ne!(changed["provenance"]["store_hash"], hash);

    // Other reports add it when asked, in JSON and under a table.
    let attendance = store
        .gsef(&["report", "attendance", "--format", "json", "--provenance"])
        .ok()
        .json();
    assert_eq!(
        attendance["provenance"]["store_hash"],
        changed["provenance"]["store_hash"]
    );
    let table = store.gsef(&["report", "events", "--provenance"]).ok();
    assert!(
        table.stdout.contains("Provenance:\n  Made by gsef"),
        "{}",
        table.stdout
    );
    let plain = store
        .gsef(&["report", "attendance", "--format", "json"])
        .ok()
        .json();
    assert!(plain.get("provenance").is_none());
}

#[test]
fn verify_passes_on_an_unchanged_store_and_names_what_changed() {
    let store = store();
    let saved = store.dir.path().join("trained.json");
    let saved = saved.to_str().unwrap();
    store
        .gsef(&[
            "report", "trained", "--by", "sector", "--depth", "1", "--format", "json", "--output",
            saved,
        ])
        .ok();
    store
        .gsef(&["report", "verify", saved])
        .ok()
        .says("same numbers as when it was made")
        .says("the store is unchanged");

    // A change that moves no number passes, saying the store changed.
    store
        .gsef(&["participant", "edit", "hal", "--region", "Seoul"])
        .ok();
    store
        .gsef(&["report", "verify", saved])
        .ok()
        .says("same numbers")
        .says("the store has changed since");

    // jo attends b-1 for two days: jo is now trained (private 1/0 → 1/1, total 7/6 → 7/7), and
    // b-1 has one more attended and completed (5/3 → 6/4).
    store
        .gsef(&[
            "attend",
            "b-1",
            "jo",
            "--day",
            "2019-10-01",
            "--day",
            "2019-10-02",
        ])
        .ok();
    let run = store
        .refuses(
            &["report", "verify", saved],
            1,
            "no longer gives the same numbers",
        )
        .stderr;
    assert!(run.contains("row sector=private: trained 0 → 1"), "{run}");
    assert!(run.contains("totals: trained 6 → 7"), "{run}");
    assert!(
        run.contains("completion at event b-1: attended 5 → 6, completed 3 → 4"),
        "{run}"
    );
}

#[test]
fn verify_refuses_a_file_it_cannot_rerun() {
    let store = store();
    let path = store.dir.path().join("plain.json");
    let report = store
        .gsef(&["report", "attendance", "--format", "json"])
        .ok();
    std::fs::write(&path, report.stdout).unwrap();
    store.refuses(
        &["report", "verify", path.to_str().unwrap()],
        1,
        "has no provenance to re-run",
    );
    std::fs::write(&path, "rows,attended\n").unwrap();
    store.refuses(
        &["report", "verify", path.to_str().unwrap()],
        1,
        "not a JSON report",
    );
    store.refuses(&["report", "verify", "missing.json"], 1, "missing.json");
}

#[test]
fn completion_rules_are_set_checked_and_cleared() {
    let store = store();
    store
        .gsef(&["event", "edit", "b-1", "--completion-min-days", "3"])
        .ok();
    assert_eq!(
        store.lines("events.jsonl")[2]["completion"],
        json!({"min_days": 3})
    );
    store
        .gsef(&["series", "edit", "s-a", "--completion-min-share", "0.75"])
        .ok();
    assert_eq!(
        store.lines("series.jsonl")[0]["completion"],
        json!({"min_share": 0.75})
    );
    store.refuses(
        &["event", "edit", "b-1", "--completion-min-share", "1.5"],
        2,
        "expected a share above 0 and at most 1",
    );
    store.refuses(
        &["event", "edit", "b-1", "--completion-min-days", "0"],
        2,
        "--completion-min-days",
    );
    store.refuses(
        &[
            "event",
            "edit",
            "b-1",
            "--completion-min-days",
            "2",
            "--completion-min-share",
            "0.5",
        ],
        2,
        "cannot be used with",
    );
    store
        .gsef(&["event", "edit", "b-1", "--unset", "completion"])
        .ok();
    assert!(store.lines("events.jsonl")[2].get("completion").is_none());
    store
        .gsef(&[
            "event",
            "add",
            "--id",
            "c-1",
            "--title",
            "New",
            "--completion-min-days",
            "2",
        ])
        .ok();
    assert_eq!(
        store.lines("events.jsonl")[3]["completion"],
        json!({"min_days": 2})
    );

    // A rule written by hand that nobody could meet is a data error, with file and line.
    let mut events = store.read("events.jsonl");
    events = events.replace(
        r#""completion":{"min_days":2}"#,
        r#""completion":{"min_share":0}"#,
    );
    store.write("events.jsonl", &events);
    // a-2 and c-1 both had min_days 2, so both lines are named.
    let check = store.gsef(&["check"]).fails(1, "2 problems found");
    for line in [2, 4] {
        assert!(
            check.stdout.contains(&format!(
                "events.jsonl:{line}: invalid completion `min_share 0`"
            )),
            "{}",
            check.stdout
        );
    }
}

/// Ids in the order a JSON list gave them.
fn ids(listed: &serde_json::Value) -> Vec<&str> {
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|person| person["id"].as_str().unwrap())
        .collect()
}

#[test]
fn lists_and_exports_leave_out_people_who_did_not_consent() {
    let store = store();
    // Consent `list`: ana, eli, fer, hal, jo; withheld: ben (aggregate), cai (none), and dia,
    // gus, ivy (not recorded).
    let listed = store
        .gsef(&["participant", "list", "--format", "json"])
        .ok()
        .says("withheld 5 participants who did not consent to be listed");
    // By name: Ana Ortega, Ana Ruiz, Eli Okello, Hal Kim, Jo Lee.
    assert_eq!(ids(&listed.json()), ["ana", "fer", "eli", "hal", "jo"]);
    let everyone = store
        .gsef(&["participant", "list", "--all", "--format", "json"])
        .ok();
    assert_eq!(everyone.json().as_array().unwrap().len(), 10);
    assert!(!everyone.stderr.contains("withheld"), "{}", everyone.stderr);
    // Filters first, then consent: at a-2 ana, ben, eli, dia, jo have records; ben and dia are
    // withheld.
    let at_a2 = store
        .gsef(&["participant", "list", "--event", "a-2", "--format", "json"])
        .ok()
        .says("withheld 2 participants");
    assert_eq!(ids(&at_a2.json()), ["ana", "eli", "jo"]);

    let exported = store
        .gsef(&["export", "participants", "--format", "json"])
        .ok()
        .says("withheld 5 participants");
    assert_eq!(ids(&exported.json()), ["ana", "eli", "fer", "hal", "jo"]);
    let backup = store
        .gsef(&["export", "participants", "--all", "--format", "jsonl"])
        .ok();
    assert_eq!(backup.stdout, store.read("participants.jsonl"));
    // Counting is not listing: aggregate reports count everyone.
    let report = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "status",
            "--status",
            "all",
            "--format",
            "json",
        ])
        .ok()
        .json();
    // 15 attendance records of 8 people (hal and ivy have none).
    assert_eq!(report["totals"]["participants"], 8);
}

#[test]
fn consent_is_set_and_cleared_by_add_and_edit() {
    let store = store();
    let id = store
        .gsef(&[
            "participant",
            "add",
            "--name",
            "Kim Sato",
            "--sector",
            "other",
            "--consent",
            "aggregate",
        ])
        .ok()
        .stdout;
    let id = id.trim();
    let record = |id: &str| {
        store
            .lines("participants.jsonl")
            .into_iter()
            .find(|person| person["id"] == id)
            .unwrap()
    };
    assert_eq!(record(id)["consent"], "aggregate");
    store
        .gsef(&["participant", "edit", "dia", "--consent", "list"])
        .ok();
    assert_eq!(record("dia")["consent"], "list");
    store
        .gsef(&["participant", "edit", "dia", "--unset", "consent"])
        .ok();
    assert!(record("dia").get("consent").is_none());
    store.refuses(
        &["participant", "edit", "dia", "--consent", "maybe"],
        2,
        "invalid value 'maybe' for '--consent",
    );
}

#[test]
fn forget_removes_personal_fields_and_keeps_the_counts() {
    let store = store();
    let before = store
        .gsef(&["report", "trained", "--by", "sector", "--format", "json"])
        .ok()
        .json();
    store
        .gsef(&["participant", "forget", "ana"])
        .ok()
        .says("forgot participant `ana`: removed name, organization, email, gender; kept sector, country, region and 3 attendance records");
    let ana = store.lines("participants.jsonl")[0].clone();
    assert_eq!(
        ana,
        json!({
            "id": "ana", "name": "Forgotten participant", "sector": "government/municipal",
            "country": "MX", "region": "Jalisco", "consent": "none", "forgotten": true,
        })
    );
    assert_eq!(
        store
            .lines("attendance.jsonl")
            .iter()
            .filter(|r| r["participant"] == "ana")
            .count(),
        3
    );
    let after = store
        .gsef(&["report", "trained", "--by", "sector", "--format", "json"])
        .ok()
        .json();
    assert_eq!(after["rows"], before["rows"]);
    assert_eq!(after["totals"], before["totals"]);
    // No longer listed, and forgetting again changes nothing.
    let listed = store
        .gsef(&["participant", "list", "--format", "json"])
        .ok()
        .json();
    assert!(!ids(&listed).contains(&"ana"));
    let snapshot = store.snapshot();
    store
        .gsef(&["participant", "forget", "ana"])
        .ok()
        .says("already forgotten");
    assert_eq!(store.snapshot(), snapshot);
    store.refuses(
        &["participant", "forget", "nobody"],
        1,
        "participant `nobody` not found",
    );
    store.refuses(&["participant", "forget", "../x"], 2, "invalid value");
}

#[test]
fn a_dry_run_forget_writes_nothing() {
    let store = store();
    let snapshot = store.snapshot();
    store
        .gsef(&["--dry-run", "participant", "forget", "eli"])
        .ok()
        .says("dry run, nothing written: forgot participant `eli`");
    assert_eq!(store.snapshot(), snapshot);
}

#[test]
fn duplicates_show_every_reason() {
    let store = store();
    // --all: these people's consent is not recorded, so their names are otherwise withheld
    // (security.rs tests that).
    let pairs = store
        .gsef(&["participant", "duplicates", "--all", "--format", "json"])
        .ok()
        .json();
    // fer "Ana Ruiz" and gus "ANA RUÍZ" share the name (ignoring case and accents) and the
    // organization (INAES / inaes); hal and ivy share an email in different case. ana and fer
    // share only INAES, which pairs nobody.
    assert_eq!(
        pairs,
        json!([
            {"first": "fer", "first_name": "Ana Ruiz", "second": "gus", "second_name": "ANA RUÍZ",
             "reason": "same name `ana ruiz`; same organization `inaes`"},
            {"first": "hal", "first_name": "Hal Kim", "second": "ivy", "second_name": "Ivy Kim",
             "reason": "same email `hal@example.org`"},
        ])
    );
    // A forgotten record has nothing left to compare.
    store.gsef(&["participant", "forget", "ivy"]).ok();
    let pairs = store
        .gsef(&["participant", "duplicates", "--all", "--format", "json"])
        .ok()
        .json();
    assert_eq!(pairs.as_array().unwrap().len(), 1);
}

#[test]
fn merge_records_what_it_folded() {
    let store = store();
    // Before: fer (a-1) and gus (b-1) are two sse/association people, both trained.
    let before = store
        .gsef(&["report", "trained", "--by", "sector", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        before["rows"][4],
        json!({"sector": "sse/association", "attended": 2, "trained": 2})
    );
    store
        .gsef(&["participant", "merge", "fer", "gus"])
        .ok()
        .says("took region, gender; recorded in `fer`'s merge history");
    let fer = store
        .gsef(&["participant", "show", "fer", "--format", "json"])
        .ok()
        .json();
    let history = fer["merged"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    let at = history[0]["at"].as_str().unwrap();
    assert!(at.len() == 20 && at.ends_with('Z'), "{at}");
    assert_eq!(
        history[0],
        json!({"id": "gus", "name": "ANA RUÍZ", "at": at, "took": ["region", "gender"], "moved": 1})
    );
    // fer took gus's region and gender; gus's b-1 attendance is now fer's.
    assert_eq!(
        (fer["region"].as_str(), fer["gender"].as_str()),
        (Some("Oaxaca"), Some("female"))
    );
    // After: one person, at a-1 and b-1, counted once.
    let after = store
        .gsef(&["report", "trained", "--by", "sector", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        after["rows"][4],
        json!({"sector": "sse/association", "attended": 1, "trained": 1})
    );
    assert_eq!(after["totals"], json!({"attended": 6, "trained": 5}));

    // A second merge keeps the first in the history, and a merged history survives forget
    // without the names.
    store.gsef(&["participant", "merge", "fer", "ana"]).ok();
    store.gsef(&["participant", "forget", "fer"]).ok();
    let fer = store
        .gsef(&["participant", "show", "fer", "--format", "json"])
        .ok()
        .json();
    let ids_and_names: Vec<(&str, bool)> = fer["merged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| (entry["id"].as_str().unwrap(), entry.get("name").is_some()))
        .collect();
    assert_eq!(ids_and_names, [("gus", false), ("ana", false)]);
}

#[test]
fn trained_refuses_bad_filters_and_options() {
    let store = store();
    store.refuses(
        &["report", "trained", "--series", "s-z"],
        1,
        "series `s-z` not found",
    );
    store.refuses(
        &["report", "trained", "--event", "z-9"],
        1,
        "event `z-9` not found",
    );
    store.refuses(
        &["report", "trained", "--per", "year"],
        2,
        "invalid value 'year' for '--per",
    );
    store.refuses(&["report", "trained", "--by", "sector,sector"], 2, "--by");
    store.refuses(
        &["report", "trained", "--min-count", "1"],
        2,
        "must be 2 or more",
    );
}

#[test]
fn min_count_hides_small_counts_and_the_counts_behind_the_rules() {
    let store = store();
    let report = store
        .gsef(&[
            "report",
            "trained",
            "--by",
            "sector",
            "--depth",
            "1",
            "--min-count",
            "3",
            "--format",
            "json",
        ])
        .ok()
        .json();
    // academia 1/1, government 2/2, private 1/0, sse 3/3, total 7/6: every count from 1 to 2 is
    // hidden (null); the rules keep what applied but not how many completed.
    assert_eq!(
        report["rows"][3],
        json!({"sector": "sse", "attended": 3, "trained": 3})
    );
    assert_eq!(
        report["rows"][0],
        json!({"sector": "academia", "attended": null, "trained": null})
    );
    for rule in report["rules"].as_array().unwrap() {
        assert!(
            rule.get("attended").is_none() && rule.get("completed").is_none(),
            "{rule}"
        );
    }
}

#[test]
fn show_tells_the_rule_the_consent_and_the_merges() {
    let store = store();
    let event = store.gsef(&["event", "show", "a-2"]).ok().stdout;
    assert!(
        event.contains("Completion") && event.contains("min_days 2"),
        "{event}"
    );
    store.gsef(&["participant", "merge", "fer", "gus"]).ok();
    let fer = store.gsef(&["participant", "show", "fer"]).ok().stdout;
    assert!(fer.contains("Consent") && fer.contains("list"), "{fer}");
    assert!(fer.contains("gus (ANA RUÍZ) on 20"), "{fer}");
    let dia = store.gsef(&["participant", "show", "dia"]).ok().stdout;
    assert!(dia.contains("not recorded"), "{dia}");
}

#[test]
fn other_reports_made_with_provenance_can_be_verified() {
    let store = store();
    let saved = store.dir.path().join("by-country.json");
    let saved = saved.to_str().unwrap();
    store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "country",
            "--format",
            "json",
            "--provenance",
            "--output",
            saved,
        ])
        .ok();
    store
        .gsef(&["report", "verify", saved])
        .ok()
        .says("same numbers");
    // Status `attended` counts: a-1 has 4 records, a-2 4 and b-1 5 = 13, of 7 people (ana,
    // ben, cai, fer, eli, jo, gus); days: a-2 2+1+2+1 = 6, b-1 3+1+2+0+2 = 8, 14 person-days.
    // eli (UG; 2 days at a-2, 2 at b-1) is removed with their attendance: the UG row goes.
    store
        .gsef(&["participant", "remove", "eli", "--force"])
        .ok();
    let run = store
        .refuses(
            &["report", "verify", saved],
            1,
            "no longer gives the same numbers",
        )
        .stderr;
    assert!(run.contains("row country=UG is gone"), "{run}");
    assert!(
        run.contains("totals: participants 7 → 6, attendances 13 → 11, person_days 14 → 10"),
        "{run}"
    );
}

#[test]
fn consent_survives_an_export_and_import_and_a_bad_one_is_refused() {
    let store = store();
    // A year of birth, written in the export's last column, comes back too.
    let first = store.lines("participants.jsonl")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    store
        .gsef(&["participant", "edit", &first, "--birth-year", "1990"])
        .ok();
    let exported = store
        .gsef(&["export", "participants", "--all", "--format", "csv"])
        .ok()
        .stdout;
    assert!(exported.starts_with(
        "id,name,organization,sector,country,region,email,gender,illustrative,consent,birth_year\n"
    ));
    let copy = TestStore::empty();
    copy.gsef_with_input(&["import", "participants", "-"], &exported)
        .ok();
    // Ids, consent and every field come back; genders written before the vocabulary
    // (`female`, `male`) come back as its terms.
    let mut expected = store.lines("participants.jsonl");
    for person in &mut expected {
        let term = match person["gender"].as_str() {
            Some("female") => "woman",
            Some("male") => "man",
            _ => continue,
        };
        person["gender"] = serde_json::Value::from(term);
    }
    assert_eq!(copy.lines("participants.jsonl"), expected);

    let csv = "name,sector,consentimiento\nLuz Mar,other,aggregate\nTeo Gil,other,maybe\n";
    let path = copy.dir.path().join("form.csv");
    std::fs::write(&path, csv).unwrap();
    let before = copy.snapshot();
    copy.gsef(&["import", "participants", path.to_str().unwrap()])
        .fails(
            1,
            "form.csv:3: consent `maybe` is not one gsef knows (it takes list (",
        )
        .says("map it with --consent-map");
    assert_eq!(copy.snapshot(), before);
}

#[test]
fn illustrative_records_are_listed_without_consent() {
    let store = TestStore::empty();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "demo",
            "--name",
            "Illustrative participant",
            "--sector",
            "academia",
            "--illustrative",
        ])
        .ok();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "real",
            "--name",
            "Ana Ruiz",
            "--sector",
            "academia",
        ])
        .ok();
    let listed = store
        .gsef(&["participant", "list", "--format", "json"])
        .ok()
        .json();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|person| person["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["demo"],
        "a made-up person is nobody's personal data; a real one needs consent"
    );
}

/// Reports made by gsef 0.1 (before reports recorded their query) carry only their command
/// line; `verify` reads it back with the flags of that time. These four files were made by
/// gsef 0.1 on this very fixture, so they verify unchanged, and name a change once made.
#[test]
fn reports_made_by_gsef_0_1_still_verify() {
    let store = store();
    let made_by =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/made-by-0.1");
    for report in ["trained", "attendance", "returning", "events"] {
        let path = made_by.join(format!("{report}.json"));
        let recorded: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(recorded["provenance"].get("query").is_none(), "{report}");
        store
            .gsef(&["report", "verify", path.to_str().unwrap()])
            .ok()
            .says("same numbers as when it was made")
            .says("the store is unchanged");
    }
    store.gsef(&["attend", "b-1", "jo"]).ok();
    let run = store.refuses(
        &[
            "report",
            "verify",
            made_by.join("events.json").to_str().unwrap(),
        ],
        1,
        "no longer gives the same numbers",
    );
    assert!(run.stderr.contains("row event=b-1"), "{}", run.stderr);
}

/// A report records the query it answered, and `verify` runs that query: the command line in
/// the provenance is for people, so a line this gsef could not parse does not matter.
#[test]
fn verify_runs_the_recorded_query_not_the_command_line() {
    let store = store();
    let made = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "sector",
            "--depth",
            "1",
            "--status",
            "all",
            "--format",
            "json",
            "--provenance",
        ])
        .ok()
        .json();
    assert_eq!(made["provenance"]["query"]["report"], "attendance");
    assert_eq!(
        made["provenance"]["query"]["dimensions"],
        serde_json::json!(["sector"])
    );
    let mut edited = made.clone();
    edited["provenance"]["command"] = serde_json::json!(["gsef", "report", "--renamed-flag"]);
    let path = store.dir.path().join("edited.json");
    std::fs::write(&path, serde_json::to_string(&edited).unwrap()).unwrap();
    store
        .gsef(&["report", "verify", path.to_str().unwrap()])
        .ok()
        .says("same numbers as when it was made");
}
