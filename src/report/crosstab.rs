//! `--across DIM`: one dimension pivoted into columns, with row, column and grand totals.

use clap::ValueEnum;

use super::attendance::MeasureOf;
use super::dimension::{Dimension, dimension_columns};
use super::grouping::{Counters, GroupKey, Grouping, compare_keys};
use super::query::{Across, AttendanceQuery};
use super::suppression::{Place, Plan};
use super::{Column, ColumnKind, Report, Value};

/// The count a crosstab shows in its cells.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    /// Distinct people.
    #[default]
    Participants,
    /// Attendance records.
    Attendances,
    /// Days attended, where days are recorded.
    PersonDays,
}

impl Measure {
    fn counter(self) -> MeasureOf {
        match self {
            Measure::Participants => MeasureOf::Participants,
            Measure::Attendances => MeasureOf::Attendances,
            Measure::PersonDays => MeasureOf::PersonDays,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Measure::Participants => "participants",
            Measure::Attendances => "attendances",
            Measure::PersonDays => "person_days",
        }
    }
}

/// The label a missing value gets as a column heading, where it cannot be `null`.
pub const NOT_RECORDED: &str = "(not recorded)";

/// The lists of dimensions a crosstab counts by, in this order: the cells (the rows'
/// dimensions and `across`), the rows, and the columns.
pub fn crosstab_dimensions(query: &AttendanceQuery, across: Dimension) -> Vec<Vec<Dimension>> {
    let mut cells = query.dimensions.clone();
    cells.push(across);
    vec![cells, query.dimensions.clone(), vec![across]]
}

/// The rows grouped by `query.dimensions`, the columns by `across`, each cell one measure,
/// from the records grouped by the lists of [`crosstab_dimensions`].
pub fn crosstab_table(
    groupings: &[Grouping<'_>],
    query: &AttendanceQuery,
    across: Across,
) -> Report {
    let measure = across.measure;
    let [cells, rows, columns] = groupings else {
        unreachable!("a crosstab is grouped three ways");
    };
    let counter = measure.counter();
    let value_of = |counters: Option<&Counters>| match counters {
        // A combination nobody fell into is a true zero, not a missing value.
        None => Value::Count(0),
        Some(counters) => counter.value(counters),
    };
    let across_values: Vec<&GroupKey<'_>> = columns.sorted().into_iter().map(|(k, _)| k).collect();

    let mut report_columns: Vec<Column> = dimension_columns(&query.dimensions);
    for value in &across_values {
        let heading = value[0]
            .as_ref()
            .map_or_else(|| NOT_RECORDED.to_string(), ToString::to_string);
        report_columns.push(Column::new(heading.clone(), heading, ColumnKind::Measure));
    }
    report_columns.push(Column::new("total", "Total", ColumnKind::Measure));

    let mut report_rows = Vec::new();
    let mut row_keys: Vec<&GroupKey<'_>> = rows.groups.keys().collect();
    row_keys.sort_by(|a, b| compare_keys(a, b));
    for row_key in row_keys {
        let mut row: Vec<Value> = row_key
            .iter()
            .map(|value| {
                value
                    .as_ref()
                    .map_or(Value::Missing, |v| Value::Text(v.to_string()))
            })
            .collect();
        let mut cell_key = row_key.clone();
        cell_key.push(None);
        for across_value in &across_values {
            *cell_key.last_mut().expect("the across value is last") = across_value[0].clone();
            row.push(value_of(cells.groups.get(&cell_key)));
        }
        row.push(value_of(rows.groups.get(row_key)));
        report_rows.push(row);
    }
    let mut totals = vec![Value::Missing; query.dimensions.len()];
    totals.extend(
        across_values
            .iter()
            .map(|value| value_of(columns.groups.get(*value))),
    );
    totals.push(value_of(Some(&rows.total)));

    let filters = query.describe();
    let mut report = Report {
        name: "attendance",
        dimensions: query.dimensions.iter().map(|d| d.column_name()).collect(),
        filters,
        columns: report_columns,
        rows: report_rows,
        totals: Some(totals),
        min_count: None,
    };
    if let Some(min_count) = query.min_count {
        protect(&mut report, query.dimensions.len(), min_count);
    }
    report
}

/// Every row adds up to its total, every column to its total, and both margins to the grand total.
fn protect(report: &mut Report, first_measure: usize, min_count: u64) {
    let total_column = report.columns.len() - 1;
    let cell_columns: Vec<usize> = (first_measure..total_column).collect();
    let mut plan = Plan::default();
    for row in 0..report.rows.len() {
        let total = plan.cell(report, Place::Row(row, total_column));
        let members: Vec<Option<usize>> = cell_columns
            .iter()
            .map(|&column| plan.cell(report, Place::Row(row, column)))
            .collect();
        plan.line(total, members);
    }
    let all_columns: Vec<usize> = (first_measure..=total_column).collect();
    plan.column_lines(report, &all_columns);
    let grand = plan.cell(report, Place::Total(total_column));
    let column_totals: Vec<Option<usize>> = cell_columns
        .iter()
        .map(|&column| plan.cell(report, Place::Total(column)))
        .collect();
    plan.line(grand, column_totals);
    plan.apply(report, min_count);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Event, Participant};
    use crate::report::filter::Filters;
    use crate::report::grouping::group;
    use crate::report::lookup::Lookup;

    #[test]
    fn pivots_with_zeros_for_empty_combinations_and_distinct_totals() {
        let participants: Vec<Participant> = serde_json::from_value(serde_json::json!([
            {"id": "ana", "name": "Ana", "sector": "government/municipal", "country": "MX"},
            {"id": "diop", "name": "Diop", "sector": "sse/network", "country": "SN"},
            {"id": "hana", "name": "Hana", "sector": "sse/association", "country": "ES"},
        ]))
        .unwrap();
        let events: Vec<Event> = serde_json::from_value(serde_json::json!([
            {"id": "a", "title": "A"}, {"id": "b", "title": "B"},
        ]))
        .unwrap();
        let records: Vec<Attendance> = serde_json::from_value(serde_json::json!([
            {"event": "a", "participant": "ana", "status": "attended"},
            {"event": "b", "participant": "ana", "status": "attended"},
            {"event": "a", "participant": "diop", "status": "attended"},
            {"event": "b", "participant": "hana", "status": "attended"},
        ]))
        .unwrap();
        let lookup = Lookup::new(&events, &participants, &Filters::default());
        let query = AttendanceQuery {
            dimensions: vec![Dimension::Sector],
            sector_depth: Some(1),
            ..AttendanceQuery::default()
        };
        let across = Across {
            dimension: Dimension::Event,
            measure: Measure::Participants,
        };
        let lists = crosstab_dimensions(&query, across.dimension);
        let lists: Vec<&[Dimension]> = lists.iter().map(Vec::as_slice).collect();
        let groupings =
            group(&records, &lookup, &lists, &query.status, query.sector_depth).unwrap();
        let report = crosstab_table(&groupings, &query, across);
        let names: Vec<&str> = report.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["sector", "a", "b", "total"]);
        // government: ana at a and b, 1 person; sse: diop at a, hana at b.
        assert_eq!(
            report.rows[0][1..],
            [Value::Count(1), Value::Count(1), Value::Count(1)]
        );
        assert_eq!(
            report.rows[1][1..],
            [Value::Count(1), Value::Count(1), Value::Count(2)]
        );
        // Column a: ana, diop; column b: ana, hana; everyone: 3 people.
        assert_eq!(
            report.totals.unwrap()[1..],
            [Value::Count(2), Value::Count(2), Value::Count(3)]
        );
    }
}
