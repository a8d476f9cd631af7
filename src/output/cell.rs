//! How every cell of a report is spelled, in one place: for people (tables, Markdown, charts,
//! HTML), for spreadsheets (CSV) and for scripts (JSON). A missing value, a hidden count and a
//! rate read the same in every format of one kind.

use serde_json::Value as Json;

use crate::model::country;
use crate::report::{Column, ColumnKind, Report, Value};

/// What a person sees for a missing dimension value.
pub const NOT_RECORDED: &str = "(not recorded)";
/// The label of the totals row in the first column.
pub const TOTAL: &str = "Total";

/// A cell for people: `(not recorded)`, `<5` for a small count, `x` for a withheld one, a rate
/// as a percentage.
pub fn for_people(value: &Value, min_count: Option<u64>) -> String {
    match value {
        Value::Missing => NOT_RECORDED.to_string(),
        Value::Rate(rate) => format!("{:.1}%", rate * 100.0),
        other => for_spreadsheets(other, min_count),
    }
}

/// A cell for spreadsheets: missing is empty, a rate is a fraction.
pub fn for_spreadsheets(value: &Value, min_count: Option<u64>) -> String {
    match value {
        Value::Missing => String::new(),
        Value::Text(text) => text.clone(),
        Value::Count(count) => count.to_string(),
        Value::Rate(rate) => rate.to_string(),
        Value::Small => format!("<{}", min_count.unwrap_or(0)),
        Value::Withheld => "x".to_string(),
    }
}

/// A cell for scripts: a number, a string, or null for missing and hidden values.
pub fn for_scripts(value: &Value) -> Json {
    match value {
        Value::Missing | Value::Small | Value::Withheld => Json::Null,
        Value::Text(text) => Json::from(text.as_str()),
        Value::Count(count) => Json::from(*count),
        Value::Rate(rate) => Json::from(*rate),
    }
}

/// A dimension value as a label (a bar of a chart, a group of bars).
pub fn label(value: &Value) -> String {
    match value {
        Value::Text(text) => text.clone(),
        Value::Count(count) => count.to_string(),
        _ => NOT_RECORDED.to_string(),
    }
}

/// Which columns hold numbers, to be aligned right.
pub fn right_aligned(report: &Report) -> Vec<bool> {
    report
        .columns
        .iter()
        .map(|column| column.kind == ColumnKind::Measure)
        .collect()
}

/// A dimension value as a funder reads it, in Markdown, HTML and charts: a country by its name
/// ("Mexico" for `MX`), where tables for the terminal, CSV and JSON keep the code that scripts
/// and filters use. A code gsef does not know is shown as it is.
pub fn in_words(column: &str, value: &Value) -> String {
    match value {
        Value::Text(code) if matches!(column, "country" | "event_country") => {
            country::lookup(code).map_or_else(|| code.clone(), |known| known.name.to_string())
        }
        Value::Missing => NOT_RECORDED.to_string(),
        other => label(other),
    }
}

/// The rows for people, then the totals row labelled in its first column; for tables.
pub fn rows_for_people(report: &Report) -> impl Iterator<Item = Vec<String>> + '_ {
    rows_spelled(report, |_, value| for_people(value, report.min_count))
}

/// The rows as funders read them (see [`in_words`]), then the totals row; for Markdown and
/// HTML.
pub fn rows_in_words(report: &Report) -> impl Iterator<Item = Vec<String>> + '_ {
    rows_spelled(report, |column, value| match column.kind {
        ColumnKind::Dimension => in_words(&column.name, value),
        _ => for_people(value, report.min_count),
    })
}

/// The rows, each cell spelled by `spell`, then the totals row labelled in its first column.
fn rows_spelled<'r>(
    report: &'r Report,
    spell: impl Fn(&Column, &Value) -> String + 'r,
) -> impl Iterator<Item = Vec<String>> + 'r {
    let text_of = move |row: &Vec<Value>| -> Vec<String> {
        row.iter()
            .zip(&report.columns)
            .map(|(value, column)| spell(column, value))
            .collect()
    };
    report
        .rows
        .iter()
        .map(text_of)
        .chain(report.totals.iter().map(move |totals| {
            let mut row: Vec<String> = totals
                .iter()
                .zip(&report.columns)
                .map(|(value, column)| match column.kind {
                    ColumnKind::Measure => for_people(value, report.min_count),
                    _ => String::new(),
                })
                .collect();
            row[0] = TOTAL.to_string();
            row
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_reader_gets_its_own_spelling() {
        let cases = [
            (Value::Missing, "(not recorded)", "", Json::Null),
            (Value::Count(3), "3", "3", Json::from(3)),
            (Value::Rate(0.625), "62.5%", "0.625", Json::from(0.625)),
            (Value::Small, "<5", "<5", Json::Null),
            (Value::Withheld, "x", "x", Json::Null),
        ];
        for (value, people, spreadsheets, scripts) in cases {
            assert_eq!(for_people(&value, Some(5)), people);
            assert_eq!(for_spreadsheets(&value, Some(5)), spreadsheets);
            assert_eq!(for_scripts(&value), scripts);
        }
    }
}
