//! An event of a series — a training or workshop — with its place, dates and objectives.

use serde::{Deserialize, Serialize};

use super::completion::Completion;
use super::country;
use super::date::PartialDate;
use super::extra::Extra;
use super::id::id_problem;
use super::record::{FieldProblem, Record, TextChecks, TextFieldProblem};
use super::sector::SectorVocabulary;
use super::text;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2, upper case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<String>,
    /// How many people were invited, which records often know when the roll is lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited: Option<u32>,
    /// In the order the event stated them; `objective remove EVENT N` counts from 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    /// What counts as completing it, for `report trained`; an event's rule wins over its series'.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion: Option<Completion>,
    /// Hours of training on each of its days, by which an indicator asking for hours counts a
    /// record of days present; kept as written (`6`, `7.5`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_day: Option<serde_json::Number>,
    /// Fields this gsef does not know, kept as written; the store's reader fills them in.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

impl Event {
    /// The year the event started in, for `--year` filters and the `year` dimension.
    pub fn year(&self) -> Option<u16> {
        self.start.or(self.end).map(|date| date.year)
    }

    /// True when `day` can fall within the event's known dates (an event dated only `2019-11`
    /// includes every day of that November; an undated one, any day).
    pub fn includes_day(&self, day: &PartialDate) -> bool {
        span_includes_day(self.start, self.end, day)
    }
}

/// The rule behind [`Event::includes_day`], for a reader that holds an event's dates without
/// the event: an end left out means the event ended the day (or month, or year) it started.
pub fn span_includes_day(
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    day: &PartialDate,
) -> bool {
    let after_start = start.is_none_or(|start| !day.ends_before(&start));
    let before_end = end.or(start).is_none_or(|end| !end.ends_before(day));
    after_start && before_end
}

/// What an event's `hours_per_day` may be, for a message.
pub const HOURS_PER_DAY_RULE: &str =
    "hours of training a day are above 0 and at most 24, such as 6 or 7.5";

/// Why `hours` cannot be an event's hours of training a day, when it cannot.
pub fn hours_per_day_problem(hours: &serde_json::Number) -> Option<&'static str> {
    (!hours
        .as_f64()
        .is_some_and(|hours| hours > 0.0 && hours <= 24.0))
    .then_some(HOURS_PER_DAY_RULE)
}

/// Why `code` is not an ISO 3166-1 alpha-2 code, or `None` when it is one.
pub fn country_problem(code: &str) -> Option<String> {
    if country::lookup(code).is_some() {
        return None;
    }
    if country::lookup(&code.to_ascii_uppercase()).is_some() {
        return Some(format!(
            "country codes are upper case: `{}`",
            code.to_ascii_uppercase()
        ));
    }
    Some("not an ISO 3166-1 alpha-2 country code (e.g. MX, SN, KR)".to_string())
}

impl Record for Event {
    const KIND: &'static str = "event";
    const PLURAL: &'static str = "events";
    const FILE: &'static str = "events.jsonl";

    const FIELDS: &'static [&'static str] = &[
        "id",
        "series",
        "title",
        "category",
        "city",
        "country",
        "start",
        "end",
        "organizers",
        "partners",
        "invited",
        "objectives",
        "links",
        "completion",
        "hours_per_day",
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

    fn format_version(&self) -> u32 {
        self.completion.map_or(1, |rule| rule.format_version())
    }

    fn problems(&self, _sectors: &SectorVocabulary) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Some(reason) = id_problem(&self.id) {
            problems.push(FieldProblem::new("id", &self.id, reason));
        }
        if let Some(hours) = &self.hours_per_day
            && hours_per_day_problem(hours).is_some()
        {
            problems.push(FieldProblem::new(
                "hours_per_day",
                hours.to_string(),
                HOURS_PER_DAY_RULE,
            ));
        }
        if let Some(series) = &self.series
            && let Some(reason) = id_problem(series)
        {
            problems.push(FieldProblem::new("series", series, reason));
        }
        if self.title.trim().is_empty() {
            problems.push(FieldProblem::new(
                "title",
                &self.title,
                "a title cannot be empty",
            ));
        }
        if let Some(code) = &self.country
            && let Some(reason) = country_problem(code)
        {
            problems.push(FieldProblem::new("country", code, reason));
        }
        if let (Some(start), Some(end)) = (&self.start, &self.end)
            && end.ends_before(start)
        {
            problems.push(FieldProblem::new(
                "end",
                end.to_string(),
                format!("the event ends before it starts ({start})"),
            ));
        }
        if let Some(blank) = self
            .objectives
            .iter()
            .position(|text| text.trim().is_empty())
        {
            problems.push(FieldProblem::new(
                "objectives",
                "",
                format!("objective {} is empty", blank + 1),
            ));
        }
        if let Some(problem) = self.completion.as_ref().and_then(Completion::problem) {
            problems.push(problem);
        }
        problems
    }

    fn text_problems(&self) -> Vec<TextFieldProblem> {
        let mut checks = TextChecks::new(Self::KIND, self.key());
        checks
            .field("title", &text::TITLE, Some(&self.title))
            .field("category", &text::CATEGORY, self.category.as_deref())
            .field("city", &text::CITY, self.city.as_deref())
            .list("organizer", &text::ORGANIZATION, &self.organizers)
            .list("partner", &text::ORGANIZATION, &self.partners)
            .list("objective", &text::OBJECTIVE, &self.objectives)
            .list("link", &text::LINK, &self.links);
        checks.problems
    }
}
