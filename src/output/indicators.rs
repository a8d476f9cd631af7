//! What stands beside `report indicators`' table: the `indicators` list scripts and donors'
//! systems read (each with its actual, target and breakdowns), a headline per indicator for
//! people ("62 of 111, 56%"), and, with `--explain`, what each rule made of one person's
//! records.

use serde_json::{Map, Value as Json};

use super::cell;
use super::notes::Note;
use crate::language::{Arg, Language, Words};
use crate::report::indicators::{
    BreakdownResult, Check, Explanation, IndicatorResult, IndicatorsAside, Listing, Measured,
    PeriodResult, share,
};
use crate::report::trained::{Basis, Why};

/// The notes of an indicators report: the results, then any explanation.
pub fn notes(aside: &IndicatorsAside, min_count: Option<u64>, words: &Words) -> Vec<Note> {
    let mut notes = vec![results_note(aside, min_count, words)];
    if !aside.explanations.is_empty() {
        notes.push(explanation_note(&aside.explanations, words));
    }
    if !aside.listings.is_empty() {
        notes.push(listing_note(&aside.listings, words));
    }
    notes
}

/// `--list`: for each indicator and period, the units counted, named; then how many people
/// were counted without being named.
fn listing_note(listings: &[Listing], words: &Words) -> Note {
    let not_recorded = words.text("not-recorded");
    let mut lines = Vec::new();
    for listing in listings {
        let mut periods: Vec<(Option<&str>, Vec<String>)> = Vec::new();
        for unit in &listing.listed {
            let shown = match (&unit.name, &unit.event) {
                (Some(name), Some(event)) => format!("{name} ({}, {event})", unit.id),
                (Some(name), None) => format!("{name} ({})", unit.id),
                (None, _) => unit.id.clone(),
            };
            match periods.last_mut() {
                Some((period, units)) if *period == unit.period.as_deref() => units.push(shown),
                _ => periods.push((unit.period.as_deref(), vec![shown])),
            }
        }
        if periods.is_empty() {
            lines.push(words.with(
                "listing-none",
                &[("indicator", Arg::Text(&listing.indicator))],
            ));
        }
        for (period, units) in periods {
            let period = period.unwrap_or(&not_recorded);
            lines.push(format!(
                "{}, {period}: {}",
                listing.indicator,
                units.join(", ")
            ));
        }
        if listing.not_listed > 0 {
            lines.push(words.with(
                "listing-withheld",
                &[
                    ("indicator", Arg::Text(&listing.indicator)),
                    ("count", Arg::Count(listing.not_listed)),
                ],
            ));
        }
    }
    let json = listings
        .iter()
        .map(|listing| {
            serde_json::json!({
                "indicator": listing.indicator,
                "not_listed": listing.not_listed,
                "units": listing.listed.iter().map(|unit| serde_json::json!({
                    "period": unit.period,
                    "id": unit.id,
                    "name": unit.name,
                    "event": unit.event,
                })).collect::<Vec<_>>(),
            })
        })
        .collect::<Vec<_>>();
    Note {
        key: "listed",
        heading: words.text("note-listing"),
        json: Json::from(json),
        lines,
    }
}

/// The headline of each indicator's actual against its target; the JSON list in full.
fn results_note(aside: &IndicatorsAside, min_count: Option<u64>, words: &Words) -> Note {
    let lines = aside
        .results
        .iter()
        .map(|result| {
            let (measured, period) = headline(result, aside.period.as_deref());
            let progress = progress(measured, min_count, words);
            let framework = match &result.indicator.code {
                Some(code) => format!("{} {code}", result.indicator.framework),
                None => result.indicator.framework.clone(),
            };
            let when = match period {
                Some(period) => words.with("indicator-in-period", &[("period", Arg::Text(period))]),
                None => words.text("indicator-all-periods"),
            };
            words.with(
                "indicator-headline",
                &[
                    ("id", Arg::Text(&result.indicator.id)),
                    ("framework", Arg::Text(&framework)),
                    ("progress", Arg::Text(&progress)),
                    ("when", Arg::Text(&when)),
                ],
            )
        })
        .collect();
    let json = aside
        .results
        .iter()
        .map(|result| result_json(result, aside.period.as_deref()))
        .collect::<Vec<_>>();
    Note {
        key: "indicators",
        heading: words.text("note-indicators"),
        json: Json::from(json),
        lines,
    }
}

/// What an indicator's headline reports: the period asked for, or every period together.
fn headline<'r>(
    result: &'r IndicatorResult,
    asked: Option<&'r str>,
) -> (&'r Measured, Option<&'r str>) {
    match asked_row(result, asked) {
        Some(row) => (&row.measured, asked),
        None => (&result.total, asked),
    }
}

/// The row of the period `--period` asked for.
fn asked_row<'r>(result: &'r IndicatorResult, asked: Option<&str>) -> Option<&'r PeriodResult> {
    let asked = asked?;
    (result.periods.iter()).find(|row| row.period.as_deref() == Some(asked))
}

/// "62 of 111, 56%", or "62, no target set", in the reader's language.
pub fn progress(measured: &Measured, min_count: Option<u64>, words: &Words) -> String {
    let actual = cell::for_people(&measured.actual, min_count, words);
    match measured.target {
        None => words.with("indicator-no-target", &[("actual", Arg::Text(&actual))]),
        Some(target) => {
            let share = cell::for_people(&share(measured), min_count, words);
            words.with(
                "indicator-progress",
                &[
                    ("actual", Arg::Text(&actual)),
                    ("target", Arg::Text(&words.count(target))),
                    ("share", Arg::Text(&share)),
                ],
            )
        }
    }
}

fn measured_json(entry: &mut Map<String, Json>, measured: &Measured) {
    entry.insert("actual".into(), cell::for_scripts(&measured.actual));
    entry.insert("target".into(), Json::from(measured.target));
    entry.insert("share".into(), cell::for_scripts(&share(measured)));
    for (key, value) in [
        ("to_date", &measured.to_date),
        ("rolling", &measured.rolling),
    ] {
        if let Some(value) = value {
            entry.insert(key.into(), cell::for_scripts(value));
        }
    }
}

fn breakdowns_json(breakdowns: &[BreakdownResult]) -> Json {
    Json::from(
        breakdowns
            .iter()
            .map(|split| {
                let mut entry = Map::new();
                entry.insert("breakdown".into(), Json::from(split.breakdown.as_str()));
                entry.insert("value".into(), Json::from(split.value.clone()));
                measured_json(&mut entry, &split.measured);
                Json::Object(entry)
            })
            .collect::<Vec<_>>(),
    )
}

/// One entry of the JSON `indicators` list: the definition's names, the headline actual and
/// target (the period asked for, or all), its breakdowns, and each period's.
fn result_json(result: &IndicatorResult, asked: Option<&str>) -> Json {
    let indicator = &result.indicator;
    let mut entry = Map::new();
    entry.insert("id".into(), Json::from(indicator.id.as_str()));
    entry.insert("title".into(), Json::from(indicator.title.as_str()));
    entry.insert("framework".into(), Json::from(indicator.framework.as_str()));
    entry.insert("code".into(), Json::from(indicator.code.clone()));
    entry.insert("unit".into(), Json::from(indicator.unit.as_str()));
    entry.insert("once_per".into(), Json::from(indicator.once_per.as_str()));
    entry.insert(
        "period_kind".into(),
        Json::from(indicator.period.argument()),
    );
    entry.insert("period".into(), Json::from(asked));
    let (measured, breakdowns) = match asked_row(result, asked) {
        Some(row) => (&row.measured, &row.breakdowns),
        None => (&result.total, &result.total_breakdowns),
    };
    measured_json(&mut entry, measured);
    entry.insert("breakdowns".into(), breakdowns_json(breakdowns));
    entry.insert(
        "baseline".into(),
        serde_json::to_value(&indicator.baseline).unwrap_or(Json::Null),
    );
    let periods = result
        .periods
        .iter()
        .map(|row| {
            let mut period = Map::new();
            period.insert("period".into(), Json::from(row.period.clone()));
            let (start, end) = row.span.clone().unzip();
            period.insert("start".into(), Json::from(start));
            period.insert("end".into(), Json::from(end));
            measured_json(&mut period, &row.measured);
            period.insert("breakdowns".into(), breakdowns_json(&row.breakdowns));
            Json::Object(period)
        })
        .collect::<Vec<_>>();
    entry.insert("periods".into(), Json::from(periods));
    Json::Object(entry)
}

/// `--explain`: for each indicator, where the person was counted, then each record's check.
fn explanation_note(explanations: &[Explanation], words: &Words) -> Note {
    let participant = explanations
        .first()
        .map(|explanation| explanation.participant.as_str())
        .unwrap_or_default();
    let mut lines = Vec::new();
    for explanation in explanations {
        lines.push(verdict(explanation, words));
        if explanation.steps.is_empty() {
            lines.push(format!("· {}", words.text("explain-no-records")));
        }
        for step in &explanation.steps {
            lines.push(format!("· {}", step_line(&step.event, &step.check, words)));
        }
    }
    // Scripts read the same account in English, as the rest of the document is.
    let english = Language::En.words();
    let json = explanations
        .iter()
        .map(|explanation| {
            serde_json::json!({
                "indicator": explanation.indicator,
                "participant": explanation.participant,
                "counted": explanation.counted.is_some(),
                "through_colleague": explanation.counted.as_ref().is_some_and(|counted| counted.through_colleague),
                "event": explanation.counted.as_ref().map(|counted| counted.event.clone()),
                "period": explanation.counted.as_ref().and_then(|counted| counted.period.clone()),
                "steps": explanation.steps.iter().map(|step| serde_json::json!({
                    "event": step.event,
                    "outcome": check_name(&step.check),
                    "note": step_line(&step.event, &step.check, english),
                })).collect::<Vec<_>>(),
            })
        })
        .collect::<Vec<_>>();
    Note {
        key: "explanation",
        heading: words.with(
            "note-explanation",
            &[("participant", Arg::Text(participant))],
        ),
        json: Json::from(json),
        lines,
    }
}

fn verdict(explanation: &Explanation, words: &Words) -> String {
    let indicator = Arg::Text(&explanation.indicator);
    match &explanation.counted {
        None => words.with("explain-not-counted", &[("indicator", indicator)]),
        Some(counted) => match &counted.period {
            Some(period) if counted.through_colleague => words.with(
                "explain-counted-organisation",
                &[
                    ("indicator", indicator),
                    ("period", Arg::Text(period)),
                    ("event", Arg::Text(&counted.event)),
                ],
            ),
            Some(period) => words.with(
                "explain-counted",
                &[
                    ("indicator", indicator),
                    ("period", Arg::Text(period)),
                    ("event", Arg::Text(&counted.event)),
                ],
            ),
            None => words.with(
                "explain-counted-unplaced",
                &[
                    ("indicator", indicator),
                    ("event", Arg::Text(&counted.event)),
                ],
            ),
        },
    }
}

/// A check as scripts name it.
fn check_name(check: &Check) -> &'static str {
    match check {
        Check::OutsidePeriods => "outside-periods",
        Check::Status(_) => "status",
        Check::Incomplete { .. } => "incomplete",
        Check::NoPostTest => "no-post-test",
        Check::BelowMastery { .. } => "below-mastery",
        Check::HoursUnrecorded => "hours-unrecorded",
        Check::HoursShort { .. } => "hours-short",
        Check::NoOrganization => "no-organization",
        Check::Counted | Check::CountedByStatus(_) => "counted",
        Check::AlreadyCounted => "already-counted",
    }
}

/// One record's check, as a line: "2019-11-mexico: present on 1 day, and the rule asks for 2".
fn step_line(event: &str, check: &Check, words: &Words) -> String {
    let event = ("event", Arg::Text(event));
    // Whole hours as a count ("3"), a part of one to two decimals ("1.33").
    let hours = |value: f64| {
        let rounded = (value * 100.0).round() / 100.0;
        if rounded.fract() == 0.0 && rounded >= 0.0 {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // whole, at least 0
            words.count(rounded as u64)
        } else {
            words.decimal(rounded)
        }
    };
    match check {
        Check::OutsidePeriods => words.with("explain-outside", &[event]),
        Check::Status(status) => {
            let status = words
                .optional(&format!("status-{}", status.as_str()))
                .unwrap_or_else(|| status.as_str().to_string())
                .to_lowercase();
            words.with("explain-status", &[event, ("status", Arg::Text(&status))])
        }
        Check::Incomplete {
            basis: Basis::Minutes(required),
            minutes,
            ..
        } => words.with(
            "explain-minutes",
            &[
                event,
                ("minutes", Arg::Count(u64::from(minutes.unwrap_or(0)))),
                ("required", Arg::Count(u64::from(*required))),
            ],
        ),
        Check::Incomplete { basis, days, .. } => {
            let required = match basis {
                Basis::Days(required) => u64::from(*required),
                _ => 0,
            };
            words.with(
                "explain-days",
                &[
                    event,
                    ("days", Arg::Count(*days as u64)),
                    ("required", Arg::Count(required)),
                ],
            )
        }
        Check::NoPostTest => words.with("explain-no-post-test", &[event]),
        Check::BelowMastery { share, mastery } => words.with(
            "explain-below-mastery",
            &[
                event,
                ("share", Arg::Text(&words.percent(*share))),
                ("mastery", Arg::Text(&words.percent(*mastery))),
            ],
        ),
        Check::HoursUnrecorded => words.with("explain-hours-unrecorded", &[event]),
        Check::HoursShort { so_far, needed } => words.with(
            "explain-hours-short",
            &[
                event,
                ("hours", Arg::Text(&hours(*so_far))),
                ("needed", Arg::Text(&hours(*needed))),
            ],
        ),
        Check::NoOrganization => words.with("explain-no-organization", &[event]),
        Check::Counted => words.with("explain-counted-here", &[event]),
        Check::CountedByStatus(why) => {
            let reason = words.text(match why {
                Why::MinutesUnrecorded => "reason-minutes-unrecorded",
                Why::LengthUnknown => "reason-length-unknown",
                _ => "reason-days-unlisted",
            });
            words.with(
                "explain-by-status",
                &[event, ("reason", Arg::Text(&reason))],
            )
        }
        Check::AlreadyCounted => words.with("explain-already", &[event]),
    }
}
