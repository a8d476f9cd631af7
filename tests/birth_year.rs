//! A participant's year of birth: imported from forms (a year, or a date of which only the year
//! is kept), given and cleared by hand, checked in a hand-edited store, erased by `forget`, and
//! never overwritten by a merge or an import. Expected years are worked out by hand in
//! `tests/fixtures/import/sources/*-birth*.expected.md`.

use serde_json::{Value, json};

use crate::util::TestStore;

fn source(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/sources/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Each stored person as `[name, birth_year]`, `null` where none is recorded.
fn names_and_years(store: &TestStore) -> Vec<Value> {
    store
        .lines("participants.jsonl")
        .iter()
        .map(|person| {
            json!([
                person["name"],
                person.get("birth_year").cloned().unwrap_or(Value::Null)
            ])
        })
        .collect()
}

/// The one stored record of `id`.
fn person(store: &TestStore, id: &str) -> Value {
    store
        .lines("participants.jsonl")
        .into_iter()
        .find(|person| person["id"] == id)
        .unwrap()
}

fn add(store: &TestStore, id: &str, name: &str, extra: &[&str]) {
    let mut args = vec!["participant", "add", "--id", id, "--name", name];
    args.extend_from_slice(extra);
    store.gsef(&args).ok();
}

#[test]
fn google_forms_dates_of_birth_keep_only_their_year() {
    let store = TestStore::empty();
    let path = source("google-forms-date-of-birth.csv");
    let dry = store
        .gsef(&["--dry-run", "import", "participants", &path])
        .ok();
    assert!(
        dry.stderr.contains("birth-year ← `Date of birth`"),
        "{}",
        dry.stderr
    );
    store.gsef(&["import", "participants", &path]).ok();
    assert_eq!(
        names_and_years(&store),
        [
            json!(["Ana Ruiz Ochoa", 1990]),
            json!(["Luc Tremblay", 1985]),
            json!(["Seo-yeon Park", null]),
            json!(["Mamadou Diallo", 2001]),
        ]
    );
    // Nothing of the day or the month is kept anywhere in the store.
    let stored = store.read("participants.jsonl");
    for date in ["4/12/1990", "11/30/1985", "1/5/2001", "-04-", "-12-"] {
        assert!(!stored.contains(date), "{date} in {stored}");
    }
}

#[test]
fn kobotoolbox_year_of_birth_from_its_xml_name() {
    let store = TestStore::empty();
    store
        .gsef(&["import", "participants", &source("kobo-birth-year.csv")])
        .ok();
    assert_eq!(
        names_and_years(&store),
        [
            json!(["Ximena Robledo Tapia", 1990]),
            json!(["Tomás Ek Chablé", null]),
            json!(["Alex Noriega Paz", 1978]),
            json!(["Lucía Beltrán Ríos", 2003]),
        ]
    );
}

/// A Google Forms short-answer question, where people type what they like.
const TYPED_DATES: &str = "Timestamp,Email Address,Full name,Date of birth (DD/MM/YYYY)\r\n\
    2019/11/20 9:02:11 AM GMT-6,ana.ruiz@example.org,Ana Ruiz Ochoa,12/04/1990\r\n\
    2019/11/20 9:15:40 AM GMT-6,luc.tremblay@example.org,Luc Tremblay,12/04/90\r\n";

#[test]
fn a_two_digit_year_is_refused_naming_file_line_and_column() {
    let store = TestStore::empty();
    add(&store, "kept", "Kept Person", &["--birth-year", "1970"]);
    let file = store.dir.path().join("typed.csv");
    std::fs::write(&file, TYPED_DATES).unwrap();
    let path = file.to_str().unwrap();
    let run = store.refuses(
        &["import", "participants", path],
        1,
        "typed.csv:3: column 4 (`Date of birth (DD/MM/YYYY)`) `12/04/90` gives the year in two digits, which could be 1990 or 2090",
    );
    assert!(!run.stderr.contains("typed.csv:2"), "{}", run.stderr);

    let too_early = TYPED_DATES.replace("12/04/90", "12/04/1776");
    std::fs::write(&file, too_early).unwrap();
    store.refuses(
        &["import", "participants", path],
        1,
        "typed.csv:3: column 4 (`Date of birth (DD/MM/YYYY)`) `12/04/1776`: a year of birth is between 1900 and",
    );
}

#[test]
fn add_edit_and_unset_a_birth_year() {
    let store = TestStore::empty();
    add(&store, "ana", "Ana Ruiz", &["--birth-year", "1990"]);
    assert_eq!(person(&store, "ana")["birth_year"], 1990);
    let shown = store
        .gsef(&["participant", "show", "ana", "--format", "json"])
        .ok()
        .json();
    assert_eq!(shown["birth_year"], 1990);

    store
        .gsef(&["participant", "edit", "ana", "--birth-year", "1991"])
        .ok();
    assert_eq!(person(&store, "ana")["birth_year"], 1991);

    for (year, said) in [
        ("90", "expected a year of four digits"),
        ("1776", "a year of birth is between 1900 and"),
        ("2990", "a year of birth is between 1900 and"),
    ] {
        store.refuses(
            &["participant", "edit", "ana", "--birth-year", year],
            2,
            said,
        );
        store.refuses(
            &["participant", "add", "--name", "Luc", "--birth-year", year],
            2,
            said,
        );
    }

    store
        .gsef(&["participant", "edit", "ana", "--unset", "birth-year"])
        .ok();
    assert_eq!(person(&store, "ana").get("birth_year"), None);
}

#[test]
fn check_refuses_a_hand_edited_year_naming_file_line_and_field() {
    let store = TestStore::empty();
    add(&store, "ana", "Ana Ruiz", &["--birth-year", "1990"]);
    let mut lines = store.read("participants.jsonl");
    lines.push_str("{\"id\":\"luc\",\"name\":\"Luc Tremblay\",\"birth_year\":1776}\n");
    store.write("participants.jsonl", &lines);
    let run = store.gsef(&["check"]).fails(1, "1 problem found");
    assert!(
        run.stdout.contains(
            "participants.jsonl:2: invalid birth_year `1776`: a year of birth is between 1900 and"
        ),
        "{}",
        run.stdout
    );
    // A command that reads the people stops at the same line, and writes nothing.
    store.refuses(
        &["participant", "list", "--all"],
        1,
        "participants.jsonl:2: invalid birth_year `1776`",
    );
}

#[test]
fn forget_erases_the_birth_year() {
    let store = TestStore::empty();
    add(
        &store,
        "ana",
        "Ana Ruiz",
        &["--birth-year", "1990", "--country", "MX"],
    );
    let run = store.gsef(&["participant", "forget", "ana"]).ok();
    assert!(run.stderr.contains("birth year"), "{}", run.stderr);
    let forgotten = person(&store, "ana");
    assert_eq!(forgotten.get("birth_year"), None);
    assert_eq!(forgotten["country"], "MX");
}

#[test]
fn merge_fills_a_missing_year_and_never_replaces_one() {
    let store = TestStore::empty();
    add(&store, "keep", "Ana Ruiz", &[]);
    add(&store, "drop", "ANA RUIZ", &["--birth-year", "1990"]);
    let run = store.gsef(&["participant", "merge", "keep", "drop"]).ok();
    assert!(run.stderr.contains("took birth_year"), "{}", run.stderr);
    assert_eq!(person(&store, "keep")["birth_year"], 1990);

    add(&store, "other", "Ana Ruiz O.", &["--birth-year", "1989"]);
    let run = store.gsef(&["participant", "merge", "keep", "other"]).ok();
    assert!(!run.stderr.contains("birth_year"), "{}", run.stderr);
    assert_eq!(person(&store, "keep")["birth_year"], 1990);
}

#[test]
fn an_import_keeps_a_stored_persons_year_as_it_is() {
    let store = TestStore::empty();
    add(
        &store,
        "ana",
        "Ana Ruiz Ochoa",
        &["--email", "ana.ruiz@example.org", "--birth-year", "1991"],
    );
    add(
        &store,
        "luc",
        "Luc Tremblay",
        &["--email", "luc.tremblay@example.org"],
    );
    store
        .gsef(&[
            "import",
            "participants",
            &source("google-forms-date-of-birth.csv"),
        ])
        .ok();
    // Ana's form says 1990 and Luc's 1985; a person already in the store keeps their record
    // as it is, as with a gender or an organization the file says otherwise.
    assert_eq!(
        names_and_years(&store),
        [
            json!(["Ana Ruiz Ochoa", 1991]),
            json!(["Luc Tremblay", null]),
            json!(["Seo-yeon Park", null]),
            json!(["Mamadou Diallo", 2001]),
        ]
    );
}

/// A KoboToolbox XLSX export, whose `date` questions are date cells: the reader gives them as
/// `1990-04-12`, and the year is kept. A serial number that lost its date format (`32975` is
/// 1990-04-12 counted in days from 1899-12-30) is a number, not a date, and is refused.
#[test]
fn spreadsheet_date_cells_give_their_year_and_a_bare_serial_is_refused() {
    let store = TestStore::empty();
    let path = store.dir.path().join("kobo.xlsx");
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (column, header) in [
        "group_datos/nombre",
        "group_datos/apellidos",
        "group_datos/date_of_birth",
        "_id",
        "_index",
    ]
    .into_iter()
    .enumerate()
    {
        let column = u16::try_from(column).unwrap();
        sheet.write_string(0, column, header).unwrap();
    }
    for (row, (given, surname, born, id)) in [
        ("Ximena", "Robledo Tapia", Some((1990, 4, 12)), 84_123_371.0),
        ("Tomás", "Ek Chablé", None, 84_123_375.0),
        ("Alex", "Noriega Paz", Some((1985, 11, 30)), 84_123_380.0),
    ]
    .into_iter()
    .enumerate()
    {
        let row = u32::try_from(row + 1).unwrap();
        sheet.write_string(row, 0, given).unwrap();
        sheet.write_string(row, 1, surname).unwrap();
        if let Some((year, month, day)) = born {
            let born = rust_xlsxwriter::ExcelDateTime::from_ymd(year, month, day).unwrap();
            sheet
                .write_datetime_with_format(row, 2, born, &date)
                .unwrap();
        }
        sheet.write_number(row, 3, id).unwrap();
        sheet.write_number(row, 4, f64::from(row)).unwrap();
    }
    workbook.save(&path).unwrap();
    let path_text = path.to_str().unwrap();
    store.gsef(&["import", "participants", path_text]).ok();
    assert_eq!(
        names_and_years(&store),
        [
            json!(["Ximena Robledo Tapia", 1990]),
            json!(["Tomás Ek Chablé", null]),
            json!(["Alex Noriega Paz", 1985]),
        ]
    );

    let bare = TestStore::empty();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Name").unwrap();
    sheet.write_string(0, 1, "Date of birth").unwrap();
    sheet.write_string(1, 0, "Ximena Robledo Tapia").unwrap();
    sheet.write_number(1, 1, 32_975.0).unwrap();
    workbook.save(&path).unwrap();
    bare.refuses(
        &["import", "participants", path_text],
        1,
        "kobo.xlsx:2: column 2 (`Date of birth`) `32975` is not a year of birth",
    );
}
