//! Reports: a typed [`query::Query`] in, typed rows out, made by [`run`] under one lock.
//!
//! [`run`] (in `engine`) is the only report code that reads the store; every other module is a
//! pure function from records to counts (dimensions, grouping, suppression), testable without
//! files. output/ decides how the rows read.
//!
//! Every report is a [`Report`]: named columns, rows of typed [`Value`]s and an optional totals
//! row. Counts stay integers and missing values stay `Missing` until a renderer decides how a
//! format spells them, so one report renders the same way in every format.

pub mod attendance;
pub mod certificates;
pub mod crosstab;
pub mod dimension;
pub mod engine;
pub mod events;
pub mod filter;
pub mod grouping;
pub mod indicators;
pub mod lookup;
pub mod outcomes;
pub mod people;
pub mod provenance;
pub mod query;
pub mod returning;
pub mod summary;
pub mod suppression;
pub mod trained;
pub mod verify;

use serde_json::{Map, Value as Json};

pub use engine::{Body, Outcome, Stamp, run};

/// One cell of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Not recorded: a participant without a region, an event without a count of invitations.
    Missing,
    Text(String),
    Count(u64),
    /// A fraction between 0 and 1, such as an attendance rate.
    Rate(f64),
    /// A number that is neither a count nor a share: a mean rating on its scale (4.25 of 5).
    Mean(f64),
    /// A count from 1 to K-1 hidden by `--min-count K`.
    Small,
    /// A count hidden so that no small count can be worked out from the totals shown.
    Withheld,
}

impl Value {
    pub fn text(value: Option<&str>) -> Value {
        value.map_or(Value::Missing, |text| Value::Text(text.to_string()))
    }

    pub fn count(&self) -> Option<u64> {
        match self {
            Value::Count(count) => Some(*count),
            _ => None,
        }
    }

    pub fn is_suppressed(&self) -> bool {
        matches!(self, Value::Small | Value::Withheld)
    }
}

/// What a column holds, which decides alignment and whether it belongs in the totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A grouping dimension; rows are sorted by these.
    Dimension,
    /// Descriptive text such as an event's title.
    Text,
    /// Counts and rates, which the totals row sums up.
    Measure,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Stable, machine-friendly: CSV header, JSON key (`world_region`, `person_days`).
    pub name: String,
    /// For people: table and Markdown header.
    pub title: String,
    pub kind: ColumnKind,
    /// For people, the catalogue's word for a missing value when it means something other
    /// than "not recorded": an indicator's target that was never set.
    pub missing: Option<&'static str>,
}

impl Column {
    pub fn new(name: impl Into<String>, title: impl Into<String>, kind: ColumnKind) -> Column {
        Column {
            name: name.into(),
            title: title.into(),
            kind,
            missing: None,
        }
    }

    /// The column with its missing values spelled by the catalogue's `message` for people.
    pub fn missing_as(self, message: &'static str) -> Column {
        Column {
            missing: Some(message),
            ..self
        }
    }
}

/// A finished report, ready for any renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// `attendance`, `events`, `returning`.
    pub name: &'static str,
    /// The grouping dimensions, as column names.
    pub dimensions: Vec<String>,
    /// The filters and options that shaped the report, for JSON readers to see what they got.
    pub filters: Map<String, Json>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
    /// One value per column; `Missing` where a column has no total (dimensions, text).
    pub totals: Option<Vec<Value>>,
    /// The K of `--min-count K`, so renderers can write `<K`.
    pub min_count: Option<u64>,
}

impl Report {
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|column| column.name == name)
    }
}

/// Rounds a rate to four decimals, so JSON and CSV show the same digits on every platform.
pub fn rounded_rate(numerator: u64, denominator: u64) -> Value {
    if denominator == 0 {
        return Value::Missing;
    }
    #[allow(clippy::cast_precision_loss)] // counts of people stay far below 2^52
    let rate = numerator as f64 / denominator as f64;
    Value::Rate((rate * 10_000.0).round() / 10_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_to_four_decimals() {
        assert_eq!(rounded_rate(2, 3), Value::Rate(0.6667));
        assert_eq!(rounded_rate(3, 4), Value::Rate(0.75));
        assert_eq!(rounded_rate(1, 0), Value::Missing);
    }
}
