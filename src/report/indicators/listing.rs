//! `--list`: the units each indicator counted, for staff to check the count against the people
//! they know came. A person is named only when their record allows it (consent `list`, or an
//! illustrative record); the others are counted, not named.

use rustc_hash::FxHashMap;

use super::counting::{Context, Counting, Tallied};
use crate::model::indicator::Unit;
use crate::model::participant::ParticipantFacts;
use crate::model::text::grouping_key;

/// What one indicator counted, unit by unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub indicator: String,
    /// Each unit named, in the order of the rows it was counted in, then by id.
    pub listed: Vec<Listed>,
    /// The people counted whose records do not allow them to be named.
    pub not_listed: u64,
}

/// One unit counted: a person (by id, with their name), an organisation, an attendance record
/// (its person's, with the event) or an event, and the period it was counted in.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    /// `None` for a unit counted at an event no period places.
    pub period: Option<String>,
    pub id: String,
    /// A person's name; an organisation's or event's is its id.
    pub name: Option<String>,
    /// For an attendance record, the event it is at.
    pub event: Option<String>,
}

impl Counting<'_> {
    /// The units counted and reported, named where that is allowed: `names` gives the name of
    /// each person who may be listed, by id.
    pub(super) fn listing<P: ParticipantFacts>(
        &self,
        context: &Context<'_, '_, P>,
        tallied: &Tallied,
        names: &FxHashMap<String, String>,
    ) -> Listing {
        let mut listed = Vec::new();
        let mut not_listed = 0;
        for attribution in tallied.attributions.iter().filter(|a| a.reported) {
            let kept = context.records[attribution.kept];
            let period = attribution.row.map(|period| period.to_string());
            let person = context.person(kept.person);
            let event = &context.event(kept.event).id;
            let named = |id: &str| names.get(id).cloned();
            let entry = match self.indicator.unit {
                Unit::Person | Unit::Attendance => match named(person.id()) {
                    None => {
                        not_listed += 1;
                        continue;
                    }
                    Some(name) => Listed {
                        period,
                        id: person.id().to_string(),
                        name: Some(name),
                        event: (self.indicator.unit == Unit::Attendance).then(|| event.clone()),
                    },
                },
                // An organisation or an event names no person.
                Unit::Organisation => Listed {
                    period,
                    id: person
                        .organization()
                        .map(|name| grouping_key(name).into_owned())
                        .unwrap_or_default(),
                    name: None,
                    event: None,
                },
                Unit::Event => Listed {
                    period,
                    id: event.clone(),
                    name: None,
                    event: None,
                },
            };
            listed.push(entry);
        }
        listed.sort_by(|a, b| {
            (a.period.is_none(), &a.period, &a.id).cmp(&(b.period.is_none(), &b.period, &b.id))
        });
        Listing {
            indicator: self.indicator.id.clone(),
            listed,
            not_listed,
        }
    }
}
