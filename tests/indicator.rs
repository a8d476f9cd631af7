//! `gsef indicator`: definitions added from files, listed, shown, replaced, removed, refused
//! with the file and field named, and checked in the store.

use std::path::PathBuf;

use crate::util::TestStore;

const SHIPPED: [&str; 3] = ["eea-civ-007", "eea-civ-039", "us-individuals-trained"];

fn shipped(id: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("docs/indicators")
        .join(format!("{id}.json"))
        .to_string_lossy()
        .into_owned()
}

/// A definition file in a temporary folder beside the store, with `text` as its contents.
fn definition(store: &TestStore, name: &str, text: &str) -> String {
    let path = store.records().parent().unwrap().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// A sound year indicator as one line, to break one field at a time.
fn year_indicator(changes: serde_json::Value) -> String {
    let mut value = serde_json::json!({
        "id": "trained", "title": "People trained", "framework": "Test Fund",
        "unit": "person", "once_per": "period", "period": "year",
        "start": "2019", "end": "2020", "breakdowns": ["gender"],
        "targets": [{"period": "2019", "value": 10}]});
    let serde_json::Value::Object(changes) = changes else {
        panic!("changes are an object");
    };
    value.as_object_mut().unwrap().extend(changes);
    format!("{value}\n")
}

#[test]
fn each_shipped_example_is_added_listed_and_shown() {
    let store = TestStore::fixture("small");
    for id in SHIPPED {
        store
            .gsef(&["indicator", "add", &shipped(id)])
            .ok()
            .says(&format!("added indicator `{id}`"));
    }
    let listed = store
        .gsef(&["indicator", "list", "--format", "json"])
        .ok()
        .json();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|indicator| indicator["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, SHIPPED);
    let table = store.gsef(&["indicator", "list"]).ok().stdout;
    assert!(table.contains("CIV-039"), "{table}");

    let civ_007 = store
        .gsef(&["indicator", "show", "eea-civ-007", "--format", "json"])
        .ok()
        .json();
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(shipped("eea-civ-007")).unwrap()).unwrap();
    assert_eq!(civ_007, file, "stored as written");
    assert_eq!(civ_007["counts"]["completion"], "event-rule");
    assert_eq!(
        civ_007["targets"][0],
        serde_json::json!({"period": "2019", "value": 111})
    );
    let us = store
        .gsef(&["indicator", "show", "us-individuals-trained"])
        .ok()
        .stdout;
    assert!(us.contains("fiscal-year-10"), "{us}");
    assert!(us.contains("min_hours 3"), "{us}");
    assert!(us.contains("illustrative"), "{us}");

    let manifest: serde_json::Value = serde_json::from_str(&store.read("gsef.json")).unwrap();
    assert_eq!(manifest["version"], 5, "indicators raise the format to 5");
    store.gsef(&["check"]).ok();
}

#[test]
fn a_dry_run_writes_nothing() {
    let store = TestStore::fixture("small");
    let before = store.snapshot();
    store
        .gsef(&["--dry-run", "indicator", "add", &shipped("eea-civ-007")])
        .ok()
        .says("dry run, nothing written");
    assert_eq!(store.snapshot(), before);
}

#[test]
fn several_on_lines_go_in_together_and_replace_needs_asking() {
    let store = TestStore::fixture("small");
    let two = format!(
        "{}{}",
        year_indicator(serde_json::json!({})),
        year_indicator(serde_json::json!({"id": "orgs", "unit": "organisation"}))
    );
    let file = definition(&store, "two.jsonl", &two);
    store.gsef(&["indicator", "add", &file]).ok();
    assert_eq!(store.lines("indicators.jsonl").len(), 2);

    let retitled = definition(
        &store,
        "retitled.json",
        &year_indicator(serde_json::json!({"title": "People trained, again"})),
    );
    store.refuses(
        &["indicator", "add", &retitled],
        1,
        "indicator `trained` already exists; --replace replaces it",
    );
    store
        .gsef(&["indicator", "add", &retitled, "--replace"])
        .ok()
        .says("replaced indicator `trained`");
    let lines = store.lines("indicators.jsonl");
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["title"], "People trained, again");

    store
        .gsef(&["indicator", "remove", "trained"])
        .ok()
        .says("removed indicator `trained`");
    let lines = store.lines("indicators.jsonl");
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "orgs");
    store.refuses(
        &["indicator", "remove", "trained"],
        1,
        "indicator `trained` not found",
    );
}

/// Each refusal is one line naming the file, its line and column, and the field; nothing is
/// written, not even the definitions of the file that were sound.
#[test]
fn bad_definitions_are_refused_naming_file_and_field() {
    let store = TestStore::fixture("small");
    store
        .gsef(&["indicator", "add", &shipped("eea-civ-039")])
        .ok();
    let cases: [(&str, serde_json::Value, &str); 7] = [
        (
            "unit.json",
            serde_json::json!({"unit": "people"}),
            "unit: unknown unit `people`",
        ),
        (
            "quarter.json",
            serde_json::json!({"targets": [{"period": "2019-Q4", "value": 3}]}),
            "invalid targets.period `2019-Q4`: the indicator's period is `year`",
        ),
        (
            "outside.json",
            serde_json::json!({"targets": [{"period": "2022", "value": 3}]}),
            "invalid targets.period `2022`: outside the indicator's periods, 2019 to 2020",
        ),
        (
            "dimension.json",
            serde_json::json!({"breakdowns": ["shoe-size"]}),
            "breakdowns: unknown dimension `shoe-size`",
        ),
        (
            "key.json",
            serde_json::json!({"targets": [{"period": "2019", "value": 3,
                "breakdown": {"sector": "government"}}]}),
            "invalid targets.breakdown `sector`: not one of the indicator's breakdowns (gender)",
        ),
        (
            "fraction.json",
            serde_json::json!({"targets": [{"period": "2019", "value": 2.5}]}),
            "invalid targets.value `2.5`: a target is a whole number",
        ),
        (
            "duplicate.json",
            serde_json::json!({"id": "eea-civ-039"}),
            "indicator `eea-civ-039` already exists",
        ),
    ];
    for (name, changes, needle) in cases {
        let sound = year_indicator(serde_json::json!({"id": "first-sound-one"}));
        let file = definition(&store, name, &format!("{sound}{}", year_indicator(changes)));
        let run = store.refuses(&["indicator", "add", &file], 1, needle);
        let message = run.stderr.lines().next().unwrap();
        assert!(message.starts_with("error: "), "{message}");
        assert!(message.contains(&file), "{name} names its file: {message}");
        assert!(
            message.contains(&format!("{file}:2:")),
            "{name} names its line: {message}"
        );
    }
    let dimension = definition(
        &store,
        "dimension.json",
        &year_indicator(serde_json::json!({"breakdowns": ["shoe-size"]})),
    );
    store.refuses(
        &["indicator", "add", &dimension],
        1,
        "(dimensions: sector, region, country",
    );
}

#[test]
fn check_names_the_line_of_a_hand_edited_definition() {
    let store = TestStore::fixture("small");
    store.write(
        "indicators.jsonl",
        &[
            year_indicator(serde_json::json!({})),
            year_indicator(serde_json::json!({"id": "b", "unit": "people"})),
            year_indicator(serde_json::json!({"id": "c",
                "targets": [{"period": "2019-11", "value": 1}]})),
            year_indicator(serde_json::json!({})),
        ]
        .concat(),
    );
    let run = store.gsef(&["check"]).fails(1, "problems found");
    let listed = format!("{}{}", run.stdout, run.stderr);
    for expected in [
        "indicators.jsonl:2: unit: unknown unit `people`",
        "indicators.jsonl:3: invalid targets.period `2019-11`",
        "indicators.jsonl:4: duplicate indicator `trained`, first on line 1",
    ] {
        assert!(listed.contains(expected), "{expected}\n{listed}");
    }
    store
        .gsef(&["indicator", "list"])
        .fails(1, "indicators.jsonl:2: unit: unknown unit `people`");
}

#[test]
fn a_store_without_indicators_works_and_hashes_the_same() {
    let store = TestStore::fixture("small");
    let before = store.snapshot();
    let hash = |store: &TestStore| {
        store
            .gsef(&["report", "trained", "--format", "json"])
            .ok()
            .json()["provenance"]["store_hash"]
            .clone()
    };
    let without = hash(&store);
    assert!(without.is_string(), "{without}");
    store.gsef(&["check"]).ok();
    let listed = store
        .gsef(&["indicator", "list", "--format", "json"])
        .ok()
        .json();
    assert_eq!(listed, serde_json::json!([]));
    assert_eq!(store.snapshot(), before);
    assert!(!store.records().join("indicators.jsonl").exists());

    store.write("indicators.jsonl", "");
    assert_eq!(hash(&store), without, "an empty file hashes as none");
    store
        .gsef(&["indicator", "add", &shipped("eea-civ-007")])
        .ok();
    assert_ne!(hash(&store), without);
}

/// The README's commands, as written, on a copy of the shipped `records/` store.
#[test]
fn the_readme_commands_work_on_the_shipped_store() {
    let store = TestStore::uninitialised();
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("records");
    std::fs::create_dir(store.records()).unwrap();
    for entry in std::fs::read_dir(&source).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), store.records().join(entry.file_name())).unwrap();
        }
    }
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    assert!(readme.contains("gsef indicator add docs/indicators/eea-civ-007.json --dry-run"));
    let before = store.snapshot();
    store
        .gsef(&["indicator", "add", &shipped("eea-civ-007"), "--dry-run"])
        .ok()
        .says("would raise the store's format version");
    assert_eq!(store.snapshot(), before);
    store
        .gsef(&["indicator", "add", &shipped("eea-civ-007")])
        .ok();
    let table = store.gsef(&["indicator", "list"]).ok().stdout;
    assert!(table.contains("eea-civ-007"), "{table}");
    // Then each `gsef report indicators` line of the README, run from the repository (where its
    // paths lead), up to its first pipe, its output files in a temporary folder.
    let reports: Vec<&str> = readme
        .lines()
        .filter(|line| line.starts_with("gsef report indicators"))
        .collect();
    assert!(reports.len() >= 6, "{reports:?}");
    for line in reports {
        let command = line
            .split(" #")
            .next()
            .unwrap()
            .split(" | ")
            .next()
            .unwrap();
        let words: Vec<String> = command
            .split_whitespace()
            .skip(1)
            .map(|word| match word {
                "indicators.md" | "results.xml" => {
                    store.dir.path().join(word).to_string_lossy().into_owned()
                }
                _ => word.to_string(),
            })
            .collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let run = store
            .command(&words)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{line}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    assert!(store.dir.path().join("results.xml").exists());
}
