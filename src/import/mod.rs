//! Registration spreadsheets in, validated participants and attendance out; the store writes them.
//!
//! An import is planned in full before anything is written: decode the bytes, sniff the
//! delimiter, match the headers to fields, validate every row, and sort each valid row into a
//! new participant, an existing one it matches, or a repeat of an earlier row. The command then
//! decides — all or nothing, or `--skip-invalid` — and hands the records to the store in one
//! append or rewrite per collection. The file streams through [`reader`] a row at a time, each
//! row within its bounds, so what a plan holds is the participants, not the file.

pub mod columns;
pub mod duplicates;
pub mod encoding;
pub mod normalize;
pub mod reader;
pub mod rows;
pub mod sheet;
pub mod sniff;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use columns::{ColumnMap, ColumnOverride, ColumnProblem, Field, match_columns};
use duplicates::Identities;
use normalize::{SectorMatcher, clean_cell, country_code};
use reader::{CsvReader, LeftOut, MAX_FIELD_BYTES, MAX_ROW_BYTES, ReadProblem, Row};

use crate::error::{Error, Result};
use crate::model::id::{generate, id_problem};
use crate::model::{Consent, Participant, Record, SectorVocabulary};
use crate::quote;
use crate::store::line::{MAX_LINE_BYTES, to_line};

/// How to read the file and what to make of its rows.
pub struct Settings<'a> {
    pub overrides: &'a [ColumnOverride],
    /// `None` sniffs it from the header line.
    pub delimiter: Option<u8>,
    pub sectors: &'a SectorMatcher,
    pub vocabulary: &'a SectorVocabulary,
}

/// A row that cannot be imported: its physical line in the file, why, and its cells as read,
/// so the rejects file can be fixed and imported again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub line: u64,
    pub reason: String,
    pub cells: Vec<String>,
}

/// Everything an import would do, worked out without touching the store.
#[derive(Debug, Default)]
pub struct Plan {
    pub headers: Vec<String>,
    pub columns: ColumnMap,
    pub new_participants: Vec<Participant>,
    /// Rows that describe a participant already in the store.
    pub matched_existing: usize,
    /// Rows that describe a participant an earlier row of the same file describes.
    pub repeated_in_file: usize,
    pub rejected: Vec<RejectedRow>,
    /// Every participant the valid rows name, new or existing, once each, in file order.
    pub participant_ids: Vec<String>,
}

/// Which of the participants a valid row resolves to, before new ones have ids.
enum Resolved {
    Existing(String),
    New(usize),
}

/// The error for a file that cannot be read on, named by `source`.
pub fn read_error(source: &Path, problem: ReadProblem) -> Error {
    match problem {
        ReadProblem::Encoding(problem) => Error::Parse {
            path: source.to_path_buf(),
            line: problem.line,
            message: problem.message,
        },
        ReadProblem::Io(error) => Error::io("read", source, error),
        ReadProblem::Header(message) => Error::ImportHeader {
            path: source.to_path_buf(),
            message,
        },
        ReadProblem::Sheet(message) => Error::ImportSheet {
            path: source.to_path_buf(),
            message,
        },
    }
}

/// Reads and validates a whole file, streamed from `input`, against the store's participants.
///
/// `progress` is called now and then with how many bytes of the file were read, for a bar.
pub fn plan(
    source: &Path,
    input: impl Read,
    settings: &Settings,
    existing: &[Participant],
    progress: &mut dyn FnMut(u64),
) -> Result<Plan> {
    let read_error = |problem| read_error(source, problem);
    let mut reader = CsvReader::new(input, settings.delimiter).map_err(read_error)?;
    let headers = reader.header().map_err(read_error)?;
    if headers.iter().all(String::is_empty) {
        return Err(Error::Parse {
            path: source.to_path_buf(),
            line: 1,
            message: "the file is empty; expected a header row naming the columns".to_string(),
        });
    }
    let columns = match_columns(&headers, settings.overrides)
        .map_err(|problem| columns_error(source, &headers, &problem))?;

    let mut store_identities: Identities<String> = Identities::default();
    let mut store_ids: HashSet<&str> = HashSet::with_capacity(existing.len());
    for participant in existing {
        store_ids.insert(&participant.id);
        store_identities.remember(
            participant.id.clone(),
            &participant.name,
            participant.organization.as_deref(),
            participant.email.as_deref(),
        );
    }
    let mut file_identities: Identities<usize> = Identities::default();
    let mut file_ids: HashMap<String, usize> = HashMap::new();

    let mut plan = Plan {
        headers,
        columns,
        ..Plan::default()
    };
    let mut resolved = Vec::new();
    let mut rows_read: u64 = 0;
    loop {
        let bytes_read = reader.bytes_read();
        let Some(row) = reader.next_row().map_err(read_error)? else {
            break;
        };
        rows_read += 1;
        if rows_read.is_multiple_of(1024) {
            progress(bytes_read);
        }
        if row.is_blank() {
            continue;
        }
        let participant = match participant_from_row(row, &plan.headers, &plan.columns, settings) {
            Ok(participant) => participant,
            Err(reasons) => {
                plan.rejected.push(RejectedRow {
                    line: row.line,
                    reason: reasons.join("; "),
                    cells: row.cells_for_fixing(),
                });
                continue;
            }
        };
        let given_id = !participant.id.is_empty();
        let in_store = if given_id {
            store_ids
                .contains(participant.id.as_str())
                .then(|| participant.id.clone())
        } else {
            store_identities
                .find(
                    &participant.name,
                    participant.organization.as_deref(),
                    participant.email.as_deref(),
                )
                .cloned()
        };
        let in_file = if given_id {
            file_ids.get(&participant.id).copied()
        } else {
            file_identities
                .find(
                    &participant.name,
                    participant.organization.as_deref(),
                    participant.email.as_deref(),
                )
                .copied()
        };
        if let Some(id) = in_store {
            plan.matched_existing += 1;
            resolved.push(Resolved::Existing(id));
        } else if let Some(index) = in_file {
            plan.repeated_in_file += 1;
            resolved.push(Resolved::New(index));
        } else {
            let index = plan.new_participants.len();
            file_identities.remember(
                index,
                &participant.name,
                participant.organization.as_deref(),
                participant.email.as_deref(),
            );
            if given_id {
                file_ids.insert(participant.id.clone(), index);
            }
            plan.new_participants.push(participant);
            resolved.push(Resolved::New(index));
        }
    }
    progress(reader.bytes_read());

    assign_fresh_ids(&mut plan.new_participants, &store_ids);
    let mut named: HashSet<&str> = HashSet::new();
    for entry in &resolved {
        let id = match entry {
            Resolved::Existing(id) => id.as_str(),
            Resolved::New(index) => plan.new_participants[*index].id.as_str(),
        };
        if named.insert(id) {
            plan.participant_ids.push(id.to_string());
        }
    }
    Ok(plan)
}

fn columns_error(source: &Path, headers: &[String], problem: &ColumnProblem) -> Error {
    let found = quote::list(
        headers
            .iter()
            .map(|header| format!("`{}`", quote::value(header))),
    );
    let message = match problem {
        ColumnProblem::Missing(fields) => {
            let names: Vec<String> = fields.iter().map(|field| format!("`{field}`")).collect();
            format!(
                "no column for the required field{} {}; the headers are {found}",
                if fields.len() == 1 { "" } else { "s" },
                names.join(" and ")
            )
        }
        ColumnProblem::Ambiguous {
            field,
            first,
            second,
        } => format!(
            "both `{}` and `{}` look like the `{field}` column",
            quote::value(first),
            quote::value(second)
        ),
        ColumnProblem::NoSuchColumn { field, column } => {
            let column = quote::value(column);
            format!(
                "--map {field}={column}: there is no column `{column}`; the headers are {found}"
            )
        }
    };
    Error::ImportColumns {
        path: source.to_path_buf(),
        message,
    }
}

/// Why what was left out of a row for its size makes the row invalid, column by column.
fn left_out_reasons(left_out: &LeftOut, headers: &[String]) -> Vec<String> {
    match left_out {
        LeftOut::Row { bytes } => vec![format!(
            "the row takes {}, more than the {} a row may take",
            quote::size(*bytes),
            quote::size(MAX_ROW_BYTES as u64)
        )],
        LeftOut::Fields(fields) => fields
            .iter()
            .map(|&(column, bytes)| {
                format!(
                    "the `{}` field holds {}, more than the {} a field may take",
                    quote::value(&headers[column]),
                    quote::size(bytes),
                    quote::size(MAX_FIELD_BYTES as u64)
                )
            })
            .collect(),
    }
}

/// A participant from one row, or every reason the row is not one. The id stays empty unless
/// the file gives one; fresh ids are handed out once the whole file is known.
fn participant_from_row(
    row: &Row,
    headers: &[String],
    columns: &ColumnMap,
    settings: &Settings,
) -> std::result::Result<Participant, Vec<String>> {
    if let Some(left_out) = row.left_out() {
        // What is left of the row would only be judged without what it lost.
        return Err(left_out_reasons(&left_out, headers));
    }
    let cell = |field: Field| {
        columns
            .index_of(field)
            .and_then(|index| row.cell(index))
            .map(clean_cell)
            .filter(|value| !value.is_empty())
    };
    let mut reasons = Vec::new();
    // Forms that ask for first name and surname apart (Prénom + Nom, Nombre + Apellidos)
    // give the person's name in two or three cells; the record keeps it whole.
    let name = [Field::GivenName, Field::Name, Field::Surname]
        .into_iter()
        .filter_map(cell)
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        reasons.push("the name is empty".to_string());
    }
    let sector = match cell(Field::Sector) {
        None => {
            reasons.push("the sector is empty".to_string());
            String::new()
        }
        Some(answer) => match settings.sectors.sector_id(&answer) {
            Some(id) => id.to_string(),
            None => {
                reasons.push(format!(
                    "sector `{}` matches no sector id, label or --sector-map answer \
                     (see `gsef sector list`)",
                    quote::value(&answer)
                ));
                String::new()
            }
        },
    };
    let country = cell(Field::Country).and_then(|text| match country_code(&text) {
        Some(code) => Some(code.to_string()),
        None => {
            reasons.push(format!(
                "country `{}` is not one gsef knows; use an ISO code such as MX or a name \
                 such as México",
                quote::value(&text)
            ));
            None
        }
    });
    let illustrative = match cell(Field::Illustrative)
        .map(|text| normalize::fold(&text))
        .as_deref()
    {
        None | Some("false" | "no" | "0") => false,
        Some("true" | "yes" | "1") => true,
        Some(_) => {
            reasons.push("illustrative must be true or false".to_string());
            false
        }
    };
    // The values the records use, so an export imports back with its consent intact.
    let consent = match cell(Field::Consent)
        .map(|text| normalize::fold(&text))
        .as_deref()
    {
        None => None,
        Some("list") => Some(Consent::List),
        Some("aggregate") => Some(Consent::Aggregate),
        Some("none") => Some(Consent::None),
        Some(_) => {
            reasons.push("consent must be list, aggregate or none".to_string());
            None
        }
    };
    let id = cell(Field::Id).unwrap_or_default().into_owned();
    if !id.is_empty()
        && let Some(reason) = id_problem(&id)
    {
        reasons.push(format!("invalid id `{}`: {reason}", quote::value(&id)));
    }
    let participant = Participant {
        id,
        name,
        organization: cell(Field::Organization).map(Cow::into_owned),
        sector: (!sector.is_empty()).then_some(sector),
        country,
        region: cell(Field::Region).map(Cow::into_owned),
        email: cell(Field::Email).map(Cow::into_owned),
        gender: cell(Field::Gender).map(Cow::into_owned),
        illustrative,
        consent,
        forgotten: false,
        merged: Vec::new(),
        extra: Default::default(),
    };
    // The record's own checks catch what is left (an email without `@`); the fields checked
    // above would only be reported twice.
    if reasons.is_empty() {
        reasons.extend(
            participant
                .problems(settings.vocabulary)
                .into_iter()
                .filter(|problem| problem.field != "id" || !participant.id.is_empty())
                .map(|problem| problem.to_string()),
        );
    }
    if reasons.is_empty()
        && let Some(length) = line_length_past_the_bound(&participant)
    {
        reasons.push(format!(
            "the participant would take {} on one line of the store, more than the {} a record may take",
            quote::size(length as u64),
            quote::size(MAX_LINE_BYTES as u64)
        ));
    }
    if reasons.is_empty() {
        Ok(participant)
    } else {
        Err(reasons)
    }
}

/// The length of the participant's line in the store, when it is longer than a line may be.
///
/// Fields within their bounds can still add up past it once written as JSON, which spells a
/// control character in six bytes; the row is then invalid, where the store's writer would
/// refuse the whole import. Encoding every row to measure it would cost a tenth of an import,
/// so only a row whose text could reach the bound is encoded.
fn line_length_past_the_bound(participant: &Participant) -> Option<usize> {
    // The id handed out later is `p-` and six letters.
    const FRESH_ID: usize = 8;
    const JSON_PER_TEXT_BYTE: usize = 6;
    const KEYS_AND_FLAGS: usize = 512;
    let text: usize = [
        Some(&participant.id),
        Some(&participant.name),
        participant.organization.as_ref(),
        participant.sector.as_ref(),
        participant.country.as_ref(),
        participant.region.as_ref(),
        participant.email.as_ref(),
        participant.gender.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(String::len)
    .sum();
    let fresh_id = if participant.id.is_empty() {
        FRESH_ID
    } else {
        0
    };
    if (text + fresh_id) * JSON_PER_TEXT_BYTE + KEYS_AND_FLAGS <= MAX_LINE_BYTES {
        return None;
    }
    let length = to_line(participant).len() - 1 + fresh_id;
    (length > MAX_LINE_BYTES).then_some(length)
}

/// Gives every new participant without an id a fresh one that neither the store nor the file uses.
fn assign_fresh_ids(new_participants: &mut [Participant], store_ids: &HashSet<&str>) {
    let mut taken: HashSet<String> = new_participants
        .iter()
        .filter(|participant| !participant.id.is_empty())
        .map(|participant| participant.id.clone())
        .collect();
    for participant in new_participants
        .iter_mut()
        .filter(|participant| participant.id.is_empty())
    {
        let id = (0..)
            .map(|attempt| generate("p", attempt))
            .find(|id| !taken.contains(id) && !store_ids.contains(id.as_str()))
            .expect("an endless supply of candidates yields a free one");
        taken.insert(id.clone());
        participant.id = id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_are_distinct_and_valid_and_given_ones_stay() {
        let mut new_people: Vec<Participant> = ["", "given", ""]
            .iter()
            .map(|id| Participant {
                id: (*id).to_string(),
                name: "Someone".to_string(),
                organization: None,
                sector: Some("other".to_string()),
                country: None,
                region: None,
                email: None,
                gender: None,
                illustrative: false,
                consent: None,
                forgotten: false,
                merged: Vec::new(),
                extra: Default::default(),
            })
            .collect();
        let store_ids: HashSet<&str> = ["mx-001"].into_iter().collect();
        assign_fresh_ids(&mut new_people, &store_ids);
        let ids: HashSet<&str> = new_people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids.len(), 3);
        assert_eq!(new_people[1].id, "given");
        assert!(new_people.iter().all(|p| id_problem(&p.id).is_none()));
    }
}
