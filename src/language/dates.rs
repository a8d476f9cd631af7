//! Dates in words, as each language writes them on a page: "27–28 November 2019", "27–28 de
//! noviembre de 2019", "27–28 novembre 2019", "2019년 11월 27–28일". A span says its shared month
//! and year once. The English forms are the ones messages use (`PartialDate::human`).

use super::Language;
use crate::model::PartialDate;
use crate::model::date::MONTH_NAMES;

const SPANISH_MONTHS: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const FRENCH_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Between the two ends of a span: an en dash, set apart when an end has more than one word.
const CLOSE_DASH: &str = "–";
const SPACED_DASH: &str = " – ";

/// How much of a date is written: the day and month may be left to the other end of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The day alone ("27" of "27–28 November 2019").
    Day,
    /// Day and month, the year said once at the end ("27 November" of "27 November – 2
    /// December 2019").
    DayMonth,
    /// All the date holds.
    Whole,
}

/// A date, or a span from `start` to `end`; empty when neither is known.
pub fn span(language: Language, start: Option<&PartialDate>, end: Option<&PartialDate>) -> String {
    let (start, end) = match (start, end) {
        (None, None) => return String::new(),
        (Some(only), None) | (None, Some(only)) => return date(language, only, Part::Whole),
        (Some(start), Some(end)) if start == end => return date(language, start, Part::Whole),
        (Some(start), Some(end)) => (start, end),
    };
    let same_year = start.year == end.year;
    let same_month = same_year && start.month.is_some() && start.month == end.month;
    let both_days = start.day.is_some() && end.day.is_some();
    if language == Language::Ko {
        // Korean writes from the year down, so the shared part comes first and the end drops
        // it: 2019년 11월 27–28일, 2019년 11월 30일 – 12월 2일.
        return match (same_month && both_days, same_year && both_days) {
            (true, _) => format!(
                "{}년 {}월 {}{CLOSE_DASH}{}일",
                start.year,
                start.month.unwrap_or(1),
                start.day.unwrap_or(1),
                end.day.unwrap_or(1)
            ),
            (false, true) => format!(
                "{}{SPACED_DASH}{}월 {}일",
                date(language, start, Part::Whole),
                end.month.unwrap_or(1),
                end.day.unwrap_or(1)
            ),
            _ => format!(
                "{}{SPACED_DASH}{}",
                date(language, start, Part::Whole),
                date(language, end, Part::Whole)
            ),
        };
    }
    let (first, dash) = match (same_month && both_days, same_year && both_days) {
        (true, _) => (Part::Day, CLOSE_DASH),
        (false, true) => (Part::DayMonth, SPACED_DASH),
        _ => (Part::Whole, SPACED_DASH),
    };
    format!(
        "{}{dash}{}",
        date(language, start, first),
        date(language, end, Part::Whole)
    )
}

/// One date, or the `part` of it a span's first end shows.
fn date(language: Language, date: &PartialDate, part: Part) -> String {
    let year = date.year;
    let Some(month) = date.month else {
        return match language {
            Language::Ko => format!("{year}년"),
            _ => year.to_string(),
        };
    };
    let index = usize::from(month.clamp(1, 12)) - 1;
    let day = date.day.map(|day| match (language, day) {
        (Language::Fr, 1) => "1er".to_string(),
        (_, day) => day.to_string(),
    });
    match language {
        Language::En | Language::Fr => {
            let month_name = if language == Language::En {
                MONTH_NAMES[index]
            } else {
                FRENCH_MONTHS[index]
            };
            match (day, part) {
                (Some(day), Part::Day) => day,
                (Some(day), Part::DayMonth) => format!("{day} {month_name}"),
                (Some(day), Part::Whole) => format!("{day} {month_name} {year}"),
                (None, _) => format!("{month_name} {year}"),
            }
        }
        Language::Es => {
            let month_name = SPANISH_MONTHS[index];
            match (day, part) {
                (Some(day), Part::Day) => day,
                (Some(day), Part::DayMonth) => format!("{day} de {month_name}"),
                (Some(day), Part::Whole) => format!("{day} de {month_name} de {year}"),
                (None, _) => format!("{month_name} de {year}"),
            }
        }
        Language::Ko => match day {
            Some(day) => format!("{year}년 {month}월 {day}일"),
            None => format!("{year}년 {month}월"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::date::human_span;

    fn day(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    fn spans(language: Language) -> Vec<String> {
        let pairs = [
            ("2019-11-27", "2019-11-28"),
            ("2019-11-30", "2019-12-02"),
            ("2019-12-30", "2020-01-03"),
            ("2019-05", "2019-05"),
            ("2019-05", "2019-06"),
            ("2019", "2019"),
            ("2019-11-01", "2019-11-03"),
        ];
        pairs
            .iter()
            .map(|(start, end)| span(language, Some(&day(start)), Some(&day(end))))
            .collect()
    }

    #[test]
    fn spans_say_the_shared_month_and_year_once_in_each_language() {
        assert_eq!(
            spans(Language::En),
            [
                "27–28 November 2019",
                "30 November – 2 December 2019",
                "30 December 2019 – 3 January 2020",
                "May 2019",
                "May 2019 – June 2019",
                "2019",
                "1–3 November 2019",
            ]
        );
        assert_eq!(
            spans(Language::Es),
            [
                "27–28 de noviembre de 2019",
                "30 de noviembre – 2 de diciembre de 2019",
                "30 de diciembre de 2019 – 3 de enero de 2020",
                "mayo de 2019",
                "mayo de 2019 – junio de 2019",
                "2019",
                "1–3 de noviembre de 2019",
            ]
        );
        assert_eq!(
            spans(Language::Fr),
            [
                "27–28 novembre 2019",
                "30 novembre – 2 décembre 2019",
                "30 décembre 2019 – 3 janvier 2020",
                "mai 2019",
                "mai 2019 – juin 2019",
                "2019",
                "1er–3 novembre 2019",
            ]
        );
        assert_eq!(
            spans(Language::Ko),
            [
                "2019년 11월 27–28일",
                "2019년 11월 30일 – 12월 2일",
                "2019년 12월 30일 – 2020년 1월 3일",
                "2019년 5월",
                "2019년 5월 – 2019년 6월",
                "2019년",
                "2019년 11월 1–3일",
            ]
        );
    }

    #[test]
    fn english_spans_are_the_ones_messages_use() {
        for (start, end) in [
            ("2019-11-27", "2019-11-28"),
            ("2019-11-30", "2019-12-02"),
            ("2019-05", "2019-06"),
        ] {
            let (start, end) = (day(start), day(end));
            assert_eq!(
                span(Language::En, Some(&start), Some(&end)),
                human_span(Some(&start), Some(&end))
            );
        }
        assert_eq!(span(Language::Fr, None, None), "");
        assert_eq!(
            span(Language::Es, None, Some(&day("2019-11-28"))),
            "28 de noviembre de 2019"
        );
    }
}
