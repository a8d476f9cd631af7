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

use crate::util::{TestStore, assert_golden};

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
        .gsef_with_env(
            &[
                "report",
                "attendance",
                "--by",
                "event",
                "--chart",
                "--chart-measure",
                "attendances",
            ],
            "",
            &[("COLUMNS", "100")],
        )
        .ok();
    // At COLUMNS=100 the chart is 100 columns wide: labels of 14, two gaps of 2 and numbers of
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
        .gsef_with_env(
            &[
                "report",
                "attendance",
                "--by",
                "region",
                "--chart",
                "--chart-measure",
                "attendances",
            ],
            "",
            &[("COLUMNS", "100")],
        )
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
        .gsef_with_env(
            &[
                "report",
                "attendance",
                "--by",
                "event",
                "--chart",
                "--chart-measure",
                "person_days",
            ],
            "",
            &[("COLUMNS", "100")],
        )
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
        svg.contains("<desc id=\"gsef-chart-desc\">Event 2019-11-mexico; people who attended. 4 participants in total. Federal or national government, Ciudad de México: 1. Municipal government, Jalisco: 1. State or regional government, Oaxaca: 1. International organisations, (not recorded): 1.</desc>"),
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

// The Mexico summary, by hand: invited 12; registered 6 (ana, ben, gus, chloe, fer, hana);
// attended 4 (ana, ben, gus, fer), no-shows 0, so a rate of 4/6 = 66.7%. By top-level sector:
// government 3 (ana, ben, gus; 2 + 1 + 2 = 5 person-days), international 1 (fer, 1 day). By
// region: Ciudad de México, Jalisco, Oaxaca and not recorded, 1 each. Returning: ana and fer had
// attended Dakar (May 2019, same series) before, so 2 of the 4 return and 2 come first.

#[test]
fn summary_of_an_event_in_markdown_matches_its_golden_output() {
    let markdown = assert_golden(
        &fixture(),
        &[
            "report",
            "summary",
            "2019-11-mexico",
            "--format",
            "markdown",
        ],
        "summary-mexico.md",
    );
    assert!(markdown.contains("| 2019-11-mexico | 12 | 6 | 4 | 0 | 66.7% |"));
    assert!(markdown.contains("| 2019-11-mexico | 2019-11-27 | 4 | 2 | 2 |"));
    assert!(markdown.contains("- **Dates:** 27–28 November 2019\n"));
    assert!(markdown.contains("\n1. Raise awareness of the SSE sector\n2. Exchange experiences\n"));
}

#[test]
fn summary_in_html_is_one_self_contained_page() {
    let html = assert_golden(
        &fixture(),
        &["report", "summary", "2019-11-mexico", "--format", "html"],
        "summary-mexico.html",
    );
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.contains("@media print") && html.contains("size: A4"));
    // Nothing to fetch: no scripts, stylesheets, images or links out; the one URL is the SVG
    // namespace, which browsers never load.
    for outside in [
        "<script", "<link", "<img", "src=", "href=", "@import", "url(",
    ] {
        assert!(!html.contains(outside), "{outside} in the page");
    }
    assert_eq!(html.matches("http").count(), 1, "only the SVG namespace");
    assert!(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    // By sector at Mexico: government 3, international 1, by their labels.
    assert!(html.contains("<title>Government: 3</title>"), "{html}");
    assert!(html.contains("<td>Ciudad de México</td>"));
}

#[test]
fn summary_of_a_series_covers_each_event_in_date_order() {
    let store = fixture();
    let markdown = store
        .gsef(&[
            "report",
            "summary",
            "--series",
            "gsef-2019",
            "--format",
            "markdown",
        ])
        .ok()
        .stdout;
    // gsef-2019 holds Dakar (May) and Mexico (November). Invited 10 + 12 = 22; registered
    // 4 (diop, ana, eun, fer) + 6 = 10; attended 3 + 4 = 7; one no-show (eun): 7/10 = 70%.
    // Five people attended: government 3 (ana twice, ben, gus: 4 attendances, 5 person-days),
    // international 1 (fer twice, 1 day), sse 1 (diop, no days listed).
    assert!(markdown.starts_with("# GSEF Training &amp; Workshop Series 2019\n\n## The events\n"));
    let dakar = markdown.find("### GSEF training in Dakar").unwrap();
    let mexico = markdown.find("### Capacity Building Workshop").unwrap();
    assert!(dakar < mexico, "events in date order");
    for row in [
        "| Total | 22 | 10 | 7 | 1 | 70.0% |",
        "| Government | 3 | 4 | 5 |",
        "| Social and solidarity economy | 1 | 1 | \\(not recorded\\) |",
        "| Total | 5 | 7 | 6 |",
        "| 2019-05-dakar | 2019-05 | 3 | 0 | 3 |",
        "| Total |  | 7 | 2 | 5 |",
    ] {
        assert!(markdown.contains(row), "{row} missing from\n{markdown}");
    }
}

#[test]
fn summary_for_the_terminal_reads_dates_in_words() {
    let run = fixture().gsef(&["report", "summary", "2019-05-dakar"]).ok();
    assert!(
        run.stdout
            .starts_with("GSEF training in Dakar\nPart of GSEF Training & Workshop Series 2019\n")
    );
    assert!(
        run.stdout
            .contains("  Dates:      May 2019\n  Place:      Dakar, Senegal\n")
    );
    assert!(
        run.stdout
            .contains("    1. Share SSE policy tools\n    2. Build a West African network\n")
    );
}

#[test]
fn summary_flags_illustrative_records() {
    let store = fixture();
    let participants = store
        .read("participants.jsonl")
        .replace(r#""id":"ana","#, r#""id":"ana","illustrative":true,"#);
    store.write("participants.jsonl", &participants);
    let markdown = store
        .gsef(&[
            "report",
            "summary",
            "2019-11-mexico",
            "--format",
            "markdown",
        ])
        .ok()
        .stdout;
    // Six people have records at Mexico; ana alone is made up.
    assert!(
        markdown.contains("> **Note:** 1 of the 6 people in these records is illustrative"),
        "{markdown}"
    );
    let without = fixture()
        .gsef(&[
            "report",
            "summary",
            "2019-11-mexico",
            "--format",
            "markdown",
        ])
        .ok()
        .stdout;
    assert!(!without.contains("illustrative"));
}

#[test]
fn summary_is_written_atomically_with_output() {
    let store = fixture();
    let path = store.dir.path().join("mexico.html");
    store
        .gsef(&[
            "report",
            "summary",
            "2019-11-mexico",
            "--format",
            "html",
            "--output",
            path.to_str().unwrap(),
        ])
        .ok()
        .says("wrote the summary report to");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.ends_with("</html>\n"));
}

#[test]
fn summary_refuses_unknown_or_missing_scopes() {
    let store = fixture();
    store
        .refuses(
            &["report", "summary", "2019-12-nowhere"],
            1,
            "event `2019-12-nowhere` not found",
        )
        .fails(1, "gsef event list");
    store.refuses(
        &["report", "summary", "--series", "gsef-1999"],
        1,
        "series `gsef-1999` not found",
    );
    store.refuses(&["report", "summary"], 2, "<EVENT|--series <ID>>");
    store.refuses(
        &[
            "report",
            "summary",
            "2019-11-mexico",
            "--series",
            "gsef-2019",
        ],
        2,
        "cannot be used with",
    );
    store.refuses(
        &["report", "summary", "2019-11-mexico", "--format", "pdf"],
        2,
        "html",
    );
}

/// Every command, its path from `gsef`, for the help checks.
fn every_command() -> Vec<(String, clap::Command)> {
    use clap::CommandFactory;
    fn walk(path: &str, command: &clap::Command, found: &mut Vec<(String, clap::Command)>) {
        found.push((path.to_string(), command.clone()));
        // clap's own `help` subcommand is not ours to document.
        for sub in command
            .get_subcommands()
            .filter(|sub| sub.get_name() != "help")
        {
            walk(&format!("{path} {}", sub.get_name()), sub, found);
        }
    }
    let mut root = gsef::commands::Cli::command();
    root.build();
    let mut found = Vec::new();
    walk("gsef", &root, &mut found);
    found
}

#[test]
fn every_command_explains_itself_with_examples() {
    let mut problems = Vec::new();
    for (path, command) in every_command() {
        if command
            .get_about()
            .is_none_or(|about| about.to_string().trim().is_empty())
        {
            problems.push(format!("{path}: no one-line summary"));
        }
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            if arg
                .get_help()
                .is_none_or(|help| help.to_string().trim().is_empty())
            {
                problems.push(format!("{path}: argument `{id}` has no help text"));
            }
        }
        let is_leaf = command.get_subcommands().next().is_none();
        let after_help = command
            .get_after_help()
            .map(ToString::to_string)
            .unwrap_or_default();
        if is_leaf && !after_help.contains("Example") {
            problems.push(format!("{path}: no examples in after_help"));
        }
    }
    assert!(
        problems.is_empty(),
        "help to write:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_leaf_command_prints_its_help() {
    // The same walk, through the real binary: `gsef … --help` succeeds and shows the examples.
    let store = fixture();
    for (path, command) in every_command() {
        if command.get_subcommands().next().is_some() {
            continue;
        }
        let mut args: Vec<&str> = path.split(' ').skip(1).collect();
        args.push("--help");
        let run = store.gsef(&args).ok();
        assert!(
            run.stdout.contains("Example"),
            "{path} --help:\n{}",
            run.stdout
        );
    }
}

#[test]
fn typos_get_a_suggestion() {
    let store = fixture();
    store
        .refuses(&["reprot"], 2, "similar subcommand")
        .fails(2, "'report'");
    store.refuses(&["report", "sumary", "2019-11-mexico"], 2, "'summary'");
    store.refuses(
        &["report", "attendance", "--by", "sectr"],
        2,
        "did you mean `sector`?",
    );
    store.refuses(&["report", "attendance", "--chrat"], 2, "--chart");
}

#[test]
fn summary_hides_small_counts_with_min_count() {
    let markdown = fixture()
        .gsef(&[
            "report",
            "summary",
            "2019-11-mexico",
            "--min-count",
            "3",
            "--format",
            "markdown",
        ])
        .ok()
        .stdout;
    // At Mexico each region has one person (1 < 3, hidden); the total of 4 stays.
    assert!(
        markdown.contains("| Jalisco | &lt;3 | &lt;3 | &lt;3 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Counts from 1 to 2 are shown as &lt;3"),
        "{markdown}"
    );
}

#[test]
fn summary_names_partners_and_leaves_out_what_is_not_recorded() {
    let store = fixture();
    let events = store.read("events.jsonl").replace(
        r#""organizers":["INAES","GSEF"],"#,
        r#""organizers":["INAES","GSEF"],"partners":["UNRISD","Red Nacional de Economía Social"],"#,
    );
    store.write("events.jsonl", &events);
    let markdown = store
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
        markdown.contains(
            "- **Organisers:** INAES; GSEF\n- **Partners:** UNRISD; Red Nacional de Economía Social\n"
        ),
        "{markdown}"
    );
    // Bilbao (series gsef-2020) records no organisers, partners or objectives: no empty lines.
    let bilbao = store
        .gsef(&[
            "report",
            "summary",
            "2020-03-bilbao",
            "--format",
            "markdown",
        ])
        .ok()
        .stdout;
    assert!(
        bilbao.starts_with(
            "# Workshop in Bilbao\n\nPart of GSEF Training Series 2020.\n\n## The event\n"
        ),
        "{bilbao}"
    );
    for absent in ["Organisers", "Partners", "Objectives"] {
        assert!(!bilbao.contains(absent), "{absent} in\n{bilbao}");
    }
    assert!(bilbao.contains("- **Dates:** 10 March 2020\n- **Place:** Bilbao, Spain\n"));
}

/// A long read shows its progress on a terminal, and leaves no trace of it when done; off a
/// terminal nothing is drawn. (`GSEF_PROGRESS_AFTER_MS=0` stands in for a store that takes
/// more than a second to read; `script` gives gsef a terminal.)
#[test]
fn a_long_read_shows_progress_on_a_terminal_only() {
    let store = fixture();
    let piped = store.gsef_with_env(
        &["report", "attendance", "--format", "csv"],
        "",
        &[("GSEF_PROGRESS_AFTER_MS", "0")],
    );
    assert_eq!(piped.code, 0);
    assert_eq!(piped.stderr, "", "no progress off a terminal");

    let script = std::process::Command::new("script")
        .arg("--version")
        .output();
    if !script.is_ok_and(|output| output.status.success()) {
        eprintln!("note: `script` is not installed; the terminal half is skipped");
        return;
    }
    let line = format!(
        "{} --records {} report attendance --format csv",
        env!("CARGO_BIN_EXE_gsef"),
        store.records().display()
    );
    let on_terminal = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("GSEF_PROGRESS_AFTER_MS", "0")
        .env("NO_COLOR", "1")
        .env_remove("GSEF_RECORDS")
        .output()
        .expect("script runs");
    assert!(on_terminal.status.success());
    let shown = String::from_utf8_lossy(&on_terminal.stdout);
    assert!(shown.contains("reading records ["), "{shown}");
    // The bar is cleared before the report, which follows whole.
    assert!(
        shown.contains(&piped.stdout.replace('\n', "\r\n")),
        "{shown}"
    );
}

/// A chart with more series than the colour-blind-safe palette has colours still gives each
/// series a colour of its own, in its bars and its legend alike.
#[test]
fn svg_series_never_share_a_colour() {
    let store = TestStore::with_mexico_workshop();
    let regions = [
        "Chiapas",
        "Jalisco",
        "Oaxaca",
        "Puebla",
        "Veracruz",
        "Yucatán",
        "Sonora",
        "Tabasco",
        "Zacatecas",
        "Colima",
    ];
    for (number, region) in regions.iter().enumerate() {
        let id = format!("mx-{number:03}");
        store
            .gsef(&[
                "participant",
                "add",
                "--id",
                &id,
                "--name",
                &format!("Person {number}"),
                "--sector",
                "sse/cooperative",
                "--region",
                region,
            ])
            .ok();
        store.gsef(&["attend", "2019-11-mexico", &id]).ok();
    }
    let svg = store
        .gsef(&[
            "report",
            "attendance",
            "--by",
            "sector,region",
            "--format",
            "svg",
        ])
        .ok()
        .stdout;
    let legend: Vec<&str> = svg
        .lines()
        .filter(|line| line.contains(r#"width="14" height="14""#))
        .filter_map(|line| line.split("fill=\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(legend.len(), regions.len(), "{svg}");
    let distinct: std::collections::HashSet<&&str> = legend.iter().collect();
    assert_eq!(distinct.len(), regions.len(), "{legend:?}");
}

/// What funders read names countries; what scripts read keeps the codes filters take.
#[test]
fn funder_formats_name_countries_and_data_formats_keep_codes() {
    let store = TestStore::with_mexico_workshop();
    for (id, country) in [("a", "MX"), ("b", "KR"), ("c", "SN")] {
        store
            .gsef(&[
                "participant",
                "add",
                "--id",
                id,
                "--name",
                id,
                "--sector",
                "academia",
                "--country",
                country,
            ])
            .ok();
        store.gsef(&["attend", "2019-11-mexico", id]).ok();
    }
    let report = |format: &str| {
        store
            .gsef(&[
                "report",
                "attendance",
                "--by",
                "country",
                "--format",
                format,
            ])
            .ok()
            .stdout
    };
    let markdown = report("markdown");
    for name in ["| Mexico |", "| Senegal |"] {
        assert!(markdown.contains(name), "{markdown}");
    }
    assert!(!markdown.contains("| MX |"), "{markdown}");
    let svg = report("svg");
    assert!(svg.contains(">Mexico</text>"), "{svg}");
    let csv = report("csv");
    assert!(csv.contains("\nMX,") && !csv.contains("Mexico"), "{csv}");
    assert!(report("json").contains("\"MX\""));
}
