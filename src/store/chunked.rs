//! Folding a collection file's lines on every core while holding only a small buffer per core.
//!
//! The attendance collection is the largest file a store has (80 MB for a million records) and
//! a report reads each of its lines once. Reading it whole cost as much memory, and the time
//! to fault in that memory, as the counting itself; each thread now reads its part of the file
//! a megabyte at a time into one buffer it reuses. Lines, their numbers in errors and the
//! first-failure-in-file-order rule are exactly as [`jsonl::fold_lines`] has them.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::jsonl::{self, Line, LineFailure, PieceResult};
use crate::error::{Error, Result};

/// How much of the file a thread reads at a time.
const CHUNK_BYTES: usize = 1 << 20;

/// Below this size a file is read on one thread: starting threads would cost more.
const PARALLEL_FROM_BYTES: u64 = 1 << 20;

/// Visits every line of `file` (without its `\n`) on every core, each thread with its own
/// accumulator; returns one accumulator per part of the file, in file order.
pub fn fold_file_lines<A: Send>(
    path: &Path,
    file: &File,
    init: impl Fn() -> A + Sync,
    visit: impl Fn(&mut A, Line<'_>) -> std::result::Result<(), LineFailure> + Sync,
) -> Result<Vec<A>> {
    let read_error = |source| Error::io("read", path, source);
    let length = file.metadata().map_err(read_error)?.len();
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let ranges = if length < PARALLEL_FROM_BYTES || threads < 2 {
        vec![(0, length)]
    } else {
        split_at_lines(file, length, threads).map_err(read_error)?
    };
    let results = jsonl::fold_pieces(&ranges, |&(start, end)| {
        fold_range(path, file, start, end, &init, &visit)
    });
    jsonl::combine_pieces(path, results)
}

/// The whole file, read on every core at once (each core reading, and faulting in the memory
/// for, its own part), for records that borrow from the text and so need all of it.
pub fn read_whole(path: &Path, file: &File) -> Result<Vec<u8>> {
    let read_error = |source| Error::io("read", path, source);
    let length = file.metadata().map_err(read_error)?.len();
    let length = usize::try_from(length).map_err(|_| {
        read_error(std::io::Error::other(
            "the file is too large for this machine",
        ))
    })?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut bytes = vec![0u8; length];
    if length < PARALLEL_FROM_BYTES as usize || threads < 2 {
        file.read_exact_at(&mut bytes, 0).map_err(read_error)?;
        return Ok(bytes);
    }
    let part = length.div_ceil(threads);
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

/// Folds the lines of the bytes `start..end`, which begin at a line's start.
fn fold_range<A>(
    path: &Path,
    file: &File,
    start: u64,
    end: u64,
    init: impl Fn() -> A,
    visit: impl Fn(&mut A, Line<'_>) -> std::result::Result<(), LineFailure>,
) -> PieceResult<A> {
    let mut accumulator = init();
    let mut buffer = vec![0u8; CHUNK_BYTES.min(usize::try_from(end - start).unwrap_or(usize::MAX))];
    let mut filled = 0;
    let mut offset = start;
    let mut line_count = 0;
    loop {
        if filled == buffer.len() {
            // A line longer than the buffer: make room for all of it (it is refused with its
            // length by the parser if it is longer than a record may be).
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
        // The complete lines in the buffer are checked as UTF-8 together: a megabyte at once
        // costs a fraction of checking a million short lines one by one. A chunk that is not
        // UTF-8 is read line by line, so the line at fault is found and named.
        let complete = memchr::memrchr(b'\n', &buffer[..filled]).map_or(0, |newline| newline + 1);
        let text = std::str::from_utf8(&buffer[..complete]).ok();
        let mut consumed = 0;
        while let Some(newline) = memchr::memchr(b'\n', &buffer[consumed..filled]) {
            line_count += 1;
            let line = match text {
                // Both ends are at a `\n` or the chunk's start, so at character boundaries.
                Some(text) => Line::Text(&text[consumed..consumed + newline]),
                None => Line::Bytes(&buffer[consumed..consumed + newline]),
            };
            if let Err(failure) = visit(&mut accumulator, line) {
                return (Err((line_count, failure)), line_count);
            }
            consumed += newline + 1;
        }
        if at_end {
            if consumed < filled {
                line_count += 1;
                return (Err((line_count, jsonl::incomplete_last_line())), line_count);
            }
            return (Ok(accumulator), line_count);
        }
        buffer.copy_within(consumed..filled, 0);
        filled -= consumed;
    }
}

/// Cuts `0..length` into about `count` ranges, each ending just after a `\n` (but the last).
fn split_at_lines(file: &File, length: u64, count: usize) -> std::io::Result<Vec<(u64, u64)>> {
    let mut ranges = Vec::with_capacity(count);
    let mut start = 0;
    let mut window = vec![0u8; 64 * 1024];
    for index in 1..count as u64 {
        let mut at = (length * index / count as u64).max(start);
        let end = loop {
            let read = file.read_at(&mut window, at)?;
            if read == 0 {
                break None;
            }
            if let Some(newline) = memchr::memchr(b'\n', &window[..read]) {
                break Some(at + newline as u64 + 1);
            }
            at += read as u64;
        };
        let Some(end) = end else { break };
        ranges.push((start, end));
        start = end;
    }
    ranges.push((start, length));
    Ok(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Every line, numbered as a whole-file read numbers them, with as many threads as the
    /// machine has and the buffer refilled many times over.
    #[test]
    fn visits_every_line_once_in_file_order() {
        let mut file = tempfile::tempfile().unwrap();
        let lines: Vec<String> = (0..200_000)
            .map(|index| format!("line {index:06} {}", "x".repeat(index % 40)))
            .collect();
        for line in &lines {
            writeln!(file, "{line}").unwrap();
        }
        let parts = fold_file_lines(
            Path::new("t"),
            &file,
            Vec::new,
            |seen: &mut Vec<String>, line: Line<'_>| {
                seen.push(String::from_utf8(line.bytes().to_vec()).unwrap());
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(parts.concat(), lines);
    }

    #[test]
    fn names_the_first_bad_line_and_an_unfinished_last_line() {
        let mut file = tempfile::tempfile().unwrap();
        for index in 0..150_000 {
            writeln!(
                file,
                "{}",
                if index == 120_000 || index == 140_000 {
                    "bad"
                } else {
                    "good line"
                }
            )
            .unwrap();
        }
        let visit = |_: &mut (), line: Line<'_>| match line.bytes() {
            b"bad" => Err(LineFailure::Bad("bad".into())),
            _ => Ok(()),
        };
        let error = fold_file_lines(Path::new("t.jsonl"), &file, || (), visit).unwrap_err();
        assert!(error.to_string().starts_with("t.jsonl:120001:"), "{error}");

        let mut file = tempfile::tempfile().unwrap();
        write!(file, "{}", "good line\n".repeat(150_000)).unwrap();
        write!(file, "{{\"torn").unwrap();
        let error = fold_file_lines(Path::new("t.jsonl"), &file, || (), visit).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("t.jsonl:150001: incomplete last line"),
            "{error}"
        );
    }

    #[test]
    fn takes_lines_longer_than_its_buffer() {
        let mut file = tempfile::tempfile().unwrap();
        let long = "y".repeat(3 * CHUNK_BYTES);
        writeln!(file, "short\n{long}\nshort").unwrap();
        let parts = fold_file_lines(
            Path::new("t"),
            &file,
            Vec::new,
            |lengths: &mut Vec<usize>, line: Line<'_>| {
                lengths.push(line.bytes().len());
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(parts.concat(), [5, long.len(), 5]);
    }
}
