//! `report indicators`: each indicator's actual against its targets, per period and per
//! breakdown value, counted by the indicator's own rule.
//!
//! A unit (a person, an organisation, an attendance record, an event) is counted once per
//! window (each period, each series, or ever), at the first attendance record, in date order,
//! at which everything the indicator asks holds: a status that counts, the completion rule
//! met at that event, a post-test at or above mastery there, and hours of training summed
//! over the window's records so far at least the minimum. The record it is counted at decides
//! its period and its breakdown values, so a person trained in 2019 and again in 2020 under a
//! once-ever indicator counts in 2019 and only there, and the periods add up to the total.
//!
//! What cannot be placed is never guessed: an event whose dates are too loose for the period
//! counts on a row of its own (not recorded), and a person whose value is not recorded counts
//! under `(not recorded)` in each breakdown.

mod counting;
mod explain;
mod listing;
mod results;
mod table;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::lookup::Lookup;
use super::query::IndicatorsQuery;
use super::{Report, Value};
use crate::error::{Error, Result};
use crate::model::Series;
use crate::model::dimension::Dimension;
use crate::model::indicator::Indicator;
use crate::model::participant::ParticipantFacts;
use crate::model::period::Period;
pub use counting::Recorded;
use counting::{Context, Counting};
pub use explain::{Check, Counted, Explanation, Step};
pub use listing::{Listed, Listing};
pub use table::{WHOLE, share};
use table::{Window, suppress, table, write_back};

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
    /// The whole's breakdowns, value by value.
    pub total_breakdowns: Vec<BreakdownResult>,
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
    /// With `--to-date`: the units counted from the start of the period's year to its end,
    /// each once.
    pub to_date: Option<Value>,
    /// With `--rolling N`: the units counted in the N periods ending with this one, each once.
    pub rolling: Option<Value>,
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

/// What stands beside the table: the results as scripts and donors' systems read them, and
/// the account of one person asked for with `--explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorsAside {
    pub results: Vec<IndicatorResult>,
    /// The period asked for with `--period`, as given.
    pub period: Option<String>,
    pub explanations: Vec<Explanation>,
    /// `--list`: what each indicator counted, unit by unit.
    pub listings: Vec<Listing>,
}

/// The report, what stands beside it, and the events a period could not place.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorsMade {
    pub report: Report,
    pub aside: IndicatorsAside,
    pub unplaced: Vec<(Dimension, Vec<String>)>,
}

/// The indicators `query` selects, counted over the `recorded` attendance; `listable` names the
/// people who may be listed, by id, when `--list` asks for the units counted.
pub fn indicators_report<'a, P: ParticipantFacts>(
    indicators: &[Indicator],
    series: &[Series],
    lookup: &Lookup<'a, P>,
    recorded: Recorded,
    post_shares: &FxHashMap<(u32, u32), f64>,
    listable: Option<&FxHashMap<String, String>>,
    query: &IndicatorsQuery,
) -> Result<IndicatorsMade> {
    let selected = select(indicators, &query.indicators)?;
    let fiscal_first_month = fiscal_first_month(&selected, query.period.as_deref())?;
    let asked = match &query.period {
        None => None,
        Some(text) => Some(Period::parse_any(text, fiscal_first_month).ok_or_else(|| {
            Error::invalid(
                "period",
                text,
                "is no period; give a year (2019), a quarter (2019-Q4), a month (2019-11) or a fiscal year (FY2020)",
            )
        })?),
    };
    let explained = match &query.explain {
        Some(id) => Some(
            lookup
                .participant(id)
                .map_err(|_| Error::invalid("explain", id, "names no participant in the store"))?,
        ),
        None => None,
    };
    let context = Context::new(series, lookup, recorded, post_shares);
    let mut results = Vec::new();
    let mut explanations = Vec::new();
    let mut listings = Vec::new();
    let mut unplaced: BTreeMap<String, (Dimension, Vec<String>)> = BTreeMap::new();
    for indicator in selected {
        let counting = Counting::new(indicator, asked, query.to_date, query.rolling);
        let outcome = counting.count(&context, explained.map(|(index, _, _)| index));
        if let Some((index, participant, _)) = explained {
            explanations.push(counting.explain(&context, &outcome, index, participant.id()));
        }
        if let Some(names) = listable {
            listings.push(counting.listing(&context, &outcome, names));
        }
        let kind = asked.map_or(indicator.period, Period::kind);
        for event in &outcome.unplaced_events {
            let entry = unplaced
                .entry(kind.argument().to_string())
                .or_insert_with(|| (kind, Vec::new()));
            if !entry.1.contains(event) {
                entry.1.push(event.clone());
            }
        }
        results.push(counting.result(&outcome));
    }
    // Every period together has a row of its own unless one period was asked for.
    let with_whole = query.period.is_none();
    let mut report = table(&results, query, with_whole);
    let windows = Window::asked(query);
    if let Some(min_count) = query.min_count {
        suppress(&mut report, &results, &windows, with_whole, min_count);
    }
    write_back(&report, &mut results, &windows, with_whole);
    let aside = IndicatorsAside {
        results,
        period: query.period.clone(),
        explanations,
        listings,
    };
    Ok(IndicatorsMade {
        report,
        aside,
        unplaced: unplaced.into_values().collect(),
    })
}

/// The indicators `ids` name, in the store's order; every one when none is named.
fn select<'i>(indicators: &'i [Indicator], ids: &[String]) -> Result<Vec<&'i Indicator>> {
    if indicators.is_empty() {
        return Err(Error::Invalid(
            "the store has no indicators; add one with `gsef indicator add docs/indicators/eea-civ-007.json`"
                .to_string(),
        ));
    }
    for id in ids {
        if !indicators.iter().any(|indicator| &indicator.id == id) {
            let known: Vec<&str> = indicators.iter().map(|i| i.id.as_str()).collect();
            return Err(Error::invalid(
                "indicator",
                id,
                format!("names no indicator; the store has {}", known.join(", ")),
            ));
        }
    }
    Ok(indicators
        .iter()
        .filter(|indicator| ids.is_empty() || ids.contains(&indicator.id))
        .collect())
}

/// The first month of the fiscal year a `--period FY2020` means: the one the selected fiscal
/// indicators share. A fiscal year is named by the year it ends in, so `FY2020` is a
/// different span for every first month, and is refused rather than guessed when they differ.
fn fiscal_first_month(selected: &[&Indicator], period: Option<&str>) -> Result<Option<u8>> {
    let mut months: Vec<u8> = selected
        .iter()
        .filter_map(|indicator| match indicator.period {
            Dimension::FiscalYear(month) => Some(month),
            _ => None,
        })
        .collect();
    months.sort_unstable();
    months.dedup();
    let wants_fiscal = period.is_some_and(|text| text.starts_with("FY"));
    match months.as_slice() {
        [] if wants_fiscal => Err(Error::invalid(
            "period",
            period.unwrap_or_default(),
            "is a fiscal year, and no indicator selected counts by fiscal years to say which month it begins in; give a year, a quarter or a month",
        )),
        [month] => Ok(Some(*month)),
        [_, _, ..] if wants_fiscal => Err(Error::invalid(
            "period",
            period.unwrap_or_default(),
            "is a fiscal year, and the indicators selected begin their fiscal years in different months; select one with --indicator",
        )),
        _ => Ok(None),
    }
}
