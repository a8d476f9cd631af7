//! The text encoding of an imported file: UTF-8, with or without a byte order mark, and nothing
//! else — a Latin-1 or UTF-16 file is refused with the line and byte, never read as mojibake.
//!
//! The file is checked as it streams in, a chunk at a time, so it is never held whole; the
//! check keeps count of lines and of the characters since the last line end, so a bad byte is
//! named by line and column wherever the chunks happen to end.

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

    #[test]
    fn refuses_utf16_and_a_character_the_file_cuts_short() {
        assert!(byte_order_mark(b"\xFF\xFEN\0").is_err());
        let problem = check_in_chunks(b"Nom\nA\xC3", 2).unwrap_err();
        assert_eq!(problem.line, 2);
        assert!(problem.message.contains("byte 0xC3 at column 2"));
    }
}
