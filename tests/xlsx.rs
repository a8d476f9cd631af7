//! `--format xlsx` and `--bom`: every workbook read back with calamine holds exactly the
//! numbers the CSV of the same command gives, as number cells; hidden counts are text; the
//! About sheet names the filters. A workbook is never written to stdout.
//!
//! Counts are those of the `small` fixture (see `tests/report.rs`): 6 people attended, 4 of
//! them at Mexico.

use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use crate::util::TestStore;

fn fixture() -> TestStore {
    TestStore::fixture("small")
}

fn out_path(store: &TestStore, name: &str) -> PathBuf {
    store.dir.path().join(name)
}

/// Runs `args` with `--format xlsx --output FILE` and returns the workbook's sheets by name.
fn workbook(store: &TestStore, args: &[&str]) -> Vec<(String, Range<Data>)> {
    let path = out_path(store, "out.xlsx");
    let mut full: Vec<&str> = args.to_vec();
    let path_text = path.to_str().unwrap().to_string();
    full.extend_from_slice(&["--format", "xlsx", "--output", &path_text]);
    store.gsef(&full).ok();
    sheets(&path)
}

fn sheets(path: &Path) -> Vec<(String, Range<Data>)> {
    let mut book: Xlsx<_> = open_workbook(path).expect("an xlsx workbook");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a readable sheet");
            (name, range)
        })
        .collect()
}

fn sheet<'a>(book: &'a [(String, Range<Data>)], name: &str) -> &'a Range<Data> {
    &book
        .iter()
        .find(|(sheet, _)| sheet == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

/// The same command's CSV, parsed.
fn csv_of(store: &TestStore, args: &[&str]) -> Vec<Vec<String>> {
    let mut full: Vec<&str> = args.to_vec();
    full.extend_from_slice(&["--format", "csv"]);
    let run = store.gsef(&full).ok();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(run.stdout.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn rows(range: &Range<Data>) -> Vec<Vec<Data>> {
    range.rows().map(<[Data]>::to_vec).collect()
}

/// Whether a workbook cell holds what the CSV cell says: a number as a number cell, text as
/// text (the CSV defuses formulas with a `'` and leaves a missing group empty).
#[track_caller]
fn assert_cell(cell: &Data, csv: &str, at: &str) {
    match cell {
        Data::Float(number) => {
            let expected: f64 = csv
                .parse()
                .unwrap_or_else(|_| panic!("{at}: number {number} where the CSV has {csv:?}"));
            assert_eq!(*number, expected, "{at}");
            if !csv.contains('.') {
                assert_eq!(number.fract(), 0.0, "{at}: a count is a whole number");
            }
        }
        Data::Int(number) => assert_eq!(number.to_string(), csv, "{at}"),
        Data::String(text) => assert!(
            text == csv
                || csv.strip_prefix('\'') == Some(text.as_str())
                || (csv.is_empty() && text == "(not recorded)")
                || label_of(csv) == Some(text.as_str()),
            "{at}: text {text:?} where the CSV has {csv:?}"
        ),
        Data::Empty => assert_eq!(csv, "", "{at}"),
        other => panic!("{at}: unexpected cell {other:?}"),
    }
    if let Data::String(text) = cell {
        assert!(
            csv.parse::<f64>().is_err() || (text.starts_with('0') && text.len() > 1),
            "{at}: {text:?} is a number written as text"
        );
    }
}

/// How a workbook, which is for people, names what the CSV gives by id: the fixture's sectors
/// by the labels `gsef init` ships and its countries by their CLDR names.
fn label_of(id: &str) -> Option<&'static str> {
    Some(match id {
        "government" => "Government",
        "government/federal" => "Federal or national government",
        "government/municipal" => "Municipal government",
        "government/state" => "State or regional government",
        "sse/association" => "Associations",
        "sse/network" => "SSE networks and federations",
        "international" => "International organisations",
        "sse" => "Social and solidarity economy",
        "MX" => "Mexico",
        "SN" => "Senegal",
        "ES" => "Spain",
        _ => return None,
    })
}

/// A CSV header's column title in an English workbook; a column named after a value (an
/// `--across` country) keeps its name.
fn title_of(name: &str) -> &str {
    match name {
        "event" => "Event",
        "title" => "Title",
        "start" => "Start",
        "end" => "End",
        "city" => "City",
        "country" => "Country",
        "organizers" => "Organizers",
        "invited" => "Invited",
        "registered" => "Registered",
        "attended" => "Attended",
        "no_show" => "No-shows",
        "cancelled" => "Cancelled",
        "attendance_rate" => "Attendance rate",
        "objectives" => "Objectives",
        "sector" => "Sector",
        "region" => "Region",
        "participants" => "Participants",
        "attendances" => "Attendances",
        "person_days" => "Person-days",
        "events_attended" => "Events attended",
        "returning" => "Returning",
        "first_time" => "First time",
        "trained" => "Trained",
        "total" => "Total",
        value => value,
    }
}

/// Asserts that a report's sheet has the CSV's cells, row for row, under the CSV's columns'
/// titles.
#[track_caller]
fn assert_sheet_is_csv(range: &Range<Data>, csv: &[Vec<String>]) {
    assert_sheet_has(range, csv, title_of);
}

/// Asserts that a sheet has the CSV's cells, row for row, under the headers `header_of` gives
/// the CSV's: a list's sheet, data to work on, keeps the CSV's field names.
#[track_caller]
fn assert_sheet_has(range: &Range<Data>, csv: &[Vec<String>], header_of: fn(&str) -> &str) {
    let sheet = rows(range);
    assert_eq!(sheet.len(), csv.len(), "rows: sheet {sheet:?}\ncsv {csv:?}");
    let header: Vec<String> = sheet[0].iter().map(ToString::to_string).collect();
    let titles: Vec<&str> = csv[0].iter().map(|name| header_of(name)).collect();
    assert_eq!(header, titles, "headers");
    for (row_number, (cells, texts)) in sheet.iter().zip(csv).enumerate().skip(1) {
        assert_eq!(cells.len(), texts.len(), "row {row_number}");
        for (column, (cell, text)) in cells.iter().zip(texts).enumerate() {
            assert_cell(
                cell,
                text,
                &format!("row {row_number}, column {}", csv[0][column]),
            );
        }
    }
}

/// Every line of the About sheet, its label and its text joined.
fn about_text(book: &[(String, Range<Data>)]) -> String {
    rows(sheet(book, "About"))
        .iter()
        .map(|row| {
            row.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A report written as xlsx equals its CSV (with the totals row), and About says what it is.
#[track_caller]
fn assert_report_matches_csv(args: &[&str], filters: &str) -> Vec<(String, Range<Data>)> {
    let store = fixture();
    let book = workbook(&store, args);
    let mut csv_args = args.to_vec();
    csv_args.push("--totals");
    let csv = csv_of(&store, &csv_args);
    assert_eq!(book.len(), 2, "a table and About");
    assert_sheet_is_csv(&book[0].1, &csv);
    let about = about_text(&book);
    assert!(about.contains(filters), "About names {filters:?}:\n{about}");
    assert!(about.contains("distinct people"), "{about}");
    book
}

#[test]
fn attendance_by_sector_and_region_has_the_csvs_numbers() {
    let book = assert_report_matches_csv(
        &["report", "attendance", "--event", "2019-11-mexico"],
        "Event 2019-11-mexico; people who attended",
    );
    assert_eq!(book[0].0, "attendance");
    // 4 people attended Mexico: the total is a number cell.
    let last = rows(&book[0].1).pop().unwrap();
    assert_eq!(last[0], Data::String("Total".into()));
    assert_eq!(last[2], Data::Float(4.0));
}

#[test]
fn a_crosstab_with_hidden_counts_writes_them_as_text() {
    let book = assert_report_matches_csv(
        &[
            "report",
            "attendance",
            "--by",
            "sector",
            "--depth",
            "1",
            "--across",
            "country",
            "--min-count",
            "3",
        ],
        "across country",
    );
    let hidden: Vec<&Data> = book[0]
        .1
        .rows()
        .skip(1)
        .flat_map(|row| &row[1..])
        .filter(|cell| matches!(cell, Data::String(text) if text == "<3" || text == "x"))
        .collect();
    assert!(!hidden.is_empty(), "counts of 1 and 2 are hidden");
    let about = about_text(&book);
    assert!(about.contains("<3 a count from 1 to 2"), "{about}");
}

#[test]
fn events_returning_and_trained_have_the_csvs_numbers() {
    // Rates (the attendance rate) are numbers too.
    assert_report_matches_csv(&["report", "events"], "All records");
    assert_report_matches_csv(
        &[
            "report",
            "returning",
            "--per-event",
            "--series",
            "gsef-2019",
        ],
        "Series gsef-2019",
    );
    assert_report_matches_csv(&["report", "returning"], "All records");
    assert_report_matches_csv(
        &["report", "trained", "--by", "sector", "--depth", "1"],
        "Sectors at their top level",
    );
}

#[test]
fn the_about_sheet_carries_provenance_when_asked() {
    let store = fixture();
    let book = workbook(&store, &["report", "events", "--provenance"]);
    let about = about_text(&book);
    assert!(about.contains("Provenance Made by gsef"), "{about}");
    assert!(about.contains("Store: sha256:"), "{about}");
}

/// The columns `names` of a CSV, in that order, and only the rows `keep` accepts.
fn columns_of(
    csv: &[Vec<String>],
    names: &[&str],
    keep: impl Fn(&[String]) -> bool,
) -> Vec<Vec<String>> {
    let indexes: Vec<usize> = names
        .iter()
        .map(|name| csv[0].iter().position(|header| header == name).unwrap())
        .collect();
    csv.iter()
        .enumerate()
        .filter(|(number, row)| *number == 0 || keep(row))
        .map(|(_, row)| indexes.iter().map(|&i| row[i].clone()).collect())
        .collect()
}

#[test]
fn a_summary_has_a_sheet_per_table_each_as_its_report_says() {
    let store = fixture();
    let book = workbook(&store, &["report", "summary", "2019-11-mexico"]);
    let names: Vec<&str> = book.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Invited and attended",
            "Participants by sector",
            "Participants by region",
            "Returning participants",
            "About"
        ]
    );
    let mexico = |row: &[String]| row[0] == "2019-11-mexico";
    let events = csv_of(&store, &["report", "events", "--event", "2019-11-mexico"]);
    let invited = sheet(&book, "Invited and attended");
    let invited_columns = [
        "event",
        "invited",
        "registered",
        "attended",
        "no_show",
        "attendance_rate",
    ];
    assert_sheet_is_csv(invited, &columns_of(&events, &invited_columns, mexico));
    for (name, by) in [
        ("Participants by sector", "sector"),
        ("Participants by region", "region"),
    ] {
        let csv = csv_of(
            &store,
            &[
                "report",
                "attendance",
                "--event",
                "2019-11-mexico",
                "--by",
                by,
                "--depth",
                "1",
                "--totals",
            ],
        );
        assert_sheet_is_csv(sheet(&book, name), &csv);
    }
    let returning = csv_of(
        &store,
        &[
            "report",
            "returning",
            "--per-event",
            "--series",
            "gsef-2019",
        ],
    );
    let returning_sheet = sheet(&book, "Returning participants");
    assert_sheet_is_csv(
        returning_sheet,
        &columns_of(
            &returning,
            &["event", "start", "attended", "returning", "first_time"],
            mexico,
        ),
    );
    let about = about_text(&book);
    assert!(about.contains("Event 2019-11-mexico"), "{about}");
    assert!(
        about.contains("Participants are distinct people"),
        "{about}"
    );
}

#[test]
fn a_list_and_an_export_have_the_csvs_cells() {
    let store = fixture();
    let list = workbook(&store, &["participant", "list", "--all"]);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].0, "participants");
    assert_sheet_has(
        &list[0].1,
        &csv_of(&store, &["participant", "list", "--all"]),
        |name| name,
    );

    let export = workbook(&store, &["export", "events"]);
    assert_eq!(export[0].0, "events");
    let csv = csv_of(&store, &["export", "events"]);
    assert_sheet_has(&export[0].1, &csv, |name| name);
    // `invited` is a count, so a number cell.
    let invited = csv[0].iter().position(|name| name == "invited").unwrap();
    assert_eq!(rows(&export[0].1)[1][invited], Data::Float(10.0));
}

#[test]
fn a_bom_csv_is_the_plain_csv_after_three_bytes() {
    let store = fixture();
    for args in [
        &["report", "attendance", "--format", "csv"][..],
        &["export", "participants", "--format", "csv"][..],
    ] {
        let plain = store.gsef(args).ok().stdout;
        let mut with_bom = args.to_vec();
        with_bom.push("--bom");
        let marked = store.gsef(&with_bom).ok().stdout;
        assert_eq!(&marked.as_bytes()[..3], b"\xEF\xBB\xBF", "{args:?}");
        assert_eq!(&marked[3..], plain, "{args:?}");
    }
}

/// A refusal is one line on stderr, exit 1, and the store as it was.
#[track_caller]
fn refuses_in_one_line(store: &TestStore, args: &[&str], needle: &str) {
    let run = store.refuses(args, 1, needle);
    assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
}

#[test]
fn a_workbook_is_never_written_to_stdout_and_bom_is_for_csv_only() {
    let store = fixture();
    refuses_in_one_line(
        &store,
        &["report", "attendance", "--format", "xlsx"],
        "give --output FILE",
    );
    refuses_in_one_line(
        &store,
        &["report", "summary", "2019-11-mexico", "--format", "xlsx"],
        "give --output FILE",
    );
    refuses_in_one_line(
        &store,
        &["export", "participants", "--format", "xlsx"],
        "give --output FILE",
    );
    refuses_in_one_line(
        &store,
        &["participant", "list", "--format", "xlsx"],
        "give --output FILE",
    );
    refuses_in_one_line(
        &store,
        &["report", "attendance", "--format", "json", "--bom"],
        "--bom applies only to --format csv",
    );
    refuses_in_one_line(
        &store,
        &["export", "events", "--format", "json", "--bom"],
        "--bom applies only to --format csv",
    );
}

#[test]
fn a_workbook_is_written_through_the_output_file_rules() {
    let store = fixture();
    let target = out_path(&store, "elsewhere.xlsx");
    std::fs::write(&target, "keep").unwrap();
    let link = out_path(&store, "link.xlsx");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    store.refuses(
        &[
            "report",
            "events",
            "--format",
            "xlsx",
            "--output",
            link.to_str().unwrap(),
        ],
        1,
        "symbolic link",
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
}
