//! What a file's rows say of each person's attendance, weighed into one update per person.
//!
//! The rules, in the order they apply (docs/import.md says the same for users):
//!
//! 1. `--status` says it for everyone.
//! 2. A video call's report: the minutes connected decide, at least `--min-minutes` (or the
//!    event's rule `min_minutes`) is `attended` on the days of the call, fewer is
//!    `registered` with the minutes; without a threshold, everyone connected attended.
//! 3. Marked present on a day: `attended`, those days.
//! 4. A status column: what it says (`Checked In` attended, `Attending` registered, …).
//! 5. Day columns with no day marked: `registered`. Present on no day is not attendance;
//!    the person is still on the list, as someone who signed up.
//! 6. Nothing said (a plain list of names): `attended`, as a sign-in sheet means.

use std::collections::HashSet;

use super::online::{self, Moment, MomentText, Session, Tally};
use super::person::{Said, SessionText};
use super::status::StatusAnswer;
use crate::model::day_text::{DateOrder, EventDays};
use crate::model::{AttendanceStatus, PartialDate, Role};
use crate::store::ops::AttendanceUpdate;

/// What the command says of everyone's attendance.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub event: &'a EventDays,
    /// `--status`: everyone's status, whatever the file says.
    pub status: Option<AttendanceStatus>,
    pub role: Option<Role>,
    /// `--day`: the day of a file that gives none (a one-day sign-in sheet, a Meet report).
    pub day: Option<PartialDate>,
    /// At least this many minutes connected is attended.
    pub min_minutes: Option<u32>,
    pub date_order: Option<DateOrder>,
    pub tally: Tally,
}

/// All a file's rows say of one person.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The status saying most participation of the rows that gave one.
    status: Option<AttendanceStatus>,
    days: Option<Vec<PartialDate>>,
    sessions: Vec<SessionText>,
    pub first_line: u64,
}

impl Evidence {
    pub fn new(first_line: u64) -> Self {
        Evidence {
            first_line,
            ..Evidence::default()
        }
    }

    /// Adds what one more row said of the person.
    pub fn add(&mut self, said: Said) {
        if let Some(StatusAnswer::Status(status)) = said.status
            && self
                .status
                .is_none_or(|known| status.participation() > known.participation())
        {
            self.status = Some(status);
        }
        if let Some(days) = said.days {
            let known = self.days.get_or_insert_with(Vec::new);
            known.extend(days);
            known.sort();
            known.dedup();
        }
        self.sessions.extend(said.session);
    }
}

/// Why the rows' attendance cannot be decided, and the line it shows on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecided {
    pub line: u64,
    pub message: String,
}

/// The update for each person, in the order of `evidence`.
pub fn decide(evidence: &[Evidence], rules: &Rules) -> Result<Vec<AttendanceUpdate>, Undecided> {
    let order = date_order(evidence, rules)?;
    evidence
        .iter()
        .map(|person| decide_one(person, rules, order))
        .collect()
}

fn decide_one(
    person: &Evidence,
    rules: &Rules,
    order: DateOrder,
) -> Result<AttendanceUpdate, Undecided> {
    let undecided = |message: String| Undecided {
        line: person.first_line,
        message,
    };
    let mut update = AttendanceUpdate {
        status: AttendanceStatus::Attended,
        role: rules.role,
        days: person.days.clone(),
        minutes: None,
    };
    if !person.sessions.is_empty() {
        let sessions: Vec<Session> = person
            .sessions
            .iter()
            .map(|session| Session {
                start: session.start.and_then(|text| text.resolve(order)),
                end: session.end.and_then(|text| text.resolve(order)),
                duration: session.duration,
            })
            .collect();
        update.minutes = online::minutes(&sessions, rules.tally);
        let mut days = online::days_of(&sessions);
        if days.is_empty() {
            days = match (rules.day, rules.event.days()) {
                (Some(day), _) => vec![day],
                (None, Some([only])) => vec![*only],
                _ => {
                    return Err(undecided(
                        "the report's times have no date and the event lasts more than a day: \
                         say which day it is with --day"
                            .to_string(),
                    ));
                }
            };
        }
        if let Some(day) = days.iter().find(|day| !rules.event.includes(day)) {
            return Err(undecided(format!(
                "the report's connections are on {}, outside the event's dates",
                day.human()
            )));
        }
        let enough = match (rules.min_minutes, update.minutes) {
            (None, _) => true,
            (Some(threshold), Some(minutes)) => minutes >= threshold,
            (Some(_), None) => false,
        };
        update.status = rules.status.unwrap_or(if enough {
            AttendanceStatus::Attended
        } else {
            AttendanceStatus::Registered
        });
        // Days are the days someone attended; a person below the threshold has minutes only.
        update.days = (update.status == AttendanceStatus::Attended).then_some(days);
        return Ok(update);
    }
    if let Some(day) = rules.day {
        update.days = Some(vec![day]);
    }
    let present_on_a_day = update.days.as_ref().is_some_and(|days| !days.is_empty());
    update.status = match (rules.status, person.status) {
        (Some(status), _) => status,
        _ if present_on_a_day => AttendanceStatus::Attended,
        (None, Some(status)) => status,
        (None, None) if update.days.is_some() => AttendanceStatus::Registered,
        (None, None) => AttendanceStatus::Attended,
    };
    Ok(update)
}

/// Which number of a call report's `11/12/2019` is the day: `--date-order`, else the only
/// order every date of the file reads in, else the one whose dates fall within the event.
fn date_order(evidence: &[Evidence], rules: &Rules) -> Result<DateOrder, Undecided> {
    if let Some(order) = rules.date_order {
        return Ok(order);
    }
    let moments: Vec<(u64, MomentText)> = evidence
        .iter()
        .flat_map(|person| {
            person
                .sessions
                .iter()
                .flat_map(|session| [session.start, session.end])
                .flatten()
                .map(|moment| (person.first_line, moment))
        })
        .collect();
    if moments.is_empty() {
        // Nothing to read in either order.
        return Ok(DateOrder::DayMonth);
    }
    let fits_all = |order: DateOrder| moments.iter().all(|(_, moment)| moment.fits(order));
    let within_event = |order: DateOrder| {
        moments.iter().all(|(_, moment)| {
            moment
                .resolve(order)
                .is_some_and(|Moment { day, .. }| rules.event.includes(&day))
        })
    };
    let orders = [DateOrder::MonthDay, DateOrder::DayMonth];
    let fitting: Vec<DateOrder> = orders
        .into_iter()
        .filter(|order| fits_all(*order))
        .collect();
    match fitting.as_slice() {
        [only] => Ok(*only),
        [] => Err(Undecided {
            line: moments[0].0,
            message: "the report's dates read neither day/month nor month/day throughout"
                .to_string(),
        }),
        _ => {
            let within: HashSet<DateOrder> = orders
                .into_iter()
                .filter(|order| within_event(*order))
                .collect();
            match within.len() {
                1 => Ok(*within.iter().next().expect("one order")),
                _ => Err(Undecided {
                    line: moments[0].0,
                    message: "the report's dates read both day/month and month/day; say which \
                              with --date-order dmy or mdy"
                        .to_string(),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::online::parse_moment;

    fn event() -> EventDays {
        EventDays::between(
            Some("2019-11-27".parse().unwrap()),
            Some("2019-11-28".parse().unwrap()),
        )
    }

    fn rules(event: &EventDays) -> Rules<'_> {
        Rules {
            event,
            status: None,
            role: None,
            day: None,
            min_minutes: None,
            date_order: None,
            tally: Tally::Intervals,
        }
    }

    fn said_days(days: &[&str]) -> Said {
        Said {
            days: Some(days.iter().map(|day| day.parse().unwrap()).collect()),
            ..Said::default()
        }
    }

    fn decided(said: Vec<Said>, rules: &Rules) -> AttendanceUpdate {
        let mut evidence = Evidence::new(2);
        for one in said {
            evidence.add(one);
        }
        decide(&[evidence], rules).unwrap().remove(0)
    }

    #[test]
    fn present_on_no_day_is_registered_and_on_a_day_attended() {
        let event = event();
        let rules = rules(&event);
        let none = decided(vec![said_days(&[])], &rules);
        assert_eq!(
            (none.status, none.days),
            (AttendanceStatus::Registered, Some(vec![]))
        );
        let two = decided(
            vec![said_days(&["2019-11-27"]), said_days(&["2019-11-28"])],
            &rules,
        );
        assert_eq!(two.status, AttendanceStatus::Attended);
        assert_eq!(two.days.unwrap().len(), 2, "two rows of one person add up");
        let plain = decided(vec![Said::default()], &rules);
        assert_eq!(
            (plain.status, plain.days),
            (AttendanceStatus::Attended, None)
        );
    }

    #[test]
    fn a_status_column_says_it_unless_a_day_is_marked() {
        let event = event();
        let rules = rules(&event);
        let attending = Said {
            status: Some(StatusAnswer::Status(AttendanceStatus::Registered)),
            ..Said::default()
        };
        assert_eq!(
            decided(vec![attending.clone()], &rules).status,
            AttendanceStatus::Registered
        );
        let marked = Said {
            days: Some(vec!["2019-11-27".parse().unwrap()]),
            ..attending
        };
        assert_eq!(
            decided(vec![marked], &rules).status,
            AttendanceStatus::Attended
        );
        let forced = Rules {
            status: Some(AttendanceStatus::NoShow),
            ..rules
        };
        assert_eq!(
            decided(vec![Said::default()], &forced).status,
            AttendanceStatus::NoShow
        );
    }

    fn connected(start: &str, end: &str) -> Said {
        Said {
            session: Some(SessionText {
                start: parse_moment(start),
                end: parse_moment(end),
                duration: None,
            }),
            ..Said::default()
        }
    }

    #[test]
    fn minutes_against_the_threshold_decide_a_call() {
        let event = event();
        let rules = Rules {
            min_minutes: Some(120),
            ..rules(&event)
        };
        let long = decided(
            vec![connected(
                "11/27/2019 09:00:00 AM",
                "11/27/2019 11:00:59 AM",
            )],
            &rules,
        );
        assert_eq!(long.status, AttendanceStatus::Attended);
        assert_eq!(long.minutes, Some(120));
        assert_eq!(long.days, Some(vec!["2019-11-27".parse().unwrap()]));
        let short = decided(
            vec![connected(
                "11/27/2019 09:00:00 AM",
                "11/27/2019 10:59:59 AM",
            )],
            &rules,
        );
        assert_eq!(
            (short.status, short.minutes, short.days),
            (AttendanceStatus::Registered, Some(119), None)
        );
    }

    #[test]
    fn a_call_without_dates_needs_the_day() {
        let event = event();
        let undated = Said {
            session: Some(SessionText {
                duration: Some(308 * 60),
                ..SessionText::default()
            }),
            ..Said::default()
        };
        let per_person = Rules {
            tally: Tally::Durations,
            ..rules(&event)
        };
        let mut evidence = Evidence::new(3);
        evidence.add(undated.clone());
        let refused = decide(std::slice::from_ref(&evidence), &per_person).unwrap_err();
        assert_eq!(refused.line, 3);
        assert!(refused.message.contains("--day"));
        let told = Rules {
            day: Some("2019-11-28".parse().unwrap()),
            ..per_person
        };
        let update = decide(&[evidence], &told).unwrap().remove(0);
        assert_eq!(
            (update.minutes, update.days),
            (Some(308), Some(vec!["2019-11-28".parse().unwrap()]))
        );
    }

    #[test]
    fn the_date_order_is_the_one_every_date_reads_in() {
        let event = EventDays::between(
            Some("2019-11-12".parse().unwrap()),
            Some("2019-11-12".parse().unwrap()),
        );
        let rules = rules(&event);
        // 11/12 is 12 November or 11 December; only the first is the event's.
        let ambiguous = connected("11/12/2019 09:00:00 AM", "11/12/2019 10:00:00 AM");
        assert_eq!(
            decided(vec![ambiguous.clone()], &rules).days,
            Some(vec!["2019-11-12".parse().unwrap()])
        );
        let both_days = EventDays::between(
            Some("2019-11-12".parse().unwrap()),
            Some("2019-12-11".parse().unwrap()),
        );
        let mut evidence = Evidence::new(4);
        evidence.add(ambiguous);
        let refused = decide(
            &[evidence],
            &Rules {
                event: &both_days,
                ..rules
            },
        )
        .unwrap_err();
        assert!(
            refused.message.contains("--date-order"),
            "{}",
            refused.message
        );
    }
}
