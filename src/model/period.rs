//! A period of the calendar as an indicator counts by it: a year, a quarter, a month or a fiscal
//! year, spelled as reports spell a period dimension's values (`2019`, `2019-Q4`, `2019-11`,
//! `FY2020`), and the months it covers, by which periods are ordered, stepped through and
//! compared with an event's dates.

use super::date::PartialDate;
use super::dimension::Dimension;

/// The months a date may fall in, first and last: one for a day or a month, twelve for a year.
pub fn months_of(date: PartialDate) -> (MonthIndex, MonthIndex) {
    let (first_year, first_month, _) = date.first_day();
    let (last_year, last_month, _) = date.last_day();
    (
        month_index(first_year, first_month),
        month_index(last_year, last_month),
    )
}

/// One period of one period dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    /// The year as spelled: the calendar year, or the year a fiscal year ends in.
    year: u16,
    /// The quarter (1–4) or month (1–12); 0 for a year or a fiscal year.
    part: u8,
    kind: Dimension,
}

/// A month as a number that counts up through the years: `year * 12 + month - 1`.
pub type MonthIndex = u32;

fn month_index(year: u16, month: u8) -> MonthIndex {
    u32::from(year) * 12 + u32::from(month) - 1
}

fn year_and_month(index: MonthIndex) -> (u16, u8) {
    (
        u16::try_from(index / 12).unwrap_or(u16::MAX),
        u8::try_from(index % 12 + 1).unwrap_or(12),
    )
}

/// Four digits, as a period spells its year.
fn four_digit_year(digits: &str) -> Option<u16> {
    (digits.len() == 4 && digits.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

impl Period {
    /// `text` as a value of `kind` (`year`, `quarter`, `month` or `fiscal-year-MM`); `None`
    /// when it is not spelled as that dimension spells its values.
    pub fn parse(kind: Dimension, text: &str) -> Option<Period> {
        let (year, part) = match kind {
            Dimension::Year => (four_digit_year(text)?, 0),
            Dimension::FiscalYear(_) => (four_digit_year(text.strip_prefix("FY")?)?, 0),
            Dimension::Quarter => {
                let (digits, quarter) = text.split_once("-Q")?;
                let quarter = match quarter {
                    "1" => 1,
                    "2" => 2,
                    "3" => 3,
                    "4" => 4,
                    _ => return None,
                };
                (four_digit_year(digits)?, quarter)
            }
            Dimension::Month => {
                let (digits, month) = text.split_once('-')?;
                if month.len() != 2 || !month.bytes().all(|byte| byte.is_ascii_digit()) {
                    return None;
                }
                let month: u8 = month.parse().ok()?;
                if !(1..=12).contains(&month) {
                    return None;
                }
                (four_digit_year(digits)?, month)
            }
            _ => return None,
        };
        Some(Period { year, part, kind })
    }

    /// The period of `kind` that the month `month` falls in; `None` when `kind` is no period.
    pub fn containing(kind: Dimension, month: MonthIndex) -> Option<Period> {
        let (year, month) = year_and_month(month);
        Period::of_date(
            kind,
            PartialDate {
                year,
                month: Some(month),
                day: None,
            },
        )
    }

    /// The kind of period `text` spells, with `fiscal_first_month` deciding which fiscal year
    /// `FY2020` is; `None` when it spells none.
    pub fn parse_any(text: &str, fiscal_first_month: Option<u8>) -> Option<Period> {
        let mut kinds = vec![Dimension::Year, Dimension::Quarter, Dimension::Month];
        kinds.extend(fiscal_first_month.map(Dimension::FiscalYear));
        kinds.into_iter().find_map(|kind| Period::parse(kind, text))
    }

    /// The period of `kind` that `date` falls in; `None` when the date is too loose to place
    /// (a year alone has no quarter) or `kind` is no period. A fiscal year not starting in
    /// January needs the month.
    pub fn of_date(kind: Dimension, date: PartialDate) -> Option<Period> {
        let year = date.year;
        let (year, part) = match (kind, date.month) {
            (Dimension::Year, _) | (Dimension::FiscalYear(1), None) => (year, 0),
            (Dimension::Quarter, Some(month)) => (year, (month - 1) / 3 + 1),
            (Dimension::Month, Some(month)) => (year, month),
            (Dimension::FiscalYear(first), Some(month)) if first > 1 && month >= first => {
                (year + 1, 0)
            }
            (Dimension::FiscalYear(_), Some(_)) => (year, 0),
            _ => return None,
        };
        Some(Period { year, part, kind })
    }

    /// The year it is named by: a fiscal year's is the year it ends in.
    pub fn year(self) -> u16 {
        self.year
    }

    pub fn kind(self) -> Dimension {
        self.kind
    }

    /// The months the period covers, first and last.
    pub fn months(self) -> (MonthIndex, MonthIndex) {
        let first = match self.kind {
            Dimension::Quarter => month_index(self.year, (self.part - 1) * 3 + 1),
            Dimension::Month => month_index(self.year, self.part),
            Dimension::FiscalYear(first_month) if first_month > 1 => {
                month_index(self.year - 1, first_month)
            }
            _ => month_index(self.year, 1),
        };
        let length = match self.kind {
            Dimension::Quarter => 3,
            Dimension::Month => 1,
            _ => 12,
        };
        (first, first + length - 1)
    }

    /// How many months the period covers.
    pub fn length(self) -> u32 {
        let (first, last) = self.months();
        last - first + 1
    }

    /// The months from the start of the year the period falls in (the fiscal year, for a
    /// fiscal year) to the period's end: what "year to date" covers at this period.
    pub fn year_to_date(self) -> (MonthIndex, MonthIndex) {
        let (first, last) = self.months();
        match self.kind {
            Dimension::FiscalYear(_) => (first, last),
            _ => (last - last % 12, last),
        }
    }

    /// The months of the `count` periods of its kind ending with this one.
    pub fn rolling(self, count: u32) -> (MonthIndex, MonthIndex) {
        let (_, last) = self.months();
        (last + 1 - (count * self.length()).min(last + 1), last)
    }

    /// The period after this one.
    pub fn next(self) -> Period {
        let (year, part) = match (self.kind, self.part) {
            (Dimension::Quarter, 4) | (Dimension::Month, 12) => (self.year + 1, 1),
            (Dimension::Quarter | Dimension::Month, part) => (self.year, part + 1),
            _ => (self.year + 1, 0),
        };
        Period { year, part, ..self }
    }

    /// The first and last day, ISO 8601: `FY2020` from October runs `2019-10-01` to
    /// `2020-09-30`.
    pub fn span(self) -> (String, String) {
        let (first, last) = self.months();
        let (first_year, first_month) = year_and_month(first);
        let (last_year, last_month) = year_and_month(last);
        let (_, _, last_day) = PartialDate {
            year: last_year,
            month: Some(last_month),
            day: None,
        }
        .last_day();
        (
            format!("{first_year:04}-{first_month:02}-01"),
            format!("{last_year:04}-{last_month:02}-{last_day:02}"),
        )
    }

    /// True when every month of `self` lies within `other`.
    pub fn within(self, other: Period) -> bool {
        let (first, last) = self.months();
        let (outer_first, outer_last) = other.months();
        outer_first <= first && last <= outer_last
    }

    /// Whether a date lies in the period: `Some(true)` or `Some(false)` when every day it may
    /// mean does or does not, `None` when it is too loose to say (`2019` and `2019-Q4`).
    pub fn holds(self, date: PartialDate) -> Option<bool> {
        let (date_first, date_last) = months_of(date);
        let (first, last) = self.months();
        if first <= date_first && date_last <= last {
            Some(true)
        } else if date_last < first || last < date_first {
            Some(false)
        } else {
            None
        }
    }
}

/// Periods in time order: by the months they cover.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.months(), self.year, self.part).cmp(&(other.months(), other.year, other.part))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Dimension::Quarter => write!(f, "{}-Q{}", self.year, self.part),
            Dimension::Month => write!(f, "{}-{:02}", self.year, self.part),
            Dimension::FiscalYear(_) => write!(f, "FY{}", self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

/// How a value of `kind` is spelled, for a message.
pub fn example(kind: Dimension) -> &'static str {
    match kind {
        Dimension::Quarter => "a quarter such as 2019-Q4",
        Dimension::Month => "a month such as 2019-11",
        Dimension::FiscalYear(_) => "a fiscal year such as FY2020",
        _ => "a year such as 2019",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(kind: Dimension, text: &str) -> Period {
        Period::parse(kind, text).unwrap()
    }

    #[test]
    fn periods_are_spelled_as_their_dimension_spells_them() {
        for (kind, text) in [
            (Dimension::Year, "2019"),
            (Dimension::Quarter, "2019-Q4"),
            (Dimension::Month, "2019-11"),
            (Dimension::FiscalYear(10), "FY2020"),
        ] {
            assert_eq!(period(kind, text).to_string(), text);
        }
        for (kind, text) in [
            (Dimension::Year, "2019-Q4"),
            (Dimension::Year, "19"),
            (Dimension::Quarter, "2019-Q5"),
            (Dimension::Month, "2019-13"),
            (Dimension::Month, "2019-1"),
            (Dimension::FiscalYear(10), "2020"),
            (Dimension::Gender, "2019"),
        ] {
            assert_eq!(Period::parse(kind, text), None, "{kind} {text}");
        }
    }

    #[test]
    fn a_fiscal_year_is_named_by_the_year_it_ends_in() {
        let fiscal = period(Dimension::FiscalYear(10), "FY2020");
        assert_eq!(
            fiscal.span(),
            ("2019-10-01".to_string(), "2020-09-30".to_string())
        );
        assert_eq!(
            period(Dimension::FiscalYear(1), "FY2020").span(),
            ("2020-01-01".to_string(), "2020-12-31".to_string())
        );
        assert_eq!(fiscal.next().to_string(), "FY2021");
        assert!(period(Dimension::Month, "2019-11").within(fiscal));
        assert!(!period(Dimension::Year, "2019").within(fiscal));
    }

    #[test]
    fn periods_step_through_the_year() {
        assert_eq!(
            period(Dimension::Quarter, "2019-Q4").next().to_string(),
            "2020-Q1"
        );
        assert_eq!(
            period(Dimension::Month, "2019-12").next().to_string(),
            "2020-01"
        );
        assert_eq!(
            period(Dimension::Month, "2020-02").span(),
            ("2020-02-01".to_string(), "2020-02-29".to_string())
        );
        assert!(period(Dimension::Quarter, "2019-Q3") < period(Dimension::Quarter, "2019-Q4"));
    }

    #[test]
    fn windows_end_with_their_period() {
        let quarter = period(Dimension::Quarter, "2020-Q1");
        let months =
            |(first, last): (MonthIndex, MonthIndex)| (year_and_month(first), year_and_month(last));
        assert_eq!(months(quarter.year_to_date()), ((2020, 1), (2020, 3)));
        assert_eq!(months(quarter.rolling(4)), ((2019, 4), (2020, 3)));
        let november = period(Dimension::Month, "2019-11");
        assert_eq!(months(november.year_to_date()), ((2019, 1), (2019, 11)));
        assert_eq!(months(november.rolling(3)), ((2019, 9), (2019, 11)));
        let fiscal = period(Dimension::FiscalYear(10), "FY2020");
        assert_eq!(months(fiscal.year_to_date()), ((2019, 10), (2020, 9)));
    }

    #[test]
    fn a_loose_date_lies_in_a_period_only_when_all_of_it_does() {
        let quarter = period(Dimension::Quarter, "2019-Q4");
        let date = |text: &str| text.parse::<PartialDate>().unwrap();
        assert_eq!(quarter.holds(date("2019-11-27")), Some(true));
        assert_eq!(quarter.holds(date("2019-11")), Some(true));
        assert_eq!(quarter.holds(date("2019-05")), Some(false));
        assert_eq!(quarter.holds(date("2019")), None);
        assert_eq!(quarter.holds(date("2018")), Some(false));
        assert_eq!(
            period(Dimension::Year, "2019").holds(date("2019")),
            Some(true)
        );
        assert_eq!(
            Period::parse_any("FY2020", Some(10)).map(Period::kind),
            Some(Dimension::FiscalYear(10))
        );
        assert_eq!(Period::parse_any("FY2020", None), None);
    }
}
