//! How each kind of record looks in a table, a CSV row and a detail view.

use crate::language::{Language, Words};
use crate::model::indicator::Target;
use crate::model::participant::MergedRecord;
use crate::model::{Attendance, Completion, Consent, Event, Indicator, Participant, Series};

/// A record's columns for each human or spreadsheet format; JSON uses serde directly.
pub trait RecordView {
    /// Column titles of the `list` table, for reading.
    fn summary_headers() -> Vec<&'static str>;
    fn summary_row(&self) -> Vec<String>;
    /// The `list` table's row in the reader's language, for a record with dates or country
    /// names to put in words; the same as [`RecordView::summary_row`] otherwise.
    fn summary_row_in(&self, words: &Words) -> Vec<String> {
        let _ = words;
        self.summary_row()
    }
    /// CSV columns: the file's own field names, so a CSV can be read back field by field.
    fn field_names() -> Vec<&'static str>;
    fn field_values(&self) -> Vec<String>;
    /// `show` as field/value pairs, for reading.
    fn details(&self) -> Vec<Detail>;
    /// `show` in the reader's language (see [`RecordView::summary_row_in`]).
    fn details_in(&self, words: &Words) -> Vec<Detail> {
        let _ = words;
        self.details()
    }
    /// The name of an xlsx list's sheet.
    fn sheet_name() -> &'static str {
        "Records"
    }
}

/// One row of a `show` table: a field and the lines of its value. A list (an event's
/// objectives) has a line per item; a line break inside an item is data, and shown escaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub field: String,
    pub lines: Vec<String>,
}

impl Detail {
    /// A field with a one-line value; an empty value is no line at all.
    pub fn new(field: impl Into<String>, value: String) -> Detail {
        Detail::lines(
            field,
            std::iter::once(value).filter(|v| !v.is_empty()).collect(),
        )
    }

    pub fn lines(field: impl Into<String>, lines: Vec<String>) -> Detail {
        Detail {
            field: field.into(),
            lines,
        }
    }
}

/// A list's column header or a `show` field (`Organizer`, `Likely the same as`) in the reader's
/// language: the catalogue's `header-…` message named after it, or the English as it is.
pub fn heading(english: &str, words: &Words) -> String {
    let name: String = english
        .chars()
        .map(|c| match c {
            '#' => "number".to_string(),
            ' ' => "-".to_string(),
            c => c.to_lowercase().to_string(),
        })
        .collect();
    words
        .optional(&format!("header-{name}"))
        .unwrap_or_else(|| english.to_string())
}

/// The words of `summary_row` and `details`, which speak English as messages do.
fn english() -> &'static Words {
    Language::En.words()
}

fn text(value: Option<&String>) -> String {
    value.cloned().unwrap_or_default()
}

fn date(value: Option<&crate::model::PartialDate>) -> String {
    value.map(ToString::to_string).unwrap_or_default()
}

/// Lists go into one CSV cell a line each: items such as objectives contain commas and semicolons.
fn list_cell(items: &[String]) -> String {
    items.join("\n")
}

/// "México (MX)": the country's name in the reader's language, and the code a filter takes.
fn country(code: Option<&String>, words: &Words) -> String {
    code.map(|code| match words.country(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.clone(),
    })
    .unwrap_or_default()
}

fn pairs(pairs: Vec<(&str, String)>) -> Vec<Detail> {
    pairs
        .into_iter()
        .map(|(field, value)| Detail::new(field, value))
        .collect()
}

impl RecordView for Series {
    fn sheet_name() -> &'static str {
        "series"
    }

    fn summary_headers() -> Vec<&'static str> {
        vec!["ID", "Title", "Organizer", "Category"]
    }

    fn summary_row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.title.clone(),
            text(self.organizer.as_ref()),
            text(self.category.as_ref()),
        ]
    }

    fn field_names() -> Vec<&'static str> {
        vec!["id", "title", "organizer", "category"]
    }

    fn field_values(&self) -> Vec<String> {
        self.summary_row()
    }

    fn details(&self) -> Vec<Detail> {
        pairs(vec![
            ("ID", self.id.clone()),
            ("Title", self.title.clone()),
            ("Organizer", text(self.organizer.as_ref())),
            ("Category", text(self.category.as_ref())),
            ("Completion", completion(self.completion.as_ref())),
        ])
    }
}

/// "2019: 111", "2019 gender=female: 60": one target a line.
fn target_line(target: &Target) -> String {
    let mut line = target.period.clone();
    for (key, value) in &target.breakdown {
        line.push_str(&format!(" {key}={value}"));
    }
    format!("{line}: {}", target.value)
}

/// Who counts, in one line: "attended; completion event-rule; min_hours 3".
fn counts_line(indicator: &Indicator) -> String {
    let counts = &indicator.counts;
    let mut parts = vec![
        counts
            .status
            .iter()
            .map(|status| status.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    ];
    if let Some(completion) = &counts.completion {
        parts.push(format!("completion {completion}"));
    }
    if let Some(hours) = &counts.min_hours {
        parts.push(format!("min_hours {hours}"));
    }
    if let Some(mastery) = counts.mastery {
        parts.push(format!("mastery {mastery}"));
    }
    parts.join("; ")
}

fn dimension_list(indicator: &Indicator) -> String {
    indicator
        .breakdowns
        .iter()
        .map(|breakdown| breakdown.argument())
        .collect::<Vec<_>>()
        .join(", ")
}

impl RecordView for Indicator {
    fn sheet_name() -> &'static str {
        "indicators"
    }

    fn summary_headers() -> Vec<&'static str> {
        vec![
            "ID",
            "Framework",
            "Code",
            "Title",
            "Unit",
            "Period",
            "Breakdowns",
            "Targets",
        ]
    }

    fn summary_row(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.framework.clone(),
            text(self.code.as_ref()),
            self.title.clone(),
            self.unit.as_str().to_string(),
            self.period.argument().to_string(),
            dimension_list(self),
            self.targets.len().to_string(),
        ]
    }

    fn field_names() -> Vec<&'static str> {
        vec![
            "id",
            "framework",
            "code",
            "title",
            "unit",
            "once_per",
            "period",
            "breakdowns",
            "targets",
        ]
    }

    fn field_values(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.framework.clone(),
            text(self.code.as_ref()),
            self.title.clone(),
            self.unit.as_str().to_string(),
            self.once_per.as_str().to_string(),
            self.period.argument().to_string(),
            dimension_list(self),
            list_cell(&self.targets.iter().map(target_line).collect::<Vec<_>>()),
        ]
    }

    fn details(&self) -> Vec<Detail> {
        let range = match (&self.start, &self.end) {
            (None, None) => String::new(),
            (start, end) => format!(
                "{} to {}",
                start.as_deref().unwrap_or("…"),
                end.as_deref().unwrap_or("…")
            ),
        };
        let mut details = pairs(vec![
            ("ID", self.id.clone()),
            ("Title", self.title.clone()),
            ("Framework", self.framework.clone()),
            ("Code", text(self.code.as_ref())),
            ("Unit", self.unit.as_str().to_string()),
            ("Counts", counts_line(self)),
            ("Once per", self.once_per.as_str().to_string()),
            ("Period", self.period.argument().to_string()),
            ("Periods", range),
            ("Breakdowns", dimension_list(self)),
            (
                "Baseline",
                self.baseline
                    .as_ref()
                    .map(|baseline| format!("{}: {}", baseline.period, baseline.value))
                    .unwrap_or_default(),
            ),
        ]);
        details.push(Detail::lines(
            "Targets",
            self.targets.iter().map(target_line).collect(),
        ));
        details.push(Detail::new("Note", text(self.note.as_ref())));
        details
    }
}

impl RecordView for Event {
    fn sheet_name() -> &'static str {
        "events"
    }

    fn summary_headers() -> Vec<&'static str> {
        vec!["ID", "Title", "Dates", "Place", "Series", "Objectives"]
    }

    fn summary_row(&self) -> Vec<String> {
        self.summary_row_in(english())
    }

    fn summary_row_in(&self, words: &Words) -> Vec<String> {
        vec![
            self.id.clone(),
            self.title.clone(),
            words.dates(self.start.as_ref(), self.end.as_ref()),
            place(self, words),
            text(self.series.as_ref()),
            self.objectives.len().to_string(),
        ]
    }

    fn field_names() -> Vec<&'static str> {
        vec![
            "id",
            "series",
            "title",
            "category",
            "city",
            "country",
            "start",
            "end",
            "organizers",
            "partners",
            "invited",
            "objectives",
            "links",
        ]
    }

    fn field_values(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            text(self.series.as_ref()),
            self.title.clone(),
            text(self.category.as_ref()),
            text(self.city.as_ref()),
            text(self.country.as_ref()),
            date(self.start.as_ref()),
            date(self.end.as_ref()),
            list_cell(&self.organizers),
            list_cell(&self.partners),
            self.invited
                .map(|count| count.to_string())
                .unwrap_or_default(),
            list_cell(&self.objectives),
            list_cell(&self.links),
        ]
    }

    fn details(&self) -> Vec<Detail> {
        self.details_in(english())
    }

    fn details_in(&self, words: &Words) -> Vec<Detail> {
        let numbered: Vec<String> = self
            .objectives
            .iter()
            .enumerate()
            .map(|(index, objective)| format!("{}. {objective}", index + 1))
            .collect();
        let mut details = pairs(vec![
            ("Title", self.title.clone()),
            ("ID", self.id.clone()),
            ("Series", text(self.series.as_ref())),
            ("Category", text(self.category.as_ref())),
            ("Dates", words.dates(self.start.as_ref(), self.end.as_ref())),
            ("Place", place(self, words)),
            ("Organizers", self.organizers.join(", ")),
            ("Partners", self.partners.join(", ")),
            (
                "Invited",
                self.invited
                    .map(|count| count.to_string())
                    .unwrap_or_default(),
            ),
        ]);
        details.push(Detail::lines("Objectives", numbered));
        details.push(Detail::lines("Links", self.links.clone()));
        details.push(Detail::new(
            "Completion",
            completion(self.completion.as_ref()),
        ));
        details.push(Detail::new(
            "Hours per day",
            self.hours_per_day
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        ));
        details
    }
}

/// "Dakar, Senegal (SN)", or whichever part is known.
fn place(event: &Event, words: &Words) -> String {
    match (&event.city, &event.country) {
        (Some(city), Some(code)) => format!("{city}, {}", country(Some(code), words)),
        (Some(city), None) => city.clone(),
        (None, code) => country(code.as_ref(), words),
    }
}

/// The columns `export participants` writes, in order; an import recognises its own export
/// by the first [`PARTICIPANT_EXPORT_RECOGNISED`] of them and keeps its ids.
pub const PARTICIPANT_EXPORT_FIELDS: [&str; 11] = [
    "id",
    "name",
    "organization",
    "sector",
    "country",
    "region",
    "email",
    "gender",
    "illustrative",
    "consent",
    "birth_year",
];

/// The columns every export has begun with since the first: a later column (`birth_year`)
/// is left out of the test, so an export made before it existed is still known for gsef's.
pub const PARTICIPANT_EXPORT_RECOGNISED: usize = 10;

impl RecordView for Participant {
    fn sheet_name() -> &'static str {
        "participants"
    }

    fn summary_headers() -> Vec<&'static str> {
        vec!["ID", "Name", "Organization", "Sector", "Country", "Region"]
    }

    fn summary_row(&self) -> Vec<String> {
        self.summary_row_in(english())
    }

    fn summary_row_in(&self, words: &Words) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            text(self.organization.as_ref()),
            text(self.sector.as_ref()),
            country(self.country.as_ref(), words),
            text(self.region.as_ref()),
        ]
    }

    fn field_names() -> Vec<&'static str> {
        PARTICIPANT_EXPORT_FIELDS.to_vec()
    }

    fn field_values(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            self.name.clone(),
            text(self.organization.as_ref()),
            text(self.sector.as_ref()),
            text(self.country.as_ref()),
            text(self.region.as_ref()),
            text(self.email.as_ref()),
            text(self.gender.as_ref()),
            if self.illustrative {
                "true".to_string()
            } else {
                String::new()
            },
            self.consent
                .map(Consent::as_str)
                .unwrap_or_default()
                .to_string(),
            self.birth_year
                .map(|year| year.to_string())
                .unwrap_or_default(),
        ]
    }

    fn details(&self) -> Vec<Detail> {
        self.details_in(english())
    }

    fn details_in(&self, words: &Words) -> Vec<Detail> {
        let mut details = pairs(vec![
            ("Name", self.name.clone()),
            ("ID", self.id.clone()),
            ("Organization", text(self.organization.as_ref())),
            ("Sector", text(self.sector.as_ref())),
            ("Country", country(self.country.as_ref(), words)),
            ("Region", text(self.region.as_ref())),
            ("Email", text(self.email.as_ref())),
            ("Gender", text(self.gender.as_ref())),
            (
                "Birth year",
                self.birth_year
                    .map(|year| year.to_string())
                    .unwrap_or_default(),
            ),
            (
                "Illustrative",
                if self.illustrative {
                    words.text("record-illustrative")
                } else {
                    String::new()
                },
            ),
            (
                "Consent",
                self.consent
                    .map_or("not recorded", Consent::as_str)
                    .to_string(),
            ),
            (
                "Forgotten",
                if self.forgotten {
                    words.text("record-forgotten")
                } else {
                    String::new()
                },
            ),
        ]);
        details.push(Detail::lines("Merged", merge_history(&self.merged)));
        details
    }
}

/// "min_days 2", or nothing.
fn completion(rule: Option<&Completion>) -> String {
    rule.map(ToString::to_string).unwrap_or_default()
}

/// One line per merge: "gus (ANA RUÍZ) on 2026-11-28T10:11:52Z, took region, gender".
fn merge_history(merged: &[MergedRecord]) -> Vec<String> {
    merged
        .iter()
        .map(|note| {
            let mut line = note.id.clone();
            if let Some(name) = &note.name {
                line.push_str(&format!(" ({name})"));
            }
            line.push_str(&format!(" on {}", note.at));
            if !note.took.is_empty() {
                line.push_str(&format!(", took {}", note.took.join(", ")));
            }
            line
        })
        .collect()
}

impl RecordView for Attendance {
    fn sheet_name() -> &'static str {
        "attendance"
    }

    fn summary_headers() -> Vec<&'static str> {
        vec!["Event", "Participant", "Status", "Role", "Days"]
    }

    fn summary_row(&self) -> Vec<String> {
        self.field_values()
    }

    fn field_names() -> Vec<&'static str> {
        vec!["event", "participant", "status", "role", "days"]
    }

    fn field_values(&self) -> Vec<String> {
        let days: Vec<String> = self.days.iter().map(ToString::to_string).collect();
        vec![
            self.event.clone(),
            self.participant.clone(),
            self.status.as_str().to_string(),
            self.role
                .map(|role| role.as_str().to_string())
                .unwrap_or_default(),
            days.join(" "),
        ]
    }

    fn details(&self) -> Vec<Detail> {
        Self::summary_headers()
            .into_iter()
            .zip(self.field_values())
            .map(|(field, value)| Detail::new(field, value))
            .collect()
    }
}
