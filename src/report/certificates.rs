//! Who may be given a certificate of an event, and what it can say they did: attended (status
//! `attended`), or completed by the event's completion rule, decided as `report trained`
//! decides it (`trained::completion_at`), so a certificate never says more than the report.
//!
//! A certificate of completion needs a rule that can be applied: an event without one (nor its
//! series), or whose attendance records lack the days or minutes its rule counts, cannot
//! certify completion, only attendance.

use std::fmt;

use super::trained::{Basis, Why, completion_at};
use crate::error::{Error, Result};
use crate::model::{
    Attendance, AttendanceStatus, Certificate, CertificateBasis, Event, PartialDate, Participant,
    Series,
};

/// What completing the event takes, for a certificate of completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionRule {
    /// Present on at least `required` days of the event's `length` (when its dates give it).
    Days { required: u32, length: Option<u32> },
    /// Connected for at least this many minutes.
    Minutes(u32),
}

/// What a certificate states the person did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Achievement {
    Attended,
    /// Completed, present on `present` days of the rule's.
    Days {
        present: u32,
        required: u32,
        length: Option<u32>,
    },
    /// Completed, connected for `minutes`.
    Minutes {
        minutes: u32,
        required: u32,
    },
}

/// Why a person cannot be given the certificate asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No attendance record at the event: not registered for it.
    NotRecorded,
    /// Recorded, but not as attended.
    Status(AttendanceStatus),
    TooFewDays {
        present: u32,
        required: u32,
    },
    TooFewMinutes {
        minutes: Option<u32>,
        required: u32,
    },
    /// Their personal fields were removed: there is no name to certify.
    Forgotten,
    /// Their certificate of this event and basis was revoked; a new one is not issued over it.
    Revoked {
        code: String,
        on: Option<PartialDate>,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotRecorded => write!(f, "has no attendance record at the event"),
            Refusal::Status(status) => {
                write!(f, "is recorded as {}, not attended", status.as_str())
            }
            Refusal::TooFewDays { present, required } => write!(
                f,
                "was present on {present} of the {required} days completing it takes"
            ),
            Refusal::TooFewMinutes {
                minutes: Some(minutes),
                required,
            } => write!(
                f,
                "took part for {minutes} minutes, and completing it takes {required}"
            ),
            Refusal::TooFewMinutes {
                minutes: None,
                required,
            } => write!(
                f,
                "has no minutes recorded, and completing it takes {required}"
            ),
            Refusal::Forgotten => write!(f, "was forgotten (personal fields removed)"),
            Refusal::Revoked { code, on } => {
                write!(f, "holds certificate {code}, which was revoked")?;
                match on {
                    Some(day) => write!(f, " on {day}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// The rule a certificate of completion of `event` is measured by, or why there is none:
/// `attendance` is the event's attendance (what it recorded decides whether a rule applies).
pub fn completion_rule(
    event: &Event,
    series: &[Series],
    attendance: &[&Attendance],
) -> Result<CompletionRule> {
    let (rule, basis, why) = completion_at(event, series, attendance);
    let refuse = |reason: String| {
        Err(Error::Invalid(format!(
            "event `{}` cannot certify completion: {reason}; certify attendance instead (--attended)",
            event.id
        )))
    };
    let stated = rule.map_or_else(String::new, |(rule, _)| rule.to_string());
    match (basis, why) {
        (Basis::Days(required), Why::Days { length, .. }) => {
            Ok(CompletionRule::Days { required, length })
        }
        (Basis::Minutes(required), _) => Ok(CompletionRule::Minutes(required)),
        (_, Why::NoRule) => refuse(format!(
            "neither it nor its series states a completion rule (set one with `gsef event edit {} --completion-min-days N`)",
            event.id
        )),
        (_, Why::MinutesUnrecorded) => refuse(format!(
            "its rule ({stated}) counts minutes, and no attendance record of it gives minutes"
        )),
        (_, Why::DaysUnlisted) => refuse(format!(
            "its rule ({stated}) counts days, and no attendance record of it lists days"
        )),
        (_, _) => refuse(format!(
            "its rule ({stated}) is a share of its days, and its dates do not give its length"
        )),
    }
}

/// What `participant` can be certified for at `event` on `basis` (`rule` given for
/// completion), or why not. `register` is every certificate issued.
pub fn assess(
    participant: &Participant,
    record: Option<&Attendance>,
    basis: CertificateBasis,
    rule: Option<CompletionRule>,
    register: &[Certificate],
) -> std::result::Result<Achievement, Refusal> {
    let record = record.ok_or(Refusal::NotRecorded)?;
    if let Some(revoked) = register.iter().find(|certificate| {
        certificate.event == record.event
            && certificate.participant == participant.id
            && certificate.basis == basis
            && certificate.revoked.is_some()
    }) {
        return Err(Refusal::Revoked {
            code: revoked.code.clone(),
            on: revoked.revoked,
        });
    }
    if participant.forgotten {
        return Err(Refusal::Forgotten);
    }
    if record.status != AttendanceStatus::Attended {
        return Err(Refusal::Status(record.status));
    }
    let present = u32::try_from(record.days.len()).unwrap_or(u32::MAX);
    match (basis, rule) {
        (CertificateBasis::Attended, _) | (CertificateBasis::Completed, None) => {
            Ok(Achievement::Attended)
        }
        (CertificateBasis::Completed, Some(CompletionRule::Days { required, length })) => {
            if present >= required {
                Ok(Achievement::Days {
                    present,
                    required,
                    length,
                })
            } else {
                Err(Refusal::TooFewDays { present, required })
            }
        }
        (CertificateBasis::Completed, Some(CompletionRule::Minutes(required))) => {
            match record.minutes {
                Some(minutes) if minutes >= required => {
                    Ok(Achievement::Minutes { minutes, required })
                }
                minutes => Err(Refusal::TooFewMinutes { minutes, required }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(json: serde_json::Value) -> Event {
        serde_json::from_value(json).unwrap()
    }

    fn attendance(json: serde_json::Value) -> Attendance {
        serde_json::from_value(json).unwrap()
    }

    fn person(id: &str) -> Participant {
        serde_json::from_value(serde_json::json!({"id": id, "name": "Ana Ruiz", "sector": "other"}))
            .unwrap()
    }

    const TWO_DAYS: &str = "2019-11-27";

    #[test]
    fn completion_is_measured_by_the_rule_report_trained_applies() {
        let workshop = event(
            serde_json::json!({"id": "w", "title": "W", "start": TWO_DAYS,
            "end": "2019-11-28", "completion": {"min_days": 2}}),
        );
        let both = attendance(serde_json::json!({"event": "w", "participant": "ana",
            "status": "attended", "days": ["2019-11-27", "2019-11-28"]}));
        let one = attendance(serde_json::json!({"event": "w", "participant": "ben",
            "status": "attended", "days": ["2019-11-27"]}));
        let rule = completion_rule(&workshop, &[], &[&both, &one]).unwrap();
        assert_eq!(
            rule,
            CompletionRule::Days {
                required: 2,
                length: Some(2)
            }
        );
        let completed = CertificateBasis::Completed;
        assert_eq!(
            assess(&person("ana"), Some(&both), completed, Some(rule), &[]),
            Ok(Achievement::Days {
                present: 2,
                required: 2,
                length: Some(2)
            })
        );
        let refused = assess(&person("ben"), Some(&one), completed, Some(rule), &[]).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "was present on 1 of the 2 days completing it takes"
        );
        assert_eq!(
            assess(
                &person("ben"),
                Some(&one),
                CertificateBasis::Attended,
                None,
                &[]
            ),
            Ok(Achievement::Attended)
        );
    }

    #[test]
    fn an_online_event_is_completed_by_its_minutes() {
        let call = event(
            serde_json::json!({"id": "w", "title": "W", "start": TWO_DAYS,
            "completion": {"min_minutes": 90}}),
        );
        let long = attendance(serde_json::json!({"event": "w", "participant": "ana",
            "status": "attended", "minutes": 95}));
        let short = attendance(serde_json::json!({"event": "w", "participant": "ana",
            "status": "attended", "minutes": 30}));
        let rule = completion_rule(&call, &[], &[&long, &short]).unwrap();
        assert_eq!(rule, CompletionRule::Minutes(90));
        let completed = CertificateBasis::Completed;
        assert_eq!(
            assess(&person("ana"), Some(&long), completed, Some(rule), &[]),
            Ok(Achievement::Minutes {
                minutes: 95,
                required: 90
            })
        );
        assert_eq!(
            assess(&person("ana"), Some(&short), completed, Some(rule), &[])
                .unwrap_err()
                .to_string(),
            "took part for 30 minutes, and completing it takes 90"
        );
    }

    #[test]
    fn an_event_without_a_rule_that_applies_cannot_certify_completion() {
        let no_rule = event(serde_json::json!({"id": "w", "title": "W", "start": TWO_DAYS}));
        let message = completion_rule(&no_rule, &[], &[]).unwrap_err().to_string();
        assert!(message.contains("states a completion rule"), "{message}");
        let unlisted = event(
            serde_json::json!({"id": "w", "title": "W", "start": TWO_DAYS,
            "completion": {"min_days": 1}}),
        );
        let record = attendance(
            serde_json::json!({"event": "w", "participant": "ana", "status": "attended"}),
        );
        let message = completion_rule(&unlisted, &[], &[&record])
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("no attendance record of it lists days"),
            "{message}"
        );
    }

    #[test]
    fn refuses_who_did_not_attend_and_who_was_forgotten() {
        let registered = attendance(
            serde_json::json!({"event": "w", "participant": "ana", "status": "registered"}),
        );
        let attended = CertificateBasis::Attended;
        assert_eq!(
            assess(&person("ana"), None, attended, None, &[]),
            Err(Refusal::NotRecorded)
        );
        assert_eq!(
            assess(&person("ana"), Some(&registered), attended, None, &[]),
            Err(Refusal::Status(AttendanceStatus::Registered))
        );
        let mut forgotten = person("ana");
        forgotten.forgotten = true;
        let came = attendance(
            serde_json::json!({"event": "w", "participant": "ana", "status": "attended"}),
        );
        assert_eq!(
            assess(&forgotten, Some(&came), attended, None, &[]),
            Err(Refusal::Forgotten)
        );
    }
}
