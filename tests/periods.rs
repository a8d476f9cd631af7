//! Periods as dimensions: quarter, month and fiscal year from the events' dates, with dates of
//! less precision placed honestly (a year-only event has no quarter) and said so.

use crate::util::TestStore;

/// Three events dated to the day, to the month and to the year, and three people: all at the
/// November event, two at the May one, one at the year-only one.
fn store_over_a_year() -> TestStore {
    let store = TestStore::empty();
    for (id, start) in [
        ("e-nov", "2019-11-27"),
        ("e-may", "2019-05"),
        ("e-2020", "2020"),
    ] {
        store
            .gsef(&["event", "add", "--id", id, "--title", id, "--start", start])
            .ok();
    }
    for n in 1..=3 {
        let id = store
            .gsef(&[
                "participant",
                "add",
                "--name",
                &format!("Person {n}"),
                "--sector",
                "sse",
            ])
            .ok()
            .stdout
            .trim()
            .to_string();
        store.gsef(&["attend", "e-nov", &id]).ok();
        if n <= 2 {
            store.gsef(&["attend", "e-may", &id]).ok();
        }
        if n == 1 {
            store.gsef(&["attend", "e-2020", &id]).ok();
        }
    }
    store
}

fn csv_of(store: &TestStore, by: &str) -> String {
    store
        .gsef(&["report", "attendance", "--by", by, "--format", "csv"])
        .ok()
        .stdout
}

#[test]
fn quarters_and_months_come_from_the_dates_and_a_year_alone_gives_neither() {
    let store = store_over_a_year();
    assert_eq!(
        csv_of(&store, "quarter"),
        "quarter,participants,attendances\n2019-Q2,2,2\n2019-Q4,3,3\n,1,1\n"
    );
    assert_eq!(
        csv_of(&store, "month"),
        "month,participants,attendances\n2019-05,2,2\n2019-11,3,3\n,1,1\n"
    );
    let table = store
        .gsef(&["report", "attendance", "--by", "quarter"])
        .ok()
        .stdout;
    assert!(table.contains("(not recorded)"), "{table}");
    assert!(
        table.contains("`e-2020` is dated too loosely to have a quarter"),
        "{table}"
    );
    let json = store
        .gsef(&["report", "attendance", "--by", "month", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        json["not_placed_in_period"],
        serde_json::json!({"month": ["e-2020"]})
    );
}

/// A fiscal year is named by the calendar year it ends in: from July, May 2019 is in FY2019
/// and November 2019 in FY2020; from January it is the calendar year, so a year-only event
/// is placed too.
#[test]
fn fiscal_years_begin_in_the_month_they_are_given() {
    let store = store_over_a_year();
    assert_eq!(
        csv_of(&store, "fiscal-year-07"),
        "fiscal_year_07,participants,attendances\nFY2019,2,2\nFY2020,3,3\n,1,1\n"
    );
    assert_eq!(
        csv_of(&store, "fiscal-year-01"),
        "fiscal_year_01,participants,attendances\nFY2019,3,5\nFY2020,1,1\n"
    );
    // US federal: October to September.
    assert_eq!(
        csv_of(&store, "fiscal-year-10"),
        "fiscal_year_10,participants,attendances\nFY2019,2,2\nFY2020,3,3\n,1,1\n"
    );
    let before = store.snapshot();
    store
        .gsef(&["report", "attendance", "--by", "fiscal-year"])
        .fails(2, "a fiscal year says its first month");
    store
        .gsef(&["report", "attendance", "--by", "fiscal-year-13"])
        .fails(2, "fiscal-year-01 (January) to fiscal-year-12");
    assert_eq!(store.snapshot(), before);
}

#[test]
fn a_period_across_the_columns_in_another_language() {
    let store = store_over_a_year();
    let csv = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "sector",
            "--across",
            "quarter",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    assert!(csv.starts_with("sector,2019-Q2,2019-Q4,"), "{csv}");
    assert!(csv.contains("\nsse,2,3,1,3\n"), "{csv}");
    let korean = store
        .gsef(&[
            "--lang",
            "ko",
            "report",
            "attendance",
            "--by",
            "quarter,month",
        ])
        .ok()
        .stdout;
    assert!(korean.contains("분기") && korean.contains("월"), "{korean}");
    assert!(korean.contains("기간 없음"), "{korean}");
}

/// New, returning, lapsed and so far, worked out by hand: May 2019 brings persons 1 and 2
/// (both new); November brings all three (person 3 new, 1 and 2 returning); March 2020 brings
/// person 3 back, and 1 and 2, who came in November, lapse. The year-only event (person 1) has
/// the last row: nobody new, three so far.
#[test]
fn people_per_period_new_returning_lapsed_and_so_far() {
    let store = store_over_a_year();
    store
        .gsef(&[
            "event",
            "add",
            "--id",
            "e-mar",
            "--title",
            "e-mar",
            "--start",
            "2020-03-10",
        ])
        .ok();
    let third = store.lines("participants.jsonl")[2]["id"]
        .as_str()
        .unwrap()
        .to_string();
    store.gsef(&["attend", "e-mar", &third]).ok();
    let csv = store
        .gsef(&[
            "report",
            "returning",
            "--per-period",
            "quarter",
            "--format",
            "csv",
        ])
        .ok()
        .stdout;
    assert_eq!(
        csv,
        "quarter,participants,new,returning,lapsed,so_far\n\
         2019-Q2,2,2,0,0,2\n\
         2019-Q4,3,1,2,0,3\n\
         2020-Q1,1,0,1,2,3\n\
         ,1,0,1,,3\n"
    );
    let json = store
        .gsef(&[
            "report",
            "returning",
            "--per-period",
            "year",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(json["filters"]["period"], "year");
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        rows[1]["year"], "2020",
        "as `report attendance --by year` writes it"
    );
    assert_eq!(rows[1]["lapsed"], 1, "person 2 came in 2019, not in 2020");
    store
        .gsef(&["report", "returning", "--per-period", "sector"])
        .fails(2, "`sector` is no period");
    store
        .gsef(&[
            "report",
            "returning",
            "--per-period",
            "month",
            "--per-event",
        ])
        .fails(2, "cannot be used with");
}

/// A report grouped by a period keeps its query in its provenance, so `report verify` makes it
/// again: the fiscal year's first month included.
#[test]
fn a_report_by_period_verifies_later() {
    let store = store_over_a_year();
    let made = store.dir.path().join("by-fiscal-year.json");
    store
        .gsef(&[
            "report",
            "returning",
            "--per-period",
            "fiscal-year-10",
            "--format",
            "json",
            "--provenance",
            "--output",
            made.to_str().unwrap(),
        ])
        .ok();
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&made).unwrap()).unwrap();
    assert_eq!(
        written["provenance"]["query"]["view"],
        serde_json::json!({"per-period": "fiscal-year-10"})
    );
    store
        .gsef(&["report", "verify", made.to_str().unwrap()])
        .ok()
        .says("same numbers");
}
