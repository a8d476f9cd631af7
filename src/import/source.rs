//! Which tool wrote a file, told from its headers: what each tool's own columns mean, and
//! where its table starts (a call report opens with a summary of the meeting).

use std::fmt;

use super::normalize::fold;
use crate::output::records::{PARTICIPANT_EXPORT_FIELDS, PARTICIPANT_EXPORT_RECOGNISED};

/// The tools whose exports gsef recognises; `--from` may name one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Source {
    /// Google Forms responses (Timestamp, Email Address, Score, then the questions).
    GoogleForms,
    /// KoboToolbox data export, XML values or labels (`_id`, `_uuid`, `_submission_time` …).
    Kobo,
    /// Microsoft Forms responses (ID, Start time, Completion time, Email, Name …).
    MicrosoftForms,
    /// Eventbrite attendee report (Order #, Attendee #, Attendee Status …).
    Eventbrite,
    /// Zoom participants report, with or without the meeting summary above it.
    Zoom,
    /// Microsoft Teams attendance report (its participants section).
    Teams,
    /// Google Meet attendance report.
    Meet,
    /// A sign-in sheet typed into a spreadsheet: names, and a column per day.
    SignIn,
    /// gsef's own `export participants`, whose `id` column is the gsef id.
    Gsef,
    /// Any other spreadsheet: its columns are found by their headers.
    #[value(skip)]
    Spreadsheet,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::GoogleForms => "google-forms",
            Source::Kobo => "kobo",
            Source::MicrosoftForms => "microsoft-forms",
            Source::Eventbrite => "eventbrite",
            Source::Zoom => "zoom",
            Source::Teams => "teams",
            Source::Meet => "meet",
            Source::SignIn => "sign-in",
            Source::Gsef => "gsef",
            Source::Spreadsheet => "spreadsheet",
        }
    }

    /// What a person calls it, for messages: "a Zoom participants report".
    pub fn describe(self) -> &'static str {
        match self {
            Source::GoogleForms => "Google Forms responses",
            Source::Kobo => "a KoboToolbox export",
            Source::MicrosoftForms => "Microsoft Forms responses",
            Source::Eventbrite => "an Eventbrite attendee report",
            Source::Zoom => "a Zoom participants report",
            Source::Teams => "a Microsoft Teams attendance report",
            Source::Meet => "a Google Meet attendance report",
            Source::SignIn => "a sign-in sheet",
            Source::Gsef => "gsef's own export",
            Source::Spreadsheet => "a spreadsheet",
        }
    }

    /// True for a video call's report, whose rows are connections rather than people.
    pub fn is_call_report(self) -> bool {
        matches!(self, Source::Zoom | Source::Teams | Source::Meet)
    }

    /// Whether a call report writes one row per person (with the time in the call) rather
    /// than one per join.
    pub fn writes_a_row_per_person(self) -> bool {
        matches!(self, Source::Teams | Source::Meet)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The tool that wrote a table with these headers, when they say; a sheet with day columns
/// and nothing else telling is a sign-in sheet, `has_day_columns` says.
pub fn recognise(headers: &[String], has_day_columns: bool) -> Source {
    let folded: Vec<String> = headers.iter().map(|header| fold(header)).collect();
    let has = |name: &str| folded.iter().any(|header| header == name);
    let starts_with = |names: &[&str]| {
        folded.len() >= names.len()
            && folded
                .iter()
                .zip(names)
                .all(|(header, name)| header == name)
    };
    if headers.len() >= PARTICIPANT_EXPORT_RECOGNISED
        && headers
            .iter()
            .zip(&PARTICIPANT_EXPORT_FIELDS[..PARTICIPANT_EXPORT_RECOGNISED])
            .all(|(header, name)| header == name)
    {
        Source::Gsef
    } else if has("name original name") {
        Source::Zoom
    } else if has("first join") || has("participant id upn") || has("in meeting duration") {
        Source::Teams
    } else if has("time joined") || has("time exited") {
        Source::Meet
    } else if has("attendee status") || (has("order") && has("attendee")) {
        Source::Eventbrite
    } else if headers.iter().any(|header| {
        matches!(
            header.as_str(),
            "_uuid" | "_submission_time" | "__version__"
        )
    }) {
        Source::Kobo
    } else if starts_with(&["id", "start time", "completion time"]) {
        Source::MicrosoftForms
    } else if [
        "timestamp",
        "marca temporal",
        "horodateur",
        "marque temporelle",
        "타임스탬프",
    ]
    .iter()
    .any(|first| folded.first().is_some_and(|header| header == first))
    {
        Source::GoogleForms
    } else if has_day_columns {
        Source::SignIn
    } else {
        Source::Spreadsheet
    }
}

/// The columns of `source`'s own that look like a person's field and are not: Microsoft
/// Forms' `Email` and `Name` are the respondent's Microsoft account (`anonymous` on a form
/// open to anyone), which the form's own questions for them override.
pub fn tool_columns(source: Source, headers: &[String]) -> Vec<usize> {
    if source != Source::MicrosoftForms {
        return Vec::new();
    }
    headers
        .iter()
        .enumerate()
        .take(6)
        .filter(|(_, header)| matches!(fold(header).as_str(), "email" | "name"))
        .map(|(index, _)| index)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(line: &str, separator: char) -> Vec<String> {
        line.split(separator).map(str::to_string).collect()
    }

    #[test]
    fn tells_the_tools_apart_by_their_headers() {
        let cases = [
            (
                "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
                Source::Zoom,
            ),
            (
                "Name (original name),Email,Join time,Leave time,Duration (minutes),Guest",
                Source::Zoom,
            ),
            (
                "Name,First Join,Last Leave,In-Meeting Duration,Email,Participant ID (UPN),Role",
                Source::Teams,
            ),
            (
                "First name,Last name,Email,Duration,Time joined,Time exited",
                Source::Meet,
            ),
            (
                "Order #,Order Date,First Name,Last Name,Email,Attendee #,Attendee Status",
                Source::Eventbrite,
            ),
            (
                "start,end,group_datos/nombre,_id,_uuid,_submission_time,_index",
                Source::Kobo,
            ),
            (
                "ID,Start time,Completion time,Email,Name,Nombre(s)",
                Source::MicrosoftForms,
            ),
            ("Marca temporal,Puntuación,Nombre(s)", Source::GoogleForms),
            (
                "Timestamp,Email Address,Score,First Name",
                Source::GoogleForms,
            ),
            (
                "id,name,organization,sector,country,region,email,gender,illustrative,consent",
                Source::Gsef,
            ),
            ("ID,Nombre,Sector", Source::Spreadsheet),
        ];
        for (line, source) in cases {
            assert_eq!(recognise(&headers(line, ','), false), source, "{line}");
        }
        assert_eq!(
            recognise(&headers("No.,Nombre completo,27/11", ','), true),
            Source::SignIn
        );
    }

    #[test]
    fn microsoft_forms_account_columns_are_the_tools() {
        let found = headers(
            "ID,Start time,Completion time,Email,Name,Last modified time,Nombre(s)",
            ',',
        );
        assert_eq!(tool_columns(Source::MicrosoftForms, &found), vec![3, 4]);
        assert!(tool_columns(Source::GoogleForms, &found).is_empty());
    }
}
