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
