//! An issued certificate: which person it certifies, for which event, on what basis, when it
//! was issued and whether it was revoked, under a code anyone holding the paper can verify.
//!
//! The code is the record's key. It is 80 random bits written as 16 Crockford base32
//! characters in four groups (`7KQ2-M4XD-0F9B-TR3C`): it says nothing about the person, and
//! nobody can guess one that was issued. The bits come from the store's writer (the OS's
//! random source); this module only spells, reads and checks codes.

use serde::{Deserialize, Serialize};

use super::PartialDate;
use super::extra::Extra;
use super::id::id_problem;
use super::record::{FieldProblem, Record};
use super::sector::SectorVocabulary;

/// Crockford's base32 alphabet: digits and capitals without I, L, O and U, so a code read
/// aloud or typed from paper is not mistaken.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The random bytes a code is made of: 80 bits, 16 characters of 5 bits.
pub const CODE_BYTES: usize = 10;
const CODE_CHARACTERS: usize = 16;
const GROUP: usize = 4;

/// What a certificate certifies.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum CertificateBasis {
    /// The person attended the event (attendance status `attended`).
    #[default]
    Attended,
    /// The person completed the event by its completion rule (days or minutes).
    Completed,
}

impl CertificateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateBasis::Attended => "attended",
            CertificateBasis::Completed => "completed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    /// The verification code, `XXXX-XXXX-XXXX-XXXX`.
    pub code: String,
    pub event: String,
    pub participant: String,
    pub basis: CertificateBasis,
    /// When it was issued: an RFC 3339 timestamp in UTC as gsef writes it, or a date.
    pub issued: String,
    /// The day it was revoked (`participant forget` revokes), when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<PartialDate>,
    /// Fields this gsef does not know, kept as written; the store's reader fills them in.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

/// A code spelled from `CODE_BYTES` random bytes, in groups of four joined by dashes.
pub fn code_from_bytes(bytes: [u8; CODE_BYTES]) -> String {
    let mut bits: u128 = 0;
    for byte in bytes {
        bits = bits << 8 | u128::from(byte);
    }
    let mut code = String::with_capacity(CODE_CHARACTERS + CODE_CHARACTERS / GROUP);
    for index in 0..CODE_CHARACTERS {
        if index > 0 && index % GROUP == 0 {
            code.push('-');
        }
        let shift = 5 * (CODE_CHARACTERS - 1 - index);
        code.push(char::from(ALPHABET[(bits >> shift & 0x1f) as usize]));
    }
    code
}

/// The code `text` names, as the register spells it: case, dashes and spaces do not matter,
/// and O, I and L read as 0, 1 and 1 (Crockford's rule for codes typed from paper). `None`
/// when it cannot be a code.
pub fn normalize_code(text: &str) -> Option<String> {
    let mut characters = String::with_capacity(CODE_CHARACTERS);
    for character in text.trim().chars() {
        let upper = match character.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        };
        if !upper.is_ascii() || !ALPHABET.contains(&(upper as u8)) {
            return None;
        }
        characters.push(upper);
    }
    if characters.len() != CODE_CHARACTERS {
        return None;
    }
    let mut code = String::with_capacity(CODE_CHARACTERS + CODE_CHARACTERS / GROUP);
    for (index, character) in characters.chars().enumerate() {
        if index > 0 && index % GROUP == 0 {
            code.push('-');
        }
        code.push(character);
    }
    Some(code)
}

/// Why `code` is not a code as the register writes it, or `None`.
fn code_problem(code: &str) -> Option<&'static str> {
    (normalize_code(code).as_deref() != Some(code)).then_some(
        "a certificate code is 16 characters of Crockford base32 (0-9, A-Z without I, L, O, U) in groups of four, such as 7KQ2-M4XD-0F9B-TR3C",
    )
}

/// True for a UTC date `YYYY-MM-DD` or an RFC 3339 timestamp (`2026-12-01T17:05:00Z`, an
/// offset, fractions of a second).
fn is_issue_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let date_ok = bytes.len() >= 10 && PartialDate::from_full_date_bytes(&bytes[..10]).is_some();
    if !date_ok {
        return false;
    }
    if bytes.len() == 10 {
        return true;
    }
    let time = &bytes[10..];
    let digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    if time.len() < 10 || !matches!(time[0], b'T' | b't') {
        return false;
    }
    let (hour, minute, second) = (&time[1..3], &time[4..6], &time[7..9]);
    if !(digits(hour) && digits(minute) && digits(second) && time[3] == b':' && time[6] == b':') {
        return false;
    }
    let number = |part: &[u8]| std::str::from_utf8(part).ok()?.parse::<u8>().ok();
    let within = |part: &[u8], most: u8| number(part).is_some_and(|value| value <= most);
    if !(within(hour, 23) && within(minute, 59) && within(second, 60)) {
        return false;
    }
    let mut rest = &time[9..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let length = fraction
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if length == 0 {
            return false;
        }
        rest = &fraction[length..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => digits(&[*h1, *h2, *m1, *m2]),
        _ => false,
    }
}

impl Record for Certificate {
    const KIND: &'static str = "certificate";
    const PLURAL: &'static str = "certificates";
    const FILE: &'static str = "certificates.jsonl";
    const OPTIONAL: bool = true;

    const FIELDS: &'static [&'static str] =
        &["code", "event", "participant", "basis", "issued", "revoked"];

    fn extra(&self) -> &Extra {
        &self.extra
    }

    fn extra_mut(&mut self) -> &mut Extra {
        &mut self.extra
    }

    /// The code: one register entry per code.
    fn key(&self) -> String {
        self.code.clone()
    }

    /// Version 4 added the register: an older gsef would neither check, hash nor merge it.
    fn format_version(&self) -> u32 {
        4
    }

    fn problems(&self, _sectors: &SectorVocabulary) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if let Some(reason) = code_problem(&self.code) {
            problems.push(FieldProblem::new("code", &self.code, reason));
        }
        for (field, value) in [("event", &self.event), ("participant", &self.participant)] {
            if let Some(reason) = id_problem(value) {
                problems.push(FieldProblem::new(field, value, reason));
            }
        }
        if !is_issue_time(&self.issued) {
            problems.push(FieldProblem::new(
                "issued",
                &self.issued,
                "the time of issue is a date YYYY-MM-DD or an RFC 3339 timestamp such as 2026-12-01T17:05:00Z",
            ));
        }
        if let Some(revoked) = &self.revoked
            && !revoked.is_full()
        {
            problems.push(FieldProblem::new(
                "revoked",
                revoked.to_string(),
                "the day of revocation is a full date YYYY-MM-DD",
            ));
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certificate(json: serde_json::Value) -> Certificate {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_code_is_sixteen_crockford_characters_in_four_groups() {
        assert_eq!(code_from_bytes([0; CODE_BYTES]), "0000-0000-0000-0000");
        assert_eq!(code_from_bytes([0xff; CODE_BYTES]), "ZZZZ-ZZZZ-ZZZZ-ZZZZ");
        // 0x01 in the last byte is the lowest five bits: the last character.
        let mut one = [0; CODE_BYTES];
        one[CODE_BYTES - 1] = 1;
        assert_eq!(code_from_bytes(one), "0000-0000-0000-0001");
        let code = code_from_bytes([0x3a, 0x91, 0x07, 0xee, 0x55, 0x12, 0xc4, 0x80, 0x9f, 0x6b]);
        assert_eq!(normalize_code(&code).as_deref(), Some(code.as_str()));
    }

    #[test]
    fn a_code_is_read_however_it_was_typed() {
        let code = Some("7KQ2-M4XD-0F9B-TR3C".to_string());
        assert_eq!(normalize_code("7kq2m4xd0f9btr3c"), code);
        assert_eq!(normalize_code(" 7KQ2 M4XD 0F9B TR3C "), code);
        assert_eq!(normalize_code("7kq2-m4xd-of9b-tr3c"), code);
        assert_eq!(
            normalize_code("1111-1111-1111-1111"),
            normalize_code("iIlL-1111-1111-1111")
        );
        assert_eq!(normalize_code("7KQ2-M4XD-0F9B"), None);
        assert_eq!(normalize_code("7KQ2-M4XD-0F9B-TR3U"), None);
        assert_eq!(normalize_code("7KQ2-M4XD-0F9B-TR3C-0"), None);
        assert_eq!(normalize_code("7KQ2-M4XD-0F9B-TR3É"), None);
    }

    #[test]
    fn refuses_what_the_register_never_writes() {
        let good = serde_json::json!({"code": "7KQ2-M4XD-0F9B-TR3C", "event": "e",
            "participant": "p", "basis": "attended", "issued": "2026-12-01T17:05:00Z"});
        let problems = |changes: serde_json::Value| {
            let mut value = good.clone();
            value
                .as_object_mut()
                .unwrap()
                .extend(changes.as_object().unwrap().clone());
            certificate(value)
                .problems(&SectorVocabulary::default_vocabulary())
                .into_iter()
                .map(|problem| problem.field)
                .collect::<Vec<_>>()
        };
        assert!(problems(serde_json::json!({})).is_empty());
        assert!(problems(serde_json::json!({"issued": "2026-12-01"})).is_empty());
        assert!(problems(serde_json::json!({"issued": "2026-12-01T17:05:00.25+09:00"})).is_empty());
        assert!(problems(serde_json::json!({"revoked": "2026-12-02"})).is_empty());
        assert_eq!(
            problems(serde_json::json!({"code": "7kq2-m4xd-0f9b-tr3c"})),
            ["code"]
        );
        assert_eq!(
            problems(serde_json::json!({"issued": "yesterday"})),
            ["issued"]
        );
        assert_eq!(
            problems(serde_json::json!({"issued": "2026-12-01T25:00:00Z"})),
            ["issued"]
        );
        assert_eq!(
            problems(serde_json::json!({"revoked": "2026-12"})),
            ["revoked"]
        );
        assert_eq!(problems(serde_json::json!({"event": "../x"})), ["event"]);
        let bad_basis = serde_json::json!({"code": "7KQ2-M4XD-0F9B-TR3C", "event": "e",
            "participant": "p", "basis": "passed", "issued": "2026-12-01"});
        assert!(serde_json::from_value::<Certificate>(bad_basis).is_err());
    }
}
