//! Shell integration: completion scripts, dynamic completion of ids, manual pages.

use std::process::Command;

use crate::util::TestStore;

#[test]
fn completion_scripts_cover_the_commands() {
    let store = TestStore::empty();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = store.gsef(&["completions", shell]).ok().stdout;
        assert!(
            script.contains("participant") && script.contains("dry-run"),
            "{shell} script:\n{script}"
        );
    }
    store
        .gsef(&["completions", "tcsh"])
        .fails(2, "invalid value 'tcsh'");
}

#[test]
fn dynamic_completion_offers_the_store_ids() {
    let store = TestStore::empty();
    store
        .gsef(&[
            "event",
            "add",
            "--id",
            "2019-11-mexico",
            "--title",
            "Mexico",
        ])
        .ok();
    store
        .gsef(&["event", "add", "--id", "2019-05-dakar", "--title", "Dakar"])
        .ok();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "mx-001",
            "--name",
            "Ana",
            "--sector",
            "academia",
        ])
        .ok();
    let complete = |words: &[&str]| -> Vec<String> {
        let output = Command::new(env!("CARGO_BIN_EXE_gsef"))
            .env("COMPLETE", "bash")
            .env("GSEF_RECORDS", store.records())
            .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
            .env("_CLAP_COMPLETE_COMP_TYPE", "9")
            .env("_CLAP_COMPLETE_SPACE", "true")
            .env("_CLAP_IFS", "\n")
            .arg("--")
            .args(words)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    };
    assert_eq!(complete(&["gsef", "attend", "2019-11"]), ["2019-11-mexico"]);
    assert_eq!(
        complete(&["gsef", "event", "show", "2019-0"]),
        ["2019-05-dakar"]
    );
    assert_eq!(
        complete(&["gsef", "attend", "2019-11-mexico", "mx"]),
        ["mx-001"]
    );
}

#[test]
fn manual_pages_render() {
    let store = TestStore::empty();
    let page = store.gsef(&["manpage"]).ok().stdout;
    assert!(
        page.starts_with(".ie") || page.contains(".TH gsef"),
        "{page}"
    );
    let folder = store.dir.path().join("man");
    store
        .gsef(&["manpage", "--dir", folder.to_str().unwrap()])
        .ok()
        .says("manual pages into");
    assert!(folder.join("gsef.1").exists());
    assert!(folder.join("gsef-event-add.1").exists());
}

/// Examples are preformatted under EXAMPLES, never refilled or hyphenated as running text
/// under EXTRA; and `man` shows each on its own line, whole.
#[test]
fn manual_page_examples_are_preformatted_lines() {
    let store = TestStore::empty();
    let folder = store.dir.path().join("man");
    store
        .gsef(&["manpage", "--dir", folder.to_str().unwrap()])
        .ok();
    let page = std::fs::read_to_string(folder.join("gsef-report-attendance.1")).unwrap();
    assert!(!page.contains(".SH EXTRA"), "{page}");
    let examples = page
        .split(".SH EXAMPLES\n")
        .nth(1)
        .expect("an EXAMPLES section");
    let block = examples.split(".fi\n").next().unwrap();
    assert!(block.contains(".nf\n.nh\n"), "{block}");
    assert!(
        block.contains("gsef report attendance \\-\\-by country \\-\\-format csv \\-\\-totals > by\\-country.csv\n"),
        "{block}"
    );
    assert!(
        page.contains(".SH NOTES\n"),
        "the prose after the examples is kept"
    );

    let man = std::process::Command::new("man")
        .args([
            "-l",
            folder.join("gsef-report-attendance.1").to_str().unwrap(),
        ])
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .output();
    match man {
        Ok(output) if output.status.success() => {
            let shown = String::from_utf8_lossy(&output.stdout);
            assert!(
                shown
                    .lines()
                    .any(|line| line.trim() == "gsef report attendance --by country --format csv --totals > by-country.csv"),
                "{shown}"
            );
        }
        _ => eprintln!("note: `man` is not installed; the rendered page is not checked"),
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let store = TestStore::empty();
    // The harness pipes both streams, so auto means no colour.
    let plain = store.gsef(&["sector", "list"]).ok();
    assert!(!plain.stdout.contains('\u{1b}'));
    let forced = store.gsef(&["--color", "always", "sector", "list"]).ok();
    assert!(
        forced.stdout.contains("\u{1b}[1m"),
        "bold headers:\n{}",
        forced.stdout
    );
    let error = store
        .gsef(&["--color", "always", "event", "show", "nope"])
        .fails(1, "not found");
    assert!(
        error.stderr.starts_with("\u{1b}[1;31merror:\u{1b}[0m"),
        "{}",
        error.stderr
    );
    let csv = store
        .gsef(&["--color", "always", "sector", "list", "--format", "csv"])
        .ok();
    assert!(!csv.stdout.contains('\u{1b}'), "CSV is never coloured");
    store
        .gsef(&["--color", "sometimes", "sector", "list"])
        .fails(2, "invalid value 'sometimes'");
}
