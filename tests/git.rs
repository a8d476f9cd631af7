//! A store kept in git: `gsef git setup`, the printed `git config` command, and real `git merge`
//! runs calling `gsef git merge` as their merge driver.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::TestStore;

const EVENT: &str = "2019-11-mexico";

/// A git repository around a store at `records/`, with git's configuration kept to itself
/// and the gsef under test first on the PATH, where the driver's command finds it.
struct Repo {
    store: TestStore,
}

/// Whether `git` runs here; the tests that need it say so and pass when it does not.
fn git_is_installed() -> bool {
    let installed = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !installed {
        eprintln!("note: git is not installed; skipping a test of the git merge driver");
    }
    installed
}

fn path_with_gsef() -> String {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_gsef"));
    let folder = bin.parent().unwrap().display().to_string();
    match std::env::var("PATH") {
        Ok(path) => format!("{folder}:{path}"),
        Err(_) => folder,
    }
}

impl Repo {
    /// The Mexico workshop's store in a new repository, as a store made before `gsef git`
    /// existed (no `.gitattributes`), set up with `gsef git setup` and the command it prints,
    /// and committed on `main`.
    fn new() -> Repo {
        let repo = Repo {
            store: TestStore::with_mexico_workshop(),
        };
        std::fs::remove_file(repo.store.records().join(".gitattributes")).unwrap();
        repo.git_ok(&["init", "-q", "-b", "main"]);
        let setup = repo.store.gsef(&["git", "setup"]).ok();
        assert_eq!(
            setup.stdout,
            "git config merge.gsef.driver \"gsef git merge %O %A %B %P\"\n"
        );
        assert!(
            setup.stderr.contains("in this repository"),
            "{}",
            setup.stderr
        );
        let config = repo.sh(setup.stdout.trim());
        assert!(config.status.success(), "{config:?}");
        assert_eq!(
            repo.git_ok(&["config", "merge.gsef.driver"]),
            "gsef git merge %O %A %B %P\n"
        );
        repo.commit_all("a store");
        repo
    }

    /// The same without the merge driver, as a store kept in git before `gsef git`: git
    /// merges its collections line by line.
    fn without_driver() -> Repo {
        let repo = Repo {
            store: TestStore::with_mexico_workshop(),
        };
        std::fs::remove_file(repo.store.records().join(".gitattributes")).unwrap();
        repo.git_ok(&["init", "-q", "-b", "main"]);
        repo.commit_all("a store");
        repo
    }

    fn dir(&self) -> &Path {
        self.store.dir.path()
    }

    /// A command run in the repository with the test's own git configuration.
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .current_dir(self.dir())
            .env("PATH", path_with_gsef())
            .env("HOME", self.dir())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.org")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.org")
            .env("NO_COLOR", "1")
            .env_remove("GSEF_RECORDS");
        command
    }

    fn git(&self, args: &[&str]) -> Output {
        self.command("git").args(args).output().expect("git runs")
    }

    /// Runs git, which must succeed, and returns its stdout.
    #[track_caller]
    fn git_ok(&self, args: &[&str]) -> String {
        let output = self.git(args);
        assert!(
            output.status.success(),
            "git {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs a command line as a user would paste it into a shell.
    fn sh(&self, line: &str) -> Output {
        self.command("sh")
            .args(["-c", line])
            .output()
            .expect("sh runs")
    }

    fn commit_all(&self, message: &str) {
        self.git_ok(&["add", "-A", "records"]);
        self.git_ok(&["commit", "-q", "-m", message]);
    }

    fn branch_from_main(&self, name: &str) {
        self.git_ok(&["checkout", "-q", "-b", name, "main"]);
    }

    fn add_person(&self, name: &str, sector: &str) -> String {
        let run = self
            .store
            .gsef(&["participant", "add", "--name", name, "--sector", sector])
            .ok();
        run.stdout.trim().to_string()
    }

    fn file(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.store.records().join(name)).unwrap()
    }

    /// The merge of `branch` into the branch checked out.
    fn merge(&self, branch: &str) -> Output {
        self.git(&["merge", "--no-edit", branch])
    }
}

/// The lines of `text` that are not among `base`'s, in order.
fn new_lines<'a>(text: &'a [u8], base: &[u8]) -> Vec<&'a [u8]> {
    let base: Vec<&[u8]> = base.split_inclusive(|&byte| byte == b'\n').collect();
    text.split_inclusive(|&byte| byte == b'\n')
        .filter(|line| !base.contains(line))
        .collect()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn people_added_on_two_branches_merge_without_a_conflict() {
    if !git_is_installed() {
        return;
    }
    let repo = Repo::new();
    let attributes = String::from_utf8(repo.file(".gitattributes")).unwrap();
    assert!(attributes.lines().any(|line| line == "*.jsonl merge=gsef"));
    let ana = repo.add_person("Ana Ruiz", "government/municipal");
    repo.commit_all("Ana on main");
    let base_people = repo.file("participants.jsonl");

    repo.branch_from_main("a");
    let luc = repo.add_person("Luc Tremblay", "sse/network");
    let mia = repo.add_person("Mia Kim", "academia");
    repo.commit_all("two people on a");
    let people_a = repo.file("participants.jsonl");

    repo.branch_from_main("b");
    let ola = repo.add_person("Ola Diop", "sse/cooperative");
    repo.store.gsef(&["attend", EVENT, &ana, &ola]).ok();
    repo.commit_all("one person and attendance on b");
    let people_b = repo.file("participants.jsonl");
    let attendance_b = repo.file("attendance.jsonl");

    repo.git_ok(&["checkout", "-q", "a"]);
    let merged = repo.merge("b");
    assert!(merged.status.success(), "{}", text(&merged));
    assert!(
        text(&merged)
            .contains("merged records/participants.jsonl record by record (1 record from theirs)"),
        "the driver ran: {}",
        text(&merged)
    );
    // Ours' records in ours' order, then theirs' new one.
    let mut expected = people_a.clone();
    for line in new_lines(&people_b, &base_people) {
        expected.extend_from_slice(line);
    }
    assert_eq!(
        String::from_utf8(repo.file("participants.jsonl")).unwrap(),
        String::from_utf8(expected).unwrap()
    );
    assert_eq!(repo.file("attendance.jsonl"), attendance_b);
    assert_eq!(repo.git_ok(&["status", "--porcelain"]), "");
    let listed = repo
        .store
        .gsef(&["participant", "list", "--all", "--format", "json"])
        .ok()
        .json();
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|person| person["id"].as_str().unwrap())
        .collect();
    for id in [&ana, &luc, &mia, &ola] {
        assert!(ids.contains(&id.as_str()), "{id} in {ids:?}");
    }
    repo.store.gsef(&["check"]).ok();
}

#[test]
fn one_record_edited_differently_on_both_branches_is_one_conflict_block() {
    if !git_is_installed() {
        return;
    }
    let repo = Repo::new();
    let ana = repo.add_person("Ana Ruiz", "government/municipal");
    let before = repo.add_person("Bea Soto", "academia");
    repo.commit_all("two people");

    repo.branch_from_main("a");
    let edit = |region: &str| {
        repo.store
            .gsef(&["participant", "edit", &ana, "--region", region])
            .ok();
    };
    edit("Oaxaca");
    repo.commit_all("Ana in Oaxaca");
    let ours_people = repo.file("participants.jsonl");

    repo.branch_from_main("b");
    edit("Jalisco");
    let new = repo.add_person("Ola Diop", "sse/cooperative");
    repo.commit_all("Ana in Jalisco, and Ola");
    let theirs_people = repo.file("participants.jsonl");

    repo.git_ok(&["checkout", "-q", "a"]);
    let merged = repo.merge("b");
    assert!(!merged.status.success(), "{}", text(&merged));
    assert!(
        text(&merged).contains(&format!(
            "conflict in records/participants.jsonl: `{ana}` edited differently on both sides"
        )),
        "{}",
        text(&merged)
    );
    assert!(
        repo.git_ok(&["status", "--porcelain"])
            .contains("UU records/participants.jsonl"),
        "git marks the file conflicted"
    );
    let line_of = |file: &[u8], id: &str| -> String {
        String::from_utf8_lossy(file)
            .lines()
            .find(|line| line.contains(&format!("\"id\":\"{id}\"")))
            .unwrap()
            .to_string()
    };
    let expected = format!(
        "<<<<<<< ours\n{}\n=======\n{}\n>>>>>>> theirs\n{}\n{}\n",
        line_of(&ours_people, &ana),
        line_of(&theirs_people, &ana),
        line_of(&ours_people, &before),
        line_of(&theirs_people, &new),
    );
    assert_eq!(
        String::from_utf8(repo.file("participants.jsonl")).unwrap(),
        expected
    );

    // Resolving: keep theirs' line, drop the markers, check, add, commit.
    let resolved = format!(
        "{}\n{}\n{}\n",
        line_of(&theirs_people, &ana),
        line_of(&ours_people, &before),
        line_of(&theirs_people, &new)
    );
    repo.store.write("participants.jsonl", &resolved);
    repo.store.gsef(&["check"]).ok();
    repo.git_ok(&["add", "records/participants.jsonl"]);
    repo.git_ok(&["commit", "-q", "--no-edit"]);
    let shown = repo
        .store
        .gsef(&["participant", "show", &ana, "--format", "json"])
        .ok()
        .json();
    assert_eq!(shown["region"], "Jalisco");
}

#[test]
fn a_record_deleted_on_one_branch_and_edited_on_the_other_conflicts() {
    if !git_is_installed() {
        return;
    }
    let repo = Repo::new();
    let ana = repo.add_person("Ana Ruiz", "government/municipal");
    let bea = repo.add_person("Bea Soto", "academia");
    repo.commit_all("two people");

    repo.branch_from_main("a");
    repo.store.gsef(&["participant", "remove", &ana]).ok();
    repo.commit_all("Ana removed");

    repo.branch_from_main("b");
    repo.store
        .gsef(&["participant", "edit", &ana, "--region", "Oaxaca"])
        .ok();
    repo.commit_all("Ana in Oaxaca");
    let theirs_people = String::from_utf8(repo.file("participants.jsonl")).unwrap();

    repo.git_ok(&["checkout", "-q", "a"]);
    let merged = repo.merge("b");
    assert!(!merged.status.success(), "{}", text(&merged));
    assert!(
        text(&merged).contains(&format!("`{ana}` deleted on ours, edited on theirs")),
        "{}",
        text(&merged)
    );
    let theirs_ana = theirs_people.lines().next().unwrap();
    let bea_line = theirs_people.lines().nth(1).unwrap();
    assert!(bea_line.contains(&bea));
    assert_eq!(
        String::from_utf8(repo.file("participants.jsonl")).unwrap(),
        format!("{bea_line}\n<<<<<<< ours\n=======\n{theirs_ana}\n>>>>>>> theirs\n")
    );
}

#[test]
fn a_branch_that_committed_crlf_lines_merges_by_record_into_lf() {
    if !git_is_installed() {
        return;
    }
    let repo = Repo::new();
    let ana = repo.add_person("Ana Ruiz", "government/municipal");
    repo.commit_all("Ana");

    // Someone on Windows edits the file by hand, with CRLF line ends, a byte order mark, and
    // no final newline; git keeps the bytes as committed (no text attribute).
    repo.branch_from_main("a");
    let base = String::from_utf8(repo.file("participants.jsonl")).unwrap();
    let hand_made = "{\"id\":\"hand-1\",\"name\":\"Noé Paz\",\"sector\":\"sse\"}";
    let crlf = format!("\u{feff}{}\r\n{hand_made}", base.trim_end());
    repo.store.write("participants.jsonl", &crlf);
    repo.commit_all("a person typed in by hand");

    repo.branch_from_main("b");
    let ola = repo.add_person("Ola Diop", "sse/cooperative");
    repo.commit_all("Ola");
    let theirs = String::from_utf8(repo.file("participants.jsonl")).unwrap();

    repo.git_ok(&["checkout", "-q", "a"]);
    let merged = repo.merge("b");
    assert!(merged.status.success(), "{}", text(&merged));
    let ola_line = theirs.lines().find(|line| line.contains(&ola)).unwrap();
    assert_eq!(
        String::from_utf8(repo.file("participants.jsonl")).unwrap(),
        format!("{}\n{hand_made}\n{ola_line}\n", base.trim_end()),
        "LF line ends, no byte order mark, a final newline"
    );
    assert!(base.contains(&ana));
    repo.store.gsef(&["check"]).ok();
}

/// The driver run directly, as git runs it, on files with a line that is not JSON.
#[test]
fn a_line_that_is_not_json_falls_back_to_git_line_merge() {
    if !git_is_installed() {
        return;
    }
    let store = TestStore::uninitialised();
    let dir = store.dir.path();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write("base", "{\"id\":\"a\"}\n");
    write("ours", "{\"id\":\"a\"}\n# a note someone typed\n");
    write("theirs", "{\"id\":\"a\"}\n{\"id\":\"b\"}\n");
    let run = store.gsef(&[
        "git",
        "merge",
        "base",
        "ours",
        "theirs",
        "participants.jsonl",
    ]);
    let run = run.fails(1, "1 conflict left in participants.jsonl");
    assert!(
        run.stderr.contains(
            "participants.jsonl cannot be merged record by record (ours: line 2 is not a JSON object"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("merged line by line with `git merge-file`")
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("ours")).unwrap(),
        "{\"id\":\"a\"}\n<<<<<<< ours\n# a note someone typed\n=======\n{\"id\":\"b\"}\n>>>>>>> theirs\n"
    );

    // A clean merge exits 0 and writes ours; a dry run writes nothing.
    write("ours", "{\"id\":\"a\"}\n{\"id\":\"c\"}\n");
    store
        .gsef(&["--dry-run", "git", "merge", "base", "ours", "theirs"])
        .ok()
        .says("dry run, nothing written: merged ours record by record");
    assert_eq!(
        std::fs::read_to_string(dir.join("ours")).unwrap(),
        "{\"id\":\"a\"}\n{\"id\":\"c\"}\n"
    );
    store.gsef(&["git", "merge", "base", "ours", "theirs"]).ok();
    assert_eq!(
        std::fs::read_to_string(dir.join("ours")).unwrap(),
        "{\"id\":\"a\"}\n{\"id\":\"c\"}\n{\"id\":\"b\"}\n"
    );
}

#[test]
fn setup_completes_an_existing_gitattributes_once_and_a_dry_run_writes_nothing() {
    let store = TestStore::empty();
    let attributes = store.records().join(".gitattributes");
    assert!(
        store
            .read(".gitattributes")
            .contains("\n*.jsonl merge=gsef\n"),
        "init writes it"
    );
    store.write(".gitattributes", "*.csv text");
    let before = store.snapshot();
    store
        .gsef(&["--dry-run", "git", "setup"])
        .ok()
        .says("dry run, nothing written: would add `*.jsonl merge=gsef` to");
    assert_eq!(store.snapshot(), before);

    let run = store.gsef(&["git", "setup"]).ok();
    assert_eq!(
        run.stdout,
        "git config merge.gsef.driver \"gsef git merge %O %A %B %P\"\n"
    );
    let completed = std::fs::read_to_string(&attributes).unwrap();
    assert!(completed.starts_with("*.csv text\n"), "{completed}");
    assert_eq!(
        completed
            .lines()
            .filter(|line| *line == "*.jsonl merge=gsef")
            .count(),
        1
    );
    store
        .gsef(&["git", "setup"])
        .ok()
        .says("already has `*.jsonl merge=gsef`; nothing to write");
    assert_eq!(std::fs::read_to_string(&attributes).unwrap(), completed);

    TestStore::uninitialised().refuses(&["git", "setup"], 1, "no records store");
}

/// Without the driver, two colleagues adding people on two branches get git's line conflict in
/// participants.jsonl. Every command names it, with both sides' ids, and changes nothing.
#[test]
fn a_conflict_left_by_git_line_merge_is_named_by_every_command() {
    if !git_is_installed() {
        return;
    }
    let repo = Repo::without_driver();
    let add = |id: &str, name: &str| {
        repo.store
            .gsef(&[
                "participant",
                "add",
                "--id",
                id,
                "--name",
                name,
                "--sector",
                "sse/network",
            ])
            .ok();
        repo.commit_all(id);
    };
    add("mx-001", "Ana Ruiz");
    add("mx-002", "Luis Pérez");
    repo.branch_from_main("kampala");
    add("ug-001", "Grace Nakato");
    repo.git_ok(&["checkout", "-q", "main"]);
    add("mx-003", "Eva Soto");
    add("mx-004", "Rosa Díaz");
    assert!(
        !repo.merge("kampala").status.success(),
        "git finds a conflict"
    );

    let store = &repo.store;
    let before = store.snapshot();
    let block = "participants.jsonl, lines 3–8: HEAD has mx-003, mx-004; kampala has ug-001";
    for args in [
        &["report", "attendance"][..],
        &["participant", "list"],
        &["attend", EVENT, "mx-002"],
    ] {
        let run = store.gsef(args);
        assert_eq!(run.code, 1, "{args:?}");
        let first = run.stderr.lines().next().unwrap();
        assert!(
            first.starts_with("error: unresolved merge conflict in ") && first.contains(block),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("delete the marker lines"),
            "{}",
            run.stderr
        );
    }
    let check = store.gsef(&["check"]);
    assert_eq!(check.code, 1);
    assert_eq!(
        check.stdout.lines().collect::<Vec<_>>(),
        [format!(
            "{}/participants.jsonl:3: unresolved merge conflict, lines 3–8: HEAD has mx-003, mx-004; kampala has ug-001",
            store.records().display()
        )]
    );
    assert_eq!(store.snapshot(), before);
}
