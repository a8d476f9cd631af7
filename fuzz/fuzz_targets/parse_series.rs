//! Fuzzes `line::parse_line::<Series>`: any bytes give a record or a message, never a panic, and
//! a record that parses is written back to a line that parses to the same record.
#![no_main]

use gsef::model::Series;
use gsef::store::line::{parse_line, to_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|line: &[u8]| {
    if let Ok(record) = parse_line::<Series>(line) {
        let written = to_line(&record);
        let reread =
            parse_line::<Series>(&written[..written.len() - 1]).unwrap_or_else(|message| {
                panic!("a written series line does not parse back: {message}")
            });
        assert_eq!(
            reread, record,
            "a series changed when written and read back"
        );
    }
});
