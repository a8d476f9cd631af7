//! `gsef init` in a folder of collection files without a manifest: it adopts them, or, when it
//! must not, refuses with one line and leaves every file as it was.

use crate::util::{Run, TestStore};

/// A folder holding three of the four collections, made by hand or another tool: no
/// `gsef.json`, a sector the default vocabulary lacks (used twice), one it has, and a parent
/// the default implies.
fn folder_of_collections() -> TestStore {
    let store = TestStore::uninitialised();
    std::fs::create_dir(store.records()).unwrap();
    store.write(
        "participants.jsonl",
        "{\"id\":\"ana\",\"name\":\"Ana Ruiz\",\"sector\":\"banking/cooperative\",\"country\":\"MX\"}\n\
         {\"id\":\"luc\",\"name\":\"Luc Tremblay\",\"sector\":\"sse/network\",\"country\":\"CA\"}\n\
         {\"id\":\"bo\",\"name\":\"Bo Kim\",\"sector\":\"government\",\"nickname\":\"Bo\"}\n\
         {\"id\":\"cy\",\"name\":\"Cy Diop\",\"sector\":\"banking/cooperative\"}\n\
         {\"id\":\"di\",\"name\":\"Di Paz\",\"sector\":\"trade-unions\"}\n",
    );
    store.write(
        "events.jsonl",
        "{\"id\":\"2019-11-mexico\",\"title\":\"Workshop in Mexico\",\"country\":\"MX\",\"start\":\"2019-11-27\"}\n",
    );
    store.write(
        "attendance.jsonl",
        "{\"event\":\"2019-11-mexico\",\"participant\":\"ana\",\"status\":\"attended\"}\n\
         {\"event\":\"2019-11-mexico\",\"participant\":\"di\",\"status\":\"attended\"}\n",
    );
    store
}

/// Asserts that a refusal is one `error:` line (and at most a hint), with no cause chain.
#[track_caller]
fn one_line_error(run: &Run) {
    let errors = run
        .stderr
        .lines()
        .filter(|line| !line.starts_with("hint:"))
        .count();
    assert_eq!(errors, 1, "one line of error:\n{}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
}

#[test]
fn init_adopts_a_folder_of_collections_without_a_manifest() {
    let store = folder_of_collections();
    let before = store.snapshot();
    // Every command points at `gsef init`, and now it is the way out.
    store
        .gsef(&["participant", "list"])
        .fails(1, "no records store")
        .fails(1, "gsef init");

    let run = store.gsef(&["init"]).ok();
    let records = store.records().display().to_string();
    assert!(
        run.stderr.contains(&format!(
            "adopted the 3 collections events.jsonl, participants.jsonl, attendance.jsonl in {records}, \
             created series.jsonl empty, and wrote {records}/gsef.json, adding sector ids \
             `banking/cooperative`, `trade-unions` that participants use to the default vocabulary"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("git config merge.gsef.driver"));
    for (name, bytes) in &before {
        assert_eq!(
            &std::fs::read(store.records().join(name)).unwrap(),
            bytes,
            "{name} is adopted byte for byte"
        );
    }
    assert_eq!(store.read("series.jsonl"), "");
    assert!(store.read(".gitattributes").contains("*.jsonl merge=gsef"));
    assert!(store.read(".gitignore").contains(".gsef.lock"));

    let manifest: serde_json::Value = serde_json::from_str(&store.read("gsef.json")).unwrap();
    assert_eq!(manifest["format"], "gsef-records");
    assert_eq!(manifest["version"], 1);
    let sectors = manifest["sectors"].as_array().unwrap();
    let ids: Vec<&str> = sectors
        .iter()
        .map(|sector| sector["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], "government", "the default vocabulary first");
    assert_eq!(ids.len(), 15 + 2);
    assert_eq!(&ids[15..], ["banking/cooperative", "trade-unions"]);
    assert_eq!(sectors[16]["label"], "trade-unions");

    store.gsef(&["check"]).ok();
    let listed = store
        .gsef(&["participant", "list", "--all", "--format", "json"])
        .ok()
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 5);
    store
        .gsef(&[
            "participant",
            "add",
            "--name",
            "New",
            "--sector",
            "trade-unions",
        ])
        .ok();

    // A store now: a second init refuses, and changes nothing.
    let again = store.refuses(&["init"], 1, "a records store already exists");
    one_line_error(&again);
}

#[test]
fn adopting_reads_what_an_editor_leaves_and_raises_the_version_records_need() {
    let store = TestStore::uninitialised();
    std::fs::create_dir(store.records()).unwrap();
    // A byte order mark, CRLF, a blank line, a person without a sector (format 2), and no
    // final newline: the sectors are read all the same, and the file is left as it is.
    let people = "\u{feff}{\"id\":\"ana\",\"name\":\"Ana\",\"sector\":\"fisheries\"}\r\n\r\n{\"id\":\"bo\",\"name\":\"Bo\"}";
    store.write("participants.jsonl", people);
    let dry = store.gsef(&["--dry-run", "init"]).ok();
    assert!(
        dry.stderr
            .contains("dry run, nothing written: would adopt the collection participants.jsonl"),
        "{}",
        dry.stderr
    );
    assert!(!store.records().join("gsef.json").exists());
    assert_eq!(
        store.snapshot().keys().collect::<Vec<_>>(),
        ["participants.jsonl"]
    );

    let run = store.gsef(&["init"]).ok();
    assert!(
        run.stderr.contains("adding sector id `fisheries`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("has no newline after its last line"),
        "a warning before a write could cut it: {}",
        run.stderr
    );
    assert_eq!(store.read("participants.jsonl"), people);
    let manifest: serde_json::Value = serde_json::from_str(&store.read("gsef.json")).unwrap();
    assert_eq!(
        manifest["version"], 2,
        "a person without a sector needs format 2"
    );
    for file in ["series.jsonl", "events.jsonl", "attendance.jsonl"] {
        assert_eq!(store.read(file), "", "{file} created empty");
    }
}

#[test]
fn init_refuses_a_collection_file_it_cannot_read_and_touches_nothing() {
    let store = folder_of_collections();
    store.write(
        "attendance.jsonl",
        "{\"event\":\"2019-11-mexico\",\"participant\":\"ana\"}\nana,2019-11-mexico,attended\n",
    );
    let run = store.refuses(&["init"], 1, "attendance.jsonl exists without a manifest");
    one_line_error(&run);
    assert!(
        run.stderr.contains("its line 2 is not a JSON object"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"));
    assert!(!store.records().join("gsef.json").exists());
    assert!(!store.records().join("series.jsonl").exists());

    // A collection that is a folder, or a link, is no collection either.
    let store = folder_of_collections();
    std::fs::create_dir(store.records().join("series.jsonl")).unwrap();
    // (The snapshot cannot read a folder as a file, so the files are compared one by one.)
    let people = store.read("participants.jsonl");
    one_line_error(&store.gsef(&["init"]).fails(
        1,
        "series.jsonl exists without a manifest, but it is not a plain file",
    ));
    assert_eq!(store.read("participants.jsonl"), people);
    assert!(!store.records().join("gsef.json").exists());
    let store = folder_of_collections();
    std::os::unix::fs::symlink("/etc/passwd", store.records().join("series.jsonl")).unwrap();
    one_line_error(&store.refuses(&["init"], 1, "it is a symbolic link"));
}

#[test]
fn init_in_a_folder_of_other_files_creates_the_store_beside_them() {
    let store = TestStore::uninitialised();
    std::fs::create_dir(store.records()).unwrap();
    store.write("notes.txt", "not records");
    store.write(".gitattributes", "*.txt text\n");
    store
        .gsef(&["init"])
        .ok()
        .says("created an empty records store");
    assert_eq!(store.read("notes.txt"), "not records");
    let attributes = store.read(".gitattributes");
    assert!(attributes.starts_with("*.txt text\n"), "{attributes}");
    assert!(
        attributes.ends_with("\n*.jsonl merge=gsef\n"),
        "{attributes}"
    );
    store.gsef(&["check"]).ok();
}
