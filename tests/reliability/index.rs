//! The key indexes (`.gsef-index/`): a cache that is never trusted beyond what it can prove.
//! A duplicate is refused whatever state the index is in; a hand edit, even of the same length,
//! is seen; a failed index write never fails an acknowledged append nor leaves an index that
//! misses a key; git never shows an index; a dry run writes none; a store where none can be
//! written still works.

use std::path::PathBuf;

use super::{EVENT, TmpfsMount, store_with_people};
use crate::util::TestStore;

const INDEX_FOLDER: &str = ".gsef-index";

fn index_file(store: &TestStore, name: &str) -> PathBuf {
    store.records().join(INDEX_FOLDER).join(name)
}

fn add_with_id(id: &str) -> Vec<&str> {
    vec![
        "participant",
        "add",
        "--id",
        id,
        "--name",
        "Someone",
        "--sector",
        "sse",
    ]
}

#[track_caller]
fn add_is_refused_as_duplicate(store: &TestStore, id: &str) {
    store.refuses(
        &add_with_id(id),
        1,
        &format!("participant `{id}` already exists"),
    );
}

#[track_caller]
fn add_succeeds(store: &TestStore, id: &str) {
    store.gsef(&add_with_id(id)).ok();
    assert_eq!(
        store
            .lines("participants.jsonl")
            .iter()
            .filter(|record| record["id"] == id)
            .count(),
        1,
        "{id} recorded once"
    );
}

/// Turns an index file's bytes into damaged ones.
type Damage = fn(&[u8]) -> Vec<u8>;

/// Ways to damage an index file; each must make it untrusted, never wrong.
fn damages() -> Vec<(&'static str, Damage)> {
    vec![
        ("garbage throughout", |bytes| {
            let mut state: u32 = 0x1234_5678;
            bytes
                .iter()
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    state as u8
                })
                .collect()
        }),
        ("slots zeroed, header intact", |bytes| {
            let mut damaged = bytes.to_vec();
            damaged[96..].fill(0);
            damaged
        }),
        ("slots garbage, header intact", |bytes| {
            let mut damaged = bytes.to_vec();
            for (n, byte) in damaged[96..].iter_mut().enumerate() {
                *byte = (n as u8).wrapping_mul(37) ^ 0xA5;
            }
            damaged
        }),
        ("one header byte flipped", |bytes| {
            let mut damaged = bytes.to_vec();
            damaged[70] ^= 0x01;
            damaged
        }),
        ("cut short", |bytes| bytes[..bytes.len() / 2].to_vec()),
        ("emptied", |_| Vec::new()),
    ]
}

#[test]
fn a_duplicate_id_is_refused_whether_the_index_is_fresh_stale_deleted_or_damaged() {
    let store = store_with_people(40);
    // No index yet: the first writer builds it from a full read.
    add_is_refused_as_duplicate(&store, "p7");
    let index = index_file(&store, "participants.idx");
    assert!(index.exists(), "the lookup saved the index it built");
    // Fresh.
    add_is_refused_as_duplicate(&store, "p7");
    add_succeeds(&store, "new1");
    add_is_refused_as_duplicate(&store, "new1");
    // Stale: a person added by hand after the index was written.
    let mut people = store.read("participants.jsonl");
    people.push_str("{\"id\":\"by-hand\",\"name\":\"By Hand\",\"sector\":\"sse\"}\n");
    store.write("participants.jsonl", &people);
    add_is_refused_as_duplicate(&store, "by-hand");
    // Deleted.
    std::fs::remove_dir_all(store.records().join(INDEX_FOLDER)).unwrap();
    add_is_refused_as_duplicate(&store, "by-hand");
    add_is_refused_as_duplicate(&store, "new1");
    // Damaged in every way: rebuilt, never trusted.
    for (n, (name, damage)) in damages().into_iter().enumerate() {
        let fresh = std::fs::read(&index).unwrap();
        std::fs::write(&index, damage(&fresh)).unwrap();
        for id in ["p0", "p39", "new1", "by-hand"] {
            add_is_refused_as_duplicate(&store, id);
        }
        add_succeeds(&store, &format!("after-damage-{n}"));
        add_is_refused_as_duplicate(&store, &format!("after-damage-{n}"));
        assert!(
            std::fs::read(&index).unwrap().len() >= 96 + 16 * 16,
            "{name}: a whole index was written back"
        );
    }
    store.gsef(&["check"]).ok();
}

#[test]
fn an_attendance_pair_is_updated_not_duplicated_whatever_the_index_state() {
    let store = store_with_people(20);
    store.gsef(&["attend", EVENT, "p0", "p1"]).ok();
    store.gsef(&["attend", EVENT, "p2"]).ok();
    let index = index_file(&store, "attendance.idx");
    assert!(index.exists());
    let pairs_once = |store: &TestStore| {
        let records = store.lines("attendance.jsonl");
        let mut pairs: Vec<String> = records
            .iter()
            .map(|record| format!("{} {}", record["event"], record["participant"]))
            .collect();
        let count = pairs.len();
        pairs.sort();
        pairs.dedup();
        assert_eq!(pairs.len(), count, "a pair recorded twice");
    };
    // Fresh: the pair is found, so it is an update (a rewrite, which drops the index).
    store
        .gsef(&["attend", EVENT, "p2", "--status", "no-show"])
        .ok()
        .says("0 new, 1 updated");
    pairs_once(&store);
    // Each round: a new pair (an append, which rebuilds and saves the index), the index
    // damaged, then that pair again with another new one.
    for (n, (name, damage)) in damages().into_iter().enumerate() {
        let known = format!("p{}", 3 + 2 * n);
        let new = format!("p{}", 4 + 2 * n);
        store.gsef(&["attend", EVENT, &known]).ok().says("1 new");
        let fresh = std::fs::read(&index).unwrap();
        std::fs::write(&index, damage(&fresh)).unwrap();
        let run = store.gsef(&["attend", EVENT, &known, &new]).ok();
        assert!(
            run.stderr.contains("1 new, 0 updated, 1 already recorded"),
            "{name}: {}",
            run.stderr
        );
        pairs_once(&store);
    }
    // Deleted.
    std::fs::remove_dir_all(store.records().join(INDEX_FOLDER)).unwrap();
    store
        .gsef(&["attend", EVENT, "p0", "p19"])
        .ok()
        .says("1 new, 0 updated, 1 already recorded");
    pairs_once(&store);
    // An unknown person or event is still refused, with today's words.
    store.refuses(
        &["attend", EVENT, "p0", "ghost"],
        1,
        "participant `ghost` not found",
    );
    store.refuses(
        &["attend", "no-such-event", "p0"],
        1,
        "event `no-such-event` not found",
    );
    store.gsef(&["check"]).ok();
}

/// Replaces the first `from` in `file` with `to` (same length), in place: same inode, same size.
fn edit_in_place(store: &TestStore, file: &str, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let path = store.records().join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} in {file}");
    let edited = text.replacen(from, to, 1);
    use std::io::{Seek, Write};
    let mut handle = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    handle.seek(std::io::SeekFrom::Start(0)).unwrap();
    handle.write_all(edited.as_bytes()).unwrap();
}

#[test]
fn a_same_length_hand_edit_right_after_an_indexed_write_is_seen() {
    let store = store_with_people(20);
    add_succeeds(&store, "fresh");
    // At once, an id changes by one character: same size, same inode, perhaps the same tick.
    edit_in_place(
        &store,
        "participants.jsonl",
        "\"id\":\"p7\"",
        "\"id\":\"q7\"",
    );
    add_is_refused_as_duplicate(&store, "q7");
    add_succeeds(&store, "p7");

    // A line broken in place, with the old modification time put back: the change time, which
    // nothing can set back, still shows it.
    add_succeeds(&store, "fresh2");
    let path = store.records().join("participants.jsonl");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    edit_in_place(
        &store,
        "participants.jsonl",
        "\"sector\":\"sse/cooperative\"",
        "\"sector\":\"sse/cooperativX\"",
    );
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    store.refuses(
        &["participant", "add", "--name", "N", "--sector", "sse"],
        1,
        "participants.jsonl:1: invalid sector `sse/cooperativX`",
    );
    store.refuses(
        &["attend", EVENT, "p1"],
        1,
        "participants.jsonl:1: invalid sector `sse/cooperativX`",
    );
}

#[test]
fn a_broken_event_line_is_refused_by_attend_even_with_a_fresh_index_before() {
    let store = store_with_people(3);
    store.gsef(&["attend", EVENT, "p0"]).ok();
    // The event's line, which `attend` reads through the index, loses its end date in place.
    edit_in_place(
        &store,
        "events.jsonl",
        "\"end\":\"2019-11-28\"",
        "\"end\":\"2019-11-2x\"",
    );
    store.refuses(&["attend", EVENT, "p1"], 1, "events.jsonl:1:");
}

/// A participant add under an index fault plan: it must succeed (the index is a cache), its
/// person must be there, and no index may then hide them.
#[track_caller]
fn add_under_index_fault(store: &TestStore, id: &str, plan: &str) {
    let run = store.gsef_failing_at(plan, &add_with_id(id));
    assert_eq!(
        run.code, 0,
        "GSEF_FAIL_AT={plan}: an index failure failed the command:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.stdout.trim(), id);
    add_is_refused_as_duplicate(store, id);
}

#[test]
fn a_failed_index_write_never_fails_the_append_nor_hides_a_key() {
    let mut runs = 0;
    for kind in ["index-write", "index-sync", "index-rename"] {
        for always in [false, true] {
            for number in 1..=4 {
                let plan = format!("{kind}:{number}{}", if always { "+" } else { "" });
                // Three cases: no index yet (a rebuild writes one), a fresh index with room (updated
                // in place), and one the add takes past half full (doubled and replaced).
                let store = store_with_people(7);
                add_under_index_fault(&store, "first", &plan);
                add_under_index_fault(&store, "second", &plan);
                add_under_index_fault(&store, "third", &plan);
                store.gsef(&["attend", EVENT, "first", "second"]).ok();
                let run = store.gsef_failing_at(&plan, &["attend", EVENT, "third", "p0"]);
                assert_eq!(run.code, 0, "{plan}: {}", run.stderr);
                store
                    .gsef(&["attend", EVENT, "first", "third", "p0"])
                    .ok()
                    .says("0 new, 0 updated, 3 already recorded");
                store.gsef(&["check"]).ok();
                runs += 1;
            }
        }
    }
    assert_eq!(runs, 24);
}

#[test]
fn the_index_folder_hides_itself_from_git() {
    let store = store_with_people(3);
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(store.dir.path())
            .output()
    };
    let Ok(init) = git(&["init", "-q"]) else {
        eprintln!("note: git is not installed; skipping the git status part");
        return;
    };
    assert!(init.status.success());
    git(&["add", "records"]).unwrap();
    let committed = git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.org",
        "commit",
        "-qm",
        "records",
    ])
    .unwrap();
    assert!(committed.status.success(), "{committed:?}");
    store.gsef(&["attend", EVENT, "p0"]).ok();
    add_succeeds(&store, "new");
    assert_eq!(
        std::fs::read_to_string(store.records().join(INDEX_FOLDER).join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("*")
    );
    for name in ["events.idx", "participants.idx", "attendance.idx"] {
        assert!(index_file(&store, name).exists(), "{name}");
    }
    let status = git(&["status", "--porcelain", "--untracked-files=all"]).unwrap();
    let changed = String::from_utf8_lossy(&status.stdout);
    assert!(
        changed
            .lines()
            .all(|line| line.ends_with("participants.jsonl") || line.ends_with("attendance.jsonl")),
        "git shows more than the records:\n{changed}"
    );
    assert!(!changed.contains(INDEX_FOLDER), "{changed}");
}

#[test]
fn the_index_is_as_private_as_the_store() {
    use std::os::unix::fs::PermissionsExt;
    let store = store_with_people(1);
    add_succeeds(&store, "new");
    let mode = |path: PathBuf| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(store.records().join(INDEX_FOLDER)), 0o700);
    assert_eq!(mode(index_file(&store, "participants.idx")), 0o600);
    assert_eq!(mode(index_file(&store, ".gitignore")), 0o600);
}

#[test]
fn a_dry_run_writes_no_index() {
    let store = store_with_people(3);
    // (Adding the event built the events index: start from none.)
    std::fs::remove_dir_all(store.records().join(INDEX_FOLDER)).unwrap();
    store
        .gsef(&[
            "--dry-run",
            "participant",
            "add",
            "--name",
            "N",
            "--sector",
            "sse",
        ])
        .ok();
    store
        .gsef(&["--dry-run", "attend", EVENT, "p0"])
        .ok()
        .says("dry run, nothing written");
    assert!(!store.records().join(INDEX_FOLDER).exists());
    // With a stale index there, a dry run uses a rebuild in memory and leaves the file alone.
    add_succeeds(&store, "new");
    let index = index_file(&store, "participants.idx");
    let before = std::fs::read(&index).unwrap();
    let modified = std::fs::metadata(&index).unwrap().modified().unwrap();
    let mut people = store.read("participants.jsonl");
    people.push_str("{\"id\":\"by-hand\",\"name\":\"By Hand\",\"sector\":\"sse\"}\n");
    store.write("participants.jsonl", &people);
    store
        .gsef(&[
            "--dry-run",
            "participant",
            "add",
            "--id",
            "by-hand",
            "--name",
            "N",
            "--sector",
            "sse",
        ])
        .fails(1, "participant `by-hand` already exists");
    store
        .gsef(&[
            "--dry-run",
            "participant",
            "add",
            "--id",
            "other",
            "--name",
            "N",
            "--sector",
            "sse",
        ])
        .ok();
    assert_eq!(std::fs::read(&index).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&index).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn a_store_where_no_index_can_be_written_still_works() {
    // The index folder's name taken by a file: no index, silently, and every command works.
    let store = store_with_people(3);
    std::fs::remove_dir_all(store.records().join(INDEX_FOLDER)).unwrap();
    store.write(INDEX_FOLDER, "not a folder");
    add_succeeds(&store, "new");
    add_is_refused_as_duplicate(&store, "new");
    store.gsef(&["attend", EVENT, "p0", "new"]).ok();
    store.gsef(&["check", "--repair"]).ok();
    assert_eq!(store.read(INDEX_FOLDER), "not a folder");

    // A link in its place is never followed: nothing is written where it points.
    let store = store_with_people(3);
    let outside = store.dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::remove_dir_all(store.records().join(INDEX_FOLDER)).unwrap();
    std::os::unix::fs::symlink(&outside, store.records().join(INDEX_FOLDER)).unwrap();
    add_succeeds(&store, "new");
    add_is_refused_as_duplicate(&store, "new");
    store.gsef(&["attend", EVENT, "p0"]).ok();
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    // Nor is a link planted as an index file.
    let store = store_with_people(3);
    add_succeeds(&store, "new");
    let target = store.dir.path().join("target.idx");
    std::fs::write(&target, "keep me").unwrap();
    let index = index_file(&store, "participants.idx");
    std::fs::remove_file(&index).unwrap();
    std::os::unix::fs::symlink(&target, &index).unwrap();
    add_is_refused_as_duplicate(&store, "new");
    add_succeeds(&store, "new2");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}

#[test]
fn a_read_only_store_with_indexes_is_still_listed_and_reported() {
    let store = TestStore::uninitialised();
    let Some(mount) = TmpfsMount::new(&store.records(), "1m") else {
        return;
    };
    store.gsef(&["init"]).ok();
    store
        .gsef(&[
            "event",
            "add",
            "--id",
            EVENT,
            "--title",
            "T",
            "--start",
            "2019-11-27",
        ])
        .ok();
    add_succeeds(&store, "ana");
    store.gsef(&["attend", EVENT, "ana"]).ok();
    assert!(index_file(&store, "attendance.idx").exists());
    if !mount.remount_read_only() {
        return;
    }
    let before = store.snapshot();
    store
        .gsef(&["participant", "list", "--all", "--format", "json"])
        .ok();
    store.gsef(&["attendance", "list", "--format", "json"]).ok();
    store.gsef(&["report", "attendance", "--by", "sector"]).ok();
    store.gsef(&["check"]).ok();
    store.refuses(&add_with_id("bob"), 1, "Read-only file system");
    assert_eq!(store.snapshot(), before);
}

#[test]
fn check_repair_removes_stale_indexes_and_check_still_reads_everything() {
    let store = store_with_people(3);
    store.gsef(&["attend", EVENT, "p0"]).ok();
    let index = index_file(&store, "participants.idx");
    assert!(index.exists());
    let mut people = store.read("participants.jsonl");
    people.push_str("{\"id\":\"p9\",\"name\":\"Bo\",\"sector\":\"banking\"}\n");
    store.write("participants.jsonl", &people);
    // check does not trust any index: the bad line is found.
    let check = store.gsef(&["check"]).fails(1, "1 problem found");
    assert!(
        check
            .stdout
            .contains("participants.jsonl:4: invalid sector `banking`")
    );
    store
        .gsef(&["check", "--repair"])
        .fails(1, "1 problem found");
    assert!(!index.exists(), "the stale index was removed");
    assert!(
        index_file(&store, "attendance.idx").exists(),
        "a fresh one stays"
    );
}

/// An ext4 filesystem with 128-byte inodes, whose timestamps have one-second resolution, in a
/// file mounted over a loop device; unmounted when dropped.
struct CoarseTimestamps {
    mount_point: std::path::PathBuf,
}

impl CoarseTimestamps {
    /// `None` where a loop device cannot be mounted (not root, no loop support, no mkfs).
    fn mount(folder: &std::path::Path) -> Option<CoarseTimestamps> {
        let image = folder.join("coarse.img");
        let mount_point = folder.join("coarse");
        std::fs::create_dir_all(&mount_point).ok()?;
        std::fs::File::create(&image).ok()?.set_len(32 << 20).ok()?;
        let quiet = |command: &mut std::process::Command| {
            command
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        };
        let made = quiet(
            std::process::Command::new("mkfs.ext4")
                .args(["-q", "-F", "-I", "128"])
                .arg(&image),
        );
        let mounted = made
            && quiet(
                std::process::Command::new("mount")
                    .args(["-o", "loop"])
                    .arg(&image)
                    .arg(&mount_point),
            );
        mounted.then_some(CoarseTimestamps { mount_point })
    }
}

impl Drop for CoarseTimestamps {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(&self.mount_point)
            .status();
    }
}

/// The probe's case: on one-second timestamps, a same-length edit made in the same second as
/// gsef's last write leaves size, times and inode as they were, and an index trusted on those
/// alone accepted `--id q5` although the file now held a q5. The index is racy there, so the
/// collection's bytes are checked against its CRC, and the duplicate is refused; likewise when
/// the file is deleted and made again, which may reuse the inode number.
#[test]
fn an_edit_within_the_same_second_never_lets_a_duplicate_in() {
    use std::os::unix::fs::FileExt;
    let folder = tempfile::tempdir().unwrap();
    let Some(coarse) = CoarseTimestamps::mount(folder.path()) else {
        eprintln!("skipped: an ext4 filesystem with one-second timestamps could not be mounted");
        return;
    };
    let records = coarse.mount_point.join("records");
    let gsef = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_gsef"))
            .arg("--records")
            .arg(&records)
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    assert_eq!(gsef(&["init"]).0, Some(0));
    let people = records.join("participants.jsonl");
    let second_of = |path: &std::path::Path| {
        std::fs::metadata(path)
            .unwrap()
            .modified()
            .unwrap()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
    };
    let mut in_place = false;
    let mut replaced = false;
    for round in 0..40 {
        let (old, new) = (format!("q{round}a"), format!("q{round}b"));
        let add = |id: &str| {
            gsef(&[
                "participant",
                "add",
                "--id",
                id,
                "--name",
                "N",
                "--sector",
                "sse",
            ])
        };
        assert_eq!(add(&old).0, Some(0));
        let written_at = second_of(&people);
        // The same record with its id changed, the same number of bytes, written at once.
        let text = std::fs::read_to_string(&people).unwrap();
        let edited = text.replace(&format!("\"{old}\""), &format!("\"{new}\""));
        assert_eq!(edited.len(), text.len());
        let by_replacing = round % 2 == 1;
        if by_replacing {
            std::fs::remove_file(&people).unwrap();
            std::fs::write(&people, &edited).unwrap();
        } else {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&people)
                .unwrap();
            file.write_all_at(edited.as_bytes(), 0).unwrap();
        }
        if second_of(&people) != written_at {
            // The clock moved on meanwhile: the edit shows in the timestamps; try again.
            continue;
        }
        let (code, stderr) = add(&new);
        assert_eq!(code, Some(1), "round {round}: {new} accepted twice");
        assert!(stderr.contains("already exists"), "{stderr}");
        if by_replacing {
            replaced = true;
        } else {
            in_place = true;
        }
        if in_place && replaced {
            break;
        }
    }
    assert!(in_place && replaced, "no edit landed within gsef's second");
}
