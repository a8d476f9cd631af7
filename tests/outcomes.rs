//! `gsef report outcomes`: each objective's rating, the knowledge gained from the pre-test to
//! the post-test, and the response rate, from the forms in `tests/fixtures/responses`.
//!
//! Worked out by hand. The small fixture's Mexico workshop (`2019-11-mexico`) states three
//! objectives; ana, ben, gus and fer attended it (chloe only registered, hana cancelled).
//!
//! Knowledge, scores as a share of their test's maximum (the pre-test out of 20, the post-test
//! out of 25):
//!
//! | respondent | pre        | post           | gain |
//! |------------|------------|----------------|------|
//! | ana        | 10/20 = .5 | 20/25 = .8     | +.3  |
//! | ben        | 12/20 = .6 | 15/25 = .6     |  0   |
//! | gus        | 16/20 = .8 | —              |      |
//! | fer        | —          | 22/25 = .88    |      |
//! | code K7Q2  |  8/20 = .4 | 17.5/25 = .7   | +.3  |
//!
//! paired 3 (ana, ben, K7Q2: the anonymous pair); mean pre (.5+.6+.4)/3 = .5; mean post
//! (.8+.6+.7)/3 = .7; mean gain .2; improved 2 of 3 = .6667 (ben stayed); at or above .8 after,
//! 1 of 3 = .3333 (ana); pre only 1 (gus), post only 1 (fer).
//!
//! Feedback (evaluacion.csv: ana, ben and K7Q2, who left objective 3 blank):
//!
//! | objective | ratings | responses | mean | top two (4–5) | points          |
//! |-----------|---------|-----------|------|---------------|-----------------|
//! | 1         | 5, 4, 3 | 3         | 4    | 2/3 = .6667   | 3:1, 4:1, 5:1   |
//! | 2         | 4, 4, 4 | 3         | 4    | 3/3 = 1       | 4:3             |
//! | 3         | 4, 3    | 2         | 3.5  | 1/2 = .5      | 3:1, 4:1        |
//!
//! Overall 5, 4, 4: 3 responses, mean 13/3 = 4.3333, top two 1. Response rates against the 4
//! who attended: pre 4/4 = 1, post 4/4 = 1, feedback 3/4 = .75.

use serde_json::json;

use crate::util::TestStore;

const MEXICO: &str = "2019-11-mexico";

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/responses/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The small fixture with the workshop's pre-test, post-test and feedback form imported.
fn store_with_responses() -> TestStore {
    let store = TestStore::fixture("small");
    for (file, instrument) in [
        ("pre-test.csv", "pre"),
        ("post-test.csv", "post"),
        ("evaluacion.csv", "feedback"),
    ] {
        store
            .gsef(&[
                "import",
                "responses",
                &fixture(file),
                "--event",
                MEXICO,
                "--instrument",
                instrument,
            ])
            .ok();
    }
    store
}

fn outcomes_json(store: &TestStore, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["report", "outcomes", MEXICO, "--format", "json"];
    args.extend(extra);
    store.gsef(&args).ok().json()
}

#[test]
fn the_hand_worked_figures_come_out() {
    let store = store_with_responses();
    let report = outcomes_json(&store, &[]);
    assert_eq!(
        report["objectives"],
        json!([
            {"event": MEXICO, "number": 1, "text": "Raise awareness of the SSE sector",
             "responses": 3, "mean": 4.0, "top_two_share": 0.6667},
            {"event": MEXICO, "number": 2, "text": "Exchange experiences",
             "responses": 3, "mean": 4.0, "top_two_share": 1.0},
            {"event": MEXICO, "number": 3, "text": "Plan local SSE ecosystems",
             "responses": 2, "mean": 3.5, "top_two_share": 0.5},
        ])
    );
    assert_eq!(
        report["knowledge"],
        json!({"paired": 3, "mean_pre": 0.5, "mean_post": 0.7, "mean_gain": 0.2,
               "improved_share": 0.6667, "mastery_share": 0.3333, "pre_only": 1, "post_only": 1})
    );
    assert_eq!(
        report["overall"],
        json!({"responses": 3, "mean": 4.3333, "top_two_share": 1.0})
    );
    assert_eq!(
        report["response_rates"],
        json!([
            {"instrument": "pre", "responses": 4, "attended": 4, "rate": 1.0},
            {"instrument": "post", "responses": 4, "attended": 4, "rate": 1.0},
            {"instrument": "feedback", "responses": 3, "attended": 4, "rate": 0.75},
        ])
    );
    // The distribution of objective 1's points: one 3, one 4, one 5.
    let first = &report["rows"][0];
    assert_eq!(
        [
            &first["rated_1"],
            &first["rated_2"],
            &first["rated_3"],
            &first["rated_4"],
            &first["rated_5"]
        ],
        [&json!(0), &json!(0), &json!(1), &json!(1), &json!(1)]
    );
    assert!(
        report.get("comments").is_none(),
        "comments only with --comments"
    );
}

/// A lower bar for mastery counts K7Q2's 0.7 too: 2 of 3; the series reads the same events.
#[test]
fn mastery_and_the_series_scope_change_what_they_should() {
    let store = store_with_responses();
    let report = outcomes_json(&store, &["--mastery", "0.7"]);
    assert_eq!(report["knowledge"]["mastery_share"], 0.6667);
    assert_eq!(report["filters"]["mastery"], 0.7);
    let series = store
        .gsef(&[
            "report",
            "outcomes",
            "--series",
            "gsef-2019",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(series["knowledge"], outcomes_json(&store, &[])["knowledge"]);
    // The Dakar workshop's two objectives are rows too, with nobody rating them.
    assert_eq!(series["objectives"].as_array().unwrap().len(), 5);
    assert_eq!(series["objectives"][0]["responses"], 0);
    assert_eq!(series["objectives"][0]["mean"], serde_json::Value::Null);
}

/// With --min-count 3 every count from 1 to 2 is hidden, and every mean or share that a hidden
/// count stands behind (worked out in the module comment):
/// - objective 1: its points 1, 1, 1 are small; they add up to its 3 responses, which alone
///   would say all three are 1, so the 3 is withheld too, and so are its mean and share;
/// - objective 2: 3 responses, all 4s: shown;
/// - objective 3: 2 responses, small; its mean and share withheld;
/// - knowledge: 3 paired, shown with their means; 2 improved (and 1 not) are small, so the
///   share is withheld; 1 mastered, likewise; 1 pre only and 1 post only hidden;
/// - overall: 3 responses, but one gave 5 (a point given by fewer than 3): mean withheld;
/// - response rates: 4, 4 and 3 of 4 are all shown.
#[test]
fn min_count_hides_every_small_count_and_what_gives_it_away() {
    let store = store_with_responses();
    let report = outcomes_json(&store, &["--min-count", "3"]);
    let null = serde_json::Value::Null;
    let objectives = &report["objectives"];
    assert_eq!(
        [
            &objectives[0]["responses"],
            &objectives[0]["mean"],
            &objectives[0]["top_two_share"]
        ],
        [&null, &null, &null]
    );
    assert_eq!(
        [
            &objectives[1]["responses"],
            &objectives[1]["mean"],
            &objectives[1]["top_two_share"]
        ],
        [&json!(3), &json!(4.0), &json!(1.0)]
    );
    assert_eq!(objectives[2]["responses"], null);
    assert_eq!(
        report["knowledge"],
        json!({"paired": 3, "mean_pre": 0.5, "mean_post": 0.7, "mean_gain": 0.2,
               "improved_share": null, "mastery_share": null, "pre_only": null, "post_only": null})
    );
    assert_eq!(
        report["overall"],
        json!({"responses": 3, "mean": null, "top_two_share": null})
    );
    assert_eq!(report["response_rates"][2]["rate"], 0.75);
    assert_eq!(report["min_count"], 3);
    // People read `<3` for a small count and `x` for one withheld.
    let table = store
        .gsef(&["report", "outcomes", MEXICO, "--min-count", "3"])
        .ok()
        .stdout;
    assert!(table.contains("<3"), "{table}");
    assert!(
        table.contains("Took only the pre-test: <3; only the post-test: <3"),
        "{table}"
    );
    assert!(
        table.contains("Improved: x; at or above 80.0% after: x"),
        "{table}"
    );
}

/// Comments come only when asked for, sorted (their order says nothing of who wrote which),
/// never with a name, and never of a participant whose consent is `none`: ben's is left out.
#[test]
fn comments_are_shown_only_when_asked_and_consent_allows() {
    let store = store_with_responses();
    store
        .gsef(&["participant", "edit", "ben", "--consent", "none"])
        .ok();
    let report = outcomes_json(&store, &["--comments"]);
    assert_eq!(
        report["comments"],
        json!(["Faltó material en español.", "Muy útil, gracias."])
    );
    let table = store
        .gsef(&["report", "outcomes", MEXICO, "--comments"])
        .ok()
        .stdout;
    assert!(
        table.contains("Comments:\n  Faltó material en español.\n  Muy útil, gracias.\n"),
        "{table}"
    );
    for name in ["Ana", "Ruiz", "ana", "Benito", "ejercicio"] {
        assert!(!table.contains(name), "{name} in\n{table}");
    }
    // With --min-count 3, two comments are too few to show without saying who wrote them.
    let report = outcomes_json(&store, &["--comments", "--min-count", "3"]);
    assert_eq!(report["comments"], json!([]));
}

#[test]
fn every_format_carries_the_report() {
    let store = store_with_responses();
    let csv = store
        .gsef(&["report", "outcomes", MEXICO, "--format", "csv"])
        .ok();
    let mut lines = csv.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(
            "event,number,objective,responses,mean,top_two_share,rated_1,rated_2,rated_3,rated_4,rated_5"
        )
    );
    assert_eq!(
        lines.next(),
        Some("2019-11-mexico,1,Raise awareness of the SSE sector,3,4,0.6667,0,0,1,1,1")
    );
    assert_eq!(lines.count(), 2);
    // The knowledge block goes to stderr, so the CSV stays rows only.
    assert!(
        csv.stderr
            .contains("Mean score before: 50.0%; after: 70.0%; gain: 20.0%"),
        "{}",
        csv.stderr
    );

    let jsonl = store
        .gsef(&["report", "outcomes", MEXICO, "--format", "jsonl"])
        .ok();
    let rows: Vec<serde_json::Value> = jsonl
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2]["mean"], 3.5);

    let markdown = store
        .gsef(&["report", "outcomes", MEXICO, "--format", "markdown"])
        .ok()
        .stdout;
    assert!(
        markdown.contains("| 2019-11-mexico | 3 | Plan local SSE ecosystems | 2 | 3.50 | 50.0% | 0 | 0 | 1 | 1 | 0 |"),
        "{markdown}"
    );
    assert!(markdown.contains("**Response rate**"), "{markdown}");
    assert!(
        markdown.contains("- feedback form: 3 responses, 4 attended \\(75.0%\\)"),
        "{markdown}"
    );

    store
        .gsef(&[
            "report",
            "outcomes",
            MEXICO,
            "--format",
            "xlsx",
            "--output",
            "outcomes.xlsx",
        ])
        .ok();
    assert!(store.dir.path().join("outcomes.xlsx").exists());

    store.refuses(
        &["report", "outcomes", MEXICO, "--format", "svg"],
        1,
        "the outcomes report has ratings",
    );
}

/// The report speaks the reader's language: titles from the catalogues, numbers as written.
#[test]
fn the_report_speaks_the_readers_language() {
    let store = store_with_responses();
    let spanish = store
        .gsef(&[
            "--lang", "es", "report", "outcomes", MEXICO, "--format", "markdown",
        ])
        .ok()
        .stdout;
    assert!(
        spanish.contains("| Evento | N.º | Objetivo | Respuestas | Calificación media |"),
        "{spanish}"
    );
    // Spanish writes a no-break space before the percent sign.
    let expected =
        "Puntuación media antes: 50,0 %; después: 70,0 %; mejora: 20,0 %".replace(" %", "\u{a0}%");
    assert!(spanish.contains(&expected), "{spanish}");
    let korean = store
        .gsef(&["--lang", "ko", "report", "outcomes", MEXICO])
        .ok()
        .stdout;
    assert!(
        korean.contains("평균 평점 4.33, 상위 두 단계 100.0% (응답 3)"),
        "{korean}"
    );
    assert!(
        korean.contains("만족도 조사: 응답 3, 참석 4 (75.0%)"),
        "{korean}"
    );
}

/// A filter on people keeps the named respondents it selects and leaves out codes, whose
/// sector nobody knows: with --sector government, ana (municipal) and ben (state) remain, and
/// their pairs alone give the knowledge block: pre (.5 + .6)/2 = .55, post (.8 + .6)/2 = .7.
#[test]
fn a_filter_on_people_leaves_out_codes() {
    let store = store_with_responses();
    let report = outcomes_json(&store, &["--sector", "government"]);
    assert_eq!(report["knowledge"]["paired"], 2);
    assert_eq!(report["knowledge"]["mean_pre"], 0.55);
    assert_eq!(report["knowledge"]["mean_post"], 0.7);
    assert_eq!(report["knowledge"]["pre_only"], 1);
    assert_eq!(report["knowledge"]["post_only"], 0);
    // Attended among the selected people: ana, ben and gus.
    assert_eq!(report["response_rates"][0]["attended"], 3);
}

/// A store with no responses file reports zeros, opens and checks as before, and is left
/// without the file; an event nobody answered for has empty sections, not an error.
#[test]
fn a_store_without_responses_reports_nothing_recorded() {
    let store = TestStore::fixture("small");
    let before = store.snapshot();
    let report = outcomes_json(&store, &[]);
    assert_eq!(report["knowledge"]["paired"], 0);
    assert_eq!(report["knowledge"]["mean_pre"], serde_json::Value::Null);
    assert_eq!(report["response_rates"], json!([]));
    assert_eq!(report["objectives"][0]["responses"], 0);
    let table = store.gsef(&["report", "outcomes", MEXICO]).ok().stdout;
    assert!(
        table.contains("no pre-test and post-test scores to pair"),
        "{table}"
    );
    assert!(
        table.contains("nobody rated the event as a whole"),
        "{table}"
    );
    assert_eq!(store.snapshot(), before);
    store.refuses(
        &["report", "outcomes", "2019-11-nowhere"],
        1,
        "event `2019-11-nowhere` not found",
    );
}

/// Ratings of one objective on two scales have no meaningful mean: refused, not averaged.
#[test]
fn ratings_on_two_scales_are_refused() {
    let store = TestStore::fixture("small");
    store.write(
        "responses.jsonl",
        concat!(
            r#"{"event":"2019-11-mexico","instrument":"feedback","participant":"ana","ratings":{"1":4}}"#,
            "\n",
            r#"{"event":"2019-11-mexico","instrument":"feedback","participant":"ben","scale":[0,10],"ratings":{"1":9}}"#,
            "\n",
        ),
    );
    store.refuses(
        &["report", "outcomes", MEXICO],
        1,
        "objective 1 of event `2019-11-mexico` is rated on 1–5 in some responses and on 0–10 in others",
    );
}

/// A JSON outcomes report with --provenance is verified as the other reports are: the same
/// numbers while the responses stay, and what changed once one is edited (ana's post-test from
/// 20 to 10 of 25: the mean after falls from .7 to (.4 + .6 + .7)/3 = .5667).
#[test]
fn verify_re_runs_an_outcomes_report() {
    let store = store_with_responses();
    let made = store
        .gsef(&[
            "report",
            "outcomes",
            MEXICO,
            "--format",
            "json",
            "--provenance",
        ])
        .ok();
    let report = store.dir.path().join("outcomes.json");
    std::fs::write(&report, &made.stdout).unwrap();
    let report = report.display().to_string();
    store
        .gsef(&["report", "verify", &report])
        .ok()
        .says("same numbers as when it was made");
    let edited = store.read("responses.jsonl").replace(
        r#""instrument":"post","participant":"ana","score":20.0"#,
        r#""instrument":"post","participant":"ana","score":10.0"#,
    );
    store.write("responses.jsonl", &edited);
    let run = store
        .gsef(&["report", "verify", &report])
        .fails(1, "no longer gives the same numbers");
    assert!(run.stderr.contains("mean_post"), "{}", run.stderr);
    assert!(run.stderr.contains("0.5667"), "{}", run.stderr);
}

/// `--by sector --depth 1` groups the objectives and the knowledge by the respondent's sector;
/// the code's respondent has none on record. By hand: government is ana (.5 → .8), ben (.6 →
/// .6) and gus (pre only): 2 paired, mean before .55, after .7, gain .15, improved 1 of 2,
/// mastered 1 of 2; international is fer, post only; `(not recorded)` is K7Q2, .4 → .7.
/// Objective 1 by government: ana 5 and ben 4 (mean 4.5, both in the top two); by K7Q2: a 3.
#[test]
fn by_groups_the_objectives_and_the_knowledge() {
    let store = store_with_responses();
    let report = outcomes_json(&store, &["--by", "sector", "--depth", "1"]);
    assert_eq!(
        report["knowledge_by"],
        json!([
            {"sector": "government", "paired": 2, "mean_pre": 0.55, "mean_post": 0.7,
             "mean_gain": 0.15, "improved_share": 0.5, "mastery_share": 0.5,
             "pre_only": 1, "post_only": 0},
            {"sector": "international", "paired": 0, "mean_pre": null, "mean_post": null,
             "mean_gain": null, "improved_share": null, "mastery_share": null,
             "pre_only": 0, "post_only": 1},
            {"sector": null, "paired": 1, "mean_pre": 0.4, "mean_post": 0.7,
             "mean_gain": 0.3, "improved_share": 1.0, "mastery_share": 0.0,
             "pre_only": 0, "post_only": 0},
        ])
    );
    // The whole is as without --by.
    assert_eq!(report["knowledge"], outcomes_json(&store, &[])["knowledge"]);
    let first: Vec<&serde_json::Value> = report["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|objective| objective["number"] == 1)
        .collect();
    assert_eq!(
        first,
        [
            &json!({"event": MEXICO, "sector": "government", "number": 1,
                    "text": "Raise awareness of the SSE sector", "responses": 2, "mean": 4.5,
                    "top_two_share": 1.0}),
            &json!({"event": MEXICO, "sector": null, "number": 1,
                    "text": "Raise awareness of the SSE sector", "responses": 1, "mean": 3.0,
                    "top_two_share": 0.0}),
        ]
    );
    assert_eq!(report["dimensions"], json!(["event", "sector", "number"]));
    let table = store
        .gsef(&[
            "report", "outcomes", MEXICO, "--by", "sector", "--depth", "1",
        ])
        .ok()
        .stdout;
    assert!(
        table.contains("government: 2 paired; before 55.0%, after 70.0%, gain 15.0%"),
        "{table}"
    );
    store.refuses(
        &["report", "outcomes", MEXICO, "--by", "role"],
        2,
        "`role` cannot group outcomes",
    );
}

/// The summary gains "Did it meet its objectives?" once anyone answered a form: each objective
/// with its rating and a bar (4.00 of 5 fills 8 of 10 cells, 3.50 fills 7), the knowledge gain
/// and who answered, with the figures worked out above; a summary of events nobody answered a
/// form for has no such section (the golden summaries hold that for every format).
#[test]
fn the_summary_says_whether_the_objectives_were_met() {
    let store = store_with_responses();
    let markdown = store
        .gsef(&["report", "summary", MEXICO, "--format", "markdown"])
        .ok()
        .stdout;
    for expected in [
        "## Did it meet its objectives?",
        "- **1. Raise awareness of the SSE sector** `████████░░` rated 4.00 out of 5 on average; 66.7% gave it one of the two highest marks \\(3 answers\\)",
        "- **3. Plan local SSE ecosystems** `███████░░░` rated 3.50 out of 5",
        "Of the 3 people who took the test both before and after, the average score went from 50.0% to 70.0% of the full marks; 66.7% of them improved, and 33.3% scored 80.0% or more afterwards.",
        "Who answered: pre-test, 4 of 4 who attended \\(100.0%\\); post-test, 4 of 4 who attended \\(100.0%\\); feedback form, 3 of 4 who attended \\(75.0%\\).",
    ] {
        assert!(markdown.contains(expected), "{expected}\n{markdown}");
    }
    let html = store
        .gsef(&[
            "report", "summary", MEXICO, "--format", "html", "--lang", "es",
        ])
        .ok()
        .stdout;
    assert!(html.contains("<h2>¿Cumplió sus objetivos?</h2>"), "{html}");
    assert!(html.contains("<rect width=\"70.0\" height=\"8\""), "{html}");
    let text = store.gsef(&["report", "summary", MEXICO]).ok().stdout;
    assert!(
        text.contains("Did it meet its objectives?\n  1. Raise awareness"),
        "{text}"
    );
    // With --min-count 3 the rating of objective 1, whose marks were each given once, is
    // withheld, and so is its bar.
    let protected = store
        .gsef(&[
            "report",
            "summary",
            MEXICO,
            "--format",
            "markdown",
            "--min-count",
            "3",
        ])
        .ok()
        .stdout;
    assert!(
        protected.contains(
            "- **1. Raise awareness of the SSE sector** x answers; the rating is withheld"
        ),
        "{protected}"
    );
    // Events nobody answered for: no section at all.
    let dakar = store
        .gsef(&["report", "summary", "2019-05-dakar", "--format", "markdown"])
        .ok()
        .stdout;
    assert!(!dakar.contains("objectives?"), "{dakar}");
}

#[test]
fn a_summary_workbook_has_a_sheet_of_the_objectives_ratings() {
    use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
    let store = store_with_responses();
    let path = store.records().parent().unwrap().join("summary.xlsx");
    store
        .gsef(&[
            "report",
            "summary",
            MEXICO,
            "--format",
            "xlsx",
            "--output",
            path.to_str().unwrap(),
        ])
        .ok();
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[4], "Did it meet its objectives-", "{names:?}");
    let sheet = book.worksheet_range(&names[4]).unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    // The hand-worked ratings of the file's header: 1 rated 4.0 by 3 (2 of them in the top
    // two), 2 rated 4.0 by 3 (all 3), 3 rated 3.5 by 2 (1).
    assert_eq!(rows.len(), 4, "{rows:?}");
    for (row, (number, responses, mean, top_two)) in rows[1..].iter().zip([
        (1.0, 3.0, 4.0, 0.6667),
        (2.0, 3.0, 4.0, 1.0),
        (3.0, 2.0, 3.5, 0.5),
    ]) {
        assert_eq!(
            row[1..]
                .iter()
                .filter_map(DataType::as_f64)
                .collect::<Vec<_>>(),
            [number, responses, mean, top_two],
            "{row:?}"
        );
    }
    let about = book.worksheet_range(&names[5]).unwrap();
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
            .any(|line| line.starts_with("Did it meet its objectives? Of the 3")),
        "{about:?}"
    );
}
