//! Horizontal bar charts in the terminal: one bar per report row, drawn with Unicode block
//! characters, so they read the same with or without colour.
//!
//! Widths are display columns, not bytes or chars: `Ciudad de México` is 16 columns although
//! its `é` takes two bytes, and a CJK name takes two columns per character. Bars are measured
//! in eighths of a column, so a count of 3 against a maximum of 4 is not rounded to a whole cell.

use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::output_error;
use super::visible::one_line;
use super::voice::Voice;
use super::{cell, fit};
use crate::error::{Error, Result};
use crate::language::Arg;
use crate::report::{ColumnKind, Report, Value};

/// A full cell, then the partial cells from one eighth to seven eighths.
const FULL_BLOCK: char = '█';
const EIGHTHS: [char; 7] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];
/// Labels longer than this share of the width are cut with `…`, so bars keep room to differ.
const LABEL_SHARE_PERCENT: usize = 40;
/// Between the label and the bar, and between the bar and its number.
const GAP: &str = "  ";

/// What the bars of `report attendance --chart` count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ChartMeasure {
    /// Distinct people.
    #[default]
    Participants,
    /// Attendance records: one person at two events counts twice.
    Attendances,
    /// Days attended, where attendance records list their days.
    #[value(name = "person-days", alias = "person_days")]
    PersonDays,
}

impl ChartMeasure {
    /// The report column the bars are drawn from.
    pub fn column_name(self) -> &'static str {
        match self {
            ChartMeasure::Participants => "participants",
            ChartMeasure::Attendances => "attendances",
            ChartMeasure::PersonDays => "person_days",
        }
    }
}

/// The width to fit: `COLUMNS`, the terminal's, or a fixed width off a terminal, so a chart
/// piped into a file or a test is the same everywhere ([`fit::prose_width`]).
pub fn fitting_width() -> usize {
    fit::prose_width()
}

/// Writes one bar per row of `report` for the measure column named `measure`, fitted to `width`
/// display columns.
pub fn write_bars(
    report: &Report,
    measure: &str,
    width: usize,
    voice: &Voice,
    out: &mut dyn Write,
) -> Result<()> {
    let column = report.column_index(measure).ok_or_else(|| {
        Error::Invalid(format!(
            "this report has no `{measure}` column to chart (it has: {})",
            report
                .columns
                .iter()
                .filter(|column| column.kind == ColumnKind::Measure)
                .map(|column| column.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    for line in fit::wrap(&heading(report, column, voice), width, "", "") {
        writeln!(out, "{line}").map_err(output_error)?;
    }
    if report.rows.is_empty() {
        return writeln!(out, "(none)").map_err(output_error);
    }
    let dimension_columns: Vec<usize> = (0..report.columns.len())
        .filter(|&index| report.columns[index].kind == ColumnKind::Dimension)
        .collect();
    let label_limit = (width * LABEL_SHARE_PERCENT / 100).max(8);
    let labels: Vec<String> = report
        .rows
        .iter()
        .map(|row| truncate(&row_label(row, &dimension_columns, voice), label_limit))
        .collect();
    let numbers: Vec<String> = report
        .rows
        .iter()
        .map(|row| cell::for_people(&row[column], report.min_count, voice.words))
        .collect();
    let label_width = labels.iter().map(|label| label.width()).max().unwrap_or(0);
    let number_width = numbers.iter().map(|text| text.width()).max().unwrap_or(0);
    let bar_width = width
        .saturating_sub(label_width + 2 * GAP.len() + number_width)
        .max(1);
    let largest = report
        .rows
        .iter()
        .filter_map(|row| row[column].count())
        .max()
        .unwrap_or(0);
    for ((row, label), number) in report.rows.iter().zip(&labels).zip(&numbers) {
        let bar = row[column]
            .count()
            .map(|count| bar(count, largest, bar_width))
            .unwrap_or_default();
        let label_padding = " ".repeat(label_width - label.width());
        let bar_padding = " ".repeat(bar_width - bar.chars().count());
        writeln!(
            out,
            "{label}{label_padding}{GAP}{bar}{bar_padding}{GAP}{number:>number_width$}"
        )
        .map_err(output_error)?;
    }
    Ok(())
}

/// "Participants by sector and region (6 in total)": what the bars count and how they group.
fn heading(report: &Report, column: usize, voice: &Voice) -> String {
    let words = voice.words;
    let measure = one_line(&voice.title(&report.columns[column])).into_owned();
    let dimensions: Vec<String> = report
        .columns
        .iter()
        .filter(|column| column.kind == ColumnKind::Dimension)
        .map(|column| one_line(&voice.title(column)).to_lowercase())
        .collect();
    let mut heading = if dimensions.is_empty() {
        measure
    } else {
        let list = words.list(&dimensions, "and");
        words.with(
            "bars-by",
            &[("measure", Arg::Text(&measure)), ("list", Arg::Text(&list))],
        )
    };
    if let Some(total) = report
        .totals
        .as_ref()
        .and_then(|totals| totals[column].count())
    {
        let total = words.with("bars-total", &[("count", Arg::Count(total))]);
        heading.push_str(&format!(" ({total})"));
    }
    heading
}

/// The row's dimension values joined with ` · ` (sectors already use `/`), shown as a table
/// cell is, so a label cannot move the bars.
fn row_label(row: &[Value], dimension_columns: &[usize], voice: &Voice) -> String {
    dimension_columns
        .iter()
        .map(|&index| one_line(&voice.label(&row[index])).into_owned())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A bar of `count` against `largest` filling `width` columns, to the nearest eighth of a column.
fn bar(count: u64, largest: u64, width: usize) -> String {
    if largest == 0 {
        return String::new();
    }
    let eighths =
        (u128::from(count) * width as u128 * 8 + u128::from(largest) / 2) / u128::from(largest);
    let eighths = usize::try_from(eighths).unwrap_or(usize::MAX);
    let mut bar: String = std::iter::repeat_n(FULL_BLOCK, eighths / 8).collect();
    if eighths % 8 > 0 {
        bar.push(EIGHTHS[eighths % 8 - 1]);
    }
    bar
}

/// Cuts `text` to at most `limit` display columns, ending in `…` when anything was cut.
fn truncate(text: &str, limit: usize) -> String {
    fit::shorten(text, limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Column;

    #[test]
    fn bars_are_measured_in_eighths() {
        // 3 of 4 over 10 columns is 7.5 columns: 7 full blocks and a half block.
        assert_eq!(bar(3, 4, 10), "███████▌");
        assert_eq!(bar(4, 4, 10), "██████████");
        // 1 of 80 over 10 columns is one eighth.
        assert_eq!(bar(1, 80, 10), "▏");
        assert_eq!(bar(0, 4, 10), "");
        assert_eq!(bar(0, 0, 10), "");
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("Québec", 6), "Québec");
        assert_eq!(truncate("Ciudad de México", 8), "Ciudad …");
        // Each of these takes two columns.
        assert_eq!(truncate("서울특별시", 5), "서울…");
    }

    #[test]
    fn aligns_accented_labels_and_shows_suppressed_counts_without_a_bar() {
        let report = Report {
            name: "attendance",
            dimensions: vec!["region".into()],
            filters: serde_json::Map::new(),
            columns: vec![
                Column::new("region", "Region", ColumnKind::Dimension),
                Column::new("participants", "Participants", ColumnKind::Measure),
            ],
            rows: vec![
                vec![Value::Text("Québec".into()), Value::Count(4)],
                vec![Value::Text("Oaxaca".into()), Value::Count(2)],
                vec![Value::Missing, Value::Small],
            ],
            totals: Some(vec![Value::Missing, Value::Count(7)]),
            min_count: Some(3),
        };
        let mut out = Vec::new();
        // 40 columns: labels of 14, gaps of 4 and numbers of 2 leave bars of 20.
        write_bars(
            &report,
            "participants",
            40,
            &crate::output::voice::english(),
            &mut out,
        )
        .unwrap();
        let full = "█".repeat(20);
        let half = "█".repeat(10);
        let none = " ".repeat(20);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "Participants by region (7 in total)\n\
                 Québec          {full}   4\n\
                 Oaxaca          {half}{}   2\n\
                 (not recorded)  {none}  <3\n",
                " ".repeat(10)
            )
        );
    }
}
