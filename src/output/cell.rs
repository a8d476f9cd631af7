//! How every cell of a report is spelled, in one place: for people (tables, Markdown, charts,
//! HTML, in their language), for spreadsheets (CSV) and for scripts (JSON). A missing value, a
//! hidden count and a rate read the same in every format of one kind.

use serde_json::Value as Json;

use super::voice::Voice;
use crate::language::Words;
use crate::report::{Column, ColumnKind, Report, Value};

/// The label of the totals row in a CSV's first column, the same in every language.
pub const TOTAL: &str = "Total";

/// A count or rate for people, in their language's digits: `<5` for a small count, `x` for a
/// withheld one, a rate as a percentage.
pub fn for_people(value: &Value, min_count: Option<u64>, words: &Words) -> String {
    match value {
        Value::Missing => words.text("not-recorded"),
        Value::Count(count) => words.count(*count),
        Value::Rate(rate) => words.percent(*rate),
        Value::Mean(mean) => words.decimal(*mean),
        other => for_spreadsheets(other, min_count),
    }
}

/// A cell for spreadsheets: missing is empty, a rate is a fraction.
pub fn for_spreadsheets(value: &Value, min_count: Option<u64>) -> String {
    match value {
        Value::Missing => String::new(),
        Value::Text(text) => text.clone(),
        Value::Count(count) => count.to_string(),
        Value::Rate(rate) | Value::Mean(rate) => rate.to_string(),
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
        Value::Rate(rate) | Value::Mean(rate) => Json::from(*rate),
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

/// The rows for the terminal, then the totals row labelled in its first column: values as
/// recorded (ids and codes, which filters take), numbers in the reader's language.
pub fn rows_for_people<'r>(
    report: &'r Report,
    voice: &'r Voice<'r>,
) -> impl Iterator<Item = Vec<String>> + 'r {
    rows_spelled(report, voice, |_, value| voice.label(value))
}

/// The rows as funders read them (see [`Voice::in_words`]), then the totals row; for
/// Markdown, HTML and charts.
pub fn rows_in_words<'r>(
    report: &'r Report,
    voice: &'r Voice<'r>,
) -> impl Iterator<Item = Vec<String>> + 'r {
    rows_spelled(report, voice, |column, value| {
        voice.in_words(&column.name, value)
    })
}

/// The rows, each measure in the reader's digits and every other cell spelled by `spell`, then
/// the totals row labelled in its first column.
fn rows_spelled<'r>(
    report: &'r Report,
    voice: &'r Voice<'r>,
    spell: impl Fn(&Column, &Value) -> String + 'r,
) -> impl Iterator<Item = Vec<String>> + 'r {
    let words = voice.words;
    let text_of = move |row: &Vec<Value>| -> Vec<String> {
        row.iter()
            .zip(&report.columns)
            .map(|(value, column)| match (column.kind, column.missing) {
                (_, Some(message)) if *value == Value::Missing => words.text(message),
                (ColumnKind::Measure, _) => for_people(value, report.min_count, words),
                _ => spell(column, value),
            })
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
                    ColumnKind::Measure => for_people(value, report.min_count, words),
                    _ => String::new(),
                })
                .collect();
            row[0] = words.text("total");
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
            assert_eq!(
                for_people(&value, Some(5), crate::language::Language::En.words()),
                people
            );
            assert_eq!(for_spreadsheets(&value, Some(5)), spreadsheets);
            assert_eq!(for_scripts(&value), scripts);
        }
    }
}
