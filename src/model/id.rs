//! Record ids: short, typable, safe to use anywhere (no `/`, no whitespace, no `..`).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

/// The longest id accepted; long enough for `2019-11-mexico-capacity-building`.
pub const MAX_ID_LENGTH: usize = 64;

/// Why `id` is not acceptable, or `None` when it is.
pub fn id_problem(id: &str) -> Option<String> {
    // Every record of a large store passes through here, so the common, valid case is one
    // pass over the bytes; only an invalid id pays for working out what to say.
    if valid_id_at_start(id.as_bytes()) == Some(id.len()) {
        return None;
    }
    if id.is_empty() {
        return Some("an id cannot be empty".to_string());
    }
    if id.chars().count() > MAX_ID_LENGTH {
        return Some(format!("an id has at most {MAX_ID_LENGTH} characters"));
    }
    if let Some(bad) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        let shown = if bad.is_whitespace() {
            "whitespace".to_string()
        } else {
            format!("`{bad}`")
        };
        return Some(format!(
            "{shown} is not allowed; use letters, digits, `-`, `_` and `.`"
        ));
    }
    if id.starts_with(['.', '-']) || id.contains("..") {
        return Some("an id cannot start with `.` or `-`, or contain `..`".to_string());
    }
    None
}

/// The length of the valid id that `bytes` starts with, when the first byte after it is not one
/// an id may hold (the caller checks which it is); `None` if the run of id bytes at the start is
/// not a valid id. One pass over the id, for readers of millions of records.
#[inline]
pub fn valid_id_at_start(bytes: &[u8]) -> Option<usize> {
    let mut length = 0;
    let mut dotted = false;
    for &byte in bytes {
        if !ALLOWED_IN_ID[usize::from(byte)] {
            break;
        }
        dotted |= byte == b'.';
        length += 1;
    }
    let id = &bytes[..length];
    let valid = (1..=MAX_ID_LENGTH).contains(&length)
        && !matches!(id[0], b'.' | b'-')
        && !(dotted && id.windows(2).any(|pair| pair == b".."));
    valid.then_some(length)
}

/// Which bytes an id may hold: ASCII letters and digits, `-`, `_` and `.`.
const ALLOWED_IN_ID: [bool; 256] = {
    let mut allowed = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let character = byte as u8;
        allowed[byte] = character.is_ascii_alphanumeric()
            || character == b'-'
            || character == b'_'
            || character == b'.';
        byte += 1;
    }
    allowed
};

/// Letters that cannot be misread for each other when typed from a printout (no 0/o, 1/l/i).
const ID_ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// A fresh id such as `p-7kq3xm`; the caller retries when it is taken.
///
/// Thirty bits of randomness from std's per-process random hasher keys, mixed with the clock and
/// an attempt counter, so two processes starting in the same nanosecond still differ.
pub fn generate(prefix: &str, attempt: u32) -> String {
    let mut hasher = RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    hasher.write_u128(nanos);
    hasher.write_u32(std::process::id());
    hasher.write_u32(attempt);
    let mut bits = hasher.finish();
    let alphabet_size = ID_ALPHABET.len() as u64;
    let mut id = String::with_capacity(prefix.len() + 7);
    id.push_str(prefix);
    id.push('-');
    for _ in 0..6 {
        id.push(char::from(ID_ALPHABET[(bits % alphabet_size) as usize]));
        bits /= alphabet_size;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Xorshift;

    #[test]
    fn the_quick_check_agrees_with_the_full_one() {
        let mut random = Xorshift::new(0x2545_F491_4F6C_DD1D);
        let alphabet = ["a", "Z", "0", ".", "-", "_", "..", "/", " ", "é", "\""];
        for _ in 0..20_000 {
            let text = random.text(&alphabet, 70);
            let run = text
                .bytes()
                .position(|byte| !(byte.is_ascii_alphanumeric() || b"-_.".contains(&byte)))
                .unwrap_or(text.len());
            let expected = id_problem(&text[..run]).is_none().then_some(run);
            assert_eq!(valid_id_at_start(text.as_bytes()), expected, "{text:?}");
        }
    }

    #[test]
    fn accepts_typable_ids() {
        for id in ["2019-11-mexico", "p-7kq3xm", "gsef_2019", "mx.001"] {
            assert_eq!(id_problem(id), None, "{id}");
        }
    }

    #[test]
    fn rejects_paths_whitespace_and_odd_characters() {
        for id in [
            "",
            "../etc",
            "a/b",
            "a b",
            "tab\there",
            ".hidden",
            "-flag",
            "a..b",
            "é",
            &"x".repeat(65),
        ] {
            assert!(id_problem(id).is_some(), "{id:?} should be refused");
        }
    }

    #[test]
    fn generated_ids_are_valid_and_differ() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|n| generate("p", n)).collect();
        assert_eq!(ids.len(), 1000);
        assert!(
            ids.iter()
                .all(|id| id_problem(id).is_none() && id.len() == 8)
        );
    }
}
