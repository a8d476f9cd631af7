//! Reliability and security: crashes, injected faults, concurrency, hostile input, permissions.
//!
//! Each submodule proves one claim of docs/reliability.md; the figures there come from these tests.

mod atomicity;
mod concurrency;
mod crash;
mod faults;
mod hostile;
mod index;
mod inert;
mod outputs;
mod properties;
mod security;

use std::collections::BTreeMap;
use std::process::Command;

use crate::util::TestStore;

/// The event every reliability test records attendance at.
pub const EVENT: &str = "2019-11-mexico";

/// A store with the Mexico workshop and `participants` people, the people written directly so a
/// large store costs one file write instead of one process each.
pub fn store_with_people(participants: usize) -> TestStore {
    let store = TestStore::with_mexico_workshop();
    let lines: String = (0..participants)
        .map(|n| {
            format!(
                "{{\"id\":\"p{n}\",\"name\":\"Person {n}\",\"sector\":\"sse/cooperative\",\"country\":\"MX\",\"region\":\"start\"}}\n"
            )
        })
        .collect();
    store.write("participants.jsonl", &lines);
    store
}

/// Puts every store file back as `snapshot` had it and removes any other (the lock file and
/// the key indexes stay: rewriting the files makes the indexes stale, so they are rebuilt).
pub fn restore(store: &TestStore, snapshot: &BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(store.records()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != ".gsef.lock" && name != ".gsef-index" && !snapshot.contains_key(&name) {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    for (name, bytes) in snapshot {
        std::fs::write(store.records().join(name), bytes).unwrap();
    }
}

/// Asserts the store holds exactly the files and bytes of `before`, naming the files that differ.
#[track_caller]
pub fn assert_same_store(store: &TestStore, before: &BTreeMap<String, Vec<u8>>, context: &str) {
    let after = store.snapshot();
    let differing: std::collections::BTreeSet<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|name| before.get(*name) != after.get(*name))
        .collect();
    assert!(
        differing.is_empty(),
        "{context}: the store changed: {differing:?}"
    );
}

/// A parsed `--format json` list: the records keyed by `key`.
pub fn records_by(
    store: &TestStore,
    args: &[&str],
    key: impl Fn(&serde_json::Value) -> String,
) -> BTreeMap<String, serde_json::Value> {
    let run = store.gsef(args).ok();
    let list = run.json();
    let records = list.as_array().expect("a JSON array");
    let by_key: BTreeMap<String, serde_json::Value> = records
        .iter()
        .map(|record| (key(record), record.clone()))
        .collect();
    assert_eq!(by_key.len(), records.len(), "duplicate records in {args:?}");
    by_key
}

/// xorshift64*: a few lines instead of the rand crate, seeded so a failing run can be replayed.
pub struct XorShift(u64);

impl XorShift {
    /// The seed comes from `GSEF_TEST_SEED` when set, so a failure's printed seed reproduces it.
    pub fn seeded(default_seed: u64) -> XorShift {
        let seed = std::env::var("GSEF_TEST_SEED")
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or(default_seed);
        eprintln!("random seed {seed} (set GSEF_TEST_SEED to replay)");
        XorShift(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

/// Runs `mount` with `args`; false (with the reason printed) where the sandbox refuses it.
pub fn mount(args: &[&str]) -> bool {
    match Command::new("mount").args(args).output() {
        Ok(output) if output.status.success() => true,
        Ok(output) => {
            eprintln!(
                "note: `mount {}` refused ({}); skipping this part",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            );
            false
        }
        Err(error) => {
            eprintln!("note: cannot run mount ({error}); skipping this part");
            false
        }
    }
}

/// A tmpfs mounted for one test, unmounted when dropped even if the test fails.
pub struct TmpfsMount {
    pub path: std::path::PathBuf,
}

impl TmpfsMount {
    /// Mounts a tmpfs of `size` (such as `64k`) at `path`, or `None` where mounting is refused.
    pub fn new(path: &std::path::Path, size: &str) -> Option<TmpfsMount> {
        std::fs::create_dir_all(path).unwrap();
        let options = format!("size={size},mode=0700");
        let mounted = mount(&[
            "-t",
            "tmpfs",
            "-o",
            &options,
            "tmpfs",
            path.to_str().unwrap(),
        ]);
        mounted.then(|| TmpfsMount {
            path: path.to_path_buf(),
        })
    }

    pub fn remount_read_only(&self) -> bool {
        mount(&["-o", "remount,ro", self.path.to_str().unwrap()])
    }
}

impl Drop for TmpfsMount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}
