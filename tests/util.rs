//! The one harness every integration test uses: a temporary store and the real `gsef` binary.

pub mod xml;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// What one run of `gsef` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts exit code 0 and returns the run, showing stderr when it failed.
    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success, got {}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Asserts the exit code and that stderr mentions `needle`.
    #[track_caller]
    pub fn fails(self, code: i32, needle: &str) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "stderr should mention {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that stderr mentions `needle` (a confirmation or a warning).
    #[track_caller]
    pub fn says(self, needle: &str) -> Run {
        assert!(
            self.stderr.contains(needle),
            "stderr should mention {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that stderr takes fewer than `bytes`: messages quoting a hostile file stay short.
    #[track_caller]
    pub fn brief(self, bytes: usize) -> Run {
        assert!(
            self.stderr.len() < bytes,
            "stderr should be under {bytes} bytes, is {}:\n{}",
            self.stderr.len(),
            self.stderr
        );
        self
    }

    /// Stdout parsed as JSON, so tests compare data rather than text.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", self.stdout))
    }
}

/// Each column's text from a table gsef drew, the lines of its wrapped cells put back together
/// (all rows one after the other) and spaces left out, since a cell may be wrapped at a space
/// or inside a word: a test looks for a value, spaces left out too, however the table wrapped.
pub fn table_columns(table: &str) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for line in table.lines().filter(|line| line.starts_with('│')) {
        let cells = line.trim_matches('│').split('┆');
        for (index, cell) in cells.enumerate() {
            if columns.len() <= index {
                columns.push(String::new());
            }
            columns[index].extend(cell.chars().filter(|&character| character != ' '));
        }
    }
    columns
}

/// Spawns `command`, writes `input` to its standard input, and waits for what it did.
fn finish(mut command: Command, input: &str) -> Run {
    let mut child = command.spawn().expect("gsef runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(input.as_bytes());
    }
    let output = child.wait_with_output().expect("gsef finishes");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// A temporary folder holding a store at `records/`, removed when dropped.
pub struct TestStore {
    pub dir: tempfile::TempDir,
}

impl TestStore {
    /// A folder with no store in it yet.
    pub fn uninitialised() -> TestStore {
        TestStore {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// A freshly initialised, empty store.
    pub fn empty() -> TestStore {
        let store = TestStore::uninitialised();
        store.gsef(&["init"]).ok();
        store
    }

    /// A store holding only the two-day Mexico workshop (`2019-11-mexico`, 27 and 28 November
    /// 2019), the event most tests record attendance at.
    pub fn with_mexico_workshop() -> TestStore {
        let store = TestStore::empty();
        store
            .gsef(&[
                "event",
                "add",
                "--id",
                "2019-11-mexico",
                "--title",
                "Workshop in Mexico",
                "--country",
                "MX",
                "--start",
                "2019-11-27",
                "--end",
                "2019-11-28",
            ])
            .ok();
        store
    }

    /// A store holding a copy of `tests/fixtures/NAME/*`, records worked out by hand.
    pub fn fixture(name: &str) -> TestStore {
        let store = TestStore::uninitialised();
        let source = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        std::fs::create_dir(store.records()).unwrap();
        for entry in std::fs::read_dir(&source).expect("the fixture exists") {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), store.records().join(entry.file_name())).unwrap();
        }
        store
    }

    pub fn records(&self) -> PathBuf {
        self.dir.path().join("records")
    }

    /// Runs `gsef --records <store> ARGS…` with no standard input.
    pub fn gsef(&self, args: &[&str]) -> Run {
        self.gsef_with_input(args, "")
    }

    /// Runs gsef with `input` on its standard input.
    pub fn gsef_with_input(&self, args: &[&str], input: &str) -> Run {
        self.gsef_with_env(args, input, &[])
    }

    /// Runs gsef with its store-write fault hook set (`GSEF_FAIL_AT=write:2`), to prove a
    /// failed write leaves the store as it was.
    pub fn gsef_failing_at(&self, fault: &str, args: &[&str]) -> Run {
        self.gsef_with_env(args, "", &[("GSEF_FAIL_AT", fault)])
    }

    /// `gsef --records <store> ARGS…` with a clean environment and piped standard streams,
    /// for tests that spawn, wait on or kill the process themselves.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gsef"));
        command
            .arg("--records")
            .arg(self.records())
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("GSEF_RECORDS")
            .env_remove("GSEF_FAIL_AT")
            // Reports in English unless a test asks for a language, whatever the machine's
            // locale.
            .env_remove("GSEF_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Runs gsef with `input` on stdin and extra environment variables (e.g. `GSEF_FAIL_AT`).
    pub fn gsef_with_env(&self, args: &[&str], input: &str, env: &[(&str, &str)]) -> Run {
        let mut command = self.command(args);
        command.envs(env.iter().copied());
        finish(command, input)
    }

    /// Runs gsef with its address space limited to `kibibytes` (`ulimit -v`), so a read that
    /// tried to hold more aborts (exit 134 or a signal) instead of passing unnoticed.
    pub fn gsef_within_memory(&self, kibibytes: u64, args: &[&str]) -> Run {
        let gsef = self.command(args);
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("ulimit -v {kibibytes} && exec \"$0\" \"$@\""))
            .arg(gsef.get_program())
            .args(gsef.get_args())
            .current_dir(self.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in gsef.get_envs() {
            match value {
                Some(value) => command.env(name, value),
                None => command.env_remove(name),
            };
        }
        finish(command, "")
    }

    /// Reads a store file as text.
    pub fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.records().join(file)).unwrap_or_default()
    }

    /// Overwrites a store file, to set up broken or hand-made states.
    pub fn write(&self, file: &str, content: &str) {
        std::fs::write(self.records().join(file), content).unwrap();
    }

    /// Every file of the store and its bytes, to prove a failed command changed nothing.
    ///
    /// The lock file and the key indexes (`.gsef-index/`, caches rebuilt from the records at
    /// will) are not the store's content; `tests/reliability/index.rs` tests the indexes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        if let Ok(entries) = std::fs::read_dir(self.records()) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name != ".gsef.lock" && name != ".gsef-index" {
                    files.insert(name, std::fs::read(entry.path()).unwrap());
                }
            }
        }
        files
    }

    /// Runs a command that must fail with `code`, mention `needle`, and leave every file as it was.
    #[track_caller]
    pub fn refuses(&self, args: &[&str], code: i32, needle: &str) -> Run {
        let before = self.snapshot();
        let run = self.gsef(args).fails(code, needle);
        assert_eq!(
            self.snapshot(),
            before,
            "a refused command must leave the store byte-identical"
        );
        run
    }

    /// The records of one collection as parsed JSON.
    pub fn lines(&self, file: &str) -> Vec<serde_json::Value> {
        self.read(file)
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }
}

/// Compares a command's output with `tests/golden/NAME`, byte for byte, and returns it. With
/// `GSEF_BLESS=1` the output is written to the golden file instead, for a change meant to alter
/// it; `git diff tests/golden` then shows what changed, to read before committing.
#[track_caller]
pub fn assert_golden(store: &TestStore, args: &[&str], name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let output = store.gsef(args).ok().stdout;
    if std::env::var_os("GSEF_BLESS").is_some_and(|value| value == "1") {
        std::fs::write(&path, &output)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
        return output;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    assert!(
        output == expected,
        "{args:?} differs from {}\n--- expected\n{expected}\n--- got\n{output}",
        path.display()
    );
    output
}
