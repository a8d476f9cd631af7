//! Terminal tables fitted to `COLUMNS` (issue 17): no line wider than the width, no number
//! broken, long text shortened with `…` at the end of a cell, a block per record when no
//! table fits, and whole lines when stdout is piped and `COLUMNS` is unset.

use std::path::PathBuf;

use unicode_width::UnicodeWidthStr;

use crate::util::TestStore;

/// The commands fitted, each with the CSV form of the same output.
const COMMANDS: [&[&str]; 4] = [
    &["report", "events"],
    &[
        "report",
        "attendance",
        "--by",
        "sector",
        "--depth",
        "1",
        "--across",
        "region",
    ],
    &["participant", "list", "--all"],
    &["event", "list"],
];

/// A store holding a copy of the records shipped in `records/`.
fn shipped() -> TestStore {
    let store = TestStore::uninitialised();
    std::fs::create_dir(store.records()).unwrap();
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("records");
    for entry in std::fs::read_dir(source).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), store.records().join(entry.file_name())).unwrap();
        }
    }
    store
}

fn stores() -> Vec<(&'static str, TestStore)> {
    vec![
        ("small", TestStore::fixture("small")),
        ("shipped", shipped()),
    ]
}

fn at_width(store: &TestStore, args: &[&str], columns: &str) -> String {
    store
        .gsef_with_env(args, "", &[("COLUMNS", columns)])
        .ok()
        .stdout
}

/// The whole numbers of the CSV form, each cell one, in the columns the table shows too
/// (a list's CSV has more columns than its table).
fn numbers_in_csv(store: &TestStore, args: &[&str], table_headers: &str) -> Vec<String> {
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    if args[0] == "report" {
        csv_args.push("--totals");
    }
    let csv = store.gsef(&csv_args).ok().stdout;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let names: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_lowercase)
        .collect();
    // A rate is a fraction in CSV and a percentage in the table.
    let shown = |name: &str| {
        !name.contains("rate") && (args[0] == "report" || table_headers.contains(name))
    };
    let mut numbers = Vec::new();
    for record in reader.records() {
        for (name, cell) in names.iter().zip(record.unwrap().iter()) {
            if shown(name) && !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit()) {
                numbers.push(cell.to_string());
            }
        }
    }
    numbers
}

/// True when `number` stands whole somewhere in `text`: no digit either side.
fn has_whole(text: &str, number: &str) -> bool {
    text.match_indices(number).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + number.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// `…` only ends a cell: what follows it is spaces, then a border or the line's end.
fn ellipsis_ends_cells(line: &str) -> bool {
    line.match_indices('…').all(|(at, ellipsis)| {
        let rest = line[at + ellipsis.len()..].trim_start_matches(' ');
        rest.is_empty() || rest.starts_with('│') || rest.starts_with('┆')
    })
}

#[test]
fn tables_fit_the_width_without_breaking_numbers() {
    for (name, store) in stores() {
        for args in COMMANDS {
            let piped = store.gsef(args).ok().stdout;
            let headers = piped.lines().nth(1).unwrap_or("").to_lowercase();
            let numbers = numbers_in_csv(&store, args, &headers);
            for columns in [60, 80, 120] {
                let output = at_width(&store, args, &columns.to_string());
                let context = format!("{name} {args:?} at {columns}:\n{output}");
                for line in output.lines() {
                    assert!(line.width() <= columns, "too wide: {line}\n{context}");
                    assert!(ellipsis_ends_cells(line), "cut inside: {line}\n{context}");
                }
                for number in &numbers {
                    assert!(has_whole(&output, number), "{number} broken\n{context}");
                }
            }
        }
    }
}

#[test]
fn the_events_report_is_a_block_per_event_at_60_columns() {
    for (name, store) in stores() {
        let output = at_width(&store, &["report", "events"], "60");
        assert!(!output.contains('│'), "{name}: a table\n{output}");
        let events = output
            .lines()
            .filter(|line| line.starts_with("Event:"))
            .count();
        let blank = output.lines().filter(|line| line.is_empty()).count();
        assert!(events >= 2, "{name}\n{output}");
        // A block per event and one for the totals (`Event: Total`), a blank line between.
        assert_eq!(blank + 1, events, "{name}\n{output}");
        assert!(
            output.contains("Event:           Total"),
            "{name}\n{output}"
        );
        assert!(output.contains("Title:"), "{name}\n{output}");
    }
}

#[test]
fn piped_tables_are_not_wrapped_without_columns() {
    for (name, store) in stores() {
        for args in COMMANDS {
            let piped = store.gsef(args).ok().stdout;
            let context = format!("{name} {args:?}:\n{piped}");
            assert!(piped.lines().count() > 4, "{context}");
            let widths: Vec<usize> = piped.lines().map(UnicodeWidthStr::width).collect();
            // Every line of a table, borders included, is as wide as the table.
            assert!(widths.iter().all(|&width| width == widths[0]), "{context}");
            assert!(!piped.contains('…'), "{context}");
            // The natural width: what a width no table reaches gives.
            assert_eq!(at_width(&store, args, "100000"), piped, "{context}");
        }
    }
    // The shipped events' titles alone are wider than the old 100 columns.
    let events = shipped().gsef(&["report", "events"]).ok().stdout;
    assert!(events.lines().next().unwrap().width() > 200, "{events}");
}

#[test]
fn the_summary_and_charts_wrap_their_prose() {
    let store = shipped();
    for (args, columns) in [
        (&["report", "summary", "--series", "gsef-2019"][..], 60),
        (&["report", "summary", "--series", "gsef-2019"][..], 80),
        (
            &["report", "attendance", "--by", "region", "--chart"][..],
            60,
        ),
    ] {
        let output = at_width(&store, args, &columns.to_string());
        for line in output.lines() {
            assert!(
                line.width() <= columns,
                "{args:?} at {columns}: {line}\n{output}"
            );
        }
    }
    // Piped, the prose wraps at 80; its tables, as every table piped, are whole.
    let summary = store
        .gsef(&["report", "summary", "--series", "gsef-2019"])
        .ok()
        .stdout;
    let table_line = |line: &str| line.starts_with(['┌', '│', '╞', '└']);
    assert!(
        summary
            .lines()
            .all(|line| table_line(line) || line.width() <= 80),
        "{summary}"
    );
}

#[test]
fn korean_text_is_measured_two_columns_a_syllable() {
    let store = TestStore::fixture("small");
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "kr-001",
            "--name",
            "김서연 서울특별시 사회적경제지원센터 대표",
            "--organization",
            "서울특별시 사회적경제지원센터 (Seoul Social Economy Center)",
        ])
        .ok();
    for columns in [60, 80, 120] {
        let output = at_width(
            &store,
            &["participant", "list", "--all"],
            &columns.to_string(),
        );
        for line in output.lines() {
            assert!(line.width() <= columns, "at {columns}: {line}\n{output}");
            assert!(ellipsis_ends_cells(line), "at {columns}: {line}\n{output}");
        }
        assert!(output.contains("kr-001"), "{output}");
    }
}

#[test]
fn people_named_alike_are_never_all_cut_to_the_same_text() {
    // The shipped people are "Illustrative participant 001" to "… 111": at 80 columns a table
    // could only show "Illustrati…" for every one, so each is a block, its name whole; at 120
    // the name keeps its room and the other columns are shortened.
    let store = shipped();
    let narrow = at_width(&store, &["participant", "list"], "80");
    assert!(
        narrow.contains("Name:         Illustrative participant 001\n"),
        "{narrow}"
    );
    assert!(!narrow.contains("Illustrati…"), "{narrow}");
    let wide = at_width(&store, &["participant", "list"], "120");
    assert!(wide.contains("┆ Illustrative participant 001 ┆"), "{wide}");
    assert!(wide.lines().all(|line| line.width() <= 120), "{wide}");
}

#[test]
fn notes_under_a_table_wrap_but_keep_every_word_whole() {
    let store = TestStore::fixture("small");
    let run = at_width(&store, &["report", "trained", "--provenance"], "60");
    assert!(
        run.lines()
            .all(|line| line.width() <= 60 || !line.trim().contains(' ')),
        "{run}"
    );
    // The store's hash is one word, copied from here to verify: it stands whole on its line.
    let hash = run
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("sha256:"))
        .unwrap_or_else(|| panic!("no hash line in\n{run}"));
    assert_eq!(hash.len(), "sha256:".len() + 64, "{run}");
    assert!(run.contains("  Command: gsef --records"), "{run}");
}
