//! The flat table of `report indicators` (a row per indicator, period and breakdown value), its
//! suppression, and the actuals it settles written back into the results.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::results::ValueKey;
use super::{BreakdownResult, IndicatorResult, Measured};
use crate::model::period::{MonthIndex, Period};
use crate::report::query::IndicatorsQuery;
use crate::report::suppression::{Place, Plan};
use crate::report::{Column, ColumnKind, Report, Value, rounded_rate};

/// The period cell of the row of every period together, and the breakdown and value cells of
/// a row of the whole count.
pub const WHOLE: &str = "all";

const ACTUAL: usize = 4;
const TARGET: usize = 5;
const SHARE: usize = 6;

/// A count over a window of periods ending with a row's: year to date, or the last N.
#[derive(Debug, Clone, Copy)]
pub(super) enum Window {
    ToDate,
    Rolling(u32),
}

impl Window {
    /// The windows `query` asks for, each with its column, after the share.
    pub(super) fn asked(query: &IndicatorsQuery) -> Vec<(usize, Window)> {
        let mut windows = Vec::new();
        if query.to_date {
            windows.push(Window::ToDate);
        }
        windows.extend(query.rolling.map(Window::Rolling));
        (SHARE + 1..).zip(windows).collect()
    }

    fn column(self) -> Column {
        let column = match self {
            Window::ToDate => Column::new("to_date", "To date", ColumnKind::Measure),
            Window::Rolling(_) => Column::new("rolling", "Rolling", ColumnKind::Measure),
        };
        column.missing_as("indicator-no-target-cell")
    }

    fn of(self, measured: &Measured) -> Value {
        match self {
            Window::ToDate => measured.to_date.clone(),
            Window::Rolling(_) => measured.rolling.clone(),
        }
        .unwrap_or(Value::Missing)
    }

    fn set(self, measured: &mut Measured, value: Value) {
        let slot = match self {
            Window::ToDate => &mut measured.to_date,
            Window::Rolling(_) => &mut measured.rolling,
        };
        if slot.is_some() {
            *slot = Some(value);
        }
    }

    fn months(self, period: Period) -> (MonthIndex, MonthIndex) {
        match self {
            Window::ToDate => period.year_to_date(),
            Window::Rolling(count) => period.rolling(count),
        }
    }
}

/// The flat table: one row per indicator, period and breakdown value, the whole count first.
pub(super) fn table(
    results: &[IndicatorResult],
    query: &IndicatorsQuery,
    with_whole: bool,
) -> Report {
    let windows = Window::asked(query);
    let mut columns = vec![
        Column::new("indicator", "Indicator", ColumnKind::Dimension),
        Column::new("period", "Period", ColumnKind::Dimension),
        Column::new("breakdown", "Breakdown", ColumnKind::Dimension),
        Column::new("value", "Value", ColumnKind::Dimension),
        Column::new("actual", "Actual", ColumnKind::Measure),
        Column::new("target", "Target", ColumnKind::Measure).missing_as("indicator-no-target-cell"),
        Column::new("share", "Share", ColumnKind::Measure).missing_as("indicator-no-target-cell"),
    ];
    columns.extend(windows.iter().map(|(_, window)| window.column()));
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
            let mut row = vec![
                id.clone(),
                period,
                breakdown,
                value,
                measured.actual.clone(),
                measured.target.map_or(Value::Missing, Value::Count),
                share(measured),
            ];
            row.extend(windows.iter().map(|(_, window)| window.of(measured)));
            rows.push(row);
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
    if query.to_date {
        filters.insert("to_date".into(), Json::from(true));
    }
    if let Some(count) = query.rolling {
        filters.insert("rolling".into(), Json::from(count));
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
/// all periods the sum of the periods, so the hidden counts are protected along those lines. A
/// count over a window of periods is held, too, to the periods of its window when all of them
/// are shown (with each unit counted once ever it is their sum; otherwise at most that, which
/// only ever hides more).
pub(super) fn suppress(
    report: &mut Report,
    results: &[IndicatorResult],
    windows: &[(usize, Window)],
    with_whole: bool,
    min_count: u64,
) {
    let mut plan = Plan::default();
    let mut row = 0;
    for result in results {
        if with_whole {
            window_lines(&mut plan, report, result, windows, row);
        }
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

/// Where one period's counts sit in the table: its whole's row, and each value's.
struct PeriodRows {
    whole: usize,
    period: Period,
    values: Vec<((String, ValueKey), usize)>,
}

/// The lines through the window counts of one indicator's rows, which begin at `first_row`:
/// each window's count against the whole (and each value) of the periods within it.
fn window_lines(
    plan: &mut Plan,
    report: &Report,
    result: &IndicatorResult,
    windows: &[(usize, Window)],
    first_row: usize,
) {
    // Each period row's position, period, and the positions of its values' rows.
    let mut rows: Vec<PeriodRows> = Vec::new();
    let mut next_row = first_row;
    for period in &result.periods {
        let whole = next_row;
        let values = (period.breakdowns.iter())
            .zip(whole + 1..)
            .map(|(split, at)| {
                let key = (split.breakdown.clone(), ValueKey(split.value.clone()));
                (key, at)
            })
            .collect();
        next_row = whole + 1 + period.breakdowns.len();
        if let Some(placed) = period
            .period
            .as_deref()
            .and_then(|text| Period::parse(result.indicator.period, text))
        {
            rows.push(PeriodRows {
                whole,
                period: placed,
                values,
            });
        }
    }
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return;
    };
    let shown = (first.period.months().0, last.period.months().1);
    for &(column, window) in windows {
        for PeriodRows {
            whole,
            period,
            values,
        } in &rows
        {
            let months = window.months(*period);
            if months.0 < shown.0 {
                // Part of the window is not shown: no equation to hold it to, but its counts
                // are hidden when small like every other.
                plan.cell(report, Place::Row(*whole, column));
                for (_, value_row) in values {
                    plan.cell(report, Place::Row(*value_row, column));
                }
                continue;
            }
            let within: Vec<&PeriodRows> = rows
                .iter()
                .filter(|inner| {
                    months.0 <= inner.period.months().0 && inner.period.months().1 <= months.1
                })
                .collect();
            let total = plan.cell(report, Place::Row(*whole, column));
            let members: Vec<Option<usize>> = within
                .iter()
                .map(|inner| plan.cell(report, Place::Row(inner.whole, ACTUAL)))
                .collect();
            plan.line(total, members);
            for (key, value_row) in values {
                let total = plan.cell(report, Place::Row(*value_row, column));
                let members: Vec<Option<usize>> = within
                    .iter()
                    .filter_map(|inner| {
                        (inner.values.iter())
                            .find(|(other, _)| other == key)
                            .map(|(_, at)| *at)
                    })
                    .map(|at| plan.cell(report, Place::Row(at, ACTUAL)))
                    .collect();
                plan.line(total, members);
            }
        }
    }
}

/// Copies the table's actuals and shares, suppressed or not, back into the results, which
/// were laid out in the same order.
pub(super) fn write_back(
    report: &Report,
    results: &mut [IndicatorResult],
    windows: &[(usize, Window)],
    with_total: bool,
) {
    let mut rows = report.rows.iter();
    for result in results {
        let mut next = |measured: &mut Measured| {
            if let Some(row) = rows.next() {
                measured.actual = row[ACTUAL].clone();
                for &(column, window) in windows {
                    window.set(measured, row[column].clone());
                }
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
