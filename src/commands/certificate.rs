//! `gsef certificate`: certificates of attendance or completion, recorded in the store's
//! register so that a re-issue gives the same code, and `gsef certificate verify CODE`.

use std::collections::HashMap;
use std::fs::DirBuilder;
use std::os::unix::fs::DirBuilderExt;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use clap_complete::engine::ArgValueCandidates;

use super::args::parse_id;
use super::shell::{event_candidates, participant_candidates};
use super::{Context, count_of};
use crate::error::{Error, Result};
use crate::language::Language;
use crate::model::certificate::normalize_code;
use crate::model::day_count::now_rfc3339_utc;
use crate::model::{
    Attendance, Certificate, CertificateBasis, Event, PartialDate, Participant, Series,
};
use crate::output::certificate::{CertificatePage, document};
use crate::report::certificates::{Achievement, assess, completion_rule};
use crate::store::ops::{self, not_found};
use crate::store::output_file::Audience;

pub const EXAMPLES: &str = "\
Examples:
  gsef certificate 2019-11-mexico --output certificates.html     everyone who attended
  gsef certificate 2019-11-mexico mx-001 mx-002 --output-dir certificates
  gsef certificate 2019-11-mexico --completed --objectives --output-dir certificates
  gsef certificate 2019-11-mexico mx-001 > mx-001.html
  gsef --lang es certificate 2019-11-mexico --output constancias.html
  gsef certificate verify 7KQ2-M4XD-0F9B-TR3C
  chromium --headless --no-pdf-header-footer --print-to-pdf=out.pdf certificates.html

--attended (the default) certifies that the person attended (status attended); --completed
that they completed the event by its completion rule (days or minutes, as `report trained`
applies it), which the event or its series must state. Without PERSON ids, everyone at the
event who qualifies is certified; a named person who does not qualify is refused, and then
nothing is written.

Each page is in the person's language: --lang when given; otherwise their country's, when it
is Spanish (Mexico, Spain and the other Spanish-speaking countries), French (France, Senegal
and the other French-speaking ones), Korean (Korea) or English (the United States, the United
Kingdom, Ireland, Australia, New Zealand); otherwise GSEF_LANG, the locale, or English.

Every certificate issued is recorded in the store (certificates.jsonl): issuing again gives
the same code, and `participant forget` revokes a person's certificates. With --output-dir,
each is written to DIR/CODE.html and standard output lists `CODE PARTICIPANT_ID`, a line per
certificate, for a script that mails them (so does --output FILE).

Exit codes: 0 issued; 1 a person refused, or another user or data error (nothing is written);
2 a usage error.";

const VERIFY_EXAMPLES: &str = "\
Examples:
  gsef certificate verify 7KQ2-M4XD-0F9B-TR3C
  gsef certificate verify 7kq2m4xd0f9btr3c          case and dashes do not matter

Exit codes: 0 the certificate is valid; 1 no certificate has this code, or it was revoked (or
another error); 2 a usage error.";

/// Issue certificates of an event, or verify one (`gsef certificate verify CODE`).
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct CertificateArgs {
    #[command(subcommand)]
    pub command: Option<CertificateCommand>,
    #[command(flatten)]
    pub issue: IssueArgs,
}

#[derive(Debug, Subcommand)]
pub enum CertificateCommand {
    /// Say whose certificate a code is, for what and when it was issued; exit 1 when no
    /// certificate has the code or it was revoked.
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The code printed on the certificate, such as 7KQ2-M4XD-0F9B-TR3C.
    pub code: String,
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(required = true, add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub event: Option<String>,
    /// The people to certify, by participant id; without any, everyone who qualifies.
    #[arg(value_name = "PERSON", add = ArgValueCandidates::new(participant_candidates), value_parser = parse_id)]
    pub people: Vec<String>,
    /// Certify completion by the event's completion rule (days or minutes).
    #[arg(long, conflicts_with = "attended")]
    pub completed: bool,
    /// Certify attendance (status attended); the default.
    #[arg(long)]
    pub attended: bool,
    /// List the event's objectives on each certificate.
    #[arg(long)]
    pub objectives: bool,
    /// Write one file per person into DIR (created if missing), named CODE.html, and list
    /// `CODE PARTICIPANT_ID` on standard output.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub output_dir: Option<PathBuf>,
    /// Write every certificate, a page each, into FILE (atomically, readable by you only).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(context: &mut Context, args: CertificateArgs) -> Result<()> {
    match args.command {
        Some(CertificateCommand::Verify(verify_args)) => verify(context, &verify_args),
        None => issue(context, args.issue),
    }
}

/// A person to certify, with what they will be certified for.
struct Qualified<'a> {
    participant: &'a Participant,
    achievement: Achievement,
}

fn issue(context: &mut Context, args: IssueArgs) -> Result<()> {
    let event_id = args
        .event
        .expect("clap requires EVENT without a subcommand");
    let basis = if args.completed {
        CertificateBasis::Completed
    } else {
        CertificateBasis::Attended
    };
    if args.output.is_none() && args.output_dir.is_none() && context.out_is_terminal {
        return Err(Error::Invalid(
            "certificates are HTML pages, not for the terminal: pass --output FILE (all in one file) or --output-dir DIR (a file each), or redirect standard output to a file".to_string(),
        ));
    }
    let mut people: Vec<String> = Vec::new();
    for id in args.people {
        if !people.contains(&id) {
            people.push(id);
        }
    }
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    let event = writer
        .find::<Event>(&event_id)?
        .ok_or_else(|| not_found::<Event>(&event_id))?;
    let series = writer.load::<Series>()?;
    let participants = writer.load::<Participant>()?;
    let attendance = writer.load::<Attendance>()?;
    let register = writer.load::<Certificate>()?;
    let at_event: Vec<&Attendance> = attendance
        .iter()
        .filter(|record| record.event == event.id)
        .collect();
    let rule = match basis {
        CertificateBasis::Completed => Some(completion_rule(&event, &series, &at_event)?),
        CertificateBasis::Attended => None,
    };
    let participants_by_id: HashMap<&str, &Participant> = participants
        .iter()
        .map(|participant| (participant.id.as_str(), participant))
        .collect();
    let record_of: HashMap<&str, &Attendance> = at_event
        .iter()
        .map(|record| (record.participant.as_str(), *record))
        .collect();

    let mut qualified: Vec<Qualified> = Vec::new();
    if people.is_empty() {
        let mut passed_over = 0;
        for participant in &participants {
            let Some(record) = record_of.get(participant.id.as_str()) else {
                continue;
            };
            match assess(participant, Some(record), basis, rule, &register) {
                Ok(achievement) => qualified.push(Qualified {
                    participant,
                    achievement,
                }),
                Err(_) => passed_over += 1,
            }
        }
        if qualified.is_empty() {
            return Err(Error::Invalid(format!(
                "nobody recorded at event `{}` qualifies for a certificate ({}); nothing was written",
                event.id,
                basis.as_str()
            )));
        }
        if passed_over > 0 {
            context.say(format!(
                "not certified: {} recorded at `{}` who did not qualify ({}; name one to see why)",
                count_of(passed_over, "person", "people"),
                event.id,
                basis.as_str()
            ));
        }
    } else {
        let mut refusals = Vec::new();
        for id in &people {
            let participant = participants_by_id
                .get(id.as_str())
                .ok_or_else(|| not_found::<Participant>(id))?;
            let record = record_of.get(id.as_str()).copied();
            match assess(participant, record, basis, rule, &register) {
                Ok(achievement) => qualified.push(Qualified {
                    participant,
                    achievement,
                }),
                Err(refusal) => refusals.push(format!("`{id}` {refusal}")),
            }
        }
        if !refusals.is_empty() {
            return Err(Error::Invalid(format!(
                "cannot certify that they {} event `{}`: {}; nothing was written",
                basis.as_str(),
                event.id,
                refusals.join("; ")
            )));
        }
    }

    let ids: Vec<String> = qualified
        .iter()
        .map(|person| person.participant.id.clone())
        .collect();
    let issued = ops::issue_certificates(&mut writer, &event.id, basis, &ids, &now_rfc3339_utc())?;
    let new = issued.iter().filter(|issued| issued.new).count();
    let dry_run = writer.is_dry_run();
    let again = issued.len() - new;
    let mut message = format!(
        "issued {} of `{}` ({}): {new} new",
        count_of(issued.len(), "certificate", "certificates"),
        event.id,
        basis.as_str()
    );
    if again > 0 {
        message.push_str(&format!(", {again} issued before, under the same code"));
    }
    context.commit(writer, message)?;
    if dry_run {
        // The codes of new certificates are drawn when they are issued; none is shown here.
        return Ok(());
    }

    let pages: Vec<CertificatePage> = qualified
        .iter()
        .zip(&issued)
        .map(|(person, issued)| CertificatePage {
            language: language_for(context, person.participant),
            name: &person.participant.name,
            event: &event,
            basis,
            achievement: person.achievement,
            objectives: args.objectives,
            code: &issued.certificate.code,
            issued: issue_day(&issued.certificate.issued),
            illustrative: person.participant.illustrative,
        })
        .collect();
    match (&args.output_dir, &args.output) {
        (Some(folder), _) => {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(folder)
                .map_err(|source| Error::io("create the folder", folder, source))?;
            for page in &pages {
                let path = folder.join(format!("{}.html", page.code));
                crate::store::output_file::write(
                    &path,
                    document(std::slice::from_ref(page)).as_bytes(),
                    &context.records,
                    Audience::Personal,
                )?;
            }
            for (person, issued) in qualified.iter().zip(&issued) {
                writeln!(
                    context.out,
                    "{} {}",
                    issued.certificate.code, person.participant.id
                )
                .map_err(crate::output::output_error)?;
            }
            context.say(format!(
                "wrote {} to {}",
                count_of(pages.len(), "certificate", "certificates"),
                folder.display()
            ));
            Ok(())
        }
        (None, Some(path)) => {
            context.write_output_file(
                path,
                document(&pages).as_bytes(),
                &count_of(pages.len(), "certificate", "certificates"),
                Audience::Personal,
            )?;
            for (person, issued) in qualified.iter().zip(&issued) {
                writeln!(
                    context.out,
                    "{} {}",
                    issued.certificate.code, person.participant.id
                )
                .map_err(crate::output::output_error)?;
            }
            Ok(())
        }
        (None, None) => context.write_data(false, |out, _| {
            out.write_all(document(&pages).as_bytes())
                .map_err(crate::output::output_error)
        }),
    }
}

/// The language of a person's certificate: `--lang` when given, else their country's (see
/// [`Language::of_country`]), else the run's (GSEF_LANG, the locale, English).
fn language_for(context: &Context, participant: &Participant) -> Language {
    if context.language_given {
        return context.language;
    }
    participant
        .country
        .as_deref()
        .and_then(Language::of_country)
        .unwrap_or(context.language)
}

/// The day of a time of issue as the register writes it (`2026-12-01T17:05:00Z`, `2026-12-01`).
fn issue_day(issued: &str) -> Option<PartialDate> {
    issued.get(..10)?.parse().ok()
}

fn verify(context: &mut Context, args: &VerifyArgs) -> Result<()> {
    let Some(code) = normalize_code(&args.code) else {
        return Err(Error::Invalid(format!(
            "no certificate with code `{}`: a code is 16 letters and digits, such as 7KQ2-M4XD-0F9B-TR3C",
            crate::quote::value(&args.code)
        )));
    };
    let store = context.open_store()?;
    let reader = store.reader()?;
    let register = reader.load::<Certificate>()?;
    let Some(certificate) = register.into_iter().find(|entry| entry.code == code) else {
        return Err(Error::Invalid(format!("no certificate with code {code}")));
    };
    if let Some(revoked) = certificate.revoked {
        return Err(Error::Invalid(format!(
            "certificate {code} was revoked on {revoked}; it certifies nothing"
        )));
    }
    let participants = reader.load::<Participant>()?;
    let events = reader.load::<Event>()?;
    let person = participants
        .iter()
        .find(|participant| participant.id == certificate.participant);
    let event = events.iter().find(|event| event.id == certificate.event);
    let name = person.map_or("(no longer in the records)", |person| person.name.as_str());
    let title = event.map_or("(no longer in the records)", |event| event.title.as_str());
    let lines = [
        format!("certificate {code} is valid"),
        format!("  person: {name} ({})", certificate.participant),
        format!("  event:  {title} ({})", certificate.event),
        format!("  basis:  {}", certificate.basis.as_str()),
        format!("  issued: {}", certificate.issued),
    ];
    context.write_data(false, |out, _| {
        for line in &lines {
            writeln!(out, "{line}").map_err(crate::output::output_error)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::commands::{Cli, Command};

    /// HTML on a terminal is unreadable: refused with a hint before the store is opened (the
    /// store named does not exist).
    #[test]
    fn refuses_to_write_pages_to_a_terminal() {
        let cli = Cli::parse_from(["gsef", "--records", "/nonexistent", "certificate", "e"]);
        let Command::Certificate(args) = cli.command else {
            panic!("parsed as a certificate command");
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut context = Context {
            records: cli.records,
            lock_timeout: std::time::Duration::from_secs(1),
            dry_run: false,
            out: &mut out,
            out_is_terminal: true,
            err: &mut err,
            language: Language::En,
            language_given: false,
        };
        let message = run(&mut context, args).unwrap_err().to_string();
        assert!(
            message.contains("not for the terminal: pass --output FILE"),
            "{message}"
        );
        assert!(out.is_empty());
    }

    #[test]
    fn a_persons_language_is_their_countrys_unless_lang_was_given() {
        let person = |country: Option<&str>| -> Participant {
            serde_json::from_value(
                serde_json::json!({"id": "p", "name": "P", "sector": "other",
                "country": country}),
            )
            .unwrap()
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut context = Context {
            records: PathBuf::from("records"),
            lock_timeout: std::time::Duration::from_secs(1),
            dry_run: false,
            out: &mut out,
            out_is_terminal: false,
            err: &mut err,
            language: Language::Fr,
            language_given: false,
        };
        assert_eq!(language_for(&context, &person(Some("MX"))), Language::Es);
        assert_eq!(language_for(&context, &person(Some("KR"))), Language::Ko);
        assert_eq!(language_for(&context, &person(Some("SN"))), Language::Fr);
        assert_eq!(language_for(&context, &person(Some("US"))), Language::En);
        assert_eq!(language_for(&context, &person(Some("CA"))), Language::Fr);
        assert_eq!(language_for(&context, &person(None)), Language::Fr);
        context.language_given = true;
        assert_eq!(language_for(&context, &person(Some("MX"))), Language::Fr);
    }
}
