//! The records and their vocabulary as plain serde types; no I/O happens here.

pub mod attendance;
pub mod completion;
pub mod consent;
pub mod country;
pub mod date;
pub mod day_count;
pub mod day_text;
pub mod event;
pub mod extra;
pub mod folding;
pub mod forget;
pub mod formula;
pub mod id;
pub mod manifest;
pub mod merge;
pub mod participant;
pub mod record;
pub mod response;
pub mod sector;
pub mod series;
pub mod sheet_code;
pub mod text;
pub mod vocabulary;

pub use attendance::{Attendance, AttendanceStatus, Role};
pub use completion::Completion;
pub use consent::Consent;
pub use date::PartialDate;
pub use event::Event;
pub use extra::Extra;
pub use manifest::Manifest;
pub use participant::Participant;
pub use record::{FieldProblem, Record, TextFieldProblem};
pub use response::Response;
pub use sector::{Sector, SectorVocabulary};
pub use series::Series;
