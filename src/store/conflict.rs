//! An unresolved git merge conflict in a collection, found and described for the person who
//! must resolve it: where the block is, and which records each side holds.
//!
//! Any command that meets the markers stops with one of these, not with "expected a JSON
//! object" on the marker lines; `gsef check` lists every block.

use std::fmt;
use std::fs::File;
use std::path::Path;

use super::layout::{self, Marker};
use super::lines::{NumberedLine, each_numbered_line};
use crate::error::Result;
use crate::quote;

/// One conflict block: its lines, and the records on each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub first_line: usize,
    /// The `>>>>>>>` line, or the file's last line when the block is never closed.
    pub last_line: usize,
    pub ours: Side,
    pub theirs: Side,
}

/// One side of a block: the branch label git wrote after the marker, and its records' keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Side {
    pub label: String,
    pub keys: Vec<String>,
}

impl fmt::Display for Conflict {
    /// "lines 112–118: HEAD has mx-112, mx-113; feature has mx-114".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "lines {}–{}: {}; {}",
            self.first_line, self.last_line, self.ours, self.theirs
        )
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = quote::value(&self.label);
        if self.keys.is_empty() {
            write!(f, "{label} has no record there")
        } else {
            write!(f, "{label} has {}", quote::list(&self.keys))
        }
    }
}

/// Follows the lines of a file, one at a time, through any conflict blocks in it.
#[derive(Debug, Default)]
pub struct Scanner {
    open: Option<(Conflict, Marker)>,
    pub found: Vec<Conflict>,
}

impl Scanner {
    /// Takes line `number` (without its `\n`); true when it is a marker or inside a block, so
    /// not a record of the file.
    pub fn take(&mut self, number: usize, line: &[u8]) -> bool {
        let marker = layout::conflict_marker(line);
        match (&mut self.open, marker) {
            (None, Some(Marker::Ours)) => {
                let conflict = Conflict {
                    first_line: number,
                    last_line: number,
                    ours: Side {
                        label: label_of(line, "this branch"),
                        keys: Vec::new(),
                    },
                    theirs: Side {
                        label: "the other branch".to_string(),
                        keys: Vec::new(),
                    },
                };
                self.open = Some((conflict, Marker::Ours));
                true
            }
            (None, _) => false,
            (Some((conflict, _)), Some(Marker::End)) => {
                conflict.last_line = number;
                conflict.theirs.label = label_of(line, "the other branch");
                let (conflict, _) = self.open.take().expect("a block is open");
                self.found.push(conflict);
                true
            }
            (Some((conflict, side)), Some(marker)) => {
                conflict.last_line = number;
                *side = marker;
                true
            }
            (Some((conflict, side)), None) => {
                conflict.last_line = number;
                if let Some(key) = key_of(line) {
                    match side {
                        Marker::Ours => conflict.ours.keys.push(key),
                        Marker::Theirs => conflict.theirs.keys.push(key),
                        Marker::Base | Marker::End => {}
                    }
                }
                true
            }
        }
    }

    /// Every block found, a block the file never closes included.
    pub fn finish(mut self) -> Vec<Conflict> {
        if let Some((conflict, _)) = self.open.take() {
            self.found.push(conflict);
        }
        self.found
    }
}

/// The first conflict block in `file`, read a chunk at a time.
pub fn first_in(path: &Path, file: &File) -> Result<Option<Conflict>> {
    let mut scanner = Scanner::default();
    each_numbered_line(path, file, |number, line| {
        if let NumberedLine::Whole(line) | NumberedLine::Unterminated(line) = line {
            scanner.take(number, line);
        }
    })?;
    Ok(scanner.finish().into_iter().next())
}

/// What git wrote after a marker (`HEAD`, a branch name), or `otherwise`.
fn label_of(line: &[u8], otherwise: &str) -> String {
    let label = String::from_utf8_lossy(&line[7..]);
    let label = label.trim();
    if label.is_empty() {
        otherwise.to_string()
    } else {
        label.to_string()
    }
}

/// The key of the record on a line inside a block: its id, or an attendance record's event
/// and participant; `None` for a line that is no record.
fn key_of(line: &[u8]) -> Option<String> {
    let record: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(line).ok()?;
    let text = |field: &str| record.get(field).and_then(serde_json::Value::as_str);
    match (text("id"), text("event"), text("participant")) {
        (Some(id), _, _) => Some(quote::value(id).into_owned()),
        (None, Some(event), Some(participant)) => Some(format!(
            "{} at {}",
            quote::value(participant),
            quote::value(event)
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Vec<Conflict> {
        let mut scanner = Scanner::default();
        for (index, line) in text.lines().enumerate() {
            scanner.take(index + 1, line.as_bytes());
        }
        scanner.finish()
    }

    #[test]
    fn a_block_names_its_lines_and_each_sides_records() {
        let text = "{\"id\":\"mx-001\"}\n\
                    <<<<<<< HEAD\n\
                    {\"id\":\"mx-112\"}\n\
                    {\"id\":\"mx-113\"}\n\
                    =======\n\
                    {\"id\":\"mx-114\"}\n\
                    >>>>>>> lucia/kampala\n\
                    {\"id\":\"mx-115\"}\n";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].to_string(),
            "lines 2–7: HEAD has mx-112, mx-113; lucia/kampala has mx-114"
        );
    }

    #[test]
    fn diff3_blocks_leave_the_base_out_and_attendance_is_named_by_its_pair() {
        let text = "<<<<<<< ours\n\
                    {\"event\":\"2019-11-mexico\",\"participant\":\"mx-001\",\"status\":\"attended\"}\n\
                    ||||||| base\n\
                    {\"event\":\"2019-11-mexico\",\"participant\":\"mx-001\",\"status\":\"registered\"}\n\
                    =======\n\
                    >>>>>>> theirs\n";
        assert_eq!(
            scan(text)[0].to_string(),
            "lines 1–6: ours has mx-001 at 2019-11-mexico; theirs has no record there"
        );
    }

    #[test]
    fn a_block_never_closed_runs_to_the_end_of_the_file() {
        let found = scan("<<<<<<<\n{\"id\":\"a\"}\n");
        assert_eq!(found[0].last_line, 2);
        assert_eq!(found[0].ours.label, "this branch");
    }
}
