//! Who took part in which event, how, and on which days.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::date::PartialDate;
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
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Record for Attendance {
    const KIND: &'static str = "attendance";
    const PLURAL: &'static str = "attendance records";
    const FILE: &'static str = "attendance.jsonl";

    fn has_unknown_fields(&self) -> bool {
        !self.extra.is_empty()
    }

    fn key(&self) -> String {
        format!("{} {}", self.event, self.participant)
    }

    fn problems(&self, _sectors: &SectorVocabulary) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Some(reason) = id_problem(&self.event) {
            problems.push(FieldProblem::new("event", &self.event, reason));
        }
        if let Some(reason) = id_problem(&self.participant) {
            problems.push(FieldProblem::new("participant", &self.participant, reason));
        }
        if let Some(partial) = self.days.iter().find(|day| !day.is_full()) {
            problems.push(FieldProblem::new(
                "days",
                partial.to_string(),
                "a day must be a full date, YYYY-MM-DD",
            ));
        }
        if self.days.windows(2).any(|pair| pair[0] >= pair[1]) {
            let listed: Vec<String> = self.days.iter().map(ToString::to_string).collect();
            problems.push(FieldProblem::new(
                "days",
                listed.join(","),
                "days must be listed once each, in order",
            ));
        }
        problems
    }
}
