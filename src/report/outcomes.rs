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

use rustc_hash::FxHashMap;

use super::dimension::dimension_columns;
use super::query::OutcomesQuery;
use super::suppression::{Place, Plan};
use super::{Column, ColumnKind, Report, Value};
use crate::error::Result;
use crate::model::Event;
use crate::model::response::{FEEDBACK, POST, PRE, ResponseRow, Scale};

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

/// Who answered, to pair a pre-test with a post-test within an event.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Respondent {
    /// A participant, by their place in the people list.
    Person(u32),
    /// The code an anonymous form asked for.
    Code(Box<str>),
}

/// Whom a response counts for: its respondent, and its `--by` values.
pub type CountedAs = (Respondent, Group);

/// What the responses are tallied with besides themselves.
pub struct Sources<'s> {
    /// A response's respondent and its `--by` values (a code has none of a person's), or
    /// `None` when the filters leave the respondent out.
    pub respondent: &'s (dyn Fn(&ResponseRow) -> Result<Option<CountedAs>> + Sync),
    /// Whether a response's comment may be shown.
    pub may_quote: &'s (dyn Fn(&ResponseRow) -> bool + Sync),
}

/// The most points a rating may take, 0 to [`Scale::MOST_POINTS`], each a place to count in.
const POINTS: usize = Scale::MOST_POINTS as usize + 1;

/// The ratings of one objective (or of the event overall).
#[derive(Debug, Clone)]
struct RatingCounts {
    /// How many gave each point.
    points: [u64; POINTS],
    /// How many were in the top two points of the scale they rated on.
    top_two: u64,
    scale: Option<Scale>,
}

impl Default for RatingCounts {
    fn default() -> Self {
        RatingCounts {
            points: [0; POINTS],
            top_two: 0,
            scale: None,
        }
    }
}

impl RatingCounts {
    /// Counts one rating of objective `number` of `event` (0: the event overall).
    fn add(&mut self, rating: u32, scale: Scale, event: &str, number: u32) -> Result<()> {
        self.take_scale(scale, event, number)?;
        // A row's ratings are within its scale, which has at most `POINTS` points.
        self.points[rating as usize] += 1;
        if rating + 1 >= scale.highest() {
            self.top_two += 1;
        }
        Ok(())
    }

    /// Adds the counts of another part of the file.
    fn merge(&mut self, other: &RatingCounts, event: &str, number: u32) -> Result<()> {
        if let Some(scale) = other.scale {
            self.take_scale(scale, event, number)?;
        }
        for (mine, theirs) in self.points.iter_mut().zip(other.points) {
            *mine += theirs;
        }
        self.top_two += other.top_two;
        Ok(())
    }

    /// Refuses a second scale: a mean over two scales would mean nothing.
    fn take_scale(&mut self, scale: Scale, event: &str, number: u32) -> Result<()> {
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
        Ok(())
    }

    fn count_of(&self, point: u32) -> u64 {
        self.points.get(point as usize).copied().unwrap_or_default()
    }

    fn responses(&self) -> u64 {
        self.points.iter().sum()
    }

    fn mean(&self) -> Option<f64> {
        let responses = self.responses();
        let total: u64 = (0u64..)
            .zip(self.points)
            .map(|(point, count)| point * count)
            .sum();
        #[allow(clippy::cast_precision_loss)] // counts of people stay far below 2^52
        (responses > 0).then(|| total as f64 / responses as f64)
    }
}

/// One respondent's pre-test and post-test score shares within an event, and their group.
///
/// A share not taken is NaN, which no share is (a score and its maximum are finite, the
/// maximum above 0): a table of half a million of these is 24 bytes an entry, not 40.
#[derive(Debug, Clone)]
struct Scores {
    pre: f64,
    post: f64,
    group: u32,
}

impl Scores {
    fn new(group: u32) -> Self {
        Scores {
            pre: f64::NAN,
            post: f64::NAN,
            group,
        }
    }

    fn pre(&self) -> Option<f64> {
        (!self.pre.is_nan()).then_some(self.pre)
    }

    fn post(&self) -> Option<f64> {
        (!self.post.is_nan()).then_some(self.post)
    }

    /// Takes the shares `other` has, as a later line of the file would.
    fn take(&mut self, other: &Scores) {
        if let Some(pre) = other.pre() {
            self.pre = pre;
        }
        if let Some(post) = other.post() {
            self.post = post;
        }
    }
}

/// The scores of one event's respondents, in the order the file first gives them. An event has
/// a few hundred respondents, so its tables stay in the cache while its lines are read.
#[derive(Debug, Default)]
struct EventScores {
    people: FxHashMap<u32, u32>,
    codes: FxHashMap<Box<str>, u32>,
    scores: Vec<Scores>,
}

impl EventScores {
    fn scores_of(&mut self, respondent: Respondent, group: u32) -> &mut Scores {
        let next = self.scores.len() as u32;
        let place = *match respondent {
            Respondent::Person(person) => self.people.entry(person).or_insert(next),
            Respondent::Code(code) => self.codes.entry(code).or_insert(next),
        };
        if place == next {
            self.scores.push(Scores::new(group));
        }
        &mut self.scores[place as usize]
    }

    /// Takes in the same event's scores from a later part of the file; `groups` gives the
    /// place here of each of the part's groups.
    fn absorb(&mut self, part: EventScores, groups: &[u32]) {
        let people =
            (part.people.into_iter()).map(|(person, place)| (Respondent::Person(person), place));
        let codes = (part.codes.into_iter()).map(|(code, place)| (Respondent::Code(code), place));
        // The part's respondents in the order it first met them, as its places give it.
        let mut keys: Vec<Option<Respondent>> = vec![None; part.scores.len()];
        for (respondent, place) in people.chain(codes) {
            keys[place as usize] = Some(respondent);
        }
        for (respondent, theirs) in keys.into_iter().zip(&part.scores) {
            let respondent = respondent.expect("each place in the scores has its respondent");
            self.scores_of(respondent, groups[theirs.group as usize])
                .take(theirs);
        }
    }
}

/// The selected events by id, with their places in the report's order.
pub type EventPlaces<'e> = FxHashMap<&'e str, u32>;

/// The places of `events`, for [`Tally::new`].
pub fn event_places<'e>(events: &[&'e Event]) -> EventPlaces<'e> {
    (0u32..)
        .zip(events)
        .map(|(place, event)| (event.id.as_str(), place))
        .collect()
}

/// What the report counts of the responses, folded one response at a time, on each core over
/// its part of the file, and the parts then merged: a million responses are never held.
pub struct Tally<'s> {
    events: &'s EventPlaces<'s>,
    /// The `--by` groups met, each counted under its place here.
    groups: Vec<Group>,
    group_places: FxHashMap<Group, u32>,
    /// By event, objective and group.
    ratings: FxHashMap<(u32, u32, u32), RatingCounts>,
    /// By event: a scale is checked across events once every part is in.
    overall: FxHashMap<u32, RatingCounts>,
    /// The respondents' scores of each event, by the event's place.
    scores: Vec<EventScores>,
    /// The events in the order the file first gives a score at them. The means are summed
    /// in this order, and each event's respondents in the order the file first gives them:
    /// the same to the last digit on every run, however the file was cut into parts.
    scored_events: Vec<u32>,
    /// Each instrument's responses at each event.
    instruments: Vec<(String, Vec<u64>)>,
    /// The comments that may be shown, when asked for.
    comments: Option<Vec<String>>,
}

impl<'s> Tally<'s> {
    pub fn new(events: &'s EventPlaces<'s>, comments: bool) -> Self {
        Tally {
            events,
            groups: Vec::new(),
            group_places: FxHashMap::default(),
            ratings: FxHashMap::default(),
            overall: FxHashMap::default(),
            scores: (0..events.len()).map(|_| EventScores::default()).collect(),
            scored_events: Vec::new(),
            instruments: Vec::new(),
            comments: comments.then(Vec::new),
        }
    }

    /// Counts one response, if it is of a selected event and its respondent is selected.
    pub fn add(&mut self, row: &ResponseRow, sources: &Sources) -> Result<()> {
        let Some(&event) = self.events.get(&*row.event) else {
            return Ok(());
        };
        let Some((respondent, group)) = (sources.respondent)(row)? else {
            return Ok(());
        };
        let group = self.group_place(group);
        let scale = row.scale();
        for &(number, rating) in &row.ratings {
            self.ratings
                .entry((event, number, group))
                .or_default()
                .add(rating, scale, &row.event, number)?;
        }
        if let Some(rating) = row.overall {
            self.overall
                .entry(event)
                .or_default()
                .add(rating, scale, &row.event, 0)?;
        }
        let instrument = &*row.instrument;
        if let Some(share) = row.score_share()
            && (instrument == PRE || instrument == POST)
        {
            let scores = self.scores_of(event, respondent, group);
            if instrument == PRE {
                scores.pre = share;
            } else {
                scores.post = share;
            }
        }
        let place = match self
            .instruments
            .iter()
            .position(|(known, _)| known == instrument)
        {
            Some(place) => place,
            None => {
                let events = vec![0; self.events.len()];
                self.instruments.push((instrument.to_string(), events));
                self.instruments.len() - 1
            }
        };
        self.instruments[place].1[event as usize] += 1;
        if let Some(comments) = &mut self.comments
            && let Some(comment) = &row.comment
            && (sources.may_quote)(row)
        {
            comments.push(comment.to_string());
        }
        Ok(())
    }

    fn group_place(&mut self, group: Group) -> u32 {
        if let Some(&place) = self.group_places.get(&group) {
            return place;
        }
        let place = self.groups.len() as u32;
        self.groups.push(group.clone());
        self.group_places.insert(group, place);
        place
    }

    fn scores_of(&mut self, event: u32, respondent: Respondent, group: u32) -> &mut Scores {
        let at_event = &mut self.scores[event as usize];
        if at_event.scores.is_empty() {
            self.scored_events.push(event);
        }
        at_event.scores_of(respondent, group)
    }

    /// Every respondent's scores, in the order they are summed.
    fn all_scores(&self) -> impl Iterator<Item = &Scores> {
        (self.scored_events.iter()).flat_map(|event| &self.scores[*event as usize].scores)
    }

    /// Adds the tally of the next part of the file, as if the two parts had been read in one
    /// go.
    pub fn absorb(&mut self, mut part: Tally<'s>) -> Result<()> {
        let mut ids = vec![""; self.events.len()];
        for (id, place) in self.events {
            ids[*place as usize] = id;
        }
        let groups: Vec<u32> = part
            .groups
            .into_iter()
            .map(|group| self.group_place(group))
            .collect();
        for ((event, number, group), counts) in &part.ratings {
            let key = (*event, *number, groups[*group as usize]);
            self.ratings
                .entry(key)
                .or_default()
                .merge(counts, ids[*event as usize], *number)?;
        }
        for (event, counts) in &part.overall {
            self.overall
                .entry(*event)
                .or_default()
                .merge(counts, ids[*event as usize], 0)?;
        }
        for event in part.scored_events {
            let theirs = std::mem::take(&mut part.scores[event as usize]);
            let mine = &mut self.scores[event as usize];
            if mine.scores.is_empty() {
                self.scored_events.push(event);
            }
            mine.absorb(theirs, &groups);
        }
        for (instrument, counts) in part.instruments {
            match self
                .instruments
                .iter_mut()
                .find(|(known, _)| *known == instrument)
            {
                Some((_, mine)) => {
                    for (mine, theirs) in mine.iter_mut().zip(counts) {
                        *mine += theirs;
                    }
                }
                None => self.instruments.push((instrument, counts)),
            }
        }
        if let (Some(mine), Some(theirs)) = (&mut self.comments, part.comments) {
            mine.extend(theirs);
        }
        Ok(())
    }
}

/// The outcomes of `events` (selected, in date order, as [`event_places`] placed them) from
/// the tally of their responses and how many attended each.
pub fn outcomes(
    query: &OutcomesQuery,
    events: &[&Event],
    mut tally: Tally,
    attended: &HashMap<&str, u64>,
) -> Result<Outcomes> {
    let layout = Layout {
        groups: query.dimensions.len(),
    };
    // Read back objective by objective in the events' order, so a hash map will do.
    let mut by_objective: FxHashMap<(u32, u32), BTreeMap<GroupOrder, RatingCounts>> =
        FxHashMap::default();
    for ((event, number, group), counts) in std::mem::take(&mut tally.ratings) {
        by_objective
            .entry((event, number))
            .or_default()
            .insert(GroupOrder(tally.groups[group as usize].clone()), counts);
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
        RatingCounts::default(),
    )]);
    for (place, event) in (0u32..).zip(events) {
        for (index, text) in event.objectives.iter().enumerate() {
            let number = index as u32 + 1;
            // An objective nobody rated is still a row: the funder asked about each of them.
            let groups = by_objective.get(&(place, number)).unwrap_or(&nobody);
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
                    row.push(Value::Count(ratings.count_of(point)));
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
    let mut overall = RatingCounts::default();
    for (place, event) in (0u32..).zip(events) {
        if let Some(counts) = tally.overall.get(&place) {
            overall.merge(counts, &event.id, 0)?;
        }
    }
    let knowledge_by = if query.dimensions.is_empty() {
        Vec::new()
    } else {
        let mut groups: Vec<(GroupOrder, u32)> = (0u32..)
            .zip(&tally.groups)
            .map(|(place, group)| (GroupOrder(group.clone()), place))
            .collect();
        groups.sort();
        groups
            .into_iter()
            .map(|(group, place)| {
                let values = group.0.iter().map(|value| Value::text(value.as_deref()));
                let scores = tally.all_scores().filter(|scores| scores.group == place);
                (
                    values.collect(),
                    knowledge(scores, query.mastery, protection),
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
        knowledge: knowledge(tally.all_scores(), query.mastery, protection),
        knowledge_by,
        overall: rated(&overall, protection),
        response_rates: response_rates(&tally.instruments, events, attended, protection),
        comments: tally
            .comments
            .map(|comments| protect_comments(comments, protection)),
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
fn rated(ratings: &RatingCounts, protection: Protection) -> Rated {
    let responses = ratings.responses();
    let point_is_small = ratings
        .points
        .iter()
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

/// What the tests say of knowledge, from each respondent's pre and post score shares.
fn knowledge<'t>(
    scores: impl Iterator<Item = &'t Scores>,
    mastery: f64,
    protection: Protection,
) -> Knowledge {
    let pairs: Vec<(Option<f64>, Option<f64>)> =
        scores.map(|scores| (scores.pre(), scores.post())).collect();
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
    instruments: &[(String, Vec<u64>)],
    events: &[&Event],
    attended: &HashMap<&str, u64>,
    protection: Protection,
) -> Vec<ResponseRate> {
    let mut by_instrument: BTreeMap<(usize, &str), &[u64]> = BTreeMap::new();
    for (instrument, at_events) in instruments {
        let rank = [PRE, POST, FEEDBACK]
            .iter()
            .position(|known| known == instrument)
            .unwrap_or(3);
        by_instrument.insert((rank, instrument), at_events);
    }
    by_instrument
        .into_iter()
        .map(|((_, instrument), at_events)| {
            let count: u64 = at_events.iter().sum();
            let came: u64 = events
                .iter()
                .zip(at_events)
                .filter(|(_, responses)| **responses > 0)
                .map(|(event, _)| attended.get(event.id.as_str()).copied().unwrap_or_default())
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
fn protect_comments(mut comments: Vec<String>, protection: Protection) -> Vec<String> {
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
    use crate::model::Response;

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

    /// The outcomes of `responses`, each respondent their code, tallied in two parts as the
    /// store's reader would on two cores.
    fn outcomes_of(
        query: &OutcomesQuery,
        event: &Event,
        responses: &[Response],
        attended: &HashMap<&str, u64>,
    ) -> Outcomes {
        let events = [event];
        let places = event_places(&events);
        let respondent = |row: &ResponseRow| -> Result<Option<CountedAs>> {
            let code = row.code.as_deref().unwrap_or_default();
            Ok(Some((Respondent::Code(code.into()), Group::new())))
        };
        let sources = Sources {
            respondent: &respondent,
            may_quote: &|_| true,
        };
        let (first, second) = responses.split_at(responses.len() / 2);
        let mut tally = Tally::new(&places, query.comments);
        let mut rest = Tally::new(&places, query.comments);
        for (part, responses) in [(&mut tally, first), (&mut rest, second)] {
            for response in responses {
                part.add(&ResponseRow::of(response), &sources).unwrap();
            }
        }
        tally.absorb(rest).unwrap();
        outcomes(query, &events, tally, attended).unwrap()
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
            let made = outcomes_of(&query, &event, &responses, &attended);
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
                    .and_then(|response| ResponseRow::of(response).score_share())
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
