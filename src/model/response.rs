//! One person's answers to one instrument of an event — a pre-test, a post-test, a feedback
//! form — with the score, the rating of each of the event's objectives, and free text.
//!
//! A respondent is a participant (a named form, matched as an import matches people) or, on an
//! anonymous form, the pseudonymous code the form asked for, so that a pre-test and a post-test
//! pair without anyone's name. Never both: a code is what keeps a person out of the records.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use super::extra::Extra;
use super::id::id_problem;
use super::record::{FieldProblem, Record, TextChecks, TextFieldProblem};
use super::sector::SectorVocabulary;
use super::text;

/// The instruments the outcomes report knows; a store may record others (`midline`), which are
/// kept and checked but not paired.
pub const PRE: &str = "pre";
pub const POST: &str = "post";
pub const FEEDBACK: &str = "feedback";

/// The points a rating may take, lowest and highest: `[1, 5]` unless the response says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale(pub u32, pub u32);

impl Scale {
    /// What a form rates on when nothing says otherwise: five points, 1 the lowest.
    pub const DEFAULT: Scale = Scale(1, 5);
    /// The most points a scale may have: a 0–10 scale (a net promoter question) is the widest
    /// in use, and a report gives each point a column.
    pub const MOST_POINTS: u32 = 11;

    pub fn lowest(self) -> u32 {
        self.0
    }

    pub fn highest(self) -> u32 {
        self.1
    }

    pub fn contains(self, rating: u32) -> bool {
        (self.0..=self.1).contains(&rating)
    }

    /// Why the scale cannot be one, or `None` when it can.
    pub fn problem(self) -> Option<String> {
        if self.0 >= self.1 {
            return Some(format!(
                "a scale runs from a lower point to a higher one, not {} to {}",
                self.0, self.1
            ));
        }
        if self.0 > 1 || self.1 - self.0 + 1 > Self::MOST_POINTS {
            return Some(format!(
                "a scale starts at 0 or 1 and has at most {} points (0–10)",
                Self::MOST_POINTS
            ));
        }
        None
    }
}

impl std::fmt::Display for Scale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}–{}", self.0, self.1)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub event: String,
    /// `pre`, `post`, `feedback`, or another the store uses.
    pub instrument: String,
    /// The respondent, when the form named them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant: Option<String>,
    /// The respondent's pseudonymous code, on an anonymous form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Points scored, out of `max_score`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_score: Option<f64>,
    /// What the ratings are on, when it is not [`Scale::DEFAULT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    /// The rating of each objective, by its number in the event's list (from 1).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ratings: BTreeMap<u32, u32>,
    /// The rating of the event as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Fields this gsef does not know, kept as written; the store's reader fills them in.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

impl Response {
    /// Who answered, as the key spells it: a participant's id, or `#` and the code.
    pub fn respondent(&self) -> String {
        match (&self.participant, &self.code) {
            (Some(participant), _) => participant.clone(),
            (None, Some(code)) => format!("#{code}"),
            (None, None) => String::new(),
        }
    }
}

/// What a report reads of a response, its text borrowed from the line where it can be: a store
/// may hold a million of them, and a report needs none of them whole.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRow<'a> {
    pub event: Cow<'a, str>,
    pub instrument: Cow<'a, str>,
    pub participant: Option<Cow<'a, str>>,
    pub code: Option<Cow<'a, str>>,
    pub score: Option<f64>,
    pub max_score: Option<f64>,
    pub scale: Option<Scale>,
    /// `(objective, rating)` in rising order of objective; a form rates a handful, kept inline.
    pub ratings: Ratings,
    pub overall: Option<u32>,
    pub comment: Option<Cow<'a, str>>,
}

/// The ratings of one response, `(objective, rating)`, held without an allocation up to eight.
pub type Ratings = SmallVec<[(u32, u32); 8]>;

impl<'a> ResponseRow<'a> {
    /// The row of a whole record, borrowing its text.
    pub fn of(response: &'a Response) -> Self {
        let borrowed = |text: &'a Option<String>| text.as_deref().map(Cow::Borrowed);
        ResponseRow {
            event: Cow::Borrowed(&response.event),
            instrument: Cow::Borrowed(&response.instrument),
            participant: borrowed(&response.participant),
            code: borrowed(&response.code),
            score: response.score,
            max_score: response.max_score,
            scale: response.scale,
            ratings: response
                .ratings
                .iter()
                .map(|(number, rating)| (*number, *rating))
                .collect(),
            overall: response.overall,
            comment: borrowed(&response.comment),
        }
    }

    /// The row of a record read whole (a line only the general reader could read).
    pub fn from_record(response: Response) -> ResponseRow<'static> {
        ResponseRow {
            ratings: response.ratings.into_iter().collect(),
            event: Cow::Owned(response.event),
            instrument: Cow::Owned(response.instrument),
            participant: response.participant.map(Cow::Owned),
            code: response.code.map(Cow::Owned),
            score: response.score,
            max_score: response.max_score,
            scale: response.scale,
            overall: response.overall,
            comment: response.comment.map(Cow::Owned),
        }
    }

    /// The record, its text copied out of the line.
    pub fn to_record(&self) -> Response {
        let owned = |text: &Option<Cow<'a, str>>| text.as_deref().map(str::to_string);
        Response {
            event: self.event.to_string(),
            instrument: self.instrument.to_string(),
            participant: owned(&self.participant),
            code: owned(&self.code),
            score: self.score,
            max_score: self.max_score,
            scale: self.scale,
            ratings: self.ratings.iter().copied().collect(),
            overall: self.overall,
            comment: owned(&self.comment),
            extra: Extra::default(),
        }
    }

    pub fn scale(&self) -> Scale {
        self.scale.unwrap_or(Scale::DEFAULT)
    }

    /// The score as a share of the maximum, 0 to 1, so tests of different lengths compare.
    pub fn score_share(&self) -> Option<f64> {
        match (self.score, self.max_score) {
            (Some(score), Some(max)) if max > 0.0 => Some(score / max),
            _ => None,
        }
    }

    /// What breaks the format in the response, for [`Record::problems`]: the row has every
    /// field the rules look at, so a row and its record are refused alike.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let ids = [
            ("event", Some(&*self.event)),
            ("instrument", Some(&*self.instrument)),
            ("participant", self.participant.as_deref()),
            ("code", self.code.as_deref()),
        ];
        for (field, value) in ids {
            if let Some(value) = value
                && let Some(reason) = id_problem(value)
            {
                problems.push(FieldProblem::new(field, value, reason));
            }
        }
        problems.extend(self.problems_besides_ids());
        problems
    }

    /// [`ResponseRow::problems`] but for the ids': what a row whose ids are known to be valid
    /// (the fast reader takes no other) may still break.
    pub fn problems_besides_ids(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        match (self.participant.as_deref(), self.code.as_deref()) {
            (Some(_), Some(code)) => problems.push(FieldProblem::new(
                "code",
                code,
                "a response names its participant or gives a code, never both",
            )),
            (None, None) => problems.push(FieldProblem::new(
                "participant",
                "",
                "a response names its participant, or gives the code an anonymous form asked for",
            )),
            _ => {}
        }
        match (self.score, self.max_score) {
            (Some(score), None) => problems.push(FieldProblem::new(
                "score",
                score.to_string(),
                "a score needs its maximum (`max_score`) to be compared",
            )),
            (_, Some(max)) if !(max > 0.0 && max.is_finite()) => problems.push(FieldProblem::new(
                "max_score",
                max.to_string(),
                "a maximum score is a number above 0",
            )),
            (Some(score), Some(max)) if !(0.0..=max).contains(&score) => {
                problems.push(FieldProblem::new(
                    "score",
                    score.to_string(),
                    format!("a score runs from 0 to its maximum, {max}"),
                ));
            }
            _ => {}
        }
        let scale = self.scale();
        if let Some(reason) = scale.problem() {
            problems.push(FieldProblem::new("scale", scale.to_string(), reason));
            return problems;
        }
        for &(number, rating) in &self.ratings {
            if number == 0 {
                problems.push(FieldProblem::new(
                    "ratings",
                    "0",
                    "objectives are numbered from 1",
                ));
            } else if let Some(reason) =
                rating_problem(&format!("objective {number}"), rating, scale)
            {
                problems.push(FieldProblem::new("ratings", rating.to_string(), reason));
            }
        }
        if let Some(overall) = self.overall
            && let Some(reason) = rating_problem("the event overall", overall, scale)
        {
            problems.push(FieldProblem::new("overall", overall.to_string(), reason));
        }
        problems
    }
}

/// A rating of `rating` given on `scale`, checked; `what` names the rated thing for the message.
fn rating_problem(what: &str, rating: u32, scale: Scale) -> Option<String> {
    (!scale.contains(rating))
        .then(|| format!("{what} is rated {rating}, outside the scale {scale}"))
}

impl Record for Response {
    const KIND: &'static str = "response";
    const PLURAL: &'static str = "responses";
    const FILE: &'static str = "responses.jsonl";
    const OPTIONAL: bool = true;

    const FIELDS: &'static [&'static str] = &[
        "event",
        "instrument",
        "participant",
        "code",
        "score",
        "max_score",
        "scale",
        "ratings",
        "overall",
        "comment",
    ];

    fn extra(&self) -> &Extra {
        &self.extra
    }

    fn extra_mut(&mut self) -> &mut Extra {
        &mut self.extra
    }

    /// `EVENT INSTRUMENT PARTICIPANT CODE`, one of the last two empty: one response per
    /// respondent and instrument. Unambiguous, since neither ids nor codes hold a space.
    fn key(&self) -> String {
        format!(
            "{} {} {} {}",
            self.event,
            self.instrument,
            self.participant.as_deref().unwrap_or_default(),
            self.code.as_deref().unwrap_or_default()
        )
    }

    /// Version 3 added responses: an older gsef would neither check, hash nor merge them.
    fn format_version(&self) -> u32 {
        3
    }

    fn problems(&self, _sectors: &SectorVocabulary) -> Vec<FieldProblem> {
        ResponseRow::of(self).problems()
    }

    fn text_problems(&self) -> Vec<TextFieldProblem> {
        let mut checks = TextChecks::new(Self::KIND, self.key());
        checks.field("comment", &text::COMMENT, self.comment.as_deref());
        checks.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(json: serde_json::Value) -> Response {
        serde_json::from_value(json).unwrap()
    }

    fn reasons(json: serde_json::Value) -> Vec<String> {
        response(json)
            .problems(&SectorVocabulary::default_vocabulary())
            .into_iter()
            .map(|problem| problem.to_string())
            .collect()
    }

    #[test]
    fn a_score_is_a_share_of_its_maximum() {
        let graded = response(serde_json::json!({
            "event": "e", "instrument": "pre", "participant": "p", "score": 14.0, "max_score": 20.0}));
        assert_eq!(ResponseRow::of(&graded).score_share(), Some(0.7));
        assert!(reasons(serde_json::to_value(&graded).unwrap()).is_empty());
    }

    #[test]
    fn refuses_what_no_report_could_count() {
        let base = serde_json::json!({"event": "e", "instrument": "pre"});
        let with = |extra: serde_json::Value| {
            let mut value = base.clone();
            value
                .as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            reasons(value)
        };
        assert!(with(serde_json::json!({}))[0].contains("names its participant"));
        assert!(
            with(serde_json::json!({"participant": "p", "code": "AB"}))[0].contains("never both")
        );
        assert!(
            with(serde_json::json!({"code": "A1", "score": 3.0}))[0].contains("needs its maximum")
        );
        assert!(
            with(serde_json::json!({"code": "A1", "score": 21.0, "max_score": 20.0}))[0]
                .contains("from 0 to its maximum")
        );
        assert!(
            with(serde_json::json!({"code": "A1", "ratings": {"2": 6}}))[0]
                .contains("objective 2 is rated 6, outside the scale 1–5")
        );
        assert!(
            with(serde_json::json!({"code": "A1", "ratings": {"2": 9}, "scale": [0, 10]}))
                .is_empty()
        );
        assert!(
            with(serde_json::json!({"code": "A1", "scale": [5, 1]}))[0].contains("lower point")
        );
    }

    #[test]
    fn the_key_tells_a_code_from_a_participant() {
        let named =
            response(serde_json::json!({"event": "e", "instrument": "pre", "participant": "ab"}));
        let coded = response(serde_json::json!({"event": "e", "instrument": "pre", "code": "ab"}));
        assert_eq!(named.key(), "e pre ab ");
        assert_eq!(coded.key(), "e pre  ab");
    }
}
