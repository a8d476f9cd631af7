//! Responses to an event's instruments (pre-test, post-test, feedback): the collection as the
//! store keeps and checks it, and `gsef import responses`.

use crate::util::TestStore;

/// A store made before responses existed has no responses file: it checks clean and reports
/// as before, and nothing creates the file until a response is written.
#[test]
fn a_store_without_responses_checks_clean_and_stays_without() {
    let store = TestStore::fixture("small");
    let before = store.snapshot();
    store.gsef(&["check"]).ok();
    store.gsef(&["report", "events", "--format", "json"]).ok();
    assert_eq!(store.snapshot(), before);
    assert!(!store.records().join("responses.jsonl").exists());
}

/// `gsef check` reads responses.jsonl as it reads every collection: each problem with its line.
#[test]
fn check_names_each_bad_response_with_its_line() {
    let store = TestStore::fixture("small");
    store.write(
        "responses.jsonl",
        concat!(
            r#"{"event":"2019-11-mexico","instrument":"pre","participant":"ana","score":14.0,"max_score":20.0}"#,
            "\n",
            r#"{"event":"2019-11-nowhere","instrument":"pre","code":"K7"}"#,
            "\n",
            r#"{"event":"2019-11-mexico","instrument":"feedback","participant":"ana","ratings":{"4":5}}"#,
            "\n",
            r#"{"event":"2019-11-mexico","instrument":"post","participant":"zed","score":21.0,"max_score":20.0}"#,
            "\n",
            r#"{"event":"2019-11-mexico","instrument":"pre","participant":"ana"}"#,
            "\n",
        ),
    );
    let run = store.gsef(&["check"]).fails(1, "problems found");
    let stderr = &format!("{}{}", run.stdout, run.stderr);
    for expected in [
        "responses.jsonl:2: response names event `2019-11-nowhere`, which does not exist",
        "responses.jsonl:3: response rates objective 4, and event `2019-11-mexico` has 3 objectives",
        "responses.jsonl:4: invalid score `21`: a score runs from 0 to its maximum, 20",
        "responses.jsonl:4: response names participant `zed`, which does not exist",
        "responses.jsonl:5: duplicate response",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
}
