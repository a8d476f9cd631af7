//! Calendar dates with reduced precision (`2019`, `2019-05`, `2019-11-27`), as real records know them.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date known to the year, the month or the day.
///
/// Ordering sorts by year, then month, then day, with a less precise date before a more precise
/// one in the same period (`2019-05` < `2019-05-01`); range checks use [`PartialDate::first_day`]
/// and [`PartialDate::last_day`] instead, so `2019-05` lies within `--from 2019-05-10`'s month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: u16,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// The months in English, as messages and English reports write them.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }

    /// The first calendar day the date may mean, as `(year, month, day)`.
    pub fn first_day(&self) -> (u16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last calendar day the date may mean, as `(year, month, day)`.
    pub fn last_day(&self) -> (u16, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }

    /// True when every day this date may mean comes before every day `other` may mean.
    pub fn ends_before(&self, other: &PartialDate) -> bool {
        self.last_day() < other.first_day()
    }

    /// The full date `year-month-day`, if the calendar has that day.
    pub fn full(year: u16, month: u8, day: u8) -> Option<PartialDate> {
        let exists = (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
        exists.then_some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// The day after a full date; `None` for a date not known to the day, and after 9999-12-31,
    /// which the format's four-digit years cannot follow.
    pub fn next_day(&self) -> Option<PartialDate> {
        let (year, month, day) = (self.year, self.month?, self.day?);
        PartialDate::full(year, month, day + 1)
            .or_else(|| PartialDate::full(year, month + 1, 1))
            .or_else(|| PartialDate::full(year.checked_add(1).filter(|&next| next <= 9999)?, 1, 1))
    }

    /// The day of the week of a full date (proleptic Gregorian calendar).
    pub fn weekday(&self) -> Option<Weekday> {
        let (month, day) = (self.month?, self.day?);
        // Sakamoto's method: January and February count as months of the year before.
        // Signed, so that the year before year 0 is no overflow.
        const MONTH_OFFSETS: [i64; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
        let year = i64::from(self.year) - i64::from(month < 3);
        let sunday_based = (year + year.div_euclid(4) - year.div_euclid(100)
            + year.div_euclid(400)
            + MONTH_OFFSETS[usize::from(month) - 1]
            + i64::from(day))
        .rem_euclid(7);
        Some(Weekday::ALL[((sunday_based + 6) % 7) as usize])
    }

    /// The date as a person reads it: "2019", "May 2019", "27 November 2019".
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(month), Some(day)) => {
                format!(
                    "{day} {} {}",
                    MONTH_NAMES[usize::from(month) - 1],
                    self.year
                )
            }
            (Some(month), None) => format!("{} {}", MONTH_NAMES[usize::from(month) - 1], self.year),
            _ => self.year.to_string(),
        }
    }
}

/// A day of the week, Monday first as ISO 8601 counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// The English name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }
}

/// A span of dates as a person reads it: "27–28 November 2019", "May 2019", "30 May – 2 June 2019".
pub fn human_span(start: Option<&PartialDate>, end: Option<&PartialDate>) -> String {
    match (start, end) {
        (None, None) => String::new(),
        (Some(only), None) | (None, Some(only)) => only.human(),
        (Some(start), Some(end)) if start == end => start.human(),
        (Some(start), Some(end)) => {
            let same_year = start.year == end.year;
            let same_month = same_year && start.month.is_some() && start.month == end.month;
            match (start.day, end.day) {
                (Some(first), Some(_)) if same_month => format!("{first}–{}", end.human()),
                (Some(first), Some(_)) if same_year => {
                    let month = MONTH_NAMES[usize::from(start.month.unwrap_or(1)) - 1];
                    format!("{first} {month} – {}", end.human())
                }
                _ => format!("{} – {}", start.human(), end.human()),
            }
        }
    }
}

fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why a text is not a date; the caller adds which field or flag it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

fn parse_number<T: FromStr>(part: &str, width: usize, what: &str) -> Result<T, DateError> {
    if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError(format!(
            "the {what} must be {width} digits (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        )));
    }
    part.parse()
        .map_err(|_| DateError(format!("the {what} is out of range")))
}

/// Year, month and day of text shaped exactly `DDDD-DD-DD`, the shape nearly every stored day
/// has, read without splitting; the ranges are checked by the caller as for any other date.
fn full_date_digits(text: &[u8]) -> Option<(u16, Option<u8>, Option<u8>)> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *text else {
        return None;
    };
    let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = |digits: &[u8]| {
        digits
            .iter()
            .fold(0u16, |value, digit| value * 10 + u16::from(digit - b'0'))
    };
    let year = value(&digits[..4]);
    let month = value(&digits[4..6]) as u8;
    let day = value(&digits[6..]) as u8;
    Some((year, Some(month), Some(day)))
}

impl PartialDate {
    /// The full date written exactly `YYYY-MM-DD` in `text`, if it is one and it exists; the
    /// quick path for the days of attendance records, which a large store has millions of.
    pub fn from_full_date_bytes(text: &[u8]) -> Option<PartialDate> {
        let (year, month, day) = full_date_digits(text)?;
        let (month_number, day_number) = (month?, day?);
        let exists = (1..=12).contains(&month_number)
            && (1..=days_in_month(year, month_number)).contains(&day_number);
        exists.then_some(PartialDate { year, month, day })
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (year, month, day) = match full_date_digits(text.as_bytes()) {
            Some(parts) => parts,
            None => {
                let mut parts = text.split('-');
                let year: u16 = parse_number(parts.next().unwrap_or(""), 4, "year")?;
                let month: Option<u8> = parts
                    .next()
                    .map(|part| parse_number(part, 2, "month"))
                    .transpose()?;
                let day: Option<u8> = parts
                    .next()
                    .map(|part| parse_number(part, 2, "day"))
                    .transpose()?;
                if parts.next().is_some() {
                    return Err(DateError(
                        "expected YYYY, YYYY-MM or YYYY-MM-DD".to_string(),
                    ));
                }
                (year, month, day)
            }
        };
        if let Some(month) = month
            && !(1..=12).contains(&month)
        {
            return Err(DateError(format!("there is no month {month}")));
        }
        if let (Some(month), Some(day)) = (month, day)
            && !(1..=days_in_month(year, month)).contains(&day)
        {
            return Err(DateError(format!(
                "{} {year} has no day {day}",
                MONTH_NAMES[usize::from(month) - 1]
            )));
        }
        Ok(PartialDate { year, month, day })
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A visitor rather than `String::deserialize`: dates are read a million times in a large
        // store, and a borrowed `&str` needs no allocation.
        struct DateVisitor;

        impl serde::de::Visitor<'_> for DateVisitor {
            type Value = PartialDate;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a date as YYYY, YYYY-MM or YYYY-MM-DD")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<PartialDate, E> {
                text.parse()
                    .map_err(|error: DateError| E::custom(format!("date `{text}`: {error}")))
            }
        }

        deserializer.deserialize_str(DateVisitor)
    }
}

/// Compares a date against a filter bound, treating both as spans of days.
pub fn overlaps(date: &PartialDate, from: Option<&PartialDate>, to: Option<&PartialDate>) -> bool {
    let after_from =
        from.is_none_or(|from| date.last_day().cmp(&from.first_day()) != Ordering::Less);
    let before_to = to.is_none_or(|to| date.first_day().cmp(&to.last_day()) != Ordering::Greater);
    after_from && before_to
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn parses_each_precision_and_round_trips() {
        for text in ["2019", "2019-05", "2019-11-27", "2020-02-29"] {
            assert_eq!(date(text).to_string(), text);
        }
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for text in [
            "19",
            "2019-5",
            "2019-13",
            "2019-02-29",
            "2019-11-27-1",
            "",
            "2019/05",
            "２０１９",
        ] {
            assert!(
                text.parse::<PartialDate>().is_err(),
                "{text} should not parse"
            );
        }
    }

    #[test]
    fn reads_as_a_person_would() {
        assert_eq!(date("2019-05").human(), "May 2019");
        assert_eq!(
            human_span(Some(&date("2019-11-27")), Some(&date("2019-11-28"))),
            "27–28 November 2019"
        );
        assert_eq!(
            human_span(Some(&date("2019-05-30")), Some(&date("2019-06-02"))),
            "30 May – 2 June 2019"
        );
        assert_eq!(human_span(Some(&date("2019-10")), None), "October 2019");
    }

    #[test]
    fn steps_through_the_calendar_and_knows_weekdays() {
        assert_eq!(PartialDate::full(2019, 11, 27), Some(date("2019-11-27")));
        assert_eq!(PartialDate::full(2019, 2, 29), None);
        assert_eq!(PartialDate::full(2019, 13, 1), None);
        for (day, next) in [
            ("2019-11-27", "2019-11-28"),
            ("2019-11-30", "2019-12-01"),
            ("2019-12-31", "2020-01-01"),
            ("2020-02-28", "2020-02-29"),
            ("2020-02-29", "2020-03-01"),
        ] {
            assert_eq!(date(day).next_day(), Some(date(next)), "{day}");
        }
        assert_eq!(date("2019-11").next_day(), None);
        assert_eq!(date("9999-12-31").next_day(), None);
        for (day, weekday) in [
            ("2019-11-27", Weekday::Wednesday),
            ("2019-11-28", Weekday::Thursday),
            ("2020-01-01", Weekday::Wednesday),
            ("2020-02-29", Weekday::Saturday),
            ("2000-03-05", Weekday::Sunday),
            ("1900-01-01", Weekday::Monday),
        ] {
            assert_eq!(date(day).weekday(), Some(weekday), "{day}");
        }
        assert_eq!(date("2019-11").weekday(), None);
    }

    #[test]
    fn reduced_precision_overlaps_filters_sensibly() {
        let may = date("2019-05");
        assert!(overlaps(&may, Some(&date("2019-05-10")), None));
        assert!(!overlaps(&may, Some(&date("2019-06")), None));
        assert!(overlaps(&may, None, Some(&date("2019"))));
        assert!(!overlaps(&date("2019-11-27"), None, Some(&date("2019-10"))));
        assert!(date("2019-11-28").ends_before(&date("2019-12")));
        assert!(!date("2019-11").ends_before(&date("2019-11-27")));
    }
}
