//! CSV for spreadsheets: RFC 4180, and cells that a spreadsheet would run as a formula defused.

use std::io::Write;

use super::output_error;
use crate::error::Result;

/// The characters that make Excel, LibreOffice and Google Sheets treat a cell as a formula.
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Prefixes a `'` to a text cell that would otherwise run as a formula (OWASP's CSV-injection advice).
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_TRIGGERS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
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
