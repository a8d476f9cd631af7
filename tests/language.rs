//! Reports in the series' four languages: `--lang`, `GSEF_LANG` and the locale choose it; what
//! people read changes (titles, statuses, sector labels, country names, dates, numbers), what
//! scripts read (CSV headers, JSON keys, messages) does not.
//!
//! The counts are the small fixture's, worked out by hand in `tests/report.rs`; at Mexico 6
//! registered and 4 attended, a rate of 66.7%, by sector government 3 and international 1.

use crate::util::{TestStore, assert_golden};

fn fixture() -> TestStore {
    TestStore::fixture("small")
}

const SUMMARY: [&str; 3] = ["report", "summary", "2019-11-mexico"];

fn summary_in(language: &str, format: &str) -> Vec<String> {
    let mut args: Vec<String> = ["--lang", language]
        .iter()
        .chain(SUMMARY.iter())
        .map(ToString::to_string)
        .collect();
    args.extend(["--format".to_string(), format.to_string()]);
    args
}

#[test]
fn the_summary_matches_its_golden_file_in_each_language() {
    let store = fixture();
    for language in ["es", "fr", "ko"] {
        for (format, extension) in [("markdown", "md"), ("html", "html")] {
            let args = summary_in(language, format);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            assert_golden(
                &store,
                &args,
                &format!("summary-mexico.{language}.{extension}"),
            );
        }
    }
    // English is the golden file the other tests already hold to.
    let mut english: Vec<&str> = SUMMARY.to_vec();
    english.extend(["--format", "markdown"]);
    assert_golden(&store, &english, "summary-mexico.md");
}

#[test]
fn a_summary_speaks_its_reader_s_language_throughout() {
    let store = fixture();
    let spanish = store
        .gsef(&["--lang", "es", "report", "summary", "2019-11-mexico"])
        .ok()
        .stdout;
    for expected in [
        "Fechas:",
        "27–28 de noviembre de 2019",
        "Mexico City, México",
        "Invitados y asistentes",
        "66,7\u{a0}%",
        // The fixture's manifest predates labels in languages: the shipped ones stand in.
        "Gobierno",
        "Organismos internacionales",
        "(sin registrar)",
    ] {
        assert!(spanish.contains(expected), "{expected:?} in\n{spanish}");
    }
    let korean = store
        .gsef(&[
            "--lang",
            "ko",
            "report",
            "summary",
            "2019-11-mexico",
            "--format",
            "html",
        ])
        .ok()
        .stdout;
    for expected in [
        "<html lang=\"ko\">",
        "2019년 11월 27–28일",
        "멕시코",
        "부문별 참가자",
        "<td>정부·공공 부문</td>",
        "66.7%",
        "xml:lang=\"ko\"",
    ] {
        assert!(korean.contains(expected), "{expected:?} in\n{korean}");
    }
    let french = store
        .gsef(&["--lang", "fr", "report", "summary", "--series", "gsef-2019"])
        .ok()
        .stdout;
    for expected in ["Sénégal", "mai 2019", "Les événements", "Pouvoirs publics"] {
        assert!(french.contains(expected), "{expected:?} in\n{french}");
    }
}

#[test]
fn csv_json_and_messages_are_the_same_in_every_language() {
    let store = fixture();
    for format in ["csv", "json", "jsonl"] {
        let args = |language: &'static str| {
            vec![
                "--lang",
                language,
                "report",
                "attendance",
                "--by",
                "sector,country",
                "--format",
                format,
            ]
        };
        let english = store.gsef(&args("en")).ok().stdout;
        for language in ["es", "fr", "ko"] {
            assert_eq!(
                store.gsef(&args(language)).ok().stdout,
                english,
                "{format} in {language}"
            );
        }
    }
    let before = store.snapshot();
    store
        .gsef(&["--lang", "ko", "report", "attendance", "--event", "nowhere"])
        .fails(1, "event `nowhere`");
    assert_eq!(store.snapshot(), before);
}

#[test]
fn the_language_comes_from_the_flag_then_gsef_lang_then_the_locale() {
    let store = fixture();
    let events_title = |env: &[(&str, &str)], args: &[&str]| {
        let mut all = vec!["report", "events", "--format", "markdown"];
        all.splice(0..0, args.iter().copied());
        let run = store.gsef_with_env(&all, "", env).ok();
        run.stdout.lines().next().unwrap_or_default().to_string()
    };
    assert!(events_title(&[], &[]).starts_with("| Event |"));
    assert!(events_title(&[("LANG", "fr_FR.UTF-8")], &[]).starts_with("| Événement |"));
    assert!(
        events_title(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "es_MX.UTF-8")], &[])
            .starts_with("| Evento |"),
        "LC_ALL before LANG"
    );
    assert!(
        events_title(&[("LC_ALL", "es_MX.UTF-8"), ("GSEF_LANG", "ko")], &[])
            .starts_with("| 행사 |"),
        "GSEF_LANG before the locale"
    );
    assert!(
        events_title(&[("GSEF_LANG", "ko")], &["--lang", "es-MX"]).starts_with("| Evento |"),
        "--lang before GSEF_LANG"
    );
    assert!(
        events_title(&[("LANG", "de_DE.UTF-8")], &[]).starts_with("| Event |"),
        "a language gsef does not speak is English"
    );
    let run = store
        .gsef(&["--lang", "pt", "report", "events"])
        .fails(2, "en, es, fr and ko");
    assert_eq!(run.stdout, "");
    store
        .gsef_with_env(&["report", "events"], "", &[("GSEF_LANG", "klingon")])
        .fails(2, "`klingon` is none of them");
}

#[test]
fn terminal_tables_translate_titles_and_numbers_but_keep_ids() {
    let store = fixture();
    let run = store
        .gsef_with_env(
            &[
                "--lang",
                "fr",
                "report",
                "events",
                "--event",
                "2019-11-mexico",
            ],
            "",
            &[("COLUMNS", "400")],
        )
        .ok();
    for expected in [
        "Événement",
        "Taux de présence",
        "66,7\u{a0}%",
        "2019-11-mexico",
        "MX",
    ] {
        assert!(
            run.stdout.contains(expected),
            "{expected:?} in\n{}",
            run.stdout
        );
    }
    let by_sector = store
        .gsef(&[
            "--lang",
            "es",
            "report",
            "attendance",
            "--by",
            "sector",
            "--depth",
            "1",
        ])
        .ok()
        .stdout;
    assert!(by_sector.contains("Participantes"), "{by_sector}");
    assert!(
        by_sector.contains("government"),
        "ids stay, for --sector: {by_sector}"
    );
}

#[test]
fn a_chart_and_a_workbook_are_in_the_language_too() {
    let store = fixture();
    let svg = store
        .gsef(&[
            "--lang",
            "ko",
            "report",
            "attendance",
            "--by",
            "sector,country",
            "--depth",
            "1",
            "--format",
            "svg",
        ])
        .ok()
        .stdout;
    for expected in [
        "부문 및 국가별 참가자",
        "정부·공공 부문",
        "멕시코",
        "최상위 수준의 부문",
        "xml:lang=\"ko\"",
    ] {
        assert!(svg.contains(expected), "{expected:?} in\n{svg}");
    }
    let path = store.records().parent().unwrap().join("events.xlsx");
    store
        .gsef(&[
            "--lang",
            "es",
            "report",
            "events",
            "--format",
            "xlsx",
            "--output",
            path.to_str().unwrap(),
        ])
        .ok();
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["events", "Información"]);
    let events = book.worksheet_range("events").unwrap();
    let header: Vec<String> = events
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(&header[..3], ["Evento", "Título", "Inicio"]);
    assert!(header.contains(&"Tasa de asistencia".to_string()));
    let mexico = events
        .rows()
        .find(|row| row[0] == calamine::Data::String("2019-11-mexico".into()))
        .unwrap();
    let country = header.iter().position(|title| title == "País").unwrap();
    assert_eq!(mexico[country].to_string(), "México");
    let invited = header
        .iter()
        .position(|title| title == "Invitados")
        .unwrap();
    assert_eq!(
        mexico[invited],
        calamine::Data::Float(12.0),
        "numbers stay numbers"
    );
    let about = book.worksheet_range("Información").unwrap();
    let about: Vec<String> = about
        .rows()
        .map(|row| {
            row.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert!(
        about
            .iter()
            .any(|line| line == "Filtros Todos los registros"),
        "{about:?}"
    );
}

#[test]
fn a_store_s_own_labels_in_a_language_win() {
    let store = fixture();
    let mut manifest: serde_json::Value = serde_json::from_str(&store.read("gsef.json")).unwrap();
    let sectors = manifest["sectors"].as_array_mut().unwrap();
    let international = sectors
        .iter_mut()
        .find(|sector| sector["id"] == "international")
        .unwrap();
    international["labels"] = serde_json::json!({"es": "Cooperación internacional"});
    store.write(
        "gsef.json",
        &serde_json::to_string_pretty(&manifest).unwrap(),
    );
    store.gsef(&["check"]).ok();
    let spanish = store
        .gsef(&[
            "--lang",
            "es",
            "report",
            "summary",
            "2019-11-mexico",
            "--format",
            "markdown",
        ])
        .ok()
        .stdout;
    assert!(
        spanish.contains("| Cooperación internacional | 1 |"),
        "{spanish}"
    );
    let english = store
        .gsef(&[
            "report",
            "summary",
            "2019-11-mexico",
            "--format",
            "markdown",
        ])
        .ok()
        .stdout;
    assert!(
        english.contains("| International organisations | 1 |"),
        "{english}"
    );
}

#[test]
fn lists_and_records_name_their_fields_in_the_language() {
    let store = fixture();
    let wide = [("COLUMNS", "200")];
    let people = store
        .gsef_with_env(&["--lang", "fr", "participant", "list", "--all"], "", &wide)
        .ok()
        .stdout;
    for expected in ["Nom", "Organisation", "Secteur", "Pays", "Région"] {
        assert!(people.contains(expected), "{expected:?} in\n{people}");
    }
    let event = store
        .gsef(&["--lang", "es", "event", "show", "2019-11-mexico"])
        .ok()
        .stdout;
    for expected in ["Título", "Fechas", "Lugar", "Objetivos", "Invitados"] {
        assert!(event.contains(expected), "{expected:?} in\n{event}");
    }
    let attendance = store
        .gsef_with_env(&["--lang", "ko", "attendance", "list"], "", &wide)
        .ok()
        .stdout;
    for expected in ["행사", "참가자", "상태", "역할", "일수"] {
        assert!(
            attendance.contains(expected),
            "{expected:?} in\n{attendance}"
        );
    }
    // A list's CSV and JSON, and an export, are data: the same in every language.
    for args in [
        &["participant", "list", "--format", "csv"][..],
        &["event", "show", "2019-11-mexico", "--format", "json"],
        &["export", "attendance", "--format", "csv"],
    ] {
        let english = store.gsef(args).ok().stdout;
        let mut korean = vec!["--lang", "ko"];
        korean.extend_from_slice(args);
        assert_eq!(store.gsef(&korean).ok().stdout, english, "{args:?}");
    }
}

#[test]
fn completion_rules_under_a_table_are_in_the_language_and_in_english_in_json() {
    let store = fixture();
    store
        .gsef(&[
            "event",
            "edit",
            "2019-11-mexico",
            "--completion-min-days",
            "2",
        ])
        .ok();
    // At Mexico, ana (2 days), ben (1) and gus (2) list days and fer lists 1: a rule of 2 of the
    // workshop's 2 days is met by ana and gus.
    let spanish = store
        .gsef(&[
            "--lang",
            "es",
            "report",
            "trained",
            "--event",
            "2019-11-mexico",
        ])
        .ok()
        .stdout;
    assert!(
        spanish.contains(
            "Criterios de conclusión:\n  2019-11-mexico: el criterio del evento `min_days 2`: presente al menos 2 días de 2 (2 de 4 asistentes lo concluyeron)"
        ),
        "{spanish}"
    );
    let json = store
        .gsef(&[
            "--lang",
            "es",
            "report",
            "trained",
            "--event",
            "2019-11-mexico",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(
        json["rules"][0]["note"],
        "the event's rule `min_days 2`: present on at least 2 days of 2"
    );
}

#[test]
fn statuses_and_roles_are_words_for_funders_and_the_bars_have_a_heading() {
    let store = fixture();
    let markdown = store
        .gsef(&[
            "--lang",
            "es",
            "report",
            "attendance",
            "--by",
            "status,role",
            "--status",
            "all",
            "--format",
            "markdown",
        ])
        .ok()
        .stdout;
    for row in [
        "| Asistió | Ponente | 0 | 1 | 0 | 0 | 1 | 1 |",
        "| No se presentó | Participante | 0 | 0 | 1 | 0 | 1 | \\(sin registrar\\) |",
        "| Inscrito | Participante | 1 | 0 | 0 | 0 | 1 | \\(sin registrar\\) |",
    ] {
        assert!(markdown.contains(row), "{row} in\n{markdown}");
    }
    let bars = store
        .gsef(&[
            "--lang",
            "ko",
            "report",
            "attendance",
            "--by",
            "sector",
            "--depth",
            "1",
            "--chart",
        ])
        .ok()
        .stdout;
    assert!(bars.starts_with("부문별 참가자 (총 6)\n"), "{bars}");
}
