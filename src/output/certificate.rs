//! `gsef certificate`: certificates as one self-contained HTML document — styles inline, no
//! scripts, fonts or images to fetch — with one A4 page per person, each in that person's
//! language. Every text from the records is escaped; every word around it comes from the
//! language's catalogue.

use std::fmt::Write as _;
use std::io::Write;

use super::output_error;
use super::svg::escape;
use crate::error::Result;
use crate::language::{Arg, Language};
use crate::model::{CertificateBasis, Event, PartialDate};
use crate::report::certificates::Achievement;

/// One certificate as it is printed.
#[derive(Debug, Clone)]
pub struct CertificatePage<'a> {
    pub language: Language,
    /// The person's name, as recorded.
    pub name: &'a str,
    pub event: &'a Event,
    pub basis: CertificateBasis,
    pub achievement: Achievement,
    /// Whether to list the event's objectives.
    pub objectives: bool,
    pub code: &'a str,
    /// The day it was issued, when the register's time of issue gives one.
    pub issued: Option<PartialDate>,
    /// The person is a made-up record, which the page must say.
    pub illustrative: bool,
}

/// A4 pages, each a frame of fixed size that holds one certificate; a page that held more
/// than fits would print on two sheets, which the browser check counts.
const STYLE: &str = "
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #ffffff; color: #1a1a1a; }
body { font-family: Georgia, 'Noto Serif', 'DejaVu Serif', 'Noto Serif CJK KR', 'Noto Sans CJK KR', serif; }
.certificate { width: 210mm; height: 296mm; padding: 14mm; margin: 0 auto; overflow: hidden; }
.certificate + .certificate { break-before: page; }
.certificate:lang(ko) { word-break: keep-all; }
.frame { height: 100%; border: 2.5mm double #0b4f71; padding: 14mm 16mm 10mm;
  display: flex; flex-direction: column; text-align: center; }
h1 { font-size: 27pt; font-weight: normal; margin: 0 0 12mm; color: #0b4f71; }
.certifies, .statement { font-size: 13pt; margin: 0; }
.name { font-size: 25pt; font-weight: bold; margin: 5mm 0 5mm; overflow-wrap: anywhere; }
.event { font-size: 17pt; font-style: italic; margin: 5mm 0 3mm; overflow-wrap: anywhere; }
.measure { font-size: 12pt; margin: 0 0 6mm; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 1.5mm 5mm; text-align: left;
  font-size: 11pt; margin: 4mm auto 0; max-width: 150mm; }
dt { font-weight: bold; color: #0b4f71; }
dd { margin: 0; overflow-wrap: anywhere; }
.objectives { text-align: left; font-size: 10pt; line-height: 1.35; margin: 6mm auto 0; max-width: 150mm; }
.objectives h2 { font-size: 11pt; margin: 0 0 1.5mm; color: #0b4f71; }
.objectives ol { margin: 0; padding-left: 6mm; }
.objectives li { margin: 0 0 1mm; overflow-wrap: anywhere; }
.note { font-size: 10pt; border: 0.4mm solid #d55e00; background: #fff4ec; padding: 2mm 4mm; margin: 6mm 0 0; }
footer { margin-top: auto; padding-top: 6mm; border-top: 0.3mm solid #b8c9d4; font-size: 9.5pt; line-height: 1.4; }
footer p { margin: 0 0 1.5mm; }
.code { font-family: 'DejaVu Sans Mono', 'Noto Sans Mono', monospace; font-size: 15pt; letter-spacing: 0.06em;
  font-weight: bold; margin: 1mm 0 2mm; }
code { font-family: 'DejaVu Sans Mono', 'Noto Sans Mono', monospace; font-size: 9pt; white-space: nowrap; }
@media screen { body { background: #e8e8e8; } .certificate { background: #ffffff; margin: 8mm auto; } }
";

/// Writes `pages` as one document, one sheet each, in order.
pub fn write_certificates(pages: &[CertificatePage], out: &mut dyn Write) -> Result<()> {
    out.write_all(document(pages).as_bytes())
        .map_err(output_error)
}

/// The document of `pages`; its language is the first page's (each page says its own).
pub fn document(pages: &[CertificatePage]) -> String {
    let language = pages.first().map_or(Language::En, |page| page.language);
    let title = pages.first().map_or_else(String::new, |page| {
        format!(
            "{} — {}",
            page.language.words().text(title_id(page.basis)),
            page.event.title
        )
    });
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        language.code(),
        escape(&title)
    );
    for page in pages {
        write_page(&mut html, page);
    }
    html.push_str("</body>\n</html>\n");
    html
}

fn title_id(basis: CertificateBasis) -> &'static str {
    match basis {
        CertificateBasis::Attended => "certificate-title-attended",
        CertificateBasis::Completed => "certificate-title-completed",
    }
}

fn write_page(html: &mut String, page: &CertificatePage) {
    let words = page.language.words();
    let text = |id: &str| escape(&words.text(id));
    let event = page.event;
    let _ = writeln!(
        html,
        "<section class=\"certificate\" lang=\"{}\">\n<div class=\"frame\">",
        page.language.code()
    );
    let _ = writeln!(html, "<h1>{}</h1>", text(title_id(page.basis)));
    let _ = writeln!(
        html,
        "<p class=\"certifies\">{}</p>",
        text("certificate-certifies")
    );
    let _ = writeln!(html, "<p class=\"name\">{}</p>", escape(page.name));
    let statement = match page.basis {
        CertificateBasis::Attended => "certificate-attended",
        CertificateBasis::Completed => "certificate-completed",
    };
    let _ = writeln!(html, "<p class=\"statement\">{}</p>", text(statement));
    let _ = writeln!(html, "<p class=\"event\">{}</p>", escape(&event.title));
    let count = |value: u32| Arg::Count(u64::from(value));
    let measure = match page.achievement {
        Achievement::Attended => None,
        Achievement::Days {
            present,
            required,
            length: Some(length),
        } => Some(words.with(
            "certificate-days",
            &[
                ("present", count(present)),
                ("days", count(length)),
                ("required", count(required)),
            ],
        )),
        Achievement::Days {
            present,
            required,
            length: None,
        } => Some(words.with(
            "certificate-days-of-rule",
            &[("present", count(present)), ("required", count(required))],
        )),
        Achievement::Minutes { minutes, required } => Some(words.with(
            "certificate-minutes",
            &[("minutes", count(minutes)), ("required", count(required))],
        )),
    };
    if let Some(measure) = measure {
        let _ = writeln!(html, "<p class=\"measure\">{}</p>", escape(&measure));
    }
    let mut facts: Vec<(&str, String)> = Vec::new();
    let dates = words.dates(event.start.as_ref(), event.end.as_ref());
    if !dates.is_empty() {
        facts.push(("certificate-dates", dates));
    }
    let country = event
        .country
        .as_deref()
        .map(|code| words.country(code).unwrap_or(code).to_string());
    let place: Vec<String> = event.city.iter().cloned().chain(country).collect();
    if !place.is_empty() {
        facts.push(("certificate-place", place.join(", ")));
    }
    if !event.organizers.is_empty() {
        facts.push((
            "certificate-organizers",
            words.list(&event.organizers, "and"),
        ));
    }
    if !facts.is_empty() {
        html.push_str("<dl>\n");
        for (label, value) in facts {
            let _ = writeln!(html, "<dt>{}</dt><dd>{}</dd>", text(label), escape(&value));
        }
        html.push_str("</dl>\n");
    }
    if page.objectives && !event.objectives.is_empty() {
        let _ = writeln!(
            html,
            "<div class=\"objectives\">\n<h2>{}</h2>\n<ol>",
            text("certificate-objectives")
        );
        for objective in &event.objectives {
            let _ = writeln!(html, "<li>{}</li>", escape(objective));
        }
        html.push_str("</ol>\n</div>\n");
    }
    if page.illustrative {
        let _ = writeln!(
            html,
            "<p class=\"note\" role=\"note\">{}</p>",
            text("certificate-illustrative")
        );
    }
    html.push_str("<footer>\n");
    if let Some(issued) = &page.issued {
        let date = words.dates(Some(issued), None);
        let _ = writeln!(
            html,
            "<p>{}</p>",
            escape(&words.with("certificate-issued", &[("date", Arg::Text(&date))]))
        );
    }
    let _ = writeln!(
        html,
        "<p>{}</p>\n<p class=\"code\">{}</p>",
        text("certificate-code"),
        escape(page.code)
    );
    // The command is code, not words: set in <code>, never translated. The catalogue's text is
    // escaped first with a control character in its place, which escaping turns into U+FFFD
    // (no message has one of its own), and that is then replaced by the command's markup.
    let command = format!("gsef certificate verify {}", page.code);
    let verify = words.with("certificate-verify", &[("command", Arg::Text("\u{1}"))]);
    let verify = escape(&verify).replace(
        char::REPLACEMENT_CHARACTER,
        &format!("<code>{}</code>", escape(&command)),
    );
    let _ = writeln!(html, "<p>{verify}</p>");
    html.push_str("</footer>\n</div>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workshop() -> Event {
        serde_json::from_value(serde_json::json!({"id": "2019-11-mexico",
            "title": "Taller <ESS> & \"redes\"", "city": "Ciudad de México", "country": "MX",
            "start": "2019-11-27", "end": "2019-11-28", "organizers": ["INAES", "GSEF"],
            "objectives": ["Compartir <prácticas>"]}))
        .unwrap()
    }

    fn page<'a>(event: &'a Event, language: Language, name: &'a str) -> CertificatePage<'a> {
        CertificatePage {
            language,
            name,
            event,
            basis: CertificateBasis::Completed,
            achievement: Achievement::Days {
                present: 2,
                required: 2,
                length: Some(2),
            },
            objectives: true,
            code: "7KQ2-M4XD-0F9B-TR3C",
            issued: "2026-12-01".parse().ok(),
            illustrative: false,
        }
    }

    #[test]
    fn a_page_says_everything_in_its_language_and_escapes_the_records() {
        let event = workshop();
        let html = document(&[page(&event, Language::Es, "Ana <b>Ruiz</b> & Peña")]);
        for expected in [
            "<html lang=\"es\">",
            "<section class=\"certificate\" lang=\"es\">",
            "Constancia de conclusión",
            "Ana &lt;b&gt;Ruiz&lt;/b&gt; &amp; Peña",
            "Taller &lt;ESS&gt; &amp; &quot;redes&quot;",
            "con asistencia a 2 de sus 2 días; para concluirlo se requieren 2",
            "27–28 de noviembre de 2019",
            "Ciudad de México, México",
            "INAES y GSEF",
            "<li>Compartir &lt;prácticas&gt;</li>",
            "Expedida el 1 de diciembre de 2026",
            "<code>gsef certificate verify 7KQ2-M4XD-0F9B-TR3C</code>",
            "@page { size: A4",
        ] {
            assert!(html.contains(expected), "{expected}\n{html}");
        }
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("http"), "nothing to fetch: {html}");
    }

    #[test]
    fn each_person_has_a_page_in_their_own_language() {
        let event = workshop();
        let html = document(&[
            page(&event, Language::Ko, "김은지"),
            page(&event, Language::En, "Ben Soto"),
        ]);
        assert_eq!(html.matches("<section class=\"certificate\"").count(), 2);
        assert!(html.contains("<section class=\"certificate\" lang=\"ko\">"));
        assert!(html.contains("수료증"));
        assert!(html.contains("2019년 11월 27–28일"));
        assert!(html.contains("Certificate of completion"));
        assert!(html.contains("attending 2 of its 2 days; completing it takes 2"));
    }
}
