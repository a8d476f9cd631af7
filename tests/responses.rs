//! Responses to an event's instruments (pre-test, post-test, feedback): the collection as the
//! store keeps and checks it, and `gsef import responses`.

use crate::util::TestStore;

/// A store made before responses existed has no responses file: it checks clean and reports
/// as before, and nothing creates the file until a response is written.
#[test]
fn a_store_without_responses_checks_clean_and_stays_without() {
    let store = TestStore::fixture("small");
    let before = store.snapshot();
    store.gsef(&["check"]).ok();
    store.gsef(&["report", "events", "--format", "json"]).ok();
    assert_eq!(store.snapshot(), before);
    assert!(!store.records().join("responses.jsonl").exists());
}

/// `gsef check` reads responses.jsonl as it reads every collection: each problem with its line.
#[test]
fn check_names_each_bad_response_with_its_line() {
    let store = TestStore::fixture("small");
    store.write(
        "responses.jsonl",
        concat!(
            r#"{"event":"2019-11-mexico","instrument":"pre","participant":"ana","score":14.0,"max_score":20.0}"#,
            "\n",
            r#"{"event":"2019-11-nowhere","instrument":"pre","code":"K7"}"#,
            "\n",
            r#"{"event":"2019-11-mexico","instrument":"feedback","participant":"ana","ratings":{"4":5}}"#,
            "\n",
            r#"{"event":"2019-11-mexico","instrument":"post","participant":"zed","score":21.0,"max_score":20.0}"#,
            "\n",
            r#"{"event":"2019-11-mexico","instrument":"pre","participant":"ana"}"#,
            "\n",
        ),
    );
    let run = store.gsef(&["check"]).fails(1, "problems found");
    let stderr = &format!("{}{}", run.stdout, run.stderr);
    for expected in [
        "responses.jsonl:2: response names event `2019-11-nowhere`, which does not exist",
        "responses.jsonl:3: response rates objective 4, and event `2019-11-mexico` has 3 objectives",
        "responses.jsonl:4: invalid score `21`: a score runs from 0 to its maximum, 20",
        "responses.jsonl:4: response names participant `zed`, which does not exist",
        "responses.jsonl:5: duplicate response",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}

/// A file of `tests/fixtures/responses`.
fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/responses/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

const MEXICO: &str = "2019-11-mexico";

fn import(store: &TestStore, file: &str, instrument: &str, extra: &[&str]) -> crate::util::Run {
    let file = fixture(file);
    let mut args = vec![
        "import",
        "responses",
        &file,
        "--event",
        MEXICO,
        "--instrument",
        instrument,
    ];
    args.extend(extra);
    store.gsef(&args)
}

/// The responses of `instrument`, as stored.
fn stored(store: &TestStore, instrument: &str) -> Vec<serde_json::Value> {
    store
        .lines("responses.jsonl")
        .into_iter()
        .filter(|response| response["instrument"] == instrument)
        .collect()
}

/// A Google Forms quiz (English account: `Timestamp`, `Email Address`, `Score` as `10 / 20`,
/// then the questions). Worked out by hand from the small fixture's people:
///   line 2  ana@example.org + Ana Ruiz       → `ana` (her stored email, a compatible name)
///   line 3  Benito Soto, Gobierno de Oaxaca  → `ben` (no stored email: name and organization)
///   line 4  Gustavo Peña, INAES              → `gus` (likewise)
///   line 5  no name, code `k7 q2`            → code `K7Q2` (spaces out, upper case); the
///           email Google collected is not kept: a code keeps its person out of the records
#[test]
fn a_google_forms_quiz_becomes_one_response_per_row() {
    let store = TestStore::fixture("small");
    import(&store, "pre-test.csv", "pre", &[])
        .ok()
        .says("imported 4 responses of instrument `pre` at `2019-11-mexico`");
    let pre = |who: serde_json::Value, score: f64| {
        let mut response = serde_json::json!({
            "event": MEXICO, "instrument": "pre", "score": score, "max_score": 20.0});
        response
            .as_object_mut()
            .unwrap()
            .extend(who.as_object().unwrap().clone());
        response
    };
    assert_eq!(
        stored(&store, "pre"),
        [
            pre(serde_json::json!({"participant": "ana"}), 10.0),
            pre(serde_json::json!({"participant": "ben"}), 12.0),
            pre(serde_json::json!({"participant": "gus"}), 16.0),
            pre(serde_json::json!({"code": "K7Q2"}), 8.0),
        ]
    );
    // Responses are a version 3 collection: the manifest says so, and the store checks clean.
    let manifest: serde_json::Value = serde_json::from_str(&store.read("gsef.json")).unwrap();
    assert_eq!(manifest["version"], 3);
    store.gsef(&["check"]).ok();
}

/// The feedback form of a Spanish account, a Google Forms grid whose rows quote each
/// objective's text: line 2 rates objectives 1–3 with 5, 4, 4, overall 5; line 4 (code K7Q2)
/// leaves objective 3 blank, which is no rating, not a zero.
#[test]
fn objectives_are_found_by_the_text_a_grid_quotes() {
    let store = TestStore::fixture("small");
    import(&store, "evaluacion.csv", "feedback", &[]).ok();
    let feedback = stored(&store, "feedback");
    assert_eq!(
        feedback[0],
        serde_json::json!({"event": MEXICO, "instrument": "feedback", "participant": "ana",
            "ratings": {"1": 5, "2": 4, "3": 4}, "overall": 5, "comment": "Muy útil, gracias."})
    );
    assert_eq!(feedback[2]["code"], "K7Q2");
    assert_eq!(feedback[2]["ratings"], serde_json::json!({"1": 3, "2": 4}));
}

/// The same answers from Microsoft Forms (its quiz's `Total points` holds points alone, so
/// the test's maximum is given) and from KoboToolbox (XML names, `;`, every field quoted, its
/// metadata columns; the objectives named with --map) make the same records as Google's.
#[test]
fn microsoft_forms_and_kobo_exports_give_the_same_records() {
    let google = TestStore::fixture("small");
    import(&google, "post-test.csv", "post", &[]).ok();
    import(&google, "evaluacion.csv", "feedback", &[]).ok();
    let others = TestStore::fixture("small");
    import(
        &others,
        "microsoft-forms-quiz.csv",
        "post",
        &["--max-score", "25"],
    )
    .ok();
    import(
        &others,
        "kobo-evaluacion.csv",
        "feedback",
        &[
            "--map",
            "objective-1=q_obj1",
            "--map",
            "objective-2=q_obj2",
            "--map",
            "objective-3=q_obj3",
            "--map",
            "overall=q_general",
            "--map",
            "comment=q_comentarios",
            "--map",
            "code=clave",
        ],
    )
    .ok();
    assert_eq!(stored(&others, "post"), stored(&google, "post"));
    assert_eq!(stored(&others, "feedback"), stored(&google, "feedback"));
}

#[test]
fn a_dry_run_says_who_answered_and_writes_nothing() {
    let store = TestStore::fixture("small");
    let before = store.snapshot();
    let run = store
        .gsef(&[
            "--dry-run",
            "import",
            "responses",
            &fixture("pre-test.csv"),
            "--event",
            MEXICO,
            "--instrument",
            "pre",
        ])
        .ok();
    assert_eq!(store.snapshot(), before);
    for expected in [
        "score ← `Score`",
        "code ← `Your code (only if you would rather not give your name)`",
        "line 3: participant `ben` (`Benito Soto`), by the same name and organization, without an email; score 12 / 20",
        "line 5: code `K7Q2`; score 8 / 20",
        "dry run, nothing written: 4 responses of instrument `pre`",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
}

/// Importing an instrument again replaces the event's responses of it only with --replace.
#[test]
fn an_instrument_already_recorded_is_replaced_only_when_asked() {
    let store = TestStore::fixture("small");
    import(&store, "pre-test.csv", "pre", &[]).ok();
    import(&store, "post-test.csv", "post", &[]).ok();
    let before = store.snapshot();
    import(&store, "pre-test.csv", "pre", &[]).fails(
        1,
        "event `2019-11-mexico` already has 4 responses of instrument `pre`; --replace replaces them",
    );
    assert_eq!(store.snapshot(), before);
    import(&store, "pre-test.csv", "pre", &["--replace"])
        .ok()
        .says("replacing 4 earlier ones");
    assert_eq!(stored(&store, "pre").len(), 4);
    assert_eq!(stored(&store, "post").len(), 4);
}

/// Writes `content` as a CSV beside the store and imports it as `instrument`, expecting a
/// refusal that names the file, its line and what is wrong, with the store left byte for byte.
#[track_caller]
fn refused(content: &str, instrument: &str, extra: &[&str], needles: &[&str]) {
    let store = TestStore::fixture("small");
    let file = store.dir.path().join("form.csv");
    std::fs::write(&file, content).unwrap();
    let file = file.display().to_string();
    let before = store.snapshot();
    let mut args = vec![
        "import",
        "responses",
        &file,
        "--event",
        MEXICO,
        "--instrument",
        instrument,
    ];
    args.extend(extra);
    let run = store.gsef(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for needle in needles {
        let needle = needle.replace("FILE", &file);
        assert!(run.stderr.contains(&needle), "{needle}\n{}", run.stderr);
    }
    assert_eq!(store.snapshot(), before);
}

#[test]
fn bad_rows_are_refused_with_their_line_and_nothing_is_written() {
    // A score without its maximum, one above it, a rating off the scale, a word for a rating.
    refused(
        "Email Address,Score,Objective 1\nana@example.org,14,4\n",
        "pre",
        &[],
        &["FILE:2: score `14` has no maximum", "--max-score N"],
    );
    refused(
        "Email Address,Score\nana@example.org,21 / 20\n",
        "post",
        &[],
        &["FILE:2: score `21 / 20` is above its maximum 20"],
    );
    refused(
        "Email Address,Objective 1,Objective 2\nana@example.org,6,good\n",
        "feedback",
        &[],
        &[
            "FILE:2: objective 1 is rated 6, outside the scale 1–5; objective 2: `good` is not a rating from 1 to 5",
            "1 invalid row in FILE; no response was imported",
        ],
    );
    // A 0–10 scale takes what 1–5 refuses.
    refused(
        "Email Address,Objective 1\nana@example.org,11\n",
        "feedback",
        &["--scale", "0-10"],
        &["FILE:2: objective 1 is rated 11, outside the scale 0–10"],
    );
    // Two people with one code, one person twice, someone the store does not have.
    refused(
        "Código personal,Puntuación\nab12,3 / 5\nAB 12,4 / 5\n",
        "pre",
        &[],
        &["FILE:3: code `AB12` is also line 2's"],
    );
    refused(
        "Email Address,Score\nana@example.org,3 / 5\nANA@example.org,4 / 5\n",
        "pre",
        &[],
        &["FILE:3: participant `ana` (`Ana Ruiz`), by the same email also answered on line 2"],
    );
    refused(
        "Full name,Organization,Score\nZoe Nadie,Nowhere,3 / 5\n",
        "pre",
        &[],
        &["FILE:2: no participant is `Zoe Nadie`; import the event's participants first"],
    );
}

#[test]
fn bad_columns_and_unknown_events_are_refused_before_any_row() {
    // The Mexico workshop has three objectives.
    refused(
        "Email Address,Objective 4: networking\nana@example.org,4\n",
        "feedback",
        &[],
        &[
            "FILE: `Objective 4: networking` rates objective 4, and event `2019-11-mexico` has 3 objectives",
        ],
    );
    refused(
        "Email Address,Objective 1,Objetivo 1\nana@example.org,4,4\n",
        "feedback",
        &[],
        &["FILE: both `Objective 1` and `Objetivo 1` look like the objective-1 column"],
    );
    refused(
        "Email Address,Favourite colour\nana@example.org,blue\n",
        "feedback",
        &[],
        &["no column holds a score, a rating of one of event `2019-11-mexico`'s objectives"],
    );
    refused(
        "Timestamp,Score\n2019/11/27,3 / 5\n",
        "pre",
        &[],
        &["no column tells who answered"],
    );
    refused(
        "Email Address,Score\nana@example.org,3 / 5\n",
        "pre",
        &["--map", "score=Puntos"],
        &["--map score=Puntos: there is no column `Puntos`"],
    );
    let store = TestStore::fixture("small");
    let before = store.snapshot();
    store
        .gsef(&[
            "import",
            "responses",
            &fixture("pre-test.csv"),
            "--event",
            "2019-11-nowhere",
            "--instrument",
            "pre",
        ])
        .fails(1, "event `2019-11-nowhere`");
    assert_eq!(store.snapshot(), before);
}

/// Microsoft Forms' "Open in Excel" gives an .xlsx whose `Total points` are numbers: the same
/// answers as a workbook (numbers as numbers) import to the same records as the CSV.
#[test]
fn a_microsoft_forms_workbook_reads_as_its_csv() {
    let from_csv = TestStore::fixture("small");
    import(
        &from_csv,
        "microsoft-forms-quiz.csv",
        "post",
        &["--max-score", "25"],
    )
    .ok();
    let from_xlsx = TestStore::fixture("small");
    let path = from_xlsx.dir.path().join("post-test.xlsx");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(fixture("microsoft-forms-quiz.csv"))
        .unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, record) in reader.records().enumerate() {
        for (column, cell) in record.unwrap().iter().enumerate() {
            let (row, column) = (u32::try_from(row).unwrap(), u16::try_from(column).unwrap());
            let cell = cell.trim_start_matches('\u{feff}');
            match cell.parse::<f64>() {
                Ok(number) if row > 0 => sheet.write_number(row, column, number).map(|_| ()),
                _ => sheet.write_string(row, column, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    workbook.save(&path).unwrap();
    let path = path.display().to_string();
    from_xlsx
        .gsef(&[
            "import",
            "responses",
            &path,
            "--event",
            MEXICO,
            "--instrument",
            "post",
            "--max-score",
            "25",
        ])
        .ok();
    assert_eq!(stored(&from_xlsx, "post"), stored(&from_csv, "post"));
}

/// The first responses of a store write two files (responses.jsonl, and the manifest raised to
/// version 3): a failure at either leaves the store as it was, the responses file not made.
#[test]
fn a_failed_write_leaves_the_store_as_it_was() {
    for fault in ["write:1", "write:2"] {
        let store = TestStore::fixture("small");
        let before = store.snapshot();
        let file = fixture("pre-test.csv");
        let args = [
            "import",
            "responses",
            &file,
            "--event",
            MEXICO,
            "--instrument",
            "pre",
        ];
        store
            .gsef_failing_at(fault, &args)
            .fails(1, "injected failure");
        assert_eq!(store.snapshot(), before, "{fault}");
        assert!(!store.records().join("responses.jsonl").exists(), "{fault}");
    }
}

/// A responses line torn by an interrupted write is named by `check` and removed by the next
/// writer, as in every other collection.
#[test]
fn a_torn_last_response_is_mended_like_any_collection() {
    let store = TestStore::fixture("small");
    import(&store, "pre-test.csv", "pre", &[]).ok();
    let whole = store.read("responses.jsonl");
    store.write(
        "responses.jsonl",
        &format!("{whole}{{\"event\":\"2019-11-mex"),
    );
    store.gsef(&["check"]).fails(1, "problem found");
    store
        .gsef(&["check", "--repair"])
        .ok()
        .says("removed an incomplete last line");
    assert_eq!(store.read("responses.jsonl"), whole);
}

/// The small fixture with the workshop's three forms imported.
fn with_all_forms() -> TestStore {
    let store = TestStore::fixture("small");
    import(&store, "pre-test.csv", "pre", &[]).ok();
    import(&store, "post-test.csv", "post", &[]).ok();
    import(&store, "evaluacion.csv", "feedback", &[]).ok();
    store
}

/// A response names its event and its person, so it goes with either, as attendance does:
/// refused without --force, removed with it, and the store checks clean after.
#[test]
fn removing_a_person_or_an_event_takes_their_responses_only_with_force() {
    let store = with_all_forms();
    let before = store.snapshot();
    store.refuses(
        &["participant", "remove", "ana"],
        1,
        "participant `ana` is referenced",
    );
    assert_eq!(store.snapshot(), before);
    store
        .gsef(&["participant", "remove", "ana", "--force"])
        .ok()
        .says("removed participant `ana` and 3 attendance records and 3 responses");
    assert!(
        store
            .lines("responses.jsonl")
            .iter()
            .all(|response| response["participant"] != "ana")
    );
    store
        .gsef(&["event", "remove", MEXICO, "--force"])
        .ok()
        .says("and 8 responses");
    assert_eq!(store.read("responses.jsonl"), "");
    store.gsef(&["check"]).ok();
}

/// Merging two records of one person moves the dropped one's responses to the kept one (fer's
/// post-test becomes gus's, who took the pre-test: now a pair); two answers to one form are
/// refused, as which is the person's is not gsef's to guess.
#[test]
fn merging_people_moves_their_responses_and_refuses_two_answers_to_one_form() {
    let store = with_all_forms();
    let before = store.snapshot();
    store.refuses(
        &["participant", "merge", "ana", "ben"],
        1,
        "both `ana` and `ben` answered the `pre` form of event `2019-11-mexico`",
    );
    assert_eq!(store.snapshot(), before);
    store.gsef(&["participant", "merge", "gus", "fer"]).ok();
    let of_gus: Vec<serde_json::Value> = store
        .lines("responses.jsonl")
        .into_iter()
        .filter(|response| response["participant"] == "gus")
        .collect();
    assert_eq!(of_gus.len(), 2);
    store.gsef(&["check"]).ok();
}

/// Forgetting a person keeps their scores and ratings for the counts, and drops what they
/// wrote, which may say who they are.
#[test]
fn forgetting_a_person_drops_their_comments() {
    let store = with_all_forms();
    store
        .gsef(&["participant", "forget", "ben"])
        .ok()
        .says("their comments in responses");
    let of_ben: Vec<serde_json::Value> = store
        .lines("responses.jsonl")
        .into_iter()
        .filter(|response| response["participant"] == "ben")
        .collect();
    assert_eq!(of_ben.len(), 3);
    assert!(
        of_ben
            .iter()
            .all(|response| response.get("comment").is_none())
    );
    assert_eq!(
        of_ben[2]["ratings"],
        serde_json::json!({"1": 4, "2": 4, "3": 3})
    );
}
