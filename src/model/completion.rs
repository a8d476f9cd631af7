//! What counts as completing an event, for funders who count only people who completed a course.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::record::FieldProblem;

/// A completion rule, stated on an event or on its series (the event's wins).
///
/// Serialised as a one-key object, `{"min_days": 2}`, `{"min_share": 0.5}` or
/// `{"min_minutes": 90}`, so a person can write it by hand and read it back.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Completion {
    /// Present on at least this many of the event's days.
    MinDays(u32),
    /// Present on at least this share (above 0, at most 1) of the event's days, rounded up.
    MinShare(f64),
    /// Connected for at least this many minutes, for an online event whose attendance records
    /// minutes (a video call's report). New in format 2.
    MinMinutes(u32),
}

impl Completion {
    /// Why the rule cannot be applied, or `None` when it is sound.
    pub fn problem(&self) -> Option<FieldProblem> {
        match *self {
            Completion::MinDays(0) => Some(FieldProblem::new(
                "completion",
                self.to_string(),
                "min_days must be 1 or more",
            )),
            Completion::MinMinutes(0) => Some(FieldProblem::new(
                "completion",
                self.to_string(),
                "min_minutes must be 1 or more",
            )),
            Completion::MinShare(share) if !(share > 0.0 && share <= 1.0) => {
                Some(FieldProblem::new(
                    "completion",
                    self.to_string(),
                    "min_share must be above 0 and at most 1, such as 0.5",
                ))
            }
            _ => None,
        }
    }

    /// The days a person must be present at an event lasting `event_days`; `None` when the rule
    /// is a share and the event's length is not known, or counts minutes rather than days.
    pub fn required_days(&self, event_days: Option<u32>) -> Option<u32> {
        match *self {
            Completion::MinDays(days) => Some(days),
            Completion::MinMinutes(_) => None,
            Completion::MinShare(share) => event_days.map(|days| {
                // A share of a whole number of days, rounded up: half of 3 days is 2 days. The
                // small allowance keeps 0.5 × 4 at 2 despite floating-point error.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let required = (share * f64::from(days) - 1e-9).ceil().max(1.0) as u32;
                required
            }),
        }
    }
}

impl Completion {
    /// The lowest store format version that can hold the rule (see `Record::format_version`).
    pub fn format_version(&self) -> u32 {
        match self {
            Completion::MinMinutes(_) => 2,
            Completion::MinDays(_) | Completion::MinShare(_) => 1,
        }
    }
}

impl fmt::Display for Completion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Completion::MinDays(days) => write!(f, "min_days {days}"),
            Completion::MinShare(share) => write!(f, "min_share {share}"),
            Completion::MinMinutes(minutes) => write!(f, "min_minutes {minutes}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_a_one_key_object() {
        let days: Completion = serde_json::from_str(r#"{"min_days": 2}"#).unwrap();
        assert_eq!(days, Completion::MinDays(2));
        assert_eq!(serde_json::to_string(&days).unwrap(), r#"{"min_days":2}"#);
        let share: Completion = serde_json::from_str(r#"{"min_share": 0.5}"#).unwrap();
        assert_eq!(share, Completion::MinShare(0.5));
        let minutes: Completion = serde_json::from_str(r#"{"min_minutes": 90}"#).unwrap();
        assert_eq!(minutes, Completion::MinMinutes(90));
        assert_eq!(
            serde_json::to_string(&minutes).unwrap(),
            r#"{"min_minutes":90}"#
        );
        assert!(serde_json::from_str::<Completion>(r#"{"min_hours": 2}"#).is_err());
    }

    #[test]
    fn a_share_rounds_up_to_whole_days() {
        let half = Completion::MinShare(0.5);
        assert_eq!(half.required_days(Some(3)), Some(2));
        assert_eq!(half.required_days(Some(4)), Some(2));
        assert_eq!(half.required_days(Some(1)), Some(1));
        assert_eq!(half.required_days(None), None);
        assert_eq!(Completion::MinDays(2).required_days(None), Some(2));
    }

    #[test]
    fn refuses_rules_nobody_can_meet_or_everyone_meets() {
        assert!(Completion::MinDays(0).problem().is_some());
        assert!(Completion::MinMinutes(0).problem().is_some());
        assert!(Completion::MinShare(0.0).problem().is_some());
        assert!(Completion::MinShare(1.5).problem().is_some());
        assert!(Completion::MinShare(f64::NAN).problem().is_some());
        assert!(Completion::MinShare(1.0).problem().is_none());
    }
}
