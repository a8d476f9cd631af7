//! Markdown tables, to paste a report into a document or an issue.

use std::io::Write;

use super::output_error;
use crate::error::Result;

/// Writes a GitHub-flavoured Markdown table; `right_aligned` marks the columns of numbers.
pub fn write_table(
    headers: &[String],
    right_aligned: &[bool],
    rows: impl Iterator<Item = Vec<String>>,
    out: &mut dyn Write,
) -> Result<()> {
    write_row(headers.iter().map(String::as_str), out)?;
    let rule = right_aligned
        .iter()
        .map(|&right| if right { "---:" } else { "---" });
    write_row(rule, out)?;
    for row in rows {
        write_row(row.iter().map(String::as_str), out)?;
    }
    Ok(())
}

fn write_row<'a>(cells: impl Iterator<Item = &'a str>, out: &mut dyn Write) -> Result<()> {
    let cells: Vec<String> = cells.map(escape).collect();
    writeln!(out, "| {} |", cells.join(" | ")).map_err(output_error)
}

/// A `|` would end the cell and a line break the row; `\` and `*` would change the formatting.
pub(super) fn escape(cell: &str) -> String {
    let mut escaped = String::with_capacity(cell.len());
    for character in cell.chars() {
        match character {
            '|' | '\\' | '*' | '_' | '`' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '\n' | '\r' => escaped.push(' '),
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_aligned_columns_and_escapes_cells() {
        let mut out = Vec::new();
        write_table(
            &["Sector".to_string(), "Participants".to_string()],
            &[false, true],
            vec![vec!["a|b\nc".to_string(), "3".to_string()]].into_iter(),
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "| Sector | Participants |\n| --- | ---: |\n| a\\|b c | 3 |\n"
        );
    }
}
