//! `gsef report attendance`, `report events` and `report returning` on the hand-made fixture.
//!
//! The fixture `tests/fixtures/small` holds three events, eight people and thirteen records:
//!
//! | event                         | attended                 | other statuses               |
//! |-------------------------------|--------------------------|------------------------------|
//! | 2019-05-dakar (May 2019 only) | diop, ana, fer           | eun no-show                  |
//! | 2019-11-mexico (27–28 Nov)    | ana (2 days), ben (1),   | chloe registered,            |
//! |                               | gus (2), fer (1)         | hana cancelled               |
//! | 2020-03-bilbao (series 2020)  | hana, ana                | chloe no-show                |
//!
//! | person | sector               | country | region             | gender | organization        |
//! |--------|----------------------|---------|--------------------|--------|---------------------|
//! | ana    | government/municipal | MX      | Jalisco            | female | Ayuntamiento de G.  |
//! | ben    | government/state     | MX      | Oaxaca             | male   | Gobierno de Oaxaca  |
//! | chloe  | sse/cooperative      | CA      | Québec             | female | =Coop du Quartier   |
//! | diop   | sse/network          | SN      | Dakar              | male   | RENAPESS            |
//! | eun    | academia             | KR      | —                  | female | Seoul National U.   |
//! | fer    | international        | —       | —                  | —      | ILO                 |
//! | gus    | government/federal   | MX      | Ciudad de México   | male   | INAES               |
//! | hana   | sse/association      | ES      | Castilla-La Mancha | female | —                   |
//!
//! So, counting `attended` only: 9 attendances by 6 distinct people (diop, ana, fer, ben, gus,
//! hana), and 6 person-days, all at Mexico (ana 2 + ben 1 + gus 2 + fer 1).

use serde_json::{Value, json};

use crate::util::{TestStore, assert_golden};

fn fixture() -> TestStore {
    TestStore::fixture("small")
}

/// The rows of a JSON report as (value of `dimension`, participants, attendances).
fn counts(report: &Value, dimension: &str) -> Vec<(Value, u64, u64)> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            (
                row[dimension].clone(),
                row["participants"].as_u64().expect("participants"),
                row["attendances"].as_u64().expect("attendances"),
            )
        })
        .collect()
}

fn report_json(store: &TestStore, args: &[&str]) -> Value {
    let mut full = vec!["report", "attendance"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--format", "json"]);
    store.gsef(&full).ok().json()
}

#[test]
fn groups_by_sector_and_region_by_default() {
    let store = fixture();
    let report = report_json(&store, &[]);
    assert_eq!(report["report"], "attendance");
    assert_eq!(report["dimensions"], json!(["sector", "region"]));
    assert_eq!(report["filters"], json!({"status": ["attended"]}));
    // One row per person here; ana came three times, fer twice; days only at Mexico.
    assert_eq!(
        report["rows"],
        json!([
            {"sector": "government/federal", "region": "Ciudad de México", "participants": 1, "attendances": 1, "person_days": 2},
            {"sector": "government/municipal", "region": "Jalisco", "participants": 1, "attendances": 3, "person_days": 2},
            {"sector": "government/state", "region": "Oaxaca", "participants": 1, "attendances": 1, "person_days": 1},
            {"sector": "international", "region": null, "participants": 1, "attendances": 2, "person_days": 1},
            {"sector": "sse/association", "region": "Castilla-La Mancha", "participants": 1, "attendances": 1, "person_days": null},
            {"sector": "sse/network", "region": "Dakar", "participants": 1, "attendances": 1, "person_days": null},
        ])
    );
    assert_eq!(
        report["totals"],
        json!({"participants": 6, "attendances": 9, "person_days": 6})
    );
}

#[test]
fn every_dimension_groups_as_worked_out_by_hand() {
    let store = fixture();
    let expected: Vec<(&str, Value)> = vec![
        (
            "sector",
            json!([
                ["government/federal", 1, 1],
                ["government/municipal", 1, 3],
                ["government/state", 1, 1],
                ["international", 1, 2],
                ["sse/association", 1, 1],
                ["sse/network", 1, 1]
            ]),
        ),
        (
            "region",
            json!([
                ["Castilla-La Mancha", 1, 1],
                ["Ciudad de México", 1, 1],
                ["Dakar", 1, 1],
                ["Jalisco", 1, 3],
                ["Oaxaca", 1, 1],
                [null, 1, 2]
            ]),
        ),
        // MX: ana 3 + ben 1 + gus 1 attendances.
        (
            "country",
            json!([["ES", 1, 1], ["MX", 3, 5], ["SN", 1, 1], [null, 1, 2]]),
        ),
        (
            "world-region",
            json!([
                ["Africa", 1, 1],
                ["Americas", 3, 5],
                ["Europe", 1, 1],
                [null, 1, 2]
            ]),
        ),
        (
            "subregion",
            json!([
                ["Latin America and the Caribbean", 3, 5],
                ["Southern Europe", 1, 1],
                ["Sub-Saharan Africa", 1, 1],
                [null, 1, 2]
            ]),
        ),
        (
            "organization",
            json!([
                ["Ayuntamiento de Guadalajara", 1, 3],
                ["Gobierno de Oaxaca", 1, 1],
                ["ILO", 1, 2],
                ["INAES", 1, 1],
                ["RENAPESS", 1, 1],
                [null, 1, 1]
            ]),
        ),
        // female: ana 3 + hana 1; male: ben, diop, gus.
        (
            "gender",
            json!([["female", 2, 4], ["male", 3, 3], [null, 1, 2]]),
        ),
        // organizer: diop at Dakar, gus at Mexico; no role: ben at Mexico, hana at Bilbao.
        (
            "role",
            json!([
                ["organizer", 2, 2],
                ["participant", 1, 3],
                ["speaker", 1, 2],
                [null, 2, 2]
            ]),
        ),
        ("status", json!([["attended", 6, 9]])),
        (
            "event",
            json!([
                ["2019-05-dakar", 3, 3],
                ["2019-11-mexico", 4, 4],
                ["2020-03-bilbao", 2, 2]
            ]),
        ),
        // gsef-2019: diop, ana, fer at Dakar; ana, ben, gus, fer at Mexico = 5 people, 7 records.
        ("series", json!([["gsef-2019", 5, 7], ["gsef-2020", 2, 2]])),
        (
            "event-country",
            json!([["ES", 2, 2], ["MX", 4, 4], ["SN", 3, 3]]),
        ),
        ("year", json!([["2019", 5, 7], ["2020", 2, 2]])),
    ];
    for (dimension, rows) in expected {
        let report = report_json(&store, &["--by", dimension]);
        let column = dimension.replace('-', "_");
        let got: Vec<Value> = counts(&report, &column)
            .into_iter()
            .map(|(value, participants, attendances)| json!([value, participants, attendances]))
            .collect();
        assert_eq!(Value::from(got), rows, "--by {dimension}");
        // Whatever the grouping, the total is the 6 distinct people and 9 records.
        assert_eq!(report["totals"]["participants"], 6, "--by {dimension}");
        assert_eq!(report["totals"]["attendances"], 9, "--by {dimension}");
    }
}

#[test]
fn a_person_in_several_groups_counts_once_in_the_total() {
    let store = fixture();
    let report = report_json(&store, &["--by", "event"]);
    // 3 + 4 + 2 = 9 in the column, but only 6 different people came.
    let column_sum: u64 = counts(&report, "event").iter().map(|(_, p, _)| p).sum();
    assert_eq!(column_sum, 9);
    assert_eq!(report["totals"]["participants"], 6);
    let help = store
        .gsef(&["report", "attendance", "--help"])
        .ok()
        .stdout
        .replace('\n', " ");
    assert!(
        help.contains("less than the sum of its column when a person falls in several groups"),
        "{help}"
    );
}

#[test]
fn depth_rolls_sectors_up() {
    let store = fixture();
    let report = report_json(&store, &["--by", "sector", "--depth", "1"]);
    // government: gus, ana, ben (1 + 3 + 1 records, 2 + 2 + 1 days); sse: hana, diop, no days.
    assert_eq!(
        report["rows"],
        json!([
            {"sector": "government", "participants": 3, "attendances": 5, "person_days": 5},
            {"sector": "international", "participants": 1, "attendances": 2, "person_days": 1},
            {"sector": "sse", "participants": 2, "attendances": 2, "person_days": null},
        ])
    );
    assert_eq!(report["filters"]["depth"], 1);
}

#[test]
fn filters_select_events_and_participants() {
    let store = fixture();
    let events_of = |args: &[&str]| -> Vec<(Value, u64, u64)> {
        let mut full = vec!["--by", "event"];
        full.extend_from_slice(args);
        counts(&report_json(&store, &full), "event")
    };
    let dakar = (json!("2019-05-dakar"), 3, 3);
    let mexico = (json!("2019-11-mexico"), 4, 4);
    let bilbao = (json!("2020-03-bilbao"), 2, 2);
    assert_eq!(
        events_of(&["--event", "2019-11-mexico"]),
        vec![mexico.clone()]
    );
    assert_eq!(
        events_of(&["--event", "2019-05-dakar", "--event", "2020-03-bilbao"]),
        vec![dakar.clone(), bilbao.clone()]
    );
    assert_eq!(events_of(&["--series", "gsef-2020"]), vec![bilbao.clone()]);
    // Dakar is dated only 2019-05, so it may fall within 20–31 May, but not in June or later.
    assert_eq!(
        events_of(&["--from", "2019-05-20", "--to", "2019-05-31"]),
        vec![dakar.clone()]
    );
    assert_eq!(events_of(&["--to", "2019-05-15"]), vec![dakar.clone()]);
    assert_eq!(
        events_of(&["--from", "2019-06"]),
        vec![mexico.clone(), bilbao.clone()]
    );
    // Mexico's second day is the 28th, so --from 2019-11-28 still includes it.
    assert_eq!(
        events_of(&["--from", "2019-11-28", "--to", "2019"]),
        vec![mexico]
    );

    // --sector government: gus, ana, ben; --country MX is the same three people.
    for args in [["--sector", "government"], ["--country", "mx"]] {
        let mut full = vec!["--by", "region"];
        full.extend_from_slice(&args);
        let report = report_json(&store, &full);
        assert_eq!(
            counts(&report, "region"),
            vec![
                (json!("Ciudad de México"), 1, 1),
                (json!("Jalisco"), 1, 3),
                (json!("Oaxaca"), 1, 1)
            ],
            "{args:?}"
        );
        assert_eq!(report["totals"]["participants"], 3);
    }
    let report = report_json(&store, &["--by", "sector", "--sector", "sse"]);
    assert_eq!(
        counts(&report, "sector"),
        vec![
            (json!("sse/association"), 1, 1),
            (json!("sse/network"), 1, 1)
        ]
    );
    assert_eq!(
        report["filters"],
        json!({"sector": "sse", "status": ["attended"]})
    );
}

#[test]
fn status_selects_records_and_all_gives_a_column_per_status() {
    let store = fixture();
    // No-shows: eun at Dakar, chloe at Bilbao.
    let report = report_json(&store, &["--by", "event", "--status", "no-show"]);
    assert_eq!(
        counts(&report, "event"),
        vec![
            (json!("2019-05-dakar"), 1, 1),
            (json!("2020-03-bilbao"), 1, 1)
        ]
    );
    // Registered (chloe) and cancelled (hana) are both at Mexico.
    let report = report_json(
        &store,
        &["--by", "event", "--status", "registered,cancelled"],
    );
    assert_eq!(
        counts(&report, "event"),
        vec![(json!("2019-11-mexico"), 2, 2)]
    );

    let report = report_json(&store, &["--by", "event", "--status", "all"]);
    assert_eq!(report["filters"]["status"], "all");
    assert_eq!(
        report["rows"],
        json!([
            {"event": "2019-05-dakar", "registered": 0, "attended": 3, "no_show": 1, "cancelled": 0,
             "participants": 4, "person_days": null},
            {"event": "2019-11-mexico", "registered": 1, "attended": 4, "no_show": 0, "cancelled": 1,
             "participants": 6, "person_days": 6},
            {"event": "2020-03-bilbao", "registered": 0, "attended": 2, "no_show": 1, "cancelled": 0,
             "participants": 3, "person_days": null},
        ])
    );
    // Everyone has some record: 8 people; attended by 6 different people, no-show by eun and
    // chloe. A person counts once per status, so 1 + 6 + 2 + 1 = 10 > 8.
    assert_eq!(
        report["totals"],
        json!({"registered": 1, "attended": 6, "no_show": 2, "cancelled": 1,
               "participants": 8, "person_days": 6})
    );
}

#[test]
fn across_pivots_a_dimension_into_columns_with_totals() {
    let store = fixture();
    let report = report_json(
        &store,
        &["--by", "sector", "--depth", "1", "--across", "world-region"],
    );
    assert_eq!(
        report["columns"],
        json!([
            "sector",
            "Africa",
            "Americas",
            "Europe",
            "(not recorded)",
            "total"
        ])
    );
    // government: ana, ben, gus in the Americas; international: fer, no country; sse: diop
    // (Senegal, Africa) and hana (Spain, Europe).
    assert_eq!(
        report["rows"],
        json!([
            {"sector": "government", "Africa": 0, "Americas": 3, "Europe": 0, "(not recorded)": 0, "total": 3},
            {"sector": "international", "Africa": 0, "Americas": 0, "Europe": 0, "(not recorded)": 1, "total": 1},
            {"sector": "sse", "Africa": 1, "Americas": 0, "Europe": 1, "(not recorded)": 0, "total": 2},
        ])
    );
    assert_eq!(
        report["totals"],
        json!({"Africa": 1, "Americas": 3, "Europe": 1, "(not recorded)": 1, "total": 6})
    );
    assert_eq!(report["filters"]["across"], "world_region");

    // Attendances by year: government 2019 = ana at Dakar and Mexico, ben, gus; 2020 = ana.
    let report = report_json(
        &store,
        &[
            "--by",
            "sector",
            "--depth",
            "1",
            "--across",
            "year",
            "--measure",
            "attendances",
        ],
    );
    assert_eq!(
        report["rows"],
        json!([
            {"sector": "government", "2019": 4, "2020": 1, "total": 5},
            {"sector": "international", "2019": 2, "2020": 0, "total": 2},
            {"sector": "sse", "2019": 1, "2020": 1, "total": 2},
        ])
    );
    assert_eq!(report["totals"], json!({"2019": 7, "2020": 2, "total": 9}));
}

/// Every count in the report's rows and totals, with `null` for a hidden one.
fn all_counts(report: &Value) -> Vec<Option<u64>> {
    let measures: Vec<String> = report["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .filter(|name| {
            !report["dimensions"]
                .as_array()
                .unwrap()
                .contains(&json!(name))
        })
        .collect();
    let rows = report["rows"].as_array().unwrap().iter();
    rows.chain(std::iter::once(&report["totals"]))
        .flat_map(|row| {
            measures
                .iter()
                .filter(|name| row.get(name.as_str()).is_some())
                .map(|name| row[name.as_str()].as_u64())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn min_count_hides_small_counts_and_what_would_give_them_away() {
    let store = fixture();
    let report = report_json(
        &store,
        &["--by", "sector", "--depth", "1", "--min-count", "2"],
    );
    // participants: government 3, international 1, sse 2, total 6. The 1 is hidden, and alone
    // it would be 6 - 3 - 2, so the smallest other count (sse's 2) is hidden too.
    // person_days: government 5, international 1, sse not recorded, total 6: 6 - 5 gives the 1
    // away, so government's 5 is hidden. Attendances (5, 2, 2) have nothing below 2.
    assert_eq!(
        report["rows"],
        json!([
            {"sector": "government", "participants": 3, "attendances": 5, "person_days": null},
            {"sector": "international", "participants": null, "attendances": 2, "person_days": null},
            {"sector": "sse", "participants": null, "attendances": 2, "person_days": null},
        ])
    );
    assert_eq!(report["min_count"], 2);
    let table = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "sector",
            "--depth",
            "1",
            "--min-count",
            "2",
        ])
        .ok()
        .stdout;
    assert!(table.contains("<2"), "{table}");
    assert!(table.contains(" x "), "{table}");
    assert!(table.contains("(not recorded)"), "{table}");

    // Whatever the report, no count from 1 to K-1 is ever shown.
    for (args, min_count) in [
        (vec!["--by", "sector,region"], 3),
        (
            vec!["--by", "sector", "--depth", "1", "--across", "world-region"],
            2,
        ),
        (vec!["--by", "organization", "--across", "event"], 3),
        (vec!["--by", "event", "--status", "all"], 2),
        (
            vec![
                "--by",
                "gender",
                "--across",
                "year",
                "--measure",
                "attendances",
            ],
            4,
        ),
    ] {
        let mut full = args.clone();
        let k = min_count.to_string();
        full.extend_from_slice(&["--min-count", &k]);
        let report = report_json(&store, &full);
        let shown: Vec<Option<u64>> = all_counts(&report);
        assert!(!shown.is_empty());
        assert!(
            shown
                .iter()
                .flatten()
                .all(|&count| count == 0 || count >= min_count),
            "{args:?} --min-count {min_count}: {report:#}"
        );
    }
}

#[test]
fn min_count_protects_the_events_and_returning_reports_too() {
    let store = fixture();
    for min_count in ["2", "3", "5"] {
        let k: u64 = min_count.parse().unwrap();
        let events = store
            .gsef(&[
                "report",
                "events",
                "--min-count",
                min_count,
                "--format",
                "json",
            ])
            .ok()
            .json();
        for row in events["rows"].as_array().unwrap() {
            for column in ["registered", "attended", "no_show", "cancelled"] {
                let count = row[column].as_u64();
                assert!(
                    count.is_none_or(|count| count == 0 || count >= k),
                    "{column} in {row} with K = {k}"
                );
            }
            // A rate from a hidden count would give it away.
            if row["attended"].is_null() || row["registered"].is_null() {
                assert!(row["attendance_rate"].is_null(), "{row}");
            }
            // Invitations and objectives describe the event, not people, and stay.
            assert!(row["objectives"].is_u64(), "{row}");
        }
        for view in [
            &["report", "returning"][..],
            &["report", "returning", "--per-event"],
        ] {
            let mut args = view.to_vec();
            args.extend_from_slice(&["--min-count", min_count, "--format", "json"]);
            let report = store.gsef(&args).ok().json();
            let counts = all_counts(&report);
            assert!(
                counts
                    .iter()
                    .flatten()
                    .all(|&count| count == 0 || count >= k),
                "{args:?}: {report:#}"
            );
        }
    }
    // Dakar: 4 registered = 3 attended + 1 no-show (hidden, <2) + 0 cancelled + 0 still
    // registered; with the no-show hidden alone it would be 4 - 3 - 0; Bilbao's no-show (1) is
    // hidden too and the two protect each other through the column total of 2.
    let events = store
        .gsef(&["report", "events", "--min-count", "2", "--format", "csv"])
        .ok()
        .stdout;
    assert!(events.contains("2019-05-dakar,GSEF training in Dakar,2019-05,,Dakar,SN,GSEF; RENAPESS,10,4,3,<2,0,0.75,2"), "{events}");
}

#[test]
fn events_report_counts_each_event() {
    let store = fixture();
    let report = store
        .gsef(&["report", "events", "--format", "json"])
        .ok()
        .json();
    // Dakar: diop, ana, fer attended, eun no-show: 4 registered, 3/4 = 0.75.
    // Mexico: 4 attended, chloe still registered, hana cancelled: 6 registered, 4/6 = 0.6667.
    // Bilbao: hana and ana attended, chloe no-show: 3 registered, 2/3 = 0.6667; no invitations
    // recorded. Totals: 10 + 12 invited, 13 registered, 9 attended, 9/13 = 0.6923.
    assert_eq!(
        report["rows"],
        json!([
            {"event": "2019-05-dakar", "title": "GSEF training in Dakar", "start": "2019-05", "end": null,
             "city": "Dakar", "country": "SN", "organizers": "GSEF; RENAPESS", "invited": 10,
             "registered": 4, "attended": 3, "no_show": 1, "cancelled": 0, "attendance_rate": 0.75,
             "objectives": 2},
            {"event": "2019-11-mexico",
             "title": "Capacity Building Workshop on the Social and Solidarity Economy in Mexico",
             "start": "2019-11-27", "end": "2019-11-28", "city": "Mexico City", "country": "MX",
             "organizers": "INAES; GSEF", "invited": 12, "registered": 6, "attended": 4, "no_show": 0,
             "cancelled": 1, "attendance_rate": 0.6667, "objectives": 3},
            {"event": "2020-03-bilbao", "title": "Workshop in Bilbao", "start": "2020-03-10", "end": null,
             "city": "Bilbao", "country": "ES", "organizers": null, "invited": null, "registered": 3,
             "attended": 2, "no_show": 1, "cancelled": 0, "attendance_rate": 0.6667, "objectives": 0},
        ])
    );
    assert_eq!(
        report["totals"],
        json!({"invited": 22, "registered": 13, "attended": 9, "no_show": 2, "cancelled": 1,
               "attendance_rate": 0.6923, "objectives": 5})
    );
    // The same filters as the attendance report; --sector sse leaves hana and diop (and chloe).
    let report = store
        .gsef(&[
            "report", "events", "--from", "2019-06", "--sector", "sse", "--format", "json",
        ])
        .ok()
        .json();
    let rows: Vec<(Value, Value, Value)> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["event"].clone(),
                row["registered"].clone(),
                row["attended"].clone(),
            )
        })
        .collect();
    // Mexico: chloe registered, hana cancelled; Bilbao: hana attended, chloe no-show.
    assert_eq!(
        rows,
        vec![
            (json!("2019-11-mexico"), json!(2), json!(0)),
            (json!("2020-03-bilbao"), json!(2), json!(1)),
        ]
    );
}

#[test]
fn returning_report_shows_continuity() {
    let store = fixture();
    let report = store
        .gsef(&["report", "returning", "--format", "json"])
        .ok()
        .json();
    // diop, ben, gus, hana came once; fer twice (Dakar, Mexico); ana three times.
    assert_eq!(
        report["rows"],
        json!([
            {"events_attended": 1, "participants": 4},
            {"events_attended": 2, "participants": 1},
            {"events_attended": 3, "participants": 1},
        ])
    );
    assert_eq!(report["totals"], json!({"participants": 6}));

    let report = store
        .gsef(&["report", "returning", "--per-event", "--format", "json"])
        .ok()
        .json();
    // Mexico: ana and fer had been at Dakar; Bilbao: ana had been at both.
    assert_eq!(
        report["rows"],
        json!([
            {"event": "2019-05-dakar", "start": "2019-05", "attended": 3, "returning": 0, "first_time": 3},
            {"event": "2019-11-mexico", "start": "2019-11-27", "attended": 4, "returning": 2, "first_time": 2},
            {"event": "2020-03-bilbao", "start": "2020-03-10", "attended": 2, "returning": 1, "first_time": 1},
        ])
    );
    assert_eq!(
        report["totals"],
        json!({"attended": 9, "returning": 3, "first_time": 6})
    );
    // Within series 2019 only, nobody at the 2020 event counts.
    let report = store
        .gsef(&[
            "report",
            "returning",
            "--series",
            "gsef-2019",
            "--format",
            "json",
        ])
        .ok()
        .json();
    // ana and fer twice; diop, ben, gus once.
    assert_eq!(
        report["rows"],
        json!([
            {"events_attended": 1, "participants": 3},
            {"events_attended": 2, "participants": 2},
        ])
    );
}

#[test]
fn aggregate_reports_never_show_names_or_emails() {
    let store = fixture();
    for args in [
        vec![
            "report",
            "attendance",
            "--by",
            "organization,region,country,gender",
            "--status",
            "all",
        ],
        vec!["report", "events"],
        vec!["report", "returning", "--per-event"],
    ] {
        for format in ["table", "csv", "json", "jsonl", "markdown"] {
            let mut full = args.clone();
            full.extend_from_slice(&["--format", format]);
            let output = store.gsef(&full).ok().stdout;
            for private in ["Ana Ruiz", "ana@example.org", "Moussa Diop", "Chloé Roy"] {
                assert!(!output.contains(private), "{full:?} shows {private}");
            }
        }
    }
}

#[test]
fn csv_defuses_formulas_unless_raw_and_adds_totals_on_request() {
    let store = fixture();
    let args = [
        "report",
        "attendance",
        "--by",
        "organization",
        "--status",
        "registered",
        "--format",
        "csv",
    ];
    // chloe, the only one still registered, works for "=Coop du Quartier".
    let csv = store.gsef(&args).ok().stdout;
    assert_eq!(
        csv,
        "organization,participants,attendances\n'=Coop du Quartier,1,1\n"
    );
    let mut raw = args.to_vec();
    raw.extend_from_slice(&["--raw", "--totals"]);
    let csv = store.gsef(&raw).ok().stdout;
    assert_eq!(
        csv,
        "organization,participants,attendances\n=Coop du Quartier,1,1\nTotal,1,1\n"
    );
    // Across values become headers, so they are defused too.
    let csv = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "event",
            "--across",
            "organization",
            "--status",
            "registered",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    assert_eq!(csv, "event,'=Coop du Quartier,total\n2019-11-mexico,1,1\n");
}

#[test]
fn output_writes_the_file_and_nothing_to_stdout() {
    let store = fixture();
    let path = store.dir.path().join("by-sector.csv");
    let path_text = path.to_str().unwrap();
    let run = store
        .gsef(&[
            "report",
            "attendance",
            "--format",
            "csv",
            "--output",
            path_text,
        ])
        .ok();
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("by-sector.csv"), "{}", run.stderr);
    let expected = store
        .gsef(&["report", "attendance", "--format", "csv"])
        .ok()
        .stdout;
    assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
    // Overwriting replaces the whole file.
    store
        .gsef(&["report", "events", "--format", "csv", "--output", path_text])
        .ok();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("event,title,")
    );
}

#[test]
fn output_refuses_the_store_folder() {
    let store = fixture();
    let target = store.records().join("attendance.jsonl");
    store.refuses(
        &["report", "attendance", "--output", target.to_str().unwrap()],
        1,
        "inside the records store",
    );
    store.refuses(
        &["report", "events", "--output", "records/summary.md"],
        1,
        "inside the records store",
    );
}

#[test]
fn output_is_deterministic() {
    let store = fixture();
    for format in ["table", "csv", "json", "jsonl", "markdown"] {
        let args = [
            "report",
            "attendance",
            "--by",
            "world-region,gender",
            "--status",
            "all",
            "--format",
            format,
        ];
        assert_eq!(store.gsef(&args).ok().stdout, store.gsef(&args).ok().stdout);
    }
}

#[test]
fn bad_arguments_are_refused_with_a_clear_message() {
    let store = fixture();
    let refuse = |args: &[&str], code: i32, needle: &str| {
        let mut full = vec!["report", "attendance"];
        full.extend_from_slice(args);
        store.refuses(&full, code, needle);
    };
    refuse(&["--by", "sector,regoin"], 2, "did you mean `region`?");
    refuse(&["--by", "sector,sector"], 2, "named twice");
    refuse(&["--across", "contry"], 2, "did you mean `country`?");
    refuse(&["--from", "2019-13"], 2, "there is no month 13");
    refuse(&["--to", "May 2019"], 2, "--to");
    refuse(&["--status", "came"], 2, "unknown status `came`");
    refuse(&["--min-count", "1"], 2, "must be 2 or more");
    refuse(&["--depth", "0"], 2, "--depth");
    refuse(&["--measure", "attendances"], 2, "--across");
    refuse(&["--format", "xml"], 2, "--format");
    refuse(
        &["--event", "2019-12-nowhere"],
        1,
        "event `2019-12-nowhere` not found",
    );
    refuse(
        &["--series", "gsef-1999"],
        1,
        "series `gsef-1999` not found",
    );
    refuse(&["--sector", "banking"], 1, "invalid sector `banking`");
    refuse(
        &["--from", "2020", "--to", "2019"],
        1,
        "ends before it starts",
    );
    refuse(&["--by", "sector", "--across", "sector"], 1, "also in --by");
    store.refuses(
        &["report", "events", "--event", "2019-12-nowhere"],
        1,
        "event `2019-12-nowhere` not found",
    );
    store.refuses(
        &["report", "returning", "--from", "2019-02-30"],
        2,
        "February 2019 has no day 30",
    );
}

#[test]
fn a_dangling_reference_is_an_error_naming_it() {
    let store = fixture();
    let mut attendance = store.read("attendance.jsonl");
    attendance.push_str(
        "{\"event\":\"2019-05-dakar\",\"participant\":\"ghost\",\"status\":\"attended\"}\n",
    );
    store.write("attendance.jsonl", &attendance);
    store.refuses(&["report", "attendance"], 1, "participant `ghost`");
    TestStore::uninitialised()
        .gsef(&["report", "attendance"])
        .fails(1, "no records store");
}

#[test]
fn each_format_matches_its_golden_output() {
    let store = fixture();
    let base = ["report", "attendance"];
    for (format, golden) in [
        ("table", "attendance.txt"),
        ("csv", "attendance.csv"),
        ("json", "attendance.json"),
        ("jsonl", "attendance.jsonl"),
        ("markdown", "attendance.md"),
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(&["--format", format]);
        assert_golden(&store, &args, golden);
    }
    assert_golden(
        &store,
        &[
            "report",
            "attendance",
            "--by",
            "sector",
            "--depth",
            "1",
            "--across",
            "world-region",
            "--min-count",
            "2",
        ],
        "crosstab-min-count.txt",
    );
    assert_golden(
        &store,
        &["report", "attendance", "--format", "csv", "--totals"],
        "attendance-totals.csv",
    );
    assert_golden(
        &store,
        &["report", "events", "--format", "markdown"],
        "events.md",
    );
    assert_golden(
        &store,
        &[
            "report",
            "returning",
            "--per-event",
            "--format",
            "csv",
            "--totals",
        ],
        "returning-per-event.csv",
    );
}

#[test]
fn an_empty_selection_reports_zero_rather_than_failing() {
    let store = fixture();
    // Nobody is still only registered for Bilbao.
    let report = report_json(
        &store,
        &["--event", "2020-03-bilbao", "--status", "registered"],
    );
    assert_eq!(report["rows"], json!([]));
    assert_eq!(
        report["totals"],
        json!({"participants": 0, "attendances": 0})
    );
    let table = store
        .gsef(&[
            "report",
            "attendance",
            "--event",
            "2020-03-bilbao",
            "--status",
            "registered",
        ])
        .ok()
        .stdout;
    assert!(table.contains("Total"), "{table}");
}
