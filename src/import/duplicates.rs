//! Which people already in the store look like one person (`participant duplicates`): a
//! shared email or a shared name, for someone to look at and merge, never merged here.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::identity::email_key;
use super::normalize::fold;
use crate::model::Participant;

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
///
/// A person for whom `withheld` gives a text (one who did not consent to be named) is shown by
/// id with that text for a name, and a pair with such a person says what is shared but not
/// the shared value, which would give their name or email away.
pub fn likely_duplicates(
    participants: &[Participant],
    mut withheld: impl FnMut(&Participant) -> Option<String>,
) -> Vec<DuplicatePair> {
    // What a pair shares: `email`, `name` or `organization`, and the shared (folded) value.
    let mut reasons: BTreeMap<(usize, usize), Vec<(&str, String)>> = BTreeMap::new();
    let mut add_groups = |groups: HashMap<String, Vec<usize>>, what: &'static str| {
        for (key, members) in groups {
            for (position, &first) in members.iter().enumerate() {
                for &second in &members[position + 1..] {
                    reasons
                        .entry((first, second))
                        .or_default()
                        .push((what, key.clone()));
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
            why.push(("organization", first));
        }
    }
    reasons
        .into_iter()
        .map(|((first, second), mut why)| {
            why.sort();
            let first = &participants[first];
            let second = &participants[second];
            let (first_withheld, second_withheld) = (withheld(first), withheld(second));
            let anyone_withheld = first_withheld.is_some() || second_withheld.is_some();
            let reason = why
                .iter()
                .map(|(what, value)| {
                    if anyone_withheld {
                        format!("same {what}")
                    } else {
                        format!("same {what} `{value}`")
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
            DuplicatePair {
                first: first.id.clone(),
                first_name: first_withheld.unwrap_or_else(|| first.name.clone()),
                second: second.id.clone(),
                second_name: second_withheld.unwrap_or_else(|| second.name.clone()),
                reason,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn pairs_people_by_email_and_by_folded_name() {
        let people = vec![
            person("a", "José Pérez", Some("jose@x.org")),
            person("b", "JOSE PEREZ", Some("JOSE@x.org")),
            person("c", "Ana", Some("jose@x.org")),
            person("d", "Luc", None),
        ];
        let pairs = likely_duplicates(&people, |_| None);
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
        let reasons: Vec<(String, String, String)> = likely_duplicates(&people, |_| None)
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

    #[test]
    fn a_withheld_person_is_shown_by_id_and_no_shared_value_names_them() {
        let mut people = vec![
            person("a", "Ana Ruiz", Some("ana@x.org")),
            person("b", "ANA RUIZ", Some("ana@x.org")),
            person("c", "Ana Ruíz", None),
        ];
        people[0].organization = Some("INAES".to_string());
        people[1].organization = Some("INAES".to_string());
        let withheld = |person: &Participant| (person.id == "b").then(|| "(withheld)".to_string());
        let pairs: Vec<(String, String, String, String, String)> =
            likely_duplicates(&people, withheld)
                .into_iter()
                .map(|pair| {
                    (
                        pair.first,
                        pair.first_name,
                        pair.second,
                        pair.second_name,
                        pair.reason,
                    )
                })
                .collect();
        let text = |value: &str| value.to_string();
        assert_eq!(
            pairs,
            vec![
                (
                    text("a"),
                    text("Ana Ruiz"),
                    text("b"),
                    text("(withheld)"),
                    text("same email; same name; same organization")
                ),
                (
                    text("a"),
                    text("Ana Ruiz"),
                    text("c"),
                    text("Ana Ruíz"),
                    text("same name `ana ruiz`")
                ),
                (
                    text("b"),
                    text("(withheld)"),
                    text("c"),
                    text("Ana Ruíz"),
                    text("same name")
                ),
            ]
        );
    }
}
