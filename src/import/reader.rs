//! An imported CSV file read as a stream of rows, each within stated bounds, so that an import
//! holds a chunk of the file and one row at a time, however large or hostile the file.
//!
//! Parsing is `csv-core`'s, the parser the `csv` crate is built on, so quoting, line ends
//! (CRLF, LF, a quoted field spanning lines) and the line a row is numbered by are exactly the
//! `csv` crate's. `csv-core` writes the fields it reads into a buffer handed to it, a chunk at a
//! time, and says where each ends, so a field past its bound is counted and passed over, never
//! held: the row it is in is refused with its size (and `--skip-invalid` skips it), the rest of
//! the file read on. Only the header row, without which no row means anything, refuses the
//! whole file.

use std::io::{self, Read};

use super::encoding::{EncodingProblem, Utf8Check, byte_order_mark};
use super::sniff;
use crate::quote;

/// The longest header row: the questions of a form, even a hundred long ones, take a few KiB.
/// A longer first line is no form's export (a log, a dump, data without a header), and every
/// byte of it would be read and held before a single row.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The most columns: forms of a few hundred questions exist, a thousand is beyond any, and each
/// column is a cell kept for every row and a header matched against every field.
pub const MAX_COLUMNS: usize = 1000;

/// The longest field: a name, an address or a free-text answer takes a few hundred bytes, and
/// 64 KiB holds pages of text. A longer field is a pasted file or a quote never closed, and
/// holding it would let one cell cost any amount of memory.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// The most text one row may keep in its columns: a thousand columns of short answers fit many
/// times over, and no row of a file should cost more memory than a whole ordinary import.
pub const MAX_ROW_BYTES: usize = 1024 * 1024;

/// How much of the file is read at a time (the buffer holds two, so that the header line up to
/// its bound is in it when the delimiter is sniffed), and of fields parsed.
const CHUNK_BYTES: usize = 64 * 1024;

/// Why the file cannot be read on.
#[derive(Debug)]
pub enum ReadProblem {
    Encoding(EncodingProblem),
    Io(io::Error),
    /// The header row breaks a bound; the message says which.
    Header(String),
    /// The file is no spreadsheet gsef reads, or has no sheet of the name asked for; the message
    /// says which, in one line.
    Sheet(String),
}

impl From<EncodingProblem> for ReadProblem {
    fn from(problem: EncodingProblem) -> Self {
        ReadProblem::Encoding(problem)
    }
}

impl From<io::Error> for ReadProblem {
    fn from(error: io::Error) -> Self {
        ReadProblem::Io(error)
    }
}

/// What of a row was not kept, because it was past a bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeftOut {
    /// The row kept more than [`MAX_ROW_BYTES`]; none of it is kept. `bytes` is what it takes
    /// in the file.
    Row { bytes: u64 },
    /// Fields longer than [`MAX_FIELD_BYTES`], by column and size; the rest of the row is kept.
    Fields(Vec<(usize, u64)>),
}

/// One row: the line it starts on, its cells up to the columns kept, and what was left out.
#[derive(Debug, Default)]
pub struct Row {
    pub line: u64,
    /// The kept cells' text, one after another.
    text: String,
    ends: Vec<usize>,
    /// Fields past the columns kept are never kept; this says whether one held text.
    text_past_columns: bool,
    oversized: Vec<(usize, u64)>,
    /// The row's size in the file, once it is over [`MAX_ROW_BYTES`].
    over_bound: Option<u64>,
}

impl Row {
    /// A row of `cells` read from `line` of a file that is not CSV (a spreadsheet), held to the
    /// same bounds as a CSV row: a cell past [`MAX_FIELD_BYTES`] is left out with its size, and
    /// the row is left out whole past [`MAX_ROW_BYTES`].
    pub fn from_cells<'c>(line: u64, cells: impl IntoIterator<Item = &'c str>) -> Row {
        let mut row = Row {
            line,
            ..Row::default()
        };
        let mut kept = 0usize;
        for (column, cell) in cells.into_iter().enumerate() {
            if cell.len() > MAX_FIELD_BYTES {
                row.oversized.push((column, cell.len() as u64));
                row.ends.push(row.text.len());
                continue;
            }
            kept += cell.len();
            if kept > MAX_ROW_BYTES {
                row.over_bound = Some(kept as u64);
                row.text.clear();
                row.ends.clear();
                return row;
            }
            row.text.push_str(cell);
            row.ends.push(row.text.len());
        }
        row
    }

    /// Notes that the row holds text in columns past those kept, as a CSV row's reading notes
    /// it: such a row is no blank row, though every cell it keeps is empty.
    pub fn note_text_past_columns(&mut self) {
        self.text_past_columns = true;
    }

    /// The text of the cell in column `index`, if the row has one (a left-out field's is empty).
    pub fn cell(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.text.get(start..end)
    }

    /// The kept cells, in order.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).filter_map(|index| self.cell(index))
    }

    /// True when no cell holds anything but spaces: a blank line of a spreadsheet export.
    pub fn is_blank(&self) -> bool {
        self.left_out().is_none()
            && !self.text_past_columns
            && self.cells().all(|cell| cell.trim().is_empty())
    }

    /// What was left out of the row for being past a bound, if anything.
    pub fn left_out(&self) -> Option<LeftOut> {
        match self.over_bound {
            Some(bytes) => Some(LeftOut::Row { bytes }),
            None if self.oversized.is_empty() => None,
            None => Some(LeftOut::Fields(self.oversized.clone())),
        }
    }

    /// The cells as a rejects file shows them: a left-out field or row as a short note of its
    /// size, where the text was.
    pub fn cells_for_fixing(&self) -> Vec<String> {
        if let Some(bytes) = self.over_bound {
            return vec![format!("(row of {} left out)", quote::size(bytes))];
        }
        let mut cells: Vec<String> = self.cells().map(str::to_string).collect();
        for &(column, bytes) in &self.oversized {
            cells[column] = format!("(field of {} left out)", quote::size(bytes));
        }
        cells
    }

    /// Starts the row on `line`, handing back its text's buffer to be filled.
    fn clear(&mut self, line: u64) -> Vec<u8> {
        self.line = line;
        self.ends.clear();
        self.text_past_columns = false;
        self.oversized.clear();
        self.over_bound = None;
        let mut text = std::mem::take(&mut self.text).into_bytes();
        text.clear();
        text
    }

    /// Takes the row's text, checked as UTF-8 once for all its cells.
    fn finish(&mut self, text: Vec<u8>) {
        // Every field is text checked as UTF-8 and cut at ASCII bytes, so this never fails; if
        // it did, the row is better read with a replacement character than not at all.
        self.text = String::from_utf8(text)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    }

    /// Adds the next piece of the field being read, as far as its bounds let it be kept.
    fn extend_field(&self, text: &mut Vec<u8>, field: &mut Field, piece: &[u8]) {
        field.bytes += piece.len() as u64;
        if self.over_bound.is_some() || field.too_long {
            return;
        }
        if text.len() - field.start + piece.len() > MAX_FIELD_BYTES {
            field.too_long = true;
            text.truncate(field.start);
        } else {
            text.extend_from_slice(piece);
        }
    }

    /// Files the field just read as the cell of column `column`, or notes it as left out.
    fn finish_field(
        &mut self,
        text: &mut Vec<u8>,
        field: &Field,
        column: usize,
        columns: usize,
        record_bytes: u64,
    ) {
        if self.over_bound.is_some() {
            // Nothing more of this row is kept, but its size is told in full.
            self.over_bound = Some(record_bytes);
        } else if column >= columns {
            let past = std::str::from_utf8(&text[field.start..]);
            self.text_past_columns |=
                field.too_long || !past.is_ok_and(|past| past.trim().is_empty());
            text.truncate(field.start);
        } else if field.too_long {
            self.oversized.push((column, field.bytes));
            self.ends.push(field.start);
        } else if text.len() > MAX_ROW_BYTES {
            self.over_bound = Some(record_bytes);
            text.clear();
            self.ends.clear();
            self.oversized.clear();
        } else {
            self.ends.push(text.len());
        }
    }
}

impl<R: Read> super::rows::RowSource for CsvReader<R> {
    fn next_row(&mut self) -> Result<Option<&Row>, ReadProblem> {
        let first = self.taken == self.start as u64 && self.columns == MAX_COLUMNS;
        Ok(self.read_record(first)?.then_some(&self.row))
    }

    fn keep_columns(&mut self, columns: usize) {
        self.columns = columns;
    }

    fn bytes_read(&self) -> u64 {
        self.taken
    }

    fn size(&self) -> Option<u64> {
        None
    }
}

/// A CSV file being read, a chunk at a time.
pub struct CsvReader<R> {
    input: R,
    /// Read from the file: `start..checked` is text for the parser, `checked..filled` the start
    /// of a character the last read cut short.
    buffer: Vec<u8>,
    start: usize,
    checked: usize,
    filled: usize,
    at_end: bool,
    utf8: Utf8Check,
    parser: csv_core::Reader,
    /// Where the parser writes the fields it reads, a chunk at a time, and where they end; the
    /// row keeps what its bounds let it.
    fields: Vec<u8>,
    field_ends: Vec<usize>,
    /// Bytes of the file the parser has taken, for a progress bar.
    taken: u64,
    /// Line feeds in what was taken: a row's line is one more than those before it. Counted
    /// here rather than by the parser, which numbers the rows of a CRLF file one line low.
    line_feeds: u64,
    /// No row is left once the parser has said so.
    finished: bool,
    /// How many cells of each row are kept: the header's count once it is read.
    columns: usize,
    row: Row,
}

impl<R: Read> CsvReader<R> {
    /// Starts reading `input`: refuses UTF-16, skips a UTF-8 byte order mark, and settles the
    /// delimiter, `delimiter` or else the one sniffed from the header line.
    pub fn new(input: R, delimiter: Option<u8>) -> Result<Self, ReadProblem> {
        let mut reader = CsvReader {
            input,
            buffer: vec![0; 2 * CHUNK_BYTES],
            start: 0,
            checked: 0,
            filled: 0,
            at_end: false,
            utf8: Utf8Check::default(),
            parser: csv_core::Reader::new(),
            fields: vec![0; CHUNK_BYTES],
            field_ends: vec![0; 64],
            taken: 0,
            line_feeds: 0,
            finished: false,
            columns: MAX_COLUMNS,
            row: Row::default(),
        };
        // Enough to hold a header line at its bound, and a byte more to see it is longer.
        while reader.filled <= MAX_HEADER_BYTES && !reader.at_end {
            reader.read_more()?;
        }
        reader.start = byte_order_mark(&reader.buffer[..reader.filled])?;
        reader.checked = reader.start;
        reader.taken = reader.start as u64;
        reader.check_text()?;
        let delimiter = delimiter
            .unwrap_or_else(|| sniff::delimiter(&reader.buffer[reader.start..reader.checked]));
        reader.parser = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        Ok(reader)
    }

    /// The first row, as the header naming the columns, each name trimmed; from then on each
    /// row keeps as many cells as the header has. Refused past [`MAX_HEADER_BYTES`] or
    /// [`MAX_COLUMNS`], once that much is read. Empty when the file has no row.
    pub fn header(&mut self) -> Result<Vec<String>, ReadProblem> {
        if !self.read_record(true)? {
            return Ok(Vec::new());
        }
        let headers: Vec<String> = self
            .row
            .cells()
            .map(|header| header.trim().to_string())
            .collect();
        self.columns = headers.len();
        Ok(headers)
    }

    /// The next row, or `None` at the end of the file.
    pub fn next_row(&mut self) -> Result<Option<&Row>, ReadProblem> {
        Ok(self.read_record(false)?.then_some(&self.row))
    }

    /// How many bytes of the file have been read into rows.
    pub fn bytes_read(&self) -> u64 {
        self.taken
    }

    /// Reads one record into `self.row`; false at the end of the file.
    fn read_record(&mut self, header: bool) -> Result<bool, ReadProblem> {
        use csv_core::ReadRecordResult;

        if !self.finished {
            self.step_over_line_ends()?;
        }
        let mut text = self.row.clear(self.line_feeds + 1);
        if self.finished {
            return Ok(false);
        }
        let mut record_bytes = 0;
        // How much the parser has written of this record: it counts where fields end from the
        // record's start, however many times its output was handed back.
        let mut written_before = 0;
        let mut column = 0;
        let mut field = Field::default();
        loop {
            if self.start == self.checked && !self.at_end {
                self.read_more()?;
                self.check_text()?;
                continue;
            }
            let input = &self.buffer[self.start..self.checked];
            let (result, read, written, ended) =
                self.parser
                    .read_record(input, &mut self.fields, &mut self.field_ends);
            self.line_feeds += memchr::memchr_iter(b'\n', &input[..read]).count() as u64;
            self.start += read;
            self.taken += read as u64;
            record_bytes += read as u64;
            if header && record_bytes > MAX_HEADER_BYTES as u64 {
                return Err(ReadProblem::Header(format!(
                    "the header row goes on past {}; the row naming the columns may take at most {MAX_HEADER_BYTES} bytes",
                    quote::size(MAX_HEADER_BYTES as u64)
                )));
            }
            let mut piece_start = 0;
            for &end in &self.field_ends[..ended] {
                let piece_end = end - written_before;
                self.row
                    .extend_field(&mut text, &mut field, &self.fields[piece_start..piece_end]);
                self.row
                    .finish_field(&mut text, &field, column, self.columns, record_bytes);
                piece_start = piece_end;
                column += 1;
                if header && column > MAX_COLUMNS {
                    return Err(ReadProblem::Header(format!(
                        "the header row has more than {MAX_COLUMNS} columns; an import may have at most {MAX_COLUMNS}"
                    )));
                }
                field = Field {
                    start: text.len(),
                    ..Field::default()
                };
            }
            self.row
                .extend_field(&mut text, &mut field, &self.fields[piece_start..written]);
            written_before += written;
            match result {
                ReadRecordResult::InputEmpty
                | ReadRecordResult::OutputFull
                | ReadRecordResult::OutputEndsFull => {}
                ReadRecordResult::Record => {
                    self.row.finish(text);
                    return Ok(true);
                }
                ReadRecordResult::End => {
                    self.finished = true;
                    return Ok(false);
                }
            }
        }
    }

    /// Steps over the line ends (and blank lines, which hold no row) before the next row, so
    /// that the row starts on the line after the last line feed taken. The parser skips them
    /// too; it is left to see only the row.
    fn step_over_line_ends(&mut self) -> Result<(), ReadProblem> {
        loop {
            if self.start == self.checked {
                if self.at_end {
                    return Ok(());
                }
                self.read_more()?;
                self.check_text()?;
                continue;
            }
            match self.buffer[self.start] {
                b'\n' => self.line_feeds += 1,
                b'\r' => {}
                _ => return Ok(()),
            }
            self.start += 1;
            self.taken += 1;
        }
    }

    /// Reads more of the file after what is left unparsed, moved to the buffer's start.
    fn read_more(&mut self) -> Result<(), ReadProblem> {
        if self.start > 0 {
            self.buffer.copy_within(self.start..self.filled, 0);
            self.checked -= self.start;
            self.filled -= self.start;
            self.start = 0;
        }
        loop {
            match self.input.read(&mut self.buffer[self.filled..]) {
                Ok(0) => self.at_end = true,
                Ok(read) => self.filled += read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error.into()),
            }
            return Ok(());
        }
    }

    /// Checks what was read as UTF-8, up to a character it cuts short.
    fn check_text(&mut self) -> Result<(), ReadProblem> {
        let unchecked = &self.buffer[self.checked..self.filled];
        self.checked += self.utf8.check(unchecked, self.at_end)?;
        Ok(())
    }
}

/// The field being read.
#[derive(Debug, Default)]
struct Field {
    /// Where its text starts in the row's.
    start: usize,
    /// Its size in bytes, counted on when it is not kept.
    bytes: u64,
    /// It went past [`MAX_FIELD_BYTES`]: it is counted, not kept.
    too_long: bool,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Hands its bytes over `step` at a time, as a pipe does, so chunks end anywhere.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            let count = self.step.min(buffer.len()).min(self.bytes.len());
            buffer[..count].copy_from_slice(&self.bytes[..count]);
            self.bytes = &self.bytes[count..];
            Ok(count)
        }
    }

    /// A header and the rows under it, each as its line and cells.
    type Table = (Vec<String>, Vec<(u64, Vec<String>)>);

    /// The header and every row, read `step` bytes at a time.
    fn rows_of(bytes: &[u8], step: usize) -> Result<Table, ReadProblem> {
        let mut reader = CsvReader::new(Trickle { bytes, step }, None)?;
        let header = reader.header()?;
        let mut rows = Vec::new();
        while let Some(row) = reader.next_row()? {
            rows.push((row.line, row.cells().map(str::to_string).collect()));
        }
        Ok((header, rows))
    }

    /// What the `csv` crate, which imports used before, reads of the same text, each row
    /// numbered by the line it starts on as an editor counts lines (the crate's own numbers
    /// are one low after a CRLF).
    fn rows_by_the_csv_crate(text: &str) -> Table {
        let delimiter = sniff::delimiter(text.as_bytes());
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .unwrap()
            .iter()
            .map(|header| header.trim().to_string())
            .collect::<Vec<_>>();
        let columns = header.len();
        let rows = reader
            .records()
            .map(|record| {
                let record = record.unwrap();
                let from = usize::try_from(record.position().unwrap().byte()).unwrap();
                let start = from
                    + text[from..]
                        .bytes()
                        .take_while(|byte| matches!(byte, b'\r' | b'\n'))
                        .count();
                let line = 1 + text[..start].bytes().filter(|byte| *byte == b'\n').count() as u64;
                (
                    line,
                    record.iter().take(columns).map(str::to_string).collect(),
                )
            })
            .collect();
        (header, rows)
    }

    #[test]
    fn reads_quotes_crlf_and_fields_across_lines_as_the_csv_crate_does() {
        let text = "\u{feff}Nom;Organisme;Pays\r\n\"Ana; la\";\"Coop\r\n\"\"Sol\"\"\";MX\r\n\r\nLuc;;SN\r\n";
        let by_the_csv_crate = rows_by_the_csv_crate(text.trim_start_matches('\u{feff}'));
        for step in [1, 3, 7, 4096] {
            let (header, rows) = rows_of(text.as_bytes(), step).unwrap();
            assert_eq!((&header, &rows), (&by_the_csv_crate.0, &by_the_csv_crate.1));
            assert_eq!(header, ["Nom", "Organisme", "Pays"]);
            // Each row is numbered by the line it starts on, as an editor shows it: the CRLF
            // line ends, the quoted one and the blank line all count.
            assert_eq!(
                rows,
                [
                    (
                        2,
                        vec!["Ana; la".into(), "Coop\r\n\"Sol\"".into(), "MX".into()]
                    ),
                    (5, vec!["Luc".into(), String::new(), "SN".into()]),
                ]
            );
        }
    }

    proptest! {
        /// Any text of CSV's own bytes reads as the `csv` crate reads it: the same headers,
        /// cells and line numbers, wherever the reads happen to end.
        #[test]
        fn reads_any_csv_text_as_the_csv_crate_does(
            text in "[a,;\t\"\r\n é]{0,300}",
            step in 1usize..9,
        ) {
            prop_assert_eq!(rows_of(text.as_bytes(), step).unwrap(), rows_by_the_csv_crate(&text));
        }
    }

    #[test]
    fn a_field_past_its_bound_is_counted_not_kept_and_the_rows_after_it_are_read() {
        let huge = "x".repeat(5 * MAX_FIELD_BYTES);
        let exact = "y".repeat(MAX_FIELD_BYTES);
        let text = format!("Name,Notes\nAna,\"{huge}\"\nBo,{exact}\nCy,ok\n");
        let mut reader = CsvReader::new(text.as_bytes(), None).unwrap();
        reader.header().unwrap();
        let row = reader.next_row().unwrap().unwrap();
        assert_eq!(row.line, 2);
        assert_eq!(
            row.left_out(),
            Some(LeftOut::Fields(vec![(1, huge.len() as u64)]))
        );
        assert_eq!(
            row.cells_for_fixing(),
            ["Ana", "(field of 320 KiB left out)"]
        );
        assert!(!row.is_blank());
        let row = reader.next_row().unwrap().unwrap();
        assert_eq!((row.line, row.left_out()), (3, None));
        assert_eq!(row.cell(1), Some(exact.as_str()));
        let row = reader.next_row().unwrap().unwrap();
        assert_eq!(row.cells().collect::<Vec<_>>(), ["Cy", "ok"]);
        assert!(reader.next_row().unwrap().is_none());
    }

    #[test]
    fn a_row_past_its_bound_is_left_out_whole() {
        let field = "z".repeat(MAX_FIELD_BYTES);
        let wide = vec![field.as_str(); 20].join(",");
        let header = (0..20)
            .map(|n| format!("c{n}"))
            .collect::<Vec<_>>()
            .join(",");
        let text = format!("{header}\n{wide}\na,b\n");
        let mut reader = CsvReader::new(text.as_bytes(), None).unwrap();
        reader.header().unwrap();
        let row = reader.next_row().unwrap().unwrap();
        assert_eq!(
            row.left_out(),
            Some(LeftOut::Row {
                bytes: wide.len() as u64 + 1
            })
        );
        assert_eq!(row.cells_for_fixing(), ["(row of 1.3 MiB left out)"]);
        let row = reader.next_row().unwrap().unwrap();
        assert_eq!(row.cells().collect::<Vec<_>>(), ["a", "b"]);
    }

    /// Cells past the header's columns are not kept, but a row with text only there is no
    /// blank row, as it was not when every cell was kept.
    #[test]
    fn keeps_the_headers_columns_and_notes_text_past_them() {
        let mut reader = CsvReader::new(&b"a,b\n1,2,3,4\n,,,x\n,, ,\n"[..], None).unwrap();
        reader.header().unwrap();
        let row = reader.next_row().unwrap().unwrap();
        assert_eq!(row.cells().collect::<Vec<_>>(), ["1", "2"]);
        assert!(!reader.next_row().unwrap().unwrap().is_blank());
        assert!(reader.next_row().unwrap().unwrap().is_blank());
    }

    #[test]
    fn a_header_past_its_bounds_is_refused_after_reading_about_that_much() {
        let wide = format!("{}\na\n", vec!["h"; MAX_COLUMNS + 1].join(","));
        let long = format!("Name,{}\na\n", "n".repeat(MAX_HEADER_BYTES));
        let endless = [b"Name,".as_slice(), &vec![b'x'; 50 * MAX_HEADER_BYTES]].concat();
        for (text, needle) in [
            (wide.as_bytes(), "more than 1000 columns"),
            (long.as_bytes(), "goes on past 64 KiB"),
            (&endless, "goes on past 64 KiB"),
        ] {
            let mut input = Trickle {
                bytes: text,
                step: usize::MAX,
            };
            let mut reader = CsvReader::new(&mut input, None).unwrap();
            match reader.header() {
                Err(ReadProblem::Header(message)) => assert!(message.contains(needle), "{message}"),
                other => panic!("{other:?}"),
            }
            drop(reader);
            assert!(text.len() - input.bytes.len() <= 3 * CHUNK_BYTES);
        }
        let fits = format!("{}\na\n", vec!["h"; MAX_COLUMNS].join(","));
        let mut reader = CsvReader::new(fits.as_bytes(), None).unwrap();
        assert_eq!(reader.header().unwrap().len(), MAX_COLUMNS);
    }

    #[test]
    fn names_the_line_and_column_of_a_byte_that_is_not_utf8_and_refuses_utf16() {
        let mut text = b"Nom,Pays\nAna,MX\n".to_vec();
        text.extend_from_slice(&"a,b\n".repeat(40_000).into_bytes());
        text.extend_from_slice(b"Ren\xE9,FR\n");
        let problem = rows_of(&text, 1000).map(|_| ()).unwrap_err();
        match problem {
            ReadProblem::Encoding(problem) => {
                assert_eq!(problem.line, 40_003);
                assert!(problem.message.contains("byte 0xE9 at column 4"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            CsvReader::new(&b"\xFF\xFEN\0"[..], None),
            Err(ReadProblem::Encoding(_))
        ));
    }
}
