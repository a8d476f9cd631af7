//! The voice a report speaks in: the reader's language, and the store's own sector labels.
//! Every renderer takes its words, titles and names of things from a [`Voice`], so a report in
//! Spanish is Spanish in its table, its chart and its workbook alike.

use std::sync::OnceLock;

use crate::language::{Language, Words};
use crate::model::SectorVocabulary;
use crate::report::{Column, Report, Value};

#[derive(Debug, Clone, Copy)]
pub struct Voice<'a> {
    pub words: &'static Words,
    sectors: &'a SectorVocabulary,
}

impl<'a> Voice<'a> {
    pub fn new(language: Language, sectors: &'a SectorVocabulary) -> Voice<'a> {
        Voice {
            words: language.words(),
            sectors,
        }
    }

    pub fn language(&self) -> Language {
        self.words.language()
    }

    /// A column's title for people: the catalogue's title for its name, or, for a column named
    /// after a value (an `--across` column), the title the report gave it.
    pub fn title(&self, column: &Column) -> String {
        // A fiscal year's column is named by its first month; its title is the same for all.
        let name = match column.name.strip_prefix("fiscal_year_") {
            Some(_) => "fiscal_year",
            None => &column.name,
        };
        self.words
            .optional(&format!("column-{name}"))
            .unwrap_or_else(|| column.title.clone())
    }

    /// Every column's title, in order (see [`Voice::title`]).
    pub fn titles(&self, report: &Report) -> Vec<String> {
        report
            .columns
            .iter()
            .map(|column| self.title(column))
            .collect()
    }

    /// A dimension's value as a funder reads it, in Markdown, HTML, charts and workbooks: a
    /// country by its name (México for `MX`), a sector by its label, a status or role by its
    /// word; where terminal tables, CSV and JSON keep the ids that scripts and filters use. A
    /// value nobody named is shown as it is.
    pub fn in_words(&self, column: &str, value: &Value) -> String {
        let Value::Text(id) = value else {
            return self.label(value);
        };
        let named = match column {
            "country" | "event_country" => self.words.country(id).map(str::to_string),
            "sector" => self
                .sectors
                .label_in(id, self.language().code())
                .map(str::to_string),
            "status" => self.words.optional(&format!("status-{id}")),
            // `report indicators`: the row of every period, or of the whole count.
            "period" | "breakdown" | "value" if id == crate::report::indicators::WHOLE => {
                self.words.optional("indicators-all")
            }
            "breakdown" => self.words.optional(&format!("column-{id}")),
            "role" => self.words.optional(&format!("role-{id}")),
            _ => None,
        };
        named.unwrap_or_else(|| id.clone())
    }

    /// A dimension's value as it is recorded (an id, a code), with a missing one in words.
    pub fn label(&self, value: &Value) -> String {
        match value {
            Value::Text(text) => text.clone(),
            // A year, as a dimension's value, is never grouped in thousands.
            Value::Count(count) => count.to_string(),
            _ => self.words.text("not-recorded"),
        }
    }

    /// A country's name, or its code when gsef does not know it.
    pub fn country(&self, code: &str) -> String {
        self.words
            .country(code)
            .map_or_else(|| code.to_string(), str::to_string)
    }
}

/// English, with gsef's own sector labels: for renderers' tests and callers with no store.
pub fn english() -> Voice<'static> {
    static SECTORS: OnceLock<SectorVocabulary> = OnceLock::new();
    Voice::new(
        Language::En,
        SECTORS.get_or_init(SectorVocabulary::default_vocabulary),
    )
}
