//! What `participant forget` keeps and removes: the personal fields go, what aggregate counts
//! need (sector, country, region) stays, so every report's totals stay right.

use super::attendance::Attendance;
use super::consent::Consent;
use super::participant::Participant;

/// The name a forgotten participant is shown under.
pub const FORGOTTEN_NAME: &str = "Forgotten participant";

/// Removes the person's personal fields and marks the record forgotten; returns the names of
/// the fields that held something and were removed.
///
/// Gender goes too: with sector, country and region it can single a person out, and a request
/// to be forgotten outweighs a breakdown by gender (which then counts them as not recorded).
/// Fields this gsef does not know are removed, since nobody can say they are not personal.
pub fn forget(participant: &mut Participant) -> Vec<&'static str> {
    let mut removed = Vec::new();
    if participant.name != FORGOTTEN_NAME {
        participant.name = FORGOTTEN_NAME.to_string();
        removed.push("name");
    }
    for (field, value) in [
        ("organization", &mut participant.organization),
        ("email", &mut participant.email),
        ("gender", &mut participant.gender),
    ] {
        if value.take().is_some() {
            removed.push(field);
        }
    }
    // With sector, country and region a year of birth narrows a person down as gender does.
    if participant.birth_year.take().is_some() {
        removed.push("birth year");
    }
    if !participant.extra.is_empty() {
        participant.extra.clear();
        removed.push("other fields");
    }
    // A merge history names the records folded into this one; keep the ids, drop the names.
    let mut names_in_history = false;
    for merged in &mut participant.merged {
        names_in_history |= merged.name.take().is_some();
    }
    if names_in_history {
        removed.push("names in the merge history");
    }
    participant.consent = Some(Consent::None);
    participant.forgotten = true;
    removed
}

/// Removes what an attendance record of a forgotten person may say about them beyond the
/// counts: fields this gsef does not know (a note, a comment from a form), since nobody can
/// say they are not personal. True when anything was removed.
pub fn forget_attendance(record: &mut Attendance) -> bool {
    let had_fields = !record.extra.is_empty();
    record.extra.clear();
    had_fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_counts_need_and_nothing_personal() {
        let mut person: Participant = serde_json::from_value(serde_json::json!({
            "id": "ana", "name": "Ana Ruiz", "organization": "INAES", "sector": "sse/cooperative",
            "country": "MX", "region": "Jalisco", "email": "ana@example.org", "gender": "female",
            "birth_year": 1990, "consent": "list",
        }))
        .unwrap();
        // A field this gsef does not know, as the store's reader keeps it.
        person
            .extra
            .insert_value("phone".into(), &serde_json::json!("+52 55 0000 0000"));
        let removed = forget(&mut person);
        assert_eq!(
            removed,
            [
                "name",
                "organization",
                "email",
                "gender",
                "birth year",
                "other fields"
            ]
        );
        assert_eq!(
            serde_json::to_value(&person).unwrap(),
            serde_json::json!({
                "id": "ana", "name": "Forgotten participant", "sector": "sse/cooperative",
                "country": "MX", "region": "Jalisco", "consent": "none", "forgotten": true,
            })
        );
        assert!(
            forget(&mut person).is_empty(),
            "forgetting twice removes nothing more"
        );
    }
}
