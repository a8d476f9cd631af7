//! `gsef import participants`: participants, and their attendance, from a registration spreadsheet.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};

use super::args::parse_id;
use super::{Context, count_of};
use crate::error::{Error, Result};
use crate::import::columns::ColumnOverride;
use crate::import::normalize::{SectorMatcher, clean_cell};
use crate::import::reader::{CsvReader, MAX_FIELD_BYTES, MAX_ROW_BYTES};
use crate::import::{self, Plan, RejectedRow, Settings};
use crate::model::{AttendanceStatus, Event, Participant, Role, SectorVocabulary};
use crate::output::delimited;
use crate::quote;
use crate::store::ops::{self, AttendanceChanges, AttendanceUpdate, Overwrite};
use crate::store::output_file::{self, Audience};

const IMPORT_EXAMPLES: &str = "\
Examples:
  gsef import participants inscripciones.csv --event 2019-11-mexico --dry-run
  gsef import participants inscripciones.csv --event 2019-11-mexico --sector-map sectores.csv
  gsef import participants sign-in.csv --event 2019-05-dakar --map name=\"Participant\" --status attended
  gsef import participants roll.csv --skip-invalid --rejects to-fix.csv
  gsef export participants --format csv | gsef --records ../copy import participants -

Columns are found by their header, ignoring case and accents, in English, Spanish or French:
  name          Name, Full name, Nombre, Nombre completo, Nom, Nom complet
  given-name    First name, Prénom (put before the name when a form asks for it apart)
  surname       Surname, Last name, Apellido(s), Nom de famille (put after the name)
  organization  Organization, Organisation, Organización, Organisme, Institution
  email         Email, E-mail, Correo, Correo electrónico, Courriel
  country       Country, País, Pays (ISO codes or names in English, Spanish, French)
  region        Region, Región, Estado, State, Province, Provincia
  sector        Sector, Secteur (a sector id, its label or last part, or a --sector-map answer)
  gender        Gender, Género, Sexo, Sexe, Genre
  id            id (kept when given, as in gsef's own export; generated otherwise)
name and sector are required; other columns are ignored.

A row whose email (or, without one, name and organization) matches a participant already
in the store, or an earlier row, reuses that participant (its record is left as it is).
Any invalid row stops the whole import and nothing is written, unless --skip-invalid is
given; the bad rows are listed with their line numbers, the first 20 in full.

The header row may take 64 KiB and 1,000 columns; a file with a longer one is refused. A field
may take 64 KiB and a row 1 MiB: a row with a longer one is invalid, its text left out.";

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Create participants (and with --event, their attendance) from a CSV file.
    ///
    /// Reads UTF-8 with or without a byte order mark, separated by `,`, `;` or tabs, with
    /// CRLF or LF line ends and quoted fields that may span lines.
    #[command(after_help = IMPORT_EXAMPLES)]
    Participants(ImportParticipantsArgs),
}

#[derive(Debug, Args)]
pub struct ImportParticipantsArgs {
    /// The CSV file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Also record everyone in the file as taking part in this event.
    #[arg(long, value_parser = parse_id)]
    pub event: Option<String>,
    /// The attendance status to record with --event.
    #[arg(long, value_enum, default_value_t = AttendanceStatus::Attended, requires = "event")]
    pub status: AttendanceStatus,
    /// The role to record with --event.
    #[arg(long, value_enum, requires = "event")]
    pub role: Option<Role>,
    /// Read FIELD from the column with this header, e.g. --map name="Participant"; repeatable.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub maps: Vec<ColumnOverride>,
    /// A CSV of `answer,sector-id` rows mapping free-text sector answers to sector ids.
    #[arg(long, value_name = "FILE")]
    pub sector_map: Option<PathBuf>,
    /// The column separator: `,`, `;`, `tab`; sniffed from the header line when not given.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Import the valid rows and write the invalid ones, with a `reason` column, to a CSV.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Where --skip-invalid writes the rejected rows [default: FILE.rejected.csv].
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,
}

/// clap's parser for `--delimiter`: one ASCII character, with `tab` and `\t` for a tab.
fn parse_delimiter(text: &str) -> std::result::Result<u8, String> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if text.len() == 1 && text.is_ascii() && text != "\"" => Ok(text.as_bytes()[0]),
        _ => Err("expected one character such as `,` or `;`, or `tab`".to_string()),
    }
}

/// How many bad rows to list before only counting the rest.
const REJECTS_SHOWN: usize = 20;

pub fn run(context: &mut Context, command: ImportCommand) -> Result<()> {
    match command {
        ImportCommand::Participants(args) => participants(context, &args),
    }
}

fn participants(context: &mut Context, args: &ImportParticipantsArgs) -> Result<()> {
    let from_stdin = args.file.as_os_str() == "-";
    let source = if from_stdin {
        PathBuf::from("<standard input>")
    } else {
        args.file.clone()
    };
    let rejects_path = if args.skip_invalid {
        Some(rejects_path(args, from_stdin)?)
    } else {
        None
    };
    let (input, length) = open_input(&args.file, from_stdin)?;
    let store = context.open_store()?;
    if let Some(path) = &rejects_path
        && !from_stdin
        && same_file(path, &args.file)
    {
        return Err(Error::Invalid(format!(
            "--rejects {} would overwrite the file being imported",
            path.display()
        )));
    }
    let mut sectors = SectorMatcher::new(store.vocabulary());
    if let Some(path) = &args.sector_map {
        read_sector_map(path, store.vocabulary(), &mut sectors)?;
    }
    let settings = Settings {
        overrides: &args.maps,
        delimiter: args.delimiter,
        sectors: &sectors,
        vocabulary: store.vocabulary(),
    };

    let mut writer = context.writer(&store)?;
    let participants = writer.load::<Participant>()?;
    if let Some(event) = &args.event
        && !writer.contains::<Event>(event)?
    {
        return Err(ops::not_found::<Event>(event));
    }

    let mut bar = ProgressBar::new(&source, length);
    let plan = import::plan(&source, input, &settings, &participants, &mut |done| {
        bar.show(context, done);
    })?;
    bar.clear(context);

    if !plan.rejected.is_empty() {
        list_rejected(context, &source, &plan.rejected);
        match &rejects_path {
            None => {
                return Err(Error::ImportRejected {
                    path: source,
                    count: plan.rejected.len(),
                });
            }
            Some(path) if !context.dry_run => write_rejects(path, &plan, store.root())?,
            Some(_) => {}
        }
    }

    // Participants before attendance, which names them; the commit writes both or neither.
    ops::add_planned(&mut writer, &plan.new_participants)?;
    let changes = match &args.event {
        Some(event) => {
            let update = AttendanceUpdate {
                status: args.status,
                role: args.role,
                days: None,
                minutes: None,
            };
            let updates: Vec<(String, AttendanceUpdate)> = plan
                .participant_ids
                .iter()
                .map(|id| (id.clone(), update.clone()))
                .collect();
            Some(ops::record_attendance(
                &mut writer,
                event,
                &updates,
                Overwrite::Never,
            )?)
        }
        None => None,
    };
    if context.dry_run {
        context.say(format!(
            "columns: {}",
            plan.columns.describe(&plan.headers).join(", ")
        ));
        let ignored = plan.columns.unmatched(&plan.headers);
        if !ignored.is_empty() {
            let ignored = quote::list(ignored.into_iter().map(quote::value));
            context.say(format!("ignored columns: {ignored}"));
        }
        context.say(format!(
            "dry run, nothing written: {}",
            summary(&plan, changes.as_ref(), args)
        ));
        return Ok(());
    }
    writer.commit()?;
    if let Some(path) = &rejects_path
        && !plan.rejected.is_empty()
    {
        context.warn(format!(
            "wrote the {} to {}",
            count_of(plan.rejected.len(), "rejected row", "rejected rows"),
            path.display()
        ));
    }
    context.say(format!(
        "imported {}",
        summary(&plan, changes.as_ref(), args)
    ));
    Ok(())
}

fn rejects_path(args: &ImportParticipantsArgs, from_stdin: bool) -> Result<PathBuf> {
    match (&args.rejects, from_stdin) {
        (Some(path), _) => Ok(path.clone()),
        (None, true) => Err(Error::Invalid(
            "--skip-invalid on standard input needs --rejects FILE for the rejected rows"
                .to_string(),
        )),
        (None, false) => {
            let mut name = args.file.as_os_str().to_owned();
            name.push(".rejected.csv");
            Ok(PathBuf::from(name))
        }
    }
}

/// The file to import, open to be streamed, and its length when it has one (a pipe has none).
fn open_input(file: &Path, from_stdin: bool) -> Result<(Box<dyn Read>, Option<u64>)> {
    if from_stdin {
        return Ok((Box::new(std::io::stdin().lock()), None));
    }
    let read_error = |source| Error::io("read", file, source);
    let opened = std::fs::File::open(file).map_err(read_error)?;
    let metadata = opened.metadata().map_err(read_error)?;
    let length = metadata.is_file().then_some(metadata.len());
    Ok((Box::new(opened), length))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Reads `--sector-map`: `answer,sector-id` rows, an optional `answer,sector` header first.
fn read_sector_map(
    path: &Path,
    vocabulary: &SectorVocabulary,
    sectors: &mut SectorMatcher,
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|source| Error::io("read", path, source))?;
    let read_error = |problem| import::read_error(path, problem);
    let mut reader = CsvReader::new(file, None).map_err(read_error)?;
    let mut first = true;
    while let Some(row) = reader.next_row().map_err(read_error)? {
        let is_first = std::mem::take(&mut first);
        if row.left_out().is_some() {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: usize::try_from(row.line).unwrap_or(usize::MAX),
                message: format!(
                    "expected `answer,sector-id`, got a row past the bounds of the import (a field may take {}, a row {})",
                    quote::size(MAX_FIELD_BYTES as u64),
                    quote::size(MAX_ROW_BYTES as u64)
                ),
            });
        }
        let answer = clean_cell(row.cell(0).unwrap_or_default());
        let sector = clean_cell(row.cell(1).unwrap_or_default());
        if is_first && answer.eq_ignore_ascii_case("answer") {
            continue;
        }
        if answer.is_empty() && sector.is_empty() {
            continue;
        }
        if answer.is_empty() || !vocabulary.contains(&sector) {
            return Err(Error::Parse {
                path: path.to_path_buf(),
                line: usize::try_from(row.line).unwrap_or(usize::MAX),
                message: format!(
                    "expected `answer,sector-id` with a sector id from `gsef sector list`, got `{}`,`{}`",
                    quote::value(&answer),
                    quote::value(&sector)
                ),
            });
        }
        sectors.map_answer(&answer, &sector);
    }
    Ok(())
}

/// Every rejected row on stderr, `FILE:LINE: reason`, up to a limit and then a count.
fn list_rejected(context: &mut Context, source: &Path, rejected: &[RejectedRow]) {
    for row in rejected.iter().take(REJECTS_SHOWN) {
        context.say(format!("{}:{}: {}", source.display(), row.line, row.reason));
    }
    if rejected.len() > REJECTS_SHOWN {
        context.say(format!(
            "… and {}",
            count_of(
                rejected.len() - REJECTS_SHOWN,
                "more invalid row",
                "more invalid rows"
            )
        ));
    }
}

/// The rejected rows as they were read, with `line` and `reason` columns added, for fixing.
fn write_rejects(path: &Path, plan: &Plan, store_root: &Path) -> Result<()> {
    let mut headers: Vec<&str> = plan.headers.iter().map(String::as_str).collect();
    headers.extend(["line", "reason"]);
    let rows = plan.rejected.iter().map(|row| {
        let mut cells = row.cells.clone();
        cells.resize(plan.headers.len(), String::new());
        cells.push(row.line.to_string());
        cells.push(row.reason.clone());
        cells
    });
    let mut bytes = Vec::new();
    delimited::write_rows(&headers, rows, &mut bytes)?;
    // The rows name people: owner-only, never through a link, never into the store.
    output_file::write(path, &bytes, store_root, Audience::Personal)
}

/// "participants: 9 new, 2 matched existing, 1 repeated in the file, 1 skipped as invalid; …"
fn summary(
    plan: &Plan,
    changes: Option<&AttendanceChanges>,
    args: &ImportParticipantsArgs,
) -> String {
    let mut text = format!(
        "participants: {} new, {} matched existing, {} repeated in the file, {} skipped as invalid",
        plan.new_participants.len(),
        plan.matched_existing,
        plan.repeated_in_file,
        plan.rejected.len(),
    );
    if let (Some(changes), Some(event)) = (changes, &args.event) {
        text.push_str(&format!(
            "; attendance at `{event}` ({}): {} new, {} updated, {} already recorded",
            args.status.as_str(),
            changes.new,
            changes.updated,
            changes.unchanged
        ));
    }
    text
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal and the import
/// takes long enough to wonder about; a pipe or a log file never sees it.
struct ProgressBar {
    label: String,
    /// The file's length; a pipe's is not known, so the bar counts what was read instead.
    total: Option<u64>,
    enabled: bool,
    started: Instant,
    last_drawn: Option<Instant>,
}

impl ProgressBar {
    const WIDTH: u64 = 30;
    const DELAY: Duration = Duration::from_millis(300);
    const INTERVAL: Duration = Duration::from_millis(100);

    fn new(source: &Path, total: Option<u64>) -> Self {
        ProgressBar {
            label: source.display().to_string(),
            total,
            enabled: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last_drawn: None,
        }
    }

    fn show(&mut self, context: &mut Context, done: u64) {
        let now = Instant::now();
        if !self.enabled
            || now.duration_since(self.started) < Self::DELAY
            || self
                .last_drawn
                .is_some_and(|last| now.duration_since(last) < Self::INTERVAL)
        {
            return;
        }
        self.last_drawn = Some(now);
        let Some(total) = self.total else {
            let _ = write!(
                context.err,
                "\r\x1b[2K{} {} read",
                self.label,
                quote::size(done)
            );
            return;
        };
        let done = done.min(total);
        let filled = (done * Self::WIDTH)
            .checked_div(total)
            .unwrap_or(Self::WIDTH);
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        let _ = write!(
            context.err,
            "\r{} [{}{}] {percent:>3}%",
            self.label,
            "#".repeat(filled as usize),
            " ".repeat((Self::WIDTH - filled) as usize)
        );
    }

    fn clear(&mut self, context: &mut Context) {
        if self.last_drawn.is_some() {
            let _ = write!(context.err, "\r\x1b[2K");
        }
    }
}
