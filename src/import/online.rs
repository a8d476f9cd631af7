//! Video calls' attendance reports (Zoom, Microsoft Teams, Google Meet): the times people were
//! connected, added up per person without counting an overlap twice.
//!
//! Zoom writes one row per join, with its own duration rounded up, so a person who rejoined or
//! joined from a second device would be counted twice over the overlap by summing it: the
//! minutes are the union of the join–leave intervals instead, seconds dropped. Teams' second
//! section and Meet write one row per person with the time in the call, which is then what
//! counts (their first join to last leave would count the time away).

use crate::model::PartialDate;
use crate::model::day_count::days_from_civil;
use crate::model::day_text::DateOrder;

/// A moment of a call: the day and the second of that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    pub day: PartialDate,
    pub second: u32,
}

/// When a report gives a date with its times, the numbers of it, before the file's order
/// (day or month first) is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MomentText {
    date: NumericDate,
    second: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumericDate {
    /// `2019-11-27`: unambiguous.
    Iso(PartialDate),
    /// `11/27/2019`, `27/11/19`: the two first numbers, in the file's order, and the year.
    Slashed { first: u8, second: u8, year: u16 },
}

/// How a report's rows add up to a person's minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tally {
    /// One row per join (Zoom; Teams' join log): the union of the intervals.
    Intervals,
    /// One row per person with the time in the call (Teams' participants, Meet): the durations.
    Durations,
}

/// One row of a report: one connection, or one person's whole time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session {
    pub start: Option<Moment>,
    pub end: Option<Moment>,
    /// Seconds, as the report states it.
    pub duration: Option<u32>,
}

impl Session {
    fn interval(&self) -> Option<(Moment, Moment)> {
        let (start, end) = (self.start?, self.end?);
        (end >= start).then_some((start, end))
    }
}

/// A person's minutes from their sessions, seconds dropped; `None` when the sessions do not
/// say (no times, no durations).
pub fn minutes(sessions: &[Session], tally: Tally) -> Option<u32> {
    let seconds = match tally {
        Tally::Durations => sessions
            .iter()
            .map(|session| {
                session.duration.or_else(|| {
                    session
                        .interval()
                        .map(|(start, end)| seconds_between(start, end))
                })
            })
            .try_fold(0u64, |total, seconds| Some(total + u64::from(seconds?)))?,
        Tally::Intervals => {
            let mut intervals: Vec<(Moment, Moment)> = sessions
                .iter()
                .map(Session::interval)
                .collect::<Option<_>>()?;
            intervals.sort();
            let mut total = 0u64;
            let mut current: Option<(Moment, Moment)> = None;
            for (start, end) in intervals {
                current = match current {
                    Some((open, close)) if start <= close => Some((open, close.max(end))),
                    Some((open, close)) => {
                        total += u64::from(seconds_between(open, close));
                        Some((start, end))
                    }
                    None => Some((start, end)),
                };
            }
            if let Some((open, close)) = current {
                total += u64::from(seconds_between(open, close));
            }
            total
        }
    };
    Some(u32::try_from(seconds / 60).unwrap_or(u32::MAX))
}

/// The days a person's sessions fall on, in order.
pub fn days_of(sessions: &[Session]) -> Vec<PartialDate> {
    let mut days: Vec<PartialDate> = sessions
        .iter()
        .flat_map(|session| [session.start, session.end])
        .flatten()
        .map(|moment| moment.day)
        .collect();
    days.sort();
    days.dedup();
    days
}

fn seconds_between(start: Moment, end: Moment) -> u32 {
    let days = day_number(end.day) - day_number(start.day);
    let seconds = days * 86_400 + i64::from(end.second) - i64::from(start.second);
    u32::try_from(seconds.max(0)).unwrap_or(u32::MAX)
}

fn day_number(day: PartialDate) -> i64 {
    let (year, month, day) = day.first_day();
    days_from_civil(i64::from(year), month, day)
}

/// A time of day: `08:45:12 AM`, `8:45 AM`, `14:10`, `2:10:02 PM`, `11:01:14`.
pub fn parse_clock(text: &str) -> Option<u32> {
    let lowered = text.trim().to_ascii_lowercase().replace('.', "");
    let (clock, meridiem) = match lowered
        .strip_suffix("am")
        .or_else(|| lowered.strip_suffix("a m"))
    {
        Some(clock) => (clock.trim(), Some(false)),
        None => match lowered
            .strip_suffix("pm")
            .or_else(|| lowered.strip_suffix("p m"))
        {
            Some(clock) => (clock.trim(), Some(true)),
            None => (lowered.as_str(), None),
        },
    };
    let mut parts = clock.split(':');
    let hour: u32 = number(parts.next()?, 2)?;
    let minute: u32 = number(parts.next()?, 2)?;
    let second: u32 = match parts.next() {
        Some(second) => number(second, 2)?,
        None => 0,
    };
    if parts.next().is_some() || minute > 59 || second > 59 {
        return None;
    }
    let hour = match meridiem {
        None if hour <= 23 => hour,
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        _ => return None,
    };
    Some(hour * 3600 + minute * 60 + second)
}

fn number(text: &str, most_digits: usize) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || text.len() > most_digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A date with a time, as reports write it: `11/27/2019 08:45:12 AM`, `11/27/19, 8:45:10 AM`,
/// `27/11/2019 14:10`, `2019-11-28 11:01:14`, `2019-11-28T17:55:02-06:00`.
pub fn parse_moment(text: &str) -> Option<MomentText> {
    let text = text.trim();
    let split = text.find([' ', 'T', ','])?;
    let (date, clock) = (
        &text[..split],
        text[split + 1..].trim_start_matches([',', ' ']),
    );
    // An offset or fraction after an ISO time (`17:55:02.118-06:00`) is the device's; the
    // report's other times are in the same zone, which is all the minutes need.
    let clock = clock
        .find(['+', 'Z'])
        .or_else(|| {
            clock
                .get(1..)
                .and_then(|rest| rest.find('-'))
                .map(|at| at + 1)
        })
        .map_or(clock, |end| &clock[..end]);
    let clock = clock.split_once('.').map_or(clock, |(whole, fraction)| {
        if fraction.bytes().all(|b| b.is_ascii_digit()) {
            whole
        } else {
            clock
        }
    });
    Some(MomentText {
        date: parse_numeric_date(date)?,
        second: parse_clock(clock)?,
    })
}

fn parse_numeric_date(text: &str) -> Option<NumericDate> {
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if a.len() == 4 {
        let date = PartialDate::from_full_date_bytes(
            format!("{a}-{:0>2}-{:0>2}", b.trim(), c.trim()).as_bytes(),
        )?;
        return Some(NumericDate::Iso(date));
    }
    let year: u16 = match c.len() {
        4 => c.parse().ok()?,
        // Two-digit years are this century's: a report of a call is never older than 2000.
        2 => 2000 + c.parse::<u16>().ok()?,
        _ => return None,
    };
    Some(NumericDate::Slashed {
        first: u8::try_from(number(a, 2)?).ok()?,
        second: u8::try_from(number(b, 2)?).ok()?,
        year,
    })
}

impl MomentText {
    /// Which orders of day and month the date can be read in: a number above 12 rules one out.
    pub fn fits(&self, order: DateOrder) -> bool {
        self.resolve(order).is_some()
    }

    /// The moment, reading `a/b` in `order`.
    pub fn resolve(&self, order: DateOrder) -> Option<Moment> {
        let day = match self.date {
            NumericDate::Iso(day) => day,
            NumericDate::Slashed {
                first,
                second,
                year,
            } => {
                let (day, month) = match order {
                    DateOrder::DayMonth => (first, second),
                    DateOrder::MonthDay => (second, first),
                };
                PartialDate::from_full_date_bytes(
                    format!("{year:04}-{month:02}-{day:02}").as_bytes(),
                )?
            }
        };
        Some(Moment {
            day,
            second: self.second,
        })
    }
}

/// A duration as reports write it: `5h 8m 1s`, `45m 20s`, `5 hr 8 min`, `2 hr`, `42m`,
/// `1 h 1 min 55 s`, `01:02:03`; a bare number is minutes (Zoom's `Duration (Minutes)`).
pub fn parse_duration(text: &str) -> Option<u32> {
    let text = text.trim().to_ascii_lowercase();
    if text.is_empty() {
        return None;
    }
    if let Ok(minutes) = text.parse::<u32>() {
        return minutes.checked_mul(60);
    }
    if text.contains(':') {
        let parts: Vec<u32> = text
            .split(':')
            .map(|part| number(part, 3))
            .collect::<Option<_>>()?;
        return match parts.as_slice() {
            [hours, minutes, seconds] => Some(hours * 3600 + minutes * 60 + seconds),
            [minutes, seconds] => Some(minutes * 60 + seconds),
            _ => None,
        };
    }
    let mut total = 0u32;
    let mut rest = text.as_str();
    let mut read_any = false;
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let amount: u32 = rest[..digits].parse().ok()?;
        rest = rest[digits..].trim_start();
        let unit_length = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = &rest[..unit_length];
        rest = rest[unit_length..].trim_start_matches([' ', ',', '.']);
        let seconds_per = match unit {
            "h" | "hr" | "hrs" | "hour" | "hours" | "godz" => 3600,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            _ => return None,
        };
        total = total.checked_add(amount.checked_mul(seconds_per)?)?;
        read_any = true;
    }
    read_any.then_some(total)
}

/// Zoom's `Name (Original Name)`: `Display (Original)` after a rename in the meeting, else the
/// name alone. Parentheses a person typed (`Rodrigo Salas (celular)`) read the same way; the
/// caller keeps the original only when it fits the display name.
pub fn split_renamed(cell: &str) -> (&str, Option<&str>) {
    let trimmed = cell.trim();
    if let Some(inner) = trimmed.strip_suffix(')')
        && let Some(open) = inner.rfind('(')
    {
        let display = inner[..open].trim();
        let original = inner[open + 1..].trim();
        if !display.is_empty() && !original.is_empty() {
            return (display, Some(original));
        }
    }
    (trimmed, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moment(text: &str) -> Moment {
        parse_moment(text)
            .unwrap()
            .resolve(DateOrder::MonthDay)
            .unwrap()
    }

    fn session(start: &str, end: &str) -> Session {
        Session {
            start: Some(moment(start)),
            end: Some(moment(end)),
            duration: None,
        }
    }

    #[test]
    fn reads_the_times_reports_write() {
        assert_eq!(parse_clock("08:45:12 AM"), Some(8 * 3600 + 45 * 60 + 12));
        assert_eq!(parse_clock("12:10 PM"), Some(12 * 3600 + 600));
        assert_eq!(parse_clock("12:05 AM"), Some(300));
        assert_eq!(parse_clock("2:10:02 p. m."), Some(14 * 3600 + 600 + 2));
        assert_eq!(parse_clock("14:10"), Some(14 * 3600 + 600));
        assert_eq!(parse_clock("13:00 PM"), None);
        assert_eq!(parse_clock("9h15"), None);
        let teams = parse_moment("11/27/19, 8:45:10 AM").unwrap();
        assert!(teams.fits(DateOrder::MonthDay) && !teams.fits(DateOrder::DayMonth));
        assert_eq!(
            moment("11/27/19, 8:45:10 AM"),
            moment("11/27/2019 08:45:10 AM")
        );
        let iso = parse_moment("2019-11-28T17:55:02.118-06:00").unwrap();
        assert_eq!(
            iso.resolve(DateOrder::DayMonth),
            Some(Moment {
                day: "2019-11-28".parse().unwrap(),
                second: 17 * 3600 + 55 * 60 + 2
            })
        );
        assert!(parse_moment("8:45 AM").is_none(), "no date");
    }

    #[test]
    fn reads_the_durations_reports_write() {
        assert_eq!(parse_duration("5h 8m 1s"), Some(5 * 3600 + 8 * 60 + 1));
        assert_eq!(parse_duration("45m 20s"), Some(45 * 60 + 20));
        assert_eq!(parse_duration("5 hr 8 min"), Some(5 * 3600 + 8 * 60));
        assert_eq!(parse_duration("2 hr"), Some(7200));
        assert_eq!(parse_duration("42m"), Some(42 * 60));
        assert_eq!(parse_duration("1 h 1 min 55 s"), Some(3715));
        assert_eq!(parse_duration("326"), Some(326 * 60));
        assert_eq!(parse_duration("01:02:03"), Some(3723));
        assert_eq!(parse_duration("a while"), None);
        assert_eq!(parse_duration(""), None);
    }

    /// Zoom's rows for one person who joined twice from two devices, overlapping by 44 min 40 s.
    #[test]
    fn an_overlap_counts_once_and_a_gap_not_at_all() {
        let rodrigo = [
            session("11/27/2019 09:01:15 AM", "11/27/2019 01:30:00 PM"),
            session("11/27/2019 12:45:20 PM", "11/27/2019 02:09:20 PM"),
        ];
        // 09:01:15 to 14:09:20 is 18 485 s: 308 minutes, where Zoom's 269 + 84 = 353.
        assert_eq!(minutes(&rodrigo, Tally::Intervals), Some(308));
        let ximena = [
            session("11/27/2019 08:58:41 AM", "11/27/2019 11:02:10 AM"),
            session("11/27/2019 11:05:30 AM", "11/27/2019 02:10:02 PM"),
        ];
        // 7 409 s + 11 072 s = 18 481 s: 308 minutes, the 3 min 20 s away left out.
        assert_eq!(minutes(&ximena, Tally::Intervals), Some(308));
        assert_eq!(days_of(&ximena), vec!["2019-11-27".parse().unwrap()]);
    }

    #[test]
    fn a_report_per_person_counts_its_durations() {
        let meet = [Session {
            start: None,
            end: None,
            duration: parse_duration("5 hr 8 min"),
        }];
        assert_eq!(minutes(&meet, Tally::Durations), Some(308));
        assert_eq!(minutes(&meet, Tally::Intervals), None);
        let without = [Session {
            start: None,
            end: None,
            duration: None,
        }];
        assert_eq!(minutes(&without, Tally::Durations), None);
    }

    #[test]
    fn a_session_over_midnight_counts_its_hours() {
        let late = [session("11/27/2019 11:30:00 PM", "11/28/2019 12:30:00 AM")];
        assert_eq!(minutes(&late, Tally::Intervals), Some(60));
        assert_eq!(days_of(&late).len(), 2);
    }

    #[test]
    fn splits_a_zoom_rename() {
        assert_eq!(
            split_renamed("Ximena Robledo (Ximena Robledo Tapia)"),
            ("Ximena Robledo", Some("Ximena Robledo Tapia"))
        );
        assert_eq!(
            split_renamed("Rodrigo Salas (celular)"),
            ("Rodrigo Salas", Some("celular"))
        );
        assert_eq!(
            split_renamed("Alex Noriega Paz"),
            ("Alex Noriega Paz", None)
        );
        assert_eq!(split_renamed("(Ana)"), ("(Ana)", None));
    }
}
