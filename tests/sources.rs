//! Imports of the files real tools export, one per source, against records worked out by hand
//! in `tests/fixtures/import/sources/NAME.expected.md` (the layouts and where they come from are
//! in that folder's README). Each test runs the command the expected file names and compares
//! every record; the refusals leave the store byte for byte as it was.

use serde_json::{Value, json};

use crate::util::TestStore;

const EVENT: &str = "2019-11-mexico";

fn source(name: &str) -> String {
    format!(
        "{}/tests/fixtures/import/sources/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `import participants FILE --event 2019-11-mexico` and `extra`.
fn import(store: &TestStore, file: &str, extra: &[&str]) -> crate::util::Run {
    let path = source(file);
    let mut args = vec!["import", "participants", path.as_str(), "--event", EVENT];
    args.extend_from_slice(extra);
    store.gsef(&args)
}

/// The people imported, in the order written, without the ids gsef made up.
fn people(store: &TestStore) -> Vec<Value> {
    store
        .lines("participants.jsonl")
        .into_iter()
        .map(|mut person| {
            person.as_object_mut().unwrap().remove("id");
            person
        })
        .collect()
}

/// Each attendance record as `[name, status, days, minutes]`, in the order written.
fn attendance(store: &TestStore) -> Vec<Value> {
    let people = store.lines("participants.jsonl");
    let name_of = |id: &Value| {
        people
            .iter()
            .find(|person| &person["id"] == id)
            .map(|person| person["name"].clone())
            .unwrap()
    };
    store
        .lines("attendance.jsonl")
        .iter()
        .map(|record| {
            assert_eq!(record["event"], EVENT);
            json!([
                name_of(&record["participant"]),
                record["status"],
                record.get("days").cloned().unwrap_or(json!([])),
                record.get("minutes").cloned().unwrap_or(Value::Null),
            ])
        })
        .collect()
}

/// A person with only what a call report gives: a name and maybe an email.
fn online(name: &str, email: Option<&str>) -> Value {
    match email {
        Some(email) => json!({"name": name, "email": email}),
        None => json!({"name": name}),
    }
}

const BOTH: [&str; 2] = ["2019-11-27", "2019-11-28"];

#[test]
fn a_paper_sign_in_sheet() {
    let store = TestStore::with_mexico_workshop();
    let run = import(
        &store,
        "hoja-de-firmas.csv",
        &["--sector-map", &source("sectores.csv")],
    )
    .ok();
    assert!(
        run.stderr.contains(
            "participants: 7 new, 0 matched existing, 1 repeated in the file, 0 skipped as invalid; \
             attendance at `2019-11-mexico` (2 registered, 5 attended): 7 new"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("columns not imported: `No.`"),
        "{}",
        run.stderr
    );
    let place = |name, organization, sector, region| json!({"name": name, "organization": organization, "sector": sector, "region": region});
    assert_eq!(
        people(&store),
        [
            place(
                "Ximena Robledo Tapia",
                "Ayuntamiento de Villa Ejemplo",
                "government/municipal",
                "Jalisco"
            ),
            place(
                "Rodrigo Salas Méndez",
                "Cooperativa La Milpa Ficticia, S.C. de R.L.",
                "sse/cooperative",
                "Oaxaca"
            ),
            place(
                "Tomás Ek Chablé",
                "Colectivo Imaginario A.C.",
                "civil-society",
                "Chiapas"
            ),
            place(
                "María Fernanda Ortiz Luna",
                "Universidad del Ejemplo",
                "academia",
                "Ciudad de México"
            ),
            place(
                "Lucía Beltrán Ríos",
                "Consultora Ejemplar S.A. de C.V.",
                "private",
                "Jalisco"
            ),
            place(
                "Alex Noriega Paz",
                "Red Ficticia de Finanzas Solidarias",
                "civil-society",
                "Ciudad de México"
            ),
            place(
                "Héctor Ramírez Soto",
                "Ayuntamiento de Villa Ejemplo",
                "government/municipal",
                "Jalisco"
            ),
        ]
    );
    assert_eq!(
        attendance(&store),
        [
            json!(["Ximena Robledo Tapia", "attended", BOTH, null]),
            json!(["Rodrigo Salas Méndez", "attended", ["2019-11-27"], null]),
            // Line 4 marks the 27th, line 9 (TOMAS EK CHABLE, the day-2 page) the 28th.
            json!(["Tomás Ek Chablé", "attended", BOTH, null]),
            json!(["María Fernanda Ortiz Luna", "attended", BOTH, null]),
            json!(["Lucía Beltrán Ríos", "registered", [], null]),
            json!(["Alex Noriega Paz", "attended", ["2019-11-28"], null]),
            json!(["Héctor Ramírez Soto", "registered", [], null]),
        ]
    );
}

#[test]
fn google_forms_in_spanish_stops_at_a_shared_email_and_separates_on_request() {
    let store = TestStore::with_mexico_workshop();
    let map = source("sectores.csv");
    let refused = store.refuses(
        &[
            "import",
            "participants",
            &source("google-forms-es.csv"),
            "--event",
            EVENT,
            "--sector-map",
            &map,
        ],
        1,
        "google-forms-es.csv:7: `Héctor Ramírez Soto` has the email `oficina.desarrollo@example.org` of line 6 (`Ana Sofía Gutiérrez Lara`), a clearly different name",
    );
    assert!(
        refused.stderr.contains("--shared-email separate"),
        "{}",
        refused.stderr
    );

    import(
        &store,
        "google-forms-es.csv",
        &["--sector-map", &map, "--shared-email", "separate"],
    )
    .ok();
    let person = |name, email, organization, sector, region, gender| {
        json!({"name": name, "organization": organization, "sector": sector, "region": region,
               "email": email, "gender": gender})
    };
    let town_hall = "Ayuntamiento de Villa Ejemplo";
    assert_eq!(
        people(&store),
        [
            person(
                "Ximena Robledo Tapia",
                "ximena.robledo@example.org",
                town_hall,
                "government/municipal",
                "Jalisco",
                "woman"
            ),
            person(
                "Rodrigo Salas Méndez",
                "rodrigo.salas@example.com",
                "Cooperativa La Milpa Ficticia, S.C. de R.L.",
                "sse/cooperative",
                "Oaxaca",
                "man"
            ),
            person(
                "María Fernanda Ortiz Luna",
                "MF.Ortiz@Example.org",
                "Universidad del Ejemplo",
                "academia",
                "Ciudad de México",
                "woman"
            ),
            person(
                "Lucía Beltrán Ríos",
                "lucia.beltran@example.com",
                "Consultora Ejemplar S.A. de C.V.",
                "private",
                "Jalisco",
                "undisclosed"
            ),
            person(
                "Ana Sofía Gutiérrez Lara",
                "oficina.desarrollo@example.org",
                town_hall,
                "government/municipal",
                "Jalisco",
                "woman"
            ),
            person(
                "Héctor Ramírez Soto",
                "oficina.desarrollo@example.org",
                town_hall,
                "government/municipal",
                "Jalisco",
                "man"
            ),
        ]
    );
    assert_eq!(
        attendance(&store),
        [
            json!(["Ximena Robledo Tapia", "attended", BOTH, null]),
            json!(["Rodrigo Salas Méndez", "attended", ["2019-11-28"], null]),
            json!(["María Fernanda Ortiz Luna", "attended", BOTH, null]),
            json!(["Lucía Beltrán Ríos", "registered", [], null]),
            json!(["Ana Sofía Gutiérrez Lara", "attended", ["2019-11-27"], null]),
            json!(["Héctor Ramírez Soto", "attended", BOTH, null]),
        ]
    );
}

#[test]
fn google_forms_in_english_folds_one_person_written_two_ways() {
    let store = TestStore::with_mexico_workshop();
    let run = import(
        &store,
        "google-forms-en.csv",
        &["--sector-map", &source("sectores.csv")],
    )
    .ok();
    assert!(
        run.stderr
            .contains("columns not imported: `Timestamp`, `Score`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        people(&store),
        [
            json!({"name": "Alex Noriega Paz", "organization": "Red Ficticia de Finanzas Solidarias",
                   "sector": "civil-society", "region": "Ciudad de México", "email": "alex.noriega@example.org"}),
            json!({"name": "Tomás Ek Chablé", "organization": "Colectivo Imaginario A.C.",
                   "sector": "civil-society", "region": "Chiapas", "email": "tomas.ek@example.org"}),
            json!({"name": "Ximena Robledo Tapia", "organization": "Ayuntamiento de Villa Ejemplo",
                   "sector": "government/municipal", "region": "Jalisco", "email": "Ximena.Robledo@example.org"}),
            // Line 6 (RODRIGO.SALAS@…, `Rodrigo Salas Méndez`) is this person: the first
            // row's record is kept.
            json!({"name": "Rodrigo Salas", "organization": "Cooperativa La Milpa Ficticia",
                   "sector": "sse/cooperative", "region": "Oaxaca", "email": "rodrigo.salas@example.com"}),
        ]
    );
    assert_eq!(
        attendance(&store),
        [
            json!(["Alex Noriega Paz", "attended", BOTH, null]),
            json!(["Tomás Ek Chablé", "attended", ["2019-11-28"], null]),
            json!(["Ximena Robledo Tapia", "attended", ["2019-11-27"], null]),
            json!(["Rodrigo Salas", "attended", BOTH, null]),
        ]
    );
}

/// Kobo's two CSV exports of one form: group paths and choice names, or labels.
#[test]
fn kobotoolbox_xml_values_and_labels() {
    let store = TestStore::with_mexico_workshop();
    let map = source("sectores.csv");
    import(&store, "kobo-xml-values.csv", &["--sector-map", &map]).ok();
    let person = |name, email: Option<&str>, organization, sector, region, gender| {
        let mut person = json!({"name": name, "organization": organization, "sector": sector,
                                "region": region, "gender": gender});
        if let Some(email) = email {
            person["email"] = json!(email);
        }
        person
    };
    assert_eq!(
        people(&store),
        [
            person(
                "Ximena Robledo Tapia",
                Some("ximena.robledo@example.org"),
                "Ayuntamiento de Villa Ejemplo",
                "government/municipal",
                "jalisco",
                "woman"
            ),
            person(
                "Tomás Ek Chablé",
                None,
                "Colectivo Imaginario A.C.",
                "civil-society",
                "chiapas",
                "man"
            ),
            person(
                "Alex Noriega Paz",
                Some("alex.noriega@example.org"),
                "Red Ficticia de Finanzas Solidarias",
                "civil-society",
                "cdmx",
                "non-binary"
            ),
            person(
                "Lucía Beltrán Ríos",
                Some("lucia.beltran@example.com"),
                "Consultora Ejemplar S.A. de C.V.",
                "private",
                "jalisco",
                "undisclosed"
            ),
        ]
    );
    assert_eq!(
        attendance(&store),
        [
            json!(["Ximena Robledo Tapia", "attended", BOTH, null]),
            json!(["Tomás Ek Chablé", "attended", ["2019-11-27"], null]),
            json!(["Alex Noriega Paz", "attended", ["2019-11-28"], null]),
            json!(["Lucía Beltrán Ríos", "registered", [], null]),
        ]
    );

    let labels = TestStore::with_mexico_workshop();
    import(&labels, "kobo-labels.csv", &["--sector-map", &map]).ok();
    assert_eq!(
        people(&labels),
        [
            person(
                "Rodrigo Salas Méndez",
                Some("rodrigo.salas@example.com"),
                "Cooperativa La Milpa Ficticia, S.C. de R.L.",
                "sse/cooperative",
                "Oaxaca",
                "man"
            ),
            person(
                "María Fernanda Ortiz Luna",
                Some("mf.ortiz@example.org"),
                "Universidad del Ejemplo",
                "academia",
                "Ciudad de México",
                "woman"
            ),
            person(
                "Ximena Robledo Tapia",
                Some("ximena.robledo@example.org"),
                "Ayuntamiento de Villa Ejemplo",
                "government/municipal",
                "Jalisco",
                "woman"
            ),
            person(
                "Alex Noriega Paz",
                Some("alex.noriega@example.org"),
                "Red Ficticia de Finanzas Solidarias",
                "civil-society",
                "Ciudad de México",
                "non-binary"
            ),
            person(
                "Tomás Ek Chablé",
                None,
                "Colectivo Imaginario A.C.",
                "civil-society",
                "Chiapas",
                "man"
            ),
        ]
    );
    assert_eq!(
        attendance(&labels),
        [
            json!(["Rodrigo Salas Méndez", "attended", BOTH, null]),
            json!([
                "María Fernanda Ortiz Luna",
                "attended",
                ["2019-11-27"],
                null
            ]),
            json!(["Ximena Robledo Tapia", "attended", ["2019-11-28"], null]),
            json!(["Alex Noriega Paz", "registered", [], null]),
            json!(["Tomás Ek Chablé", "attended", BOTH, null]),
        ]
    );
}

#[test]
fn microsoft_forms_reads_the_questions_not_the_account() {
    let store = TestStore::with_mexico_workshop();
    let run = import(
        &store,
        "microsoft-forms.csv",
        &["--sector-map", &source("sectores.csv")],
    )
    .ok();
    assert!(
        run.stderr.contains(
            "columns not imported: `ID`, `Start time`, `Completion time`, `Email`, `Name`, `Last modified time`"
        ),
        "{}",
        run.stderr
    );
    let names: Vec<Value> = people(&store)
        .iter()
        .map(|person| person["name"].clone())
        .collect();
    assert_eq!(
        names,
        [
            "Rodrigo Salas Méndez",
            "María Fernanda Ortiz Luna",
            "Ximena Robledo Tapia",
            "Lucía Beltrán Ríos",
            "Tomás Ek Chablé"
        ]
    );
    assert_eq!(
        people(&store)[1]["email"],
        "mf.ortiz@example.org",
        "not `anonymous`"
    );
    assert_eq!(
        attendance(&store),
        [
            json!(["Rodrigo Salas Méndez", "attended", BOTH, null]),
            json!([
                "María Fernanda Ortiz Luna",
                "attended",
                ["2019-11-28"],
                null
            ]),
            json!(["Ximena Robledo Tapia", "attended", ["2019-11-27"], null]),
            json!(["Lucía Beltrán Ríos", "registered", [], null]),
            json!(["Tomás Ek Chablé", "attended", BOTH, null]),
        ]
    );
}

#[test]
fn excel_csv_utf8_never_takes_its_id_column_and_asks_what_m_means() {
    let store = TestStore::with_mexico_workshop();
    let map = source("sectores.csv");
    let path = source("excel-csv-utf8.csv");
    let refused = store.refuses(
        &["import", "participants", &path, "--event", EVENT, "--sector-map", &map],
        1,
        "excel-csv-utf8.csv:3: gender `M` is not one gsef knows (it takes woman (Woman, women, female, f); man (",
    );
    assert!(
        refused.stderr.contains("excel-csv-utf8.csv:4: gender `M`"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("2 invalid rows"),
        "{}",
        refused.stderr
    );

    import(
        &store,
        "excel-csv-utf8.csv",
        &["--sector-map", &map, "--gender-map", &source("generos.csv")],
    )
    .ok();
    let imported = store.lines("participants.jsonl");
    assert!(
        imported
            .iter()
            .all(|person| person["id"].as_str().unwrap().starts_with("p-")),
        "ids are made up, never 1…6: {imported:?}"
    );
    let genders: Vec<Value> = people(&store)
        .iter()
        .map(|person| person["gender"].clone())
        .collect();
    assert_eq!(
        genders,
        ["woman", "man", "man", "non-binary", "undisclosed", "woman"]
    );
    assert_eq!(people(&store)[5]["email"], "MF.ORTIZ@EXAMPLE.ORG");
    assert_eq!(
        attendance(&store),
        [
            json!(["Ximena Robledo Tapia", "attended", BOTH, null]),
            json!(["Rodrigo Salas Méndez", "attended", ["2019-11-28"], null]),
            json!(["Tomás Ek Chablé", "attended", ["2019-11-27"], null]),
            json!(["Alex Noriega Paz", "attended", ["2019-11-28"], null]),
            json!(["Lucía Beltrán Ríos", "registered", [], null]),
            json!([
                "María Fernanda Ortiz Luna",
                "attended",
                ["2019-11-27"],
                null
            ]),
        ]
    );
}

#[test]
fn excel_csv_windows_is_refused_at_its_first_accent() {
    let store = TestStore::with_mexico_workshop();
    store.refuses(
        &[
            "import",
            "participants",
            &source("excel-csv-windows-1252.csv"),
            "--event",
            EVENT,
        ],
        1,
        "excel-csv-windows-1252.csv:3: byte 0xE9 at column 18 is not UTF-8",
    );
}

#[test]
fn eventbrite_statuses_and_a_buyers_second_ticket() {
    let store = TestStore::with_mexico_workshop();
    let map = source("sectores.csv");
    store.refuses(
        &["import", "participants", &source("eventbrite-attendees.csv"), "--event", EVENT, "--sector-map", &map],
        1,
        "eventbrite-attendees.csv:5: `Héctor Ramírez Soto` has the email `oficina.desarrollo@example.org` of line 4 (`Ana Sofía Gutiérrez Lara`)",
    );
    import(
        &store,
        "eventbrite-attendees.csv",
        &["--sector-map", &map, "--shared-email", "separate"],
    )
    .ok();
    let names: Vec<Value> = people(&store)
        .iter()
        .map(|person| person["name"].clone())
        .collect();
    assert_eq!(
        names,
        [
            "Ximena Robledo Tapia",
            "Rodrigo Salas Méndez",
            "Ana Sofía Gutiérrez Lara",
            "Héctor Ramírez Soto",
            "Lucía Beltrán Ríos",
            "María Fernanda Ortiz Luna",
            "Tomás Ek Chablé"
        ]
    );
    assert_eq!(
        people(&store)[1],
        json!({"name": "Rodrigo Salas Méndez", "organization": "Cooperativa La Milpa Ficticia, S.C. de R.L.",
               "sector": "sse/cooperative", "region": "Oaxaca", "email": "rodrigo.salas@example.com"}),
        "Company is the organization, Estado the region, the sector question the sector"
    );
    let statuses: Vec<Value> = attendance(&store)
        .iter()
        .map(|record| record[1].clone())
        .collect();
    assert_eq!(
        statuses,
        [
            "attended",
            "registered",
            "attended",
            "attended",
            "cancelled",
            "attended",
            "registered"
        ]
    );
    assert!(
        attendance(&store)
            .iter()
            .all(|record| record[2] == json!([])),
        "a check-in names no day"
    );
}

fn excluding_hosts<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "--min-minutes",
        "120",
        "--exclude",
        "monica.herrera@example.org",
        "--exclude",
        "Sala Zoom INAES",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn zoom_with_its_meeting_summary_merges_rejoins_without_counting_an_overlap_twice() {
    let store = TestStore::with_mexico_workshop();
    store.refuses(
        &[&["import", "participants", &source("zoom-participants-with-summary.csv"), "--event", EVENT][..], &excluding_hosts(&[])].concat(),
        1,
        "zoom-participants-with-summary.csv:13: `+52 33 5550 1234` is no person's name (a telephone dial-in?); --exclude it to leave it out",
    );
    let run = import(
        &store,
        "zoom-participants-with-summary.csv",
        &excluding_hosts(&["--exclude", "+52 33 5550 1234"]),
    )
    .ok();
    assert!(
        run.stderr
            .contains("3 rows left out by --exclude, 1 waiting-room row left out"),
        "{}",
        run.stderr
    );
    assert_eq!(
        people(&store),
        [
            online("Ximena Robledo Tapia", Some("ximena.robledo@example.org")),
            online("María Fernanda Ortiz Luna", Some("mf.ortiz@example.org")),
            online("Rodrigo Salas Méndez", Some("rodrigo.salas@example.com")),
            online("Alex Noriega Paz", Some("alex.noriega@example.org")),
            online("Tomás Ek", None),
        ]
    );
    assert_eq!(
        attendance(&store),
        [
            json!(["Ximena Robledo Tapia", "attended", ["2019-11-27"], 308]),
            // 313 with the three minutes in the waiting room, which are no attendance.
            json!(["María Fernanda Ortiz Luna", "attended", ["2019-11-27"], 310]),
            // Zoom's own durations would add to 353: the second device overlapped.
            json!(["Rodrigo Salas Méndez", "attended", ["2019-11-27"], 308]),
            json!(["Alex Noriega Paz", "attended", ["2019-11-27"], 308]),
            json!(["Tomás Ek", "registered", [], 45]),
        ]
    );
    let manifest: Value = serde_json::from_str(&store.read("gsef.json")).unwrap();
    assert_eq!(
        manifest["version"], 2,
        "minutes and people without a sector are format 2"
    );
}

#[test]
fn zoom_without_the_summary_and_in_its_2024_layout_give_the_same_records() {
    let plain = TestStore::with_mexico_workshop();
    plain.refuses(
        &[&["import", "participants", &source("zoom-participants-plain.csv"), "--event", EVENT][..], &excluding_hosts(&[])].concat(),
        1,
        "zoom-participants-plain.csv:11: `Héctor Ramírez Soto` has the email `oficina.desarrollo@example.org` of line 6 (`Ana Sofía Gutiérrez Lara`)",
    );
    import(
        &plain,
        "zoom-participants-plain.csv",
        &excluding_hosts(&["--shared-email", "separate"]),
    )
    .ok();
    let expected_people = [
        online("Tomás Ek Chablé", Some("tomas.ek@example.org")),
        online("Alex Noriega Paz", Some("alex.noriega@example.org")),
        online(
            "Ana Sofía Gutiérrez Lara",
            Some("oficina.desarrollo@example.org"),
        ),
        online("Ximena Robledo Tapia", Some("ximena.robledo@example.org")),
        online("Rodrigo Salas Méndez", Some("RODRIGO.SALAS@EXAMPLE.COM")),
        online("Lucía Beltrán Ríos", Some("lucia.beltran@example.com")),
        // `Héctor Ramírez Soto (Ana Sofía Gutiérrez Lara)`: someone else on her account.
        online(
            "Héctor Ramírez Soto",
            Some("oficina.desarrollo@example.org"),
        ),
    ];
    let day = ["2019-11-28"];
    let expected_attendance = [
        json!(["Tomás Ek Chablé", "attended", day, 309]),
        json!(["Alex Noriega Paz", "attended", day, 180]),
        json!(["Ana Sofía Gutiérrez Lara", "registered", [], 118]),
        json!(["Ximena Robledo Tapia", "attended", day, 302]),
        json!(["Rodrigo Salas Méndez", "attended", day, 138]),
        json!(["Lucía Beltrán Ríos", "registered", [], 65]),
        json!(["Héctor Ramírez Soto", "attended", day, 182]),
    ];
    assert_eq!(people(&plain), expected_people);
    assert_eq!(attendance(&plain), expected_attendance);

    let redesigned = TestStore::with_mexico_workshop();
    redesigned.refuses(
        &[
            &[
                "import",
                "participants",
                &source("zoom-participants-2024.csv"),
                "--event",
                EVENT,
            ][..],
            &excluding_hosts(&[]),
        ]
        .concat(),
        1,
        "zoom-participants-2024.csv:14: `Héctor Ramírez Soto`",
    );
    import(
        &redesigned,
        "zoom-participants-2024.csv",
        &excluding_hosts(&["--shared-email", "separate"]),
    )
    .ok();
    assert_eq!(people(&redesigned), expected_people);
    assert_eq!(attendance(&redesigned), expected_attendance);

    // The same meeting again, in the other layout, into the same store: nothing changes.
    let before = plain.snapshot();
    let again = import(
        &plain,
        "zoom-participants-2024.csv",
        &excluding_hosts(&["--shared-email", "separate"]),
    )
    .ok();
    assert!(
        again
            .stderr
            .contains("participants: 0 new, 8 matched existing"),
        "{}",
        again.stderr
    );
    assert_eq!(plain.snapshot(), before);
}

#[test]
fn teams_reads_its_utf16_participants_section_once() {
    let store = TestStore::with_mexico_workshop();
    let run = import(
        &store,
        "teams-attendance.csv",
        &[
            "--min-minutes",
            "120",
            "--exclude",
            "monica.herrera@example.org",
            "--exclude",
            "sala.inaes@example.org",
        ],
    )
    .ok();
    assert!(
        run.stderr
            .contains("the sections from line 19 repeat them join by join"),
        "{}",
        run.stderr
    );
    assert_eq!(
        people(&store),
        [
            online("Ximena Robledo Tapia", Some("ximena.robledo@example.org")),
            online("Rodrigo Salas Méndez", Some("rodrigo.salas@example.com")),
            online("Alex Noriega Paz", Some("alex.noriega@example.org")),
            online("Tomás Ek", None),
            online("Lucía Beltrán Ríos", Some("lucia.beltran@example.com")),
        ]
    );
    let day = ["2019-11-27"];
    assert_eq!(
        attendance(&store),
        [
            json!(["Ximena Robledo Tapia", "attended", day, 308]),
            json!(["Rodrigo Salas Méndez", "attended", day, 293]),
            json!(["Alex Noriega Paz", "attended", day, 308]),
            json!(["Tomás Ek", "registered", [], 45]),
            json!(["Lucía Beltrán Ríos", "registered", [], 45]),
        ]
    );
}

#[test]
fn google_meet_needs_the_day_its_times_leave_out() {
    let store = TestStore::with_mexico_workshop();
    let exclude = [
        "--min-minutes",
        "120",
        "--exclude",
        "monica.herrera@example.org",
    ];
    store.refuses(
        &[&["import", "participants", &source("google-meet-attendance.csv"), "--event", EVENT][..], &exclude].concat(),
        1,
        "google-meet-attendance.csv:3: the report's times have no date and the event lasts more than a day: say which day it is with --day",
    );
    import(
        &store,
        "google-meet-attendance.csv",
        &[&exclude[..], &["--day", "Day 1"]].concat(),
    )
    .ok();
    assert_eq!(
        people(&store),
        [
            online("Ximena Robledo Tapia", Some("ximena.robledo@example.org")),
            online("Rodrigo Salas Méndez", Some("rodrigo.salas@example.com")),
            online("Alex Noriega Paz", Some("alex.noriega@example.org")),
            online("Tomás Ek", None),
            online("Lucía Beltrán Ríos", Some("lucia.beltran@example.com")),
            online("María Fernanda Ortiz Luna", Some("mf.ortiz@example.org")),
        ]
    );
    let day = ["2019-11-27"];
    assert_eq!(
        attendance(&store),
        [
            json!(["Ximena Robledo Tapia", "attended", day, 308]),
            json!(["Rodrigo Salas Méndez", "attended", day, 293]),
            json!(["Alex Noriega Paz", "attended", day, 308]),
            json!(["Tomás Ek", "registered", [], 45]),
            json!(["Lucía Beltrán Ríos", "registered", [], 118]),
            // Exactly the threshold: at least 120 minutes is attended.
            json!(["María Fernanda Ortiz Luna", "attended", day, 120]),
        ]
    );
}

/// KoboToolbox's XLSX export has the CSV's columns, in a sheet: the same file as a workbook
/// (numbers as numbers) imports to the same records.
#[test]
fn kobotoolbox_labels_as_xlsx_read_as_the_csv() {
    let csv_store = TestStore::with_mexico_workshop();
    let map = source("sectores.csv");
    import(&csv_store, "kobo-labels.csv", &["--sector-map", &map]).ok();

    let xlsx_store = TestStore::with_mexico_workshop();
    let path = xlsx_store.dir.path().join("kobo-labels.xlsx");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_path(source("kobo-labels.csv"))
        .unwrap();
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Formulario de asistencia").unwrap();
    for (row, record) in reader.records().enumerate() {
        for (column, cell) in record.unwrap().iter().enumerate() {
            let (row, column) = (u32::try_from(row).unwrap(), u16::try_from(column).unwrap());
            match cell.parse::<f64>() {
                Ok(number) if row > 0 => sheet.write_number(row, column, number).map(|_| ()),
                _ => sheet.write_string(row, column, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    workbook.save(&path).unwrap();
    let run = xlsx_store
        .gsef(&[
            "import",
            "participants",
            path.to_str().unwrap(),
            "--event",
            EVENT,
            "--sector-map",
            &map,
        ])
        .ok();
    assert!(run.stderr.contains("participants: 5 new"), "{}", run.stderr);
    assert_eq!(people(&xlsx_store), people(&csv_store));
    assert_eq!(attendance(&xlsx_store), attendance(&csv_store));
    xlsx_store.refuses(
        &[
            "import",
            "participants",
            path.to_str().unwrap(),
            "--sheet",
            "Hoja 2",
        ],
        1,
        "kobo-labels.xlsx",
    );
}
