//! `gsef sheet`: the sign-in sheet printed for an event, and the same sheet brought back
//! through `gsef import participants` — codes to people, ticks to days, empty rows to new
//! people — with what it refuses.

use calamine::{Reader, Xlsx, open_workbook};

use crate::util::TestStore;

/// The Mexico workshop with four people registered (one of them cancelled), added in an order
/// that is not their names' order; returns their ids by name.
fn registered_store() -> (TestStore, Vec<(String, String)>) {
    let store = TestStore::with_mexico_workshop();
    let mut people = Vec::new();
    for (name, organization, sector) in [
        ("Zoé Martin", "Ville de Montréal", "government/municipal"),
        ("Ana Núñez <b>", "Cooperativa La Esperanza", "sse"),
        ("김서연", "서울시 사회적경제지원센터", "sse"),
        ("Bruno Díaz", "INAES", "government/federal"),
    ] {
        let id = store
            .gsef(&[
                "participant",
                "add",
                "--name",
                name,
                "--organization",
                organization,
                "--sector",
                sector,
            ])
            .ok()
            .stdout
            .trim()
            .to_string();
        people.push((name.to_string(), id));
    }
    for (_, id) in &people[..3] {
        store
            .gsef(&["attend", "2019-11-mexico", id, "--status", "registered"])
            .ok();
    }
    store
        .gsef(&[
            "attend",
            "2019-11-mexico",
            &people[3].1,
            "--status",
            "cancelled",
        ])
        .ok();
    (store, people)
}

fn attended_at_mexico(store: &TestStore) -> u64 {
    let report = store
        .gsef(&["report", "events", "--format", "json"])
        .ok()
        .json();
    report["rows"][0]["attended"].as_u64().unwrap()
}

#[test]
fn a_sheet_lists_the_registered_in_name_order_with_a_code_each() {
    let (store, _) = registered_store();
    let html = store
        .gsef(&["--lang", "es", "sheet", "2019-11-mexico", "--blank", "3"])
        .ok()
        .stdout;
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<html lang=\"es\">"));
    assert!(html.contains("Hoja de registro"));
    assert!(html.contains("27–28 de noviembre de 2019"));
    // Name order, the cancelled person left out, and markup in a name shown as text.
    let order: Vec<usize> = ["Ana Núñez &lt;b&gt;", "Zoé Martin", "김서연"]
        .iter()
        .map(|name| html.find(name).unwrap_or_else(|| panic!("{name} missing")))
        .collect();
    assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "{order:?}");
    assert!(!html.contains("Bruno Díaz"));
    assert!(!html.contains("Ana Núñez <b>"));
    // A day column per day, three empty rows, a consent box on each row.
    assert_eq!(html.matches("<th class=\"day\">").count(), 2);
    assert_eq!(html.matches("<tr class=\"blank\">").count(), 3);
    assert_eq!(
        html.matches("class=\"consent\"><span class=\"box\">☐")
            .count(),
        6
    );
    // The page number, said in Spanish and counted by the printer.
    assert!(
        html.contains("\"Página \" counter(page) \" de \" counter(pages)"),
        "{html}"
    );
    assert!(html.contains("size: A4 portrait"));
    // Every code is its event's part and a person's.
    let codes: Vec<&str> = html
        .match_indices("<td class=\"code\">")
        .map(|(at, tag)| &html[at + tag.len()..at + tag.len() + 9])
        .filter(|code| !code.starts_with('<'))
        .collect();
    assert_eq!(codes.len(), 3);
    assert!(
        codes
            .iter()
            .all(|code| code[..3] == codes[0][..3] && code.as_bytes()[3] == b'-')
    );
}

#[test]
fn the_store_may_word_the_consent_box() {
    let (store, _) = registered_store();
    let manifest = store.read("gsef.json");
    let mut manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    manifest["consent_wording"] =
        serde_json::json!({"fr": "J’accepte d’être compté dans les rapports de l’INAES."});
    store.write(
        "gsef.json",
        &serde_json::to_string_pretty(&manifest).unwrap(),
    );
    let french = store
        .gsef(&["--lang", "fr", "sheet", "2019-11-mexico"])
        .ok()
        .stdout;
    assert!(french.contains("J’accepte d’être compté dans les rapports de l’INAES."));
    // Where the store has no wording in a language, gsef's own.
    let english = store.gsef(&["sheet", "2019-11-mexico"]).ok().stdout;
    assert!(english.contains("I agree that my name and organization are kept"));
    store.gsef(&["check"]).ok();
}

/// The round trip the issue asks for: sheet → ticks typed into the CSV → import →
/// `report events` gives the ticked numbers, and a name on an empty row is a new person.
#[test]
fn a_ticked_csv_sheet_imports_back_as_days_attended() {
    let (store, people) = registered_store();
    let csv_text = store
        .gsef(&["sheet", "2019-11-mexico", "--format", "csv", "--blank", "2"])
        .ok()
        .stdout;
    let mut rows: Vec<Vec<String>> = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(|row| row.unwrap().iter().map(str::to_string).collect())
        .collect();
    let headers: Vec<String> = csv_text
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    assert_eq!(
        headers,
        [
            "sheet code",
            "name",
            "organization",
            "sector",
            "country",
            "email",
            "2019-11-27",
            "2019-11-28",
            "consent"
        ]
    );
    assert_eq!(rows.len(), 5, "three registered and two empty rows");
    // Ana ticks both days, Zoé the first with a time of arrival, 김서연 neither.
    assert_eq!(rows[0][1], "Ana Núñez <b>");
    rows[0][6] = "x".into();
    rows[0][7] = "✓".into();
    rows[1][6] = "9:15".into();
    // A walk-in on the first empty row.
    rows[3] = [
        "",
        "Lucía Pérez",
        "Red de Economía Solidaria",
        "",
        "MX",
        "lucia@example.org",
        "x",
        "",
        "x",
    ]
    .map(str::to_string)
    .to_vec();
    let mut filled = csv::Writer::from_writer(Vec::new());
    filled.write_record(&headers).unwrap();
    for row in &rows {
        filled.write_record(row).unwrap();
    }
    store.write(
        "../filled.csv",
        &String::from_utf8(filled.into_inner().unwrap()).unwrap(),
    );
    let filled = store.dir.path().join("filled.csv");
    let filled = filled.to_str().unwrap();

    let before = store.snapshot();
    let dry = store
        .gsef(&[
            "import",
            "participants",
            filled,
            "--event",
            "2019-11-mexico",
            "--sector-default",
            "sse",
            "--dry-run",
        ])
        .ok();
    assert!(dry.stderr.contains("Lucía Pérez"), "{}", dry.stderr);
    assert!(
        dry.stderr.contains("1 new, 3 matched existing"),
        "{}",
        dry.stderr
    );
    assert_eq!(store.snapshot(), before, "a dry run writes nothing");

    store
        .gsef(&[
            "import",
            "participants",
            filled,
            "--event",
            "2019-11-mexico",
            "--sector-default",
            "sse",
        ])
        .ok();
    assert_eq!(attended_at_mexico(&store), 3, "Ana, Zoé and the walk-in");
    let records = store.lines("attendance.jsonl");
    let days_of = |id: &str| {
        records
            .iter()
            .find(|record| record["participant"] == id)
            .map(|record| (record["status"].clone(), record["days"].clone()))
            .unwrap()
    };
    assert_eq!(
        days_of(&people[1].1),
        (
            serde_json::json!("attended"),
            serde_json::json!(["2019-11-27", "2019-11-28"])
        )
    );
    assert_eq!(
        days_of(&people[0].1),
        (
            serde_json::json!("attended"),
            serde_json::json!(["2019-11-27"])
        )
    );
    assert_eq!(days_of(&people[2].1).0, "registered");
    let walk_in = store
        .lines("participants.jsonl")
        .into_iter()
        .find(|person| person["name"] == "Lucía Pérez")
        .expect("the walk-in is a new person");
    assert_eq!(walk_in["sector"], "sse");
    // The consent box's tick agrees to what it says: counted, never listed by name.
    assert_eq!(walk_in["consent"], "aggregate");
    assert_eq!(
        store.lines("participants.jsonl").len(),
        5,
        "nobody merged, nobody doubled"
    );
}

/// The same round trip through the workbook, in Korean: its headers are the language's
/// column titles, which the import knows.
#[test]
fn a_ticked_korean_workbook_imports_back() {
    let (store, people) = registered_store();
    let sheet = store.dir.path().join("sheet.xlsx");
    store
        .gsef(&[
            "--lang",
            "ko",
            "sheet",
            "2019-11-mexico",
            "--format",
            "xlsx",
            "--output",
            sheet.to_str().unwrap(),
        ])
        .ok();
    let mut workbook: Xlsx<_> = open_workbook(&sheet).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    let mut rows: Vec<Vec<String>> = range
        .rows()
        .map(|row| row.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(rows[0][..3], ["시트 코드", "이름", "소속"]);
    assert_eq!(rows[0][6], "2019-11-27");
    let korean = rows.iter().position(|row| row[1] == "김서연").unwrap();
    rows[korean][7] = "O".into();
    let mut filled = rust_xlsxwriter::Workbook::new();
    let page = filled.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            page.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    let filled_path = store.dir.path().join("filled.xlsx");
    filled.save(&filled_path).unwrap();
    store
        .gsef(&[
            "import",
            "participants",
            filled_path.to_str().unwrap(),
            "--event",
            "2019-11-mexico",
        ])
        .ok();
    assert_eq!(attended_at_mexico(&store), 1);
    let record = store
        .lines("attendance.jsonl")
        .into_iter()
        .find(|record| record["participant"] == people[2].1.as_str())
        .unwrap();
    assert_eq!(record["days"], serde_json::json!(["2019-11-28"]));
}

#[test]
fn a_sheet_brought_to_another_event_is_refused_whole() {
    let (store, _) = registered_store();
    store
        .gsef(&[
            "event",
            "add",
            "--id",
            "2019-05-dakar",
            "--title",
            "Dakar",
            "--start",
            "2019-05",
        ])
        .ok();
    let csv_text = store
        .gsef(&["sheet", "2019-11-mexico", "--format", "csv", "--blank", "1"])
        .ok()
        .stdout;
    let mut lines: Vec<String> = csv_text.lines().map(str::to_string).collect();
    // A walk-in, who must not end up at Dakar either.
    lines[4] = ",Walk In,Org,sse,MX,,x,,".to_string();
    store.write("../sheet.csv", &(lines.join("\n") + "\n"));
    let path = store.dir.path().join("sheet.csv");
    let before = store.snapshot();
    let refused = store
        .gsef(&[
            "import",
            "participants",
            path.to_str().unwrap(),
            "--event",
            "2019-05-dakar",
            "--skip-invalid",
        ])
        .fails(1, "sheet.csv:2: sheet code");
    assert!(
        refused.stderr.contains("is from the sign-in sheet of `2019-11-mexico`, not of `2019-05-dakar`: import the sheet with --event 2019-11-mexico"),
        "{}",
        refused.stderr
    );
    assert_eq!(store.snapshot(), before);
    // A mistyped code names nobody: that row is refused, and the import with it.
    lines[1].replace_range(4..9, "ZZZZZ");
    store.write("../sheet.csv", &(lines.join("\n") + "\n"));
    store
        .gsef(&[
            "import",
            "participants",
            path.to_str().unwrap(),
            "--event",
            "2019-11-mexico",
        ])
        .fails(1, "is nobody registered for `2019-11-mexico`");
    assert_eq!(store.snapshot(), before);
}

#[test]
fn an_event_without_dates_still_prints_and_reads_its_ticks() {
    let store = TestStore::empty();
    store
        .gsef(&[
            "event",
            "add",
            "--id",
            "taller",
            "--title",
            "Taller sin fecha",
        ])
        .ok();
    let id = store
        .gsef(&[
            "participant",
            "add",
            "--name",
            "Ana Ruiz",
            "--sector",
            "sse",
        ])
        .ok()
        .stdout
        .trim()
        .to_string();
    store
        .gsef(&["attend", "taller", &id, "--status", "registered"])
        .ok();
    let html = store.gsef(&["sheet", "taller"]).ok().stdout;
    assert!(html.contains("____________"), "the dates left for the pen");
    assert_eq!(html.matches("<th class=\"day\">").count(), 1);
    let csv_text = store
        .gsef(&["sheet", "taller", "--format", "csv", "--blank", "0"])
        .ok()
        .stdout;
    assert!(
        csv_text
            .starts_with("sheet code,name,organization,sector,country,email,checked in,consent\n")
    );
    let code = csv_text.lines().nth(1).unwrap().split(',').next().unwrap();
    let ticked = format!(
        "{}\n{code},Ana Ruiz,,,,,yes,\n",
        csv_text.lines().next().unwrap()
    );
    store.write("../taller.csv", &ticked);
    let path = store.dir.path().join("taller.csv");
    store
        .gsef(&[
            "import",
            "participants",
            path.to_str().unwrap(),
            "--event",
            "taller",
        ])
        .ok();
    assert_eq!(store.lines("attendance.jsonl")[0]["status"], "attended");
}

#[test]
fn one_days_sheet_and_what_it_refuses() {
    let (store, _) = registered_store();
    let html = store
        .gsef(&["sheet", "2019-11-mexico", "--day", "28/11"])
        .ok()
        .stdout;
    assert_eq!(html.matches("<th class=\"day\">").count(), 1);
    assert!(html.contains("28 November 2019"));
    let before = store.snapshot();
    store
        .gsef(&["sheet", "2019-11-mexico", "--day", "2019-12-01"])
        .fails(1, "outside event `2019-11-mexico`'s dates");
    store
        .gsef(&["sheet", "2019-11-mexico", "--format", "xlsx"])
        .fails(1, "give --output FILE");
    store.gsef(&["sheet", "nowhere"]).fails(1, "nowhere");
    assert_eq!(store.snapshot(), before);
}

#[test]
fn three_days_turn_the_page_to_landscape() {
    let store = TestStore::empty();
    store
        .gsef(&[
            "event",
            "add",
            "--id",
            "e3",
            "--title",
            "Three days",
            "--start",
            "2019-10-14",
            "--end",
            "2019-10-16",
        ])
        .ok();
    let html = store.gsef(&["--lang", "ko", "sheet", "e3"]).ok().stdout;
    assert!(html.contains("size: A4 landscape"));
    assert_eq!(html.matches("<th class=\"day\">").count(), 3);
    assert!(
        html.contains("counter(pages) \"쪽 중 \" counter(page) \"쪽\""),
        "{html}"
    );
}
