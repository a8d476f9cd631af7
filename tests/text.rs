//! Text hygiene: what gsef writes is trimmed, composed and free of characters that act on a
//! terminal or hide in the text; what was written by hand is flagged by `check`, shown escaped,
//! cut short in tables, and grouped by its normal form in reports.

use crate::util::TestStore;

/// Each character that has no business in a name, as it would arrive: an ANSI colour
/// sequence, a line break, a tab, a right-to-left override, a zero-width space, a byte order
/// mark and a C1 control (CSI).
const HOSTILE: [(&str, &str); 7] = [
    ("\u{1b}[31m", "a control character (U+001B)"),
    ("\n", "a line break (U+000A)"),
    ("\t", "a tab (U+0009)"),
    ("\u{202e}", "a bidi control (U+202E)"),
    ("\u{200b}", "an invisible character (U+200B)"),
    ("\u{feff}", "an invisible character (U+FEFF)"),
    ("\u{9b}", "a control character (U+009B)"),
];

fn store_with_ana() -> TestStore {
    let store = TestStore::with_mexico_workshop();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "p1",
            "--name",
            "Ana Ruiz",
            "--sector",
            "sse",
        ])
        .ok();
    store
}

/// Hand-written records: one event, the participants given as JSON lines, each attending.
fn store_with_participants(lines: &[String]) -> TestStore {
    let store = TestStore::empty();
    store.write("events.jsonl", "{\"id\":\"e1\",\"title\":\"Workshop\"}\n");
    let mut participants = String::new();
    let mut attendance = String::new();
    for (index, line) in lines.iter().enumerate() {
        participants.push_str(line);
        participants.push('\n');
        attendance.push_str(&format!(
            "{{\"event\":\"e1\",\"participant\":\"p{}\",\"status\":\"attended\"}}\n",
            index + 1
        ));
    }
    store.write("participants.jsonl", &participants);
    store.write("attendance.jsonl", &attendance);
    store
}

fn participant(number: usize, name: &str, region: &str) -> String {
    serde_json::json!({
        "id": format!("p{number}"), "name": name, "sector": "sse", "region": region,
        "consent": "list"
    })
    .to_string()
}

#[test]
fn each_hostile_character_is_refused_on_add_and_edit_naming_the_flag() {
    let store = store_with_ana();
    for (hostile, described) in HOSTILE {
        let name = format!("Ana{hostile}Ruiz");
        let expected =
            format!("error: --name: contains {described} at character 4; names are plain text\n");
        let run = store.refuses(
            &["participant", "add", "--name", &name, "--sector", "sse"],
            1,
            &expected,
        );
        assert_eq!(run.stderr, expected, "one line, the value not repeated");
        store.refuses(
            &["participant", "edit", "p1", "--name", &name],
            1,
            &expected,
        );
        store.refuses(
            &[
                "participant",
                "edit",
                "p1",
                "--region",
                &format!("Jal{hostile}isco"),
            ],
            1,
            &format!(
                "error: --region: contains {described} at character 4; regions are plain text"
            ),
        );
        store.refuses(
            &[
                "event",
                "add",
                "--id",
                "e2",
                "--title",
                &format!("Work{hostile}shop"),
            ],
            1,
            &format!("error: --title: contains {described} at character 5; titles are plain text"),
        );
    }
}

#[test]
fn each_hostile_character_is_refused_on_import_naming_file_line_and_column() {
    let store = store_with_ana();
    // A spreadsheet's line breaks and tabs in a cell lay it out: the import reads them as
    // spaces (see the next test); every other hostile character is refused.
    for (hostile, described) in HOSTILE
        .into_iter()
        .filter(|(hostile, _)| !matches!(*hostile, "\n" | "\t"))
    {
        let csv = format!(
            "Name,Organization,Region\nBea Soto,INAES,Jalisco\nCé Luna,\"Red{hostile}SSE\",Oaxaca\n"
        );
        std::fs::write(store.dir.path().join("people.csv"), csv).unwrap();
        let run = store.refuses(
            &["import", "participants", "people.csv", "--sector-default", "sse"],
            1,
            &format!(
                "people.csv:3: column 2 (`Organization`) contains {described} at character 4; organizations are plain text\n"
            ),
        );
        assert!(
            run.stderr.contains("nothing was imported"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn an_import_reads_a_cell_laid_out_on_several_lines_as_one_line() {
    let store = store_with_ana();
    std::fs::write(
        store.dir.path().join("people.csv"),
        "Name,Organization\nBea Soto,\"Universidad Nacional\r\n  Instituto\tde Economía\"\nCé Luna,INAES\n",
    )
    .unwrap();
    store.gsef(&["import", "participants", "people.csv"]).ok();
    let participants = store.lines("participants.jsonl");
    assert_eq!(
        participants[1]["organization"],
        "Universidad Nacional Instituto de Economía"
    );
    assert_eq!(participants[2]["name"], "Cé Luna");
}

#[test]
fn overlong_text_is_refused_with_the_limit() {
    let store = store_with_ana();
    let longest = "é".repeat(200);
    store
        .refuses(
            &["participant", "add", "--name", &format!("{longest}x")],
            1,
            "error: --name: is 201 characters long; names may have at most 200",
        )
        .brief(200);
    store.refuses(
        &["participant", "edit", "p1", "--region", &"r".repeat(121)],
        1,
        "--region: is 121 characters long; regions may have at most 120",
    );
    store.refuses(
        &["event", "add", "--id", "e2", "--title", &"t".repeat(301)],
        1,
        "--title: is 301 characters long; titles may have at most 300",
    );
    std::fs::write(
        store.dir.path().join("long.csv"),
        format!("Name\n{}\n", "n".repeat(250)),
    )
    .unwrap();
    store.refuses(
        &["import", "participants", "long.csv"],
        1,
        "long.csv:2: column 1 (`Name`) is 250 characters long; names may have at most 200",
    );
    // The bound counts characters, not bytes: 200 accented letters are a name.
    store
        .gsef(&["participant", "add", "--id", "p2", "--name", &longest])
        .ok();
}

#[test]
fn written_text_is_trimmed_and_composed() {
    let store = store_with_ana();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "p2",
            "--name",
            "  Rene\u{301} Tremblay \n",
            "--region",
            " Que\u{301}bec",
            "--organization",
            "Chantier de l’économie sociale ",
        ])
        .ok();
    let written = store.read("participants.jsonl");
    let line = written.lines().last().unwrap();
    assert_eq!(
        line,
        "{\"id\":\"p2\",\"name\":\"René Tremblay\",\"organization\":\"Chantier de l’économie sociale\",\"region\":\"Québec\"}"
    );
    assert!(line.contains("Ren\u{e9}") && !line.contains('\u{301}'));

    store
        .gsef(&["participant", "edit", "p1", "--name", "Ana Rui\u{301}z  "])
        .ok();
    assert_eq!(store.lines("participants.jsonl")[0]["name"], "Ana Ruíz");

    std::fs::write(
        store.dir.path().join("people.csv"),
        "Nombre,Estado\n Jose\u{301} Pérez ,Quere\u{301}taro\n",
    )
    .unwrap();
    store
        .gsef(&[
            "import",
            "participants",
            "people.csv",
            "--sector-default",
            "sse",
        ])
        .ok();
    let imported = store.lines("participants.jsonl");
    let jose = imported.last().unwrap();
    assert_eq!(jose["name"], "José Pérez");
    assert_eq!(jose["region"], "Querétaro");
    assert!(!store.read("participants.jsonl").contains('\u{301}'));
}

#[test]
fn check_flags_hand_edited_text_with_file_and_line() {
    let store = store_with_participants(&[
        participant(1, "Ana Ruiz", "Jalisco"),
        participant(2, "Bea\u{202e}Soto", "Jalisco"),
        participant(3, "Cé\u{1b}[2J", "Oaxaca\u{200b}"),
        participant(4, &"x".repeat(12_000), "Quere\u{301}taro"),
    ]);
    let run = store.gsef(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let said = format!("{}{}", run.stdout, run.stderr);
    for expected in [
        "participants.jsonl:2: participant `p2`'s name contains a bidi control (U+202E) at character 4; names are plain text",
        "participants.jsonl:3: participant `p3`'s name contains a control character (U+001B) at character 3",
        "participants.jsonl:3: participant `p3`'s region contains an invisible character (U+200B) at character 7",
        "participants.jsonl:4: participant `p4`'s name is 12000 characters long; names may have at most 200",
        "participants.jsonl:4: participant `p4`'s region is not in composed form (Unicode NFC)",
    ] {
        assert!(said.contains(expected), "{expected:?} not in:\n{said}");
    }
    assert!(!said.contains("participants.jsonl:1:"), "{said}");
    assert!(
        !said.contains('\u{1b}') && !said.contains('\u{202e}'),
        "{said}"
    );
    // Reading is not refused: the store still reports.
    store.gsef(&["report", "attendance", "--by", "region"]).ok();
}

#[test]
fn hand_edited_escapes_show_escaped_in_lists_reports_and_check() {
    let store = store_with_participants(&[
        participant(1, "Ana\u{1b}[31mRed", "Jal\u{1b}[2Jisco"),
        participant(2, "Bea\u{9b}31m", "Oaxaca"),
    ]);
    let list = store.gsef(&["participant", "list"]).ok();
    let report = store.gsef(&["report", "attendance", "--by", "region"]).ok();
    let check = store.gsef(&["check"]);
    // Check quotes a value it cannot take, such as a sector, which no report would read.
    let unreadable = store_with_participants(&[serde_json::json!(
        {"id": "p1", "name": "Cy", "sector": "sse\u{1b}[5m"}
    )
    .to_string()]);
    let quoted = unreadable.gsef(&["check"]);
    for (what, shown) in [
        ("participant list", list.stdout),
        ("report", report.stdout),
        ("check", check.stdout + &check.stderr),
        ("check quoting", quoted.stdout + &quoted.stderr),
    ] {
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{9b}'),
            "{what} let a raw control through:\n{shown}"
        );
        assert!(
            shown.contains("\\u001b") || shown.contains("(U+001B)"),
            "{what}:\n{shown}"
        );
    }
}

#[test]
fn an_overlong_hand_edited_name_is_cut_in_tables_and_kept_in_data() {
    let long = "x".repeat(12_000);
    let store = store_with_participants(&[participant(1, &long, "Jalisco")]);
    let table = store.gsef(&["participant", "list"]).ok().stdout;
    assert!(
        table.lines().count() < 20,
        "{} lines",
        table.lines().count()
    );
    assert!(table.contains('…'));
    let shown = store.gsef(&["participant", "show", "p1"]).ok().stdout;
    assert!(
        shown.lines().count() < 60,
        "{} lines",
        shown.lines().count()
    );
    let csv = store
        .gsef(&["participant", "list", "--format", "csv"])
        .ok()
        .stdout;
    assert!(csv.contains(&long));
    let json = store
        .gsef(&["participant", "list", "--format", "json"])
        .ok()
        .json();
    assert_eq!(json[0]["name"], long.as_str());
}

#[test]
fn reports_group_values_that_differ_only_in_form() {
    let store = store_with_participants(&[
        participant(1, "Ana", "Jalisco"),
        participant(2, "Bea", "Jalisco\u{200b}"),
        participant(3, "Cé", "Quere\u{301}taro"),
        participant(4, "Di", "Quer\u{e9}taro"),
        participant(5, "Eva", "\u{feff}Jalisco "),
    ]);
    let report = store
        .gsef(&["report", "attendance", "--by", "region", "--format", "json"])
        .ok()
        .json();
    let rows: Vec<(String, u64)> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["region"].as_str().unwrap().to_string(),
                row["participants"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![("Jalisco".to_string(), 3), ("Querétaro".to_string(), 2)]
    );
    // Labelled by the composed form, whichever spelling came first.
    assert_eq!(rows[1].0.chars().count(), 9);
    let trained = store
        .gsef(&["report", "trained", "--by", "region", "--format", "json"])
        .ok()
        .json();
    assert_eq!(trained["rows"].as_array().unwrap().len(), 2, "{trained}");
}

#[test]
fn a_usage_error_spells_out_what_it_quotes() {
    let store = TestStore::empty();
    let run = store.refuses(
        &["participant", "list", "--country", "M\u{202e}X"],
        2,
        "invalid value 'M\\u202eX' for '--country <COUNTRY>'",
    );
    assert!(!run.stderr.contains('\u{202e}'), "{}", run.stderr);
}

#[test]
fn the_region_filter_matches_as_reports_group() {
    let store = store_with_participants(&[
        participant(1, "Ana", "Quere\u{301}taro"),
        participant(2, "Bea", "Jalisco"),
    ]);
    let listed = store
        .gsef(&[
            "participant",
            "list",
            "--region",
            "querétaro",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed[0]["id"], "p1");
}
