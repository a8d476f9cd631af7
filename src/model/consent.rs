//! What a participant agreed to: being counted, being listed by name, or neither.

use serde::{Deserialize, Serialize};

/// A participant's consent. A record without one has consent "not recorded", which listings
/// treat like `aggregate`: such a person is counted but not listed unless `--all` is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Consent {
    /// Neither listed nor named; still counted in aggregate reports, since counts name nobody.
    None,
    /// Counted in aggregate reports, never listed by name.
    Aggregate,
    /// Counted and listed by name (participant lists, exports).
    List,
}

impl Consent {
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::None => "none",
            Consent::Aggregate => "aggregate",
            Consent::List => "list",
        }
    }
}

/// True when a person with this consent (or none recorded) may appear in a list of people.
pub fn may_be_listed(consent: Option<Consent>) -> bool {
    consent == Some(Consent::List)
}

/// True when `participant` may appear in a list of people: they consented to it, or the record
/// is illustrative (made up, so nobody's privacy is at stake).
pub fn participant_may_be_listed(participant: &super::Participant) -> bool {
    participant.illustrative || may_be_listed(participant.consent)
}
