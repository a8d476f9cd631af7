//! Inert output: what the records hold reaches a terminal shown, never obeyed.

use super::EVENT;
use crate::util::xml::assert_well_formed;
use crate::util::{Run, TestStore, table_columns};

/// What a hand-edited file or an imported spreadsheet may slip into a name: a colour sequence,
/// the bell, a C1 control, a right-to-left override, a zero-width space, a tab and a newline.
const HOSTILE: &str = "Ana\u{1b}[31mRed\u{7}\u{9b}\u{202e}\u{200b}\tTab\nLine";

/// Asserts that no raw control character of [`HOSTILE`] reached stdout or stderr.
#[track_caller]
fn assert_inert(run: &Run, what: &str) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        for raw in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{200b}'] {
            assert!(
                !text.contains(raw),
                "{what}: {raw:?} raw on {stream}:\n{text}"
            );
        }
    }
}

/// A store with the event and one person whose name and region are [`HOSTILE`], written
/// straight into the file as an editor or a script would (serde_json escapes the controls, so
/// the line is valid JSON).
fn store_with_hostile_person() -> TestStore {
    let store = TestStore::empty();
    store
        .gsef(&[
            "event",
            "add",
            "--id",
            EVENT,
            "--title",
            "Workshop in Mexico",
        ])
        .ok();
    let person = serde_json::json!({
        "id": "p1",
        "name": HOSTILE,
        "sector": "sse/cooperative",
        "country": "MX",
        "region": HOSTILE,
        "consent": "list",
    });
    store.write("participants.jsonl", &format!("{person}\n"));
    store.gsef(&["attend", EVENT, "p1"]).ok();
    store
}

const ESCAPED: &str = "Ana\\u001b[31mRed\\u0007\\u009b\\u202e\\u200b\\u0009Tab\\u000aLine";
/// [`HOSTILE`] as a report's group: without the format characters it groups apart by
/// (`model::text::grouping_key`), its controls still escaped.
const ESCAPED_GROUP: &str = "Ana\\u001b[31mRed\\u0007\\u009b\\u0009Tab\\u000aLine";

#[test]
fn names_with_control_characters_are_shown_escaped_in_the_terminal() {
    let store = store_with_hostile_person();
    for args in [
        &["participant", "list"][..],
        &["participant", "show", "p1"],
        &["report", "attendance", "--by", "region"],
    ] {
        let run = store.gsef(args).ok();
        assert_inert(&run, &args.join(" "));
        // A cell is one line of the record's text, however the table wraps it.
        let columns = table_columns(&run.stdout);
        let escaped = if args[0] == "report" {
            ESCAPED_GROUP
        } else {
            ESCAPED
        };
        assert!(
            columns.iter().any(|column| column.contains(escaped)),
            "{args:?}: {escaped} missing:\n{}",
            run.stdout
        );
    }
    // A chart cuts long labels, so only their start is there.
    let chart = store
        .gsef(&["report", "attendance", "--by", "region", "--chart"])
        .ok();
    assert_inert(&chart, "chart");
    assert!(
        chart.stdout.contains("Ana\\u001b[31mRed\\u0007"),
        "{}",
        chart.stdout
    );
    // Such a name given to a command is refused, naming the character, not repeating it.
    let added = store.refuses(
        &[
            "participant",
            "add",
            "--id",
            "p2",
            "--name",
            HOSTILE,
            "--sector",
            "sse",
        ],
        1,
        "error: --name: contains a control character (U+001B) at character 4",
    );
    assert_inert(&added, "participant add");
    // An error quoting a value the user gave.
    let refused = store
        .gsef(&["participant", "list", "--sector", HOSTILE])
        .fails(1, "error: invalid sector");
    assert_inert(&refused, "error");
    assert!(
        refused.stderr.contains("Ana\\u001b[31m"),
        "{}",
        refused.stderr
    );
}

#[test]
fn errors_and_check_problems_quoting_a_bad_line_are_shown_escaped() {
    let store = store_with_hostile_person();
    let bad = serde_json::json!({"id": "p3", "name": "Bo", "sector": HOSTILE});
    let mut lines = store.read("participants.jsonl");
    lines.push_str(&format!("{bad}\n"));
    store.write("participants.jsonl", &lines);
    let error = store
        .gsef(&["participant", "list"])
        .fails(1, "invalid sector");
    assert_inert(&error, "reading a bad line");
    assert!(error.stderr.contains("Ana\\u001b[31m"), "{}", error.stderr);
    let check = store.gsef(&["check"]).fails(1, "problem");
    assert_inert(&check, "check");
    assert!(check.stdout.contains("Ana\\u001b[31m"), "{}", check.stdout);
}

/// What a person could type into a registration form to get a script or a link into a report.
const MARKUP: [&str; 4] = [
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<script>alert(1)</script>",
];

#[test]
fn markdown_reports_render_html_and_links_as_text() {
    let store = TestStore::empty();
    store
        .gsef(&["event", "add", "--id", EVENT, "--title", MARKUP[3]])
        .ok();
    let people: String = MARKUP
        .iter()
        .enumerate()
        .map(|(n, markup)| {
            let person = serde_json::json!({
                "id": format!("p{n}"),
                "name": markup,
                "organization": markup,
                "sector": "sse/cooperative",
                "country": "MX",
                "region": MARKUP[(n + 1) % MARKUP.len()],
                "consent": "list",
            });
            format!("{person}\n")
        })
        .collect();
    store.write("participants.jsonl", &people);
    for n in 0..MARKUP.len() {
        store.gsef(&["attend", EVENT, &format!("p{n}")]).ok();
    }
    for args in [
        &[
            "report",
            "attendance",
            "--by",
            "organization,region",
            "--format",
            "markdown",
        ][..],
        &["report", "summary", EVENT, "--format", "markdown"],
    ] {
        let markdown = store.gsef(args).ok().stdout;
        for live in ["<img", "<script", "](javascript:", "![", "[click]"] {
            assert!(
                !markdown.contains(live),
                "{args:?}: {live} left live:\n{markdown}"
            );
        }
        assert!(
            markdown.contains("&lt;img src=x onerror=alert\\(1\\)&gt;"),
            "{args:?}:\n{markdown}"
        );
    }
}

#[test]
fn svg_and_html_stay_well_formed_with_characters_xml_forbids() {
    let store = TestStore::empty();
    let event = serde_json::json!({"id": EVENT, "title": "Workshop\u{1}"});
    store.write("events.jsonl", &format!("{event}\n"));
    let person = serde_json::json!({
        "id": "p1",
        "name": "Ana",
        "sector": "sse/cooperative",
        "region": "North\u{ffff}\u{fdd0}\u{1}<&>",
    });
    store.write("participants.jsonl", &format!("{person}\n"));
    store.gsef(&["attend", EVENT, "p1"]).ok();
    let svg = store
        .gsef(&["report", "attendance", "--by", "region", "--format", "svg"])
        .ok()
        .stdout;
    assert_well_formed(&svg);
    assert!(
        svg.contains(">North\u{fffd}\u{fffd}\u{fffd}&lt;&amp;&gt;</text>"),
        "{svg}"
    );
    let html = store
        .gsef(&["report", "summary", EVENT, "--format", "html"])
        .ok()
        .stdout;
    // HTML is not XML (`<meta>` has no end tag), but the chart inside it is.
    let chart = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap() + 6];
    assert_well_formed(chart);
    for raw in ['\u{ffff}', '\u{fdd0}', '\u{1}'] {
        assert!(!html.contains(raw), "{raw:?} raw in\n{html}");
    }
    assert!(html.contains("<h1>Workshop\u{fffd}</h1>"), "{html}");
    assert!(
        html.contains("<td>North\u{fffd}\u{fffd}\u{fffd}&lt;&amp;&gt;</td>"),
        "{html}"
    );
}

#[test]
fn csv_defuses_formulas_after_a_semicolon_a_tab_and_in_full_width() {
    let store = TestStore::empty();
    store
        .gsef(&["event", "add", "--id", EVENT, "--title", "Workshop"])
        .ok();
    let regions = ["x;=cmd|' /C calc'!A0", "\u{ff0b}1", "a\t@SUM(A1)", "Oaxaca"];
    let people: String = regions
        .iter()
        .enumerate()
        .map(|(n, region)| {
            let person = serde_json::json!({
                "id": format!("p{n}"), "name": "Ana", "sector": "sse", "region": region,
            });
            format!("{person}\n")
        })
        .collect();
    store.write("participants.jsonl", &people);
    for n in 0..regions.len() {
        store.gsef(&["attend", EVENT, &format!("p{n}")]).ok();
    }
    let cells = |args: &[&str]| -> Vec<String> {
        let csv = store.gsef(args).ok().stdout;
        csv::Reader::from_reader(csv.as_bytes())
            .records()
            .map(|row| row.unwrap()[0].to_string())
            .collect()
    };
    let mut defused = cells(&["report", "attendance", "--by", "region", "--format", "csv"]);
    defused.sort();
    assert_eq!(
        defused,
        [
            "'\u{ff0b}1",
            "Oaxaca",
            "a\t'@SUM(A1)",
            "x;'=cmd|' /C calc'!A0"
        ]
    );
    // --raw writes the cells exactly, for scripts.
    let mut raw = cells(&[
        "report",
        "attendance",
        "--by",
        "region",
        "--format",
        "csv",
        "--raw",
    ]);
    raw.sort();
    let mut expected = regions.map(str::to_string).to_vec();
    expected.sort();
    assert_eq!(raw, expected);
}

#[test]
fn completion_shows_names_and_titles_escaped() {
    let store = store_with_hostile_person();
    let event = serde_json::json!({"id": "e2", "title": HOSTILE});
    let mut events = store.read("events.jsonl");
    events.push_str(&format!("{event}\n"));
    store.write("events.jsonl", &events);
    for words in [
        ["gsef", "participant", "show", ""],
        ["gsef", "event", "show", ""],
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_gsef"))
            .env("COMPLETE", "fish")
            .env("GSEF_RECORDS", store.records())
            .arg("--")
            .args(words)
            .output()
            .unwrap();
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        };
        let run = run.ok();
        assert_inert(&run, &words.join(" "));
        assert!(
            run.stdout.contains(&format!("\t{ESCAPED}\n")),
            "{}",
            run.stdout
        );
    }
}
