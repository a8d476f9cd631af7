//! A spreadsheet to import, read as rows: an .xlsx or .xlsm workbook, or an .ods one, read by
//! calamine and given behind the [`RowSource`] face a CSV file has, so that everything after
//! reading is written once.
//!
//! **Which file, which sheet.** The format is told by what the file holds, never by its name:
//! an .xlsx or .xlsm file is a zip archive holding `xl/workbook.xml`, an .ods file one whose
//! `mimetype` says so. The sheet read is the one named — matched regardless of case when no
//! name matches exactly, since Excel and LibreOffice refuse two names that differ only by it —
//! or else the first visible worksheet, the one a person sees on opening the file.
//!
//! **Rows as a person sees them.** A row's `line` is its number in the spreadsheet, counted
//! from the top of the sheet even when the data starts lower, so that a message names the row
//! a person finds in Excel or LibreOffice. Rows above the first one that holds anything are not
//! given; an empty row below it is given blank, for the importer to skip as it skips a CSV
//! file's blank lines. Columns count from the sheet's first column that holds anything, as
//! calamine's ranges do, so a table that starts in column B has no empty column before it. A
//! row's cells end with the last one that holds something.
//!
//! **Cells as text.** Each cell is given as the text that, typed in, gives the cell back:
//! strings as they are; numbers in their shortest form (`3`, `2.5`) to the 15 significant
//! digits a spreadsheet keeps and shows, so a computed `0.1 + 0.2` reads `0.3`; booleans
//! `TRUE` and `FALSE`; an error as its code (`#N/A`); a date `YYYY-MM-DD`, a date and time
//! `YYYY-MM-DD HH:MM`, a time of day alone `HH:MM` (each with `:SS` when the seconds are not
//! zero); a duration as hours and minutes (`30:15`). Number formats are not applied, except to
//! tell a date or a time from a number: a format is presentation (`1 234,50 €`, `50 %`, an id
//! padded with zeros), and the importer matches and validates values, which a format would
//! only disguise — and it would have to be rendered as each program renders it, in each
//! locale. calamine says which cells are dates by their format and gives only the value, so a
//! date and time at exactly midnight reads as a date.
//!
//! **Memory, bounded.** A CSV file is streamed a row at a time; a spreadsheet is not: calamine
//! reads the workbook's shared strings and the sheet whole (an .ods file's content, every
//! sheet of it, as it opens). So a file larger than [`MAX_FILE_BYTES`] is refused before it is
//! opened, and one whose parts unpack past [`MAX_UNPACKED_BYTES`] before calamine unpacks them
//! (the zip reader holds each part to the size its archive states). An .xlsx sheet is read a
//! cell at a time and only the cells that hold something are kept, as their text and position,
//! so a stray cell far down or far right costs no more than its neighbours; their text is
//! bounded by [`MAX_SHEET_TEXT_BYTES`]. calamine lays an .ods file's sheets out whole, empty
//! cells between included, which the file can ask for by the billion in a few bytes, so the
//! cells it would lay out are counted first, by a quick pass over the XML (a third of the
//! time an .ods file takes), and a file past [`MAX_ODS_CELLS`] is refused. Each row is then
//! held to a CSV row's bounds by [`Row::from_cells`], and the first to a header's.

use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use calamine::{
    CellErrorType, Data, DataRef, ExcelDateTime, ExcelDateTimeType, Ods, Reader, SheetType,
    SheetVisible, Xlsx,
};

use super::reader::{MAX_COLUMNS, MAX_HEADER_BYTES, ReadProblem, Row};
use super::rows::RowSource;
use crate::quote;

/// The largest spreadsheet file: a registration list of a million rows takes a few tens of
/// MiB, and the file is unpacked and held whole, at several times its size.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The most a spreadsheet's parts may unpack to: four times the largest file, more than any
/// workbook of registrations holds. A zip archive packs repeated XML a thousandfold, so a small
/// file could otherwise unpack to more than the machine's memory.
pub const MAX_UNPACKED_BYTES: u64 = 4 * MAX_FILE_BYTES;

/// The most text the cells of one sheet may hold: a cell can name a shared string of any
/// length, so the sheet's text is not bounded by the file's size.
pub const MAX_SHEET_TEXT_BYTES: usize = 1024 * 1024 * 1024;

/// The most cells calamine may lay out for an .ods file. It reads every sheet as it opens the
/// file, each row as wide as the sheet's widest, empty cells between included, at some 56 bytes
/// a cell (its value and its formula): 16 Mi cells, a million rows of 16 columns, take about a
/// GiB. An .ods file says "these 16,000 cells are empty" in a few bytes, so a file of 60 KiB
/// could otherwise have calamine lay out billions.
pub const MAX_ODS_CELLS: u64 = 16 * 1024 * 1024;

/// The most columns a spreadsheet has, and calamine lays out of an .ods row.
const SHEET_COLUMNS: u64 = 16_384;

/// The most rows a spreadsheet has, and calamine lays out of an .ods sheet.
const SHEET_ROWS: u64 = 1_048_576;

/// What an .ods file's `mimetype` part starts with (an .ots template's goes on with `-template`).
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// The first bytes of an OLE compound file: an Excel 97–2003 workbook, or an encrypted .xlsx.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const SECONDS_PER_DAY: u64 = 86_400;

/// One sheet of a spreadsheet, read, given a row at a time.
pub struct SheetReader {
    sheet: String,
    /// The text of every cell that holds something, one after another.
    text: String,
    /// Those cells, by row and column.
    cells: Vec<StoredCell>,
    /// The first of `cells` in the row given next.
    next_cell: usize,
    first_column: u32,
    /// The rows from the first that holds something to the last, 0-based; `next_row` is given
    /// next.
    first_row: u64,
    next_row: u64,
    end_row: u64,
    /// How many cells of each row are kept: the header's count once it is known.
    columns: usize,
    row: Row,
}

/// A cell that holds something: where it is in the sheet (0-based) and where its text is.
#[derive(Debug, Clone, Copy)]
struct StoredCell {
    row: u32,
    column: u32,
    start: usize,
    end: usize,
}

impl SheetReader {
    /// Reads the sheet named `sheet`, or else the first visible worksheet, of the spreadsheet
    /// at `path`.
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<SheetReader, ReadProblem> {
        let file = File::open(path)?;
        SheetReader::from_reader(BufReader::new(file), sheet)
    }

    /// Reads the sheet named `sheet`, or else the first visible worksheet, of the spreadsheet
    /// `input` holds.
    pub fn from_reader<R: Read + Seek>(
        mut input: R,
        sheet: Option<&str>,
    ) -> Result<SheetReader, ReadProblem> {
        let size = input.seek(SeekFrom::End(0))?;
        if size > MAX_FILE_BYTES {
            return Err(ReadProblem::Sheet(format!(
                "the file takes {}, more than the {} a spreadsheet may take, as it is read whole \
                 into memory; save the sheet as CSV, which is read a row at a time",
                quote::size(size),
                quote::size(MAX_FILE_BYTES)
            )));
        }
        input.rewind()?;
        let kind = Kind::of(&mut input)?;
        input.rewind()?;
        let (sheet, cells) = match kind {
            Kind::Xlsx => read_xlsx(input, sheet)?,
            Kind::Ods => read_ods(input, sheet)?,
        };
        Ok(SheetReader::new(sheet, cells))
    }

    /// The name of the sheet being read.
    pub fn sheet_name(&self) -> &str {
        &self.sheet
    }

    fn new(sheet: String, cells: Cells) -> SheetReader {
        let Cells {
            text, mut cells, ..
        } = cells;
        // A worksheet lists its cells in order, row by row; the sort only costs a pass then,
        // and puts right a file that does not.
        cells.sort_by_key(|cell| (cell.row, cell.column));
        cells.dedup_by(|later, earlier| (later.row, later.column) == (earlier.row, earlier.column));
        let first_column = cells.iter().map(|cell| cell.column).min().unwrap_or(0);
        let (first_row, end_row) = match (cells.first(), cells.last()) {
            (Some(first), Some(last)) => (u64::from(first.row), u64::from(last.row) + 1),
            _ => (0, 0),
        };
        SheetReader {
            sheet,
            text,
            cells,
            next_cell: 0,
            first_column,
            first_row,
            next_row: first_row,
            end_row,
            columns: MAX_COLUMNS,
            row: Row::default(),
        }
    }

    /// Refuses a header row past a CSV header's bounds, once the row is known.
    fn check_header(&self, line: u64, cells: &[StoredCell]) -> Result<(), ReadProblem> {
        let width = cells
            .last()
            .map_or(0, |cell| (cell.column - self.first_column) as usize + 1);
        if width > MAX_COLUMNS {
            return Err(ReadProblem::Header(format!(
                "the header row (row {line} of sheet `{}`) has more than {MAX_COLUMNS} columns; \
                 an import may have at most {MAX_COLUMNS}",
                quote::value(&self.sheet)
            )));
        }
        let bytes: usize = cells.iter().map(|cell| cell.end - cell.start).sum();
        if bytes > MAX_HEADER_BYTES {
            return Err(ReadProblem::Header(format!(
                "the header row (row {line} of sheet `{}`) holds more than {}; the row naming \
                 the columns may take at most {MAX_HEADER_BYTES} bytes",
                quote::value(&self.sheet),
                quote::size(MAX_HEADER_BYTES as u64)
            )));
        }
        Ok(())
    }
}

impl RowSource for SheetReader {
    fn next_row(&mut self) -> Result<Option<&Row>, ReadProblem> {
        if self.next_row >= self.end_row {
            return Ok(None);
        }
        let index = self.next_row;
        let header = index == self.first_row && self.columns == MAX_COLUMNS;
        let start = self.next_cell;
        let end = start
            + self.cells[start..]
                .iter()
                .take_while(|cell| u64::from(cell.row) == index)
                .count();
        self.next_cell = end;
        self.next_row += 1;
        let line = index + 1;
        let in_row = &self.cells[start..end];
        if header {
            self.check_header(line, in_row)?;
        }
        let first_column = self.first_column;
        let column_of = |cell: &StoredCell| (cell.column - first_column) as usize;
        let kept_count = in_row
            .iter()
            .take_while(|cell| column_of(cell) < self.columns)
            .count();
        let (kept, past) = in_row.split_at(kept_count);
        let width = kept.last().map_or(0, |cell| column_of(cell) + 1);
        let text = &self.text;
        let mut kept = kept.iter().peekable();
        let cells = (0..width).map(|column| {
            kept.next_if(|cell| column_of(cell) == column)
                .map_or("", |cell| &text[cell.start..cell.end])
        });
        self.row = Row::from_cells(line, cells);
        if past
            .iter()
            .any(|cell| !text[cell.start..cell.end].trim().is_empty())
        {
            self.row.note_text_past_columns();
        }
        Ok(Some(&self.row))
    }

    fn keep_columns(&mut self, columns: usize) {
        self.columns = columns;
    }

    /// Rows given so far, blank ones too: the sheet is in memory, so rows are the measure.
    fn bytes_read(&self) -> u64 {
        self.next_row - self.first_row
    }

    fn size(&self) -> Option<u64> {
        Some(self.end_row - self.first_row)
    }
}

/// The spreadsheet formats read.
enum Kind {
    Xlsx,
    Ods,
}

impl Kind {
    /// The format of the spreadsheet `input` holds, from its content; refuses one that would
    /// unpack past [`MAX_UNPACKED_BYTES`].
    fn of<R: Read + Seek>(input: &mut R) -> Result<Kind, ReadProblem> {
        let mut magic = [0; OLE_MAGIC.len()];
        let read = read_up_to(input, &mut magic)?;
        input.rewind()?;
        let magic = &magic[..read];
        if magic == OLE_MAGIC {
            return Err(ReadProblem::Sheet(
                "this is an Excel 97–2003 workbook (.xls), or one protected by a password, which \
                 gsef cannot read; save it as .xlsx, without a password, or as .ods"
                    .to_string(),
            ));
        }
        if !magic.starts_with(b"PK") {
            return Err(not_a_spreadsheet(
                "it is not a zip archive, as .xlsx and .ods files are",
            ));
        }
        let mut archive = zip::ZipArchive::new(&mut *input).map_err(|error| {
            not_a_spreadsheet(&format!("it is not a readable zip archive ({error})"))
        })?;
        let mut unpacked: u64 = 0;
        for index in 0..archive.len() {
            let entry = archive.by_index_data(index).map_err(|error| {
                not_a_spreadsheet(&format!("it is not a readable zip archive ({error})"))
            })?;
            unpacked = unpacked.saturating_add(entry.size());
        }
        if unpacked > MAX_UNPACKED_BYTES {
            return Err(ReadProblem::Sheet(format!(
                "the spreadsheet unpacks to {}, more than the {} gsef unpacks; save the sheet as \
                 CSV, which is read a row at a time",
                quote::size(unpacked),
                quote::size(MAX_UNPACKED_BYTES)
            )));
        }
        if archive.index_for_name("xl/workbook.xml").is_some() {
            return Ok(Kind::Xlsx);
        }
        if archive.index_for_name("xl/workbook.bin").is_some() {
            return Err(ReadProblem::Sheet(
                "this is an Excel binary workbook (.xlsb), which gsef cannot read; save it as \
                 .xlsx or .ods"
                    .to_string(),
            ));
        }
        let mut mimetype = Vec::new();
        if let Ok(part) = archive.by_name("mimetype") {
            part.take(200).read_to_end(&mut mimetype)?;
        }
        if mimetype.starts_with(ODS_MIMETYPE) {
            // Without it calamine says what is missing.
            if let Ok(content) = archive.by_name("content.xml") {
                let cells = ods_layout_cells(BufReader::new(content)).map_err(unreadable)?;
                if cells > MAX_ODS_CELLS {
                    return Err(ReadProblem::Sheet(format!(
                        "the sheets of this .ods file span more than {MAX_ODS_CELLS} cells, \
                         empty ones between them included, more than gsef reads of an .ods file, \
                         which is read whole; save the sheet as .xlsx or CSV"
                    )));
                }
            }
            return Ok(Kind::Ods);
        }
        if mimetype.starts_with(b"application/vnd.oasis.opendocument.") {
            return Err(not_a_spreadsheet(&format!(
                "it is an OpenDocument file of another kind, `{}`",
                quote::value(&String::from_utf8_lossy(&mimetype))
            )));
        }
        Err(not_a_spreadsheet(
            "it is a zip archive holding neither an Excel workbook nor an OpenDocument spreadsheet",
        ))
    }
}

/// How many cells calamine will lay out for the sheets of an .ods file's `content`, counted as
/// it counts them, or a little more, and before it does; the count stops past
/// [`MAX_ODS_CELLS`]. As calamine reads a row it holds its cells up to the last that holds
/// something, the empty ones before it included; it then lays each sheet out as a range from
/// its first row and column that hold something to its last, repeated rows repeated.
fn ods_layout_cells(content: impl std::io::BufRead) -> Result<u64, quick_xml::Error> {
    use quick_xml::events::{BytesStart, Event};

    /// `table:number-rows-repeated` or `table:number-columns-repeated`, 1 when not given.
    fn repeated(element: &BytesStart, attribute: &str, most: u64) -> u64 {
        if !element.attributes_raw().contains("repeated") {
            return 1;
        }
        element
            .try_get_attribute(attribute)
            .ok()
            .flatten()
            .and_then(|repeat| repeat.value.parse::<u64>().ok())
            .unwrap_or(1)
            .min(most)
    }

    /// Whether calamine may keep the cell as something: a value of any type (`office:value`,
    /// `office:date-value`, …), or a formula. Told by the attributes' text without parsing
    /// them, which a sheet of a million cells notices; a cell it wrongly counts (a style named
    /// `value`) only makes the count larger.
    fn holds_something(element: &BytesStart) -> bool {
        let attributes = element.attributes_raw();
        attributes.contains("value") || attributes.contains("formula")
    }

    #[derive(Default)]
    struct Row {
        repeats: u64,
        /// Cells held: up to the last that holds something.
        width: u64,
        /// Empty cells after those, held once a cell after them holds something.
        pending: u64,
        first_column: Option<u64>,
    }

    #[derive(Default)]
    struct Sheet {
        rows_before: u64,
        first_row: Option<u64>,
        end_row: u64,
        first_column: u64,
        end_column: u64,
    }

    impl Sheet {
        fn end(&mut self, row: &Row) -> u64 {
            if let Some(first_column) = row.first_column {
                self.first_row.get_or_insert(self.rows_before);
                self.end_row = self.rows_before.saturating_add(row.repeats);
                self.first_column = self.first_column.min(first_column);
                self.end_column = self.end_column.max(row.width);
            }
            self.rows_before = self.rows_before.saturating_add(row.repeats);
            row.width
        }

        fn range_cells(&self) -> u64 {
            let Some(first_row) = self.first_row else {
                return 0;
            };
            let rows = (self.end_row - first_row).min(SHEET_ROWS);
            rows.saturating_mul(self.end_column.saturating_sub(self.first_column))
        }
    }

    let mut reader = quick_xml::Reader::from_reader(content);
    // As calamine reads it, so that what it reads is what is counted.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    let mut buffer = Vec::new();
    let mut total: u64 = 0;
    let mut sheet = Sheet::default();
    let mut row = Row::default();
    while total <= MAX_ODS_CELLS {
        match reader.read_event_into(&mut buffer)? {
            Event::Start(element) | Event::Empty(element)
                if element.name().as_ref() == "table:table" =>
            {
                sheet = Sheet {
                    first_column: u64::MAX,
                    ..Sheet::default()
                };
            }
            Event::Start(element) if element.name().as_ref() == "table:table-row" => {
                row = Row {
                    repeats: repeated(&element, "table:number-rows-repeated", SHEET_ROWS),
                    ..Row::default()
                };
            }
            Event::Empty(element) if element.name().as_ref() == "table:table-row" => {
                let repeats = repeated(&element, "table:number-rows-repeated", SHEET_ROWS);
                sheet.end(&Row {
                    repeats,
                    ..Row::default()
                });
            }
            Event::Start(element) | Event::Empty(element)
                if matches!(
                    element.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let repeats = repeated(&element, "table:number-columns-repeated", SHEET_COLUMNS);
                if holds_something(&element) {
                    row.first_column.get_or_insert(row.width + row.pending);
                    row.width = (row.width + row.pending + repeats).min(SHEET_COLUMNS);
                    row.pending = 0;
                } else {
                    row.pending = (row.pending + repeats).min(SHEET_COLUMNS);
                }
            }
            Event::End(element) if element.name().as_ref() == "table:table-row" => {
                total = total.saturating_add(sheet.end(&row));
            }
            Event::End(element) if element.name().as_ref() == "table:table" => {
                total = total.saturating_add(sheet.range_cells());
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    Ok(total)
}

fn not_a_spreadsheet(reason: &str) -> ReadProblem {
    ReadProblem::Sheet(format!(
        "not a spreadsheet gsef reads (.xlsx, .xlsm or .ods): {reason}"
    ))
}

/// A spreadsheet calamine could not read, in one line.
fn unreadable(error: impl fmt::Display) -> ReadProblem {
    let message = error.to_string().replace(['\r', '\n'], " ");
    ReadProblem::Sheet(format!(
        "cannot be read as a spreadsheet: {}",
        quote::message(&message)
    ))
}

/// Reads into `buffer` until it is full or the input ends; how much was read.
fn read_up_to(input: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(filled)
}

fn read_xlsx<R: Read + Seek>(
    input: R,
    asked: Option<&str>,
) -> Result<(String, Cells), ReadProblem> {
    let mut workbook: Xlsx<R> = Xlsx::new(input).map_err(unreadable)?;
    let sheet = choose_sheet(workbook.sheets_metadata(), asked)?;
    let mut cells = Cells::new(workbook.has_1904_epoch());
    // The cells one at a time, not calamine's range: a range spans every row and column
    // between the first cell and the last, which a stray cell at XFD1048576 makes billions.
    let mut reader = workbook
        .worksheet_cells_reader(&sheet)
        .map_err(unreadable)?;
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let (row, column) = cell.get_position();
        cells.push(row, column, &Value::of_ref(cell.get_value()))?;
    }
    Ok((sheet, cells))
}

fn read_ods<R: Read + Seek>(input: R, asked: Option<&str>) -> Result<(String, Cells), ReadProblem> {
    let mut workbook: Ods<R> = Ods::new(input).map_err(unreadable)?;
    let sheet = choose_sheet(workbook.sheets_metadata(), asked)?;
    let range = workbook.worksheet_range(&sheet).map_err(unreadable)?;
    // Every sheet is in memory until the workbook goes.
    drop(workbook);
    let mut cells = Cells::new(false);
    if let Some((first_row, first_column)) = range.start() {
        for (row, column, value) in range.used_cells() {
            let (Ok(row), Ok(column)) = (u32::try_from(row), u32::try_from(column)) else {
                continue;
            };
            cells.push(first_row + row, first_column + column, &Value::of(value))?;
        }
    }
    Ok((sheet, cells))
}

/// The name of the worksheet to read: the one `asked` for, or else the first visible one.
fn choose_sheet(sheets: &[calamine::Sheet], asked: Option<&str>) -> Result<String, ReadProblem> {
    let worksheets: Vec<&calamine::Sheet> = sheets
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .collect();
    let chosen = match asked {
        Some(asked) => {
            let folded = asked.to_lowercase();
            worksheets
                .iter()
                .find(|sheet| sheet.name == asked)
                .or_else(|| {
                    worksheets
                        .iter()
                        .find(|sheet| sheet.name.to_lowercase() == folded)
                })
                .ok_or_else(|| {
                    let names = quote::list(
                        worksheets
                            .iter()
                            .map(|sheet| format!("`{}`", quote::value(&sheet.name))),
                    );
                    ReadProblem::Sheet(format!(
                        "there is no sheet named `{}`; the sheets are {names}",
                        quote::value(asked)
                    ))
                })?
        }
        None => worksheets
            .iter()
            .find(|sheet| sheet.visible == SheetVisible::Visible)
            .or(worksheets.first())
            .ok_or_else(|| {
                ReadProblem::Sheet("the workbook has no worksheet, only charts or macros".into())
            })?,
    };
    Ok(chosen.name.clone())
}

/// The cells of a sheet that hold something, as they are read, in any order.
struct Cells {
    text: String,
    cells: Vec<StoredCell>,
    /// Whether serial dates count from 1904, as workbooks from old Macs do, not 1900.
    is_1904: bool,
}

impl Cells {
    fn new(is_1904: bool) -> Cells {
        Cells {
            text: String::new(),
            cells: Vec::new(),
            is_1904,
        }
    }

    fn push(&mut self, row: u32, column: u32, value: &Value) -> Result<(), ReadProblem> {
        let start = self.text.len();
        write_value(&mut self.text, value, self.is_1904);
        if self.text.len() == start {
            return Ok(());
        }
        if self.text.len() > MAX_SHEET_TEXT_BYTES {
            return Err(ReadProblem::Sheet(format!(
                "the sheet holds more than {} of text, more than gsef reads of a spreadsheet; \
                 save the sheet as CSV, which is read a row at a time",
                quote::size(MAX_SHEET_TEXT_BYTES as u64)
            )));
        }
        self.cells.push(StoredCell {
            row,
            column,
            start,
            end: self.text.len(),
        });
        Ok(())
    }
}

/// A cell's value, whichever reader gave it.
#[derive(Debug)]
enum Value<'a> {
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A date, time or duration as a spreadsheet keeps it: days since its epoch.
    Serial(ExcelDateTime),
    /// An .ods date, or date and time: `2024-03-05`, `2024-03-05T14:30:00`.
    IsoDateTime(&'a str),
    /// An .ods time, of day or a duration alike: `PT09H30M00S`.
    IsoDuration(&'a str),
    Error(&'a CellErrorType),
    Empty,
}

impl Value<'_> {
    fn of(data: &Data) -> Value<'_> {
        match data {
            Data::Int(number) => Value::Int(*number),
            Data::Float(number) => Value::Float(*number),
            Data::String(text) => Value::Text(text),
            Data::Bool(value) => Value::Bool(*value),
            Data::DateTime(serial) => Value::Serial(*serial),
            Data::DateTimeIso(text) => Value::IsoDateTime(text),
            Data::DurationIso(text) => Value::IsoDuration(text),
            Data::Error(error) => Value::Error(error),
            Data::Empty => Value::Empty,
        }
    }

    fn of_ref<'a>(data: &'a DataRef<'_>) -> Value<'a> {
        match data {
            DataRef::Int(number) => Value::Int(*number),
            DataRef::Float(number) => Value::Float(*number),
            DataRef::String(text) => Value::Text(text),
            DataRef::SharedString(text) => Value::Text(text),
            DataRef::Bool(value) => Value::Bool(*value),
            DataRef::DateTime(serial) => Value::Serial(*serial),
            DataRef::DateTimeIso(text) => Value::IsoDateTime(text),
            DataRef::DurationIso(text) => Value::IsoDuration(text),
            DataRef::Error(error) => Value::Error(error),
            DataRef::Empty => Value::Empty,
        }
    }
}

/// Writes a cell's value as the text it is given as (see the module's doc).
fn write_value(out: &mut String, value: &Value, is_1904: bool) {
    match value {
        Value::Text(text) => out.push_str(text),
        Value::Int(number) => {
            let _ = write!(out, "{number}");
        }
        Value::Float(number) => write_number(out, *number),
        Value::Bool(true) => out.push_str("TRUE"),
        Value::Bool(false) => out.push_str("FALSE"),
        Value::Serial(serial) => write_serial(out, serial, is_1904),
        Value::IsoDateTime(text) => match parse_iso_datetime(text) {
            Some((year, month, day, seconds)) => {
                let _ = write!(out, "{year:04}-{month:02}-{day:02}");
                if let Some(seconds) = seconds.filter(|&seconds| seconds != 0) {
                    out.push(' ');
                    write_clock(out, seconds);
                }
            }
            None => out.push_str(text),
        },
        Value::IsoDuration(text) => match parse_iso_duration(text) {
            Some((negative, seconds)) => write_duration(out, negative, seconds),
            None => out.push_str(text),
        },
        Value::Error(error) => {
            let _ = write!(out, "{error}");
        }
        Value::Empty => {}
    }
}

/// A number in its shortest form, to 15 significant digits: what a spreadsheet keeps of a
/// number typed in, and shows; the digits past them are the arithmetic's noise.
fn write_number(out: &mut String, number: f64) {
    let rounded: f64 = format!("{number:.14e}").parse().unwrap_or(number);
    if rounded == 0.0 {
        // Not `-0`, which no one types.
        out.push('0');
    } else {
        let _ = write!(out, "{rounded}");
    }
}

/// A date, date and time, time of day or duration kept as days since the workbook's epoch.
fn write_serial(out: &mut String, serial: &ExcelDateTime, is_1904: bool) {
    let days = serial.as_f64();
    if !days.is_finite() || days.abs() > 1e9 {
        return write_number(out, days);
    }
    // To the second: a time is kept as a fraction of a day, and 09:30 can come back as
    // 09:29:59.9999.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let seconds = (days.abs() * SECONDS_PER_DAY as f64).round() as u64;
    if serial.is_duration() {
        return write_duration(out, days < 0.0, seconds);
    }
    if days < 0.0 {
        // No date or time is before the epoch; a spreadsheet shows `###`.
        return write_number(out, days);
    }
    let (whole_days, time) = (seconds / SECONDS_PER_DAY, seconds % SECONDS_PER_DAY);
    // A time of day alone is a fraction of day 0, which is no date (`1900-01-00`).
    if days < 1.0 {
        return write_clock(out, time);
    }
    #[allow(clippy::cast_precision_loss)]
    let date = ExcelDateTime::new(whole_days as f64, ExcelDateTimeType::DateTime, is_1904);
    let (year, month, day, ..) = date.to_ymd_hms_milli();
    let _ = write!(out, "{year:04}-{month:02}-{day:02}");
    if time != 0 {
        out.push(' ');
        write_clock(out, time);
    }
}

/// A time of day, `HH:MM`, with `:SS` when the seconds are not zero.
fn write_clock(out: &mut String, seconds: u64) {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let _ = write!(out, "{hours:02}:{minutes:02}");
    if seconds != 0 {
        let _ = write!(out, ":{seconds:02}");
    }
}

/// A duration as hours, past 24 if need be, and minutes, as `[h]:mm` shows it.
fn write_duration(out: &mut String, negative: bool, seconds: u64) {
    if negative && seconds != 0 {
        out.push('-');
    }
    write_clock(out, seconds);
}

/// An ISO 8601 date, or date and time, as an .ods file keeps it: the date, and the time of day
/// in seconds if there is one. `None` for any other text.
fn parse_iso_datetime(text: &str) -> Option<(u32, u32, u32, Option<u64>)> {
    let (date, time) = match text.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let year = digits(parts.next()?)?;
    let month = digits(parts.next()?)?;
    let day = digits(parts.next()?)?;
    if !(1..=12).contains(&month) || !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    let Some(time) = time else {
        return Some((year, month, day, None));
    };
    let mut parts = time.splitn(3, ':');
    let hours = digits(parts.next()?)?;
    let minutes = digits(parts.next()?)?;
    let seconds = parts.next().map_or(Some(0.0), seconds_of)?;
    if hours > 23 || minutes > 59 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let mut seconds = (f64::from(hours * 3600 + minutes * 60) + seconds).round() as u64;
    let (mut year, mut month, mut day) = (year, month, day);
    if seconds >= SECONDS_PER_DAY {
        // 23:59:59.6 rounds to the next day.
        seconds -= SECONDS_PER_DAY;
        (year, month, day) = next_day(year, month, day);
    }
    Some((year, month, day, Some(seconds)))
}

/// An ISO 8601 duration as an .ods file keeps a time or a duration (`PT09H30M00S`,
/// `-P1DT2H`): whether it is negative, and its length in seconds. `None` for any other text,
/// and for years and months, which have no length in seconds.
fn parse_iso_duration(text: &str) -> Option<(bool, u64)> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let text = text.strip_prefix('P')?;
    let (days, time) = match text.split_once('T') {
        Some((days, time)) => (days, time),
        None => (text, ""),
    };
    let mut total = 0.0;
    if !days.is_empty() {
        total += f64::from(digits(days.strip_suffix('D')?)?) * SECONDS_PER_DAY as f64;
    }
    let mut rest = time;
    for (unit, seconds) in [('H', 3600.0), ('M', 60.0), ('S', 1.0)] {
        if let Some((number, after)) = rest.split_once(unit) {
            let number = if unit == 'S' {
                seconds_of(number)?
            } else {
                f64::from(digits(number)?)
            };
            total += number * seconds;
            rest = after;
        }
    }
    if !rest.is_empty() || (days.is_empty() && time.is_empty()) {
        return None;
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some((negative, total.round() as u64))
}

/// A number of ASCII digits, at most nine of them.
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Seconds, perhaps with a fraction: `05`, `59.999`.
fn seconds_of(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    digits(whole)?;
    if !fraction.bytes().all(|byte| byte.is_ascii_digit()) || fraction.is_empty() {
        return None;
    }
    text.parse().ok()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn next_day(year: u32, month: u32, day: u32) -> (u32, u32, u32) {
    if day < days_in_month(year, month) {
        (year, month, day + 1)
    } else if month < 12 {
        (year, month + 1, 1)
    } else {
        (year + 1, 1, 1)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write as _};

    use rust_xlsxwriter as xlsx;

    use super::*;
    use crate::import::reader::{LeftOut, MAX_FIELD_BYTES};

    /// Every row a reader gives, as its line and cells.
    fn rows_of(reader: &mut SheetReader) -> Vec<(u64, Vec<String>)> {
        let mut rows = Vec::new();
        while let Some(row) = reader.next_row().unwrap() {
            rows.push((row.line, row.cells().map(str::to_string).collect()));
        }
        rows
    }

    fn read(bytes: Vec<u8>, sheet: Option<&str>) -> Result<SheetReader, ReadProblem> {
        SheetReader::from_reader(Cursor::new(bytes), sheet)
    }

    fn message(problem: ReadProblem) -> String {
        match problem {
            ReadProblem::Sheet(message) | ReadProblem::Header(message) => message,
            other => panic!("{other:?}"),
        }
    }

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/import/sheets")
            .join(name)
    }

    /// What the sheet `Inscriptions` shows, in the fixtures and in the workbook
    /// [`inscriptions_xlsx`] writes: rows 1 and 2 empty, the header on row 3, row 5 blank.
    fn inscriptions() -> Vec<(u64, Vec<String>)> {
        let row = |line, cells: &[&str]| (line, cells.iter().map(|&cell| cell.into()).collect());
        vec![
            row(
                3,
                &[
                    "Nom", "Count", "Share", "Date", "When", "Time", "Present", "Note", "Check",
                    "Took",
                ],
            ),
            row(
                4,
                &[
                    "Zoë Ñúñez-Çelik",
                    "3",
                    "2.5",
                    "2024-03-05",
                    "2024-03-05 14:30",
                    "09:30",
                    "TRUE",
                    "",
                    "#N/A",
                    "30:15",
                ],
            ),
            row(5, &[]),
            row(
                6,
                &[
                    "김민지",
                    "42",
                    "0.3",
                    "2024-12-31",
                    "2024-12-31 23:59:30",
                    "17:45:15",
                    "FALSE",
                    "  spaced  ",
                    "-1",
                    "01:30",
                ],
            ),
        ]
    }

    /// The sheets of the fixtures, written as Excel would: numbers, dates and times as
    /// serials with their number formats, a formula's error as its cached result.
    fn inscriptions_xlsx() -> Vec<u8> {
        let mut workbook = xlsx::Workbook::new();
        let date = xlsx::Format::new().set_num_format("yyyy-mm-dd");
        let date_time = xlsx::Format::new().set_num_format("yyyy-mm-dd hh:mm");
        let time = xlsx::Format::new().set_num_format("hh:mm");
        let duration = xlsx::Format::new().set_num_format("[h]:mm");
        let on = |text: &str| xlsx::ExcelDateTime::parse_from_str(text).unwrap();
        let sheet = workbook.add_worksheet().set_name("Inscriptions").unwrap();
        let header = [
            "Nom", "Count", "Share", "Date", "When", "Time", "Present", "Note", "Check", "Took",
        ];
        for (column, name) in (0..).zip(header) {
            sheet.write_string(2, column, name).unwrap();
        }
        sheet.write_string(3, 0, "Zoë Ñúñez-Çelik").unwrap();
        sheet.write_number(3, 1, 3).unwrap();
        sheet.write_number(3, 2, 2.5).unwrap();
        sheet
            .write_datetime_with_format(3, 3, on("2024-03-05"), &date)
            .unwrap();
        sheet
            .write_datetime_with_format(3, 4, on("2024-03-05 14:30"), &date_time)
            .unwrap();
        sheet
            .write_datetime_with_format(3, 5, on("09:30"), &time)
            .unwrap();
        sheet.write_boolean(3, 6, true).unwrap();
        sheet
            .write_formula(3, 8, xlsx::Formula::new("=NA()").set_result("#N/A"))
            .unwrap();
        sheet
            .write_number_with_format(3, 9, 30.25 / 24.0, &duration)
            .unwrap();
        sheet.write_string(5, 0, "김민지").unwrap();
        sheet.write_number(5, 1, 42).unwrap();
        sheet.write_number(5, 2, 0.1 + 0.2).unwrap();
        sheet
            .write_datetime_with_format(5, 3, on("2024-12-31"), &date)
            .unwrap();
        sheet
            .write_datetime_with_format(5, 4, on("2024-12-31 23:59:30"), &date_time)
            .unwrap();
        sheet
            .write_datetime_with_format(5, 5, on("17:45:15"), &time)
            .unwrap();
        sheet.write_boolean(5, 6, false).unwrap();
        sheet.write_string(5, 7, "  spaced  ").unwrap();
        sheet.write_number(5, 8, -1).unwrap();
        sheet
            .write_number_with_format(5, 9, 1.5 / 24.0, &duration)
            .unwrap();
        let second = workbook.add_worksheet().set_name("Second").unwrap();
        second.write_string(0, 0, "Name").unwrap();
        second.write_string(1, 0, "Ana").unwrap();
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn reads_cells_as_the_spreadsheet_shows_them_on_the_rows_it_shows_them() {
        let mut reader = read(inscriptions_xlsx(), None).unwrap();
        assert_eq!(reader.sheet_name(), "Inscriptions");
        assert_eq!((reader.bytes_read(), reader.size()), (0, Some(4)));
        assert_eq!(rows_of(&mut reader), inscriptions());
        assert_eq!(reader.bytes_read(), 4);
    }

    /// The same workbook as LibreOffice writes it, in both formats (see the fixtures' README).
    #[test]
    fn reads_libreoffices_ods_and_xlsx_alike() {
        for name in ["registrations.ods", "registrations.xlsx"] {
            let mut reader = SheetReader::open(&fixture(name), None).unwrap();
            assert_eq!(reader.sheet_name(), "Inscriptions", "{name}");
            assert_eq!(rows_of(&mut reader), inscriptions(), "{name}");
        }
    }

    #[test]
    fn a_blank_row_is_given_blank_for_the_importer_to_skip() {
        for mut reader in [
            read(inscriptions_xlsx(), None).unwrap(),
            SheetReader::open(&fixture("registrations.ods"), None).unwrap(),
        ] {
            let mut blank = Vec::new();
            while let Some(row) = reader.next_row().unwrap() {
                blank.push((row.line, row.is_blank()));
            }
            assert_eq!(blank, [(3, false), (4, false), (5, true), (6, false)]);
        }
    }

    #[test]
    fn a_sheet_is_chosen_by_its_name_in_any_case() {
        let expected = vec![(1, vec!["Name".to_string()]), (2, vec!["Ana".to_string()])];
        for asked in ["Second", "sECOND"] {
            let mut reader = read(inscriptions_xlsx(), Some(asked)).unwrap();
            assert_eq!(reader.sheet_name(), "Second");
            assert_eq!(rows_of(&mut reader), expected);
            let mut reader = SheetReader::open(&fixture("registrations.ods"), Some(asked)).unwrap();
            assert_eq!(reader.sheet_name(), "Second");
            assert_eq!(rows_of(&mut reader), expected);
        }
    }

    #[test]
    fn an_unknown_sheet_is_refused_naming_the_sheets_there_are() {
        let expected =
            "there is no sheet named `Payments`; the sheets are `Inscriptions`, `Second`";
        let problem = read(inscriptions_xlsx(), Some("Payments")).err().unwrap();
        assert_eq!(message(problem), expected);
        let problem = SheetReader::open(&fixture("registrations.ods"), Some("Payments"))
            .err()
            .unwrap();
        assert_eq!(message(problem), expected);
    }

    #[test]
    fn the_first_visible_sheet_is_read_unless_one_is_named() {
        let mut workbook = xlsx::Workbook::new();
        let lists = workbook.add_worksheet().set_name("Lists").unwrap();
        lists.write_string(0, 0, "government").unwrap();
        lists.set_hidden(true);
        let data = workbook.add_worksheet().set_name("Data").unwrap();
        data.write_string(0, 0, "Name").unwrap();
        data.set_active(true);
        let bytes = workbook.save_to_buffer().unwrap();
        assert_eq!(read(bytes.clone(), None).unwrap().sheet_name(), "Data");
        assert_eq!(read(bytes, Some("lists")).unwrap().sheet_name(), "Lists");
    }

    #[test]
    fn what_is_not_a_spreadsheet_is_refused_in_one_line_saying_what_it_is() {
        let mut docx = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        docx.start_file("word/document.xml", stored).unwrap();
        docx.write_all(b"<w:document/>").unwrap();
        let docx = docx.finish().unwrap().into_inner();
        let mut odt = zip::ZipWriter::new(Cursor::new(Vec::new()));
        odt.start_file("mimetype", stored).unwrap();
        odt.write_all(b"application/vnd.oasis.opendocument.text")
            .unwrap();
        let odt = odt.finish().unwrap().into_inner();
        let mut xls = OLE_MAGIC.to_vec();
        xls.resize(512, 0);
        for (bytes, needle) in [
            (
                b"Name,Email\nAna,ana@example.org\n".to_vec(),
                "it is not a zip archive",
            ),
            (Vec::new(), "it is not a zip archive"),
            (
                b"PK\x03\x04 cut short".to_vec(),
                "it is not a readable zip archive",
            ),
            (
                docx,
                "neither an Excel workbook nor an OpenDocument spreadsheet",
            ),
            (odt, "`application/vnd.oasis.opendocument.text`"),
            (
                xls,
                "an Excel 97–2003 workbook (.xls), or one protected by a password",
            ),
        ] {
            let message = message(read(bytes, None).err().unwrap());
            assert!(message.contains(needle), "{message}");
            assert!(!message.contains('\n'), "{message}");
        }
    }

    #[test]
    fn a_file_past_its_bound_is_refused_before_it_is_read() {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(b"PK\x03\x04").unwrap();
        file.as_file().set_len(MAX_FILE_BYTES + 1).unwrap();
        let problem = SheetReader::open(file.path(), None).err().unwrap();
        assert_eq!(
            message(problem),
            "the file takes 256.0 MiB, more than the 256 MiB a spreadsheet may take, as it is \
             read whole into memory; save the sheet as CSV, which is read a row at a time"
        );
    }

    #[test]
    fn a_file_that_would_unpack_past_its_bound_is_refused_before_it_is_unpacked() {
        let mut archive = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        archive.start_file("xl/workbook.xml", stored).unwrap();
        archive.write_all(b"<workbook/>").unwrap();
        let mut bytes = archive.finish().unwrap().into_inner();
        // The size the archive's directory states for the part, 2 GiB: the zip reader holds
        // the part to it, so it is the size to judge by.
        let directory = bytes
            .windows(4)
            .position(|window| window == b"PK\x01\x02")
            .unwrap();
        bytes[directory + 24..directory + 28].copy_from_slice(&0x8000_0000u32.to_le_bytes());
        let message = message(read(bytes, None).err().unwrap());
        assert_eq!(
            message,
            "the spreadsheet unpacks to 2 GiB, more than the 1 GiB gsef unpacks; save the \
             sheet as CSV, which is read a row at a time"
        );
    }

    /// An .ods file whose sheets are `tables`, as calamine needs it and no more.
    fn ods_of(tables: &str) -> Vec<u8> {
        let mut archive = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        archive.start_file("mimetype", stored).unwrap();
        archive.write_all(ODS_MIMETYPE).unwrap();
        archive.start_file("META-INF/manifest.xml", stored).unwrap();
        archive
            .write_all(
                br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#,
            )
            .unwrap();
        archive.start_file("content.xml", stored).unwrap();
        write!(
            archive,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>
</office:document-content>"#
        )
        .unwrap();
        archive.finish().unwrap().into_inner()
    }

    #[test]
    fn an_ods_files_cells_are_counted_as_calamine_lays_them_out() {
        // (calamine reads no space between a row's cells, which no program writes.)
        // Rows 3 to 8, columns A to D: calamine holds 4 cells of row 3 and 1 of row 4 as it
        // reads, then lays out the range, 6 rows of 4; the empty rows around it cost nothing.
        let tables = r#"<table:table table:name="S">
<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
<table:table-row table:number-rows-repeated="5"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>"#;
        assert_eq!(ods_layout_cells(tables.as_bytes()).unwrap(), 4 + 1 + 6 * 4);
        let mut reader = read(ods_of(tables), None).unwrap();
        let rows = rows_of(&mut reader);
        assert_eq!(rows.len(), 6);
        assert_eq!(
            rows[0],
            (
                3,
                vec![String::new(), String::new(), String::new(), "1".into()]
            )
        );
        assert_eq!(rows[5], (8, vec!["x".to_string()]));
    }

    /// A few bytes say "16,383 empty cells, then one": calamine would lay out 16,384 cells of
    /// each such row, and a file of 60 KiB would take it past any machine's memory.
    #[test]
    fn an_ods_file_that_would_lay_out_past_its_bound_is_refused_before_it_is() {
        let row = r#"<table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#;
        let rows = MAX_ODS_CELLS / SHEET_COLUMNS + 1;
        let tables = format!(
            r#"<table:table table:name="S">{}</table:table>"#,
            row.repeat(rows as usize)
        );
        let message = message(read(ods_of(&tables), None).err().unwrap());
        assert!(
            message.starts_with("the sheets of this .ods file span more than 16777216 cells"),
            "{message}"
        );
    }

    #[test]
    fn rows_keep_the_headers_columns_and_note_text_past_them() {
        let mut workbook = xlsx::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "Name").unwrap();
        sheet.write_string(0, 1, "Email").unwrap();
        sheet.write_string(1, 0, "Ana").unwrap();
        sheet.write_string(1, 5, "a note far right").unwrap();
        sheet.write_string(2, 4, "only here").unwrap();
        sheet.write_string(3, 3, "   ").unwrap();
        let mut reader = read(workbook.save_to_buffer().unwrap(), None).unwrap();
        let header = reader.next_row().unwrap().unwrap();
        assert_eq!(header.cells().collect::<Vec<_>>(), ["Name", "Email"]);
        reader.keep_columns(2);
        let row = reader.next_row().unwrap().unwrap();
        assert_eq!(
            (row.cells().collect::<Vec<_>>(), row.is_blank()),
            (vec!["Ana"], false)
        );
        let row = reader.next_row().unwrap().unwrap();
        assert_eq!((row.cells().count(), row.is_blank()), (0, false));
        assert!(reader.next_row().unwrap().unwrap().is_blank());
        assert!(reader.next_row().unwrap().is_none());
    }

    #[test]
    fn a_first_row_past_a_headers_bounds_is_refused_and_later_rows_are_cut_to_them() {
        let mut workbook = xlsx::Workbook::new();
        let sheet = workbook.add_worksheet();
        for column in 0..=MAX_COLUMNS as u16 {
            sheet.write_string(1, column, format!("h{column}")).unwrap();
        }
        let wide = workbook.save_to_buffer().unwrap();
        let mut reader = read(wide, None).unwrap();
        let message = message(reader.next_row().err().unwrap());
        assert_eq!(
            message,
            "the header row (row 2 of sheet `Sheet1`) has more than 1000 columns; an import may \
             have at most 1000"
        );

        let mut workbook = xlsx::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "Name").unwrap();
        for column in 0..=MAX_COLUMNS as u16 {
            sheet.write_string(1, column, "x").unwrap();
        }
        let mut reader = read(workbook.save_to_buffer().unwrap(), None).unwrap();
        reader.next_row().unwrap();
        let row = reader.next_row().unwrap().unwrap();
        assert_eq!(row.cells().count(), MAX_COLUMNS);
    }

    #[test]
    fn a_cell_past_a_fields_bound_is_left_out_as_a_csv_field_is() {
        // Excel's own bound is 32,767 characters, which in Korean take 96 KiB.
        let long = "가".repeat(30_000);
        assert!(long.len() > MAX_FIELD_BYTES);
        let mut workbook = xlsx::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "Name").unwrap();
        sheet.write_string(0, 1, "Notes").unwrap();
        sheet.write_string(1, 0, "Ana").unwrap();
        sheet.write_string(1, 1, &long).unwrap();
        let mut reader = read(workbook.save_to_buffer().unwrap(), None).unwrap();
        reader.next_row().unwrap();
        let row = reader.next_row().unwrap().unwrap();
        assert_eq!(
            row.left_out(),
            Some(LeftOut::Fields(vec![(1, long.len() as u64)]))
        );
        assert_eq!(row.cell(0), Some("Ana"));
    }

    /// A cell at the sheet's far corner makes calamine's range billions of cells; read one
    /// cell at a time, it costs what any cell costs.
    #[test]
    fn a_stray_cell_in_the_far_corner_costs_no_more_than_its_neighbours() {
        let mut workbook = xlsx::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "Name").unwrap();
        sheet.write_string(1, 0, "Ana").unwrap();
        sheet.write_string(1_048_575, 16_383, "stray").unwrap();
        let mut reader = read(workbook.save_to_buffer().unwrap(), None).unwrap();
        assert_eq!(reader.size(), Some(1_048_576));
        reader.next_row().unwrap();
        reader.keep_columns(1);
        assert_eq!(reader.next_row().unwrap().unwrap().cell(0), Some("Ana"));
        let mut last = None;
        while let Some(row) = reader.next_row().unwrap() {
            last = Some((row.line, row.is_blank()));
        }
        assert_eq!(last, Some((1_048_576, false)));
    }

    #[test]
    fn an_empty_sheet_has_no_rows() {
        let mut workbook = xlsx::Workbook::new();
        workbook.add_worksheet();
        let mut reader = read(workbook.save_to_buffer().unwrap(), None).unwrap();
        assert_eq!(reader.size(), Some(0));
        assert!(reader.next_row().unwrap().is_none());
    }

    fn text_of(value: &Value, is_1904: bool) -> String {
        let mut text = String::new();
        write_value(&mut text, value, is_1904);
        text
    }

    #[test]
    fn numbers_read_in_their_shortest_form_to_fifteen_digits() {
        for (number, expected) in [
            (3.0, "3"),
            (2.5, "2.5"),
            (0.1 + 0.2, "0.3"),
            (-0.0, "0"),
            (-1.25, "-1.25"),
            (5_551_234_567.0, "5551234567"),
            (1e20, "100000000000000000000"),
            (0.000_000_1, "0.0000001"),
            (1.0 / 3.0, "0.333333333333333"),
        ] {
            assert_eq!(text_of(&Value::Float(number), false), expected, "{number}");
        }
        assert_eq!(text_of(&Value::Int(-42), false), "-42");
    }

    #[test]
    fn serial_dates_and_times_read_to_the_second() {
        let serial =
            |days: f64| Value::Serial(ExcelDateTime::new(days, ExcelDateTimeType::DateTime, false));
        let duration = |days: f64| {
            Value::Serial(ExcelDateTime::new(
                days,
                ExcelDateTimeType::TimeDelta,
                false,
            ))
        };
        for (value, expected) in [
            (serial(45_356.0), "2024-03-05"),
            (serial(45_356.604_166_666_7), "2024-03-05 14:30"),
            // 09:30 kept a hair short of itself.
            (serial(0.395_833_33), "09:30"),
            (serial(0.999_999_999), "00:00"),
            (serial(45_356.999_999_999), "2024-03-06"),
            (serial(60.0), "1900-02-29"),
            (duration(1.260_416_666_7), "30:15"),
            (duration(-0.0625), "-01:30"),
            (serial(-1.0), "-1"),
        ] {
            assert_eq!(text_of(&value, false), expected, "{value:?}");
        }
        // The same day counted from 1904, as old Mac workbooks count.
        let from_1904 = Value::Serial(ExcelDateTime::new(
            43_894.0,
            ExcelDateTimeType::DateTime,
            true,
        ));
        assert_eq!(text_of(&from_1904, true), "2024-03-05");
    }

    #[test]
    fn ods_dates_and_times_read_alike_and_other_text_as_it_is() {
        for (value, expected) in [
            (Value::IsoDateTime("2024-03-05"), "2024-03-05"),
            (
                Value::IsoDateTime("2024-03-05T14:30:00"),
                "2024-03-05 14:30",
            ),
            (Value::IsoDateTime("2024-03-05T00:00:00"), "2024-03-05"),
            (Value::IsoDateTime("2024-12-31T23:59:59.6"), "2025-01-01"),
            (
                Value::IsoDateTime("2024-02-29T08:00:05.2"),
                "2024-02-29 08:00:05",
            ),
            (Value::IsoDateTime("2023-02-29"), "2023-02-29"),
            (
                Value::IsoDateTime("2024-03-05T14:30:00+01:00"),
                "2024-03-05T14:30:00+01:00",
            ),
            (Value::IsoDuration("PT09H30M00S"), "09:30"),
            (Value::IsoDuration("PT30H15M00S"), "30:15"),
            (Value::IsoDuration("PT13H59M59.999999S"), "14:00"),
            (Value::IsoDuration("-P1DT2H"), "-26:00"),
            (Value::IsoDuration("P1Y"), "P1Y"),
            (Value::IsoDuration("PT"), "PT"),
        ] {
            assert_eq!(text_of(&value, false), expected, "{value:?}");
        }
    }
}
