//! Security: owner-only files, formula-safe CSV, no symbolic link followed out of the store, and
//! a store that cannot be written to.

use std::os::unix::fs::{PermissionsExt, symlink};

use super::{EVENT, TmpfsMount, assert_same_store, store_with_people};
use crate::util::{TestStore, table_columns};

fn mode_of(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_store_is_readable_by_its_owner_only() {
    let store = store_with_people(1);
    // store_with_people wrote participants.jsonl by hand; let gsef rewrite it.
    store
        .gsef(&["participant", "edit", "p0", "--region", "Oaxaca"])
        .ok();
    store.gsef(&["attend", EVENT, "p0"]).ok();
    assert_eq!(mode_of(&store.records()), 0o700, "the store folder");
    for file in [
        "gsef.json",
        ".gitignore",
        ".gsef.lock",
        "series.jsonl",
        "events.jsonl",
        "participants.jsonl",
        "attendance.jsonl",
    ] {
        assert_eq!(mode_of(&store.records().join(file)), 0o600, "{file}");
    }
}

#[test]
fn a_store_shared_through_wider_permissions_stays_shared() {
    let store = store_with_people(1);
    let participants = store.records().join("participants.jsonl");
    std::fs::set_permissions(&participants, std::fs::Permissions::from_mode(0o640)).unwrap();
    store
        .gsef(&["participant", "edit", "p0", "--region", "Oaxaca"])
        .ok();
    assert_eq!(mode_of(&participants), 0o640);
    store
        .gsef(&["participant", "add", "--name", "New", "--sector", "sse"])
        .ok();
    assert_eq!(mode_of(&participants), 0o640);
}

#[test]
fn files_added_to_a_shared_store_are_shared_like_it() {
    let store = store_with_people(1);
    let records = store.records();
    std::fs::set_permissions(&records, std::fs::Permissions::from_mode(0o770)).unwrap();
    for entry in std::fs::read_dir(&records).unwrap().flatten() {
        std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o660)).unwrap();
    }
    std::fs::remove_file(records.join(".gsef.lock")).ok();
    std::fs::remove_file(records.join("series.jsonl")).unwrap();
    store.gsef(&["check", "--repair"]).ok();
    assert_eq!(
        mode_of(&records.join("series.jsonl")),
        0o660,
        "a recreated collection"
    );
    assert_eq!(mode_of(&records.join(".gsef.lock")), 0o660, "the lock file");
}

#[test]
fn csv_output_defuses_spreadsheet_formulas() {
    let store = TestStore::empty();
    for (id, name) in [
        ("f1", "=HYPERLINK(\"http://evil.example\",\"click\")"),
        ("f2", "+1+1"),
        ("f3", "-2+3"),
        ("f4", "@SUM(A1:A9)"),
        ("f5", "Ana Ruiz"),
    ] {
        store
            .gsef(&[
                "participant",
                "add",
                "--id",
                id,
                &format!("--name={name}"),
                "--sector",
                "sse",
            ])
            .ok();
    }
    let csv = store
        .gsef(&["participant", "list", "--all", "--format", "csv"])
        .ok()
        .stdout;
    let names: Vec<String> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(|row| row.unwrap()[1].to_string())
        .collect();
    for name in &names {
        assert!(
            name == "Ana Ruiz" || name.starts_with('\''),
            "a formula cell left live: {name:?}\n{csv}"
        );
    }
    assert!(names.contains(&"'=HYPERLINK(\"http://evil.example\",\"click\")".to_string()));
    // JSON is data for programs, not spreadsheets: the name stays exactly as typed.
    let json = store
        .gsef(&["participant", "show", "f2", "--format", "json"])
        .ok();
    assert_eq!(json.json()["name"], "+1+1");
}

/// A file outside the store, which no command may read, change or create through a link.
fn outside_file(store: &TestStore, content: &str) -> std::path::PathBuf {
    let outside = store.dir.path().join("outside.jsonl");
    std::fs::write(&outside, content).unwrap();
    outside
}

#[test]
fn no_command_follows_a_symbolic_link_out_of_the_store() {
    for file in ["participants.jsonl", "gsef.json", ".gsef.lock"] {
        let store = store_with_people(1);
        let original = store.read(file);
        let secret = if file == "gsef.json" {
            original.clone()
        } else {
            "{\"id\":\"secret\",\"name\":\"Not Yours\",\"sector\":\"sse\"}\n".to_string()
        };
        let outside = outside_file(&store, &secret);
        std::fs::remove_file(store.records().join(file)).ok();
        symlink(&outside, store.records().join(file)).unwrap();
        let before = store.snapshot();
        for args in [
            &["participant", "list", "--all", "--format", "json"][..],
            &["participant", "add", "--name", "New", "--sector", "sse"],
            &["participant", "edit", "p0", "--region", "Oaxaca"],
            &["check", "--repair"],
        ] {
            let run = store.gsef(args);
            assert_eq!(
                run.code, 1,
                "{file} as a link: {args:?} succeeded:\n{}",
                run.stdout
            );
            assert!(
                run.stderr.contains(file)
                    && run
                        .stderr
                        .contains("symbolic link, which a store never follows"),
                "{file}: {args:?}:\n{}",
                run.stderr
            );
            assert!(
                !run.stdout.contains("secret"),
                "{args:?} read through the link"
            );
        }
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), secret, "{file}");
        assert_same_store(&store, &before, file);
    }
}

#[test]
fn a_dangling_link_is_not_created_through() {
    let store = store_with_people(1);
    let target = store.dir.path().join("created-outside");
    std::fs::remove_file(store.records().join("series.jsonl")).unwrap();
    symlink(&target, store.records().join("series.jsonl")).unwrap();
    // (The harness's snapshot cannot read a dangling link, so the checks are spelled out.)
    store.gsef(&["check", "--repair"]).fails(1, "symbolic link");
    store
        .gsef(&["series", "add", "--id", "s", "--title", "T"])
        .fails(1, "symbolic link");
    assert!(!target.exists(), "a file was created outside the store");
    let link = std::fs::symlink_metadata(store.records().join("series.jsonl")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
}

#[test]
fn a_read_only_store_is_read_but_every_write_is_refused_clearly() {
    let store = TestStore::uninitialised();
    let Some(mount) = TmpfsMount::new(&store.records(), "1m") else {
        return;
    };
    store.gsef(&["init"]).ok();
    store
        .gsef(&[
            "participant",
            "add",
            "--id",
            "ana",
            "--name",
            "Ana",
            "--sector",
            "sse",
        ])
        .ok();
    if !mount.remount_read_only() {
        return;
    }
    let before = store.snapshot();
    store
        .gsef(&["participant", "list", "--all", "--format", "json"])
        .ok();
    store.gsef(&["check"]).ok();
    for args in [
        &["participant", "add", "--name", "Bob", "--sector", "sse"][..],
        &["participant", "edit", "ana", "--region", "Oaxaca"],
        &["check", "--repair"],
    ] {
        store.refuses(args, 1, "Read-only file system");
    }
    assert_same_store(&store, &before, "read-only store");
}

/// Aggregate reports count people; they never name them. Every report, in every format, on a
/// store whose names and emails are easy to spot.
#[test]
fn aggregate_reports_never_contain_names_or_emails() {
    let store = TestStore::empty();
    store
        .gsef(&["series", "add", "--id", "s", "--title", "Series"])
        .ok();
    for (event, day) in [("e1", "2019-11-27"), ("e2", "2019-12-03")] {
        store
            .gsef(&[
                "event", "add", "--id", event, "--series", "s", "--title", "Workshop", "--start",
                day,
            ])
            .ok();
    }
    for n in 0..6 {
        let name = format!("Secretname{n} Hidden");
        let email = format!("secret{n}@private.example");
        let sector = ["academia", "government/municipal", "sse/cooperative"][n % 3];
        store
            .gsef(&[
                "participant",
                "add",
                "--id",
                &format!("p{n}"),
                "--name",
                &name,
                "--email",
                &email,
                "--sector",
                sector,
                "--organization",
                "Cooperativa Uno",
                "--country",
                "MX",
                "--region",
                "Jalisco",
                "--gender",
                "female",
                "--consent",
                "list",
            ])
            .ok();
        store
            .gsef(&["attend", "e1", &format!("p{n}"), "--day", "2019-11-27"])
            .ok();
        if n % 2 == 0 {
            store.gsef(&["attend", "e2", &format!("p{n}")]).ok();
        }
    }
    let all_dimensions = "sector,region,country,world-region,subregion,organization,gender,role,status,event,series,event-country,year";
    let reports: Vec<Vec<&str>> = vec![
        vec!["report", "attendance", "--by", all_dimensions],
        vec!["report", "attendance", "--status", "all", "--by", "event"],
        vec![
            "report",
            "attendance",
            "--by",
            "sector",
            "--across",
            "event",
        ],
        vec!["report", "events"],
        vec!["report", "returning"],
        vec!["report", "returning", "--per-event"],
        vec!["report", "trained", "--by", "gender,sector"],
        vec!["report", "summary", "e1"],
        vec!["report", "summary", "--series", "s"],
    ];
    for report in reports {
        let formats: &[&str] = if report[1] == "summary" {
            &["table", "markdown", "html"]
        } else {
            &["table", "csv", "json", "jsonl", "markdown"]
        };
        for format in formats {
            let mut args = report.clone();
            args.extend(["--format", format]);
            let run = store.gsef(&args).ok();
            for text in [&run.stdout, &run.stderr] {
                assert!(
                    !text.contains("Secretname") && !text.contains("@private.example"),
                    "{args:?} shows a name or an email:\n{text}"
                );
            }
        }
    }
}

/// Four people who look alike: one consented to be listed, one to be counted only, one to
/// neither, and one whose consent was never recorded; the last three share an email too.
fn store_of_look_alikes() -> TestStore {
    let store = TestStore::empty();
    let people = [
        ("listed", "Ana Ruiz", "list", None),
        (
            "counted",
            "ANA RUIZ",
            "aggregate",
            Some("secret@private.example"),
        ),
        ("nobody", "Ána Ruíz", "none", Some("SECRET@private.example")),
        ("unknown", "ana  ruiz", "", Some("secret@private.example")),
    ];
    let lines: String = people
        .iter()
        .map(|(id, name, consent, email)| {
            let mut person = serde_json::json!({"id": id, "name": name, "sector": "sse"});
            if !consent.is_empty() {
                person["consent"] = serde_json::json!(consent);
            }
            if let Some(email) = email {
                person["email"] = serde_json::json!(email);
            }
            format!("{person}\n")
        })
        .collect();
    store.write("participants.jsonl", &lines);
    store
}

#[test]
fn duplicates_name_only_those_who_consented_to_be_listed() {
    let store = store_of_look_alikes();
    for format in ["table", "csv"] {
        let run = store
            .gsef(&["participant", "duplicates", "--format", format])
            .ok()
            .says("withheld the names of 3 participants who did not consent to be listed");
        // A table may wrap a cell over lines; its columns put each back together, without
        // spaces.
        let (text, space) = if format == "table" {
            (table_columns(&run.stdout).join("|"), "")
        } else {
            (run.stdout.clone(), " ")
        };
        let text_contains = |needle: &str| text.contains(&needle.replace(' ', space));
        for hidden in ["ANA RUIZ", "Ána Ruíz", "ana  ruiz", "ana ruiz", "secret"] {
            assert!(
                !text_contains(hidden),
                "{format}: {hidden} shown:\n{}",
                run.stdout
            );
        }
        for shown in [
            "Ana Ruiz",
            "listed",
            "counted",
            "nobody",
            "unknown",
            "(name withheld: consent aggregate)",
            "(name withheld: consent none)",
            "(name withheld: consent not recorded)",
        ] {
            assert!(
                text_contains(shown),
                "{format}: {shown} missing:\n{}",
                run.stdout
            );
        }
    }
    // Every pair has a withheld person in it, so no reason quotes the shared name or email.
    let pairs = store
        .gsef(&["participant", "duplicates", "--format", "json"])
        .ok()
        .json();
    assert_eq!(pairs.as_array().unwrap().len(), 6);
    assert_eq!(pairs[0]["reason"], "same name");
    let everyone = store
        .gsef(&["participant", "duplicates", "--all", "--format", "csv"])
        .ok();
    assert!(!everyone.stderr.contains("withheld"), "{}", everyone.stderr);
    for name in [
        "Ana Ruiz",
        "ANA RUIZ",
        "Ána Ruíz",
        "ana  ruiz",
        "secret@private.example",
    ] {
        assert!(
            everyone.stdout.contains(name),
            "--all: {name} missing:\n{}",
            everyone.stdout
        );
    }
}

#[test]
fn completion_names_only_those_who_consented_to_be_listed() {
    let store = store_of_look_alikes();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gsef"))
        .env("COMPLETE", "fish")
        .env("GSEF_RECORDS", store.records())
        .args(["--", "gsef", "participant", "show", ""])
        .output()
        .unwrap();
    assert!(output.status.success());
    let candidates = String::from_utf8(output.stdout).unwrap();
    assert!(candidates.contains("listed\tAna Ruiz\n"), "{candidates}");
    for id in ["counted", "nobody", "unknown"] {
        assert!(
            candidates.lines().any(|line| line == id),
            "{id} not offered, or offered with a name:\n{candidates}"
        );
    }
    for hidden in ["ANA RUIZ", "Ána Ruíz", "ana  ruiz"] {
        assert!(!candidates.contains(hidden), "{hidden} in:\n{candidates}");
    }
}
