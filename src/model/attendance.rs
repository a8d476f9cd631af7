//! Who took part in which event, how, and on which days.

use serde::{Deserialize, Serialize};

use super::date::PartialDate;
use super::extra::Extra;
use super::id::id_problem;
use super::record::{FieldProblem, Record};
use super::sector::SectorVocabulary;

/// Where a person stands with an event. The names are the format's; clap lists them in `--help`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum AttendanceStatus {
    Registered,
    Attended,
    NoShow,
    Cancelled,
}

impl AttendanceStatus {
    pub const ALL: [AttendanceStatus; 4] = [
        AttendanceStatus::Registered,
        AttendanceStatus::Attended,
        AttendanceStatus::NoShow,
        AttendanceStatus::Cancelled,
    ];

    /// How much the status says the person took part: attended, then no-show (registered and
    /// expected), registered, cancelled. Two records of one person at one event keep the one
    /// saying more, and an import never lowers a status by it.
    pub fn participation(self) -> u8 {
        match self {
            AttendanceStatus::Attended => 3,
            AttendanceStatus::NoShow => 2,
            AttendanceStatus::Registered => 1,
            AttendanceStatus::Cancelled => 0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AttendanceStatus::Registered => "registered",
            AttendanceStatus::Attended => "attended",
            AttendanceStatus::NoShow => "no-show",
            AttendanceStatus::Cancelled => "cancelled",
        }
    }
}

/// The part a person played at an event.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Participant,
    Speaker,
    Organizer,
    Facilitator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Participant => "participant",
            Role::Speaker => "speaker",
            Role::Organizer => "organizer",
            Role::Facilitator => "facilitator",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attendance {
    pub event: String,
    pub participant: String,
    pub status: AttendanceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The days a person was there, for multi-day events; full dates, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<PartialDate>,
    /// Minutes connected, for an online event: what a video call's attendance report gives,
    /// each overlap counted once. New in format 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Fields this gsef does not know, kept as written; the store's reader fills them in.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

impl Record for Attendance {
    const KIND: &'static str = "attendance";
    const PLURAL: &'static str = "attendance records";
    const FILE: &'static str = "attendance.jsonl";

    const FIELDS: &'static [&'static str] =
        &["event", "participant", "status", "role", "days", "minutes"];

    fn extra(&self) -> &Extra {
        &self.extra
    }

    fn extra_mut(&mut self) -> &mut Extra {
        &mut self.extra
    }

    fn key(&self) -> String {
        format!("{} {}", self.event, self.participant)
    }

    fn format_version(&self) -> u32 {
        if self.minutes.is_some() { 2 } else { 1 }
    }

    fn problems(&self, _sectors: &SectorVocabulary) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Some(reason) = id_problem(&self.event) {
            problems.push(FieldProblem::new("event", &self.event, reason));
        }
        if let Some(reason) = id_problem(&self.participant) {
            problems.push(FieldProblem::new("participant", &self.participant, reason));
        }
        problems.extend(days_problem(&self.days));
        problems
    }
}

/// The rule for a record's `days`: full dates, each after the one before (so once each, in
/// order). Every reader of the format checks it through this function.
pub fn day_may_follow(previous: Option<PartialDate>, day: PartialDate) -> bool {
    day.is_full() && previous.is_none_or(|previous| previous < day)
}

/// What is wrong with a list of days, by [`day_may_follow`]; `None` when nothing is.
pub fn days_problem(days: &[PartialDate]) -> Option<FieldProblem> {
    if let Some(partial) = days.iter().find(|day| !day.is_full()) {
        return Some(FieldProblem::new(
            "days",
            partial.to_string(),
            "a day must be a full date, YYYY-MM-DD",
        ));
    }
    let mut previous = None;
    for &day in days {
        if !day_may_follow(previous, day) {
            let listed: Vec<String> = days.iter().map(ToString::to_string).collect();
            return Some(FieldProblem::new(
                "days",
                listed.join(","),
                "days must be listed once each, in order",
            ));
        }
        previous = Some(day);
    }
    None
}

/// What a report reads of an attendance record; implemented by the full record and by the
/// borrowed [`AttendanceRow`] that large reports parse instead.
pub trait AttendanceFacts {
    fn event(&self) -> &str;
    fn participant(&self) -> &str;
    fn status(&self) -> AttendanceStatus;
    fn role(&self) -> Option<Role>;
    /// How many days the record lists (0 when it lists none).
    fn day_count(&self) -> usize;
    /// Minutes connected to an online event, when recorded.
    fn minutes(&self) -> Option<u32>;
    /// Where the record's participant and event stand in the lists a report counts, when its
    /// reader has already looked them up; `None` leaves the lookup to be done by id.
    fn positions(&self) -> Option<(u32, u32)> {
        None
    }
}

impl AttendanceFacts for Attendance {
    fn event(&self) -> &str {
        &self.event
    }

    fn participant(&self) -> &str {
        &self.participant
    }

    fn status(&self) -> AttendanceStatus {
        self.status
    }

    fn role(&self) -> Option<Role> {
        self.role
    }

    fn day_count(&self) -> usize {
        self.days.len()
    }

    fn minutes(&self) -> Option<u32> {
        self.minutes
    }
}

/// An attendance line read for counting: ids borrowed from the line, days counted rather than
/// kept. It refuses what [`Attendance`] refuses and more (any unknown field), so a reader can
/// try it first and fall back to the full record for the rare line it cannot take.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRow<'a> {
    #[serde(borrow)]
    pub event: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub participant: std::borrow::Cow<'a, str>,
    pub status: AttendanceStatus,
    #[serde(default)]
    pub role: Option<Role>,
    /// The number of days listed, each checked to be a full date after the one before.
    #[serde(default, rename = "days", deserialize_with = "count_days")]
    pub day_count: usize,
    #[serde(default)]
    pub minutes: Option<u32>,
}

impl AttendanceRow<'_> {
    /// The row for a full record, for lines only the full record could read.
    pub fn from_record(record: Attendance) -> AttendanceRow<'static> {
        AttendanceRow {
            event: record.event.into(),
            participant: record.participant.into(),
            status: record.status,
            role: record.role,
            day_count: record.days.len(),
            minutes: record.minutes,
        }
    }

    /// True when its ids are valid ids; [`Attendance::problems`] checks the same.
    pub fn has_valid_ids(&self) -> bool {
        id_problem(&self.event).is_none() && id_problem(&self.participant).is_none()
    }
}

impl AttendanceFacts for AttendanceRow<'_> {
    fn event(&self) -> &str {
        &self.event
    }

    fn participant(&self) -> &str {
        &self.participant
    }

    fn status(&self) -> AttendanceStatus {
        self.status
    }

    fn role(&self) -> Option<Role> {
        self.role
    }

    fn day_count(&self) -> usize {
        self.day_count
    }

    fn minutes(&self) -> Option<u32> {
        self.minutes
    }
}

/// Counts a `days` list without keeping it, refusing what [`Attendance::problems`] refuses: a
/// partial date, or a day not after the one before.
fn count_days<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<usize, D::Error> {
    struct DayCounter;

    impl<'de> serde::de::Visitor<'de> for DayCounter {
        type Value = usize;

        fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            formatter.write_str("a list of days")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut days: A) -> Result<usize, A::Error> {
            let mut count = 0;
            let mut previous: Option<PartialDate> = None;
            while let Some(day) = days.next_element::<PartialDate>()? {
                if !day_may_follow(previous, day) {
                    return Err(serde::de::Error::custom(
                        "days must be full dates, once each, in order",
                    ));
                }
                previous = Some(day);
                count += 1;
            }
            Ok(count)
        }
    }

    deserializer.deserialize_seq(DayCounter)
}
