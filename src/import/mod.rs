//! Files in (CSV, spreadsheets, the exports of forms, ticketing and video calls), a validated
//! plan out; the store writes it.
//!
//! An import is planned in full before anything is written: find the header (a call report
//! opens with a summary), tell which tool wrote the file ([`source`]), match the headers to
//! fields and days ([`columns`]), read every row into a person and what it says of their
//! attendance ([`person`]), decide who each person is ([`identity`]: never on a guess), and
//! weigh each person's rows into one attendance update ([`attendance`]). The command then
//! decides — all or nothing, or `--skip-invalid` — and hands the records to the store in one
//! transaction. Rows stream through a [`rows::RowSource`] one at a time, each within its
//! bounds, so what a plan holds is the people, not the file.

pub mod attendance;
pub mod birth_year;
pub mod columns;
pub mod duplicates;
pub mod encoding;
pub mod identity;
pub mod indicator;
pub mod normalize;
pub mod online;
pub mod person;
pub mod reader;
pub mod responses;
pub mod rows;
pub mod sheet;
pub mod sniff;
pub mod source;
pub mod status;

use std::collections::HashSet;

use rustc_hash::FxHashMap;
use std::path::Path;

use attendance::{Evidence, Rules};
use columns::{ColumnMap, ColumnOverride, ColumnProblem, Field, Matching, match_columns};
use identity::{Basis, Found, Identity, Known, People, Roll};
use normalize::fold;
use online::Tally;
use person::{Person, Readers, read_person};
use reader::{ReadProblem, Row};
use rows::RowSource;
use source::Source;
use status::StatusAnswer;

use crate::error::{Error, Result};
use crate::model::Participant;
use crate::model::id::generate;
use crate::model::sheet_code::{CodeProblem, SheetCodes};
use crate::quote;
use crate::store::ops::AttendanceUpdate;

/// What to do with a row whose email an earlier row or a stored person has under a clearly
/// different name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SharedEmail {
    /// Stop, list the rows, import nothing.
    #[default]
    Stop,
    /// Import them as separate people, each keeping the email (`participant duplicates`
    /// then lists them for review).
    Separate,
}

/// How to read the file and what to make of its rows.
pub struct Settings<'a> {
    /// `--from`: the tool the user says wrote the file.
    pub from: Option<Source>,
    pub overrides: &'a [ColumnOverride],
    /// `--ignore-column`: headers to leave out.
    pub ignored: &'a [String],
    pub readers: Readers<'a>,
    /// The sector of a new person whose row gives none.
    pub sector_default: Option<&'a str>,
    pub shared_email: SharedEmail,
    /// `--exclude`: names or emails of rows that are no participant (a host, a room device).
    pub exclude: &'a [String],
    /// With `--event`: how the rows' attendance is decided (its `tally` is the plan's).
    pub attendance: Option<Rules<'a>>,
    /// With `--event`: works out the codes of the event's sign-in sheet, called only when the
    /// file has a sheet-code column (it reads the event's attendance).
    pub sheet_codes: Option<&'a dyn Fn() -> Result<SheetCodes>>,
}

/// A row that cannot be imported: its physical line in the file, why, and its cells as read,
/// so the rejects file can be fixed and imported again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    pub line: u64,
    pub reason: String,
    pub cells: Vec<String>,
}

/// What became of one row, as the dry run lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// A new participant, at this position of the plan's `new_participants`.
    New(usize),
    /// A new participant although an earlier row or a stored person has the email, under
    /// another name (`--shared-email separate`); who shares it.
    NewSharingEmail(usize, Vec<String>),
    /// The stored participant with this id, found by `Basis`.
    Existing(String, Basis),
    /// The person an earlier row (on this line) brought.
    Repeat(u64, Basis),
    /// Left out by `--exclude` (the value that matched).
    Excluded(String),
    /// Zoom's waiting room: waiting to be let in is not attendance.
    WaitingRoom,
    /// The status says the person never had a place (rejected, expired, abandoned).
    NoPlace(String),
}

/// A row whose email is known under a clearly different name, when the import stops for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedEmailRow {
    pub line: u64,
    pub name: String,
    pub email: String,
    /// Who has the email already: "line 4 (Ana Sofía Gutiérrez Lara)", "participant `x` (…)".
    pub others: Vec<String>,
}

/// How many rows went where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub matched_existing: usize,
    pub repeated_in_file: usize,
    pub excluded: usize,
    pub waiting_room: usize,
    pub no_place: usize,
}

/// Everything an import would do, worked out without touching the store.
#[derive(Debug, Default)]
pub struct Plan {
    pub source: Option<Source>,
    pub header_line: u64,
    pub headers: Vec<String>,
    pub columns: ColumnMap,
    pub new_participants: Vec<Participant>,
    /// One update per person the rows name, new or existing, once each in file order (with
    /// `--event`).
    pub attendance: Vec<(String, AttendanceUpdate)>,
    pub decisions: Vec<(u64, Decision)>,
    pub rejected: Vec<RejectedRow>,
    pub shared_emails: Vec<SharedEmailRow>,
    pub counts: Counts,
    /// What the user should know of how the file was read: a section of a report not read.
    pub notes: Vec<String>,
    /// What the user should look at: an exclusion that matched nothing, a host counted.
    pub warnings: Vec<String>,
}

/// The error for a file that cannot be read on, named by `source`.
pub fn read_error(source: &Path, problem: ReadProblem) -> Error {
    match problem {
        ReadProblem::Encoding(problem) => Error::ImportLine {
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

/// A sign-in sheet brought to the wrong event is refused whole, `--skip-invalid` or not: its
/// walk-ins would otherwise be recorded at an event they never came to.
fn refuse_another_events_sheet(
    path: &Path,
    row: &Row,
    columns: &ColumnMap,
    codes: Option<&SheetCodes>,
) -> Result<()> {
    let (Some(index), Some(codes)) = (columns.index_of(Field::SheetCode), codes) else {
        return Ok(());
    };
    let code = row.cell(index).unwrap_or_default().trim();
    match codes.person_of(code) {
        Err(problem @ CodeProblem::OtherEvent(_)) if !code.is_empty() => Err(Error::ImportLine {
            path: path.to_path_buf(),
            line: usize::try_from(row.line).unwrap_or(usize::MAX),
            message: format!(
                "{}; nothing was imported",
                problem.reason(&quote::value(code), codes.event())
            ),
        }),
        _ => Ok(()),
    }
}

/// How many rows the header may come after: a call report's summary takes a dozen.
const MOST_PREAMBLE_ROWS: usize = 50;

/// Reads and validates a whole file, row by row from `rows`, against the store's participants.
///
/// `progress` is called now and then with how far reading is, for a bar.
pub fn plan(
    path: &Path,
    rows: &mut dyn RowSource,
    settings: &Settings,
    existing: &[Participant],
    progress: &mut dyn FnMut(u64),
) -> Result<Plan> {
    let read_error = |problem| read_error(path, problem);
    let event = settings.attendance.as_ref().map(|rules| rules.event);
    let (headers, header_line, preamble) = find_header(path, rows, settings, event)?;
    rows.keep_columns(headers.len());

    let recognised = source::recognise(&headers, false);
    let source = match settings.from {
        Some(from) if from != recognised && is_a_tool(recognised) && recognised != Source::Gsef => {
            return Err(Error::ImportColumns {
                path: path.to_path_buf(),
                message: format!(
                    "--from {from}: the headers are those of {}, not of {}",
                    recognised.describe(),
                    from.describe()
                ),
            });
        }
        Some(from) => from,
        None => recognised,
    };
    let not_by_name = source::tool_columns(source, &headers);
    let mut overrides = settings.overrides.to_vec();
    if source == Source::Gsef && !overrides.iter().any(|wanted| wanted.field == Field::Id) {
        // gsef's own export: its `id` column is the gsef id, so a round trip keeps the ids.
        overrides.push(ColumnOverride {
            field: Field::Id,
            column: "id".to_string(),
        });
    }
    let matching = Matching {
        overrides: &overrides,
        ignored: settings.ignored,
        not_by_name: &not_by_name,
        event,
    };
    let columns = match_columns(&headers, &matching)
        .map_err(|problem| columns_error(path, &headers, &problem))?;
    // A sign-in sheet brought back: its codes, worked out once its column is found.
    let sheet_codes = match settings.sheet_codes {
        Some(make) if columns.has(Field::SheetCode) => Some(make()?),
        _ => None,
    };
    let readers = Readers {
        sheet_codes: sheet_codes.as_ref(),
        ..settings.readers
    };
    let source = if source == Source::Spreadsheet && !columns.days.is_empty() {
        Source::SignIn
    } else {
        source
    };
    let tally = if source.writes_a_row_per_person()
        || !(columns.has(Field::JoinTime) && columns.has(Field::LeaveTime))
    {
        Tally::Durations
    } else {
        Tally::Intervals
    };

    let mut people = People::default();
    let mut store_ids: HashSet<&str> = HashSet::with_capacity(existing.len());
    for (index, participant) in existing.iter().enumerate() {
        store_ids.insert(&participant.id);
        let identity = identity_of(participant);
        people.remember(Known::Stored(index), identity, People::keys(identity));
    }
    let mut plan = Plan {
        source: Some(source),
        header_line,
        headers,
        columns,
        ..Plan::default()
    };
    let mut first_line_of_new: Vec<u64> = Vec::new();
    let mut evidence: Vec<(Known, Evidence)> = Vec::new();
    let mut evidence_of: FxHashMap<Known, usize> = FxHashMap::default();
    let mut exclusions_used = vec![false; settings.exclude.len()];
    let mut rows_read: u64 = 0;
    loop {
        let at = rows.bytes_read();
        let Some(row) = rows.next_row().map_err(read_error)? else {
            break;
        };
        rows_read += 1;
        if rows_read.is_multiple_of(1024) {
            progress(at);
        }
        if source == Source::Teams && is_a_section_title(row) {
            // The participants section ends here; the sections after it repeat its people
            // join by join.
            plan.notes.push(format!(
                "read the report's participants section (lines {}–{}); the sections from line {} repeat them join by join",
                plan.header_line + 1,
                row.line.saturating_sub(2).max(plan.header_line + 1),
                row.line
            ));
            break;
        }
        if row.is_blank() {
            continue;
        }
        let line = row.line;
        if !settings.exclude.is_empty() {
            let (names, email) = person::names_and_email(row, &plan.columns);
            if let Some(matched) = exclusion_matching(&names, email.as_deref(), settings.exclude) {
                exclusions_used[matched] = true;
                plan.decisions
                    .push((line, Decision::Excluded(settings.exclude[matched].clone())));
                plan.counts.excluded += 1;
                continue;
            }
        }
        refuse_another_events_sheet(path, row, &plan.columns, sheet_codes.as_ref())?;
        let person = match read_person(row, &plan.headers, &plan.columns, &readers) {
            // A call report names a telephone dial-in by its number: no person to record.
            Ok(person)
                if source.is_call_report()
                    && !person.participant.name.chars().any(char::is_alphabetic) =>
            {
                plan.rejected.push(RejectedRow {
                    line,
                    reason: format!(
                        "`{}` is no person's name (a telephone dial-in?); --exclude it to leave it out",
                        quote::value(&person.participant.name)
                    ),
                    cells: row.cells_for_fixing(),
                });
                continue;
            }
            Ok(person) => person,
            Err(reasons) => {
                plan.rejected.push(RejectedRow {
                    line,
                    reason: reasons.join("; "),
                    cells: row.cells_for_fixing(),
                });
                continue;
            }
        };
        if let Some(StatusAnswer::NoPlace) = person.said.status {
            let status = plan
                .columns
                .index_of(Field::Status)
                .and_then(|index| row.cell(index))
                .unwrap_or_default()
                .trim()
                .to_string();
            plan.decisions.push((line, Decision::NoPlace(status)));
            plan.counts.no_place += 1;
            continue;
        }
        if person.said.in_waiting_room {
            plan.decisions.push((line, Decision::WaitingRoom));
            plan.counts.waiting_room += 1;
            continue;
        }
        let Person {
            participant, said, ..
        } = person;
        let identity = identity_of(&participant);
        let keys = People::keys(identity);
        let roll = PlanRoll {
            existing,
            new: &plan.new_participants,
        };
        let who = match people.find(identity, &keys, &roll) {
            Found::Same(Known::Stored(index), basis) => {
                plan.counts.matched_existing += 1;
                plan.decisions
                    .push((line, Decision::Existing(existing[index].id.clone(), basis)));
                Known::Stored(index)
            }
            Found::Same(Known::New(index), basis) => {
                plan.counts.repeated_in_file += 1;
                plan.decisions
                    .push((line, Decision::Repeat(first_line_of_new[index], basis)));
                Known::New(index)
            }
            Found::IdOfSomeoneElse(known) => {
                let (holder, name) =
                    holder_of(known, existing, &plan.new_participants, &first_line_of_new);
                plan.rejected.push(RejectedRow {
                    line,
                    reason: format!(
                        "id `{}` is {holder}'s, `{}`, not `{}`'s: the column holds another person's id",
                        quote::value(&participant.id),
                        quote::value(&name),
                        quote::value(&participant.name)
                    ),
                    cells: Vec::new(),
                });
                continue;
            }
            Found::SharedEmail(sharing) if settings.shared_email == SharedEmail::Stop => {
                plan.shared_emails.push(SharedEmailRow {
                    line,
                    name: participant.name.clone(),
                    email: participant.email.clone().unwrap_or_default(),
                    others: sharing
                        .iter()
                        .map(|known| {
                            let (holder, name) = holder_of(
                                *known,
                                existing,
                                &plan.new_participants,
                                &first_line_of_new,
                            );
                            format!("{holder} (`{}`)", quote::value(&name))
                        })
                        .collect(),
                });
                continue;
            }
            found => {
                let sharing = match found {
                    Found::SharedEmail(sharing) => sharing
                        .iter()
                        .map(|known| {
                            holder_of(*known, existing, &plan.new_participants, &first_line_of_new)
                                .0
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let index = plan.new_participants.len();
                let mut participant = participant;
                if participant.sector.is_none() {
                    participant.sector = settings.sector_default.map(str::to_string);
                }
                people.remember(Known::New(index), identity_of(&participant), keys);
                plan.new_participants.push(participant);
                first_line_of_new.push(line);
                let decision = if sharing.is_empty() {
                    Decision::New(index)
                } else {
                    Decision::NewSharingEmail(index, sharing)
                };
                plan.decisions.push((line, decision));
                Known::New(index)
            }
        };
        if settings.attendance.is_some() {
            let slot = *evidence_of.entry(who).or_insert_with(|| {
                evidence.push((who, Evidence::new(line)));
                evidence.len() - 1
            });
            evidence[slot].1.add(said);
        }
    }
    progress(rows.bytes_read());

    for (value, used) in settings.exclude.iter().zip(&exclusions_used) {
        if !used {
            plan.warnings.push(format!(
                "--exclude `{}` matched no row",
                quote::value(value)
            ));
        }
    }
    if source == Source::Zoom
        && let Some(host) = zoom_host(&preamble)
        && let Some(line) = evidence
            .iter()
            .find(|(who, _)| {
                email_of(*who, existing, &plan.new_participants)
                    .is_some_and(|email| email.eq_ignore_ascii_case(&host))
            })
            .map(|(_, evidence)| evidence.first_line)
    {
        plan.warnings.push(format!(
            "the meeting's host, `{}` (line {line}), is counted as a participant; --exclude them if they only ran the call",
            quote::value(&host)
        ));
    }

    assign_fresh_ids(&mut plan.new_participants, &store_ids);
    if let Some(rules) = &settings.attendance {
        let rules = Rules { tally, ..*rules };
        let (who, weighed): (Vec<Known>, Vec<Evidence>) = evidence.into_iter().unzip();
        let updates =
            attendance::decide(&weighed, &rules).map_err(|undecided| Error::ImportLine {
                path: path.to_path_buf(),
                line: usize::try_from(undecided.line).unwrap_or(usize::MAX),
                message: undecided.message,
            })?;
        let id_of = |who: Known| match who {
            Known::Stored(index) => existing[index].id.clone(),
            Known::New(index) => plan.new_participants[index].id.clone(),
        };
        plan.attendance = who.into_iter().map(id_of).zip(updates).collect();
    }
    Ok(plan)
}

/// The people a plan knows, for [`People::find`] to compare names with.
struct PlanRoll<'a> {
    existing: &'a [Participant],
    new: &'a [Participant],
}

impl PlanRoll<'_> {
    fn participant(&self, who: Known) -> &Participant {
        match who {
            Known::Stored(index) => &self.existing[index],
            Known::New(index) => &self.new[index],
        }
    }
}

impl Roll for PlanRoll<'_> {
    fn name_of(&self, who: Known) -> &str {
        &self.participant(who).name
    }

    fn has_email(&self, who: Known) -> bool {
        self.participant(who).email.is_some()
    }
}

/// True for a row that only has its first cell (`3. In-Meeting Activities`): a title, where
/// a section of a Teams report starts. The blank line before it is no row to the reader.
fn is_a_section_title(row: &reader::Row) -> bool {
    let mut cells = row.cells().map(str::trim);
    cells.next().is_some_and(|first| !first.is_empty()) && cells.all(str::is_empty)
}

/// True for a source that is a particular tool, not just any spreadsheet.
fn is_a_tool(source: Source) -> bool {
    !matches!(source, Source::Spreadsheet | Source::SignIn)
}

fn identity_of(participant: &Participant) -> Identity<'_> {
    Identity {
        id: (!participant.id.is_empty()).then_some(participant.id.as_str()),
        name: &participant.name,
        organization: participant.organization.as_deref(),
        email: participant.email.as_deref(),
    }
}

/// "participant `mx-001`" or "line 4", with the name, for a message about a known person.
fn holder_of(
    known: Known,
    existing: &[Participant],
    new_participants: &[Participant],
    first_lines: &[u64],
) -> (String, String) {
    match known {
        Known::Stored(index) => (
            format!("participant `{}`", existing[index].id),
            existing[index].name.clone(),
        ),
        Known::New(index) => (
            format!("line {}", first_lines[index]),
            new_participants[index].name.clone(),
        ),
    }
}

fn email_of<'p>(
    known: Known,
    existing: &'p [Participant],
    new_participants: &'p [Participant],
) -> Option<&'p str> {
    match known {
        Known::Stored(index) => existing[index].email.as_deref(),
        Known::New(index) => new_participants[index].email.as_deref(),
    }
}

/// Which `--exclude` value the row is, by email (ignoring case) or by any of its names
/// (ignoring case and accents).
fn exclusion_matching(names: &[String], email: Option<&str>, exclude: &[String]) -> Option<usize> {
    exclude.iter().position(|value| {
        let value = value.trim();
        email.is_some_and(|email| email.trim().eq_ignore_ascii_case(value))
            || names
                .iter()
                .any(|name| !name.is_empty() && fold(name) == fold(value))
    })
}

/// The host's email, from the meeting summary above a Zoom report's table.
fn zoom_host(preamble: &[Vec<String>]) -> Option<String> {
    let [header, values, ..] = preamble else {
        return None;
    };
    let column = |name: &str| header.iter().position(|cell| fold(cell) == name);
    if let Some(index) = column("user email") {
        return values
            .get(index)
            .filter(|email| email.contains('@'))
            .cloned();
    }
    let host = values.get(column("host")?)?;
    match online::split_renamed(host) {
        (_, Some(email)) if email.contains('@') => Some(email.to_string()),
        _ => None,
    }
}

/// The header row (and the rows above it, a call report's summary), read off `rows`: the
/// first row among the first few that names a person's column, or every column `--map`
/// names.
fn find_header(
    path: &Path,
    rows: &mut dyn RowSource,
    settings: &Settings,
    event: Option<&crate::model::day_text::EventDays>,
) -> Result<(Vec<String>, u64, Vec<Vec<String>>)> {
    let mut preamble: Vec<Vec<String>> = Vec::new();
    let mut first: Option<(Vec<String>, u64)> = None;
    while preamble.len() < MOST_PREAMBLE_ROWS {
        let Some(row) = rows
            .next_row()
            .map_err(|problem| read_error(path, problem))?
        else {
            break;
        };
        if row.is_blank() {
            continue;
        }
        let cells: Vec<String> = row.cells().map(|cell| cell.trim().to_string()).collect();
        let line = row.line;
        let source = settings
            .from
            .unwrap_or_else(|| source::recognise(&cells, false));
        let not_by_name = source::tool_columns(source, &cells);
        // Two name columns make a header too; matching it for real says which to choose.
        let names_a_person = !matches!(
            match_columns(
                &cells,
                &Matching {
                    not_by_name: &not_by_name,
                    event,
                    ..Matching::default()
                },
            ),
            Err(ColumnProblem::NoName)
        );
        let holds_the_map = !settings.overrides.is_empty()
            && settings.overrides.iter().all(|wanted| {
                cells
                    .iter()
                    .any(|cell| cell == &wanted.column || fold(cell) == fold(&wanted.column))
            });
        if names_a_person || holds_the_map || source == Source::Gsef {
            return Ok((cells, line, preamble));
        }
        if first.is_none() {
            first = Some((cells.clone(), line));
        }
        preamble.push(cells);
    }
    let Some((headers, line)) = first else {
        return Err(Error::ImportLine {
            path: path.to_path_buf(),
            line: 1,
            message: "the file is empty; expected a header row naming the columns".to_string(),
        });
    };
    // No row names a person's column: the first row is taken for the header it should be,
    // and the message says what it lacks (a name, or a column --map names).
    let _ = line;
    let problem = match match_columns(
        &headers,
        &Matching {
            overrides: settings.overrides,
            event,
            ..Matching::default()
        },
    ) {
        Err(problem) => problem,
        Ok(_) => ColumnProblem::NoName,
    };
    Err(columns_error(path, &headers, &problem))
}

fn columns_error(path: &Path, headers: &[String], problem: &ColumnProblem) -> Error {
    let found = quote::list(
        headers
            .iter()
            .map(|header| format!("`{}`", quote::value(header))),
    );
    let message = match problem {
        ColumnProblem::NoName => format!(
            "no column holds a name (Name, Nombre, Nom, First name + Last name, …); the headers are {found}"
        ),
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
            match field {
                Some(field) => format!(
                    "--map {field}={column}: there is no column `{column}`; the headers are {found}"
                ),
                None => format!(
                    "--ignore-column {column}: there is no column `{column}`; the headers are {found}"
                ),
            }
        }
    };
    Error::ImportColumns {
        path: path.to_path_buf(),
        message,
    }
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
    use crate::model::id::id_problem;

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
                birth_year: None,
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
