//! `--format iati`: indicator results as an IATI 2.03 activity file, for donors whose systems
//! read the International Aid Transparency Initiative's standard.
//!
//! One `iati-activities` document holds one `iati-activity` and, in it, one `result` per
//! indicator. Elements come in the order of the schema's sequences, which is part of what it
//! checks; the tests validate the output against the published 2.03 schema
//! (`tests/iati/schema/`), so an element out of place fails them.
//!
//! Nothing is made up to fill a field. What IATI has no place for is left out and said so in
//! words where a reader of the file will see them:
//! - a period with no first and last day (the events no period places): IATI's `period` must
//!   have both, so it is left out and the indicator's description says what it held;
//! - a count hidden by `--min-count`: `actual` is written without a `value`, which the schema
//!   allows, with a `comment` saying it is withheld;
//! - a target never set: no `target` element;
//! - the total over all periods: IATI sums an indicator's periods itself and has no total.
//!
//! gsef's own sentences (the comments and notes above) are English and marked `xml:lang="en"`;
//! the titles, framework and notes are written in the activity's language, as entered.

use std::io::Write;

use crate::error::{Error, Result};
use crate::model::date::PartialDate;
use crate::model::dimension::Dimension;
use crate::model::indicator::Indicator;
use crate::model::period::Period;
use crate::report::Value;
use crate::report::indicators::{BreakdownResult, IndicatorResult, Measured, PeriodResult};

use super::output_error;
use super::svg::escape;

/// The version of the standard written, and of the schema the tests validate against.
const IATI_VERSION: &str = "2.03";

/// ResultType codelist: 1 is Output, "what is done, and what communities are reached" —
/// people trained, organisations reached, events held.
const RESULT_TYPE_OUTPUT: &str = "1";

/// IndicatorMeasure codelist: 1 is Unit, "the indicator is measured in units" — a count.
const MEASURE_UNIT: &str = "1";

/// The activity the results belong to: what the 2.03 schema requires of an `iati-activity`
/// before it may hold a `result`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IatiActivity {
    /// `iati-identifier`: the reporting organisation's `ref`, a hyphen, and the organisation's
    /// own id for the activity (`XM-DAC-47066-2019-TRAIN`).
    pub identifier: String,
    pub reporting_org: ReportingOrg,
    pub title: String,
    pub description: String,
    /// At least one: the schema requires a `participating-org`.
    pub participating_orgs: Vec<ParticipatingOrg>,
    pub status: ActivityStatus,
    /// At least one: the schema requires an `activity-date`.
    pub dates: Vec<ActivityDate>,
    /// The language the activity's texts are written in, as `xml:lang` (`en`, `es`, `ko`).
    #[serde(default = "english")]
    pub language: String,
}

/// The organisation publishing the file (`reporting-org`): the schema requires all three.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportingOrg {
    /// Its IATI organisation identifier (`GB-CHC-1234567`).
    #[serde(rename = "ref")]
    pub reference: String,
    /// An OrganisationType code: `22` for a national NGO, `21` international, `10` government.
    #[serde(rename = "type")]
    pub org_type: String,
    pub name: String,
}

/// An organisation taking part (`participating-org`): a `ref`, a name, or both.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParticipatingOrg {
    pub role: OrganisationRole,
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// The OrganisationRole codelist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrganisationRole {
    /// Provides the funds.
    Funding,
    /// Oversees the activity and its outcomes.
    Accountable,
    /// Manages the budget and direction for the funder.
    Extending,
    /// Carries the activity out.
    Implementing,
}

impl OrganisationRole {
    fn code(self) -> &'static str {
        match self {
            OrganisationRole::Funding => "1",
            OrganisationRole::Accountable => "2",
            OrganisationRole::Extending => "3",
            OrganisationRole::Implementing => "4",
        }
    }
}

/// The ActivityStatus codelist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityStatus {
    Pipeline,
    Implementation,
    /// The work is done or the last payment made.
    Completion,
    /// Done, and open only for financial sign-off or evaluation.
    PostCompletion,
    Cancelled,
    Suspended,
}

impl ActivityStatus {
    fn code(self) -> &'static str {
        match self {
            ActivityStatus::Pipeline => "1",
            ActivityStatus::Implementation => "2",
            ActivityStatus::Completion => "3",
            ActivityStatus::PostCompletion => "4",
            ActivityStatus::Cancelled => "5",
            ActivityStatus::Suspended => "6",
        }
    }
}

/// One `activity-date`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityDate {
    #[serde(rename = "type")]
    pub kind: ActivityDateType,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// The ActivityDateType codelist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityDateType {
    PlannedStart,
    ActualStart,
    PlannedEnd,
    ActualEnd,
}

impl ActivityDateType {
    fn code(self) -> &'static str {
        match self {
            ActivityDateType::PlannedStart => "1",
            ActivityDateType::ActualStart => "2",
            ActivityDateType::PlannedEnd => "3",
            ActivityDateType::ActualEnd => "4",
        }
    }
}

fn english() -> String {
    "en".to_string()
}

impl IatiActivity {
    /// The activity described in the JSON file at `path`, refused in one line naming the file,
    /// line and column of what is wrong, or every problem `check` finds.
    pub fn read(path: &std::path::Path) -> Result<IatiActivity> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            crate::error::Error::Invalid(format!("{}: cannot read it: {error}", path.display()))
        })?;
        let activity: IatiActivity = serde_json::from_str(&text).map_err(|error| {
            let message = error.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(message, _)| message);
            crate::error::Error::Invalid(format!(
                "{}:{}:{}: {message}",
                path.display(),
                error.line(),
                error.column()
            ))
        })?;
        activity.check().map_err(|error| {
            crate::error::Error::Invalid(format!("{}: {error}", path.display()))
        })?;
        Ok(activity)
    }

    /// Refuses an activity the schema would refuse, or that IATI's rules would: every problem
    /// at once, so one run tells the user everything to fix. A command should call this before
    /// it reads the store; [`write_iati`] calls it again, so no invalid file is ever written.
    pub fn check(&self) -> Result<()> {
        let mut problems = Vec::new();
        let mut required = |field: &str, text: &str| {
            if text.trim().is_empty() {
                problems.push(format!("{field} is empty"));
            }
        };
        required("the activity identifier", &self.identifier);
        required(
            "the reporting organisation's ref",
            &self.reporting_org.reference,
        );
        required(
            "the reporting organisation's type",
            &self.reporting_org.org_type,
        );
        required(
            "the reporting organisation's name",
            &self.reporting_org.name,
        );
        required("the activity title", &self.title);
        required("the activity description", &self.description);
        let reference = self.reporting_org.reference.trim();
        // IATI identifiers are the publisher's `ref` followed by its own id; a file whose
        // identifier does not start so is rejected when it is published.
        if !reference.is_empty() && !self.identifier.starts_with(&format!("{reference}-")) {
            problems.push(format!(
                "the activity identifier `{}` must start with the reporting organisation's ref and a hyphen (`{reference}-`)",
                self.identifier
            ));
        }
        if !self.reporting_org.org_type.trim().is_empty()
            && !self
                .reporting_org
                .org_type
                .bytes()
                .all(|byte| byte.is_ascii_digit())
        {
            problems.push(format!(
                "the reporting organisation's type `{}` is not an OrganisationType code such as 22",
                self.reporting_org.org_type
            ));
        }
        if self.participating_orgs.is_empty() {
            problems.push("an IATI activity needs at least one participating organisation".into());
        }
        for organisation in &self.participating_orgs {
            let given =
                |text: &Option<String>| text.as_deref().is_some_and(|t| !t.trim().is_empty());
            if !given(&organisation.reference) && !given(&organisation.name) {
                problems.push("a participating organisation needs a ref or a name".into());
            }
        }
        if self.dates.is_empty() {
            problems.push("an IATI activity needs at least one activity date".into());
        }
        for date in &self.dates {
            if PartialDate::from_full_date_bytes(date.date.as_bytes()).is_none() {
                problems.push(format!(
                    "the activity date `{}` is not a day written YYYY-MM-DD",
                    date.date
                ));
            }
        }
        if !is_language_tag(&self.language) {
            problems.push(format!(
                "the language `{}` is not a language code such as en or es",
                self.language
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(format!(
                "cannot write an IATI activity: {}",
                problems.join("; ")
            )))
        }
    }
}

/// Whether `text` is what `xml:lang` takes (XML Schema's `language`): letters, then parts of
/// letters and digits after hyphens, each one to eight long (`en`, `es-419`).
fn is_language_tag(text: &str) -> bool {
    let mut parts = text.split('-');
    let first = parts.next().unwrap_or_default();
    let fits = |part: &str, digits: bool| {
        (1..=8).contains(&part.len())
            && part
                .bytes()
                .all(|byte| byte.is_ascii_alphabetic() || (digits && byte.is_ascii_digit()))
    };
    fits(first, false) && parts.all(|part| fits(part, true))
}

/// Whether `text` is an `xsd:dateTime`: `YYYY-MM-DDThh:mm:ss`, a fraction of a second if any,
/// and `Z` or an offset if any.
fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once('T') else {
        return false;
    };
    if PartialDate::from_full_date_bytes(date.as_bytes()).is_none() {
        return false;
    }
    let (clock, zone) = match time.find(['Z', '+', '-']) {
        Some(at) => time.split_at(at),
        None => (time, ""),
    };
    let (seconds_part, fraction) = match clock.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (clock, None),
    };
    let two_digits_within = |part: &str, most: u8| {
        part.len() == 2
            && part.bytes().all(|byte| byte.is_ascii_digit())
            && part.parse::<u8>().is_ok_and(|number| number <= most)
    };
    let clock_fits = match seconds_part.split(':').collect::<Vec<_>>()[..] {
        [hours, minutes, seconds] => {
            two_digits_within(hours, 23)
                && two_digits_within(minutes, 59)
                && two_digits_within(seconds, 59)
        }
        _ => false,
    };
    let fraction_fits = fraction.is_none_or(|digits| {
        !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
    });
    let zone_fits = match zone {
        "" | "Z" => true,
        offset => offset[1..].split_once(':').is_some_and(|(hours, minutes)| {
            two_digits_within(hours, 14) && two_digits_within(minutes, 59)
        }),
    };
    clock_fits && fraction_fits && zone_fits
}

/// Writes `results` as one IATI 2.03 activity file: `activity` with one `result` per indicator.
/// `generated_at` is when the file was written, RFC 3339 (`2026-12-01T09:30:00Z`).
pub fn write_iati(
    results: &[IndicatorResult],
    activity: &IatiActivity,
    generated_at: &str,
    out: &mut dyn Write,
) -> Result<()> {
    activity.check()?;
    if !is_date_time(generated_at) {
        return Err(Error::Invalid(format!(
            "cannot write an IATI activity: the time it was generated, `{generated_at}`, is not a date and time such as 2026-12-01T09:30:00Z"
        )));
    }
    let mut xml = Xml::default();
    xml.text
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.open(
        "iati-activities",
        &[
            ("version", IATI_VERSION),
            ("generated-datetime", generated_at),
        ],
    );
    xml.open("iati-activity", &[("xml:lang", &activity.language)]);
    write_activity_header(&mut xml, activity);
    for result in results {
        write_result(&mut xml, result);
    }
    xml.close("iati-activity");
    xml.close("iati-activities");
    out.write_all(xml.text.as_bytes()).map_err(output_error)
}

/// What the schema requires before `result`, in its order: identifier, reporting
/// organisation, title, description, participating organisations, status, dates.
fn write_activity_header(xml: &mut Xml, activity: &IatiActivity) {
    xml.leaf("iati-identifier", &[], &activity.identifier);
    let organisation = &activity.reporting_org;
    xml.open(
        "reporting-org",
        &[
            ("ref", &organisation.reference),
            ("type", &organisation.org_type),
        ],
    );
    xml.narrative(&organisation.name, None);
    xml.close("reporting-org");
    xml.narratives("title", &[], &[(&activity.title, None)]);
    xml.narratives("description", &[], &[(&activity.description, None)]);
    for participant in &activity.participating_orgs {
        let mut attributes = vec![("role", participant.role.code())];
        if let Some(reference) = &participant.reference {
            attributes.push(("ref", reference));
        }
        // A blank name would be an empty narrative; check() has made sure a ref stands in.
        let name = participant
            .name
            .as_deref()
            .filter(|name| !name.trim().is_empty());
        match name {
            Some(name) => {
                xml.open("participating-org", &attributes);
                xml.narrative(name, None);
                xml.close("participating-org");
            }
            None => xml.empty("participating-org", &attributes),
        }
    }
    xml.empty("activity-status", &[("code", activity.status.code())]);
    for date in &activity.dates {
        xml.empty(
            "activity-date",
            &[("type", date.kind.code()), ("iso-date", &date.date)],
        );
    }
}

fn write_result(xml: &mut Xml, result: &IndicatorResult) {
    let indicator = &result.indicator;
    let (periods, left_out): (Vec<_>, Vec<_>) = result
        .periods
        .iter()
        .partition(|period| period.span.is_some());
    let baseline_year = indicator
        .baseline
        .as_ref()
        .map(|baseline| baseline_year(indicator.period, &baseline.period));

    xml.open("result", &[("type", RESULT_TYPE_OUTPUT)]);
    xml.narratives("title", &[], &[(&indicator.title, None)]);
    // A count goes up as the work goes well: more people trained is better.
    xml.open(
        "indicator",
        &[("measure", MEASURE_UNIT), ("ascending", "1")],
    );
    xml.narratives("title", &[], &[(&indicator.title, None)]);
    let mut notes = Vec::new();
    if let Some(note) = left_out_note(&left_out) {
        notes.push(note);
    }
    if let (Some(baseline), Some(None)) = (&indicator.baseline, baseline_year) {
        notes.push(format!(
            "The baseline, {} in {}, is left out: its year cannot be told from its period.",
            baseline.value, baseline.period
        ));
    }
    let definition = definition_text(indicator);
    let mut description: Vec<(&str, Option<&str>)> = vec![(&definition, None)];
    description.extend(notes.iter().map(|note| (note.as_str(), Some("en"))));
    xml.narratives("description", &[], &description);
    // No `reference`: IATI's IndicatorVocabulary names a few registries (WHO, Sphere, the US
    // framework…) and "99, the reporting organisation's own", and a donor framework's code
    // such as CIV-007 is neither, so the code goes in the description instead.
    if let (Some(baseline), Some(Some(year))) = (&indicator.baseline, baseline_year) {
        xml.empty(
            "baseline",
            &[
                ("year", &year.to_string()),
                ("value", &baseline.value.to_string()),
            ],
        );
    }
    for period in periods {
        write_period(xml, period);
    }
    xml.close("indicator");
    xml.close("result");
}

/// "Framework: code. Note", the definition in the words it was entered in.
fn definition_text(indicator: &Indicator) -> String {
    let mut text = indicator.framework.clone();
    if let Some(code) = &indicator.code {
        text.push_str(": ");
        text.push_str(code);
    }
    text.push('.');
    if let Some(note) = &indicator.note {
        text.push(' ');
        text.push_str(note);
    }
    text
}

/// The calendar year an IATI baseline names, for a baseline given as a period value: the year
/// its period ends in. gsef spells every period with the year it ends in (`2018`, `2019-Q4`,
/// `2019-11`, and `FY2019` for a fiscal year ending in 2019), so that year is the one written.
/// `None` when the text is no period of `dimension`, or is the year 0, which IATI refuses.
fn baseline_year(dimension: Dimension, period: &str) -> Option<u16> {
    Period::parse(dimension, period)
        .map(Period::year)
        .filter(|year| *year > 0)
}

/// The sentence saying which periods were left out and what they held; `None` when none was.
fn left_out_note(left_out: &[&PeriodResult]) -> Option<String> {
    if left_out.is_empty() {
        return None;
    }
    let parts: Vec<String> = left_out
        .iter()
        .map(|period| {
            let what = match &period.period {
                None => "the events whose dates fall in no period of the indicator".to_string(),
                Some(name) => format!("period {name}"),
            };
            let count = match &period.measured.actual {
                Value::Count(count) => format!("{count} counted"),
                Value::Small | Value::Withheld => "count withheld".to_string(),
                _ => "no count".to_string(),
            };
            format!("{what} ({count})")
        })
        .collect();
    let periods = if left_out.len() == 1 {
        "1 period".to_string()
    } else {
        format!("{} periods", left_out.len())
    };
    Some(format!(
        "Left out of the periods below, since an IATI period needs a first and a last day: {periods}, {}.",
        parts.join("; ")
    ))
}

/// One `period`: its days, then every target, then every actual, as the schema orders them.
fn write_period(xml: &mut Xml, period: &PeriodResult) {
    let Some((first_day, last_day)) = &period.span else {
        return;
    };
    xml.open("period", &[]);
    xml.empty("period-start", &[("iso-date", first_day)]);
    xml.empty("period-end", &[("iso-date", last_day)]);
    write_target(xml, &period.measured, None);
    for breakdown in &period.breakdowns {
        write_target(xml, &breakdown.measured, Some(breakdown));
    }
    write_actual(xml, &period.measured, None);
    for breakdown in &period.breakdowns {
        write_actual(xml, &breakdown.measured, Some(breakdown));
    }
    xml.close("period");
}

fn write_target(xml: &mut Xml, measured: &Measured, breakdown: Option<&BreakdownResult>) {
    let Some(target) = measured.target else {
        return;
    };
    write_figure(xml, "target", Some(target), breakdown, None);
}

fn write_actual(xml: &mut Xml, measured: &Measured, breakdown: Option<&BreakdownResult>) {
    match &measured.actual {
        Value::Count(count) => write_figure(xml, "actual", Some(*count), breakdown, None),
        Value::Small => write_figure(
            xml,
            "actual",
            None,
            breakdown,
            Some(
                "Withheld: a count below the minimum count set for the report (--min-count), hidden so that nobody can be singled out.",
            ),
        ),
        Value::Withheld => write_figure(
            xml,
            "actual",
            None,
            breakdown,
            Some(
                "Withheld so that a count below the minimum count set for the report (--min-count) cannot be worked out from the counts shown.",
            ),
        ),
        // An indicator's actual is a count; anything else has no honest number to give, and
        // an `actual` without one would read as a withheld count.
        Value::Missing | Value::Text(_) | Value::Rate(_) | Value::Mean(_) => {}
    }
}

/// A `target` or `actual`: its value if it has one, the breakdown value it is for, and a
/// comment, in the schema's order (dimension before comment).
fn write_figure(
    xml: &mut Xml,
    element: &str,
    value: Option<u64>,
    breakdown: Option<&BreakdownResult>,
    withheld: Option<&str>,
) {
    let value = value.map(|value| value.to_string());
    let attributes: Vec<(&str, &str)> = value
        .iter()
        .map(|value| ("value", value.as_str()))
        .collect();
    let mut comments = Vec::new();
    if let Some(BreakdownResult {
        breakdown,
        value: None,
        ..
    }) = breakdown
    {
        comments.push(format!("Units whose {breakdown} is not recorded."));
    }
    comments.extend(withheld.map(str::to_string));
    if breakdown.is_none() && comments.is_empty() {
        xml.empty(element, &attributes);
        return;
    }
    xml.open(element, &attributes);
    if let Some(breakdown) = breakdown {
        let mut dimension = vec![("name", breakdown.breakdown.as_str())];
        // A unit with no recorded value has no value to name; the comment says so.
        if let Some(value) = &breakdown.value {
            dimension.push(("value", value));
        }
        xml.empty("dimension", &dimension);
    }
    if !comments.is_empty() {
        xml.narratives("comment", &[], &[(&comments.join(" "), Some("en"))]);
    }
    xml.close(element);
}

/// An indented XML document under construction. Every text and attribute value goes through
/// [`escape`], here and nowhere else.
#[derive(Default)]
struct Xml {
    text: String,
    depth: usize,
}

impl Xml {
    fn start_tag(&mut self, name: &str, attributes: &[(&str, &str)]) {
        for _ in 0..self.depth {
            self.text.push_str("  ");
        }
        self.text.push('<');
        self.text.push_str(name);
        for (attribute, value) in attributes {
            self.text.push(' ');
            self.text.push_str(attribute);
            self.text.push_str("=\"");
            self.text.push_str(&escape_attribute(value));
            self.text.push('"');
        }
    }

    fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.start_tag(name, attributes);
        self.text.push_str(">\n");
        self.depth += 1;
    }

    fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.start_tag(name, attributes);
        self.text.push_str("/>\n");
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        for _ in 0..self.depth {
            self.text.push_str("  ");
        }
        self.text.push_str("</");
        self.text.push_str(name);
        self.text.push_str(">\n");
    }

    /// An element holding only text.
    fn leaf(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.start_tag(name, attributes);
        self.text.push('>');
        self.text.push_str(&escape(text));
        self.text.push_str("</");
        self.text.push_str(name);
        self.text.push_str(">\n");
    }

    /// A `narrative`, in the activity's language unless `language` says otherwise.
    fn narrative(&mut self, text: &str, language: Option<&str>) {
        match language {
            Some(language) => self.leaf("narrative", &[("xml:lang", language)], text),
            None => self.leaf("narrative", &[], text),
        }
    }

    /// An element of narratives only (`title`, `description`, `comment`).
    fn narratives(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        narratives: &[(&str, Option<&str>)],
    ) {
        self.open(name, attributes);
        for (text, language) in narratives {
            self.narrative(text, *language);
        }
        self.close(name);
    }
}

/// [`escape`], and tab and line ends as character references: a parser turns a literal one
/// in an attribute into a space.
fn escape_attribute(value: &str) -> String {
    escape(value)
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use super::*;

    fn activity() -> IatiActivity {
        IatiActivity {
            identifier: "XM-EXAMPLE-1234-TRAIN-2019".into(),
            reporting_org: ReportingOrg {
                reference: "XM-EXAMPLE-1234".into(),
                org_type: "22".into(),
                name: "Fundación Niñas & Niños \"Sí\" <Centro>".into(),
            },
            title: "Formación de líderes & 지도자 교육".into(),
            description: "Training for community leaders, 2019–2021.".into(),
            participating_orgs: vec![
                ParticipatingOrg {
                    role: OrganisationRole::Funding,
                    reference: None,
                    name: Some("EEA and Norway Grants".into()),
                },
                ParticipatingOrg {
                    role: OrganisationRole::Implementing,
                    reference: Some("XM-EXAMPLE-1234".into()),
                    name: None,
                },
            ],
            status: ActivityStatus::Implementation,
            dates: vec![ActivityDate {
                kind: ActivityDateType::ActualStart,
                date: "2019-01-15".into(),
            }],
            language: "es".into(),
        }
    }

    fn indicator(definition: serde_json::Value) -> Indicator {
        serde_json::from_value(definition).unwrap()
    }

    fn counted(actual: u64, target: Option<u64>) -> Measured {
        Measured {
            actual: Value::Count(actual),
            target,
            to_date: None,
            rolling: None,
        }
    }

    fn gender(value: Option<&str>, measured: Measured) -> BreakdownResult {
        BreakdownResult {
            breakdown: "gender".into(),
            value: value.map(str::to_string),
            measured,
        }
    }

    /// Every case the writer knows: breakdowns with and without targets, a count withheld by
    /// `--min-count`, a value not recorded, a fiscal year, events no period places, a baseline
    /// in a fiscal year, and text that must be escaped.
    fn results() -> Vec<IndicatorResult> {
        let trained = IndicatorResult {
            indicator: indicator(serde_json::json!({
                "id": "us-individuals-trained",
                "title": "Personas capacitadas (≥ 3 h) & \"certificadas\" <anual>",
                "framework": "US-style indicator definition",
                "code": "EG.3-1",
                "note": "Línea de base según el informe 2018; 한국어 참고.",
                "unit": "person",
                "once_per": "period",
                "period": "fiscal-year-10",
                "breakdowns": ["gender"],
                "baseline": {"value": 12, "period": "FY2019"},
                "targets": [{"period": "FY2020", "value": 80},
                            {"period": "FY2020", "value": 40, "breakdown": {"gender": "female"}}]
            })),
            periods: vec![
                PeriodResult {
                    period: Some("FY2020".into()),
                    span: Some(("2019-10-01".into(), "2020-09-30".into())),
                    measured: counted(75, Some(80)),
                    breakdowns: vec![
                        gender(Some("female"), counted(41, Some(40))),
                        gender(Some("male"), counted(31, None)),
                        gender(
                            Some("non-binary"),
                            Measured {
                                actual: Value::Small,
                                target: None,
                                to_date: None,
                                rolling: None,
                            },
                        ),
                        gender(
                            None,
                            Measured {
                                actual: Value::Withheld,
                                target: None,
                                to_date: None,
                                rolling: None,
                            },
                        ),
                    ],
                },
                PeriodResult {
                    period: None,
                    span: None,
                    measured: counted(7, None),
                    breakdowns: vec![gender(Some("female"), counted(7, None))],
                },
            ],
            total: counted(82, None),
            total_breakdowns: Vec::new(),
        };
        let organisations = IndicatorResult {
            indicator: indicator(serde_json::json!({
                "id": "eea-civ-039", "title": "Organisations, each counted once",
                "framework": "EEA and Norway Grants", "unit": "organisation",
                "once_per": "all-time", "period": "year"
            })),
            periods: vec![PeriodResult {
                period: Some("2019".into()),
                span: Some(("2019-01-01".into(), "2019-12-31".into())),
                measured: counted(18, None),
                breakdowns: Vec::new(),
            }],
            total: counted(18, None),
            total_breakdowns: Vec::new(),
        };
        vec![trained, organisations]
    }

    fn document() -> String {
        let mut out = Vec::new();
        write_iati(&results(), &activity(), "2026-12-01T09:30:00Z", &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn schema() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/iati/schema/iati-activities-schema.xsd")
    }

    /// Whether xmllint runs here. Without it the schema tests cannot run: they pass with a
    /// note, unless `GSEF_REQUIRE_XMLLINT=1` (as CI sets) makes its absence a failure.
    #[allow(clippy::print_stderr)] // the skip is said where cargo test shows a test's output
    fn xmllint_is_installed() -> bool {
        let installed = Command::new("xmllint")
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success());
        if !installed {
            assert!(
                std::env::var("GSEF_REQUIRE_XMLLINT").as_deref() != Ok("1"),
                "GSEF_REQUIRE_XMLLINT=1 but xmllint is not installed (Debian: libxml2-utils)"
            );
            eprintln!(
                "note: xmllint is not installed; skipping a validation against the IATI schema"
            );
        }
        installed
    }

    /// xmllint's verdict on `document` against the 2.03 schema: success, or what it said.
    fn validate(document: &str) -> std::result::Result<(), String> {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("activities.xml");
        std::fs::write(&file, document).unwrap();
        // --nonet: the schema's imports are the files beside it, never fetched.
        let output = Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(schema())
            .arg(&file)
            .output()
            .unwrap();
        if output.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }

    #[test]
    fn the_document_is_valid_against_the_iati_2_03_schema() {
        if !xmllint_is_installed() {
            return;
        }
        let document = document();
        if let Err(message) = validate(&document) {
            panic!("xmllint refused the document:\n{message}\n{document}");
        }
        // Read back by an XML parser, the escaped text is the text given.
        let results = results();
        assert_eq!(
            xpath(&document, "string(//result[1]/indicator/title/narrative)"),
            results[0].indicator.title
        );
        assert_eq!(
            xpath(&document, "string(//reporting-org/narrative)"),
            activity().reporting_org.name
        );
        assert_eq!(
            xpath(
                &document,
                "string(//period[period-start/@iso-date='2019-10-01']/actual[dimension/@value='female']/@value)"
            ),
            "41"
        );
        assert_eq!(
            xpath(&document, "count(//actual[not(@value)]/comment)"),
            "2"
        );
    }

    /// What xmllint's XPath `expression` comes to on `document`.
    fn xpath(document: &str, expression: &str) -> String {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("activities.xml");
        std::fs::write(&file, document).unwrap();
        let output = Command::new("xmllint")
            .args(["--nonet", "--xpath", expression])
            .arg(&file)
            .output()
            .unwrap();
        assert!(output.status.success(), "{expression}");
        String::from_utf8(output.stdout)
            .unwrap()
            .trim_end_matches('\n')
            .to_string()
    }

    #[test]
    fn the_schema_refuses_an_element_out_of_its_order() {
        if !xmllint_is_installed() {
            return;
        }
        // The baseline moved after the indicator's first period: the same elements, in an
        // order the schema's sequence does not allow.
        let document = document();
        let mut lines: Vec<&str> = document.lines().collect();
        let baseline = lines
            .iter()
            .position(|line| line.trim_start().starts_with("<baseline"))
            .unwrap();
        let moved = lines.remove(baseline);
        let period_end = lines
            .iter()
            .position(|line| line.trim() == "</period>")
            .unwrap();
        lines.insert(period_end + 1, moved);
        let refused = validate(&lines.join("\n")).unwrap_err();
        assert!(refused.contains("baseline"), "{refused}");
        assert!(validate(&document).is_ok());
    }

    #[test]
    fn the_schema_refuses_an_activity_without_what_it_requires() {
        if !xmllint_is_installed() {
            return;
        }
        let document = document();
        let without_status: String = document
            .lines()
            .filter(|line| !line.trim_start().starts_with("<activity-status"))
            .map(|line| format!("{line}\n"))
            .collect();
        let refused = validate(&without_status).unwrap_err();
        assert!(refused.contains("activity-status"), "{refused}");
    }

    #[test]
    fn a_fiscal_year_period_carries_its_targets_and_actuals_per_breakdown_value() {
        let document = document();
        assert!(document.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\" generated-datetime=\"2026-12-01T09:30:00Z\">\n  <iati-activity xml:lang=\"es\">\n"
        ));
        let period = [
            "<period>",
            "  <period-start iso-date=\"2019-10-01\"/>",
            "  <period-end iso-date=\"2020-09-30\"/>",
            "  <target value=\"80\"/>",
            "  <target value=\"40\">",
            "    <dimension name=\"gender\" value=\"female\"/>",
            "  </target>",
            "  <actual value=\"75\"/>",
            "  <actual value=\"41\">",
            "    <dimension name=\"gender\" value=\"female\"/>",
            "  </actual>",
            "  <actual value=\"31\">",
            "    <dimension name=\"gender\" value=\"male\"/>",
            "  </actual>",
            "  <actual>",
            "    <dimension name=\"gender\" value=\"non-binary\"/>",
            "    <comment>",
            "      <narrative xml:lang=\"en\">Withheld: a count below the minimum count set for the report (--min-count), hidden so that nobody can be singled out.</narrative>",
            "    </comment>",
            "  </actual>",
            "  <actual>",
            "    <dimension name=\"gender\"/>",
            "    <comment>",
            "      <narrative xml:lang=\"en\">Units whose gender is not recorded. Withheld so that a count below the minimum count set for the report (--min-count) cannot be worked out from the counts shown.</narrative>",
            "    </comment>",
            "  </actual>",
            "</period>",
        ]
        .map(|line| format!("        {line}\n"))
        .concat();
        assert!(document.contains(&period), "{document}");
        // A target never set is no target: the male count has none, and the year of
        // organisations none at all.
        assert_eq!(document.matches("<target").count(), 2);
        assert!(document.contains("<actual value=\"18\"/>"));
    }

    #[test]
    fn the_unplaced_events_are_left_out_and_the_description_says_what_they_held() {
        let document = document();
        assert_eq!(document.matches("<period>").count(), 2);
        assert!(!document.contains("value=\"7\""), "{document}");
        assert!(document.contains(
            "<narrative xml:lang=\"en\">Left out of the periods below, since an IATI period needs a first and a last day: 1 period, the events whose dates fall in no period of the indicator (7 counted).</narrative>"
        ));
        // The total over the periods has no IATI element: 82 is written nowhere.
        assert!(!document.contains("82"));
    }

    #[test]
    fn the_indicator_is_an_output_counted_in_units_with_its_baseline_year() {
        let document = document();
        assert_eq!(document.matches("<result type=\"1\">").count(), 2);
        assert_eq!(
            document
                .matches("<indicator measure=\"1\" ascending=\"1\">")
                .count(),
            2
        );
        // FY2019 of a year beginning in October ends in September 2019.
        assert!(document.contains("<baseline year=\"2019\" value=\"12\"/>"));
        assert_eq!(document.matches("<baseline").count(), 1);
        assert!(!document.contains("<reference"));
        assert!(document.contains(
            "<narrative>US-style indicator definition: EG.3-1. Línea de base según el informe 2018; 한국어 참고.</narrative>"
        ));
        assert!(document.contains("<narrative>EEA and Norway Grants.</narrative>"));
    }

    #[test]
    fn text_is_escaped_and_kept_in_its_script() {
        let document = document();
        assert!(document.contains(
            "<narrative>Personas capacitadas (≥ 3 h) &amp; &quot;certificadas&quot; &lt;anual&gt;</narrative>"
        ));
        assert!(document.contains(
            "<narrative>Fundación Niñas &amp; Niños &quot;Sí&quot; &lt;Centro&gt;</narrative>"
        ));
        assert!(document.contains("<narrative>Formación de líderes &amp; 지도자 교육</narrative>"));
        assert!(!document.contains("& "));
        assert_eq!(escape_attribute("a\tb\nc"), "a&#9;b&#10;c");
    }

    #[test]
    fn the_activity_is_written_in_the_schema_order() {
        let document = document();
        let order = [
            "<iati-identifier>XM-EXAMPLE-1234-TRAIN-2019</iati-identifier>",
            "<reporting-org ref=\"XM-EXAMPLE-1234\" type=\"22\">",
            "<title>",
            "<description>",
            "<participating-org role=\"1\">",
            "<participating-org role=\"4\" ref=\"XM-EXAMPLE-1234\"/>",
            "<activity-status code=\"2\"/>",
            "<activity-date type=\"2\" iso-date=\"2019-01-15\"/>",
            "<result type=\"1\">",
        ];
        let positions: Vec<usize> = order
            .iter()
            .map(|element| {
                document
                    .find(element)
                    .unwrap_or_else(|| panic!("{element}"))
            })
            .collect();
        assert!(positions.is_sorted(), "{positions:?}");
    }

    #[test]
    fn an_activity_the_schema_would_refuse_is_refused_before_writing() {
        let mut incomplete = activity();
        incomplete.participating_orgs.clear();
        incomplete.dates = vec![ActivityDate {
            kind: ActivityDateType::PlannedEnd,
            date: "2019-02-30".into(),
        }];
        incomplete.identifier = "TRAIN-2019".into();
        incomplete.language = "español".into();
        let mut out = Vec::new();
        let refused = write_iati(&results(), &incomplete, "2026-12-01T09:30:00Z", &mut out)
            .unwrap_err()
            .to_string();
        for problem in [
            "participating organisation",
            "`2019-02-30`",
            "must start with the reporting organisation's ref",
            "`español`",
        ] {
            assert!(refused.contains(problem), "{problem}: {refused}");
        }
        assert!(out.is_empty());
        let refused = write_iati(&results(), &activity(), "1 December 2026", &mut out);
        assert!(
            refused
                .unwrap_err()
                .to_string()
                .contains("`1 December 2026`")
        );
    }

    #[test]
    fn a_participant_named_only_by_blanks_is_written_by_its_ref_or_refused() {
        let mut blank_name = activity();
        blank_name.participating_orgs[1].name = Some("  ".into());
        let mut out = Vec::new();
        write_iati(&results(), &blank_name, "2026-12-01T09:30:00Z", &mut out).unwrap();
        let document = String::from_utf8(out).unwrap();
        assert!(document.contains("<participating-org role=\"4\" ref=\"XM-EXAMPLE-1234\"/>"));
        assert!(!document.contains("<narrative>  </narrative>"));
        blank_name.participating_orgs[1].reference = None;
        let refused = write_iati(
            &results(),
            &blank_name,
            "2026-12-01T09:30:00Z",
            &mut Vec::new(),
        );
        assert!(
            refused
                .unwrap_err()
                .to_string()
                .contains("needs a ref or a name")
        );
    }

    #[test]
    fn times_and_languages_are_checked_as_the_schema_types_them() {
        for valid in [
            "2026-12-01T09:30:00Z",
            "2026-12-01T09:30:00",
            "2026-12-01T09:30:00.123+05:30",
        ] {
            assert!(is_date_time(valid), "{valid}");
        }
        for invalid in [
            "2026-12-01",
            "2026-12-01T24:00:00Z",
            "2026-12-01T09:30Z",
            "2026-13-01T09:30:00Z",
            "2026-12-01T09:30:00+5",
        ] {
            assert!(!is_date_time(invalid), "{invalid}");
        }
        assert!(is_language_tag("en") && is_language_tag("es-419") && is_language_tag("ko"));
        assert!(!is_language_tag("") && !is_language_tag("en_GB") && !is_language_tag("9x"));
    }

    #[test]
    fn a_baseline_names_the_calendar_year_its_period_ends_in() {
        assert_eq!(baseline_year(Dimension::Year, "2018"), Some(2018));
        assert_eq!(baseline_year(Dimension::Quarter, "2019-Q4"), Some(2019));
        assert_eq!(baseline_year(Dimension::Month, "2019-11"), Some(2019));
        assert_eq!(
            baseline_year(Dimension::FiscalYear(10), "FY2019"),
            Some(2019)
        );
        assert_eq!(baseline_year(Dimension::FiscalYear(10), "2019"), None);
        assert_eq!(baseline_year(Dimension::Year, "0000"), None);
    }
}
