//! How two records of one person fold into one (`participant merge`): the kept record's
//! values win, its empty fields take the other's, and the other's attendance moves over,
//! folded with the kept record's own where both were at one event.

use std::collections::HashMap;

use super::participant::MergedRecord;
use super::{Attendance, Participant};

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
    if keep.birth_year.is_none() && drop.birth_year.is_some() {
        keep.birth_year = drop.birth_year;
        outcome.filled.push("birth_year");
    }
    keep.extra.fill_from(&drop.extra);

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
                // They came under one of their names, so the status saying more wins.
                if other.status.participation() > record.status.participation() {
                    record.status = other.status;
                }
                record.role = record.role.or(other.role);
                record.days.extend(other.days);
                record.days.sort();
                record.days.dedup();
                // Two connections of one person may have overlapped: the longer, never the sum.
                record.minutes = record.minutes.max(other.minutes);
                record.extra.fill_from(&other.extra);
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
    use crate::model::AttendanceStatus;

    fn person(id: &str, name: &str, email: Option<&str>) -> Participant {
        Participant {
            id: id.to_string(),
            name: name.to_string(),
            organization: None,
            sector: Some("other".to_string()),
            country: None,
            region: None,
            email: email.map(ToString::to_string),
            gender: None,
            birth_year: None,
            illustrative: false,
            consent: None,
            forgotten: false,
            merged: Vec::new(),
            extra: Default::default(),
        }
    }

    fn at(event: &str, participant: &str, status: AttendanceStatus, days: &[&str]) -> Attendance {
        Attendance {
            event: event.to_string(),
            participant: participant.to_string(),
            status,
            role: None,
            days: days.iter().map(|day| day.parse().unwrap()).collect(),
            minutes: None,
            extra: Default::default(),
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
