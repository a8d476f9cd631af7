//! Charts in the terminal and as SVG, the funders' summary, and help that teaches the tool.
//!
//! All counts come from `tests/fixtures/small`, worked out by hand in `tests/report.rs`; the ones
//! these tests need, counting status `attended` only:
//!
//! | event          | attendances | people                    | person-days            |
//! |----------------|-------------|---------------------------|------------------------|
//! | 2019-05-dakar  | 3           | diop, ana, fer            | not recorded           |
//! | 2019-11-mexico | 4           | ana, ben, gus, fer        | 6 (2 + 1 + 2 + 1)      |
//! | 2020-03-bilbao | 2           | hana, ana                 | not recorded           |
//!
//! By region (attendances): Castilla-La Mancha 1 (hana), Ciudad de México 1 (gus), Dakar 1
//! (diop), Jalisco 3 (ana at all three events), Oaxaca 1 (ben), not recorded 2 (fer twice).

use crate::util::TestStore;

fn fixture() -> TestStore {
    TestStore::fixture("small")
}

/// `n` full blocks followed by `partial` (a partial block or nothing).
fn blocks(n: usize, partial: &str) -> String {
    format!("{}{partial}", "█".repeat(n))
}

#[test]
fn chart_draws_one_bar_per_event_in_eighths() {
    let store = fixture();
    let run = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "event",
            "--chart",
            "--chart-measure",
            "attendances",
        ])
        .ok();
    // Off a terminal the chart is 100 columns wide: labels of 14, two gaps of 2 and numbers of
    // 1 leave bars of 100 - 14 - 4 - 1 = 81 columns for the largest count, 4 (Mexico).
    // Dakar: 3/4 × 81 = 60.75 columns = 60 full and 6/8 (▊); Bilbao: 2/4 × 81 = 40.5 = 40 and ▌.
    let line = |label: &str, bar: String, number: u64| {
        let padding = " ".repeat(81 - bar.chars().count());
        format!("{label:<14}  {bar}{padding}  {number}\n")
    };
    let expected = format!(
        "Attendances by event (9 in total)\n{}{}{}",
        line("2019-05-dakar", blocks(60, "▊"), 3),
        line("2019-11-mexico", blocks(81, ""), 4),
        line("2020-03-bilbao", blocks(40, "▌"), 2),
    );
    assert_eq!(run.stdout, expected);
    assert_eq!(run.stderr, "");
}

#[test]
fn chart_aligns_accented_labels_by_display_width() {
    let store = fixture();
    let run = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "region",
            "--chart",
            "--chart-measure",
            "attendances",
        ])
        .ok();
    // Labels up to 18 columns (Castilla-La Mancha), so bars of 100 - 18 - 4 - 1 = 77 for 3.
    // 1/3 × 77 = 25.67 = 25 full and 5/8 (▋); 2/3 × 77 = 51.33 = 51 and 3/8 (▍).
    let one = blocks(25, "▋");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        vec![
            "Attendances by region (9 in total)".to_string(),
            format!("Castilla-La Mancha  {one}{}  1", " ".repeat(77 - 26)),
            format!("Ciudad de México    {one}{}  1", " ".repeat(77 - 26)),
            format!("Dakar               {one}{}  1", " ".repeat(77 - 26)),
            format!("Jalisco             {}  3", blocks(77, "")),
            format!("Oaxaca              {one}{}  1", " ".repeat(77 - 26)),
            format!(
                "(not recorded)      {}{}  2",
                blocks(51, "▍"),
                " ".repeat(77 - 52)
            ),
        ]
    );
    // Every bar starts at the same column although `México` takes more bytes than characters.
    for line in &lines[1..] {
        let before_bar = line.split('█').next().unwrap();
        assert_eq!(before_bar.chars().count(), 20, "{line:?}");
    }
}

#[test]
fn chart_shows_counts_that_are_not_recorded_without_a_bar() {
    let store = fixture();
    let run = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "event",
            "--chart",
            "--chart-measure",
            "person_days",
        ])
        .ok();
    // Only Mexico lists days: 6 person-days; the others have no bar. Numbers take 14 columns
    // ("(not recorded)"), so the bar is 100 - 14 - 4 - 14 = 68 columns.
    let line = |label: &str, bar: String, number: &str| {
        let padding = " ".repeat(68 - bar.chars().count());
        format!("{label:<14}  {bar}{padding}  {number:>14}\n")
    };
    assert_eq!(
        run.stdout,
        format!(
            "Person-days by event (6 in total)\n{}{}{}",
            line("2019-05-dakar", String::new(), "(not recorded)"),
            line("2019-11-mexico", blocks(68, ""), "6"),
            line("2020-03-bilbao", String::new(), "(not recorded)"),
        )
    );
}

#[test]
fn chart_refuses_options_it_cannot_draw() {
    let store = fixture();
    store.refuses(
        &["report", "attendance", "--chart", "--across", "event"],
        2,
        "cannot be used with",
    );
    store.refuses(
        &["report", "attendance", "--chart", "--format", "json"],
        2,
        "cannot be used with",
    );
    store.refuses(
        &["report", "attendance", "--chart-measure", "attendances"],
        2,
        "--chart",
    );
}

#[test]
fn chart_can_be_written_to_a_file() {
    let store = fixture();
    let path = store.dir.path().join("chart.txt");
    let path_text = path.to_str().unwrap();
    let run = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "event",
            "--chart",
            "--output",
            path_text,
        ])
        .ok()
        .says("wrote the attendance report");
    assert_eq!(run.stdout, "");
    let written = std::fs::read_to_string(&path).unwrap();
    // People by event: Dakar 3, Mexico 4, Bilbao 2, and 6 distinct people in all.
    assert!(
        written.starts_with("Participants by event (6 in total)\n2019-05-dakar "),
        "{written}"
    );
    assert_eq!(written.lines().count(), 4);
}

#[test]
fn svg_is_written_atomically_with_output() {
    let store = fixture();
    let path = store.dir.path().join("chart.svg");
    let run = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "sector,region",
            "--event",
            "2019-11-mexico",
            "--format",
            "svg",
            "--output",
            path.to_str().unwrap(),
        ])
        .ok()
        .says("wrote the attendance report");
    assert_eq!(run.stdout, "");
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.ends_with("</svg>\n"));
    // At Mexico: ana (government/municipal, Jalisco), ben (government/state, Oaxaca), gus
    // (government/federal, Ciudad de México) and fer (international, no region): 4 people.
    assert!(
        svg.contains("<desc id=\"gsef-chart-desc\">Filters: event 2019-11-mexico; status attended. 4 participants in total. government/federal, Ciudad de México: 1. government/municipal, Jalisco: 1. government/state, Oaxaca: 1. international, (not recorded): 1.</desc>"),
        "{svg}"
    );
    // Accented labels are written as they are (UTF-8), not mangled or dropped.
    assert!(svg.contains(">Ciudad de México</text>"), "{svg}");
    // Nothing but the chart was left in the folder: the temporary file was renamed into place.
    let mut names: Vec<String> = std::fs::read_dir(store.dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["chart.svg", "records"]);
}

#[test]
fn svg_without_output_goes_to_stdout() {
    // Like every other format, so `> chart.svg` works and pipes stay simple.
    let store = fixture();
    let run = store
        .gsef(&["report", "attendance", "--by", "region", "--format", "svg"])
        .ok();
    assert!(run.stdout.starts_with("<svg "), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("<title id=\"gsef-chart-title\">Participants by region</title>")
    );
    assert_eq!(run.stderr, "");
}

#[test]
fn svg_refuses_reports_it_cannot_draw() {
    let store = fixture();
    let target = store.dir.path().join("events.svg");
    store.refuses(
        &[
            "report",
            "events",
            "--format",
            "svg",
            "--output",
            target.to_str().unwrap(),
        ],
        1,
        "no participants column",
    );
    assert!(!target.exists(), "a refused chart writes no file");
    store.refuses(
        &[
            "report",
            "attendance",
            "--across",
            "event",
            "--format",
            "svg",
        ],
        1,
        "leave out --across",
    );
    let missing_folder = store.dir.path().join("no-such-folder/chart.svg");
    store.refuses(
        &[
            "report",
            "attendance",
            "--format",
            "svg",
            "--output",
            missing_folder.to_str().unwrap(),
        ],
        1,
        "no-such-folder",
    );
}
