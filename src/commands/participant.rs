//! `gsef participant`: add, list, show, edit, remove and merge people, and find likely duplicates.

use clap::{Args, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCandidates;

use super::args::{
    parse_birth_year, parse_country, parse_given_text, parse_id, parse_text, written,
    written_if_given,
};
use super::shell::{event_candidates, participant_candidates};
use super::{Context, count_of};
use crate::error::{Error, Result};
use crate::import::duplicates::{DuplicatePair, likely_duplicates};
use crate::model::consent::participant_may_be_listed;
use crate::model::day_count::{now_rfc3339_utc, today_utc};
use crate::model::sector::matches_filter;
use crate::model::text;
use crate::model::{Attendance, Consent, Participant};
use crate::output::{Detail, Format, RecordView, output_error};
use crate::store::Store;
use crate::store::ops::{self, position_of};

const ADD_EXAMPLES: &str = "\
Examples:
  gsef participant add --name 'Ana Ruiz' --sector government/municipal --country MX --region Jalisco
  id=$(gsef participant add --name 'Luc Tremblay' --sector sse/network --country CA --region Québec)
  gsef attend 2019-11-mexico \"$id\"

The new participant's id is printed alone on stdout. See `gsef sector list` for sector ids.";

#[derive(Debug, Subcommand)]
pub enum ParticipantCommand {
    /// Add a person; prints the new id alone on stdout.
    #[command(after_help = ADD_EXAMPLES)]
    Add(ParticipantAddArgs),
    /// List people, by name: those who consented to be listed (consent `list`) and made-up
    /// illustrative records, or everyone with --all; stderr says how many were withheld.
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  gsef participant list --event 2019-11-mexico --sector government\n  gsef participant list --country CA --format csv > guests.csv\n  gsef participant list --all --event 2019-11-mexico\n  gsef participant list --event 2019-11-mexico --format xlsx --output participants.xlsx"
    )]
    List(ParticipantListArgs),
    /// Show one person.
    #[command(
        after_help = "Examples:\n  gsef participant show mx-001\n  gsef participant show mx-001 --format json"
    )]
    Show(ParticipantShowArgs),
    /// Change fields of a person; fields not given stay as they are.
    #[command(
        after_help = "Examples:\n  gsef participant edit p-7kq3xm --region Oaxaca\n  gsef participant edit p-7kq3xm --unset email"
    )]
    Edit(ParticipantEditArgs),
    /// Remove a person; refused while attendance is recorded for them, unless --force.
    #[command(
        visible_alias = "rm",
        after_help = "Examples:\n  gsef participant remove mx-111\n  gsef --dry-run participant remove mx-001 --force   see what would go"
    )]
    Remove(ParticipantRemoveArgs),
    /// Fold two records of one person into one: DROP's attendance moves to KEEP, and DROP goes.
    ///
    /// KEEP's fields win; fields KEEP lacks are taken from DROP. Where both have attendance at
    /// the same event, the records become one: the status saying more participation wins
    /// (attended, then no-show, registered, cancelled), KEEP's role unless it has none, and
    /// the days of both.
    ///
    /// KEEP records the merge in its `merged` list (DROP's id and name, the time, the fields
    /// taken, the attendance moved and folded), shown by `participant show KEEP --format json`.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(ParticipantMergeArgs),
    /// Remove a person's personal fields (name, email, organization, gender, birth year) for
    /// good, keeping their sector, country, region and attendance, so every count stays right.
    ///
    /// The record stays under its id as "Forgotten participant", marked `forgotten` with
    /// consent `none`. Use this when someone asks to be erased; `remove --force` would also
    /// take their attendance out of the totals.
    ///
    /// Their certificates are revoked (kept in the register, dated): `gsef certificate verify`
    /// then says a code was revoked, and no longer whose it was.
    #[command(after_help = FORGET_EXAMPLES)]
    Forget(ParticipantForgetArgs),
    /// List pairs of participants that are likely one person: the same email (ignoring case)
    /// or the same name (ignoring case and accents), with every reason they look alike,
    /// including a shared organization.
    ///
    /// A person who did not consent to be listed (consent `aggregate`, `none` or not recorded)
    /// is shown by id with the name withheld, and what a pair with them shares is named without
    /// its value, unless --all; stderr says how many names were withheld.
    #[command(
        after_help = "Examples:\n  gsef participant duplicates\n  gsef participant duplicates --format csv > to-review.csv\n  gsef participant duplicates --all\n\nFold a pair into one with `gsef participant merge KEEP DROP`."
    )]
    Duplicates(ParticipantDuplicatesArgs),
}

const FORGET_EXAMPLES: &str = "\
Examples:
  gsef participant forget mx-042
  gsef --dry-run participant forget mx-042      show what would be removed
  gsef report trained --by sector               the counts are the same afterwards";

#[derive(Debug, Args)]
pub struct ParticipantForgetArgs {
    /// The id of the person to forget.
    #[arg(add = ArgValueCandidates::new(participant_candidates), value_parser = parse_id)]
    pub id: String,
}

const MERGE_EXAMPLES: &str = "\
Examples:
  gsef participant duplicates
  gsef participant merge mx-001 mx-104
  gsef participant merge mx-007 p-7kq3xm";

#[derive(Debug, Args)]
pub struct ParticipantMergeArgs {
    /// The participant to keep.
    #[arg(value_parser = parse_id)]
    pub keep: String,
    /// The participant to fold into KEEP and remove.
    #[arg(value_parser = parse_id)]
    pub drop: String,
}

#[derive(Debug, Args)]
pub struct ParticipantDuplicatesArgs {
    /// Also name people who did not consent to be listed (consent `aggregate`, `none` or not
    /// recorded), whose names are otherwise withheld.
    #[arg(long)]
    pub all: bool,
    /// How to write it: a table for people; csv, json or jsonl for scripts.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ParticipantAddArgs {
    /// The person's full name, as they write it (accents welcome).
    #[arg(long, value_parser = parse_given_text)]
    pub name: String,
    /// A sector id of the store's vocabulary (see `gsef sector list`); without it the sector
    /// is "not recorded", as reports show it.
    #[arg(long, value_parser = parse_given_text)]
    pub sector: Option<String>,
    /// The id to use; one like `p-7kq3xm` is generated when not given.
    #[arg(long, value_parser = parse_id)]
    pub id: Option<String>,
    #[command(flatten)]
    pub fields: ParticipantFields,
    /// Mark the person as made up (demonstration or training data), never a real participant.
    #[arg(long)]
    pub illustrative: bool,
}

#[derive(Debug, Args)]
pub struct ParticipantFields {
    /// The organisation the person came from.
    #[arg(long, value_parser = parse_given_text)]
    pub organization: Option<String>,
    /// ISO 3166-1 alpha-2 code, such as MX, CA or ES.
    #[arg(long, value_parser = parse_country)]
    pub country: Option<String>,
    /// A state, province or region within the country, such as Jalisco or Québec.
    #[arg(long, value_parser = parse_given_text)]
    pub region: Option<String>,
    /// An email address, such as name@example.org.
    #[arg(long, value_parser = parse_given_text)]
    pub email: Option<String>,
    /// Gender as the person stated it, read through the store's vocabulary: woman, man,
    /// non-binary, undisclosed, or an answer meaning one (Mujer, Female, F, Femme, 여성, …).
    #[arg(long, value_parser = parse_given_text)]
    pub gender: Option<String>,
    /// The year the person was born, such as 1990, for age bands. Only the year is kept:
    /// ask for no more of a date of birth than that.
    #[arg(long, value_name = "YYYY", value_parser = parse_birth_year)]
    pub birth_year: Option<u16>,
    /// What the person agreed to: `list` (may be listed by name), `aggregate` (only counted),
    /// `none`. Without it, consent is "not recorded" and lists leave the person out.
    #[arg(long, value_enum)]
    pub consent: Option<Consent>,
}

#[derive(Debug, Args)]
pub struct ParticipantListArgs {
    /// Only this sector, or everything below it (`government` includes `government/state`).
    #[arg(long, value_parser = parse_text)]
    pub sector: Option<String>,
    /// Only people from this country (ISO 3166-1 alpha-2, such as MX).
    #[arg(long, value_parser = parse_country)]
    pub country: Option<String>,
    /// Only this region (exact, ignoring case and, as reports do, the form of accents and
    /// invisible characters).
    #[arg(long, value_parser = parse_text)]
    pub region: Option<String>,
    /// Only people with attendance recorded for this event, whatever its status.
    #[arg(long, add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub event: Option<String>,
    /// Also list people who did not consent to be listed (consent `aggregate`, `none` or not
    /// recorded), who are otherwise left out.
    #[arg(long)]
    pub all: bool,
    /// How to write it: a table for people; csv, json or jsonl for scripts; xlsx for Excel
    /// (with --output).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE (atomically: all of it or nothing, readable by you only) instead of
    /// standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ParticipantShowArgs {
    /// The participant's id, such as mx-001.
    #[arg(add = ArgValueCandidates::new(participant_candidates), value_parser = parse_id)]
    pub id: String,
    /// How to write it: a table for people; csv, json or jsonl for scripts.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ParticipantEditArgs {
    /// The participant's id, such as mx-001.
    #[arg(add = ArgValueCandidates::new(participant_candidates), value_parser = parse_id)]
    pub id: String,
    /// The person's full name, as they write it (accents welcome).
    #[arg(long, value_parser = parse_given_text)]
    pub name: Option<String>,
    /// A sector id of the store's vocabulary (see `gsef sector list`).
    #[arg(long, value_parser = parse_given_text)]
    pub sector: Option<String>,
    #[command(flatten)]
    pub fields: ParticipantFields,
    /// Clear an optional field (repeat for several).
    #[arg(long, value_enum, value_name = "FIELD")]
    pub unset: Vec<ParticipantField>,
}

impl ParticipantFields {
    /// The free text given, as it is written (see [`written`]).
    fn written(self) -> Result<Self> {
        Ok(ParticipantFields {
            organization: written_if_given(
                "--organization",
                &text::ORGANIZATION,
                self.organization,
            )?,
            region: written_if_given("--region", &text::REGION, self.region)?,
            email: written_if_given("--email", &text::EMAIL, self.email)?,
            gender: written_if_given("--gender", &text::ANSWER, self.gender)?,
            ..self
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParticipantField {
    Sector,
    Organization,
    Country,
    Region,
    Email,
    Gender,
    BirthYear,
    Consent,
}

#[derive(Debug, Args)]
pub struct ParticipantRemoveArgs {
    /// The participant's id, such as mx-001.
    #[arg(add = ArgValueCandidates::new(participant_candidates), value_parser = parse_id)]
    pub id: String,
    /// Also remove the person's attendance records.
    #[arg(long)]
    pub force: bool,
}

pub fn run(context: &mut Context, command: ParticipantCommand) -> Result<()> {
    match command {
        ParticipantCommand::Add(args) => add(context, args),
        ParticipantCommand::List(args) => list(context, &args),
        ParticipantCommand::Show(args) => show(context, &args),
        ParticipantCommand::Edit(args) => edit(context, args),
        ParticipantCommand::Remove(args) => remove(context, &args),
        ParticipantCommand::Merge(args) => merge(context, &args),
        ParticipantCommand::Duplicates(args) => duplicates(context, &args),
        ParticipantCommand::Forget(args) => forget(context, &args),
    }
}

/// The gender term an answer names, as the record keeps it; refused with the terms known.
fn gender_term(store: &Store, answer: Option<String>) -> Result<Option<String>> {
    let Some(answer) = answer else {
        return Ok(None);
    };
    let genders = store.manifest().gender_vocabulary();
    match genders.read(&answer) {
        Some(term) => Ok(Some(term.id.clone())),
        None => Err(Error::invalid(
            "gender",
            &answer,
            format!(
                "not a gender this store knows; it takes {}, and a store adds its own under `genders` in gsef.json",
                genders.known()
            ),
        )),
    }
}

fn add(context: &mut Context, args: ParticipantAddArgs) -> Result<()> {
    let name = written("--name", &text::NAME, args.name)?;
    let sector = written_if_given("--sector", &text::ANSWER, args.sector)?;
    let mut fields = args.fields.written()?;
    let store = context.open_store()?;
    fields.gender = gender_term(&store, fields.gender)?;
    let mut participant = Participant {
        id: args.id.clone().unwrap_or_default(),
        name,
        organization: fields.organization,
        sector,
        country: fields.country,
        region: fields.region,
        email: fields.email,
        gender: fields.gender,
        birth_year: fields.birth_year,
        illustrative: args.illustrative,
        consent: fields.consent,
        forgotten: false,
        merged: Vec::new(),
        extra: Default::default(),
    };
    let mut writer = context.writer(&store)?;
    if args.id.is_none() {
        participant.id = ops::fresh_participant_id(&writer)?;
    }
    ops::insert(&mut writer, &participant)?;
    let message = format!(
        "added participant `{}` ({})",
        participant.id, participant.name
    );
    context.commit(writer, message)?;
    writeln!(context.out, "{}", participant.id).map_err(output_error)
}

fn list(context: &mut Context, args: &ParticipantListArgs) -> Result<()> {
    crate::output::check_list_destination(args.format, args.output.as_deref())?;
    let store = context.open_store()?;
    let reader = store.reader()?;
    let mut participants = reader.load::<Participant>()?;
    if let Some(sector) = &args.sector
        && !store.vocabulary().contains(sector)
    {
        return Err(Error::invalid(
            "sector",
            sector,
            "not in the store's sector vocabulary (see `gsef sector list`)",
        ));
    }
    let attending: Option<Vec<String>> = match &args.event {
        Some(event) => Some(
            reader
                .load::<Attendance>()?
                .into_iter()
                .filter(|record| &record.event == event)
                .map(|record| record.participant)
                .collect(),
        ),
        None => None,
    };
    participants.retain(|participant| {
        args.sector.as_ref().is_none_or(|sector| {
            participant
                .sector
                .as_deref()
                .is_some_and(|own| matches_filter(own, sector))
        }) && args
            .country
            .as_ref()
            .is_none_or(|country| participant.country.as_ref() == Some(country))
            && args.region.as_ref().is_none_or(|region| {
                participant
                    .region
                    .as_ref()
                    // As reports group regions: by their normal form, ignoring case.
                    .is_some_and(|own| {
                        text::grouping_key(own).to_lowercase()
                            == text::grouping_key(region).to_lowercase()
                    })
            })
            && attending
                .as_ref()
                .is_none_or(|ids| ids.contains(&participant.id))
    });
    participants.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });
    if !args.all {
        withhold_unconsented(context, &mut participants);
    }
    context.write_list_to(
        args.format,
        &participants,
        args.output.as_deref(),
        "the participant list",
    )
}

/// Leaves out the people who did not consent to be listed, and says how many on stderr.
pub fn withhold_unconsented(context: &mut Context, participants: &mut Vec<Participant>) {
    let before = participants.len();
    participants.retain(participant_may_be_listed);
    let withheld = before - participants.len();
    if withheld > 0 {
        context.say(format!(
            "withheld {} who did not consent to be listed (consent aggregate, none or not recorded); --all lists everyone",
            count_of(withheld, "participant", "participants")
        ));
    }
}

fn forget(context: &mut Context, args: &ParticipantForgetArgs) -> Result<()> {
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    let forgotten = ops::forget_participant(&mut writer, &args.id, today_utc())?;
    if forgotten.removed.is_empty() && forgotten.revoked_certificates == 0 {
        context.say(format!(
            "participant `{}` is already forgotten; nothing to remove",
            args.id
        ));
        return Ok(());
    }
    let mut message = if forgotten.removed.is_empty() {
        format!("participant `{}` was already forgotten", args.id)
    } else {
        format!(
            "forgot participant `{}`: removed {}; kept sector, country, region and {}",
            args.id,
            forgotten.removed.join(", "),
            count_of(
                forgotten.kept_attendance,
                "attendance record",
                "attendance records"
            )
        )
    };
    if forgotten.revoked_certificates > 0 {
        message.push_str(&format!(
            "; revoked {} (verifying one now says it was revoked)",
            count_of(
                forgotten.revoked_certificates,
                "certificate",
                "certificates"
            )
        ));
    }
    context.commit(writer, message)
}

fn show(context: &mut Context, args: &ParticipantShowArgs) -> Result<()> {
    let store = context.open_store()?;
    let participants = store.reader()?.load::<Participant>()?;
    let participant = &participants[position_of(&participants, &args.id)?];
    context.write_one(args.format, participant)
}

fn edit(context: &mut Context, args: ParticipantEditArgs) -> Result<()> {
    let name = written_if_given("--name", &text::NAME, args.name)?;
    let sector = written_if_given("--sector", &text::ANSWER, args.sector)?;
    let mut fields = args.fields.written()?;
    let store = context.open_store()?;
    fields.gender = gender_term(&store, fields.gender)?;
    let mut writer = context.writer(&store)?;
    ops::update(&mut writer, &args.id, |participant: &mut Participant| {
        if let Some(name) = name {
            participant.name = name;
        }
        if let Some(sector) = sector {
            participant.sector = Some(sector);
        }
        for (field, value) in [
            (&mut participant.organization, fields.organization),
            (&mut participant.country, fields.country),
            (&mut participant.region, fields.region),
            (&mut participant.email, fields.email),
            (&mut participant.gender, fields.gender),
        ] {
            if value.is_some() {
                *field = value;
            }
        }
        if fields.birth_year.is_some() {
            participant.birth_year = fields.birth_year;
        }
        if fields.consent.is_some() {
            participant.consent = fields.consent;
        }
        for field in args.unset {
            match field {
                ParticipantField::Sector => participant.sector = None,
                ParticipantField::Organization => participant.organization = None,
                ParticipantField::Country => participant.country = None,
                ParticipantField::Region => participant.region = None,
                ParticipantField::Email => participant.email = None,
                ParticipantField::Gender => participant.gender = None,
                ParticipantField::BirthYear => participant.birth_year = None,
                ParticipantField::Consent => participant.consent = None,
            }
        }
        Ok(())
    })?;
    context.commit(writer, format!("updated participant `{}`", args.id))
}

fn remove(context: &mut Context, args: &ParticipantRemoveArgs) -> Result<()> {
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    let removed = ops::remove_participant(&mut writer, &args.id, args.force)?;
    context.commit(
        writer,
        format!("removed participant `{}`{removed}", args.id),
    )
}

fn merge(context: &mut Context, args: &ParticipantMergeArgs) -> Result<()> {
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    let outcome = ops::merge(&mut writer, &args.keep, &args.drop, now_rfc3339_utc())?;
    let mut message = format!(
        "merged participant `{}` into `{}`: moved {}",
        args.drop,
        args.keep,
        count_of(outcome.moved, "attendance record", "attendance records")
    );
    if !outcome.folded_events.is_empty() {
        message.push_str(&format!(
            ", folded the records of both at {}",
            outcome
                .folded_events
                .iter()
                .map(|event| format!("`{event}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !outcome.filled.is_empty() {
        message.push_str(&format!(", took {}", outcome.filled.join(", ")));
    }
    message.push_str(&format!(
        "; recorded in `{}`'s merge history (`gsef participant show {} --format json`)",
        args.keep, args.keep
    ));
    context.commit(writer, message)
}

fn duplicates(context: &mut Context, args: &ParticipantDuplicatesArgs) -> Result<()> {
    let store = context.open_store()?;
    let participants = store.reader()?.load::<Participant>()?;
    let mut withheld_ids = std::collections::BTreeSet::new();
    let pairs = likely_duplicates(&participants, |participant| {
        if args.all || participant_may_be_listed(participant) {
            return None;
        }
        withheld_ids.insert(participant.id.clone());
        let consent = participant.consent.map_or("not recorded", Consent::as_str);
        Some(format!("(name withheld: consent {consent})"))
    });
    if !withheld_ids.is_empty() {
        context.say(format!(
            "withheld the names of {} who did not consent to be listed (consent aggregate, none or not recorded); --all names everyone",
            count_of(withheld_ids.len(), "participant", "participants")
        ));
    }
    context.write_list(args.format, &pairs)
}

impl RecordView for DuplicatePair {
    fn summary_headers() -> Vec<&'static str> {
        vec!["ID", "Name", "Likely the same as", "Name", "Why"]
    }

    fn summary_row(&self) -> Vec<String> {
        self.field_values()
    }

    fn field_names() -> Vec<&'static str> {
        vec!["first", "first_name", "second", "second_name", "reason"]
    }

    fn field_values(&self) -> Vec<String> {
        vec![
            self.first.clone(),
            self.first_name.clone(),
            self.second.clone(),
            self.second_name.clone(),
            self.reason.clone(),
        ]
    }

    fn details(&self) -> Vec<Detail> {
        Self::field_names()
            .into_iter()
            .zip(self.field_values())
            .map(|(field, value)| Detail::new(field, value))
            .collect()
    }
}
