//! An accessible SVG bar chart of a report's participants, written by hand: the format is small
//! and a crate would add weight without adding what matters here (titles, escaping, layout).
//!
//! One dimension draws one bar per row. Two or more draw grouped bars: a group per value of the
//! first dimension, a bar per value of the others, coloured by that value and listed in a legend.
//! Every bar also carries its label in text, so colour is never the only way to tell bars apart,
//! and the chart's `<title>` and `<desc>` say what it counts, under which filters, and every
//! number, for screen readers.

use std::fmt::Write as _;
use std::io::Write;

use unicode_width::UnicodeWidthStr;

use super::cell;
use super::filters;
use super::fit;
use super::output_error;
use super::voice::Voice;
use crate::error::{Error, Result};
use crate::language::Arg;
use crate::report::{ColumnKind, Report, Value};

/// The column every chart draws: distinct people.
const MEASURE: &str = "participants";
/// The width of a chart on its own; a summary page draws a narrower one beside a table.
pub const WIDTH: f64 = 860.0;
const MARGIN: f64 = 20.0;
const ROW_HEIGHT: f64 = 24.0;
const BAR_HEIGHT: f64 = 18.0;
/// An estimate of one column of 13px text, to size the label area without a font engine.
const CHARACTER_WIDTH: f64 = 7.2;
/// Longer labels are cut with `…`; the full text stays in the bar's tooltip and the description.
const LABEL_LIMIT: usize = 42;
/// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies; the first is
/// also the colour of single-dimension bars. Yellow is left out: too pale on white.
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000",
];
const FONT: &str = "system-ui, 'Segoe UI', 'DejaVu Sans', Arial, sans-serif";

/// The colour of series `index` of `count`: the Okabe–Ito colours while they last; beyond
/// seven series, hues spaced evenly round the wheel at two lightnesses in turn, so no two
/// series of a chart ever share a colour (each bar also carries its label in text).
fn series_colour(index: usize, count: usize) -> String {
    if count <= PALETTE.len() {
        return PALETTE[index].to_string();
    }
    let hue = 360.0 * index as f64 / count as f64;
    let lightness = if index.is_multiple_of(2) { 0.38 } else { 0.55 };
    hsl_to_hex(hue, 0.7, lightness)
}

/// An HSL colour (hue in degrees, saturation and lightness from 0 to 1) as `#RRGGBB`.
fn hsl_to_hex(hue: f64, saturation: f64, lightness: f64) -> String {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let sector = hue / 60.0;
    let second = chroma * (1.0 - (sector % 2.0 - 1.0).abs());
    let (red, green, blue) = match sector as u32 {
        0 => (chroma, second, 0.0),
        1 => (second, chroma, 0.0),
        2 => (0.0, chroma, second),
        3 => (0.0, second, chroma),
        4 => (second, 0.0, chroma),
        _ => (chroma, 0.0, second),
    };
    let lift = lightness - chroma / 2.0;
    let channel = |value: f64| ((value + lift) * 255.0).round().clamp(0.0, 255.0) as u8;
    format!(
        "#{:02X}{:02X}{:02X}",
        channel(red),
        channel(green),
        channel(blue)
    )
}

/// One bar: its group (first dimension, when grouping), its own label, and its value.
struct Bar<'a> {
    group: Option<String>,
    label: String,
    value: &'a Value,
}

/// Writes `report`'s participants as an SVG document.
pub fn write_chart(report: &Report, voice: &Voice, out: &mut dyn Write) -> Result<()> {
    let svg = chart(report, voice)?;
    out.write_all(svg.as_bytes()).map_err(output_error)
}

/// The SVG document for `report`, as text.
pub fn chart(report: &Report, voice: &Voice) -> Result<String> {
    chart_of_width(report, WIDTH, voice)
}

/// The SVG document for `report`, `width` pixels wide, as text.
pub fn chart_of_width(report: &Report, width: f64, voice: &Voice) -> Result<String> {
    let words = voice.words;
    let measure = report.column_index(MEASURE).ok_or_else(|| {
        Error::Invalid(format!(
            "--format svg draws participants, and the {} report has no participants column; use `report attendance --by …`",
            report.name
        ))
    })?;
    let dimensions: Vec<usize> = (0..report.columns.len())
        .filter(|&index| report.columns[index].kind == ColumnKind::Dimension)
        .collect();
    let grouped = dimensions.len() >= 2;
    let bars: Vec<Bar> = report
        .rows
        .iter()
        .map(|row| {
            let texts: Vec<String> = dimensions
                .iter()
                .map(|&i| voice.in_words(&report.columns[i].name, &row[i]))
                .collect();
            let (group, label) = match texts.split_first() {
                Some((first, rest)) if grouped => (Some(first.clone()), rest.join(" · ")),
                _ => (None, texts.join(" · ")),
            };
            Bar {
                group,
                label,
                value: &row[measure],
            }
        })
        .collect();
    // Legend entries in alphabetical order, `(not recorded)` last, as the rows are sorted.
    let mut series: Vec<String> = Vec::new();
    if grouped {
        for bar in &bars {
            if !series.contains(&bar.label) {
                series.push(bar.label.clone());
            }
        }
        let not_recorded = words.text("not-recorded");
        series.sort_by(|a, b| (a == &not_recorded, a).cmp(&(b == &not_recorded, b)));
    }
    let title = title(report, &dimensions, voice);
    let description = description(report, &bars, measure, voice);

    let label_width = bars
        .iter()
        .map(|bar| shortened(&bar.label).width())
        .max()
        .unwrap_or(0);
    // A narrow chart (the summary's, half a page) gives its labels half its width; a wide one
    // keeps most of its width for the bars.
    let label_share = if width < 600.0 { 0.5 } else { 0.42 };
    #[allow(clippy::cast_precision_loss)] // label widths are a few dozen columns
    let label_area = (label_width as f64 * CHARACTER_WIDTH + 16.0)
        .clamp(120.0, (width * label_share).max(120.0));
    let bar_left = MARGIN + label_area;
    // A label ends 8 pixels before its bar and may start in the margin, never beyond it.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a width in columns
    let label_columns = ((MARGIN + label_area - 8.0) / CHARACTER_WIDTH).floor() as usize;
    let bar_area = width - bar_left - MARGIN - 70.0;
    let largest = bars
        .iter()
        .filter_map(|bar| bar.value.count())
        .max()
        .unwrap_or(0);

    // The filters in words may run longer than the chart is wide: wrapped at word boundaries.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // a width in columns
    let subtitle_columns = ((width - 2.0 * MARGIN) / SUBTITLE_CHARACTER_WIDTH).max(20.0) as usize;
    let subtitle = wrapped(&filters::in_words(&report.filters, voice), subtitle_columns);
    let mut body = String::new();
    #[allow(clippy::cast_precision_loss)] // a few lines
    let mut y = 64.0 + SUBTITLE_LINE * (subtitle.len().max(1) - 1) as f64;
    if grouped {
        y = legend(&mut body, &series, y, width);
    }
    let mut current_group: Option<&str> = None;
    for bar in &bars {
        if let Some(group) = bar.group.as_deref()
            && current_group != Some(group)
        {
            current_group = Some(group);
            y += 8.0;
            let _ = writeln!(
                body,
                r#"  <text x="{MARGIN}" y="{}" font-weight="bold" font-size="14">{}</text>"#,
                y + 14.0,
                escape(group)
            );
            y += ROW_HEIGHT;
        }
        let colour = if grouped {
            let index = series.iter().position(|s| s == &bar.label).unwrap_or(0);
            series_colour(index, series.len())
        } else {
            PALETTE[0].to_string()
        };
        let full_label = match &bar.group {
            Some(group) => format!("{group} · {}", bar.label),
            None => bar.label.clone(),
        };
        let number = cell::for_people(bar.value, report.min_count, words);
        let _ = writeln!(
            body,
            r#"  <text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>"#,
            bar_left - 8.0,
            y + 14.0,
            escape(&fit::shorten_between_words(
                &shortened(&bar.label),
                label_columns
            ))
        );
        let mut length = 0.0;
        if let Some(count) = bar.value.count()
            && largest > 0
        {
            #[allow(clippy::cast_precision_loss)] // counts of people stay far below 2^52
            let share = count as f64 / largest as f64;
            length = (share * bar_area).max(if count > 0 { 1.0 } else { 0.0 });
            let _ = writeln!(
                body,
                r#"  <rect x="{bar_left}" y="{}" width="{length:.1}" height="{BAR_HEIGHT}" fill="{colour}"><title>{}: {}</title></rect>"#,
                y + 2.0,
                escape(&full_label),
                escape(&number)
            );
        }
        let _ = writeln!(
            body,
            r#"  <text x="{:.1}" y="{}" font-size="13">{}</text>"#,
            bar_left + length + 6.0,
            y + 15.0,
            escape(&number)
        );
        y += ROW_HEIGHT;
    }
    if bars.is_empty() {
        let _ = writeln!(
            body,
            r#"  <text x="{MARGIN}" y="{}" font-size="13">{}</text>"#,
            y + 14.0,
            escape(&words.text("chart-nothing"))
        );
        y += ROW_HEIGHT;
    }
    let height = y + MARGIN;

    let mut svg = document_head(width, height, &title, &description, voice);
    let _ = writeln!(
        svg,
        r#"  <text x="{MARGIN}" y="30" font-size="18" font-weight="bold">{}</text>"#,
        escape(&title)
    );
    for (line, text) in subtitle.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)] // a few lines
        let line_y = 50.0 + SUBTITLE_LINE * line as f64;
        let _ = writeln!(
            svg,
            r##"  <text x="{MARGIN}" y="{line_y}" font-size="12" fill="#444444">{}</text>"##,
            escape(text)
        );
    }
    svg.push_str(&body);
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// The opening of a chart's document: its size, its title and description for screen readers
/// (which `aria-labelledby` points to), in the reader's language, on a white ground.
pub fn document_head(
    width: f64,
    height: f64,
    title: &str,
    description: &str,
    voice: &Voice,
) -> String {
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="gsef-chart-title gsef-chart-desc" font-family="{FONT}" xml:lang="{}">"#,
        voice.language().code()
    );
    let _ = writeln!(
        svg,
        r#"  <title id="gsef-chart-title">{}</title>"#,
        escape(title)
    );
    let _ = writeln!(
        svg,
        r#"  <desc id="gsef-chart-desc">{}</desc>"#,
        escape(description)
    );
    let _ = writeln!(
        svg,
        r##"  <rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    svg
}

/// An estimate of one column of the 12px subtitle.
const SUBTITLE_CHARACTER_WIDTH: f64 = 6.6;
/// The distance between the subtitle's lines.
const SUBTITLE_LINE: f64 = 15.0;

/// `text` in lines of at most `columns` display columns, broken between words (a word longer
/// than a line stands alone on its line).
fn wrapped(text: &str, columns: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.width() + 1 + word.width() > columns {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// Draws the legend in rows that fit the width; returns the `y` below it.
fn legend(body: &mut String, series: &[String], top: f64, width: f64) -> f64 {
    let mut x = MARGIN;
    let mut y = top;
    for (index, name) in series.iter().enumerate() {
        let shown = shortened(name);
        #[allow(clippy::cast_precision_loss)] // label widths are a few dozen columns
        let entry_width = 14.0 + 6.0 + shown.width() as f64 * CHARACTER_WIDTH + 18.0;
        if x + entry_width > width - MARGIN && x > MARGIN {
            x = MARGIN;
            y += 20.0;
        }
        let _ = writeln!(
            body,
            r#"  <rect x="{x:.1}" y="{}" width="14" height="14" fill="{}"/>"#,
            y + 2.0,
            series_colour(index, series.len())
        );
        let _ = writeln!(
            body,
            r#"  <text x="{:.1}" y="{}" font-size="13">{}</text>"#,
            x + 20.0,
            y + 14.0,
            escape(&shown)
        );
        x += entry_width;
    }
    y + 28.0
}

/// "Participants by sector and region", "부문 및 지역별 참가자".
fn title(report: &Report, dimensions: &[usize], voice: &Voice) -> String {
    let names: Vec<String> = dimensions
        .iter()
        .map(|&index| voice.title(&report.columns[index]).to_lowercase())
        .collect();
    if names.is_empty() {
        return voice.words.text("chart-participants");
    }
    let list = voice.words.list(&names, "and");
    voice
        .words
        .with("chart-participants-by", &[("list", Arg::Text(&list))])
}

/// What a screen reader says: the filters, the total, then every bar with its number.
fn description(report: &Report, bars: &[Bar], measure: usize, voice: &Voice) -> String {
    let words = voice.words;
    let mut text = filters::in_words(&report.filters, voice);
    text.push('.');
    if let Some(total) = report
        .totals
        .as_ref()
        .and_then(|totals| totals[measure].count())
    {
        let _ = write!(
            text,
            " {}",
            words.with("chart-in-total", &[("count", Arg::Count(total))])
        );
    }
    for bar in bars {
        let label = match &bar.group {
            Some(group) => format!("{group}, {}", bar.label),
            None => bar.label.clone(),
        };
        let _ = write!(
            text,
            " {label}: {}.",
            cell::for_people(bar.value, report.min_count, words)
        );
    }
    text
}

fn shortened(label: &str) -> String {
    if label.chars().count() <= LABEL_LIMIT {
        return label.to_string();
    }
    let mut kept: String = label.chars().take(LABEL_LIMIT - 1).collect();
    kept.push('…');
    kept
}

/// Escapes text for XML content and attribute values (the HTML summary's too).
///
/// What XML 1.0 forbids — C0 controls but tab, line feed and carriage return, U+FFFE and
/// U+FFFF — would make the whole document unreadable to an XML parser, so it becomes U+FFFD,
/// which shows that something was there. So do the Unicode non-characters (U+FDD0–U+FDEF and
/// the last two of every plane), which XML asks documents to avoid, and DEL and the C1
/// controls, which it discourages and which no renderer shows.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '\t' | '\n' | '\r' => escaped.push(character),
            c if c.is_control() || is_non_character(c) => {
                escaped.push(char::REPLACEMENT_CHARACTER);
            }
            c => escaped.push(c),
        }
    }
    escaped
}

/// U+FDD0–U+FDEF and U+nFFFE/U+nFFFF of every plane: code points Unicode keeps for internal use.
fn is_non_character(character: char) -> bool {
    let code = u32::from(character);
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// One well-formedness check for these unit tests and the integration tests that run the binary.
#[cfg(test)]
#[path = "../../tests/util/xml.rs"]
mod xml;

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::report::Column;

    pub use super::xml::assert_well_formed;

    fn report(dimensions: &[(&str, &str)], rows: Vec<Vec<Value>>) -> Report {
        let mut columns: Vec<Column> = dimensions
            .iter()
            .map(|(name, title)| Column::new(*name, *title, ColumnKind::Dimension))
            .collect();
        columns.push(Column::new(
            "participants",
            "Participants",
            ColumnKind::Measure,
        ));
        let mut filters = serde_json::Map::new();
        filters.insert("event".into(), serde_json::json!(["2019-11-mexico"]));
        filters.insert("status".into(), serde_json::json!(["attended"]));
        let mut totals = vec![Value::Missing; dimensions.len()];
        totals.push(Value::Count(5));
        Report {
            name: "attendance",
            dimensions: dimensions
                .iter()
                .map(|(name, _)| name.to_string())
                .collect(),
            filters,
            columns,
            rows,
            totals: Some(totals),
            min_count: Some(2),
        }
    }

    #[test]
    fn grouped_chart_is_titled_escaped_and_well_formed() {
        let text = |t: &str| Value::Text(t.to_string());
        let svg = chart(
            &report(
                &[("sector", "Sector"), ("region", "Region")],
                vec![
                    vec![text("government"), text("Québec"), Value::Count(3)],
                    vec![text("government"), Value::Missing, Value::Small],
                    vec![text("sse & <co-ops>"), text("Québec"), Value::Count(2)],
                ],
            ),
            &crate::output::voice::english(),
        )
        .unwrap();
        assert_well_formed(&svg);
        assert!(svg.contains(r#"role="img""#), "{svg}");
        assert!(
            svg.contains(
                r#"<title id="gsef-chart-title">Participants by sector and region</title>"#
            ),
            "{svg}"
        );
        // The description names the filters, the total and every bar, suppressed ones as shown.
        assert!(
            svg.contains("Event 2019-11-mexico; people who attended. 5 participants in total. Government, Québec: 3. Government, (not recorded): &lt;2. sse &amp; &lt;co-ops&gt;, Québec: 2."),
            "{svg}"
        );
        // A group heading per sector, one legend entry per region, and one rect per drawn bar
        // (the suppressed count draws none) plus the background and two legend swatches.
        assert_eq!(
            svg.matches(r#"font-weight="bold" font-size="14""#).count(),
            2
        );
        assert_eq!(svg.matches("<rect").count(), 1 + 2 + 2);
        assert!(svg.contains(">sse &amp; &lt;co-ops&gt;</text>"), "{svg}");
    }

    #[test]
    fn single_dimension_draws_plain_bars_scaled_to_the_largest() {
        let text = |t: &str| Value::Text(t.to_string());
        let svg = chart(
            &report(
                &[("region", "Region")],
                vec![
                    vec![text("Jalisco"), Value::Count(4)],
                    vec![text("Oaxaca"), Value::Count(2)],
                ],
            ),
            &crate::output::voice::english(),
        )
        .unwrap();
        assert_well_formed(&svg);
        // Labels of 7 columns give the minimum label area of 120, so bars start at 140 and
        // may be 860 - 140 - 20 - 70 = 630 wide: 4 draws 630, 2 draws 315.
        assert!(svg.contains(r#"x="140" y="66" width="630.0""#), "{svg}");
        assert!(svg.contains(r#"width="315.0""#), "{svg}");
        assert!(!svg.contains("#E69F00"), "one dimension uses one colour");
    }

    #[test]
    fn refuses_a_report_without_participants() {
        let mut events = report(&[("event", "Event")], vec![]);
        events.columns[1] = Column::new("attended", "Attended", ColumnKind::Measure);
        events.name = "events";
        let error = chart(&events, &crate::output::voice::english())
            .unwrap_err()
            .to_string();
        assert!(error.contains("no participants column"), "{error}");
    }

    #[test]
    fn characters_xml_forbids_become_the_replacement_character() {
        assert_eq!(
            escape("a\u{1}b\u{ffff}c\u{fffe}d\u{fdd0}e\u{1fffe}f\u{10ffff}g\u{9b}h\t\n"),
            "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e\u{fffd}f\u{fffd}g\u{fffd}h\t\n"
        );
        assert_eq!(
            escape("Québec \u{fdcf} \u{fdf0} \u{fffd}"),
            "Québec \u{fdcf} \u{fdf0} \u{fffd}"
        );
        let text = |t: &str| Value::Text(t.to_string());
        let svg = chart(
            &report(
                &[("region", "Region")],
                vec![vec![text("x\u{ffff}\u{fdd0}\u{1}<y>"), Value::Count(2)]],
            ),
            &crate::output::voice::english(),
        )
        .unwrap();
        assert_well_formed(&svg);
        assert!(
            svg.contains(">x\u{fffd}\u{fffd}\u{fffd}&lt;y&gt;</text>"),
            "{svg}"
        );
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"a&b <c> "d" 'e'"#),
            "a&amp;b &lt;c&gt; &quot;d&quot; &#39;e&#39;"
        );
    }

    /// However many series a chart has, no two share a colour.
    #[test]
    fn every_series_has_a_colour_of_its_own() {
        for count in 1..=40 {
            let colours: std::collections::HashSet<String> = (0..count)
                .map(|index| series_colour(index, count))
                .collect();
            assert_eq!(colours.len(), count, "{count} series");
        }
        assert_eq!(hsl_to_hex(0.0, 1.0, 0.5), "#FF0000");
        assert_eq!(hsl_to_hex(240.0, 1.0, 0.5), "#0000FF");
    }
}
