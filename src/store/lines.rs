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

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

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
}

/// The message for a last line without its `\n`.
pub fn incomplete_last_line() -> LineFailure {
    LineFailure::Bad("incomplete last line, left by an interrupted write".to_string())
}

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
        let consumed = match visit_block(part, &mut line_count, &mut accumulator, &visit) {
            Ok(consumed) => consumed,
            Err(failure) => return (Err(failure), line_count),
        };
        if consumed < part.len() {
            line_count += 1;
            return (Err((line_count, incomplete_last_line())), line_count);
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
    let read_error = |source| Error::io("read", path, source);
    let length = file.metadata().map_err(read_error)?.len();
    let mut window = vec![0u8; 64 * 1024];
    let ranges = split_at_lines(length, parts_for(length), |mut at| {
        loop {
            let read = file.read_at(&mut window, at)?;
            if read == 0 {
                return Ok(None);
            }
            if let Some(newline) = memchr::memchr(b'\n', &window[..read]) {
                return Ok(Some(at + newline as u64 + 1));
            }
            at += read as u64;
        }
    })
    .map_err(read_error)?;
    let results = fold_parts(&ranges, |&(start, end)| {
        fold_file_range(path, file, start, end, &init, &visit)
    });
    combine_parts(path, results)
}

/// The whole file in memory, read on every core at once (each core reading, and faulting in
/// the memory for, its own part), for records that borrow from the text.
pub fn read_whole(path: &Path, file: &File) -> Result<Vec<u8>> {
    let read_error = |source| Error::io("read", path, source);
    let length = file.metadata().map_err(read_error)?.len();
    let parts = parts_for(length);
    let length = usize::try_from(length).map_err(|_| {
        read_error(std::io::Error::other(
            "the file is too large for this machine",
        ))
    })?;
    let mut bytes = vec![0u8; length];
    if parts == 1 {
        file.read_exact_at(&mut bytes, 0).map_err(read_error)?;
        return Ok(bytes);
    }
    let part = length.div_ceil(parts);
    std::thread::scope(|scope| {
        let readers: Vec<_> = bytes
            .chunks_mut(part)
            .zip((0..).step_by(part))
            .map(|(chunk, offset)| scope.spawn(move || file.read_exact_at(chunk, offset as u64)))
            .collect();
        readers
            .into_iter()
            .try_for_each(|reader| reader.join().expect("a reading thread does not panic"))
    })
    .map_err(read_error)?;
    Ok(bytes)
}

/// Splits into lines, each with its `\n` when it has one, numbered from 0; for readers that
/// list every problem of a file rather than stop at the first (`gsef check`).
pub fn numbered_lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |newline| newline + 1);
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
    .enumerate()
}

/// What folding one part gave: its accumulator, or the line (counted within the part) where it
/// stopped and why; and how many lines the part has, as far as it read.
type PartResult<A> = (std::result::Result<A, (usize, LineFailure)>, usize);

/// Visits the complete lines of `block`, counting them on from `line_count`; returns how many
/// bytes they took (the rest is a line the block does not finish).
fn visit_block<'x, A>(
    block: &'x [u8],
    line_count: &mut usize,
    accumulator: &mut A,
    visit: &impl Fn(&mut A, Line<'x>) -> std::result::Result<(), LineFailure>,
) -> std::result::Result<usize, (usize, LineFailure)> {
    let complete = memchr::memrchr(b'\n', block).map_or(0, |newline| newline + 1);
    let text = std::str::from_utf8(&block[..complete]).ok();
    let mut consumed = 0;
    while let Some(newline) = memchr::memchr(b'\n', &block[consumed..complete]) {
        *line_count += 1;
        let line = match text {
            // Both ends are at a `\n` or the block's start, so at character boundaries.
            Some(text) => Line::Text(&text[consumed..consumed + newline]),
            None => Line::Bytes(&block[consumed..consumed + newline]),
        };
        if let Err(failure) = visit(accumulator, line) {
            return Err((*line_count, failure));
        }
        consumed += newline + 1;
    }
    Ok(consumed)
}

/// Folds the lines of the bytes `start..end` of `file`, which begin at a line's start.
fn fold_file_range<A>(
    path: &Path,
    file: &File,
    start: u64,
    end: u64,
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
            // A line longer than the buffer: make room for all of it (the reader refuses it with
            // its length if it is longer than a record may be).
            buffer.resize((buffer.len() * 2).max(64), 0);
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
        let at_end = offset == end || read == 0;
        let consumed =
            match visit_block(&buffer[..filled], &mut line_count, &mut accumulator, visit) {
                Ok(consumed) => consumed,
                Err(failure) => return (Err(failure), line_count),
            };
        if at_end {
            if consumed < filled {
                line_count += 1;
                return (Err((line_count, incomplete_last_line())), line_count);
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
        }
        lines_before += line_count;
    }
    Ok(accumulators)
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
            b"bad" => Err(LineFailure::Bad("bad".into())),
            _ => Ok(()),
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
    }

    #[test]
    fn takes_lines_longer_than_its_buffer_and_names_a_line_that_is_not_utf8() {
        let mut file = tempfile::tempfile().unwrap();
        let long = "y".repeat(3 * CHUNK_BYTES);
        writeln!(file, "short\n{long}\nshort").unwrap();
        let parts = fold_file(
            Path::new("t"),
            &file,
            Vec::new,
            |lengths, line: Line<'_>| {
                lengths.push(line.bytes().len());
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(parts.concat(), [5, long.len(), 5]);

        let mut bytes = b"ok\nok\n".to_vec();
        bytes.extend_from_slice(b"caf\xe9\nok\n");
        let kinds = fold_bytes(Path::new("t"), &bytes, Vec::new, |kinds, line: Line<'_>| {
            kinds.push(matches!(line, Line::Text(_)));
            Ok(())
        })
        .unwrap();
        assert_eq!(kinds.concat(), [false, false, false, false]);
    }
}
