//! Fuzzes `line::parse_line::<Event>`: any bytes give a record or a message, never a panic, and
//! a record that parses is written back to a line that parses to the same record.
#![no_main]

use gsef::model::Event;
use gsef::store::line::{parse_line, to_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &[u8]| {
    if let Ok(record) = parse_line::<Event>(line) {
        let written = to_line(&record);
        let reread = parse_line::<Event>(&written[..written.len() - 1]).unwrap_or_else(|message| {
            panic!("a written event line does not parse back: {message}")
        });
        assert_eq!(
            reread, record,
            "an event changed when written and read back"
        );
    }
});
