//! The rows of a file to import, whatever the file: the one face a CSV file and a spreadsheet
//! share, so everything after reading (headers, fields, people) is written once.

use super::reader::{ReadProblem, Row};

/// A file read a row at a time. The first row a source gives may be a preamble (a call
/// report's summary) rather than the header; which row names the columns is the caller's to
/// decide, and it then says how many cells a row keeps.
pub trait RowSource {
    /// The next row, or `None` at the end of the file. The first row is held to the bounds of
    /// a header (see `reader`).
    fn next_row(&mut self) -> Result<Option<&Row>, ReadProblem>;

    /// From now on each row keeps `columns` cells: the header's count once it is found.
    fn keep_columns(&mut self, columns: usize);

    /// How far through the file reading is, in bytes (or a spreadsheet's equivalent), for a
    /// progress bar; [`RowSource::size`] is the whole.
    fn bytes_read(&self) -> u64;

    /// The whole file's size in the same unit as [`RowSource::bytes_read`], when known.
    fn size(&self) -> Option<u64>;
}
