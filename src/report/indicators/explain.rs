//! `--explain PERSON`: what each indicator's rule made of each of one person's records, and
//! where they were counted, if anywhere.

use super::counting::{Context, Counting, Tallied};
use crate::model::AttendanceStatus;
use crate::model::indicator::Unit;
use crate::model::participant::ParticipantFacts;
use crate::report::trained::{Basis, Why};

/// Why one person counted for an indicator, or did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub indicator: String,
    pub participant: String,
    /// Where they were counted (`None` for not counted); for an organisation, the person's
    /// organisation was counted there, through whoever's record came first.
    pub counted: Option<Counted>,
    /// Each of the person's attendance records among the events in scope, in date order, with
    /// what came of it.
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    pub event: String,
    /// `None` when the event's dates place it in no period.
    pub period: Option<String>,
    /// The person's organisation was counted through a colleague's record, not theirs.
    pub through_colleague: bool,
}

/// One attendance record, as an indicator judged it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub event: String,
    pub check: Check,
}

/// What an indicator made of one attendance record.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// The event lies outside the indicator's periods (or outside `--period`).
    OutsidePeriods,
    /// Its status does not count.
    Status(AttendanceStatus),
    /// The completion rule was not met.
    Incomplete {
        basis: Basis,
        days: usize,
        minutes: Option<u32>,
    },
    /// Mastery is asked for and there is no post-test score for the person at the event.
    NoPostTest,
    /// The post-test share fell below mastery.
    BelowMastery { share: f64, mastery: f64 },
    /// Hours are asked for and the record gives none (no minutes).
    HoursUnrecorded,
    /// Hours so far in the window fall short of the minimum.
    HoursShort { so_far: f64, needed: f64 },
    /// An organisation is counted, and the person has none recorded.
    NoOrganization,
    /// Counted here, in this period.
    Counted,
    /// Everything held, but the unit was counted already in this window.
    AlreadyCounted,
    /// Everything held at an event whose completion could only go by status (no days or
    /// minutes recorded to apply the rule to); the reason is the one `report trained` gives.
    CountedByStatus(Why),
}

impl Counting<'_> {
    pub(super) fn explain<P: ParticipantFacts>(
        &self,
        context: &Context<'_, '_, P>,
        tallied: &Tallied,
        person: u32,
        participant: &str,
    ) -> Explanation {
        // An organisation is explained through the person's own records.
        let mut steps = Vec::new();
        let mut counted = None;
        // The person's records in date order.
        let mut own: Vec<usize> = (0..context.records.len())
            .filter(|&position| context.records[position].person == person)
            .collect();
        own.sort_by_key(|&position| {
            (
                context.rank[context.records[position].event as usize],
                position,
            )
        });
        for position in own {
            let kept = context.records[position];
            let Some(check) = tallied.checks.get(&position).cloned() else {
                continue;
            };
            let event = &context.event(kept.event).id;
            if matches!(check, Check::Counted | Check::CountedByStatus(_)) {
                let row = tallied
                    .attributions
                    .iter()
                    .find(|attribution| attribution.kept == position)
                    .and_then(|attribution| attribution.row);
                counted = Some(Counted {
                    event: event.clone(),
                    period: row.map(|period| period.to_string()),
                    through_colleague: false,
                });
            }
            steps.push(Step {
                event: event.clone(),
                check,
            });
        }
        if counted.is_none() && self.indicator.unit == Unit::Organisation {
            // Counted through a colleague's record: say where the organisation was counted.
            let unit = context
                .records
                .iter()
                .position(|kept| kept.person == person)
                .and_then(|position| tallied.units[position]);
            if let Some(unit) = unit
                && let Some(attribution) = tallied
                    .attributions
                    .iter()
                    .find(|attribution| tallied.units[attribution.kept] == Some(unit))
            {
                let kept = context.records[attribution.kept];
                counted = Some(Counted {
                    event: context.event(kept.event).id.clone(),
                    period: attribution.row.map(|period| period.to_string()),
                    through_colleague: true,
                });
            }
        }
        Explanation {
            indicator: self.indicator.id.clone(),
            participant: participant.to_string(),
            counted,
            steps,
        }
    }
}
