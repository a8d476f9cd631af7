//! `report indicators`: each indicator's actual against its targets, per period and per
//! breakdown value, counted by the indicator's own rule.

use super::Value;
use crate::model::indicator::Indicator;

/// What one indicator came to.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorResult {
    /// The definition, for its title, code, framework, unit, baseline and breakdowns.
    pub indicator: Indicator,
    /// One row per period reported, in time order; the events no period places last.
    pub periods: Vec<PeriodResult>,
    /// Over every period shown: each unit once when the indicator counts once per series or
    /// once ever, the periods summed when it counts once per period.
    pub total: Measured,
}

/// One period of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodResult {
    /// As the indicator's period dimension spells it (`2019`, `2019-Q4`, `FY2020`), or as
    /// `--period` was given; `None` for the events whose dates place them in no period.
    pub period: Option<String>,
    /// The period's first and last day, ISO 8601 (`2019-10-01`, `2020-09-30`).
    pub span: Option<(String, String)>,
    pub measured: Measured,
    /// One per value of each breakdown, breakdown by breakdown in the indicator's order.
    pub breakdowns: Vec<BreakdownResult>,
}

/// An actual and the target it is held against.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// A count, or [`Value::Small`] / [`Value::Withheld`] under `--min-count`.
    pub actual: Value,
    /// `None` when no target was set for the period (and breakdown value).
    pub target: Option<u64>,
}

/// The count for one value of one breakdown in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownResult {
    /// The breakdown's column name: `gender`, `age_band`, `continuity`.
    pub breakdown: String,
    /// The value; `None` for units whose value is not recorded.
    pub value: Option<String>,
    pub measured: Measured,
}
