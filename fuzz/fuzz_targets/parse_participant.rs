//! Fuzzes `line::parse_line::<Participant>`: any bytes give a record or a message, never a panic, and
//! a record that parses is written back to a line that parses to the same record.
#![no_main]

use gsef::model::Participant;
use gsef::store::Stored;
use gsef::store::line::{parse_line, to_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &[u8]| {
    // The reader for gsef's own line shape must read exactly what the general parser reads.
    if let Ok(text) = std::str::from_utf8(line)
        && let Some(plain) = Participant::read_plain(text)
    {
        let general: Participant = serde_json::from_slice(line)
            .unwrap_or_else(|error| panic!("the plain reader took a line serde refuses: {error}"));
        assert_eq!(plain, general, "the plain reader and serde disagree");
    }
    if let Ok(record) = parse_line::<Participant>(line) {
        let written = to_line(&record);
        let reread =
            parse_line::<Participant>(&written[..written.len() - 1]).unwrap_or_else(|message| {
                panic!("a written participant line does not parse back: {message}")
            });
        assert_eq!(
            reread, record,
            "a participant changed when written and read back"
        );
    }
});
