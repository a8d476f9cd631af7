//! The text encoding of an imported file: UTF-8, with or without a byte order mark, or UTF-16
//! with one (Microsoft Teams writes its attendance reports so), decoded to UTF-8 as it streams.
//! Anything else — Latin-1, Windows-1252 — is refused with the line and byte, never read as
//! mojibake: without a mark, nothing tells those encodings apart for sure.
//!
//! The file is checked as it streams in, a chunk at a time, so it is never held whole; the
//! check keeps count of lines and of the characters since the last line end, so a bad byte is
//! named by line and column wherever the chunks happen to end.

use std::io::{self, Read};

/// Why the bytes are not UTF-8 text, with where the first offending byte is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingProblem {
    pub line: usize,
    pub message: String,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many bytes of byte order mark `start` (the file's first bytes, at least three of them
/// unless the file is shorter) begins with, or why the file is not UTF-8.
pub fn byte_order_mark(start: &[u8]) -> Result<usize, EncodingProblem> {
    if start.starts_with(b"\xFF\xFE") || start.starts_with(b"\xFE\xFF") {
        return Err(EncodingProblem {
            line: 1,
            message: "the file is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8"
                .to_string(),
        });
    }
    Ok(if start.starts_with(UTF8_BOM) {
        UTF8_BOM.len()
    } else {
        0
    })
}

/// The UTF-8 check of a file read a chunk at a time.
#[derive(Debug, Default)]
pub struct Utf8Check {
    /// Line ends in the text checked so far.
    line_ends: usize,
    /// Characters checked since the last line end.
    column: usize,
}

impl Utf8Check {
    /// How many of `bytes`, which follow the text checked so far, are UTF-8 text: all of them
    /// but a character the chunk cuts short, which is left for the next chunk to finish, unless
    /// the file ends here (`at_end`); or where and why they are not.
    pub fn check(&mut self, bytes: &[u8], at_end: bool) -> Result<usize, EncodingProblem> {
        let (valid, problem) = match std::str::from_utf8(bytes) {
            Ok(_) => (bytes.len(), None),
            Err(error) if error.error_len().is_none() && !at_end => (error.valid_up_to(), None),
            Err(error) => (error.valid_up_to(), Some(bytes[error.valid_up_to()])),
        };
        let text = &bytes[..valid];
        match memchr::memrchr(b'\n', text) {
            Some(last) => {
                self.line_ends += memchr::memchr_iter(b'\n', text).count();
                self.column = characters(&text[last + 1..]);
            }
            None => self.column += characters(text),
        }
        match problem {
            None => Ok(valid),
            Some(byte) => Err(self.problem(byte)),
        }
    }

    fn problem(&self, byte: u8) -> EncodingProblem {
        EncodingProblem {
            line: self.line_ends + 1,
            message: format!(
                "byte 0x{byte:02X} at column {} is not UTF-8; the file looks like another \
                 encoding (Latin-1 or Windows-1252 if it came from Excel's \"CSV (comma delimited)\"): \
                 save it as \"CSV UTF-8\", or convert it with `iconv -f WINDOWS-1252 -t UTF-8`",
                self.column + 1
            ),
        }
    }
}

/// `input` as UTF-8: as it is, unless it starts with a UTF-16 byte order mark, in which case
/// it is decoded as it is read (the mark left out).
pub fn as_utf8<'a>(mut input: impl Read + 'a) -> io::Result<Box<dyn Read + 'a>> {
    let mut start = [0u8; 2];
    let mut read = 0;
    while read < start.len() {
        match input.read(&mut start[read..]) {
            Ok(0) => break,
            Ok(count) => read += count,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    let little_endian = match &start[..read] {
        [0xFF, 0xFE] => true,
        [0xFE, 0xFF] => false,
        _ => {
            return Ok(Box::new(
                io::Cursor::new(start[..read].to_vec()).chain(input),
            ));
        }
    };
    Ok(Box::new(Utf16Decoder {
        input,
        little_endian,
        raw: Vec::new(),
        decoded: Vec::new(),
        handed: 0,
        units_read: 1,
        at_end: false,
    }))
}

/// UTF-16 bytes read as UTF-8, a chunk at a time.
struct Utf16Decoder<R> {
    input: R,
    little_endian: bool,
    /// Bytes read and not yet decoded: an odd byte, or half a surrogate pair.
    raw: Vec<u8>,
    decoded: Vec<u8>,
    handed: usize,
    /// Code units decoded so far, the mark included, to say where a damaged one is.
    units_read: u64,
    at_end: bool,
}

impl<R: Read> Read for Utf16Decoder<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        while self.handed == self.decoded.len() && !self.at_end {
            self.decoded.clear();
            self.handed = 0;
            let mut chunk = [0u8; 16 * 1024];
            let count = loop {
                match self.input.read(&mut chunk) {
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                    other => break other?,
                }
            };
            self.at_end = count == 0;
            self.raw.extend_from_slice(&chunk[..count]);
            self.decode()?;
        }
        let count = buffer.len().min(self.decoded.len() - self.handed);
        buffer[..count].copy_from_slice(&self.decoded[self.handed..self.handed + count]);
        self.handed += count;
        Ok(count)
    }
}

impl<R> Utf16Decoder<R> {
    /// Decodes the whole code units of `raw`, keeping back a high surrogate whose pair is
    /// still to come, unless the file ends here.
    fn decode(&mut self) -> io::Result<()> {
        let whole = self.raw.len() / 2 * 2;
        let units: Vec<u16> = self.raw[..whole]
            .chunks_exact(2)
            .map(|pair| {
                let pair = [pair[0], pair[1]];
                if self.little_endian {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        let mut usable = units.len();
        if !self.at_end
            && units
                .last()
                .is_some_and(|unit| (0xD800..0xDC00).contains(unit))
        {
            usable -= 1;
        }
        for (offset, character) in char::decode_utf16(units[..usable].iter().copied()).enumerate() {
            let character = character.map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "the file is UTF-16 by its byte order mark, but its code unit {} is half a character",
                        self.units_read + offset as u64 + 1
                    ),
                )
            })?;
            let mut encoded = [0u8; 4];
            self.decoded
                .extend_from_slice(character.encode_utf8(&mut encoded).as_bytes());
        }
        self.units_read += usable as u64;
        self.raw.drain(..usable * 2);
        if self.at_end && !self.raw.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "the file is UTF-16 by its byte order mark, but it ends in half a character",
            ));
        }
        Ok(())
    }
}

/// The characters of UTF-8 text: its bytes but the continuation bytes.
fn characters(text: &[u8]) -> usize {
    text.iter().filter(|&&byte| byte & 0xC0 != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks `bytes` in chunks of `chunk` bytes, as a reader hands them over.
    fn check_in_chunks(bytes: &[u8], chunk: usize) -> Result<(), EncodingProblem> {
        let mut check = Utf8Check::default();
        let mut checked = 0;
        let mut read = 0;
        while checked < bytes.len() {
            read = (read + chunk).min(bytes.len());
            checked += check.check(&bytes[checked..read], read == bytes.len())?;
        }
        Ok(())
    }

    #[test]
    fn accepts_utf8_with_and_without_bom() {
        assert_eq!(byte_order_mark("Año\n".as_bytes()), Ok(0));
        assert_eq!(byte_order_mark(b"\xEF\xBB\xBFName\n"), Ok(3));
        for chunk in [1, 2, 3, 1000] {
            assert_eq!(check_in_chunks("Año\nKöln 가\n".as_bytes(), chunk), Ok(()));
        }
    }

    #[test]
    fn names_the_line_and_byte_of_latin1_wherever_the_chunks_end() {
        // "Nom\nRené" in Latin-1: é is the single byte 0xE9 on line 2, column 4.
        for chunk in [1, 2, 5, 1000] {
            let problem = check_in_chunks(b"Nom\nRen\xE9\n", chunk).unwrap_err();
            assert_eq!(problem.line, 2);
            assert!(problem.message.contains("byte 0xE9 at column 4"), "{chunk}");
            let accented = ["Nom\nAñé".as_bytes(), b"\xE9"].concat();
            let problem = check_in_chunks(&accented, chunk).unwrap_err();
            assert!(problem.message.contains("at column 4"), "{chunk}");
        }
    }

    fn decoded(bytes: &[u8]) -> io::Result<String> {
        let mut text = String::new();
        as_utf8(bytes)?.read_to_string(&mut text)?;
        Ok(text)
    }

    #[test]
    fn decodes_utf16_by_its_byte_order_mark() {
        let text = "Name\tEmail\r\nMónica 가 😀\t\r\n";
        let little: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let big: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decoded(&little).unwrap(), text);
        assert_eq!(decoded(&big).unwrap(), text);
        assert_eq!(decoded(b"Nom\n").unwrap(), "Nom\n");
        assert_eq!(decoded(b"N").unwrap(), "N");
        assert!(
            decoded(&little[..little.len() - 1]).is_err(),
            "half a unit at the end"
        );
        let lone_surrogate = [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xDC];
        assert!(
            decoded(&lone_surrogate)
                .unwrap_err()
                .to_string()
                .contains("code unit 3")
        );
    }

    #[test]
    fn refuses_utf16_and_a_character_the_file_cuts_short() {
        assert!(byte_order_mark(b"\xFF\xFEN\0").is_err());
        let problem = check_in_chunks(b"Nom\nA\xC3", 2).unwrap_err();
        assert_eq!(problem.line, 2);
        assert!(problem.message.contains("byte 0xC3 at column 2"));
    }
}
