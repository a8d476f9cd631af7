//! Visiting every line of a collection on every core: the one fold every read goes through.
//!
//! A collection is cut into one part per core, each ending at a line's end, and each part is
//! folded on its own thread with its own accumulator. Lines, their numbers in errors, and the
//! rule that the first bad line in file order is the one reported are exactly as a sequential
//! read has them. Whether a file is worth splitting is decided here and nowhere else.
//!
//! Text is checked as UTF-8 a block at a time (a megabyte costs a fraction of checking a million
//! short lines one by one), so readers get each line as checked text; a block that is not UTF-8
//! is handed over line by line as bytes, so the line at fault is found and named.
//!
//! A collection can be folded from memory, when its records are to borrow from its text (the
//! participants of a report), or straight from the file, holding a megabyte per core: the
//! attendance collection is the largest file a store has, and reading it whole cost as much
//! memory, and time to fault that memory in, as the counting itself.
//!
//! No read holds more of one line than the longest a record may take ([`MAX_LINE_BYTES`]) and
//! a chunk: a line that goes on past it is refused, with its number, without reading on to its
//! end, so a hand-made file of one 2 GiB line costs a few megabytes, not 2 GiB or an abort.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::conflict;
use super::layout::{self, Layout};
use super::line::{MAX_LINE_BYTES, line_too_long};
use crate::error::{Error, Result};

/// One line of a collection (without its `\n`), as text when it is already known to be UTF-8.
#[derive(Debug, Clone, Copy)]
pub enum Line<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl<'a> Line<'a> {
    pub fn bytes(self) -> &'a [u8] {
        match self {
            Line::Text(text) => text.as_bytes(),
            Line::Bytes(bytes) => bytes,
        }
    }
}

/// Why a fold stopped at a line: the line breaks the format, or the fold itself failed.
pub enum LineFailure {
    Bad(String),
    Fold(Error),
    /// The line is a marker of an unresolved merge conflict.
    Conflict,
    /// The line opens a record spread over several lines.
    PrettyPrinted,
}

impl LineFailure {
    /// The failure of a visit to `line`, named for what the line is when that explains it
    /// better than the reader's words: a conflict marker, or a pretty-printed record.
    fn at(self, line: &[u8]) -> LineFailure {
        match self {
            LineFailure::Bad(_) if layout::is_conflict_marker(line) => LineFailure::Conflict,
            LineFailure::Bad(_) if layout::opens_pretty_printed_record(line) => {
                LineFailure::PrettyPrinted
            }
            failure => failure,
        }
    }
}

/// The message for a last line without its `\n` that is not a whole record.
pub const INCOMPLETE_LAST_LINE: &str = "incomplete last line, left by an interrupted write";

/// Below this size a collection is read on one thread: starting threads would cost more.
const PARALLEL_FROM_BYTES: u64 = 1 << 20;

/// How much of a file a thread reads at a time.
const CHUNK_BYTES: usize = 1 << 20;

/// How many parts a collection of `length` bytes is read in: one per core, or one.
pub fn parts_for(length: u64) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if length < PARALLEL_FROM_BYTES || cores < 2 {
        1
    } else {
        cores
    }
}

/// True when work over `length` bytes of records is worth a second thread; for callers that
/// split their own work (a report's set-up) by the same measure as the reads.
pub fn worth_threads(length: u64) -> bool {
    parts_for(length) > 1
}

/// Visits every line of `bytes` on every core, each part with its own accumulator; the lines
/// borrow from `bytes`, so what the visit builds from them can be kept. Returns one accumulator
/// per part, in file order.
pub fn fold_bytes<'b, A: Send>(
    path: &Path,
    bytes: &'b [u8],
    init: impl Fn() -> A + Sync,
    visit: impl Fn(&mut A, Line<'b>) -> std::result::Result<(), LineFailure> + Sync,
) -> Result<Vec<A>> {
    let ranges = split_at_lines(bytes.len() as u64, parts_for(bytes.len() as u64), |at| {
        Ok(memchr::memchr(b'\n', &bytes[at as usize..]).map(|offset| at + offset as u64 + 1))
    })
    .expect("finding a line end in memory cannot fail");
    let results = fold_parts(&ranges, |&(start, end)| {
        let part = &bytes[start as usize..end as usize];
        let mut accumulator = init();
        let mut line_count = 0;
        let at_file_start = start == 0;
        let consumed = match visit_block(
            part,
            at_file_start,
            &mut line_count,
            &mut accumulator,
            &visit,
        ) {
            Ok(consumed) => consumed,
            Err(failure) => return (Err(failure), line_count),
        };
        if consumed < part.len() {
            let first_of_file = at_file_start && line_count == 0;
            let tail = &part[consumed..];
            if let Err(failure) = visit_unterminated(
                tail,
                first_of_file,
                &mut line_count,
                &mut accumulator,
                &visit,
            ) {
                return (Err(failure), line_count);
            }
        }
        (Ok(accumulator), line_count)
    });
    combine_parts(path, results)
}

/// Visits every line of `file` on every core, each part with its own accumulator, reading a
/// megabyte at a time; a line lives only for its visit. Returns one accumulator per part.
pub fn fold_file<A: Send>(
    path: &Path,
    file: &File,
    init: impl Fn() -> A + Sync,
    visit: impl Fn(&mut A, Line<'_>) -> std::result::Result<(), LineFailure> + Sync,
) -> Result<Vec<A>> {
    fold_file_observed(path, file, &|_| {}, init, visit)
}

/// [`fold_file`], telling `observe` how many bytes each read took, from whichever thread read
/// them, for a progress bar.
pub fn fold_file_observed<A: Send>(
    path: &Path,
    file: &File,
    observe: &(dyn Fn(u64) + Sync),
    init: impl Fn() -> A + Sync,
    visit: impl Fn(&mut A, Line<'_>) -> std::result::Result<(), LineFailure> + Sync,
) -> Result<Vec<A>> {
    let read_error = |source| Error::io("read", path, source);
    let length = file.metadata().map_err(read_error)?.len();
    let mut window = vec![0u8; 64 * 1024];
    let ranges = split_at_lines(length, parts_for(length), |from| {
        let mut at = from;
        // Past the bound the line is too long, and the part before, which holds it, refuses
        // it: no cut here, rather than a search through gigabytes for its end.
        while at - from <= MAX_LINE_BYTES as u64 {
            let read = file.read_at(&mut window, at)?;
            if read == 0 {
                return Ok(None);
            }
            if let Some(newline) = memchr::memchr(b'\n', &window[..read]) {
                return Ok(Some(at + newline as u64 + 1));
            }
            at += read as u64;
        }
        Ok(None)
    })
    .map_err(read_error)?;
    let results = fold_parts(&ranges, |&(start, end)| {
        fold_file_range(path, file, start, end, observe, &init, &visit)
    });
    combine_parts(path, results)
}

/// The whole file in memory, read on every core at once (each core reading, and faulting in
/// the memory for, its own part), for records that borrow from the text.
///
/// Each part is read a chunk at a time and its lines measured as they come, so a line longer
/// than a record may be is refused once about [`MAX_LINE_BYTES`] of it is read; a line that
/// crosses into the next part is read whole (each side is shorter than the bound, or it would
/// have been refused) and refused by the fold over the text.
pub fn read_whole(path: &Path, file: &File) -> Result<Vec<u8>> {
    let read_error = |source| Error::io("read", path, source);
    let length = file.metadata().map_err(read_error)?.len();
    let too_large = || {
        read_error(std::io::Error::other(format!(
            "it takes {length} bytes, more memory than this machine can give"
        )))
    };
    let length = usize::try_from(length).map_err(|_| too_large())?;
    if !can_allocate(length) {
        // Lack of memory is no reason to hide a line that would be refused anyway: look for one
        // a chunk at a time, and name it.
        return Err(find_overlong_line(path, file)?.unwrap_or_else(too_large));
    }
    let mut bytes = vec![0u8; length];
    // Parts of at least two bounds each, so a line that covers a whole part is longer than
    // the bound and refused there, and one that crosses a part's end is at most twice it.
    let parts = parts_for(length as u64)
        .min(length / (2 * MAX_LINE_BYTES))
        .max(1);
    let part = length.div_ceil(parts).max(1);
    let overlong = std::thread::scope(|scope| {
        let readers: Vec<_> = bytes
            .chunks_mut(part)
            .zip((0..).step_by(part))
            .map(|(chunk, offset)| {
                scope.spawn(move || read_measuring_lines(file, chunk, offset as u64))
            })
            .collect();
        for (index, reader) in readers.into_iter().enumerate() {
            if let Some(at) = reader.join().expect("a reading thread does not panic")? {
                return Ok(Some(index * part + at));
            }
        }
        Ok(None)
    })
    .map_err(read_error)?;
    if let Some(at) = overlong {
        // Every part before this one was read whole, so the line's start and number can be
        // counted from the text.
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |newline| newline + 1);
        return Err(Error::Parse {
            path: path.to_path_buf(),
            line: memchr::memchr_iter(b'\n', &bytes[..start]).count() + 1,
            message: line_too_long(None),
        });
    }
    Ok(bytes)
}

/// Whether `length` bytes can be had, by reserving them and giving them back at once.
/// `vec![0; length]` aborts the process when they cannot; and reserving, then zeroing, would
/// touch every page on one core, where the zeroed allocation leaves each page untouched until
/// the core that reads into it faults it in.
fn can_allocate(length: usize) -> bool {
    Vec::<u8>::new().try_reserve_exact(length).is_ok()
}

/// Reads `part` from `offset` a chunk at a time, measuring lines as they come; stops at the
/// first stretch longer than a line may be, and returns where in `part` it starts.
fn read_measuring_lines(
    file: &File,
    part: &mut [u8],
    offset: u64,
) -> std::io::Result<Option<usize>> {
    let mut read = 0;
    let mut line_start = 0;
    while read < part.len() {
        let end = (read + CHUNK_BYTES).min(part.len());
        file.read_exact_at(&mut part[read..end], offset + read as u64)?;
        read = end;
        match last_line_start(&part[..read], line_start) {
            Ok(start) => line_start = start,
            Err(overlong) => return Ok(Some(overlong)),
        }
    }
    Ok(None)
}

/// Where the last line begun in `bytes` starts, given that a line starts at `from`; or, as the
/// error, where the first line longer than [`MAX_LINE_BYTES`] starts.
///
/// Jumps to the last `\n` within the bound each time, so a megabyte of short lines costs one
/// search back over the last of them, not a search for each.
fn last_line_start(bytes: &[u8], from: usize) -> std::result::Result<usize, usize> {
    let mut line_start = from;
    loop {
        let window = &bytes[line_start..bytes.len().min(line_start + MAX_LINE_BYTES + 1)];
        match memchr::memrchr(b'\n', window) {
            Some(newline) => line_start += newline + 1,
            None if window.len() > MAX_LINE_BYTES => return Err(line_start),
            None => return Ok(line_start),
        }
    }
}

/// The error naming the first line of `file` longer than [`MAX_LINE_BYTES`], read a chunk at a
/// time, holding two bounds at most; for a file too large to be read whole.
fn find_overlong_line(path: &Path, file: &File) -> Result<Option<Error>> {
    let mut buffer = vec![0u8; CHUNK_BYTES + MAX_LINE_BYTES + 1];
    let mut filled = 0;
    let mut offset = 0;
    let mut lines_before = 0;
    loop {
        let read = file
            .read_at(&mut buffer[filled..], offset)
            .map_err(|source| Error::io("read", path, source))?;
        if read == 0 {
            return Ok(None);
        }
        filled += read;
        offset += read as u64;
        match last_line_start(&buffer[..filled], 0) {
            Ok(start) => {
                lines_before += memchr::memchr_iter(b'\n', &buffer[..start]).count();
                buffer.copy_within(start..filled, 0);
                filled -= start;
            }
            Err(overlong) => {
                return Ok(Some(Error::Parse {
                    path: path.to_path_buf(),
                    line: lines_before
                        + memchr::memchr_iter(b'\n', &buffer[..overlong]).count()
                        + 1,
                    message: line_too_long(None),
                }));
            }
        }
    }
}

/// One line as [`each_numbered_line`] hands it over: what it holds once [`layout`] has set
/// aside a `\r` and a byte order mark. Blank lines are counted but not handed over.
#[derive(Debug, PartialEq, Eq)]
pub enum NumberedLine<'a> {
    /// A line that ends with its `\n`.
    Whole(&'a [u8]),
    /// The last line, with no `\n` after it: a record whose line end was never typed, or the
    /// start of a line an interrupted write did not finish.
    Unterminated(&'a [u8]),
    /// A line longer than [`MAX_LINE_BYTES`]: with its length when its end was read; without
    /// one when reading stopped there, the rest of the file unread.
    TooLong(Option<usize>),
}

/// Visits the lines of `file` in order, numbered from 1, holding at most a chunk and a line;
/// for readers that list every problem of a file rather than stop at the first (`gsef check`).
/// Returns what the file holds besides its records.
pub fn each_numbered_line(
    path: &Path,
    file: &File,
    mut visit: impl FnMut(usize, NumberedLine<'_>),
) -> Result<Layout> {
    let mut buffer = vec![0u8; CHUNK_BYTES + MAX_LINE_BYTES + 1];
    let mut filled = 0;
    let mut offset = 0;
    let mut number = 0;
    let mut found = Layout::default();
    loop {
        // After the last round at most a bound is left in the buffer, so there is room to read.
        let read = file
            .read_at(&mut buffer[filled..], offset)
            .map_err(|source| Error::io("read", path, source))?;
        filled += read;
        offset += read as u64;
        let mut consumed = 0;
        while let Some(newline) = memchr::memchr(b'\n', &buffer[consumed..filled]) {
            let line = &buffer[consumed..consumed + newline];
            let first_of_file = number == 0;
            number += 1;
            if line.len() > MAX_LINE_BYTES {
                visit(number, NumberedLine::TooLong(Some(line.len())));
            } else {
                found.note(line, first_of_file);
                if let Some(content) = layout::content_of(line, first_of_file) {
                    visit(number, NumberedLine::Whole(content));
                }
            }
            consumed += newline + 1;
        }
        if filled - consumed > MAX_LINE_BYTES {
            visit(number + 1, NumberedLine::TooLong(None));
            return Ok(found);
        }
        if read == 0 {
            let tail = &buffer[consumed..filled];
            if !tail.is_empty() {
                found.note(tail, number == 0);
            }
            if let Some(content) = layout::content_of(tail, number == 0) {
                found.unterminated = true;
                visit(number + 1, NumberedLine::Unterminated(content));
            }
            return Ok(found);
        }
        buffer.copy_within(consumed..filled, 0);
        filled -= consumed;
    }
}

/// What folding one part gave: its accumulator, or the line (counted within the part) where it
/// stopped and why; and how many lines the part has, as far as it read.
type PartResult<A> = (std::result::Result<A, (usize, LineFailure)>, usize);

/// Visits the complete lines of `block`, counting them on from `line_count`; returns how many
/// bytes they took (the rest is a line the block does not finish). `at_file_start` when the
/// block's part begins the file, whose first line may carry a byte order mark.
fn visit_block<'x, A>(
    block: &'x [u8],
    at_file_start: bool,
    line_count: &mut usize,
    accumulator: &mut A,
    visit: &impl Fn(&mut A, Line<'x>) -> std::result::Result<(), LineFailure>,
) -> std::result::Result<usize, (usize, LineFailure)> {
    let complete = memchr::memrchr(b'\n', block).map_or(0, |newline| newline + 1);
    let text = std::str::from_utf8(&block[..complete]).ok();
    let mut consumed = 0;
    while let Some(newline) = memchr::memchr(b'\n', &block[consumed..complete]) {
        let first_of_file = at_file_start && *line_count == 0;
        *line_count += 1;
        if newline > MAX_LINE_BYTES {
            // Only a line read whole from memory, across two parts of the read, gets here.
            let failure = LineFailure::Bad(line_too_long(Some(newline)));
            return Err((*line_count, failure));
        }
        let physical = &block[consumed..consumed + newline];
        if let Some((start, end)) = layout::content_range(physical, first_of_file) {
            let (start, end) = (consumed + start, consumed + end);
            let line = match text {
                // Both ends are at a `\n`, a `\r`, a byte order mark or the block's start, so
                // at character boundaries.
                Some(text) => Line::Text(&text[start..end]),
                None => Line::Bytes(&block[start..end]),
            };
            if let Err(failure) = visit(accumulator, line) {
                return Err((*line_count, failure.at(&block[start..end])));
            }
        }
        consumed += newline + 1;
    }
    Ok(consumed)
}

/// Visits the last line of a file, which has no `\n` after it: a record whose line end was
/// never typed is a record; anything that is not a whole JSON value is the start of a line an
/// interrupted write did not finish.
fn visit_unterminated<'x, A>(
    tail: &'x [u8],
    first_of_file: bool,
    line_count: &mut usize,
    accumulator: &mut A,
    visit: &impl Fn(&mut A, Line<'x>) -> std::result::Result<(), LineFailure>,
) -> std::result::Result<(), (usize, LineFailure)> {
    *line_count += 1;
    let Some(content) = layout::content_of(tail, first_of_file) else {
        return Ok(());
    };
    visit(accumulator, Line::Bytes(content)).map_err(|failure| {
        let failure = match failure.at(content) {
            LineFailure::Bad(_) if !layout::is_whole_json(content) => {
                LineFailure::Bad(INCOMPLETE_LAST_LINE.to_string())
            }
            failure => failure,
        };
        (*line_count, failure)
    })
}

/// Folds the lines of the bytes `start..end` of `file`, which begin at a line's start.
fn fold_file_range<A>(
    path: &Path,
    file: &File,
    start: u64,
    end: u64,
    observe: &(dyn Fn(u64) + Sync),
    init: impl Fn() -> A,
    visit: &impl Fn(&mut A, Line<'_>) -> std::result::Result<(), LineFailure>,
) -> PartResult<A> {
    let mut accumulator = init();
    let mut buffer = vec![0u8; CHUNK_BYTES.min(usize::try_from(end - start).unwrap_or(usize::MAX))];
    let mut filled = 0;
    let mut offset = start;
    let mut line_count = 0;
    loop {
        if filled == buffer.len() {
            // A line longer than the buffer: room for the longest a record may take, and one
            // byte more to tell a longer line, which is refused below without reading on.
            buffer.resize((buffer.len() * 2).clamp(64, MAX_LINE_BYTES + 1), 0);
        }
        let wanted =
            (buffer.len() - filled).min(usize::try_from(end - offset).unwrap_or(usize::MAX));
        let read = match file.read_at(&mut buffer[filled..filled + wanted], offset) {
            Ok(read) => read,
            Err(source) => {
                let failure = LineFailure::Fold(Error::io("read", path, source));
                return (Err((line_count + 1, failure)), line_count);
            }
        };
        filled += read;
        offset += read as u64;
        observe(read as u64);
        let at_end = offset == end || read == 0;
        let consumed = match visit_block(
            &buffer[..filled],
            start == 0,
            &mut line_count,
            &mut accumulator,
            visit,
        ) {
            Ok(consumed) => consumed,
            Err(failure) => return (Err(failure), line_count),
        };
        if filled - consumed > MAX_LINE_BYTES {
            let failure = LineFailure::Bad(line_too_long(None));
            return (Err((line_count + 1, failure)), line_count);
        }
        if at_end {
            if consumed < filled {
                let first_of_file = start == 0 && line_count == 0;
                if let Err(failure) = visit_unterminated(
                    &buffer[consumed..filled],
                    first_of_file,
                    &mut line_count,
                    &mut accumulator,
                    visit,
                ) {
                    return (Err(failure), line_count);
                }
            }
            return (Ok(accumulator), line_count);
        }
        buffer.copy_within(consumed..filled, 0);
        filled -= consumed;
    }
}

/// Cuts `0..length` into about `count` ranges, each ending just after a `\n` (but the last);
/// `line_end_from(at)` finds the end of the line that holds byte `at`.
fn split_at_lines(
    length: u64,
    count: usize,
    mut line_end_from: impl FnMut(u64) -> std::io::Result<Option<u64>>,
) -> std::io::Result<Vec<(u64, u64)>> {
    let mut ranges = Vec::with_capacity(count);
    let mut start = 0;
    for index in 1..count as u64 {
        let at = (length * index / count as u64).max(start);
        if at >= length {
            break;
        }
        let Some(end) = line_end_from(at)? else { break };
        ranges.push((start, end));
        start = end;
    }
    ranges.push((start, length));
    Ok(ranges)
}

/// Folds every part, each on its own thread when there are several.
fn fold_parts<P: Sync, A: Send>(
    parts: &[P],
    fold_part: impl Fn(&P) -> PartResult<A> + Sync,
) -> Vec<PartResult<A>> {
    if let [only] = parts {
        // A small collection: no thread to start.
        return vec![fold_part(only)];
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .map(|part| scope.spawn(|| fold_part(part)))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a reading thread does not panic"))
            .collect()
    })
}

/// The accumulators of parts folded in file order, or the first failure in file order, with
/// its line number counted from the start of the file.
fn combine_parts<A>(path: &Path, results: Vec<PartResult<A>>) -> Result<Vec<A>> {
    let mut accumulators = Vec::with_capacity(results.len());
    let mut lines_before = 0;
    for (result, line_count) in results {
        match result {
            Ok(accumulator) => accumulators.push(accumulator),
            Err((line, LineFailure::Bad(message))) => {
                return Err(Error::Parse {
                    path: path.to_path_buf(),
                    line: line + lines_before,
                    message,
                });
            }
            Err((_, LineFailure::Fold(error))) => return Err(error),
            Err((line, LineFailure::Conflict)) => {
                return Err(conflict_at(path, line + lines_before));
            }
            Err((line, LineFailure::PrettyPrinted)) => {
                return Err(Error::PrettyPrinted {
                    path: path.to_path_buf(),
                    line: line + lines_before,
                });
            }
        }
        lines_before += line_count;
    }
    Ok(accumulators)
}

/// The parts of a fold, in file order, as one list: the first part grows in place (a large
/// allocation is remapped, not copied) and the others move onto its end. Copying every row
/// into a new vector took 20 ms on the large store, on one core.
pub fn join_parts<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let mut parts = parts.into_iter();
    let mut joined = parts.next().unwrap_or_default();
    let rest: Vec<_> = parts.collect();
    joined.reserve_exact(rest.iter().map(Vec::len).sum());
    for mut part in rest {
        joined.append(&mut part);
    }
    joined
}

/// The error for the conflict marker on `line`, describing its whole block.
fn conflict_at(path: &Path, line: usize) -> Error {
    let described = super::file_ops::open_to_read_if_exists(path)
        .and_then(|file| match file {
            Some(file) => conflict::first_in(path, &file),
            None => Ok(None),
        })
        .ok()
        .flatten();
    match described {
        Some(conflict) => Error::MergeConflict {
            path: path.to_path_buf(),
            conflict: Box::new(conflict),
        },
        // The file changed under the read: say what the line was.
        None => Error::Parse {
            path: path.to_path_buf(),
            line,
            message: "a marker of an unresolved merge conflict".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn numbered(count: usize) -> Vec<String> {
        (0..count)
            .map(|index| format!("line {index:06} {}", "x".repeat(index % 40)))
            .collect()
    }

    fn collect_bytes(bytes: &[u8]) -> Result<Vec<String>> {
        let parts = fold_bytes(Path::new("t"), bytes, Vec::new, |seen, line: Line<'_>| {
            seen.push(String::from_utf8(line.bytes().to_vec()).unwrap());
            Ok(())
        })?;
        Ok(parts.concat())
    }

    #[test]
    fn ranges_end_on_line_boundaries_and_cover_everything() {
        let bytes = numbered(1000).join("\n").into_bytes();
        for count in 1..6 {
            let ranges = split_at_lines(bytes.len() as u64, count, |at| {
                Ok(memchr::memchr(b'\n', &bytes[at as usize..])
                    .map(|offset| at + offset as u64 + 1))
            })
            .unwrap();
            assert_eq!(ranges.first().unwrap().0, 0);
            assert_eq!(ranges.last().unwrap().1, bytes.len() as u64);
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].1, pair[1].0);
                assert_eq!(bytes[pair[0].1 as usize - 1], b'\n');
            }
        }
    }

    /// Every line, numbered as a whole-file read numbers them, from memory and from a file with
    /// the buffer refilled many times over.
    #[test]
    fn visits_every_line_once_in_file_order() {
        let lines = numbered(200_000);
        let text = lines
            .iter()
            .map(|line| format!("{line}\n"))
            .collect::<String>();
        assert!(worth_threads(text.len() as u64) || parts_for(text.len() as u64) == 1);
        assert_eq!(collect_bytes(text.as_bytes()).unwrap(), lines);
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        let parts = fold_file(Path::new("t"), &file, Vec::new, |seen, line: Line<'_>| {
            seen.push(String::from_utf8(line.bytes().to_vec()).unwrap());
            Ok(())
        })
        .unwrap();
        assert_eq!(parts.concat(), lines);
    }

    /// A last line without its `\n` is read when it is whole; the start of a line an
    /// interrupted write left is named as that, at its number.
    #[test]
    fn names_the_first_bad_line_and_an_unfinished_last_line() {
        let text: String = (0..150_000)
            .map(|index| {
                if index == 120_000 || index == 140_000 {
                    "bad\n"
                } else {
                    "good line\n"
                }
            })
            .collect();
        let visit = |_: &mut (), line: Line<'_>| match line.bytes() {
            b"good line" | b"{}" => Ok(()),
            _ => Err(LineFailure::Bad("bad".into())),
        };
        let error = fold_bytes(Path::new("t.jsonl"), text.as_bytes(), || (), visit).unwrap_err();
        assert!(error.to_string().starts_with("t.jsonl:120001:"), "{error}");
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        let error = fold_file(Path::new("t.jsonl"), &file, || (), visit).unwrap_err();
        assert!(error.to_string().starts_with("t.jsonl:120001:"), "{error}");

        let torn = format!("{}{{\"torn", "good line\n".repeat(150_000));
        let error = fold_bytes(Path::new("t.jsonl"), torn.as_bytes(), || (), visit).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("t.jsonl:150001: incomplete last line"),
            "{error}"
        );
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(torn.as_bytes()).unwrap();
        let error = fold_file(Path::new("t.jsonl"), &file, || (), visit).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("t.jsonl:150001: incomplete last line"),
            "{error}"
        );

        let whole = format!("{}{{}}", "good line\n".repeat(150_000));
        let count = |seen: &mut usize, line: Line<'_>| {
            visit(&mut (), line)?;
            *seen += 1;
            Ok(())
        };
        let counted = fold_bytes(Path::new("t.jsonl"), whole.as_bytes(), || 0, count).unwrap();
        assert_eq!(counted.iter().sum::<usize>(), 150_001);
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(whole.as_bytes()).unwrap();
        let counted = fold_file(Path::new("t.jsonl"), &file, || 0, count).unwrap();
        assert_eq!(counted.iter().sum::<usize>(), 150_001);
    }

    /// What editors and Windows checkouts add is set aside before a line is visited, in every
    /// part of a parallel read; line numbers stay the editor's.
    #[test]
    fn reads_past_carriage_returns_a_byte_order_mark_and_blank_lines() {
        let mut text = String::from("\u{feff}");
        for index in 0..150_000 {
            text.push_str(if index % 1000 == 7 {
                "\r\n"
            } else {
                "good line\r\n"
            });
        }
        text.push_str("bad\r\n");
        let visit = |seen: &mut usize, line: Line<'_>| match line.bytes() {
            b"good line" => {
                *seen += 1;
                Ok(())
            }
            _ => Err(LineFailure::Bad("bad".into())),
        };
        let error = fold_bytes(Path::new("t.jsonl"), text.as_bytes(), || 0, visit).unwrap_err();
        assert!(error.to_string().starts_with("t.jsonl:150001:"), "{error}");
        let good = &text[..text.len() - "bad\r\n".len()];
        let seen = fold_bytes(Path::new("t.jsonl"), good.as_bytes(), || 0, visit).unwrap();
        assert_eq!(seen.iter().sum::<usize>(), 150_000 - 150);
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(good.as_bytes()).unwrap();
        let seen = fold_file(Path::new("t.jsonl"), &file, || 0, visit).unwrap();
        assert_eq!(seen.iter().sum::<usize>(), 150_000 - 150);
    }

    #[test]
    fn names_a_line_that_is_not_utf8() {
        let mut bytes = b"ok\nok\n".to_vec();
        bytes.extend_from_slice(b"caf\xe9\nok\n");
        let kinds = fold_bytes(Path::new("t"), &bytes, Vec::new, |kinds, line: Line<'_>| {
            kinds.push(matches!(line, Line::Text(_)));
            Ok(())
        })
        .unwrap();
        assert_eq!(kinds.concat(), [false, false, false, false]);
    }

    fn line_lengths(file: &File) -> Result<Vec<usize>> {
        let parts = fold_file(Path::new("t.jsonl"), file, Vec::new, |lengths, line| {
            lengths.push(line.bytes().len());
            Ok(())
        })?;
        Ok(parts.concat())
    }

    /// A line of exactly the bound is a record like any other; one byte more is refused.
    #[test]
    fn takes_a_line_of_the_longest_a_record_may_be_and_refuses_a_longer_one() {
        let longest = "y".repeat(MAX_LINE_BYTES);
        let mut file = tempfile::tempfile().unwrap();
        writeln!(file, "short\n{longest}\nshort").unwrap();
        assert_eq!(line_lengths(&file).unwrap(), [5, MAX_LINE_BYTES, 5]);

        let mut file = tempfile::tempfile().unwrap();
        writeln!(file, "short\n{longest}y\nshort").unwrap();
        let error = line_lengths(&file).unwrap_err().to_string();
        assert!(
            error.starts_with("t.jsonl:2: the line is longer than 1 MiB")
                && error.ends_with("a record may take at most 1048576 bytes"),
            "{error}"
        );
    }

    /// A file of one 2 GiB line, made sparse so it costs no disk: every reader refuses it after
    /// reading about a bound of it, and names its line.
    #[test]
    fn refuses_a_line_of_gigabytes_without_reading_it() {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(b"{\"id\":\"p1\"}\n").unwrap();
        file.set_len(2 << 30).unwrap();
        let started = std::time::Instant::now();
        let folded = line_lengths(&file).unwrap_err().to_string();
        let whole = read_whole(Path::new("t.jsonl"), &file)
            .unwrap_err()
            .to_string();
        let found = find_overlong_line(Path::new("t.jsonl"), &file)
            .unwrap()
            .unwrap()
            .to_string();
        for error in [folded, whole, found] {
            assert!(
                error.starts_with("t.jsonl:2: the line is longer than 1 MiB (no line end within its first 1048577 bytes)"),
                "{error}"
            );
        }
        let mut lines = Vec::new();
        each_numbered_line(Path::new("t.jsonl"), &file, |number, line| {
            lines.push((number, format!("{line:?}")));
        })
        .unwrap();
        assert_eq!(
            lines,
            [
                (1, format!("{:?}", NumberedLine::Whole(b"{\"id\":\"p1\"}"))),
                (2, format!("{:?}", NumberedLine::TooLong(None))),
            ]
        );
        // Reading the 2 GiB would take seconds even from holes in the file.
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    /// Read whole, a long line is named with its number whichever part of the read it is in, and
    /// one that crosses from one part into the next is refused by the fold over the text.
    #[test]
    fn reading_whole_names_a_long_line_in_any_part() {
        let short = "{\"id\":\"p\"}\n".repeat(600_000);
        for long_at in [0, short.len() / 2, short.len()] {
            let mut text = short.clone().into_bytes();
            let long = format!("{}\n", "z".repeat(MAX_LINE_BYTES + 100));
            text.splice(long_at..long_at, long.bytes());
            let mut file = tempfile::tempfile().unwrap();
            file.write_all(&text).unwrap();
            let number = memchr::memchr_iter(b'\n', &text[..long_at]).count() + 1;
            let error = match read_whole(Path::new("t.jsonl"), &file) {
                Err(error) => error,
                Ok(bytes) => {
                    fold_bytes(Path::new("t.jsonl"), &bytes, || (), |(), _| Ok(())).unwrap_err()
                }
            };
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("t.jsonl:{number}: the line is longer than 1 MiB")),
                "{long_at}: {error}"
            );
        }
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(short.as_bytes()).unwrap();
        assert_eq!(read_whole(Path::new("t"), &file).unwrap(), short.as_bytes());
    }

    #[test]
    fn the_last_line_begun_is_found_by_jumps_and_a_long_one_named() {
        let text = "ab\ncd\nef";
        assert_eq!(last_line_start(text.as_bytes(), 0), Ok(6));
        assert_eq!(last_line_start(text.as_bytes(), 3), Ok(6));
        let mut long = b"ab\n".to_vec();
        long.resize(3 + MAX_LINE_BYTES, b'x');
        assert_eq!(last_line_start(&long, 0), Ok(3));
        long.push(b'x');
        assert_eq!(last_line_start(&long, 0), Err(3));
        long.push(b'\n');
        assert_eq!(last_line_start(&long, 0), Err(3));
    }

    /// `gsef check`'s reading: every line with its number, a long line whose end was read told
    /// apart from one that stopped the reading, an unterminated last line, and what the file
    /// holds besides its records.
    #[test]
    fn numbers_every_line_and_goes_on_past_a_long_one_it_read_whole() {
        let mut file = tempfile::tempfile().unwrap();
        let long = "x".repeat(MAX_LINE_BYTES + 1);
        write!(file, "\u{feff}a\r\n\n{long}\nb\r\n  \nunfinished").unwrap();
        let mut lines = Vec::new();
        let layout = each_numbered_line(Path::new("t"), &file, |number, line| {
            lines.push((number, format!("{line:?}")));
        })
        .unwrap();
        let expected = [
            (1, NumberedLine::Whole(b"a")),
            (3, NumberedLine::TooLong(Some(MAX_LINE_BYTES + 1))),
            (4, NumberedLine::Whole(b"b")),
            (6, NumberedLine::Unterminated(b"unfinished")),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(number, line)| (*number, format!("{line:?}")))
            .collect();
        assert_eq!(lines, expected);
        assert_eq!(
            layout,
            Layout {
                byte_order_mark: true,
                carriage_returns: 2,
                blank_lines: 2,
                unterminated: true,
            }
        );
    }
}
