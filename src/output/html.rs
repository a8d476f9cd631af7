//! `report summary --format html`: one self-contained page for funders — styles and the chart
//! inline, no scripts, fonts or images to fetch — laid out to print on A4.

use std::fmt::Write as _;
use std::io::Write;

use super::cell::{right_aligned, rows_in_words};
use super::output_error;
use super::summary::{
    BY_REGION, BY_SECTOR, INVITED, RETURNING, RETURNING_EXPLAINED, events_heading, fact_lines,
    footnote, illustrative_note, outcomes_section,
};
use super::svg::{self, escape};
use super::voice::Voice;
use crate::error::Result;
use crate::language::Arg;
use crate::report::Report;
use crate::report::summary::Summary;

/// Screen and print styles. Print keeps sections whole, drops the page colour, and fits A4.
const STYLE: &str = "
:root { color: #1a1a1a; background: #ffffff; }
body { font-family: system-ui, 'Segoe UI', 'DejaVu Sans', Arial, sans-serif; font-size: 15px;
  line-height: 1.45; margin: 0; }
main { max-width: 860px; margin: 0 auto; padding: 24px; }
header { border-bottom: 3px solid #0072B2; margin-bottom: 16px; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 12px; color: #555555; margin: 0; }
h1 { font-size: 26px; line-height: 1.2; margin: 4px 0 6px; }
.series { margin: 0 0 10px; color: #444444; }
h2 { font-size: 18px; margin: 22px 0 8px; color: #004c78; }
h3 { font-size: 16px; margin: 12px 0 6px; }
.note { border-left: 4px solid #D55E00; background: #fff4ec; padding: 8px 12px; margin: 12px 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 8px; }
dt { font-weight: 600; }
dd { margin: 0; }
ol { margin: 4px 0 8px; padding-left: 22px; }
.tables { display: grid; grid-template-columns: 1fr 1fr; gap: 0 24px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 0 0 8px; }
th, td { padding: 3px 8px; border-bottom: 1px solid #d0d0d0; text-align: left; vertical-align: top; }
th { background: #eef4f9; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: 600; border-top: 2px solid #1a1a1a; }
figure { margin: 12px 0; }
figure svg { max-width: 100%; height: auto; }
figcaption, .explained, footer { font-size: 12px; color: #444444; }
footer { border-top: 1px solid #d0d0d0; margin-top: 20px; padding-top: 8px; }
@page { size: A4; margin: 10mm 14mm; }
@media print {
  body { font-size: 8.5pt; line-height: 1.3; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 16pt; }
  header { margin-bottom: 8pt; }
  .note { margin: 6pt 0; padding: 4pt 8pt; }
  ol, dl { margin-bottom: 4pt; }
  figure { margin: 4pt 0; }
  footer { margin-top: 4pt; padding-top: 3pt; }
  h2 { font-size: 12.5pt; margin: 8pt 0 3pt; }
  h3 { margin: 4pt 0; }
  table { font-size: 8pt; }
  th, td { padding: 1pt 4pt; }
  figure, table, .note, dl { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
";

/// The sector chart's width: half a page, so its text prints at the size of the tables'.
const CHART_WIDTH: f64 = 420.0;

pub fn write_summary(summary: &Summary, voice: &Voice, out: &mut dyn Write) -> Result<()> {
    let page = page(summary, voice)?;
    out.write_all(page.as_bytes()).map_err(output_error)
}

fn page(summary: &Summary, voice: &Voice) -> Result<String> {
    let words = voice.words;
    let heading = |id: &str| escape(&words.text(id));
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        voice.language().code(),
        escape(&summary.title)
    );
    let _ = writeln!(
        html,
        "<header>\n<p class=\"kicker\">{}</p>",
        heading("summary-kicker")
    );
    let _ = writeln!(html, "<h1>{}</h1>", escape(&summary.title));
    if let Some(series) = &summary.series_title {
        let part_of = words.with("summary-part-of", &[("series", Arg::Text(series))]);
        let _ = writeln!(html, "<p class=\"series\">{}</p>", escape(&part_of));
    }
    html.push_str("</header>\n");
    if let Some(note) = illustrative_note(summary, voice) {
        let _ = writeln!(
            html,
            "<p class=\"note\" role=\"note\"><strong>{}</strong> {}</p>",
            escape(&words.labelled(&words.text("summary-note"))),
            escape(&note)
        );
    }

    let _ = writeln!(
        html,
        "<section>\n<h2>{}</h2>",
        escape(&events_heading(summary, voice))
    );
    for event in &summary.events {
        // A single event's title is already the page's heading.
        if event.title != summary.title {
            let _ = writeln!(html, "<h3>{}</h3>", escape(&event.title));
        }
        html.push_str("<dl>\n");
        for (label, value) in fact_lines(event, voice) {
            let _ = writeln!(
                html,
                "<dt>{}</dt><dd>{}</dd>",
                escape(&label),
                escape(&value)
            );
        }
        html.push_str("</dl>\n");
        if !event.objectives.is_empty() {
            let _ = writeln!(
                html,
                "<p><strong>{}</strong></p>\n<ol>",
                heading("summary-objectives")
            );
            for objective in &event.objectives {
                let _ = writeln!(html, "<li>{}</li>", escape(objective));
            }
            html.push_str("</ol>\n");
        }
    }
    html.push_str("</section>\n");

    let _ = writeln!(html, "<section>\n<h2>{}</h2>", heading(INVITED));
    table(&mut html, &summary.invited_and_attended, voice);
    html.push_str("</section>\n");

    let _ = writeln!(
        html,
        "<section>\n<h2>{}</h2>\n<div class=\"tables\">\n<div>\n<h3>{}</h3>",
        heading("summary-who-came"),
        heading(BY_SECTOR)
    );
    table(&mut html, &summary.by_sector, voice);
    // One bar per sector, under its table where the region table leaves room, keeps the page
    // to one sheet; `report attendance --by sector,region --format svg` draws the grouped chart.
    if !summary.by_sector.rows.is_empty() {
        html.push_str("<figure>\n");
        html.push_str(&svg::chart_of_width(
            &summary.by_sector,
            CHART_WIDTH,
            voice,
        )?);
        let _ = writeln!(
            html,
            "<figcaption>{}</figcaption>\n</figure>",
            heading("summary-sector-caption")
        );
    }
    let _ = writeln!(html, "</div>\n<div>\n<h3>{}</h3>", heading(BY_REGION));
    table(&mut html, &summary.by_region, voice);
    html.push_str("</div>\n</div>\n");
    html.push_str("</section>\n");

    let _ = writeln!(
        html,
        "<section>\n<h2>{}</h2>\n<p class=\"explained\">{}</p>",
        heading(RETURNING),
        heading(RETURNING_EXPLAINED)
    );
    table(&mut html, &summary.returning, voice);
    html.push_str("</section>\n");

    if let Some(section) = outcomes_section(summary, voice) {
        let _ = writeln!(
            html,
            "<section>\n<h2>{}</h2>\n<ol class=\"outcomes\">",
            escape(&section.heading)
        );
        for objective in &section.objectives {
            // A bar a hundred units wide, drawn inline: it prints, and needs no script.
            let bar = objective.bar.map_or(String::new(), |share| {
                format!(
                    "<svg class=\"bar\" viewBox=\"0 0 100 8\" width=\"100\" height=\"8\" aria-hidden=\"true\"><rect width=\"100\" height=\"8\" fill=\"#e5e5e5\"/><rect width=\"{:.1}\" height=\"8\" fill=\"#1b6ca8\"/></svg> ",
                    share * 100.0
                )
            });
            let _ = writeln!(
                html,
                "<li><strong>{}</strong><br>{bar}{}</li>",
                escape(&objective.text),
                escape(&objective.rating)
            );
        }
        html.push_str("</ol>\n");
        for sentence in section.knowledge.iter().chain(&section.answered) {
            let _ = writeln!(html, "<p>{}</p>", escape(sentence));
        }
        html.push_str("</section>\n");
    }

    let _ = writeln!(
        html,
        "<footer>\n<p>{} {}</p>\n</footer>",
        escape(&footnote(summary, voice)),
        heading("summary-made-with")
    );
    html.push_str("</main>\n</body>\n</html>\n");
    Ok(html)
}

/// A report as an HTML table, its totals row in `<tfoot>`; cells spelled as in the terminal.
fn table(html: &mut String, report: &Report, voice: &Voice) {
    let right = right_aligned(report);
    let class = |index: usize| {
        if right[index] {
            " class=\"number\""
        } else {
            ""
        }
    };
    html.push_str("<table>\n<thead><tr>");
    for (index, column) in report.columns.iter().enumerate() {
        let _ = write!(
            html,
            "<th scope=\"col\"{}>{}</th>",
            class(index),
            escape(&voice.title(column))
        );
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    let rows: Vec<Vec<String>> = rows_in_words(report, voice).collect();
    let body_rows = report.rows.len();
    for (position, row) in rows.iter().enumerate() {
        if position == body_rows {
            html.push_str("</tbody>\n<tfoot>\n");
        }
        html.push_str("<tr>");
        for (index, cell) in row.iter().enumerate() {
            let _ = write!(html, "<td{}>{}</td>", class(index), escape(cell));
        }
        html.push_str("</tr>\n");
    }
    if rows.len() > body_rows {
        html.push_str("</tfoot>\n</table>\n");
    } else {
        html.push_str("</tbody>\n</table>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Column, ColumnKind, Value};

    #[test]
    fn tables_escape_cells_and_put_totals_in_the_footer() {
        let report = Report {
            name: "attendance",
            dimensions: vec!["sector".into()],
            filters: serde_json::Map::new(),
            columns: vec![
                Column::new("sector", "Sector", ColumnKind::Dimension),
                Column::new("participants", "Participants", ColumnKind::Measure),
            ],
            rows: vec![vec![Value::Text("<sse & co>".into()), Value::Count(2)]],
            totals: Some(vec![Value::Missing, Value::Count(2)]),
            min_count: None,
        };
        let mut html = String::new();
        table(&mut html, &report, &crate::output::voice::english());
        assert_eq!(
            html,
            "<table>\n<thead><tr><th scope=\"col\">Sector</th><th scope=\"col\" class=\"number\">Participants</th></tr></thead>\n\
             <tbody>\n<tr><td>&lt;sse &amp; co&gt;</td><td class=\"number\">2</td></tr>\n\
             </tbody>\n<tfoot>\n<tr><td>Total</td><td class=\"number\">2</td></tr>\n</tfoot>\n</table>\n"
        );
        crate::output::svg::tests::assert_well_formed(&html);
    }
}
