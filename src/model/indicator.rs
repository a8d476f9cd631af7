//! An indicator definition: a donor's rule for what one count means (who counts, how often, by
//! what breakdowns) with its baseline and targets per period, kept in `indicators.jsonl`.
//!
//! Periods and breakdowns are named as report dimensions are (`year`, `fiscal-year-10`,
//! `gender`), through [`Dimension`]: the one place a dimension's name is written.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use super::age::{AgeBand, band_problems};
use super::attendance::AttendanceStatus;
use super::completion::Completion;
use super::extra::Extra;
use super::id::id_problem;
use super::period::{self, Period};
use super::record::{FieldProblem, Record, TextChecks, TextFieldProblem};
use super::sector::SectorVocabulary;
use super::text;
use crate::model::dimension::{Dimension, Source as DimensionSource};

/// What one unit of the count is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// A person, however many events they came to (within the de-duplication window).
    Person,
    /// An organisation, named by its participants' `organization`.
    Organisation,
    /// An attendance record: one person at one event.
    Attendance,
    /// An event.
    Event,
}

impl Unit {
    pub const ALL: [Unit; 4] = [
        Unit::Person,
        Unit::Organisation,
        Unit::Attendance,
        Unit::Event,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Person => "person",
            Unit::Organisation => "organisation",
            Unit::Attendance => "attendance",
            Unit::Event => "event",
        }
    }
}

impl<'de> Deserialize<'de> for Unit {
    /// Refuses an unknown unit naming the field, so the error says where to look.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        // The store's own spelling of the participant field, accepted as the same unit.
        let wanted = if text == "organization" {
            "organisation"
        } else {
            text.as_str()
        };
        Unit::ALL
            .into_iter()
            .find(|unit| unit.as_str() == wanted)
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "unit: unknown unit `{}`; expected person, organisation, attendance or event",
                    crate::quote::value(&text)
                ))
            })
    }
}

/// The window within which a unit is counted once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OncePer {
    /// Once in each period of the indicator's period dimension.
    Period,
    /// Once per series of events.
    Series,
    /// Once ever.
    AllTime,
}

impl OncePer {
    pub fn as_str(self) -> &'static str {
        match self {
            OncePer::Period => "period",
            OncePer::Series => "series",
            OncePer::AllTime => "all-time",
        }
    }
}

impl<'de> Deserialize<'de> for OncePer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        [OncePer::Period, OncePer::Series, OncePer::AllTime]
            .into_iter()
            .find(|window| window.as_str() == text)
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "once_per: unknown window `{}`; expected period, series or all-time",
                    crate::quote::value(&text)
                ))
            })
    }
}

/// Which completion rule a person must meet to count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CompletionRequirement {
    /// The event's own rule (or its series'), as `report trained` applies it.
    EventRule,
    /// A rule of the indicator's own, in the shape an event states one.
    Rule(Completion),
}

const EVENT_RULE: &str = "event-rule";

impl Serialize for CompletionRequirement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CompletionRequirement::EventRule => serializer.serialize_str(EVENT_RULE),
            CompletionRequirement::Rule(rule) => rule.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for CompletionRequirement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let refused = || {
            de::Error::custom(
                "completion: expected \"event-rule\" or a rule such as {\"min_days\": 2}, {\"min_share\": 0.5} or {\"min_minutes\": 90}",
            )
        };
        match value {
            serde_json::Value::String(text) if text == EVENT_RULE => {
                Ok(CompletionRequirement::EventRule)
            }
            value @ serde_json::Value::Object(_) => serde_json::from_value(value)
                .map(CompletionRequirement::Rule)
                .map_err(|_| refused()),
            _ => Err(refused()),
        }
    }
}

impl fmt::Display for CompletionRequirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompletionRequirement::EventRule => f.write_str(EVENT_RULE),
            CompletionRequirement::Rule(rule) => write!(f, "{rule}"),
        }
    }
}

fn attended_only() -> Vec<AttendanceStatus> {
    vec![AttendanceStatus::Attended]
}

/// Who counts: every condition given must hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// The attendance statuses that count; `attended` unless given.
    #[serde(default = "attended_only")]
    pub status: Vec<AttendanceStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion: Option<CompletionRequirement>,
    /// Hours of training at least, summed over the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_hours: Option<serde_json::Number>,
    /// A post-test share (0 to 1) at or above which a person has mastered the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mastery: Option<f64>,
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            status: attended_only(),
            completion: None,
            min_hours: None,
            mastery: None,
        }
    }
}

/// A value at a period before the work began.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub value: serde_json::Number,
    pub period: String,
}

/// A target for one period, for everyone or for one breakdown value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub period: String,
    pub value: serde_json::Number,
    /// Dimension column name → value (`{"gender": "female"}`); none for the whole count.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub breakdown: BTreeMap<String, String>,
}

fn period_dimension<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Dimension, D::Error> {
    let text = String::deserialize(deserializer)?;
    text.parse()
        .map_err(|reason| de::Error::custom(format!("period: {reason}")))
}

/// What a count is broken down by: a report dimension, or one only an indicator has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Breakdown {
    Dimension(Dimension),
    /// The person's age band at the event, from their year of birth and the indicator's
    /// `age_bands`.
    AgeBand,
    /// Whether the unit came to an earlier period (`continuing`) or not (`new`).
    Continuity,
}

impl Breakdown {
    /// How a definition names it: a dimension's argument spelling, or `continuity`.
    pub fn argument(self) -> &'static str {
        match self {
            Breakdown::Dimension(dimension) => dimension.argument(),
            Breakdown::AgeBand => AGE_BAND,
            Breakdown::Continuity => CONTINUITY,
        }
    }

    /// As a target's `breakdown` key and the report's `breakdown` column name it: `gender`,
    /// `event_country`, `continuity`.
    pub fn column_name(self) -> String {
        self.argument().replace('-', "_")
    }
}

const CONTINUITY: &str = "continuity";
const AGE_BAND: &str = "age-band";

impl std::str::FromStr for Breakdown {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_lowercase().replace('_', "-");
        if wanted == CONTINUITY {
            return Ok(Breakdown::Continuity);
        }
        if wanted == AGE_BAND {
            return Ok(Breakdown::AgeBand);
        }
        text.parse().map(Breakdown::Dimension).map_err(|reason| {
            format!("{reason}, or age-band (with age_bands) or continuity (new or continuing)")
        })
    }
}

impl Serialize for Breakdown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.argument())
    }
}

impl<'de> Deserialize<'de> for Breakdown {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|reason| de::Error::custom(format!("breakdowns: {reason}")))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub title: String,
    /// The donor or framework the definition comes from ("EEA and Norway Grants").
    pub framework: String,
    /// The framework's code for it ("CIV-007").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Free text for the reader: where the definition comes from, what is illustrative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub unit: Unit,
    #[serde(default)]
    pub counts: Counts,
    pub once_per: OncePer,
    /// The period dimension targets are given per: `year` or a period dimension.
    #[serde(deserialize_with = "period_dimension")]
    pub period: Dimension,
    /// The first period the indicator covers, spelled as its period dimension spells values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// The last period it covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<Breakdown>,
    /// The age bands an `age-band` breakdown divides people into.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub age_bands: Vec<AgeBand>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// Fields this gsef does not know, kept as written; the store's reader fills them in.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

/// A whole number of 0 or more, as a target or a baseline must be.
fn is_whole_count(number: &serde_json::Number) -> bool {
    number.as_u64().is_some()
}

impl Indicator {
    /// The problem with one period value of this indicator's period kind, naming `field`.
    fn period_problem(&self, field: &'static str, text: &str) -> Option<FieldProblem> {
        Period::parse(self.period, text).is_none().then(|| {
            FieldProblem::new(
                field,
                text,
                format!(
                    "the indicator's period is `{}`, so a period is {}",
                    self.period,
                    period::example(self.period)
                ),
            )
        })
    }

    /// The breakdown a target's key names, when it is one of the indicator's.
    pub fn breakdown_named(&self, key: &str) -> Option<Breakdown> {
        let breakdown: Breakdown = key.parse().ok()?;
        self.breakdowns.contains(&breakdown).then_some(breakdown)
    }
}

impl Indicator {
    /// Why a breakdown cannot divide this indicator's count, when it cannot: an event has no
    /// gender, and neither one attendance nor one event comes back in a later period.
    fn breakdown_problem(&self, breakdown: Breakdown) -> Option<String> {
        let unit = self.unit.as_str();
        match (self.unit, breakdown) {
            (Unit::Event, Breakdown::Dimension(dimension))
                if dimension.source() != DimensionSource::Event =>
            {
                Some(format!(
                    "an event has no {dimension} of its own; the unit is event, so a breakdown is one of the event's (event, series, event-country, or a period)"
                ))
            }
            (Unit::Event | Unit::Attendance, Breakdown::Continuity) => Some(format!(
                "new or continuing is said of a person or an organisation, and the unit is {unit}"
            )),
            (Unit::Event | Unit::Organisation, Breakdown::AgeBand) => Some(format!(
                "an age is a person's, and the unit is {unit}"
            )),
            (_, Breakdown::AgeBand) if self.age_bands.is_empty() => Some(
                "an age-band breakdown needs the indicator's age_bands, such as [{\"label\": \"15–29\", \"min\": 15, \"max\": 29}, {\"label\": \"30+\", \"min\": 30}]".to_string(),
            ),
            _ => None,
        }
    }
}

impl Record for Indicator {
    const KIND: &'static str = "indicator";
    const PLURAL: &'static str = "indicators";
    const FILE: &'static str = "indicators.jsonl";
    const OPTIONAL: bool = true;

    const FIELDS: &'static [&'static str] = &[
        "id",
        "title",
        "framework",
        "code",
        "note",
        "unit",
        "counts",
        "once_per",
        "period",
        "start",
        "end",
        "breakdowns",
        "age_bands",
        "baseline",
        "targets",
    ];

    fn extra(&self) -> &Extra {
        &self.extra
    }

    fn extra_mut(&mut self) -> &mut Extra {
        &mut self.extra
    }

    fn key(&self) -> String {
        self.id.clone()
    }

    /// Version 5 added indicators: an older gsef would neither check, hash nor merge them.
    fn format_version(&self) -> u32 {
        5
    }

    fn problems(&self, _sectors: &SectorVocabulary) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Some(reason) = id_problem(&self.id) {
            problems.push(FieldProblem::new("id", &self.id, reason));
        }
        for (field, value) in [("title", &self.title), ("framework", &self.framework)] {
            if value.trim().is_empty() {
                problems.push(FieldProblem::new(field, value, "it cannot be empty"));
            }
        }
        if !(self.period == Dimension::Year || self.period.is_period()) {
            problems.push(FieldProblem::new(
                "period",
                self.period.argument(),
                "an indicator's period is year, quarter, month or fiscal-year-MM",
            ));
            // Every period value below is spelled by the period dimension: nothing to check.
            return problems;
        }
        if self.counts.status.is_empty() {
            problems.push(FieldProblem::new(
                "counts.status",
                "[]",
                "at least one attendance status counts, such as attended",
            ));
        }
        if let Some(CompletionRequirement::Rule(rule)) = &self.counts.completion
            && let Some(mut problem) = rule.problem()
        {
            problem.field = "counts.completion";
            problems.push(problem);
        }
        if let Some(hours) = &self.counts.min_hours
            && !hours.as_f64().is_some_and(|hours| hours > 0.0)
        {
            problems.push(FieldProblem::new(
                "counts.min_hours",
                hours.to_string(),
                "min_hours must be above 0, such as 3",
            ));
        }
        if let Some(mastery) = self.counts.mastery
            && !(mastery > 0.0 && mastery <= 1.0)
        {
            problems.push(FieldProblem::new(
                "counts.mastery",
                mastery.to_string(),
                "mastery is a post-test share above 0 and at most 1, such as 0.8",
            ));
        }
        let start = self.start.as_deref();
        let end = self.end.as_deref();
        for (field, value) in [("start", start), ("end", end)] {
            if let Some(problem) = value.and_then(|text| self.period_problem(field, text)) {
                problems.push(problem);
            }
        }
        let first = start.and_then(|text| Period::parse(self.period, text));
        let last = end.and_then(|text| Period::parse(self.period, text));
        if let (Some(first), Some(last)) = (first, last)
            && first > last
        {
            problems.push(FieldProblem::new(
                "end",
                end.unwrap_or_default(),
                format!(
                    "the indicator ends before it starts ({})",
                    start.unwrap_or_default()
                ),
            ));
        }
        let mut named = HashSet::new();
        for breakdown in &self.breakdowns {
            if !named.insert(*breakdown) {
                problems.push(FieldProblem::new(
                    "breakdowns",
                    breakdown.argument(),
                    "a breakdown is named twice",
                ));
            }
            if let Some(reason) = self.breakdown_problem(*breakdown) {
                problems.push(FieldProblem::new(
                    "breakdowns",
                    breakdown.argument(),
                    reason,
                ));
            }
        }
        problems.extend(band_problems(&self.age_bands));
        if let Some(baseline) = &self.baseline {
            if let Some(problem) = self.period_problem("baseline.period", &baseline.period) {
                problems.push(problem);
            }
            if !is_whole_count(&baseline.value) {
                problems.push(FieldProblem::new(
                    "baseline.value",
                    baseline.value.to_string(),
                    "a baseline is a whole number of 0 or more",
                ));
            }
        }
        let mut targets_seen = HashSet::new();
        for target in &self.targets {
            match Period::parse(self.period, &target.period) {
                None => problems.extend(self.period_problem("targets.period", &target.period)),
                Some(position) => {
                    if first.is_some_and(|first| position < first)
                        || last.is_some_and(|last| position > last)
                    {
                        problems.push(FieldProblem::new(
                            "targets.period",
                            &target.period,
                            format!(
                                "outside the indicator's periods, {} to {}",
                                start.unwrap_or("the first"),
                                end.unwrap_or("the last")
                            ),
                        ));
                    }
                }
            }
            if !is_whole_count(&target.value) {
                problems.push(FieldProblem::new(
                    "targets.value",
                    target.value.to_string(),
                    format!(
                        "a target is a whole number of 0 or more (period {})",
                        target.period
                    ),
                ));
            }
            let mut breakdown = Vec::new();
            for (key, value) in &target.breakdown {
                match self.breakdown_named(key) {
                    Some(Breakdown::AgeBand)
                        if !self.age_bands.iter().any(|band| &band.label == value) =>
                    {
                        problems.push(FieldProblem::new(
                            "targets.breakdown",
                            value,
                            format!(
                                "not one of the indicator's age bands ({})",
                                self.age_bands
                                    .iter()
                                    .map(|band| band.label.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ));
                    }
                    Some(named) => breakdown.push((named.column_name(), value.clone())),
                    None => problems.push(FieldProblem::new(
                        "targets.breakdown",
                        key,
                        format!(
                            "not one of the indicator's breakdowns ({})",
                            if self.breakdowns.is_empty() {
                                "it has none".to_string()
                            } else {
                                self.breakdowns
                                    .iter()
                                    .map(|breakdown| breakdown.column_name())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        ),
                    )),
                }
            }
            breakdown.sort();
            let period = Period::parse(self.period, &target.period);
            if !targets_seen.insert((period, target.period.clone(), breakdown)) {
                let of = if target.breakdown.is_empty() {
                    String::new()
                } else {
                    format!(
                        " and breakdown {}",
                        target
                            .breakdown
                            .iter()
                            .map(|(key, value)| format!("{key}={value}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                problems.push(FieldProblem::new(
                    "targets",
                    &target.period,
                    format!("a second target for the same period{of}"),
                ));
            }
        }
        problems
    }

    fn text_problems(&self) -> Vec<TextFieldProblem> {
        let mut checks = TextChecks::new(Self::KIND, self.key());
        checks
            .field("title", &text::TITLE, Some(&self.title))
            .field("framework", &text::ORGANIZATION, Some(&self.framework))
            .field("code", &text::CATEGORY, self.code.as_deref())
            .field("note", &text::COMMENT, self.note.as_deref());
        checks.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> serde_json::Value {
        serde_json::json!({
            "id": "eea-civ-007", "title": "People trained", "framework": "EEA and Norway Grants",
            "code": "CIV-007", "unit": "person", "counts": {"completion": "event-rule"},
            "once_per": "all-time", "period": "year", "start": "2019", "end": "2021",
            "breakdowns": ["gender"],
            "targets": [{"period": "2019", "value": 111},
                        {"period": "2019", "value": 60, "breakdown": {"gender": "female"}}]})
    }

    #[allow(clippy::needless_pass_by_value)] // a `json!` literal per call reads best
    fn fields_wrong(changes: serde_json::Value) -> Vec<&'static str> {
        let mut value = good();
        value
            .as_object_mut()
            .unwrap()
            .extend(changes.as_object().unwrap().clone());
        serde_json::from_value::<Indicator>(value)
            .unwrap()
            .problems(&SectorVocabulary::default_vocabulary())
            .into_iter()
            .map(|problem| problem.field)
            .collect()
    }

    #[test]
    fn a_sound_definition_has_no_problems() {
        assert!(fields_wrong(serde_json::json!({})).is_empty());
        let indicator: Indicator = serde_json::from_value(good()).unwrap();
        assert_eq!(indicator.counts.status, [AttendanceStatus::Attended]);
        assert_eq!(
            indicator.counts.completion,
            Some(CompletionRequirement::EventRule)
        );
    }

    #[test]
    fn refuses_targets_nobody_could_report_against() {
        let target = |target: serde_json::Value| serde_json::json!({ "targets": [target] });
        assert_eq!(
            fields_wrong(target(serde_json::json!({"period": "2019-Q4", "value": 3}))),
            ["targets.period"]
        );
        assert_eq!(
            fields_wrong(target(serde_json::json!({"period": "2022", "value": 3}))),
            ["targets.period"]
        );
        assert_eq!(
            fields_wrong(target(serde_json::json!({"period": "2019", "value": 2.5}))),
            ["targets.value"]
        );
        assert_eq!(
            fields_wrong(target(serde_json::json!({"period": "2019", "value": -1}))),
            ["targets.value"]
        );
        assert_eq!(
            fields_wrong(target(
                serde_json::json!({"period": "2019", "value": 1, "breakdown": {"sector": "x"}})
            )),
            ["targets.breakdown"]
        );
        let twice = serde_json::json!({"targets": [{"period": "2020", "value": 1},
            {"period": "2020", "value": 2}]});
        assert_eq!(fields_wrong(twice), ["targets"]);
        assert_eq!(
            fields_wrong(serde_json::json!({"start": "2022"})),
            ["end", "targets.period", "targets.period"]
        );
        assert_eq!(
            fields_wrong(serde_json::json!({"period": "gender"})),
            ["period"]
        );
    }

    #[test]
    fn a_breakdown_the_unit_cannot_have_is_refused() {
        let no_targets = |changes: serde_json::Value| {
            let mut all = serde_json::json!({"targets": []});
            all.as_object_mut()
                .unwrap()
                .extend(changes.as_object().unwrap().clone());
            fields_wrong(all)
        };
        assert_eq!(
            no_targets(serde_json::json!({"unit": "event", "breakdowns": ["gender"]})),
            ["breakdowns"]
        );
        assert!(
            no_targets(serde_json::json!({"unit": "event", "breakdowns": ["event-country"]}))
                .is_empty()
        );
        assert_eq!(
            no_targets(serde_json::json!({"unit": "attendance", "breakdowns": ["continuity"]})),
            ["breakdowns"]
        );
        assert_eq!(
            no_targets(serde_json::json!({"breakdowns": ["age-band"]})),
            ["breakdowns"]
        );
        assert!(
            no_targets(serde_json::json!({"breakdowns": ["age-band"],
                "age_bands": [{"label": "15–29", "min": 15, "max": 29}, {"label": "30+", "min": 30}]}))
            .is_empty()
        );
        assert_eq!(
            no_targets(serde_json::json!({"breakdowns": ["age-band"],
                "age_bands": [{"label": "15–29", "min": 15, "max": 29}, {"label": "20+", "min": 20}]})),
            ["age_bands"]
        );
    }

    #[test]
    fn unknown_names_are_refused_naming_their_field() {
        let refusal = |changes: serde_json::Value| {
            let mut value = good();
            value
                .as_object_mut()
                .unwrap()
                .extend(changes.as_object().unwrap().clone());
            serde_json::from_value::<Indicator>(value)
                .unwrap_err()
                .to_string()
        };
        assert!(refusal(serde_json::json!({"unit": "people"})).starts_with("unit: unknown unit"));
        assert!(
            refusal(serde_json::json!({"breakdowns": ["shoe-size"]}))
                .starts_with("breakdowns: unknown dimension `shoe-size`")
        );
        assert!(refusal(serde_json::json!({"breakdowns": ["shoe-size"]})).contains("gender"));
        assert!(refusal(serde_json::json!({"once_per": "week"})).starts_with("once_per:"));
        assert!(
            refusal(serde_json::json!({"counts": {"completion": "all"}}))
                .starts_with("completion:")
        );
        let organization: Indicator = serde_json::from_value(
            good()
                .as_object()
                .cloned()
                .map(|mut object| {
                    object.insert("unit".into(), "organization".into());
                    serde_json::Value::Object(object)
                })
                .unwrap(),
        )
        .unwrap();
        assert_eq!(organization.unit, Unit::Organisation);
    }
}
