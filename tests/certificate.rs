//! `gsef certificate`: who is certified, the register that keeps the codes, the pages, and
//! `gsef certificate verify`. The small fixture's Mexico workshop (27–28 November 2019): Ana
//! and Gus attended both days, Ben and Fer one, Chloé registered, Hana cancelled.

use std::collections::BTreeMap;

use crate::util::{Run, TestStore};

const MEXICO: &str = "2019-11-mexico";

/// `CODE PARTICIPANT` lines of stdout, by participant.
fn codes(run: &Run) -> BTreeMap<String, String> {
    run.stdout
        .lines()
        .map(|line| {
            let (code, participant) = line.split_once(' ').expect("CODE PARTICIPANT");
            (participant.to_string(), code.to_string())
        })
        .collect()
}

/// The fixture with the workshop's completion rule: both days.
fn with_rule() -> TestStore {
    let store = TestStore::fixture("small");
    store
        .gsef(&["event", "edit", MEXICO, "--completion-min-days", "2"])
        .ok();
    store
}

fn is_code(code: &str) -> bool {
    code.len() == 19
        && code.split('-').count() == 4
        && code
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
}

#[test]
fn everyone_who_attended_gets_a_certificate_and_a_register_entry() {
    let store = TestStore::fixture("small");
    let out = store.dir.path().join("out");
    let run = store
        .gsef(&["certificate", MEXICO, "--output-dir", out.to_str().unwrap()])
        .ok()
        .says("issued 4 certificates of `2019-11-mexico` (attended): 4 new")
        .says("not certified: 2 people");
    let codes = codes(&run);
    assert_eq!(
        codes.keys().map(String::as_str).collect::<Vec<_>>(),
        ["ana", "ben", "fer", "gus"]
    );
    for code in codes.values() {
        assert!(is_code(code), "{code}");
        let page = std::fs::read_to_string(out.join(format!("{code}.html"))).unwrap();
        assert_eq!(page.matches("<section class=\"certificate\"").count(), 1);
        assert!(page.contains(code));
    }
    let register = store.lines("certificates.jsonl");
    assert_eq!(register.len(), 4);
    for entry in &register {
        assert_eq!(entry["event"], MEXICO);
        assert_eq!(entry["basis"], "attended");
        let participant = entry["participant"].as_str().unwrap();
        assert_eq!(entry["code"], codes[participant].as_str());
    }
    // The first entry of the register raises the format, so an older gsef keeps away.
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&store.read("gsef.json")).unwrap()["version"],
        4
    );
    store.gsef(&["check"]).ok().says("4 certificates");
}

#[test]
fn a_re_issue_gives_the_same_code_and_adds_nothing() {
    let store = TestStore::fixture("small");
    let first = codes(
        &store
            .gsef(&["certificate", MEXICO, "ana", "ben", "--output", "one.html"])
            .ok(),
    );
    let register = store.read("certificates.jsonl");
    let again = store
        .gsef(&["certificate", MEXICO, "ben", "ana", "--output", "two.html"])
        .ok()
        .says("0 new, 2 issued before, under the same code");
    assert_eq!(codes(&again), first);
    assert_eq!(store.read("certificates.jsonl"), register);
    // Everyone: the two named before keep their codes, the others get new ones.
    let everyone = store.gsef(&["certificate", MEXICO]).ok().stdout;
    assert_eq!(
        everyone.matches("<section class=\"certificate\"").count(),
        4
    );
    assert!(everyone.contains(&first["ana"]) && everyone.contains(&first["ben"]));
    assert_eq!(store.lines("certificates.jsonl").len(), 4);
}

#[test]
fn named_people_get_one_page_each_in_one_file() {
    let store = TestStore::fixture("small");
    let run = store
        .gsef(&["certificate", MEXICO, "gus", "ana", "--output", "both.html"])
        .ok();
    let html = std::fs::read_to_string(store.dir.path().join("both.html")).unwrap();
    assert_eq!(html.matches("<section class=\"certificate\"").count(), 2);
    // In the order given, each with its code.
    let codes = codes(&run);
    let gus = html.find("Gustavo Peña").unwrap();
    let ana = html.find("Ana Ruiz").unwrap();
    assert!(gus < ana);
    assert!(html.contains(&codes["gus"]) && html.contains(&codes["ana"]));
    assert!(!html.contains("Benito"));
    // Self-contained: nothing to fetch, A4 pages.
    assert!(!html.contains("http") && !html.contains("<link") && !html.contains("<img"));
    assert!(html.contains("@page { size: A4"));
}

#[test]
fn completion_is_certified_by_the_events_rule() {
    let store = with_rule();
    let run = store
        .gsef(&[
            "--lang",
            "en",
            "certificate",
            MEXICO,
            "--completed",
            "--objectives",
        ])
        .ok()
        .says("issued 2 certificates of `2019-11-mexico` (completed)");
    let html = &run.stdout;
    assert_eq!(html.matches("<section class=\"certificate\"").count(), 2);
    assert!(html.contains("Certificate of completion"));
    assert!(html.contains("attending 2 of its 2 days; completing it takes 2"));
    assert!(html.contains("<li>Plan local SSE ecosystems</li>"));
    assert!(html.contains("Ana Ruiz") && html.contains("Gustavo Peña"));
    assert!(
        !html.contains("Benito Soto"),
        "one day of two is not completing"
    );
    let register = store.lines("certificates.jsonl");
    assert!(register.iter().all(|entry| entry["basis"] == "completed"));
    // Attendance and completion are two certificates, with two codes.
    store
        .gsef(&["certificate", MEXICO, "ana", "--output", "a.html"])
        .ok()
        .says("1 new");
    assert_eq!(store.lines("certificates.jsonl").len(), 3);
}

#[test]
fn completion_is_refused_without_a_rule() {
    let store = TestStore::fixture("small");
    store.refuses(
        &["certificate", MEXICO, "--completed"],
        1,
        "event `2019-11-mexico` cannot certify completion: neither it nor its series states a completion rule",
    );
}

#[test]
fn a_person_who_does_not_qualify_is_refused_and_nothing_is_written() {
    let store = with_rule();
    let out = store.dir.path().join("out");
    let out = out.to_str().unwrap();
    let run = store.refuses(
        &["certificate", MEXICO, "ana", "chloe", "--output-dir", out],
        1,
        "`chloe` is recorded as registered, not attended; nothing was written",
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(!store.dir.path().join("out").exists());
    store.refuses(
        &["certificate", MEXICO, "eun", "--output-dir", out],
        1,
        "`eun` has no attendance record at the event",
    );
    let run = store.refuses(
        &[
            "certificate",
            MEXICO,
            "ben",
            "--completed",
            "--output-dir",
            out,
        ],
        1,
        "`ben` was present on 1 of the 2 days completing it takes",
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    store.refuses(
        &["certificate", MEXICO, "zed", "--output-dir", out],
        1,
        "participant `zed` not found",
    );
    assert!(!store.records().join("certificates.jsonl").exists());
}

#[test]
fn a_dry_run_writes_nothing() {
    let store = TestStore::fixture("small");
    let before = store.snapshot();
    let run = store
        .gsef(&["--dry-run", "certificate", MEXICO, "--output-dir", "out"])
        .ok()
        .says("dry run, nothing written");
    assert!(run.stdout.is_empty());
    assert_eq!(store.snapshot(), before);
    assert!(!store.dir.path().join("out").exists());
}

#[test]
fn verify_says_whose_certificate_a_code_is() {
    let store = TestStore::fixture("small");
    let code = codes(
        &store
            .gsef(&["certificate", MEXICO, "ana", "--output", "a.html"])
            .ok(),
    )["ana"]
        .clone();
    let run = store.gsef(&["certificate", "verify", &code]).ok();
    for expected in [
        format!("certificate {code} is valid"),
        "person: Ana Ruiz (ana)".to_string(),
        "event:  Capacity Building Workshop on the Social and Solidarity Economy in Mexico (2019-11-mexico)".to_string(),
        "basis:  attended".to_string(),
        "issued: ".to_string(),
    ] {
        assert!(run.stdout.contains(&expected), "{expected}\n{}", run.stdout);
    }
    // Typed from paper: lower case, no dashes.
    let typed = code.replace('-', "").to_lowercase();
    store.gsef(&["certificate", "verify", &typed]).ok();
}

#[test]
fn verify_refuses_an_unknown_code() {
    let store = TestStore::fixture("small");
    let run = store
        .gsef(&["certificate", "verify", "AAAA-BBBB-CCCC-DDDD"])
        .fails(1, "no certificate with code AAAA-BBBB-CCCC-DDDD");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    store
        .gsef(&["certificate", "verify", "not-a-code"])
        .fails(1, "no certificate with code `not-a-code`");
    assert!(!store.records().join("certificates.jsonl").exists());
}

#[test]
fn forgetting_a_person_revokes_their_certificates() {
    let store = TestStore::fixture("small");
    let code = codes(
        &store
            .gsef(&["certificate", MEXICO, "ana", "--output", "a.html"])
            .ok(),
    )["ana"]
        .clone();
    store
        .gsef(&["participant", "forget", "ana"])
        .ok()
        .says("revoked 1 certificate");
    let run = store
        .gsef(&["certificate", "verify", &code])
        .fails(1, &format!("certificate {code} was revoked on "));
    assert!(!run.stderr.contains("Ana"), "{}", run.stderr);
    let entry = &store.lines("certificates.jsonl")[0];
    assert!(entry["revoked"].as_str().is_some_and(|day| day.len() == 10));
    // Not issued again over the revoked one, and not to a forgotten person at all.
    store.refuses(
        &["certificate", MEXICO, "ana", "--output", "b.html"],
        1,
        &format!("`ana` holds certificate {code}, which was revoked on"),
    );
    store.gsef(&["check"]).ok();
}

#[test]
fn removing_a_certified_person_needs_force_and_merging_moves_certificates() {
    let store = TestStore::fixture("small");
    store
        .gsef(&["certificate", MEXICO, "ben", "--output", "b.html"])
        .ok();
    store.refuses(&["participant", "remove", "ben"], 1, "is referenced by");
    store.refuses(&["event", "remove", MEXICO], 1, "is referenced by");
    let code = store.lines("certificates.jsonl")[0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    store.gsef(&["participant", "merge", "ana", "ben"]).ok();
    let entry = &store.lines("certificates.jsonl")[0];
    assert_eq!(entry["participant"], "ana");
    assert_eq!(entry["code"], code.as_str());
    store
        .gsef(&["certificate", "verify", &code])
        .ok()
        .stdout
        .contains("(ana)")
        .then_some(())
        .expect("the code verifies as the kept person's");
    store.gsef(&["check"]).ok();
    // `--force` takes the attendance and the certificate with the person.
    store
        .gsef(&["participant", "remove", "ana", "--force"])
        .ok()
        .says("and 1 certificate");
    assert!(store.read("certificates.jsonl").is_empty());
    store.gsef(&["check"]).ok();
}

#[test]
fn merging_two_people_certified_for_one_event_is_refused() {
    let store = TestStore::fixture("small");
    store
        .gsef(&["certificate", MEXICO, "ana", "ben", "--output", "ab.html"])
        .ok();
    store.refuses(
        &["participant", "merge", "ana", "ben"],
        1,
        "both `ana` and `ben` hold a certificate of event `2019-11-mexico` (attended)",
    );
}

#[test]
fn each_page_is_in_the_persons_language_and_escapes_the_records() {
    let store = TestStore::fixture("small");
    let korean = store
        .gsef(&[
            "participant",
            "add",
            "--name",
            "김은지 <b>&</b>",
            "--sector",
            "academia",
            "--country",
            "KR",
        ])
        .ok()
        .stdout
        .trim()
        .to_string();
    store.gsef(&["attend", MEXICO, &korean]).ok();
    store
        .gsef(&[
            "participant",
            "edit",
            "gus",
            "--name",
            "Gustavo Peña <script>",
        ])
        .ok();
    let html = store
        .gsef(&["certificate", MEXICO, "gus", &korean, "fer"])
        .ok()
        .stdout;
    // Gus is from Mexico, the Korean participant from Korea, Fer's country is not recorded.
    for expected in [
        "<section class=\"certificate\" lang=\"es\">",
        "Constancia de asistencia",
        "Gustavo Peña &lt;script&gt;",
        "27–28 de noviembre de 2019",
        "<section class=\"certificate\" lang=\"ko\">",
        "참석 확인서",
        "김은지 &lt;b&gt;&amp;&lt;/b&gt;",
        "2019년 11월 27–28일",
        "<section class=\"certificate\" lang=\"en\">",
        "Certificate of attendance",
    ] {
        assert!(html.contains(expected), "{expected}\n{html}");
    }
    assert!(!html.contains("<script>") && !html.contains("<b>"));
    // --lang speaks to everyone; GSEF_LANG does not override a person's country.
    let french = store
        .gsef(&["--lang", "fr", "certificate", MEXICO, "gus", &korean])
        .ok()
        .stdout;
    assert_eq!(french.matches("lang=\"fr\"").count(), 3, "{french}");
    let by_country = store
        .gsef_with_env(
            &["certificate", MEXICO, "gus", "fer"],
            "",
            &[("GSEF_LANG", "fr")],
        )
        .ok()
        .stdout;
    assert!(by_country.contains("<section class=\"certificate\" lang=\"es\">"));
    assert!(by_country.contains("<section class=\"certificate\" lang=\"fr\">"));
}

#[test]
fn check_names_bad_register_entries_with_their_lines() {
    let store = TestStore::fixture("small");
    let entry = |code: &str, event: &str, participant: &str, basis: &str| {
        format!(
            "{{\"code\":\"{code}\",\"event\":\"{event}\",\"participant\":\"{participant}\",\"basis\":\"{basis}\",\"issued\":\"2026-12-01\"}}\n"
        )
    };
    store.write(
        "certificates.jsonl",
        &[
            entry("AAAA-AAAA-AAAA-AAAA", MEXICO, "ana", "attended"),
            entry("BBBB-BBBB-BBBB-BBBB", "2019-11-nowhere", "zed", "attended"),
            entry("CCCC-CCCC-CCCC-CCCC", MEXICO, "ben", "passed"),
            entry("AAAA-AAAA-AAAA-AAAA", MEXICO, "gus", "attended"),
            entry("DDDD-DDDD-DDDD-DDDD", MEXICO, "ana", "attended"),
        ]
        .concat(),
    );
    let run = store.gsef(&["check"]).fails(1, "problems found");
    let listed = format!("{}{}", run.stdout, run.stderr);
    for expected in [
        "certificates.jsonl:2: certificate names event `2019-11-nowhere`, which does not exist",
        "certificates.jsonl:2: certificate names participant `zed`, which does not exist",
        "certificates.jsonl:3:",
        "passed",
        "certificates.jsonl:4: duplicate certificate `AAAA-AAAA-AAAA-AAAA`, first on line 1",
        "certificates.jsonl:5: a second certificate of `ana` for event `2019-11-mexico` (attended), first on line 1",
    ] {
        assert!(listed.contains(expected), "{expected}\n{listed}");
    }
}

#[test]
fn a_store_without_a_register_works_and_stays_without() {
    let store = TestStore::fixture("small");
    let before = store.snapshot();
    store.gsef(&["report", "events", "--format", "json"]).ok();
    store.gsef(&["check"]).ok();
    assert_eq!(store.snapshot(), before);
    store
        .gsef(&["certificate", "verify", "AAAA-BBBB-CCCC-DDDD"])
        .fails(1, "no certificate");
    store.gsef(&["participant", "forget", "hana"]).ok();
    assert!(!store.records().join("certificates.jsonl").exists());
    assert_ne!(store.snapshot(), before, "forget changed the participant");
}

/// The register is committed before any page is written, all or nothing: a failed write leaves
/// the store as it was and no page carrying a code that would not verify.
#[test]
fn a_failed_write_leaves_the_store_and_the_folder_as_they_were() {
    for fault in ["write:1", "write:2"] {
        let store = TestStore::fixture("small");
        let before = store.snapshot();
        let out = store.dir.path().join("out");
        store
            .gsef_failing_at(
                fault,
                &["certificate", MEXICO, "--output-dir", out.to_str().unwrap()],
            )
            .fails(1, "injected failure");
        assert_eq!(store.snapshot(), before, "{fault}");
        assert!(!out.exists(), "{fault}");
    }
}

/// The walk-through of the README: the sign-in sheet comes back with Ben ticked on both days,
/// and Ben, who had one day recorded, now completes the workshop and is certified for it.
#[test]
fn a_sheet_brought_back_decides_who_completed() {
    let store = with_rule();
    store.refuses(
        &["certificate", MEXICO, "ben", "--completed"],
        1,
        "`ben` was present on 1 of the 2 days",
    );
    store
        .gsef(&["sheet", MEXICO, "--format", "csv", "--output", "sheet.csv"])
        .ok();
    let sheet = std::fs::read_to_string(store.dir.path().join("sheet.csv")).unwrap();
    let mut rows: Vec<Vec<String>> = sheet
        .lines()
        .map(|line| line.split(',').map(str::to_string).collect())
        .collect();
    let header = rows[0].clone();
    let column = |name: &str| header.iter().position(|title| title == name).unwrap();
    let (first, second) = (column("2019-11-27"), column("2019-11-28"));
    let ben = rows
        .iter_mut()
        .find(|row| row[column("name")] == "Benito Soto")
        .unwrap();
    ben[first] = "x".to_string();
    ben[second] = "x".to_string();
    let ticked: String = rows.iter().map(|row| row.join(",") + "\n").collect();
    std::fs::write(store.dir.path().join("ticked.csv"), ticked).unwrap();
    store
        .gsef(&["import", "participants", "ticked.csv", "--event", MEXICO])
        .ok();
    let run = store
        .gsef(&[
            "certificate",
            MEXICO,
            "ben",
            "--completed",
            "--output",
            "ben.html",
        ])
        .ok();
    assert!(codes(&run).contains_key("ben"));
    let html = std::fs::read_to_string(store.dir.path().join("ben.html")).unwrap();
    assert!(html.contains("Benito Soto"));
    assert!(html.contains("con asistencia a 2 de sus 2 días"), "{html}");
}
