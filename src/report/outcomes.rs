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

use rustc_hash::{FxHashMap, FxHashSet};

use super::dimension::dimension_columns;
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
    /// The names of the `--by` columns, which each line's `group` and each of `knowledge_by`
    /// give values of.
    pub group_columns: Vec<String>,
    pub knowledge: Knowledge,
    /// With `--by`, the knowledge of each group.
    pub knowledge_by: Vec<(Vec<Value>, Knowledge)>,
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
    /// The `--by` values of the row.
    pub group: Vec<Value>,
    pub number: u64,
    /// The highest point of the scale it was rated on, when anyone rated it.
    pub highest: Option<u32>,
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

/// Where each column of the objectives' table is: the event, the `--by` groups, then the
/// objective and its ratings, a column per point of the scale last.
#[derive(Debug, Clone, Copy)]
struct Layout {
    groups: usize,
}

impl Layout {
    const EVENT: usize = 0;

    fn number(self) -> usize {
        1 + self.groups
    }

    fn text(self) -> usize {
        2 + self.groups
    }

    fn responses(self) -> usize {
        3 + self.groups
    }

    fn mean(self) -> usize {
        4 + self.groups
    }

    fn top_two(self) -> usize {
        5 + self.groups
    }

    fn first_point(self) -> usize {
        6 + self.groups
    }
}

/// The values of the `--by` dimensions for one response, `None` where not recorded.
pub type Group = Vec<Option<String>>;

/// What the outcomes are worked out from besides the responses.
pub struct Sources<'s> {
    /// How many attended each event, among the people the filters select.
    pub attended: &'s HashMap<&'s str, u64>,
    /// Whether a response's respondent is among the people the filters select.
    pub kept: &'s dyn Fn(&Response) -> Result<bool>,
    /// Whether a response's comment may be shown.
    pub may_quote: &'s dyn Fn(&Response) -> bool,
    /// The `--by` values of a response: its respondent's (a code has none) and its event's.
    pub group_of: &'s dyn Fn(&Response) -> Result<Group>,
}

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
    /// Counts one rating of objective `number` of `event` (0: the event overall), refusing a
    /// second scale: a mean over two scales would mean nothing.
    fn add(&mut self, rating: u32, scale: Scale, event: &str, number: u32) -> Result<()> {
        if let Some(known) = self.scale
            && known != scale
        {
            let what = if number == 0 {
                "the event as a whole".to_string()
            } else {
                format!("objective {number}")
            };
            return Err(crate::Error::Invalid(format!(
                "{what} of event `{event}` is rated on {known} in some responses and on {scale} in others; a mean of both would mean nothing"
            )));
        }
        self.scale = Some(scale);
        *self.points.entry(rating).or_default() += 1;
        if rating + 1 >= scale.highest() {
            self.top_two += 1;
        }
        Ok(())
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

/// Who answered, to pair a pre-test with a post-test within an event: the event, and the
/// participant or the code (a response has one of the two), borrowed from the response.
type RespondentKey<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

/// The outcomes of `events` (selected, in date order) from `responses` (see [`Sources`]).
pub fn outcomes<'r>(
    query: &OutcomesQuery,
    events: &[&Event],
    responses: impl IntoIterator<Item = &'r Response>,
    sources: &Sources,
) -> Result<Outcomes> {
    // Looked up once per response, of which a store may hold millions.
    let selected: FxHashSet<&str> = events.iter().map(|event| event.id.as_str()).collect();
    let mut chosen: Vec<(&Response, Group)> = Vec::new();
    for response in responses {
        if selected.contains(response.event.as_str()) && (sources.kept)(response)? {
            chosen.push((response, (sources.group_of)(response)?));
        }
    }
    let layout = Layout {
        groups: query.dimensions.len(),
    };
    // Read back objective by objective in the events' order, so a hash map will do.
    let mut by_objective: FxHashMap<(&str, u32), BTreeMap<GroupOrder, Ratings>> =
        FxHashMap::default();
    let mut overall = Ratings::default();
    for (response, group) in &chosen {
        let scale = response.scale();
        for (&number, &rating) in &response.ratings {
            let ratings = by_objective
                .entry((response.event.as_str(), number))
                .or_default()
                .entry(GroupOrder(group.clone()))
                .or_default();
            ratings.add(rating, scale, &response.event, number)?;
        }
        if let Some(rating) = response.overall {
            overall.add(rating, scale, &response.event, 0)?;
        }
    }
    let (lowest, highest) = by_objective
        .values()
        .flat_map(BTreeMap::values)
        .filter_map(|ratings| ratings.scale)
        .fold(None, |range: Option<(u32, u32)>, scale| {
            Some(match range {
                None => (scale.lowest(), scale.highest()),
                Some((low, high)) => (low.min(scale.lowest()), high.max(scale.highest())),
            })
        })
        .unwrap_or((Scale::DEFAULT.lowest(), Scale::DEFAULT.highest()));

    let mut columns = vec![Column::new("event", "Event", ColumnKind::Dimension)];
    columns.extend(dimension_columns(&query.dimensions));
    columns.extend([
        Column::new("number", "No.", ColumnKind::Dimension),
        Column::new("objective", "Objective", ColumnKind::Text),
        Column::new("responses", "Responses", ColumnKind::Measure),
        Column::new("mean", "Mean rating", ColumnKind::Measure),
        Column::new("top_two_share", "Top two", ColumnKind::Measure),
    ]);
    for point in lowest..=highest {
        columns.push(Column::new(
            format!("rated_{point}"),
            format!("Rated {point}"),
            ColumnKind::Measure,
        ));
    }
    let mut rows = Vec::new();
    // Kept before suppression hides them: whether a hidden count would give a share away.
    let mut top_two_counts: Vec<(u64, u64)> = Vec::new();
    let mut highest_points: Vec<Option<u32>> = Vec::new();
    let nobody = BTreeMap::from([(
        GroupOrder(vec![None; query.dimensions.len()]),
        Ratings::default(),
    )]);
    for event in events {
        for (index, text) in event.objectives.iter().enumerate() {
            let number = index as u32 + 1;
            // An objective nobody rated is still a row: the funder asked about each of them.
            let groups = by_objective
                .get(&(event.id.as_str(), number))
                .unwrap_or(&nobody);
            for (group, ratings) in groups {
                let mut row = vec![Value::Text(event.id.clone())];
                row.extend(group.0.iter().map(|value| Value::text(value.as_deref())));
                row.extend([
                    Value::Count(u64::from(number)),
                    Value::Text(text.clone()),
                    Value::Count(ratings.responses()),
                    ratings
                        .mean()
                        .map_or(Value::Missing, |mean| Value::Mean(round(mean))),
                    share(ratings.top_two, ratings.responses()),
                ]);
                for point in lowest..=highest {
                    row.push(Value::Count(
                        ratings.points.get(&point).copied().unwrap_or_default(),
                    ));
                }
                rows.push(row);
                top_two_counts.push((ratings.top_two, ratings.responses()));
                highest_points.push(ratings.scale.map(Scale::highest));
            }
        }
    }
    let mut dimensions = vec!["event".to_string()];
    dimensions.extend(
        query
            .dimensions
            .iter()
            .map(|dimension| dimension.column_name()),
    );
    dimensions.push("number".to_string());
    let mut report = Report {
        name: "outcomes",
        dimensions,
        filters: query.describe(),
        columns,
        rows,
        totals: None,
        min_count: None,
    };
    if let Some(min_count) = query.min_count {
        protect_objectives(&mut report, layout, &top_two_counts, min_count);
    }
    let text_of = |value: &Value| match value {
        Value::Text(text) => text.clone(),
        _ => String::new(),
    };
    let objectives = report
        .rows
        .iter()
        .zip(&highest_points)
        .map(|(row, highest)| ObjectiveLine {
            event: text_of(&row[Layout::EVENT]),
            highest: *highest,
            group: row[1..=layout.groups].to_vec(),
            number: row[layout.number()].count().unwrap_or_default(),
            text: text_of(&row[layout.text()]),
            responses: row[layout.responses()].clone(),
            mean: row[layout.mean()].clone(),
            top_two_share: row[layout.top_two()].clone(),
        })
        .collect();

    let protection = Protection(query.min_count);
    let everyone: Vec<&Response> = chosen.iter().map(|(response, _)| *response).collect();
    let knowledge_by = if query.dimensions.is_empty() {
        Vec::new()
    } else {
        let mut groups: BTreeMap<GroupOrder, Vec<&Response>> = BTreeMap::new();
        for (response, group) in &chosen {
            groups
                .entry(GroupOrder(group.clone()))
                .or_default()
                .push(response);
        }
        groups
            .into_iter()
            .map(|(group, responses)| {
                let values = group.0.iter().map(|value| Value::text(value.as_deref()));
                (
                    values.collect(),
                    knowledge(&responses, query.mastery, protection),
                )
            })
            .collect()
    };
    let aside = OutcomesAside {
        objectives,
        group_columns: query
            .dimensions
            .iter()
            .map(|dimension| dimension.column_name())
            .collect(),
        knowledge: knowledge(&everyone, query.mastery, protection),
        knowledge_by,
        overall: rated(&overall, protection),
        response_rates: response_rates(&everyone, events, sources.attended, protection),
        comments: query
            .comments
            .then(|| comments(&everyone, sources.may_quote, protection)),
        mastery: query.mastery,
    };
    Ok(Outcomes { report, aside })
}

/// A group's values in the order a report lists them: as text, not recorded last.
#[derive(Debug, Clone, PartialEq, Eq)]
struct GroupOrder(Group);

impl Ord for GroupOrder {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |group: &GroupOrder| {
            group
                .0
                .iter()
                .map(|value| (value.is_none(), value.clone()))
                .collect::<Vec<_>>()
        };
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for GroupOrder {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
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
fn protect_objectives(
    report: &mut Report,
    layout: Layout,
    top_two_counts: &[(u64, u64)],
    min_count: u64,
) {
    let mut plan = Plan::default();
    let points = report.columns.len() - layout.first_point();
    for row in 0..report.rows.len() {
        let total = plan.cell(report, Place::Row(row, layout.responses()));
        let members: Vec<Option<usize>> = (0..points)
            .map(|point| plan.cell(report, Place::Row(row, layout.first_point() + point)))
            .collect();
        plan.line(total, members);
    }
    plan.apply(report, min_count);
    let protection = Protection(Some(min_count));
    for (row, (top_two, responses)) in report.rows.iter_mut().zip(top_two_counts) {
        let hidden = row[layout.responses()..].iter().any(Value::is_suppressed);
        if hidden || protection.share(*top_two, *responses) == Value::Withheld {
            for column in [layout.mean(), layout.top_two()] {
                if row[column] != Value::Missing {
                    row[column] = Value::Withheld;
                }
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
    // Each respondent's place in `pairs`, which keeps them in the order the file first gives
    // them: the means are summed in that order, the same to the last digit on every run.
    let mut place: FxHashMap<RespondentKey, usize> = FxHashMap::default();
    let mut pairs: Vec<(Option<f64>, Option<f64>)> = Vec::new();
    for response in responses {
        let Some(score) = response.score_share() else {
            continue;
        };
        let key = (
            response.event.as_str(),
            response.participant.as_deref(),
            response.code.as_deref(),
        );
        let index = *place.entry(key).or_insert_with(|| {
            pairs.push((None, None));
            pairs.len() - 1
        });
        let entry = &mut pairs[index];
        match response.instrument.as_str() {
            PRE => entry.0 = Some(score),
            POST => entry.1 = Some(score),
            _ => {}
        }
    }
    let scores = &pairs;
    let paired = paired_statistics(
        scores.iter().filter_map(|pair| match pair {
            (Some(pre), Some(post)) => Some((*pre, *post)),
            _ => None,
        }),
        mastery,
    );
    let pre_only = scores
        .iter()
        .filter(|pair| matches!(pair, (Some(_), None)))
        .count() as u64;
    let post_only = scores
        .iter()
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
    let mut by_instrument: BTreeMap<(usize, &str), (u64, FxHashSet<&str>)> = BTreeMap::new();
    for response in responses {
        let instrument = response.instrument.as_str();
        let rank = [PRE, POST, FEEDBACK]
            .iter()
            .position(|known| *known == instrument)
            .unwrap_or(3);
        let entry = by_instrument.entry((rank, instrument)).or_default();
        entry.0 += 1;
        entry.1.insert(response.event.as_str());
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
            let sources = Sources {
                attended: &attended,
                kept: &|_| Ok(true),
                may_quote: &|_| true,
                group_of: &|_| Ok(Vec::new()),
            };
            let made = outcomes(&query, &[&event], &responses, &sources).unwrap();
            let layout = Layout { groups: 0 };
            let (responses_at, mean_at, top_two_at) =
                (layout.responses(), layout.mean(), layout.top_two());
            let small = |value: &Value| value.count().is_some_and(|count| (1..min_count).contains(&count));
            for row in &made.report.rows {
                prop_assert!(!row[responses_at..].iter().any(small), "{row:?}");
                if row[responses_at..].iter().any(Value::is_suppressed) {
                    prop_assert!(!matches!(row[mean_at], Value::Mean(_)));
                    prop_assert!(!matches!(row[top_two_at], Value::Rate(_)));
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
            // A share shown never stands for, or leaves, a small count of people: worked out
            // here the long way from the pairs.
            let score_of = |instrument: &str, code: &Option<String>| {
                responses
                    .iter()
                    .find(|response| response.instrument == instrument && &response.code == code)
                    .and_then(Response::score_share)
            };
            let pairs: Vec<(f64, f64)> = responses
                .iter()
                .filter(|response| response.instrument == PRE)
                .filter_map(|response| {
                    Some((score_of(PRE, &response.code)?, score_of(POST, &response.code)?))
                })
                .collect();
            let improved = pairs.iter().filter(|(pre, post)| post > pre).count() as u64;
            let mastered = pairs.iter().filter(|(_, post)| *post >= query.mastery).count() as u64;
            let paired = pairs.len() as u64;
            let is_small = |count: u64| (1..min_count).contains(&count);
            for (share, count) in [
                (&knowledge.improved_share, improved),
                (&knowledge.mastery_share, mastered),
            ] {
                if matches!(share, Value::Rate(_)) {
                    prop_assert!(!is_small(count) && !is_small(paired - count), "{share:?} of {count}/{paired}");
                }
            }
            prop_assert!(!small(&made.aside.overall.responses));
        }
    }
}
