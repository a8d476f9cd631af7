//! `gsef report indicators` on `tests/fixtures/indicators`, with the definitions shipped in
//! `docs/indicators/`, against numbers worked out by hand.
//!
//! The fixture, in date order (a loose date sorts by its first day, so `e-2020` comes before
//! the online session of February 2020):
//!
//! | event    | dates            | rule                 | records                                  |
//! |----------|------------------|----------------------|------------------------------------------|
//! | e-may    | 14–15 May 2019   | series: 2 days       | p1 both days, p2 one day                 |
//! | e-nov    | 27–28 Nov 2019   | series: 2 days       | p1, p2 both days; p3 registered; p4 one day |
//! | e-2020   | 2020             | none                 | p4, p5 attended                          |
//! | e-online | 10 Feb 2020      | 90 minutes           | p1 200 min, p3 60 min, p5 120 min        |
//!
//! p1 is female at Coop A, born in 1995; p2 male at Coop A, born in 1989; p3 female at
//! Municipio B, born in 1980; p4 has neither gender, organization nor year of birth; p5 is male
//! at Coop C, born in 1970.
//!
//! - **CIV-007** (a person once ever, after the event's rule): p1 at e-may and p2 at e-nov in
//!   2019 (one female, one male); p4 and p5 at e-2020 in 2020 (p5 is counted there before the
//!   online session; p4's gender is not recorded). p2 missed a day in May, p4 in November.
//! - **CIV-039** (an organisation once ever): Coop A at e-may in 2019; Coop C (p5, e-2020) and
//!   Municipio B (p3, e-online) in 2020. p4's records name no organisation.
//! - **US individuals trained** (3 hours in a fiscal year from October, hours from minutes
//!   connected): only p1, at e-online (200 minutes), in FY2020; p3 had 1 hour, p5 2 hours,
//!   and the in-person events record no hours. p1, born in 1995, was 24 or 25: 15–29; she
//!   came in May 2019 (FY2019), so she is continuing.

use crate::util::TestStore;

fn store() -> TestStore {
    let store = TestStore::fixture("indicators");
    std::fs::remove_file(store.records().join("README.md")).unwrap();
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/indicators");
    for file in [
        "eea-civ-007.json",
        "eea-civ-039.json",
        "us-individuals-trained.json",
    ] {
        store
            .gsef(&["indicator", "add", docs.join(file).to_str().unwrap()])
            .ok();
    }
    store
}

/// Adds a definition written for one test from a file, as a user would; the file's path, to
/// write another definition to.
fn add_definition(store: &TestStore, json: &str) -> std::path::PathBuf {
    let path = store.dir.path().join("definition.json");
    std::fs::write(&path, json).unwrap();
    store
        .gsef(&["indicator", "add", path.to_str().unwrap()])
        .ok();
    path
}

fn csv(store: &TestStore, args: &[&str]) -> String {
    let mut all = vec!["report", "indicators", "--format", "csv"];
    all.extend_from_slice(args);
    store.gsef(&all).ok().stdout
}

#[test]
fn each_definition_counts_by_its_own_rule_as_worked_out_by_hand() {
    let store = store();
    assert_eq!(
        csv(&store, &[]),
        "indicator,period,breakdown,value,actual,target,share
eea-civ-007,2019,all,all,2,111,0.018
eea-civ-007,2019,gender,female,1,56,0.0179
eea-civ-007,2019,gender,male,1,,
eea-civ-007,2020,all,all,2,150,0.0133
eea-civ-007,2020,gender,male,1,,
eea-civ-007,2020,gender,,1,,
eea-civ-007,2021,all,all,0,,
eea-civ-007,all,all,all,4,,
eea-civ-007,all,gender,female,1,,
eea-civ-007,all,gender,male,2,,
eea-civ-007,all,gender,,1,,
eea-civ-039,2019,all,all,1,20,0.05
eea-civ-039,2020,all,all,2,30,0.0667
eea-civ-039,2021,all,all,0,,
eea-civ-039,all,all,all,3,,
us-individuals-trained,FY2019,all,all,0,,
us-individuals-trained,FY2020,all,all,1,80,0.0125
us-individuals-trained,FY2020,gender,female,1,40,0.025
us-individuals-trained,FY2020,gender,male,0,40,0
us-individuals-trained,FY2020,age_band,15–29,1,,
us-individuals-trained,FY2020,continuity,continuing,1,,
us-individuals-trained,FY2021,all,all,0,,
us-individuals-trained,all,all,all,1,,
us-individuals-trained,all,gender,female,1,,
us-individuals-trained,all,age_band,15–29,1,,
us-individuals-trained,all,continuity,continuing,1,,
"
    );
}

#[test]
fn age_bands_come_from_the_year_of_birth_and_are_never_guessed_at_their_edge() {
    let store = store();
    let definition = add_definition(
        &store,
        r#"{"id": "by-age", "title": "People who came, by age", "framework": "Test",
            "unit": "person", "once_per": "all-time", "period": "year",
            "breakdowns": ["age-band"],
            "age_bands": [{"label": "15–29", "min": 15, "max": 29}, {"label": "30+", "min": 30}],
            "targets": [{"period": "2019", "value": 2, "breakdown": {"age_band": "15–29"}}]}"#,
    );
    // 2019: p1 (born 1995: 23 or 24), p2 (born 1989: 29 or 30, either side of the band's
    // edge, so not recorded) and p4 (no year of birth). 2020: p5 (born 1970) at e-2020 and p3
    // (born 1980) at e-online, both 30 or over.
    assert_eq!(
        csv(&store, &["by-age"]),
        "indicator,period,breakdown,value,actual,target,share
by-age,2019,all,all,3,,
by-age,2019,age_band,15–29,1,2,0.5
by-age,2019,age_band,,2,,
by-age,2020,all,all,2,,
by-age,2020,age_band,30+,2,,
by-age,all,all,all,5,,
by-age,all,age_band,15–29,1,,
by-age,all,age_band,30+,2,,
by-age,all,age_band,,2,,
"
    );
    // A target for a band the indicator does not have is refused, naming the field.
    let before = store.snapshot();
    std::fs::write(
        &definition,
        r#"{"id": "by-age-2", "title": "People who came, by age", "framework": "Test",
            "unit": "person", "once_per": "all-time", "period": "year",
            "breakdowns": ["age-band"], "age_bands": [{"label": "30+", "min": 30}],
            "targets": [{"period": "2019", "value": 2, "breakdown": {"age_band": "15-29"}}]}"#,
    )
    .unwrap();
    store
        .gsef(&["indicator", "add", definition.to_str().unwrap()])
        .fails(1, "targets.breakdown");
    std::fs::write(
        &definition,
        r#"{"id": "by-age-3", "title": "Events by age", "framework": "Test",
            "unit": "event", "once_per": "all-time", "period": "year",
            "breakdowns": ["age-band"], "age_bands": [{"label": "30+", "min": 30}]}"#,
    )
    .unwrap();
    store
        .gsef(&["indicator", "add", definition.to_str().unwrap()])
        .fails(1, "an age is a person's, and the unit is event");
    assert_eq!(store.snapshot(), before);
}

#[test]
fn the_table_says_62_of_111_as_hledger_says_it_and_fits_80_columns() {
    let store = store();
    let run = store
        .command(&["report", "indicators"])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let table = String::from_utf8(run.stdout).unwrap();
    assert!(
        table
            .contains("eea-civ-007 (EEA and Norway Grants CIV-007), all periods: 4, no target set"),
        "{table}"
    );
    assert!(
        table.lines().all(|line| line.chars().count() <= 80),
        "{table}"
    );
    let year = store
        .gsef(&["report", "indicators", "eea-civ-007", "--period", "2019"])
        .ok()
        .stdout;
    assert!(year.contains("2019: 2 of 111, 1.8%"), "{year}");
    let spanish = store
        .gsef(&[
            "--lang",
            "es",
            "report",
            "indicators",
            "eea-civ-007",
            "--period",
            "2019",
        ])
        .ok()
        .stdout;
    // Spanish keeps a no-break space before the per cent sign.
    assert!(spanish.contains("2019: 2 de 111, 1,8\u{a0}%"), "{spanish}");
    assert!(spanish.contains("Meta"), "{spanish}");
}

#[test]
fn json_lists_each_indicator_with_its_actual_target_and_breakdowns() {
    let store = store();
    let json = store
        .gsef(&[
            "report",
            "indicators",
            "--period",
            "2019",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let indicators = json["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 3);
    assert_eq!(indicators[0]["id"], "eea-civ-007");
    assert_eq!(indicators[0]["actual"], 2);
    assert_eq!(indicators[0]["target"], 111);
    assert_eq!(
        indicators[0]["breakdowns"],
        serde_json::json!([
            {"breakdown": "gender", "value": "female", "actual": 1, "target": 56, "share": 0.0179},
            {"breakdown": "gender", "value": "male", "actual": 1, "target": null, "share": null},
        ])
    );
    assert_eq!(indicators[1]["actual"], 1);
    assert_eq!(indicators[1]["target"], 20);
    // A fiscal-year indicator has no period within the calendar year 2019, so no target.
    assert_eq!(indicators[2]["actual"], 0);
    assert_eq!(indicators[2]["target"], serde_json::Value::Null);
    assert_eq!(json["provenance"]["query"]["report"], "indicators");
}

#[test]
fn a_period_shows_what_was_counted_in_it_and_never_counts_a_unit_again() {
    let store = store();
    // p1 was counted in May: in the fourth quarter only p2 is new to CIV-007, and Coop A,
    // counted in May, is not counted again for CIV-039.
    assert_eq!(
        csv(&store, &["--period", "2019-Q4"]),
        "indicator,period,breakdown,value,actual,target,share
eea-civ-007,2019-Q4,all,all,1,,
eea-civ-007,2019-Q4,gender,male,1,,
eea-civ-039,2019-Q4,all,all,0,,
us-individuals-trained,2019-Q4,all,all,0,,
"
    );
    // FY2020 runs from October 2019: e-2020, dated by its year alone, may fall either side of
    // its end, so what was counted there has a row of its own, and the note names it.
    let run = store.gsef(&[
        "report",
        "indicators",
        "--period",
        "FY2020",
        "--format",
        "csv",
    ]);
    let run = run.ok();
    assert_eq!(
        run.stdout,
        "indicator,period,breakdown,value,actual,target,share
eea-civ-007,FY2020,all,all,1,,
eea-civ-007,FY2020,gender,male,1,,
eea-civ-007,,all,all,2,,
eea-civ-007,,gender,male,1,,
eea-civ-007,,gender,,1,,
eea-civ-039,FY2020,all,all,1,,
eea-civ-039,,all,all,1,,
us-individuals-trained,FY2020,all,all,1,80,0.0125
us-individuals-trained,FY2020,gender,female,1,40,0.025
us-individuals-trained,FY2020,gender,male,0,40,0
us-individuals-trained,FY2020,age_band,15–29,1,,
us-individuals-trained,FY2020,continuity,continuing,1,,
"
    );
    assert!(
        run.stderr.contains("`e-2020` is dated too loosely"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_says_which_rule_counted_or_left_out_each_record() {
    let store = store();
    let out = store
        .gsef(&["report", "indicators", "--explain", "p2"])
        .ok()
        .stdout;
    for line in [
        "eea-civ-007: counted in 2019, at e-nov",
        "e-may: present on 1 day, and the rule asks for 2",
        "e-nov: counted here",
        "eea-civ-039: their organization was counted in 2019, at e-may, through a colleague's record",
        "us-individuals-trained: not counted",
        "e-nov: no hours recorded (no minutes connected, and no days at an event with its hours a day)",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    let json = store
        .gsef(&[
            "report",
            "indicators",
            "us-individuals-trained",
            "--explain",
            "p5",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let steps = &json["explanation"][0]["steps"];
    assert_eq!(json["explanation"][0]["counted"], false);
    assert_eq!(steps[1]["event"], "e-online");
    assert_eq!(steps[1]["outcome"], "hours-short");
    assert_eq!(steps[1]["note"], "e-online: 2 hours so far, of the 3 asked");
}

#[test]
fn mastery_and_continuity_count_from_post_tests_and_earlier_periods() {
    let store = store();
    add_definition(
        &store,
        r#"{"id": "mastered", "title": "People who mastered the content", "framework": "Test",
            "unit": "person", "counts": {"mastery": 0.8}, "once_per": "all-time",
            "period": "quarter", "breakdowns": ["continuity"],
            "targets": [{"period": "2020-Q1", "value": 1, "breakdown": {"continuity": "new"}}]}"#,
    );
    // p1 scored 90% at e-nov (2019-Q4) and had come in 2019-Q2: continuing. p2 scored 70%.
    // p5 scored 80% at e-online (2020-Q1), but also came to e-2020, which may be earlier:
    // not recorded. Nobody new mastered it in 2020-Q1, against a target of one.
    assert_eq!(
        csv(&store, &["mastered"]),
        "indicator,period,breakdown,value,actual,target,share
mastered,2019-Q4,all,all,1,,
mastered,2019-Q4,continuity,continuing,1,,
mastered,2020-Q1,all,all,1,,
mastered,2020-Q1,continuity,new,0,1,0
mastered,2020-Q1,continuity,,1,,
mastered,all,all,all,2,,
mastered,all,continuity,continuing,1,,
mastered,all,continuity,,1,,
"
    );
    let out = store
        .gsef(&["report", "indicators", "mastered", "--explain", "p2"])
        .ok()
        .stdout;
    assert!(out.contains("e-may: no post-test score"), "{out}");
    assert!(
        out.contains("e-nov: post-test 70.0%, below the mastery of 80.0%"),
        "{out}"
    );
}

#[test]
fn small_counts_are_hidden_with_the_shares_that_would_give_them_away() {
    let store = store();
    let json = store
        .gsef(&[
            "report",
            "indicators",
            "eea-civ-007",
            "--min-count",
            "3",
            "--format",
            "json",
        ])
        .ok()
        .json();
    for row in json["rows"].as_array().unwrap() {
        let actual = &row["actual"];
        assert!(
            actual.is_null()
                || actual
                    .as_u64()
                    .is_some_and(|count| count == 0 || count >= 3),
            "{row}"
        );
        if actual.is_null() {
            assert!(row["share"].is_null(), "{row}");
        }
    }
    assert_eq!(json["min_count"], 3);
    // Two people a year, one of each gender, give themselves away whatever is hidden (two
    // counts of at least 1 under a total below 3): the suppression leaves those to the choice of
    // K, and hides the years and their shares.
    let year = &json["indicators"][0]["periods"][0];
    assert_eq!(year["period"], "2019");
    assert!(
        year["actual"].is_null() && year["share"].is_null(),
        "{year}"
    );
    assert_eq!(year["target"], 111);
}

#[test]
fn report_verify_remakes_the_numbers_and_notices_a_change() {
    let store = store();
    let report = store.dir.path().join("indicators.json");
    store
        .gsef(&[
            "report",
            "indicators",
            "--format",
            "json",
            "--output",
            report.to_str().unwrap(),
        ])
        .ok();
    store
        .gsef(&["report", "verify", report.to_str().unwrap()])
        .ok();
    store.gsef(&["attend", "e-2020", "p3"]).ok();
    store
        .gsef(&["report", "verify", report.to_str().unwrap()])
        .fails(1, "");
}

#[test]
fn every_table_format_is_written() {
    let store = store();
    let markdown = store
        .gsef(&["report", "indicators", "--format", "markdown"])
        .ok()
        .stdout;
    assert!(
        markdown.contains("| eea-civ-007 | 2019 | all | all | 2 | 111 | 1.8% |"),
        "{markdown}"
    );
    let lines = store
        .gsef(&["report", "indicators", "eea-civ-039", "--format", "jsonl"])
        .ok()
        .stdout;
    assert_eq!(lines.lines().count(), 4, "{lines}");
    let svg = store
        .gsef(&["report", "indicators", "--format", "svg"])
        .ok()
        .stdout;
    assert!(
        svg.contains(r#"<title id="gsef-chart-title">Indicators: actual against target</title>"#),
        "{svg}"
    );
    // Each bar says its numbers in text, and the target is drawn as a mark.
    assert!(svg.contains(">2 of 111, 1.8%</text>"), "{svg}");
    assert!(svg.contains(">1 of 56, 1.8%</text>"), "{svg}");
    let workbook = store.dir.path().join("indicators.xlsx");
    store
        .gsef(&[
            "report",
            "indicators",
            "--format",
            "xlsx",
            "--output",
            workbook.to_str().unwrap(),
        ])
        .ok();
    assert!(std::fs::read(&workbook).unwrap().starts_with(b"PK"));
}

#[test]
fn refusals_name_what_is_wrong_and_change_nothing() {
    let store = store();
    let before = store.snapshot();
    for (args, needle) in [
        (vec!["--period", "2019-Q5"], "invalid period `2019-Q5`"),
        (
            vec!["nope"],
            "names no indicator; the store has eea-civ-007, eea-civ-039, us-individuals-trained",
        ),
        (
            vec!["--explain", "p9"],
            "invalid explain `p9`: names no participant",
        ),
        (
            vec!["eea-civ-007", "--period", "FY2020"],
            "no indicator selected counts by fiscal years",
        ),
        (
            vec!["--format", "iati"],
            "--format iati needs --iati-activity FILE",
        ),
    ] {
        let mut all = vec!["report", "indicators"];
        all.extend(args);
        store.gsef(&all).fails(1, needle);
    }
    let activity = store.dir.path().join("activity.json");
    std::fs::write(
        &activity,
        "{\n  \"identifier\": \"XM-EXAMPLE-1\",\n  \"reporting\": 1\n}\n",
    )
    .unwrap();
    store
        .gsef(&[
            "report",
            "indicators",
            "--format",
            "iati",
            "--iati-activity",
            activity.to_str().unwrap(),
        ])
        .fails(1, "activity.json:3:13: unknown field `reporting`");
    assert_eq!(store.snapshot(), before);
    let empty = TestStore::empty();
    empty.gsef(&["report", "indicators"]).fails(
        1,
        "the store has no indicators; add one with `gsef indicator add",
    );
}

#[test]
fn iati_results_are_valid_against_the_published_2_03_schema() {
    let store = store();
    let activity = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/iati-activity.json");
    let xml = store.dir.path().join("results.xml");
    store
        .gsef(&[
            "report",
            "indicators",
            "--format",
            "iati",
            "--iati-activity",
            activity.to_str().unwrap(),
            "--output",
            xml.to_str().unwrap(),
        ])
        .ok();
    let text = std::fs::read_to_string(&xml).unwrap();
    assert!(
        text.contains("<baseline year=\"2018\" value=\"0\"/>"),
        "{text}"
    );
    assert!(
        text.contains(
            "<target value=\"56\">\n            <dimension name=\"gender\" value=\"female\"/>"
        ),
        "{text}"
    );
    assert!(
        text.contains("<period-start iso-date=\"2019-10-01\"/>"),
        "{text}"
    );
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/iati/schema/iati-activities-schema.xsd");
    match std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(&xml)
        .output()
    {
        Ok(run) => assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        ),
        Err(_) if std::env::var_os("GSEF_REQUIRE_XMLLINT").is_none() => {
            eprintln!(
                "xmllint is not installed: the IATI file was not checked against its schema here (CI checks it)"
            );
        }
        Err(error) => panic!("GSEF_REQUIRE_XMLLINT is set and xmllint cannot run: {error}"),
    }
}

/// Counted without a rule, once ever, an indicator must agree with `report attendance`, which
/// counts the same people another way: its `all` row with the distinct participants, each
/// gender with its row, and the organisations with the organizations recorded. Checked on the
/// fixture and on the shipped Mexico workshop.
#[test]
fn without_a_rule_an_indicator_agrees_with_the_attendance_report() {
    let shipped = TestStore::uninitialised();
    std::fs::create_dir(shipped.records()).unwrap();
    let records = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("records");
    for entry in std::fs::read_dir(records).unwrap().flatten() {
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), shipped.records().join(entry.file_name())).unwrap();
        }
    }
    for store in [store(), shipped] {
        let definitions = store.dir.path().join("plain.jsonl");
        std::fs::write(
            &definitions,
            concat!(
                r#"{"id": "people-ever", "title": "People", "framework": "Test", "unit": "person", "#,
                r#""once_per": "all-time", "period": "year", "breakdowns": ["gender"]}"#,
                "\n",
                r#"{"id": "organisations-ever", "title": "Organisations", "framework": "Test", "#,
                r#""unit": "organisation", "once_per": "all-time", "period": "year"}"#,
                "\n"
            ),
        )
        .unwrap();
        store
            .gsef(&["indicator", "add", definitions.to_str().unwrap()])
            .ok();
        let indicators = store
            .gsef(&[
                "report",
                "indicators",
                "people-ever",
                "organisations-ever",
                "--format",
                "json",
            ])
            .ok()
            .json();
        let by_gender = store
            .gsef(&["report", "attendance", "--by", "gender", "--format", "json"])
            .ok()
            .json();
        let people = &indicators["indicators"][0];
        assert_eq!(people["actual"], by_gender["totals"]["participants"]);
        let mut from_indicator: Vec<(serde_json::Value, serde_json::Value)> = people["breakdowns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|split| (split["value"].clone(), split["actual"].clone()))
            .collect();
        let mut from_attendance: Vec<(serde_json::Value, serde_json::Value)> = by_gender["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| (row["gender"].clone(), row["participants"].clone()))
            .collect();
        from_indicator.sort_by_key(|pair| pair.0.to_string());
        from_attendance.sort_by_key(|pair| pair.0.to_string());
        assert_eq!(from_indicator, from_attendance);
        let by_organization = store
            .gsef(&[
                "report",
                "attendance",
                "--by",
                "organization",
                "--format",
                "json",
            ])
            .ok()
            .json();
        let recorded = by_organization["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|row| !row["organization"].is_null())
            .count();
        assert_eq!(indicators["indicators"][1]["actual"], recorded);
        // Each person once ever: the years add up to all of them.
        let years: u64 = people["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|period| period["actual"].as_u64().unwrap())
            .sum();
        assert_eq!(serde_json::Value::from(years), people["actual"]);
    }
}

/// With its hours a day recorded, an in-person event's days count toward `min_hours`.
#[test]
fn an_events_hours_a_day_count_its_days_present_as_hours() {
    let store = store();
    let before = store.snapshot();
    store
        .gsef(&["event", "edit", "e-may", "--hours-per-day", "25"])
        .fails(2, "at most 24");
    assert_eq!(store.snapshot(), before);
    store
        .gsef(&["event", "edit", "e-may", "--hours-per-day", "2"])
        .ok();
    assert!(
        store
            .gsef(&["event", "show", "e-may"])
            .ok()
            .stdout
            .contains("Hours per day")
    );
    // p1 was there both days of May: 4 hours, counted in FY2019, new. p2 came one day: 2 hours.
    let fiscal = csv(&store, &["us-individuals-trained", "--period", "FY2019"]);
    assert_eq!(
        fiscal,
        "indicator,period,breakdown,value,actual,target,share
us-individuals-trained,FY2019,all,all,1,,
us-individuals-trained,FY2019,gender,female,1,,
us-individuals-trained,FY2019,age_band,15–29,1,,
us-individuals-trained,FY2019,continuity,new,1,,
"
    );
    let explained = store
        .gsef(&[
            "report",
            "indicators",
            "us-individuals-trained",
            "--explain",
            "p2",
        ])
        .ok()
        .stdout;
    assert!(
        explained.contains("e-may: 2 hours so far, of the 3 asked"),
        "{explained}"
    );
    // A hand edit the command would have refused is named by `check`.
    let events = store
        .read("events.jsonl")
        .replace(r#""hours_per_day":2"#, r#""hours_per_day":0"#);
    store.write("events.jsonl", &events);
    let problems = store.gsef(&["check"]).fails(1, "1 problem found").stdout;
    assert!(
        problems.contains("events.jsonl:1: invalid hours_per_day `0`"),
        "{problems}"
    );
}

/// `--list` names the people counted whose consent allows it, and counts the others.
#[test]
fn list_names_only_the_people_who_may_be_listed() {
    let store = store();
    store
        .gsef(&["participant", "edit", "p1", "--consent", "list"])
        .ok();
    let out = store
        .gsef(&[
            "report",
            "indicators",
            "eea-civ-007",
            "eea-civ-039",
            "--list",
        ])
        .ok()
        .stdout;
    for line in [
        "eea-civ-007, 2019: Ana (p1)",
        "eea-civ-007: 3 people counted are not named: their consent does not allow it",
        "eea-civ-039, 2020: Coop C, Municipio B",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    assert!(!out.contains("Bruno"), "{out}");
    let json = store
        .gsef(&[
            "report",
            "indicators",
            "eea-civ-007",
            "--list",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(
        json["listed"],
        serde_json::json!([{"indicator": "eea-civ-007", "not_listed": 3,
            "units": [{"period": "2019", "id": "p1", "name": "Ana", "event": null}]}])
    );
    store
        .gsef(&["report", "indicators", "--list", "--min-count", "5"])
        .fails(2, "--min-count");
}

/// WIOA's figures: year to date and the last four quarters, each person once over the window.
#[test]
fn year_to_date_and_rolling_quarters_count_each_unit_once_over_their_window() {
    let store = store();
    add_definition(
        &store,
        r#"{"id": "people-by-quarter", "title": "People who came, each quarter", "framework": "Test",
            "unit": "person", "once_per": "period", "period": "quarter", "breakdowns": ["gender"]}"#,
    );
    // Each quarter counts who came in it: p1, p2 in Q2 2019; p1, p2, p4 in Q4; p1, p3, p5 in
    // Q1 2020. Year to date at Q1 2020 starts again; the last four quarters then hold all five
    // (e-2020, dated by its year alone, lies in none of the windows wholly). p4, whose gender is
    // not recorded, came in the window ending in Q1 2020 but not in that quarter: a row of 0.
    let table = csv(
        &store,
        &["people-by-quarter", "--to-date", "--rolling", "4"],
    );
    let rows: Vec<&str> = table.lines().take(16).collect();
    assert_eq!(
        rows,
        [
            "indicator,period,breakdown,value,actual,target,share,to_date,rolling",
            "people-by-quarter,2019-Q2,all,all,2,,,2,2",
            "people-by-quarter,2019-Q2,gender,female,1,,,1,1",
            "people-by-quarter,2019-Q2,gender,male,1,,,1,1",
            "people-by-quarter,2019-Q3,all,all,0,,,2,2",
            "people-by-quarter,2019-Q3,gender,female,0,,,1,1",
            "people-by-quarter,2019-Q3,gender,male,0,,,1,1",
            "people-by-quarter,2019-Q4,all,all,3,,,3,3",
            "people-by-quarter,2019-Q4,gender,female,1,,,1,1",
            "people-by-quarter,2019-Q4,gender,male,1,,,1,1",
            "people-by-quarter,2019-Q4,gender,,1,,,1,1",
            "people-by-quarter,2020-Q1,all,all,3,,,3,5",
            "people-by-quarter,2020-Q1,gender,female,2,,,2,2",
            "people-by-quarter,2020-Q1,gender,male,1,,,1,2",
            "people-by-quarter,2020-Q1,gender,,0,,,0,1",
            "people-by-quarter,,all,all,2,,,,",
        ]
    );
    let json = store
        .gsef(&[
            "report",
            "indicators",
            "people-by-quarter",
            "--rolling",
            "4",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(json["indicators"][0]["periods"][3]["rolling"], 5);
    assert_eq!(json["filters"]["rolling"], 4);
    // Small window counts are hidden with the rest.
    let hidden = csv(
        &store,
        &["people-by-quarter", "--to-date", "--min-count", "3"],
    );
    assert!(
        hidden.contains("people-by-quarter,2019-Q2,all,all,<3,,,<3"),
        "{hidden}"
    );
    store
        .gsef(&["report", "indicators", "--rolling", "1"])
        .fails(2, "--rolling");
}
