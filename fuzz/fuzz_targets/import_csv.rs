//! Fuzzes the CSV importer's whole plan (decoding, delimiter sniffing, the bounds on the header,
//! fields and rows, header matching, row validation, duplicates): any bytes give a plan or an
//! error, never a panic, and every participant a plan would create is a valid record that reads
//! back from its own line.
#![no_main]

use std::path::Path;

use gsef::import::normalize::SectorMatcher;
use gsef::import::{Settings, plan};
use gsef::model::{Participant, Record, SectorVocabulary};
use gsef::store::line::{parse_line, to_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let vocabulary = SectorVocabulary::default_vocabulary();
    let sectors = SectorMatcher::new(&vocabulary);
    let settings = Settings {
        overrides: &[],
        delimiter: None,
        sectors: &sectors,
        vocabulary: &vocabulary,
    };
    let Ok(plan) = plan(Path::new("fuzz.csv"), bytes, &settings, &[], &mut |_| {}) else {
        return;
    };
    for participant in &plan.new_participants {
        assert!(
            participant.problems(&vocabulary).is_empty(),
            "the importer would write an invalid participant: {participant:?}"
        );
        let line = to_line(participant);
        let reread = parse_line::<Participant>(&line[..line.len() - 1]).unwrap_or_else(|message| {
            panic!("an imported participant does not read back: {message}")
        });
        assert_eq!(&reread, participant);
    }
});
