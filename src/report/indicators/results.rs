//! An indicator's rows: the periods shown (each of the indicator's, or the one asked for), each
//! with its breakdown values, the targets each is held against, and every period together.

use std::collections::{BTreeMap, HashSet};

use super::counting::{Attribution, Counting, Tallied};
use super::{BreakdownResult, IndicatorResult, Measured, PeriodResult};
use crate::model::indicator::Target;
use crate::model::period::{MonthIndex, Period};
use crate::report::Value;

impl Counting<'_> {
    /// The rows of the result: each period shown, then the whole.
    pub(super) fn result(&self, tallied: &Tallied) -> IndicatorResult {
        let indicator = self.indicator;
        let breakdowns = &indicator.breakdowns;
        let mut by_row: BTreeMap<RowKey, Vec<&Attribution>> = BTreeMap::new();
        let reported: Vec<&Attribution> = tallied
            .attributions
            .iter()
            .filter(|attribution| attribution.reported)
            .collect();
        for attribution in reported.iter().copied() {
            by_row
                .entry(RowKey(attribution.row))
                .or_default()
                .push(attribution);
        }
        let rows: Vec<Option<Period>> = match self.asked {
            Some(asked) => {
                let mut rows = vec![Some(asked)];
                if by_row.contains_key(&RowKey(None)) {
                    rows.push(None);
                }
                rows
            }
            None => {
                let mut placed: Vec<Period> = by_row.keys().filter_map(|key| key.0).collect();
                placed.extend(
                    indicator
                        .targets
                        .iter()
                        .filter_map(|target| Period::parse(indicator.period, &target.period)),
                );
                let first = self.first.or_else(|| placed.iter().min().copied());
                let last = self.last.or_else(|| placed.iter().max().copied());
                let mut rows: Vec<Option<Period>> = Vec::new();
                if let (Some(first), Some(last)) = (first, last) {
                    let mut period = first;
                    // A month indicator over a century is 1,200 rows; nothing sensible is longer.
                    while period <= last && rows.len() < 1_200 {
                        rows.push(Some(period));
                        period = period.next();
                    }
                }
                if by_row.contains_key(&RowKey(None)) {
                    rows.push(None);
                }
                rows
            }
        };
        let measure = |attributions: &[&Attribution],
                       period: Option<Period>|
         -> (Measured, Vec<BreakdownResult>) {
            let whole = Measured {
                actual: Value::Count(attributions.len() as u64),
                target: period.and_then(|period| self.target(period, None)),
                to_date: None,
                rolling: None,
            };
            let mut split = Vec::new();
            for (position, breakdown) in breakdowns.iter().enumerate() {
                let column = breakdown.column_name();
                let mut counts: BTreeMap<ValueKey, u64> = BTreeMap::new();
                for attribution in attributions {
                    *counts
                        .entry(ValueKey(attribution.values[position].clone()))
                        .or_insert(0) += 1;
                }
                // A value with a target shows, met or not.
                if let Some(period) = period {
                    for target in self.targets_within(period) {
                        if let Some(value) = target.breakdown.get(&column)
                            && target.breakdown.len() == 1
                        {
                            counts.entry(ValueKey(Some(value.clone()))).or_insert(0);
                        }
                    }
                }
                for (value, count) in counts {
                    let target = period.and_then(|period| {
                        value
                            .0
                            .as_deref()
                            .and_then(|value| self.target(period, Some((&column, value))))
                    });
                    split.push(BreakdownResult {
                        breakdown: column.clone(),
                        value: value.0,
                        measured: Measured {
                            actual: Value::Count(count),
                            target,
                            to_date: None,
                            rolling: None,
                        },
                    });
                }
            }
            (whole, split)
        };
        let periods: Vec<PeriodResult> = rows
            .iter()
            .map(|&period| {
                let attributions = by_row
                    .get(&RowKey(period))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let (mut measured, mut breakdowns) = measure(attributions, period);
                if let Some(period) = period {
                    self.add_windows(
                        period,
                        &tallied.attributions,
                        &mut measured,
                        &mut breakdowns,
                    );
                }
                PeriodResult {
                    period: period.map(|period| period.to_string()),
                    span: period.map(Period::span),
                    measured,
                    breakdowns,
                }
            })
            .collect();
        let (mut total, total_breakdowns) = measure(&reported, None);
        // The whole's target is the periods' together, when every period shown has one.
        let placed: Vec<&PeriodResult> =
            periods.iter().filter(|row| row.period.is_some()).collect();
        let summed = |targets: Vec<Option<u64>>| -> Option<u64> {
            if targets.is_empty() {
                return None;
            }
            targets.into_iter().sum()
        };
        total.target = summed(placed.iter().map(|row| row.measured.target).collect());
        let total_breakdowns = total_breakdowns
            .into_iter()
            .map(|mut split| {
                split.measured.target = summed(
                    placed
                        .iter()
                        .map(|row| {
                            row.breakdowns
                                .iter()
                                .find(|other| {
                                    other.breakdown == split.breakdown && other.value == split.value
                                })
                                .and_then(|other| other.measured.target)
                        })
                        .collect(),
                );
                split
            })
            .collect();
        IndicatorResult {
            indicator: indicator.clone(),
            periods,
            total,
            total_breakdowns,
        }
    }

    /// The counts over the windows asked for (year to date, the last N periods) ending with
    /// `period`: for the whole, and for each breakdown value counted in a window, a value no
    /// unit has in the period itself getting a row of its own (0 in the period), so that the
    /// values of a window add up to its whole as the period's do.
    fn add_windows(
        &self,
        period: Period,
        attributions: &[Attribution],
        measured: &mut Measured,
        breakdowns: &mut Vec<BreakdownResult>,
    ) {
        let mut windows: Vec<WindowCounts> = Vec::new();
        if self.to_date {
            let (whole, values) = self.counted_within(attributions, period.year_to_date());
            windows.push((whole, values, |measured, value| {
                measured.to_date = Some(value);
            }));
        }
        if let Some(count) = self.rolling {
            let (whole, values) = self.counted_within(attributions, period.rolling(count));
            windows.push((whole, values, |measured, value| {
                measured.rolling = Some(value);
            }));
        }
        for (_, values, _) in &windows {
            for (column, value) in values.keys() {
                let shown = breakdowns
                    .iter()
                    .any(|split| &split.breakdown == column && split.value == value.0);
                if !shown {
                    breakdowns.push(BreakdownResult {
                        breakdown: column.clone(),
                        value: value.0.clone(),
                        measured: Measured {
                            actual: Value::Count(0),
                            target: value
                                .0
                                .as_deref()
                                .and_then(|value| self.target(period, Some((column, value)))),
                            to_date: None,
                            rolling: None,
                        },
                    });
                }
            }
        }
        // Breakdown by breakdown in the indicator's order, each's values in their order.
        let order = |split: &BreakdownResult| {
            let position = self
                .indicator
                .breakdowns
                .iter()
                .position(|breakdown| breakdown.column_name() == split.breakdown);
            (position, ValueKey(split.value.clone()))
        };
        breakdowns.sort_by_key(order);
        for (whole, values, set) in windows {
            set(measured, Value::Count(whole));
            for split in breakdowns.iter_mut() {
                let key = (split.breakdown.clone(), ValueKey(split.value.clone()));
                set(
                    &mut split.measured,
                    Value::Count(values.get(&key).copied().unwrap_or(0)),
                );
            }
        }
    }

    /// The units counted at events whose dates lie wholly within the months of `window`, each
    /// once (however many of its periods counted it), in all and for each breakdown's values:
    /// `(breakdown, value)` → units. A unit counted before a `--period` counts here too.
    fn counted_within(
        &self,
        attributions: &[Attribution],
        window: (MonthIndex, MonthIndex),
    ) -> (u64, BTreeMap<(String, ValueKey), u64>) {
        let inside = attributions.iter().filter(|attribution| {
            attribution
                .months
                .is_some_and(|(first, last)| window.0 <= first && last <= window.1)
        });
        let mut units = HashSet::new();
        let mut pairs: HashSet<(usize, u32, Option<&str>)> = HashSet::new();
        for attribution in inside {
            units.insert(attribution.unit);
            for (position, value) in attribution.values.iter().enumerate() {
                pairs.insert((position, attribution.unit, value.as_deref()));
            }
        }
        let mut values: BTreeMap<(String, ValueKey), u64> = BTreeMap::new();
        for (position, _, value) in pairs {
            let column = self.indicator.breakdowns[position].column_name();
            *values
                .entry((column, ValueKey(value.map(str::to_string))))
                .or_insert(0) += 1;
        }
        (units.len() as u64, values)
    }

    /// The indicator's target for `period` (and one breakdown value): its own when the period
    /// is one of the indicator's, else the sum of its targets for the periods that lie within,
    /// when each of them has one.
    fn target(&self, period: Period, breakdown: Option<(&str, &str)>) -> Option<u64> {
        let matches = |target: &Target| match breakdown {
            None => target.breakdown.is_empty(),
            Some((column, value)) => {
                target.breakdown.len() == 1
                    && target.breakdown.get(column).map(String::as_str) == Some(value)
            }
        };
        let own = |text: &str| {
            self.indicator
                .targets
                .iter()
                .find(|target| target.period == text && matches(target))
                .and_then(|target| target.value.as_u64())
        };
        if period.kind() == self.indicator.period {
            return own(&period.to_string());
        }
        let within = self.periods_within(period);
        if within.is_empty() {
            return None;
        }
        within.iter().map(|inner| own(&inner.to_string())).sum()
    }

    /// The indicator's own periods that lie wholly within `outer`, inside its range.
    fn periods_within(&self, outer: Period) -> Vec<Period> {
        let Some(mut period) = Period::containing(self.indicator.period, outer.months().0) else {
            return Vec::new();
        };
        let mut within = Vec::new();
        while period.months().0 <= outer.months().1 && within.len() < 1_200 {
            if period.within(outer) && self.covers(period) {
                within.push(period);
            }
            period = period.next();
        }
        within
    }

    /// The targets that bear on `period`: its own, or those of the periods within it.
    fn targets_within(&self, period: Period) -> Vec<&Target> {
        let names: Vec<String> = if period.kind() == self.indicator.period {
            vec![period.to_string()]
        } else {
            self.periods_within(period)
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        self.indicator
            .targets
            .iter()
            .filter(|target| names.contains(&target.period))
            .collect()
    }
}

/// One window's counts (its whole, and each breakdown value's) and where they go in a row.
type WindowCounts = (
    u64,
    BTreeMap<(String, ValueKey), u64>,
    fn(&mut Measured, Value),
);

/// A row's period, the unplaced row last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RowKey(Option<Period>);

impl Ord for RowKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0.is_none(), self.0).cmp(&(other.0.is_none(), other.0))
    }
}

impl PartialOrd for RowKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A breakdown value, not recorded last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ValueKey(pub(super) Option<String>);

impl Ord for ValueKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0.is_none(), &self.0).cmp(&(other.0.is_none(), &other.0))
    }
}

impl PartialOrd for ValueKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
