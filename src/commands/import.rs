//! `gsef import participants`: participants, and their attendance, from what forms, ticketing,
//! sign-in sheets and video calls export.

use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::args::{parse_id, parse_text};
use super::{Context, count_of};
use crate::error::{Error, Result};
use crate::import::attendance::Rules;
use crate::import::columns::ColumnOverride;
use crate::import::encoding::as_utf8;
use crate::import::normalize::{SectorMatcher, clean_cell};
use crate::import::online::Tally;
use crate::import::person::Readers;
use crate::import::reader::{CsvReader, MAX_FIELD_BYTES, MAX_ROW_BYTES};
use crate::import::responses::{ResponseColumn, ResponsePlan, ResponseSettings, plan_responses};
use crate::import::rows::RowSource;
use crate::import::sheet::SheetReader;
use crate::import::source::Source;
use crate::import::status::StatusMatcher;
use crate::import::{self, Decision, Plan, RejectedRow, Settings, SharedEmail};
use crate::model::day_text::{DateOrder, EventDays, parse_day};
use crate::model::response::Scale;
use crate::model::sheet_code::SheetCodes;
use crate::model::vocabulary::Vocabulary;
use crate::model::{AttendanceStatus, Completion, Event, PartialDate, Participant, Response, Role};
use crate::output::delimited;
use crate::output::progress::Progress;
use crate::quote;
use crate::store::ops::{self, AttendanceChanges, Overwrite};
use crate::store::output_file::{self, Audience};

const IMPORT_EXAMPLES: &str = "\
Examples, one per source (a recognisable file needs no --from):
  Google Forms   gsef import participants respuestas.csv --event 2019-11-mexico --sector-map sectores.csv
  KoboToolbox    gsef import participants kobo.xlsx --event 2019-11-mexico --sector-map sectores.csv
  Eventbrite     gsef import participants attendees.csv --event 2019-11-mexico --shared-email separate
  Zoom           gsef import participants participants_854.csv --event 2019-11-mexico --min-minutes 120 \\
                   --exclude host@example.org --exclude \"Sala Zoom\"
  Teams          gsef import participants \"Attendance report.csv\" --event 2019-11-mexico --min-minutes 120
  Google Meet    gsef import participants meet.csv --event 2019-11-mexico --day 2019-11-27
  Sign-in sheet  gsef import participants hoja.csv --event 2019-11-mexico --sector-default other
  Any sheet      gsef import participants roll.csv --map name=\"Participant\" --skip-invalid
  Round trip     gsef export participants --format csv | gsef --records ../copy import participants -
  See first      gsef --dry-run import participants respuestas.csv --event 2019-11-mexico

Columns are found by their header, ignoring case, accents and punctuation, in English, Spanish,
French or Korean, whole (`Nombre(s)`, `Organization / Institution`) or as a word of a longer one
(`Which sector do you work in?`); a KoboToolbox group path by its last part. Name parts
(First name + Last name, Nombre(s) + Apellido(s), Prénom + Nom) are joined. A column whose
header is a day of the event (27/11, 2019-11-27, Miércoles 27 de noviembre, Day 2) is read
as marks: x, ✓, 1, yes or a time is present; a blank, 0 or no absent. Every column left
unused is listed on stderr.

A year of birth (`Year of birth`, `Año de nacimiento`, `출생연도`, Kobo's `birth_year`) or a
date of birth (`Date of birth`, `DOB`, `Fecha de nacimiento`, `Date de naissance`, `생년월일`)
is kept as the year alone, which is all an age band needs: 1990-04-12, 12/04/1990,
04/12/1990, 1990/04/12 and 12.04.1990 all give 1990. A two-digit year (12/04/90) is refused,
never guessed; an empty cell is not recorded. A person already in the store keeps their
record as it is, birth year included.

A column only becomes the gsef id with --map id=COLUMN (or in gsef's own export): a sheet's
`ID`, `No.` or `_id` numbers rows, not people. A row is the same person as a known one when
they share an email and the names fit (one holds the other's words), or, without an email,
the name and organization; an email under a clearly different name stops the import unless
--shared-email separate. Nothing recorded is lowered: a status is only raised (attended,
no-show, registered, cancelled), days and minutes only added, unless --replace.

With --event, each person's status is: --status if given; for a call report, attended at
--min-minutes or more (or the event's min_minutes rule), registered below; attended when
marked on a day; the status column's (Checked In, Attending, Not Attending, …); registered
when day columns mark no day; else attended.

Any invalid row stops the whole import and nothing is written, unless --skip-invalid is
given; the bad rows are listed with their lines, the first 20 in full. A field may take 64
KiB and a row 1 MiB; the header row 64 KiB and 1,000 columns.";

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Create participants (and with --event, their attendance) from a CSV file or a
    /// spreadsheet: a form's responses, a ticketing or call report, a sign-in sheet.
    ///
    /// Reads CSV in UTF-8 (with or without a byte order mark) or UTF-16 with one, separated by
    /// `,`, `;` or tabs, CRLF or LF; and .xlsx, .xlsm and .ods workbooks, the first visible
    /// sheet or --sheet NAME, cells as the spreadsheet shows them.
    #[command(after_help = IMPORT_EXAMPLES)]
    Participants(ImportParticipantsArgs),
    /// Record an event's pre-test, post-test or feedback form: each row's score, rating of
    /// each of the event's objectives, overall rating and comments.
    ///
    /// Reads what `import participants` reads (Google Forms, KoboToolbox, Microsoft Forms,
    /// .xlsx, .ods, CSV). Each row's respondent is a participant already in the store, found
    /// as `import participants` finds people (email and a compatible name, or name and
    /// organization), or, on an anonymous form, the code the form asked for, so that a pre-test
    /// and a post-test pair without names. Any invalid row stops the import: nothing is written.
    #[command(after_help = RESPONSES_EXAMPLES)]
    Responses(ImportResponsesArgs),
}

const RESPONSES_EXAMPLES: &str = "\
Examples:
  gsef import responses pre-test.csv --event 2019-11-mexico --instrument pre
  gsef import responses post-test.csv --event 2019-11-mexico --instrument post
  gsef import responses evaluacion.xlsx --event 2019-11-mexico --instrument feedback --scale 1-5
  gsef import responses quiz.xlsx --event 2019-11-mexico --instrument post --max-score 20 \\
                          --map score=\"Total points\"
  gsef import responses kobo.csv --event 2019-11-mexico --instrument feedback \\
                          --map objective-1=\"q_utilidad\" --map code=\"clave\"
  gsef --dry-run import responses pre-test.csv --event 2019-11-mexico --instrument pre

Columns are found by their header, ignoring case, accents and punctuation:
  score        `Score` (a Google Forms quiz writes `14 / 20`), `Puntuación`, `Total points`
               (points alone need --max-score N)
  objective N  a header naming `Objective 2`, `Objetivo 2`, `Objectif 2`, or quoting the
               objective's text (`How well did we meet each objective? [Exchange experiences]`)
  code         a header with `code`, `código` or `pseudonym`: the respondent's own code
  overall      a header with `overall`, `en general` or `global`
  comment      headers with `comment(s)`, `comentario(s)`, `commentaire(s)`, `suggestions`,
               `sugerencias`, `observaciones` or `remarques`, kept together
and who answered from the name, email and organization columns as `import participants`
reads them. A rating outside --scale, a score above its maximum or without one, a code given
twice, a person answering twice or nobody in the store fitting a row is refused, with its line.
An event that already has responses of the instrument keeps them unless --replace.";

#[derive(Debug, Args)]
pub struct ImportResponsesArgs {
    /// The file, or `-` for standard input (CSV only).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The event the form was about.
    #[arg(long, value_parser = parse_id)]
    pub event: String,
    /// Which instrument the file holds: `pre` (a test before), `post` (the same test after),
    /// `feedback` (the participants' rating), or another id the store uses.
    #[arg(long, value_name = "NAME", value_parser = parse_id)]
    pub instrument: String,
    /// The points the ratings are on, lowest-highest.
    #[arg(long, value_name = "LOW-HIGH", default_value = "1-5", value_parser = parse_scale)]
    pub scale: Scale,
    /// The test's most points, for scores written without their maximum.
    #[arg(long, value_name = "N", value_parser = parse_max_score)]
    pub max_score: Option<f64>,
    /// Read FIELD from the column with this header; repeatable. Fields: score, code,
    /// objective-N, overall, comment, and who answered: name, given-name, surname, email,
    /// organization, id.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub maps: Vec<ResponseColumn>,
    /// Replace the responses of this instrument the event already has with the file's.
    #[arg(long)]
    pub replace: bool,
    /// The sheet of a spreadsheet to read [default: the first visible one].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The column separator of a CSV: `,`, `;`, `tab`; sniffed from the header line when not given.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
}

/// clap's parser for `--scale`: `1-5`, `0-10`.
fn parse_scale(text: &str) -> std::result::Result<Scale, String> {
    let (low, high) = text
        .split_once(['-', '–'])
        .ok_or("expected LOW-HIGH, e.g. 1-5")?;
    let point = |text: &str| {
        text.trim()
            .parse::<u32>()
            .map_err(|_| format!("`{}` is not a whole number", text.trim()))
    };
    let scale = Scale(point(low)?, point(high)?);
    match scale.problem() {
        Some(problem) => Err(problem),
        None => Ok(scale),
    }
}

fn parse_max_score(text: &str) -> std::result::Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(max) if max > 0.0 && max.is_finite() => Ok(max),
        _ => Err("expected a number above 0, e.g. 20".to_string()),
    }
}

#[derive(Debug, Args)]
pub struct ImportParticipantsArgs {
    /// The file, or `-` for standard input (CSV only).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The tool that wrote the file, when its headers do not say (they usually do).
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub from: Option<Source>,
    /// The sheet of a spreadsheet to read [default: the first visible one].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Also record everyone in the file as taking part in this event.
    #[arg(long, value_parser = parse_id)]
    pub event: Option<String>,
    /// Everyone's attendance status, whatever the file says [default: from the file, see below].
    #[arg(long, value_enum, requires = "event")]
    pub status: Option<AttendanceStatus>,
    /// The role to record with --event.
    #[arg(long, value_enum, requires = "event")]
    pub role: Option<Role>,
    /// The day everyone in the file was there, for a file that gives none (a one-day sign-in
    /// sheet, a Google Meet report): 2019-11-27, 27/11, Day 1, …
    #[arg(long, value_name = "DAY", requires = "event")]
    pub day: Option<String>,
    /// Which number of 11/12/2019 is the day, when the file and the event do not tell.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrder>,
    /// Connected at least N minutes is attended, for a call report [default: the event's
    /// min_minutes rule, else any connection].
    #[arg(long, value_name = "N", requires = "event")]
    pub min_minutes: Option<u32>,
    /// Leave out the rows of this name or email: the host, a meeting-room device; repeatable.
    #[arg(long, value_name = "NAME_OR_EMAIL", value_parser = parse_text)]
    pub exclude: Vec<String>,
    /// What to do with an email that an earlier row or a stored person has under a clearly
    /// different name: stop, or import them as separate people, each keeping the email.
    #[arg(long, value_enum, default_value_t = SharedEmail::Stop, value_name = "WHAT")]
    pub shared_email: SharedEmail,
    /// Let the file lower what is recorded: its status, days and minutes replace those of
    /// people already recorded at the event.
    #[arg(long, requires = "event")]
    pub replace: bool,
    /// Read FIELD from the column with this header, e.g. --map name="Participant"; repeatable.
    /// Fields: id, name, given-name, surname, organization, email, country, region, sector,
    /// gender, birth-year, consent, status, check-in, days, join-time, leave-time, duration.
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    pub maps: Vec<ColumnOverride>,
    /// Leave this column unread, whatever its header looks like; repeatable.
    #[arg(long, value_name = "COLUMN")]
    pub ignore_column: Vec<String>,
    /// A CSV of `answer,sector-id` rows mapping free-text sector answers to sector ids.
    #[arg(long, value_name = "FILE")]
    pub sector_map: Option<PathBuf>,
    /// The sector of a new person whose row gives none [default: not recorded].
    #[arg(long, value_name = "ID", value_parser = parse_text)]
    pub sector_default: Option<String>,
    /// A CSV of `answer,status` rows (status: attended, registered, no-show, cancelled).
    #[arg(long, value_name = "FILE")]
    pub status_map: Option<PathBuf>,
    /// A CSV of `answer,gender` rows (gender: woman, man, non-binary, undisclosed, or a term
    /// the store adds).
    #[arg(long, value_name = "FILE")]
    pub gender_map: Option<PathBuf>,
    /// A CSV of `answer,consent` rows (consent: list, aggregate, none).
    #[arg(long, value_name = "FILE")]
    pub consent_map: Option<PathBuf>,
    /// The column separator of a CSV: `,`, `;`, `tab`; sniffed from the header line when not given.
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
        ImportCommand::Responses(args) => responses(context, &args),
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
    let mut rows = open_rows(
        &args.file,
        &source,
        from_stdin,
        args.sheet.as_deref(),
        args.delimiter,
    )?;
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
    if let Some(sector) = &args.sector_default
        && !store.vocabulary().contains(sector)
    {
        return Err(Error::invalid(
            "--sector-default",
            sector,
            "not in the store's sector vocabulary (see `gsef sector list`)",
        ));
    }
    let mut sectors = SectorMatcher::new(store.vocabulary());
    if let Some(path) = &args.sector_map {
        read_answer_map(path, "sector-id", |answer, sector| {
            if !store.vocabulary().contains(sector) {
                return Err("a sector id from `gsef sector list`".to_string());
            }
            sectors.map_answer(answer, sector);
            Ok(())
        })?;
    }
    let mut statuses = StatusMatcher::default();
    if let Some(path) = &args.status_map {
        read_answer_map(path, "status", |answer, status| {
            let status = AttendanceStatus::ALL
                .into_iter()
                .find(|known| known.as_str() == status)
                .ok_or("attended, registered, no-show or cancelled")?;
            statuses.map_answer(answer, status);
            Ok(())
        })?;
    }
    let mut genders = store.manifest().gender_vocabulary();
    if let Some(path) = &args.gender_map {
        read_vocabulary_map(path, "gender", &mut genders)?;
    }
    let mut consents = store
        .manifest()
        .consent_vocabulary()
        .map_err(Error::Invalid)?;
    if let Some(path) = &args.consent_map {
        read_vocabulary_map(path, "consent", &mut consents)?;
    }

    let mut writer = context.writer(&store)?;
    let participants = writer.load::<Participant>()?;
    let event = match &args.event {
        Some(id) => Some(
            writer
                .find::<Event>(id)?
                .ok_or_else(|| ops::not_found::<Event>(id))?,
        ),
        None => None,
    };
    let event_days = event.as_ref().map(EventDays::of);
    // A sign-in sheet brought back names its people by the codes it printed for them: worked
    // out again for everyone with a record at the event (a cancellation after the sheet was
    // printed included), and only for a file that has the codes' column.
    let make_sheet_codes = || -> Result<SheetCodes> {
        let event = event.as_ref().expect("only offered with --event");
        let at_event: Vec<String> = writer
            .load::<crate::model::Attendance>()?
            .into_iter()
            .filter(|record| record.event == event.id)
            .map(|record| record.participant)
            .collect();
        let events: Vec<Event> = writer.load()?;
        Ok(
            SheetCodes::new(&event.id, at_event.iter().map(String::as_str))
                .with_other_events(events.iter().map(|event| event.id.as_str())),
        )
    };
    let day = match (&args.day, &event, &event_days) {
        (Some(text), Some(event), Some(days)) => {
            Some(parse_day(text, days, args.date_order).map_err(|problem| {
                Error::invalid(
                    "--day",
                    text,
                    format!("{} (event `{}`)", problem.reason(), event.id),
                )
            })?)
        }
        _ => None,
    };
    let min_minutes =
        args.min_minutes
            .or(match event.as_ref().and_then(|event| event.completion) {
                Some(Completion::MinMinutes(minutes)) => Some(minutes),
                _ => None,
            });
    let settings = Settings {
        from: args.from,
        overrides: &args.maps,
        ignored: &args.ignore_column,
        readers: Readers {
            sectors: &sectors,
            vocabulary: store.vocabulary(),
            genders: &genders,
            consents: &consents,
            statuses: &statuses,
            event: event_days.as_ref(),
            date_order: args.date_order,
            sheet_codes: None,
        },
        sector_default: args.sector_default.as_deref(),
        shared_email: args.shared_email,
        exclude: &args.exclude,
        attendance: event_days.as_ref().map(|days| Rules {
            event: days,
            status: args.status,
            role: args.role,
            day,
            min_minutes,
            date_order: args.date_order,
            tally: Tally::Intervals,
        }),
        sheet_codes: event
            .is_some()
            .then_some(&make_sheet_codes as &dyn Fn() -> Result<SheetCodes>),
    };

    let progress = Progress::new(source.display().to_string(), rows.size());
    let plan = import::plan(
        &source,
        rows.as_mut(),
        &settings,
        &participants,
        &mut |done| progress.set(done),
    )?;
    drop(progress);

    if !plan.rejected.is_empty() {
        list_rejected(context, &source, &plan.rejected);
    }
    if !plan.shared_emails.is_empty() {
        for row in &plan.shared_emails {
            context.say(format!(
                "{}:{}: `{}` has the email `{}` of {}, a clearly different name",
                source.display(),
                row.line,
                quote::value(&row.name),
                quote::value(&row.email),
                quote::list(row.others.iter().map(String::as_str))
            ));
        }
        return Err(Error::ImportSharedEmail {
            path: source,
            count: plan.shared_emails.len(),
        });
    }
    if !plan.rejected.is_empty() {
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
    let overwrite = if args.replace {
        Overwrite::Everything
    } else {
        Overwrite::Never
    };
    let changes = match &args.event {
        Some(event) => Some(ops::record_attendance(
            &mut writer,
            event,
            &plan.attendance,
            overwrite,
        )?),
        None => None,
    };
    let summary = summary(&plan, changes.as_ref(), args);
    if context.dry_run {
        describe_plan(context, &plan, &participants, args);
        context.say(format!("dry run, nothing written: {summary}"));
        return Ok(());
    }
    writer.commit()?;
    say_unused(context, &plan, args);
    for note in &plan.notes {
        context.say(note);
    }
    for warning in &plan.warnings {
        context.warn(warning);
    }
    if let Some(path) = &rejects_path
        && !plan.rejected.is_empty()
    {
        context.warn(format!(
            "wrote the {} to {}",
            count_of(plan.rejected.len(), "rejected row", "rejected rows"),
            path.display()
        ));
    }
    context.say(format!("imported {summary}"));
    Ok(())
}

/// `gsef import responses`: the form's rows planned in full against the store's participants,
/// then the event's responses of the instrument written in one transaction, or nothing.
fn responses(context: &mut Context, args: &ImportResponsesArgs) -> Result<()> {
    let from_stdin = args.file.as_os_str() == "-";
    let source = if from_stdin {
        PathBuf::from("<standard input>")
    } else {
        args.file.clone()
    };
    let mut rows = open_rows(
        &args.file,
        &source,
        from_stdin,
        args.sheet.as_deref(),
        args.delimiter,
    )?;
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    let event = writer
        .find::<Event>(&args.event)?
        .ok_or_else(|| ops::not_found::<Event>(&args.event))?;
    let participants = writer.load::<Participant>()?;
    let settings = ResponseSettings {
        event: &event,
        instrument: &args.instrument,
        scale: args.scale,
        max_score: args.max_score,
        columns: &args.maps,
    };
    let plan = plan_responses(&source, rows.as_mut(), &settings, &participants)?;
    if !plan.rejected.is_empty() {
        list_rejected(context, &source, &plan.rejected);
        return Err(Error::ResponsesRejected {
            path: source,
            count: plan.rejected.len(),
        });
    }
    let stored = writer.load::<Response>()?;
    let of_this_instrument =
        |response: &Response| response.event == event.id && response.instrument == args.instrument;
    let replaced = stored
        .iter()
        .filter(|response| of_this_instrument(response))
        .count();
    if replaced > 0 && !args.replace {
        return Err(Error::Invalid(format!(
            "event `{}` already has {} of instrument `{}`; --replace replaces them with the file's",
            event.id,
            count_of(replaced, "response", "responses"),
            args.instrument
        )));
    }
    let mut kept: Vec<Response> = stored
        .into_iter()
        .filter(|response| !of_this_instrument(response))
        .collect();
    kept.extend(
        plan.responses
            .iter()
            .map(|(_, response, _)| response.clone()),
    );
    // The whole collection is written again: responses are few (a form's rows per event), and
    // a rewrite is one atomic rename whether it adds, replaces, or creates the file.
    writer.rewrite(&kept)?;
    let mut summary = format!(
        "{} of instrument `{}` at `{}`",
        count_of(plan.responses.len(), "response", "responses"),
        args.instrument,
        event.id
    );
    if replaced > 0 {
        summary.push_str(&format!(
            ", replacing {}",
            count_of(replaced, "earlier one", "earlier ones")
        ));
    }
    if context.dry_run {
        describe_responses(context, &plan);
        context.say(format!("dry run, nothing written: {summary}"));
        return Ok(());
    }
    writer.commit()?;
    say_unused_columns(context, &plan);
    context.say(format!("imported {summary}"));
    Ok(())
}

fn say_unused_columns(context: &mut Context, plan: &ResponsePlan) {
    let unused = plan.unused_columns();
    if !unused.is_empty() {
        context.say(format!(
            "columns not imported: {}",
            quote::list(
                unused
                    .iter()
                    .map(|header| format!("`{}`", quote::value(header)))
            )
        ));
    }
}

/// What a dry run of a responses import shows: the columns read, and each row's respondent and
/// answers.
fn describe_responses(context: &mut Context, plan: &ResponsePlan) {
    context.say(format!(
        "columns (header on line {}): {}",
        plan.header_line,
        plan.describe_columns().join(", ")
    ));
    say_unused_columns(context, plan);
    for (line, response, found) in &plan.responses {
        let mut answers = Vec::new();
        if let (Some(score), Some(max)) = (response.score, response.max_score) {
            answers.push(format!("score {score} / {max}"));
        }
        for (number, rating) in &response.ratings {
            answers.push(format!("objective {number}: {rating}"));
        }
        if let Some(overall) = response.overall {
            answers.push(format!("overall: {overall}"));
        }
        if response.comment.is_some() {
            answers.push("a comment".to_string());
        }
        let answers = if answers.is_empty() {
            "no answers".to_string()
        } else {
            answers.join(", ")
        };
        context.say(format!("  line {line}: {found}; {answers}"));
    }
}

/// The file's rows: a spreadsheet's, told by its first bytes (a zip archive, or an old
/// binary workbook, which the sheet reader refuses with a word of advice), else a CSV's.
fn open_rows(
    file: &Path,
    source: &Path,
    from_stdin: bool,
    sheet: Option<&str>,
    delimiter: Option<u8>,
) -> Result<Box<dyn RowSource>> {
    let read_problem = |problem| import::read_error(source, problem);
    if from_stdin {
        if sheet.is_some() {
            return Err(Error::Invalid(
                "--sheet reads a spreadsheet file, and standard input is read as CSV".to_string(),
            ));
        }
        let input =
            as_utf8(std::io::stdin().lock()).map_err(|error| Error::io("read", source, error))?;
        let reader = CsvReader::new(input, delimiter).map_err(read_problem)?;
        return Ok(Box::new(reader));
    }
    let read_error = |error| Error::io("read", file, error);
    let mut opened = std::fs::File::open(file).map_err(read_error)?;
    let mut start = [0u8; 4];
    let length = opened.read(&mut start).map_err(read_error)?;
    opened.rewind().map_err(read_error)?;
    let is_workbook = start[..length].starts_with(b"PK\x03\x04")
        || start[..length].starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    if is_workbook {
        let reader = SheetReader::from_reader(opened, sheet).map_err(read_problem)?;
        return Ok(Box::new(reader));
    }
    if sheet.is_some() {
        return Err(Error::Invalid(format!(
            "--sheet reads a spreadsheet, and {} is a text file (CSV)",
            file.display()
        )));
    }
    let size = opened
        .metadata()
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|metadata| metadata.len());
    let input = as_utf8(opened).map_err(read_error)?;
    let reader = CsvReader::new(input, delimiter).map_err(read_problem)?;
    Ok(Box::new(SizedRows { rows: reader, size }))
}

/// A CSV file's rows with the file's length, for the progress bar.
struct SizedRows<R> {
    rows: R,
    size: Option<u64>,
}

impl<R: RowSource> RowSource for SizedRows<R> {
    fn next_row(
        &mut self,
    ) -> std::result::Result<Option<&crate::import::reader::Row>, crate::import::reader::ReadProblem>
    {
        self.rows.next_row()
    }

    fn keep_columns(&mut self, columns: usize) {
        self.rows.keep_columns(columns);
    }

    fn bytes_read(&self) -> u64 {
        self.rows.bytes_read()
    }

    fn size(&self) -> Option<u64> {
        self.size
    }
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

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Reads a map file: `answer,VALUE` rows, an optional `answer,…` header first; `apply` takes
/// each pair, or says what VALUE should have been.
fn read_answer_map(
    path: &Path,
    value_name: &str,
    mut apply: impl FnMut(&str, &str) -> std::result::Result<(), String>,
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|source| Error::io("read", path, source))?;
    let read_error = |problem| import::read_error(path, problem);
    let input = as_utf8(file).map_err(|source| Error::io("read", path, source))?;
    let mut reader = CsvReader::new(input, None).map_err(read_error)?;
    let mut first = true;
    while let Some(row) = reader.next_row().map_err(read_error)? {
        let is_first = std::mem::take(&mut first);
        let line = usize::try_from(row.line).unwrap_or(usize::MAX);
        if row.left_out().is_some() {
            return Err(Error::ImportLine {
                path: path.to_path_buf(),
                line,
                message: format!(
                    "expected `answer,{value_name}`, got a row past the bounds of the import (a field may take {}, a row {})",
                    quote::size(MAX_FIELD_BYTES as u64),
                    quote::size(MAX_ROW_BYTES as u64)
                ),
            });
        }
        let answer = clean_cell(row.cell(0).unwrap_or_default());
        let value = clean_cell(row.cell(1).unwrap_or_default());
        if is_first && answer.eq_ignore_ascii_case("answer") {
            continue;
        }
        if answer.is_empty() && value.is_empty() {
            continue;
        }
        let refused = |wanted: String| Error::ImportLine {
            path: path.to_path_buf(),
            line,
            message: format!(
                "expected `answer,{value_name}` with {wanted}, got `{}`,`{}`",
                quote::value(&answer),
                quote::value(&value)
            ),
        };
        if answer.is_empty() {
            return Err(refused("an answer".to_string()));
        }
        apply(&answer, &value).map_err(refused)?;
    }
    Ok(())
}

/// `--gender-map` / `--consent-map`: answers for the vocabulary's terms.
fn read_vocabulary_map(path: &Path, what: &str, vocabulary: &mut Vocabulary) -> Result<()> {
    read_answer_map(path, what, |answer, id| {
        vocabulary
            .map_answer(answer, id)
            .map_err(|_| format!("a {what} term ({})", vocabulary.ids()))
    })
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

/// The columns the import leaves unread, and the ones it read only for attendance when
/// there is no event to record it at.
fn say_unused(context: &mut Context, plan: &Plan, args: &ImportParticipantsArgs) {
    let unused = plan.columns.unmatched(&plan.headers);
    if !unused.is_empty() {
        context.say(format!(
            "columns not imported: {}",
            quote::list(
                unused
                    .iter()
                    .map(|header| format!("`{}`", quote::value(header)))
            )
        ));
    }
    if args.event.is_none() && plan.columns.says_attendance() {
        context.warn(
            "the file says who attended (a status, days or times), which only an import with --event records",
        );
    }
}

/// What a dry run shows before its summary: the source, the columns, every row's fate.
fn describe_plan(
    context: &mut Context,
    plan: &Plan,
    existing: &[Participant],
    args: &ImportParticipantsArgs,
) {
    if let Some(source) = plan.source {
        context.say(format!(
            "read as {} (header on line {})",
            source.describe(),
            plan.header_line
        ));
    }
    context.say(format!(
        "columns: {}",
        plan.columns.describe(&plan.headers).join(", ")
    ));
    say_unused(context, plan, args);
    let name_of_stored = |id: &str| {
        existing
            .iter()
            .find(|participant| participant.id == id)
            .map_or(String::new(), |participant| participant.name.clone())
    };
    for (line, decision) in &plan.decisions {
        let what = match decision {
            Decision::New(index) => format!(
                "new participant `{}`",
                quote::value(&plan.new_participants[*index].name)
            ),
            Decision::NewSharingEmail(index, sharing) => format!(
                "new participant `{}`, separate from {} who share the email (--shared-email separate)",
                quote::value(&plan.new_participants[*index].name),
                quote::list(sharing.iter().map(String::as_str))
            ),
            Decision::Existing(id, basis) => format!(
                "participant `{id}` (`{}`), by {}",
                quote::value(&name_of_stored(id)),
                basis.describe()
            ),
            Decision::Repeat(first, basis) => {
                format!("the person of line {first}, by {}", basis.describe())
            }
            Decision::Excluded(value) => {
                format!("left out by --exclude `{}`", quote::value(value))
            }
            Decision::WaitingRoom => {
                "left out: time in the waiting room is not attendance".to_string()
            }
            Decision::NoPlace(status) => format!(
                "left out: status `{}` says the person never had a place",
                quote::value(status)
            ),
        };
        context.say(format!("  line {line}: {what}"));
    }
    if args.event.is_some() {
        let ids: std::collections::HashMap<&str, &str> = plan
            .new_participants
            .iter()
            .map(|participant| (participant.id.as_str(), participant.name.as_str()))
            .chain(
                existing
                    .iter()
                    .map(|participant| (participant.id.as_str(), participant.name.as_str())),
            )
            .collect();
        for (id, update) in &plan.attendance {
            let mut what = update.status.as_str().to_string();
            if let Some(days) = update.days.as_ref().filter(|days| !days.is_empty()) {
                let days: Vec<String> = days.iter().map(PartialDate::to_string).collect();
                what.push_str(&format!(" on {}", days.join(", ")));
            }
            if let Some(minutes) = update.minutes {
                what.push_str(&format!(", {minutes} min"));
            }
            context.say(format!(
                "  `{}` ({id}): {what}",
                quote::value(ids.get(id.as_str()).copied().unwrap_or_default())
            ));
        }
    }
    for note in &plan.notes {
        context.say(note);
    }
    for warning in &plan.warnings {
        context.warn(warning);
    }
}

/// "participants: 9 new, 2 matched existing, 1 repeated in the file, 1 skipped as invalid; …"
fn summary(
    plan: &Plan,
    changes: Option<&AttendanceChanges>,
    args: &ImportParticipantsArgs,
) -> String {
    let counts = &plan.counts;
    let mut text = format!(
        "participants: {} new, {} matched existing, {} repeated in the file, {} skipped as invalid",
        plan.new_participants.len(),
        counts.matched_existing,
        counts.repeated_in_file,
        plan.rejected.len(),
    );
    for (count, singular, plural) in [
        (
            counts.excluded,
            "row left out by --exclude",
            "rows left out by --exclude",
        ),
        (
            counts.waiting_room,
            "waiting-room row left out",
            "waiting-room rows left out",
        ),
        (
            counts.no_place,
            "row left out as never having had a place",
            "rows left out as never having had a place",
        ),
    ] {
        if count > 0 {
            text.push_str(&format!(", {}", count_of(count, singular, plural)));
        }
    }
    if let (Some(changes), Some(event)) = (changes, &args.event) {
        let by_status: Vec<String> = AttendanceStatus::ALL
            .into_iter()
            .filter_map(|status| {
                let count = plan
                    .attendance
                    .iter()
                    .filter(|(_, update)| update.status == status)
                    .count();
                (count > 0).then(|| format!("{count} {}", status.as_str()))
            })
            .collect();
        text.push_str(&format!(
            "; attendance at `{event}` ({}): {} new, {} updated, {} already recorded",
            if by_status.is_empty() {
                "nobody".to_string()
            } else {
                by_status.join(", ")
            },
            changes.new,
            changes.updated,
            changes.unchanged
        ));
        if changes.kept > 0 {
            text.push_str(&format!(
                ", {} where the file says less than recorded kept as recorded (--replace lowers them)",
                changes.kept
            ));
        }
    }
    text
}
