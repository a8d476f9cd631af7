//! `gsef sheet`: the sign-in sheet printed for an event's days, and the same sheet as a
//! spreadsheet to type the ticks into, which `gsef import participants` reads back.
//!
//! Printed, it is one self-contained page of HTML laid out for A4. Its table head (the event's
//! title, dates in words, place and organisers, and the columns) and its foot (the consent
//! wording and a privacy line) repeat on every printed page, and the page margin says
//! "page 2 of 3". Each registered person is a row, in name order, with a short code
//! ([`SheetCodes`]) that brings the filled sheet back to them without matching names; blank
//! rows at the end are for people who come without registering.

use std::fmt::Write as _;
use std::io::Write;

use super::output_error;
use super::svg::escape;
use crate::error::Result;
use crate::language::{Arg, Words};
use crate::model::PartialDate;
use crate::model::sheet_code::SheetCodes;
use crate::model::{Event, Participant};

/// How many empty rows a sheet ends with unless told: a page's worth of walk-ins is more than
/// most events see, and a few fewer leave the last page short.
pub const DEFAULT_BLANK_ROWS: usize = 10;

/// More day columns than this turn the page to landscape, so each keeps room for a signature.
const PORTRAIT_DAYS: usize = 2;

/// A registered person's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub code: String,
    pub participant: String,
    pub name: String,
    pub organization: Option<String>,
}

/// An event's sheet: who is on it, the days it is signed for, and its wording.
#[derive(Debug, Clone)]
pub struct Sheet<'a> {
    pub event: &'a Event,
    pub rows: Vec<SheetRow>,
    /// One column per day; `None` for an event whose days are not known, signed on one
    /// column with its date left blank.
    pub days: Vec<Option<PartialDate>>,
    pub blank: usize,
    /// What ticking the consent box agrees to.
    pub consent: String,
}

impl<'a> Sheet<'a> {
    /// The sheet of `event` for the people in `registered` (anyone with a record at the event
    /// but a cancellation), in name order; `days` as [`Sheet::days`].
    pub fn new(
        event: &'a Event,
        registered: &[&Participant],
        days: Vec<Option<PartialDate>>,
        blank: usize,
        consent: String,
    ) -> Sheet<'a> {
        let codes = SheetCodes::new(
            &event.id,
            registered.iter().map(|person| person.id.as_str()),
        );
        let mut rows: Vec<SheetRow> = registered
            .iter()
            .map(|person| SheetRow {
                code: codes
                    .code_of(&person.id)
                    .expect("every registered person has a code"),
                participant: person.id.clone(),
                name: person.name.clone(),
                organization: person.organization.clone(),
            })
            .collect();
        rows.sort_by_cached_key(|row| (crate::model::folding::fold(&row.name), row.code.clone()));
        Sheet {
            event,
            rows,
            days,
            blank,
            consent,
        }
    }

    fn landscape(&self) -> bool {
        self.days.len() > PORTRAIT_DAYS
    }

    /// The spreadsheet's header: English names the import knows for CSV, the language's
    /// column titles (which the import knows too) for a workbook.
    pub fn headers(&self, words: Option<&Words>) -> Vec<String> {
        let title = |id: &str, english: &str| words.map_or(english.to_string(), |w| w.text(id));
        let mut headers = vec![
            title("sheet-code", "sheet code"),
            title("sheet-name", "name"),
            title("sheet-organization", "organization"),
            title("sheet-sector", "sector"),
            title("sheet-country", "country"),
            title("sheet-email", "email"),
        ];
        for day in &self.days {
            headers.push(match day {
                // Dates as ISO dates: the same in every language, and read back as days.
                Some(day) => day.to_string(),
                None => title("sheet-checked-in", "checked in"),
            });
        }
        headers.push(title("sheet-consent", "consent"));
        headers
    }

    /// The spreadsheet's rows: the registered people, then the blank rows.
    pub fn table_rows(&self) -> Vec<Vec<String>> {
        let width = 6 + self.days.len() + 1;
        let mut rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![
                    row.code.clone(),
                    row.name.clone(),
                    row.organization.clone().unwrap_or_default(),
                ];
                cells.resize(width, String::new());
                cells
            })
            .collect();
        rows.extend((0..self.blank).map(|_| vec![String::new(); width]));
        rows
    }

    /// The printable sheet, as one self-contained HTML page.
    pub fn write_html(&self, words: &Words, out: &mut dyn Write) -> Result<()> {
        out.write_all(self.html(words).as_bytes())
            .map_err(output_error)
    }

    fn html(&self, words: &Words) -> String {
        let event = self.event;
        let columns = 4 + self.days.len() + 1;
        let mut page = String::new();
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} — {}</title>\n<style>{}</style>\n</head>\n<body>\n",
            words.language().code(),
            escape(&words.text("sheet-title")),
            escape(&event.title),
            self.style(words),
        );
        // The columns' widths, set here: a fixed table takes them from its first row, which is
        // the heading's single cell.
        page.push_str("<table class=\"sheet\">\n<colgroup><col class=\"number\"><col class=\"code\"><col class=\"name\"><col class=\"organization\">");
        page.push_str(&"<col class=\"day\">".repeat(self.days.len()));
        page.push_str("<col class=\"consent\"></colgroup>\n<thead>\n");
        let _ = write!(
            page,
            "<tr class=\"heading\"><td colspan=\"{columns}\"><p class=\"kicker\">{}</p><h1>{}</h1>",
            escape(&words.text("sheet-title")),
            escape(&event.title)
        );
        page.push_str("<p class=\"facts\">");
        let dates = words.dates(event.start.as_ref(), event.end.as_ref());
        let mut facts = vec![(
            words.text("header-dates"),
            if dates.is_empty() {
                "____________".to_string()
            } else {
                dates
            },
        )];
        if let Some(place) = place(event, words) {
            facts.push((words.text("header-place"), place));
        }
        if !event.organizers.is_empty() {
            facts.push((
                words.text("header-organizers"),
                words.list(&event.organizers, "and"),
            ));
        }
        let facts: Vec<String> = facts
            .iter()
            .map(|(label, value)| {
                format!(
                    "<span><b>{}</b> {}</span>",
                    escape(&words.labelled(label)),
                    escape(value)
                )
            })
            .collect();
        page.push_str(&facts.join(" "));
        page.push_str("</p></td></tr>\n<tr class=\"columns\">");
        for (class, id) in [
            ("number", "sheet-number"),
            ("code", "sheet-code"),
            ("name", "sheet-name"),
            ("organization", "sheet-organization"),
        ] {
            let _ = write!(
                page,
                "<th class=\"{class}\">{}</th>",
                escape(&words.text(id))
            );
        }
        for day in &self.days {
            let date = day
                .map(|day| words.dates(Some(&day), None))
                .unwrap_or_else(|| "______".to_string());
            let _ = write!(
                page,
                "<th class=\"day\">{}<br><small>{}</small></th>",
                escape(&date),
                escape(&words.text("sheet-sign"))
            );
        }
        let _ = write!(
            page,
            "<th class=\"consent\">{}</th></tr>\n</thead>\n",
            escape(&words.text("sheet-consent-box"))
        );
        let _ = write!(
            page,
            "<tfoot><tr><td colspan=\"{columns}\"><p><span class=\"box\">☐</span> {}</p><p>{}</p><p>{}</p></td></tr></tfoot>\n<tbody>\n",
            escape(&self.consent),
            escape(&words.text("sheet-walk-ins")),
            escape(&words.text("sheet-privacy")),
        );
        let day_cells = "<td class=\"day\"></td>".repeat(self.days.len());
        let mut number = 0;
        for row in &self.rows {
            number += 1;
            let _ = writeln!(
                page,
                "<tr><td class=\"number\">{number}</td><td class=\"code\">{}</td><td class=\"name\">{}</td><td class=\"organization\">{}</td>{day_cells}<td class=\"consent\"><span class=\"box\">☐</span></td></tr>",
                escape(&row.code),
                escape(&row.name),
                escape(row.organization.as_deref().unwrap_or_default()),
            );
        }
        for _ in 0..self.blank {
            number += 1;
            let _ = writeln!(
                page,
                "<tr class=\"blank\"><td class=\"number\">{number}</td><td class=\"code\"></td><td class=\"name\"></td><td class=\"organization\"></td>{day_cells}<td class=\"consent\"><span class=\"box\">☐</span></td></tr>",
            );
        }
        page.push_str("</tbody>\n</table>\n</body>\n</html>\n");
        page
    }

    fn style(&self, words: &Words) -> String {
        let orientation = if self.landscape() {
            "landscape"
        } else {
            "portrait"
        };
        // The page's number, said in the language and counted by the printer: the message is
        // formatted around two markers that become the CSS counters.
        let said = words.with(
            "sheet-page",
            &[("page", Arg::Text("\u{1}")), ("pages", Arg::Text("\u{2}"))],
        );
        let mut counter = String::new();
        let mut text = String::new();
        for character in said.chars() {
            match character {
                '\u{1}' | '\u{2}' => {
                    if !text.is_empty() {
                        let _ = write!(counter, "{} ", css_string(&text));
                        text.clear();
                    }
                    let name = if character == '\u{1}' {
                        "page"
                    } else {
                        "pages"
                    };
                    let _ = write!(counter, "counter({name}) ");
                }
                other => text.push(other),
            }
        }
        if !text.is_empty() {
            counter.push_str(&css_string(&text));
        }
        format!(
            "
@page {{ size: A4 {orientation}; margin: 10mm 10mm 14mm;
  @bottom-right {{ content: {counter}; font: 8pt system-ui, 'DejaVu Sans', sans-serif; color: #444; }} }}
:root {{ color: #111; background: #fff; }}
body {{ font-family: system-ui, 'Segoe UI', 'DejaVu Sans', 'Noto Sans CJK KR', Arial, sans-serif;
  font-size: 10pt; margin: 0; }}
table.sheet {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
thead {{ display: table-header-group; }}
tfoot {{ display: table-footer-group; }}
tr {{ break-inside: avoid; }}
.heading td {{ border: none; padding: 0 0 3mm; }}
.kicker {{ text-transform: uppercase; letter-spacing: 0.08em; font-size: 8pt; color: #555; margin: 0; }}
h1 {{ font-size: 13pt; line-height: 1.2; margin: 1mm 0 1.5mm; }}
.facts {{ margin: 0; font-size: 9pt; }}
.facts span {{ margin-right: 5mm; display: inline-block; }}
th, tbody td {{ border: 0.6pt solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: middle;
  overflow-wrap: anywhere; }}
th {{ background: #eef2f5; font-size: 8pt; overflow-wrap: break-word; hyphens: auto; }}
td.number {{ font-size: 8pt; padding: 1mm 1mm; }}
tbody td {{ height: 8.5mm; }}
th small {{ font-weight: normal; color: #444; }}
.number {{ text-align: right; }}
col.number {{ width: 10mm; }} col.code {{ width: 22mm; }} col.organization {{ width: 21%; }}
col.day {{ width: {day_width}mm; }} col.consent {{ width: 20mm; }}
.code {{ font-family: 'DejaVu Sans Mono', monospace; font-size: 8.5pt; }}
.name {{ width: auto; }}
.organization {{ font-size: 8.5pt; }}
.consent {{ text-align: center; }}
.box {{ font-size: 12pt; }}
tfoot td {{ border: none; font-size: 7.5pt; color: #333; padding: 2mm 0 0; }}
tfoot p {{ margin: 0 0 1mm; }}
@media screen {{ table.sheet {{ max-width: {screen}mm; margin: 8mm auto; }} }}
",
            day_width = 25,
            screen = if self.landscape() { 277 } else { 190 },
        )
    }
}

/// Where the event is, in words: the city and the country's name, as far as recorded.
fn place(event: &Event, words: &Words) -> Option<String> {
    let country = event
        .country
        .as_deref()
        .map(|code| words.country(code).map_or(code.to_string(), str::to_string));
    match (event.city.clone(), country) {
        (Some(city), Some(country)) => Some(format!("{city}, {country}")),
        (city, country) => city.or(country),
    }
}

/// `text` as a CSS string literal.
fn css_string(text: &str) -> String {
    let mut quoted = String::from("\"");
    for character in text.chars() {
        match character {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(character);
            }
            '\n' => quoted.push_str("\\a "),
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_keep_quotes_inside() {
        assert_eq!(css_string("Página "), "\"Página \"");
        assert_eq!(css_string("a\"b\\"), "\"a\\\"b\\\\\"");
    }
}
