//! CSV for spreadsheets: RFC 4180, and cells that a spreadsheet would run as a formula defused.

use std::io::Write;

use super::cell::{TOTAL, for_spreadsheets};
use super::output_error;
use crate::error::Result;
use crate::model::formula;
use crate::report::{Report, Value};

/// A report as CSV: a header of column names, one line per row, and the totals row when
/// `with_totals`. Headers are defused too, since `--across` makes values into headers; `raw`
/// leaves every cell exactly as it is.
pub fn write_report(
    report: &Report,
    with_totals: bool,
    raw: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let headers: Vec<String> = report
        .columns
        .iter()
        .map(|column| column.name.clone())
        .collect();
    let plain_row = |row: &Vec<Value>| -> Vec<String> {
        row.iter()
            .map(|value| for_spreadsheets(value, report.min_count))
            .collect()
    };
    let totals = report.totals.iter().filter(|_| with_totals).map(|totals| {
        let mut row = plain_row(totals);
        row[0] = TOTAL.to_string();
        row
    });
    let neutralise = if raw {
        Neutralise::Nothing
    } else {
        Neutralise::HeadersAndCells
    };
    write_table(
        &headers,
        report.rows.iter().map(plain_row).chain(totals),
        neutralise,
        out,
    )
}

/// A text cell with a `'` before every formula trigger that starts it or one of the pieces a
/// spreadsheet may split it into (OWASP's CSV-injection advice, for every locale's separator);
/// the rule, and how the import takes it off again, are [`formula`]'s.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    formula::guard(cell)
}

/// Writes a header and rows; every text cell is neutralised, since records hold what forms typed in.
pub fn write_rows(
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    out: &mut dyn Write,
) -> Result<()> {
    let headers: Vec<String> = headers.iter().map(ToString::to_string).collect();
    write_table(&headers, rows, Neutralise::Cells, out)
}

/// Which cells a CSV defuses; reports defuse their headers too, since `--across` makes values headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Neutralise {
    /// Nothing: `--raw`, for a script that wants the values exactly.
    Nothing,
    Cells,
    HeadersAndCells,
}

/// Writes a header and rows, neutralising formulas as asked.
pub fn write_table(
    headers: &[String],
    rows: impl Iterator<Item = Vec<String>>,
    neutralise: Neutralise,
    out: &mut dyn Write,
) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let to_error = |error: csv::Error| output_error(std::io::Error::other(error.to_string()));
    let defuse = |cell: &str, wanted: bool| {
        if wanted {
            neutralise_formula(cell).into_owned()
        } else {
            cell.to_string()
        }
    };
    writer
        .write_record(
            headers
                .iter()
                .map(|cell| defuse(cell, neutralise == Neutralise::HeadersAndCells)),
        )
        .map_err(to_error)?;
    for row in rows {
        writer
            .write_record(
                row.iter()
                    .map(|cell| defuse(cell, neutralise != Neutralise::Nothing)),
            )
            .map_err(to_error)?;
    }
    writer.flush().map_err(output_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuses_formula_cells_only() {
        assert_eq!(
            neutralise_formula("=HYPERLINK(\"x\")"),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(neutralise_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise_formula("\tx"), "'\tx");
        assert_eq!(neutralise_formula("María"), "María");
        // A `;` CSV in a Spanish or French spreadsheet, and full-width signs.
        assert_eq!(
            neutralise_formula("x;=cmd|' /C calc'!A0"),
            "x;'=cmd|' /C calc'!A0"
        );
        assert_eq!(neutralise_formula("a\t @x"), "a\t '@x");
        assert_eq!(neutralise_formula("\u{ff0b}1"), "'\u{ff0b}1");
    }

    #[test]
    fn quotes_as_rfc_4180_says() {
        let mut out = Vec::new();
        write_rows(
            &["name", "note"],
            vec![vec!["A, B".to_string(), "say \"hi\"".to_string()]].into_iter(),
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name,note\n\"A, B\",\"say \"\"hi\"\"\"\n"
        );
    }
}
