//! When two participant rows are the same person — the same normalised email, or, without an
//! email, the same normalised name and organization — and how two records of one person fold
//! into one.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::normalize::fold;
use crate::model::participant::MergedRecord;
use crate::model::{Attendance, AttendanceStatus, Participant};

/// The keys that identify a person for deduplication.
fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

fn name_key(name: &str, organization: Option<&str>) -> String {
    format!(
        "{}|{}",
        fold(name),
        organization.map(fold).unwrap_or_default()
    )
}

/// Participants known so far, findable by email and by name + organization; `T` is how the
/// caller refers to one (an id for the store, a position for rows not yet given an id).
#[derive(Debug)]
pub struct Identities<T> {
    by_email: HashMap<String, T>,
    by_name: HashMap<String, T>,
}

impl<T> Default for Identities<T> {
    fn default() -> Self {
        Identities {
            by_email: HashMap::new(),
            by_name: HashMap::new(),
        }
    }
}

impl<T: Clone> Identities<T> {
    /// Remembers `who` under the participant's keys; the first participant with a key keeps it.
    pub fn remember(
        &mut self,
        who: T,
        name: &str,
        organization: Option<&str>,
        email: Option<&str>,
    ) {
        if let Some(email) = email {
            self.by_email
                .entry(email_key(email))
                .or_insert_with(|| who.clone());
        }
        self.by_name
            .entry(name_key(name, organization))
            .or_insert(who);
    }

    /// The id of the known person this row describes: by email when it has one, otherwise by
    /// name and organization (a different email says it is someone else of the same name).
    pub fn find(&self, name: &str, organization: Option<&str>, email: Option<&str>) -> Option<&T> {
        match email {
            Some(email) => self.by_email.get(&email_key(email)),
            None => self.by_name.get(&name_key(name, organization)),
        }
    }
}

/// Two participants that are likely one person, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicatePair {
    pub first: String,
    pub first_name: String,
    pub second: String,
    pub second_name: String,
    pub reason: String,
}

/// Every pair sharing an email (ignoring case) or a name (ignoring case and accents), in store
/// order, with every reason they look alike: a pair sharing both is listed once with both, and
/// a shared organization (ignoring case and accents) is added as a further reason. An
/// organization alone pairs nobody: colleagues are not duplicates. Forgotten participants have
/// no personal fields left to compare and are never paired.
pub fn likely_duplicates(participants: &[Participant]) -> Vec<DuplicatePair> {
    let mut reasons: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    let mut add_groups = |groups: HashMap<String, Vec<usize>>, what: &str| {
        for (key, members) in groups {
            for (position, &first) in members.iter().enumerate() {
                for &second in &members[position + 1..] {
                    reasons
                        .entry((first, second))
                        .or_default()
                        .push(format!("same {what} `{key}`"));
                }
            }
        }
    };
    let mut by_email: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, participant) in participants.iter().enumerate() {
        if participant.forgotten {
            continue;
        }
        if let Some(email) = &participant.email {
            by_email.entry(email_key(email)).or_default().push(index);
        }
        by_name
            .entry(fold(&participant.name))
            .or_default()
            .push(index);
    }
    add_groups(by_email, "email");
    add_groups(by_name, "name");
    for (&(first, second), why) in &mut reasons {
        let organization = |index: usize| participants[index].organization.as_deref().map(fold);
        if let (Some(first), Some(second)) = (organization(first), organization(second))
            && first == second
        {
            why.push(format!("same organization `{first}`"));
        }
    }
    reasons
        .into_iter()
        .map(|((first, second), mut why)| {
            why.sort();
            DuplicatePair {
                first: participants[first].id.clone(),
                first_name: participants[first].name.clone(),
                second: participants[second].id.clone(),
                second_name: participants[second].name.clone(),
                reason: why.join("; "),
            }
        })
        .collect()
}

/// The note a merge leaves on the kept record: which record it folded, when, and what it took.
pub fn merge_note(dropped: &Participant, outcome: &MergeOutcome, at: String) -> MergedRecord {
    MergedRecord {
        id: dropped.id.clone(),
        name: (!dropped.forgotten).then(|| dropped.name.clone()),
        at,
        took: outcome.filled.iter().map(ToString::to_string).collect(),
        moved: outcome.moved,
        folded_events: outcome.folded_events.clone(),
    }
}

/// What folding one participant into another changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MergeOutcome {
    /// Attendance records that now name the kept participant.
    pub moved: usize,
    /// Events where both had a record, now folded into the kept one.
    pub folded_events: Vec<String>,
    /// Fields the kept participant lacked and took from the other.
    pub filled: Vec<&'static str>,
}

/// How much a status says the person took part: two records of one person at one event keep
/// the one that says more (they came under one of their names, so `attended` wins).
fn participation(status: AttendanceStatus) -> u8 {
    match status {
        AttendanceStatus::Attended => 3,
        AttendanceStatus::NoShow => 2,
        AttendanceStatus::Registered => 1,
        AttendanceStatus::Cancelled => 0,
    }
}

/// Folds `drop` into `keep`: `keep`'s values win, its empty fields take `drop`'s, and `drop`'s
/// attendance moves to `keep`, merged with `keep`'s own at the same event. The caller removes
/// `drop` from the participants afterwards.
pub fn merge_participants(
    keep: &mut Participant,
    drop: &Participant,
    attendance: &mut Vec<Attendance>,
) -> MergeOutcome {
    let mut outcome = MergeOutcome::default();
    for (name, kept, other) in [
        ("organization", &mut keep.organization, &drop.organization),
        ("country", &mut keep.country, &drop.country),
        ("region", &mut keep.region, &drop.region),
        ("email", &mut keep.email, &drop.email),
        ("gender", &mut keep.gender, &drop.gender),
    ] {
        if kept.is_none() && other.is_some() {
            kept.clone_from(other);
            outcome.filled.push(name);
        }
    }
    for (key, value) in &drop.extra {
        keep.extra
            .entry(key.clone())
            .or_insert_with(|| value.clone());
    }

    let kept_at_event: HashMap<String, usize> = attendance
        .iter()
        .enumerate()
        .filter(|(_, record)| record.participant == keep.id)
        .map(|(index, record)| (record.event.clone(), index))
        .collect();
    let mut folded = vec![false; attendance.len()];
    for index in 0..attendance.len() {
        if attendance[index].participant != drop.id {
            continue;
        }
        match kept_at_event.get(&attendance[index].event) {
            None => {
                attendance[index].participant = keep.id.clone();
                outcome.moved += 1;
            }
            Some(&kept_index) => {
                let other = attendance[index].clone();
                let record = &mut attendance[kept_index];
                if participation(other.status) > participation(record.status) {
                    record.status = other.status;
                }
                record.role = record.role.or(other.role);
                record.days.extend(other.days);
                record.days.sort();
                record.days.dedup();
                for (key, value) in other.extra {
                    record.extra.entry(key).or_insert(value);
                }
                folded[index] = true;
                outcome.folded_events.push(other.event);
            }
        }
    }
    let mut index = 0;
    attendance.retain(|_| {
        index += 1;
        !folded[index - 1]
    });
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: &str, email: Option<&str>) -> Participant {
        Participant {
            id: id.to_string(),
            name: name.to_string(),
            organization: None,
            sector: "other".to_string(),
            country: None,
            region: None,
            email: email.map(ToString::to_string),
            gender: None,
            illustrative: false,
            consent: None,
            forgotten: false,
            merged: Vec::new(),
            extra: serde_json::Map::new(),
        }
    }

    #[test]
    fn finds_by_email_or_else_by_name_and_organization() {
        let mut known = Identities::default();
        known.remember(
            "p1".to_string(),
            "María López",
            Some("INAES"),
            Some("Maria@Inaes.gob.mx"),
        );
        assert_eq!(
            known.find("M. López", None, Some(" maria@inaes.gob.mx")),
            Some(&"p1".to_string())
        );
        assert_eq!(
            known.find("MARIA LOPEZ", Some("inaes"), None),
            Some(&"p1".to_string())
        );
        assert_eq!(
            known.find("María López", Some("INAES"), Some("other@x.org")),
            None
        );
        assert_eq!(known.find("María López", None, None), None);
    }

    #[test]
    fn pairs_people_by_email_and_by_folded_name() {
        let people = vec![
            person("a", "José Pérez", Some("jose@x.org")),
            person("b", "JOSE PEREZ", Some("JOSE@x.org")),
            person("c", "Ana", Some("jose@x.org")),
            person("d", "Luc", None),
        ];
        let pairs = likely_duplicates(&people);
        let summary: Vec<(&str, &str, &str)> = pairs
            .iter()
            .map(|pair| {
                (
                    pair.first.as_str(),
                    pair.second.as_str(),
                    pair.reason.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("a", "b", "same email `jose@x.org`; same name `jose perez`"),
                ("a", "c", "same email `jose@x.org`"),
                ("b", "c", "same email `jose@x.org`"),
            ]
        );
    }

    #[test]
    fn a_shared_organization_is_a_further_reason_never_a_pair_alone() {
        let mut people = vec![
            person("a", "Ana Ruiz", None),
            person("b", "ANA RUÍZ", None),
            person("c", "Luc", None),
            person("d", "Ana Ruiz", None),
        ];
        people[0].organization = Some("INAES".to_string());
        people[1].organization = Some("inaès".to_string());
        people[2].organization = Some("INAES".to_string());
        people[3].forgotten = true;
        let reasons: Vec<(String, String, String)> = likely_duplicates(&people)
            .into_iter()
            .map(|pair| (pair.first, pair.second, pair.reason))
            .collect();
        assert_eq!(
            reasons,
            vec![(
                "a".to_string(),
                "b".to_string(),
                "same name `ana ruiz`; same organization `inaes`".to_string()
            )]
        );
    }

    fn at(event: &str, participant: &str, status: AttendanceStatus, days: &[&str]) -> Attendance {
        Attendance {
            event: event.to_string(),
            participant: participant.to_string(),
            status,
            role: None,
            days: days.iter().map(|day| day.parse().unwrap()).collect(),
            extra: serde_json::Map::new(),
        }
    }

    #[test]
    fn merging_moves_attendance_and_folds_a_clash() {
        let mut keep = person("keep", "Ana Ruiz", None);
        let mut drop = person("drop", "ANA RUIZ", Some("ana@x.org"));
        drop.country = Some("MX".to_string());
        let mut attendance = vec![
            at(
                "mexico",
                "keep",
                AttendanceStatus::Registered,
                &["2019-11-27"],
            ),
            at(
                "mexico",
                "drop",
                AttendanceStatus::Attended,
                &["2019-11-28"],
            ),
            at("dakar", "drop", AttendanceStatus::NoShow, &[]),
            at("dakar", "other", AttendanceStatus::Attended, &[]),
        ];
        let outcome = merge_participants(&mut keep, &drop, &mut attendance);
        assert_eq!(
            outcome,
            MergeOutcome {
                moved: 1,
                folded_events: vec!["mexico".to_string()],
                filled: vec!["country", "email"],
            }
        );
        assert_eq!(keep.email.as_deref(), Some("ana@x.org"));
        assert_eq!(
            attendance,
            vec![
                at(
                    "mexico",
                    "keep",
                    AttendanceStatus::Attended,
                    &["2019-11-27", "2019-11-28"]
                ),
                at("dakar", "keep", AttendanceStatus::NoShow, &[]),
                at("dakar", "other", AttendanceStatus::Attended, &[]),
            ]
        );
    }
}
