//! The flat table of `report indicators` (a row per indicator, period and breakdown value), its
//! suppression, and the actuals it settles written back into the results.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::results::ValueKey;
use super::{BreakdownResult, IndicatorResult, Measured};
use crate::report::query::IndicatorsQuery;
use crate::report::suppression::{Place, Plan};
use crate::report::{Column, ColumnKind, Report, Value, rounded_rate};

/// The period cell of the row of every period together, and the breakdown and value cells of
/// a row of the whole count.
pub const WHOLE: &str = "all";

const ACTUAL: usize = 4;
const TARGET: usize = 5;
const SHARE: usize = 6;

/// The flat table: one row per indicator, period and breakdown value, the whole count first.
pub(super) fn table(
    results: &[IndicatorResult],
    query: &IndicatorsQuery,
    with_whole: bool,
) -> Report {
    let columns = vec![
        Column::new("indicator", "Indicator", ColumnKind::Dimension),
        Column::new("period", "Period", ColumnKind::Dimension),
        Column::new("breakdown", "Breakdown", ColumnKind::Dimension),
        Column::new("value", "Value", ColumnKind::Dimension),
        Column::new("actual", "Actual", ColumnKind::Measure),
        Column::new("target", "Target", ColumnKind::Measure).missing_as("indicator-no-target-cell"),
        Column::new("share", "Share", ColumnKind::Measure).missing_as("indicator-no-target-cell"),
    ];
    let mut rows = Vec::new();
    for result in results {
        let id = Value::Text(result.indicator.id.clone());
        let mut push = |period: Value, measured: &Measured, breakdown: Option<&BreakdownResult>| {
            let (breakdown, value) = match breakdown {
                None => (Value::Text(WHOLE.into()), Value::Text(WHOLE.into())),
                Some(split) => (
                    Value::Text(split.breakdown.clone()),
                    Value::text(split.value.as_deref()),
                ),
            };
            rows.push(vec![
                id.clone(),
                period,
                breakdown,
                value,
                measured.actual.clone(),
                measured.target.map_or(Value::Missing, Value::Count),
                share(measured),
            ]);
        };
        for row in &result.periods {
            let period = Value::text(row.period.as_deref());
            push(period.clone(), &row.measured, None);
            for split in &row.breakdowns {
                push(period.clone(), &split.measured, Some(split));
            }
        }
        if with_whole {
            let period = Value::Text(WHOLE.into());
            push(period.clone(), &result.total, None);
            for split in &result.total_breakdowns {
                push(period.clone(), &split.measured, Some(split));
            }
        }
    }
    let mut filters = query.filters.describe();
    if !query.indicators.is_empty() {
        filters.insert("indicators".into(), Json::from(query.indicators.clone()));
    }
    if let Some(period) = &query.period {
        filters.insert("period".into(), Json::from(period.as_str()));
    }
    Report {
        name: "indicators",
        dimensions: vec![
            "indicator".into(),
            "period".into(),
            "breakdown".into(),
            "value".into(),
        ],
        filters,
        columns,
        rows,
        totals: None,
        min_count: None,
    }
}

/// The actual as a share of the target; hidden with the actual, since the target is shown.
pub fn share(measured: &Measured) -> Value {
    match (&measured.actual, measured.target) {
        (Value::Count(actual), Some(target)) => rounded_rate(*actual, target),
        (actual, Some(_)) if actual.is_suppressed() => Value::Withheld,
        _ => Value::Missing,
    }
}

/// `--min-count`: each period's whole is the sum of each breakdown's values, and the whole of
/// all periods the sum of the periods, so the hidden counts are protected along those lines.
pub(super) fn suppress(
    report: &mut Report,
    results: &[IndicatorResult],
    with_whole: bool,
    min_count: u64,
) {
    let mut plan = Plan::default();
    let mut row = 0;
    for result in results {
        let mut period_wholes = Vec::new();
        // (breakdown, value) → each period's cell, for the lines through the all-periods row.
        let mut period_values: BTreeMap<(String, ValueKey), Vec<Option<usize>>> = BTreeMap::new();
        let lines_of = |plan: &mut Plan, row: &mut usize, breakdowns: &[BreakdownResult]| {
            let whole = plan.cell(report, Place::Row(*row, ACTUAL));
            *row += 1;
            let mut members: BTreeMap<&str, Vec<Option<usize>>> = BTreeMap::new();
            let mut cells = Vec::new();
            for split in breakdowns {
                let cell = plan.cell(report, Place::Row(*row, ACTUAL));
                members
                    .entry(split.breakdown.as_str())
                    .or_default()
                    .push(cell);
                cells.push(cell);
                *row += 1;
            }
            for (_, members) in members {
                plan.line(whole, members);
            }
            (whole, cells)
        };
        for period in &result.periods {
            let (whole, cells) = lines_of(&mut plan, &mut row, &period.breakdowns);
            period_wholes.push(whole);
            for (split, cell) in period.breakdowns.iter().zip(cells) {
                period_values
                    .entry((split.breakdown.clone(), ValueKey(split.value.clone())))
                    .or_default()
                    .push(cell);
            }
        }
        if with_whole {
            let (whole, cells) = lines_of(&mut plan, &mut row, &result.total_breakdowns);
            plan.line(whole, period_wholes);
            for (split, cell) in result.total_breakdowns.iter().zip(cells) {
                let members = period_values
                    .remove(&(split.breakdown.clone(), ValueKey(split.value.clone())))
                    .unwrap_or_default();
                plan.line(cell, members);
            }
        }
    }
    plan.apply(report, min_count);
    for row in &mut report.rows {
        if row[ACTUAL].is_suppressed() && row[TARGET] != Value::Missing {
            row[SHARE] = Value::Withheld;
        }
    }
}

/// Copies the table's actuals and shares, suppressed or not, back into the results, which
/// were laid out in the same order.
pub(super) fn write_back(report: &Report, results: &mut [IndicatorResult], with_total: bool) {
    let mut rows = report.rows.iter();
    for result in results {
        let mut next = |measured: &mut Measured| {
            if let Some(row) = rows.next() {
                measured.actual = row[ACTUAL].clone();
            }
        };
        for period in &mut result.periods {
            next(&mut period.measured);
            for split in &mut period.breakdowns {
                next(&mut split.measured);
            }
        }
        if with_total {
            next(&mut result.total);
            for split in &mut result.total_breakdowns {
                next(&mut split.measured);
            }
        }
    }
}
