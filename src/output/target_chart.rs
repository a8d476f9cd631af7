//! `report indicators --format svg`: each indicator's actuals as bars against their targets,
//! a period to a bar and each breakdown value to a thinner bar under it, in an accessible SVG.
//!
//! A bar is scaled to the largest actual or target of its indicator, so a bar that reaches its
//! target's mark has met it. The target is a dark mark across the bar's track, and every bar
//! says its numbers in text ("2 of 111, 1.8%"), so nothing is told by length or colour alone;
//! the `<desc>` says the same for screen readers.

use std::fmt::Write as _;
use std::io::Write;

use super::indicators::progress;
use super::output_error;
use super::svg::{document_head, escape};
use super::voice::Voice;
use crate::error::Result;
use crate::report::Value;
use crate::report::indicators::{IndicatorsAside, Measured};

const WIDTH: f64 = 860.0;
const MARGIN: f64 = 20.0;
const LABEL_AREA: f64 = 220.0;
const TEXT_AREA: f64 = 190.0;
const ROW: f64 = 24.0;
/// Okabe–Ito blue for the whole count, sky blue for its breakdown values.
const WHOLE_COLOUR: &str = "#0072B2";
const PART_COLOUR: &str = "#56B4E9";

/// One bar to draw.
struct Bar<'r> {
    label: String,
    measured: &'r Measured,
    /// A breakdown value's bar, drawn thinner and indented under its period's.
    part: bool,
}

/// Writes the chart of every indicator's results.
pub fn write_chart(
    aside: &IndicatorsAside,
    min_count: Option<u64>,
    voice: &Voice,
    out: &mut dyn Write,
) -> Result<()> {
    let words = voice.words;
    let not_recorded = words.text("not-recorded");
    let mut body = String::new();
    let mut description = Vec::new();
    let mut y = 50.0;
    let bar_left = MARGIN + LABEL_AREA;
    let bar_area = WIDTH - bar_left - TEXT_AREA - MARGIN;
    for result in &aside.results {
        let mut bars = Vec::new();
        for row in &result.periods {
            let period = row.period.clone().unwrap_or_else(|| not_recorded.clone());
            bars.push(Bar {
                label: period.clone(),
                measured: &row.measured,
                part: false,
            });
            for split in &row.breakdowns {
                let value = split.value.clone().unwrap_or_else(|| not_recorded.clone());
                let breakdown = voice.in_words("breakdown", &Value::Text(split.breakdown.clone()));
                bars.push(Bar {
                    label: format!("{breakdown}: {value}"),
                    measured: &split.measured,
                    part: true,
                });
            }
        }
        let largest = bars
            .iter()
            .flat_map(|bar| [bar.measured.actual.count(), bar.measured.target])
            .flatten()
            .max()
            .unwrap_or(0);
        y += 12.0;
        let heading = format!("{} — {}", result.indicator.id, result.indicator.title);
        let _ = writeln!(
            body,
            r#"  <text x="{MARGIN}" y="{}" font-weight="bold" font-size="14">{}</text>"#,
            y + 14.0,
            escape(&super::fit::shorten(&heading, 110))
        );
        y += ROW;
        description.push(format!("{heading}."));
        for bar in &bars {
            let text = progress(bar.measured, min_count, words);
            description.push(format!("{}: {text}.", bar.label));
            let (height, colour, size) = if bar.part {
                (12.0, PART_COLOUR, 12)
            } else {
                (18.0, WHOLE_COLOUR, 13)
            };
            let _ = writeln!(
                body,
                r#"  <text x="{}" y="{}" text-anchor="end" font-size="{size}">{}</text>"#,
                bar_left - 8.0,
                y + 14.0,
                escape(&super::fit::shorten(
                    &bar.label,
                    if bar.part { 28 } else { 26 }
                ))
            );
            let track_y = y + 2.0 + (18.0 - height) / 2.0;
            let _ = writeln!(
                body,
                r##"  <rect x="{bar_left}" y="{track_y}" width="{bar_area}" height="{height}" fill="#eeeeee"/>"##
            );
            #[allow(clippy::cast_precision_loss)] // counts stay far below 2^52
            let scale = |count: u64| {
                if largest == 0 {
                    0.0
                } else {
                    count as f64 / largest as f64 * bar_area
                }
            };
            if let Some(actual) = bar.measured.actual.count()
                && actual > 0
            {
                let _ = writeln!(
                    body,
                    r#"  <rect x="{bar_left}" y="{track_y}" width="{:.1}" height="{height}" fill="{colour}"><title>{}: {}</title></rect>"#,
                    scale(actual).max(1.0),
                    escape(&bar.label),
                    escape(&text)
                );
            }
            if let Some(target) = bar.measured.target {
                let x = bar_left + scale(target);
                let _ = writeln!(
                    body,
                    r##"  <rect x="{:.1}" y="{}" width="3" height="{}" fill="#000000"/>"##,
                    (x - 1.5).max(bar_left),
                    track_y - 3.0,
                    height + 6.0
                );
            }
            let _ = writeln!(
                body,
                r#"  <text x="{}" y="{}" font-size="{size}">{}</text>"#,
                bar_left + bar_area + 10.0,
                y + 15.0,
                escape(&text)
            );
            y += if bar.part { ROW - 4.0 } else { ROW };
        }
    }
    let title = words.text("chart-indicators");
    let legend = words.text("chart-indicators-legend");
    let height = y + MARGIN + 20.0;
    let mut svg = document_head(WIDTH, height, &title, &description.join(" "), voice);
    let _ = writeln!(
        svg,
        r#"  <text x="{MARGIN}" y="30" font-size="18" font-weight="bold">{}</text>"#,
        escape(&title)
    );
    svg.push_str(&body);
    let _ = writeln!(
        svg,
        r##"  <text x="{MARGIN}" y="{}" font-size="12" fill="#444444">{}</text>"##,
        height - MARGIN,
        escape(&legend)
    );
    svg.push_str("</svg>\n");
    out.write_all(svg.as_bytes()).map_err(output_error)
}
