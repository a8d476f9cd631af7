//! `report outcomes`: did the training work? What the participants said of each of the event's
//! objectives (Kirkpatrick level 1), what they learnt from the pre-test to the post-test
//! (level 2), and how many of those who came answered.
//!
//! - **Objectives**: a row per objective of each event, with the responses rating it, their
//!   mean, the share in the top two points of the scale, and how many gave each point.
//! - **Knowledge**: scores as a share of their maximum (0 to 1), so tests of different lengths
//!   compare. A respondent's pre-test and post-test pair within an event, by participant or by
//!   the code an anonymous form asked for; the means, the gain and the shares who improved and
//!   who reached `--mastery` on the post-test are of the paired respondents only (an unpaired
//!   score says nothing of a gain), and those who took only one of the two are counted apart.
//! - **Response rate**: each instrument's respondents against those who attended the events.
//!
//! With `--min-count K` every count is protected: counts from 1 to K-1 are hidden, the points
//! of a row add up to its responses so enough others are hidden too (see [`super::suppression`]),
//! and a mean or a share is withheld wherever it would give a hidden count away: when the count
//! it stands for, or the count it leaves, is hidden or small.

use std::collections::{BTreeMap, HashMap};

use super::query::OutcomesQuery;
use super::suppression::{Place, Plan};
use super::{Column, ColumnKind, Report, Value};
use crate::error::Result;
use crate::model::Event;
use crate::model::response::{FEEDBACK, POST, PRE, Response, Scale};

/// What stands beside the objectives' table: the knowledge gain, the overall rating, the
/// response rates and, when asked for, the comments.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomesAside {
    /// The objectives' rows as scripts read them (the table's, after suppression).
    pub objectives: Vec<ObjectiveLine>,
    pub knowledge: Knowledge,
    pub overall: Rated,
    pub response_rates: Vec<ResponseRate>,
    /// `--comments`: the comments, sorted so their order says nothing of who wrote which.
    pub comments: Option<Vec<String>>,
    /// The `--mastery` share the knowledge block counts against.
    pub mastery: f64,
}

/// One objective, for the JSON `objectives` list.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveLine {
    pub event: String,
    pub number: u64,
    pub text: String,
    pub responses: Value,
    pub mean: Value,
    pub top_two_share: Value,
}

/// What the tests say of knowledge, every value protected.
#[derive(Debug, Clone, PartialEq)]
pub struct Knowledge {
    pub paired: Value,
    pub mean_pre: Value,
    pub mean_post: Value,
    pub mean_gain: Value,
    pub improved_share: Value,
    pub mastery_share: Value,
    pub pre_only: Value,
    pub post_only: Value,
}

/// A rating's summary: how many gave one, their mean, and the share in the top two points.
#[derive(Debug, Clone, PartialEq)]
pub struct Rated {
    pub responses: Value,
    pub mean: Value,
    pub top_two_share: Value,
}

/// One instrument's respondents against those who attended.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRate {
    pub instrument: String,
    pub responses: Value,
    pub attended: Value,
    pub rate: Value,
}

/// The report and what stands beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    pub report: Report,
    pub aside: OutcomesAside,
}

/// The first columns of the objectives' table; a column per point of the scale follows.
const EVENT: usize = 0;
const NUMBER: usize = 1;
const TEXT: usize = 2;
const RESPONSES: usize = 3;
const MEAN: usize = 4;
const TOP_TWO: usize = 5;
const FIRST_POINT: usize = 6;

/// The ratings of one objective (or of the event overall).
#[derive(Debug, Default, Clone)]
struct Ratings {
    /// How many gave each point.
    points: BTreeMap<u32, u64>,
    /// How many were in the top two points of the scale they rated on.
    top_two: u64,
    scale: Option<Scale>,
}

impl Ratings {
    fn add(&mut self, rating: u32, scale: Scale) {
        *self.points.entry(rating).or_default() += 1;
        if rating + 1 >= scale.highest() {
            self.top_two += 1;
        }
        self.scale.get_or_insert(scale);
    }

    fn responses(&self) -> u64 {
        self.points.values().sum()
    }

    fn mean(&self) -> Option<f64> {
        let responses = self.responses();
        let total: u64 = self
            .points
            .iter()
            .map(|(point, count)| u64::from(*point) * count)
            .sum();
        #[allow(clippy::cast_precision_loss)] // counts of people stay far below 2^52
        (responses > 0).then(|| total as f64 / responses as f64)
    }
}

/// Who answered, to pair a pre-test with a post-test within an event.
type RespondentKey<'a> = (&'a str, String);

/// The outcomes of `events` (selected, in date order) from `responses`: `kept` says whether a
/// response's respondent is among the people the filters select; `attended` how many attended
/// each event; `may_quote` whether a response's comment may be shown.
pub fn outcomes(
    query: &OutcomesQuery,
    events: &[&Event],
    responses: &[Response],
    attended: &HashMap<&str, u64>,
    kept: &dyn Fn(&Response) -> Result<bool>,
    may_quote: &dyn Fn(&Response) -> bool,
) -> Result<Outcomes> {
    let mut chosen: Vec<&Response> = Vec::new();
    for response in responses {
        if events.iter().any(|event| event.id == response.event) && kept(response)? {
            chosen.push(response);
        }
    }
    let mut by_objective: HashMap<(&str, u32), Ratings> = HashMap::new();
    let mut overall = Ratings::default();
    for response in &chosen {
        let scale = response.scale();
        for (&number, &rating) in &response.ratings {
            let ratings = by_objective
                .entry((response.event.as_str(), number))
                .or_default();
            if ratings.scale.is_some_and(|known| known != scale) {
                return Err(crate::Error::Invalid(format!(
                    "objective {number} of event `{}` is rated on {} in some responses and on {scale} in others; a mean of both would mean nothing",
                    response.event,
                    ratings.scale.unwrap_or(scale)
                )));
            }
            ratings.add(rating, scale);
        }
        if let Some(rating) = response.overall {
            overall.add(rating, scale);
        }
    }
    let (lowest, highest) = by_objective
        .values()
        .filter_map(|ratings| ratings.scale)
        .fold(None, |range: Option<(u32, u32)>, scale| {
            Some(match range {
                None => (scale.lowest(), scale.highest()),
                Some((low, high)) => (low.min(scale.lowest()), high.max(scale.highest())),
            })
        })
        .unwrap_or((Scale::DEFAULT.lowest(), Scale::DEFAULT.highest()));

    let mut columns = vec![
        Column::new("event", "Event", ColumnKind::Dimension),
        Column::new("number", "No.", ColumnKind::Dimension),
        Column::new("objective", "Objective", ColumnKind::Text),
        Column::new("responses", "Responses", ColumnKind::Measure),
        Column::new("mean", "Mean rating", ColumnKind::Measure),
        Column::new("top_two_share", "Top two", ColumnKind::Measure),
    ];
    for point in lowest..=highest {
        columns.push(Column::new(
            format!("rated_{point}"),
            format!("Rated {point}"),
            ColumnKind::Measure,
        ));
    }
    let mut rows = Vec::new();
    for event in events {
        for (index, text) in event.objectives.iter().enumerate() {
            let number = index as u32 + 1;
            let ratings = by_objective
                .get(&(event.id.as_str(), number))
                .cloned()
                .unwrap_or_default();
            let mut row = vec![
                Value::Text(event.id.clone()),
                Value::Count(u64::from(number)),
                Value::Text(text.clone()),
                Value::Count(ratings.responses()),
                ratings
                    .mean()
                    .map_or(Value::Missing, |mean| Value::Mean(round(mean))),
                share(ratings.top_two, ratings.responses()),
            ];
            for point in lowest..=highest {
                row.push(Value::Count(
                    ratings.points.get(&point).copied().unwrap_or_default(),
                ));
            }
            rows.push(row);
        }
    }
    let mut report = Report {
        name: "outcomes",
        dimensions: vec!["event".to_string(), "number".to_string()],
        filters: query.describe(),
        columns,
        rows,
        totals: None,
        min_count: None,
    };
    // Kept before suppression hides them: whether a hidden count would give a share away.
    let top_two_counts: Vec<(u64, u64)> = events
        .iter()
        .flat_map(|event| {
            (1..=event.objectives.len() as u32).map(|number| {
                by_objective
                    .get(&(event.id.as_str(), number))
                    .map_or((0, 0), |ratings| (ratings.top_two, ratings.responses()))
            })
        })
        .collect();
    if let Some(min_count) = query.min_count {
        protect_objectives(&mut report, &top_two_counts, min_count);
    }
    let objectives = report
        .rows
        .iter()
        .map(|row| ObjectiveLine {
            event: match &row[EVENT] {
                Value::Text(text) => text.clone(),
                _ => String::new(),
            },
            number: row[NUMBER].count().unwrap_or_default(),
            text: match &row[TEXT] {
                Value::Text(text) => text.clone(),
                _ => String::new(),
            },
            responses: row[RESPONSES].clone(),
            mean: row[MEAN].clone(),
            top_two_share: row[TOP_TWO].clone(),
        })
        .collect();

    let protection = Protection(query.min_count);
    let aside = OutcomesAside {
        objectives,
        knowledge: knowledge(&chosen, query.mastery, protection),
        overall: rated(&overall, protection),
        response_rates: response_rates(&chosen, events, attended, protection),
        comments: query
            .comments
            .then(|| comments(&chosen, may_quote, protection)),
        mastery: query.mastery,
    };
    Ok(Outcomes { report, aside })
}

/// A mean or a share rounded to four decimals, so JSON and CSV show the same digits everywhere.
fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

fn share(numerator: u64, denominator: u64) -> Value {
    super::rounded_rate(numerator, denominator)
}

/// `--min-count K`, applied to one count or share at a time.
#[derive(Debug, Clone, Copy)]
struct Protection(Option<u64>);

impl Protection {
    fn is_small(self, count: u64) -> bool {
        self.0
            .is_some_and(|min_count| (1..min_count).contains(&count))
    }

    fn count(self, count: u64) -> Value {
        if self.is_small(count) {
            Value::Small
        } else {
            Value::Count(count)
        }
    }

    /// `numerator` of `denominator` as a share, withheld when either the count it stands for or
    /// the count it leaves is small, or the whole is.
    fn share(self, numerator: u64, denominator: u64) -> Value {
        let gives_away = [numerator, denominator - numerator, denominator]
            .into_iter()
            .any(|count| self.is_small(count));
        if gives_away {
            Value::Withheld
        } else {
            share(numerator, denominator)
        }
    }

    /// A mean of `count` values, withheld when the count is small.
    fn mean(self, mean: Option<f64>, count: u64) -> Value {
        match mean {
            Some(_) if self.is_small(count) => Value::Withheld,
            Some(mean) => Value::Mean(round(mean)),
            None => Value::Missing,
        }
    }
}

/// Hides small counts of the objectives' table: each row's points add up to its responses, so
/// a hidden point could be worked out from the others; and withholds a row's mean and share
/// wherever a count of the row is hidden, or the share's count or what it leaves is small.
fn protect_objectives(report: &mut Report, top_two_counts: &[(u64, u64)], min_count: u64) {
    let mut plan = Plan::default();
    let points = report.columns.len() - FIRST_POINT;
    for row in 0..report.rows.len() {
        let total = plan.cell(report, Place::Row(row, RESPONSES));
        let members: Vec<Option<usize>> = (0..points)
            .map(|point| plan.cell(report, Place::Row(row, FIRST_POINT + point)))
            .collect();
        plan.line(total, members);
    }
    plan.apply(report, min_count);
    let protection = Protection(Some(min_count));
    for (row, (top_two, responses)) in report.rows.iter_mut().zip(top_two_counts) {
        let hidden = row[RESPONSES..].iter().any(Value::is_suppressed);
        if hidden || protection.share(*top_two, *responses) == Value::Withheld {
            if row[MEAN] != Value::Missing {
                row[MEAN] = Value::Withheld;
            }
            if row[TOP_TWO] != Value::Missing {
                row[TOP_TWO] = Value::Withheld;
            }
        }
    }
}

/// The overall rating's summary. Its points are not shown, but a mean over a few responses
/// says what they were as well as a count would: the mean and the share are withheld when any
/// point was given by fewer than K, as they are in an objective's row.
fn rated(ratings: &Ratings, protection: Protection) -> Rated {
    let responses = ratings.responses();
    let point_is_small = ratings
        .points
        .values()
        .any(|count| protection.is_small(*count));
    let (mean, top_two_share) = if responses == 0 {
        (Value::Missing, Value::Missing)
    } else if point_is_small {
        (Value::Withheld, Value::Withheld)
    } else {
        (
            protection.mean(ratings.mean(), responses),
            protection.share(ratings.top_two, responses),
        )
    };
    Rated {
        responses: protection.count(responses),
        mean,
        top_two_share,
    }
}

/// Each respondent's pre and post score shares, paired within an event.
fn knowledge(responses: &[&Response], mastery: f64, protection: Protection) -> Knowledge {
    let mut scores: BTreeMap<RespondentKey, (Option<f64>, Option<f64>)> = BTreeMap::new();
    for response in responses {
        let Some(score) = response.score_share() else {
            continue;
        };
        let entry = scores
            .entry((response.event.as_str(), response.respondent()))
            .or_default();
        match response.instrument.as_str() {
            PRE => entry.0 = Some(score),
            POST => entry.1 = Some(score),
            _ => {}
        }
    }
    let paired = paired_statistics(
        scores.values().filter_map(|pair| match pair {
            (Some(pre), Some(post)) => Some((*pre, *post)),
            _ => None,
        }),
        mastery,
    );
    let pre_only = scores
        .values()
        .filter(|pair| matches!(pair, (Some(_), None)))
        .count() as u64;
    let post_only = scores
        .values()
        .filter(|pair| matches!(pair, (None, Some(_))))
        .count() as u64;
    let count = paired.count;
    // Scores are shares of their maximum, and so are their means: rates, not ratings.
    let mean = |value: Option<f64>| match protection.mean(value, count) {
        Value::Mean(share) => Value::Rate(share),
        other => other,
    };
    let share_of = |numerator: u64| {
        if count == 0 {
            Value::Missing
        } else {
            protection.share(numerator, count)
        }
    };
    Knowledge {
        paired: protection.count(count),
        mean_pre: mean(paired.mean_pre),
        mean_post: mean(paired.mean_post),
        mean_gain: mean(paired.mean_gain),
        improved_share: share_of(paired.improved),
        mastery_share: share_of(paired.mastered),
        pre_only: protection.count(pre_only),
        post_only: protection.count(post_only),
    }
}

/// The paired statistics before they are rounded or protected.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Paired {
    pub count: u64,
    pub mean_pre: Option<f64>,
    pub mean_post: Option<f64>,
    pub mean_gain: Option<f64>,
    /// How many scored higher after than before.
    pub improved: u64,
    /// How many scored at least the mastery share after.
    pub mastered: u64,
}

/// The means of pre and post scores (shares of their maximum), of the gain, and how many
/// improved and how many reached `mastery` after, over pairs `(pre, post)`.
pub fn paired_statistics(pairs: impl Iterator<Item = (f64, f64)>, mastery: f64) -> Paired {
    let mut paired = Paired::default();
    let (mut pre_sum, mut post_sum) = (0.0, 0.0);
    for (pre, post) in pairs {
        paired.count += 1;
        pre_sum += pre;
        post_sum += post;
        if post > pre {
            paired.improved += 1;
        }
        if post >= mastery {
            paired.mastered += 1;
        }
    }
    if paired.count > 0 {
        #[allow(clippy::cast_precision_loss)] // counts of people stay far below 2^52
        let count = paired.count as f64;
        paired.mean_pre = Some(pre_sum / count);
        paired.mean_post = Some(post_sum / count);
        // The mean of the gains is the gain of the means; worked out so, it adds no rounding.
        paired.mean_gain = Some((post_sum - pre_sum) / count);
    }
    paired
}

/// Each instrument's respondents (the pre-test, post-test and feedback form first, then any
/// other in name order) against those who attended the events it was given at.
fn response_rates(
    responses: &[&Response],
    events: &[&Event],
    attended: &HashMap<&str, u64>,
    protection: Protection,
) -> Vec<ResponseRate> {
    let mut by_instrument: BTreeMap<(usize, &str), (u64, Vec<&str>)> = BTreeMap::new();
    for response in responses {
        let instrument = response.instrument.as_str();
        let rank = [PRE, POST, FEEDBACK]
            .iter()
            .position(|known| *known == instrument)
            .unwrap_or(3);
        let entry = by_instrument.entry((rank, instrument)).or_default();
        entry.0 += 1;
        if !entry.1.contains(&response.event.as_str()) {
            entry.1.push(response.event.as_str());
        }
    }
    by_instrument
        .into_iter()
        .map(|((_, instrument), (count, given_at))| {
            let came: u64 = events
                .iter()
                .filter(|event| given_at.contains(&event.id.as_str()))
                .map(|event| attended.get(event.id.as_str()).copied().unwrap_or_default())
                .sum();
            let responses = protection.count(count);
            let attended_value = protection.count(came);
            let rate = if came == 0 {
                Value::Missing
            } else if responses.is_suppressed() || attended_value.is_suppressed() {
                Value::Withheld
            } else {
                share(count, came)
            };
            ResponseRate {
                instrument: instrument.to_string(),
                responses,
                attended: attended_value,
                rate,
            }
        })
        .collect()
}

/// The comments that may be shown, sorted; none at all when fewer than `--min-count` people
/// wrote one, since a few comments from a small group can say who wrote them.
fn comments(
    responses: &[&Response],
    may_quote: &dyn Fn(&Response) -> bool,
    protection: Protection,
) -> Vec<String> {
    let mut comments: Vec<String> = responses
        .iter()
        .filter(|response| may_quote(response))
        .filter_map(|response| response.comment.clone())
        .collect();
    if protection.is_small(comments.len() as u64) {
        return Vec::new();
    }
    comments.sort();
    comments
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The statistics of the pairs worked out the long way: each gain, each comparison.
    fn naive(pairs: &[(f64, f64)], mastery: f64) -> Paired {
        if pairs.is_empty() {
            return Paired::default();
        }
        let count = pairs.len() as f64;
        let gains: Vec<f64> = pairs.iter().map(|(pre, post)| post - pre).collect();
        Paired {
            count: pairs.len() as u64,
            mean_pre: Some(pairs.iter().map(|pair| pair.0).sum::<f64>() / count),
            mean_post: Some(pairs.iter().map(|pair| pair.1).sum::<f64>() / count),
            mean_gain: Some(gains.iter().sum::<f64>() / count),
            improved: gains.iter().filter(|gain| **gain > 0.0).count() as u64,
            mastered: pairs.iter().filter(|pair| pair.1 >= mastery).count() as u64,
        }
    }

    fn close(a: Option<f64>, b: Option<f64>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        }
    }

    proptest! {
        /// Scores as a quiz gives them (points of a maximum), paired as the report pairs them.
        #[test]
        fn paired_statistics_match_a_naive_computation(
            tests in proptest::collection::vec((0u32..=30, 0u32..=30, 1u32..=30), 0..40),
            mastery in 0.0f64..=1.0,
        ) {
            let pairs: Vec<(f64, f64)> = tests
                .iter()
                .map(|(pre, post, max)| {
                    let max = f64::from(*max);
                    (f64::from(*pre).min(max) / max, f64::from(*post).min(max) / max)
                })
                .collect();
            let fast = paired_statistics(pairs.iter().copied(), mastery);
            let slow = naive(&pairs, mastery);
            prop_assert_eq!(fast.count, slow.count);
            prop_assert_eq!(fast.improved, slow.improved);
            prop_assert_eq!(fast.mastered, slow.mastered);
            prop_assert!(close(fast.mean_pre, slow.mean_pre));
            prop_assert!(close(fast.mean_post, slow.mean_post));
            prop_assert!(close(fast.mean_gain, slow.mean_gain));
        }

        /// Whatever the answers, no count from 1 to K-1 is shown in any part of the report,
        /// and a share or mean beside a hidden count is never shown either.
        #[test]
        fn no_small_count_is_shown_anywhere(
            answers in proptest::collection::vec(
                (0usize..6, 0u8..3, proptest::option::of(1u32..=5), proptest::option::of(0u32..=10)),
                0..30,
            ),
            min_count in 2u64..6,
        ) {
            let event: Event = serde_json::from_value(serde_json::json!({
                "id": "e", "title": "E", "objectives": ["A", "B"]})).unwrap();
            let instruments = [PRE, POST, FEEDBACK];
            let responses: Vec<Response> = answers
                .iter()
                .map(|(who, instrument, rating, score)| Response {
                    event: "e".into(),
                    instrument: instruments[*instrument as usize].into(),
                    participant: None,
                    code: Some(format!("C{who}")),
                    score: score.map(f64::from),
                    max_score: score.map(|_| 10.0),
                    scale: None,
                    ratings: rating.map(|rating| (1, rating)).into_iter().collect(),
                    overall: *rating,
                    comment: None,
                    extra: Default::default(),
                })
                .collect();
            // Keyed by respondent and instrument, as the store keeps them.
            let mut seen = std::collections::HashSet::new();
            let responses: Vec<Response> = responses
                .into_iter()
                .filter(|response| seen.insert((response.instrument.clone(), response.code.clone())))
                .collect();
            let query = OutcomesQuery { min_count: Some(min_count), ..OutcomesQuery::default() };
            let attended = HashMap::from([("e", 7)]);
            let made = outcomes(&query, &[&event], &responses, &attended, &|_| Ok(true), &|_| true)
                .unwrap();
            let small = |value: &Value| value.count().is_some_and(|count| (1..min_count).contains(&count));
            for row in &made.report.rows {
                prop_assert!(!row[RESPONSES..].iter().any(small), "{row:?}");
                if row[RESPONSES..].iter().any(Value::is_suppressed) {
                    prop_assert!(!matches!(row[MEAN], Value::Mean(_)));
                    prop_assert!(!matches!(row[TOP_TWO], Value::Rate(_)));
                }
            }
            let knowledge = &made.aside.knowledge;
            for count in [&knowledge.paired, &knowledge.pre_only, &knowledge.post_only] {
                prop_assert!(!small(count));
            }
            if knowledge.paired.is_suppressed() {
                prop_assert!(!matches!(knowledge.mean_gain, Value::Mean(_)));
                prop_assert!(!matches!(knowledge.improved_share, Value::Rate(_)));
            }
            for rate in &made.aside.response_rates {
                prop_assert!(!small(&rate.responses));
            }
            prop_assert!(!small(&made.aside.overall.responses));
        }
    }
}
