//! A year of birth from what a form's cell holds: a year, or a date of birth of which only
//! the year is kept.
//!
//! Keeping the year alone is data minimisation: an age band needs no more (see
//! `model::age`), and a full date of birth, with a name, identifies a person far more
//! readily. The day and month are read only to tell a date from a slip of the keyboard, and
//! are then dropped.
//!
//! Whichever of day and month comes first (`12/04/1990` in most of the world, `04/12/1990` in
//! the United States), the year is the same, so the order never has to be known. A year of two
//! digits (`12/04/90`) could be 1990 or 2090 — or 1920 for an older participant — and is
//! refused rather than guessed.

use crate::model::PartialDate;
use crate::model::participant::birth_year_problem;
use crate::quote;

/// The year of birth `cell` gives (trimmed, not empty), or why it gives none, in words that
/// follow the column's name in a message.
pub fn birth_year_of(cell: &str) -> Result<u16, String> {
    let text = cell.trim();
    let year = match parts_of(text) {
        Some(Parts::Year(year)) => year,
        Some(Parts::Date(year, month, day)) => {
            if PartialDate::full(year, month, day).is_none() {
                return Err(format!(
                    "`{}` is no date of the calendar",
                    quote::value(text)
                ));
            }
            year
        }
        Some(Parts::DayMonthYear(first, second, year)) => {
            let either = PartialDate::full(year, second, first)
                .or_else(|| PartialDate::full(year, first, second));
            if either.is_none() {
                return Err(format!(
                    "`{}` is no date of the calendar",
                    quote::value(text)
                ));
            }
            year
        }
        Some(Parts::TwoDigitYear(digits)) => {
            return Err(format!(
                "`{}` gives the year in two digits, which could be 19{digits} or 20{digits}; \
                 write it with four (1990) or leave the cell empty",
                quote::value(text)
            ));
        }
        None => {
            return Err(format!(
                "`{}` is not a year of birth (1990) or a date of birth (1990-04-12, 12/04/1990)",
                quote::value(text)
            ));
        }
    };
    match birth_year_problem(year) {
        None => Ok(year),
        Some(reason) => Err(format!("`{}`: {reason}", quote::value(text))),
    }
}

/// What a cell's text is made of, before the calendar is asked.
enum Parts {
    /// `1990`.
    Year(u16),
    /// Year first: `1990-04-12`, `1990/04/12`, `1990.04.12`, with a time after a date
    /// (a spreadsheet's date and time, `1990-04-12 00:00`) ignored.
    Date(u16, u8, u8),
    /// Year last, day and month in either order: `12/04/1990`, `12.04.1990`, `12-04-1990`.
    DayMonthYear(u8, u8, u16),
    /// Year last in two digits: `12/04/90`.
    TwoDigitYear(String),
}

fn parts_of(text: &str) -> Option<Parts> {
    let is_digits = |part: &str, lengths: &[usize]| {
        lengths.contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_digit())
    };
    if is_digits(text, &[4]) {
        return text.parse().ok().map(Parts::Year);
    }
    // A date and time keeps its date: what comes after a space or ISO's `T`.
    let date = text
        .split_once([' ', 'T'])
        .map_or(text, |(date, _time)| date);
    let separator = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = date.split(separator).collect();
    let [first, second, third] = parts.as_slice() else {
        return None;
    };
    if is_digits(first, &[4]) && is_digits(second, &[1, 2]) && is_digits(third, &[1, 2]) {
        return Some(Parts::Date(
            first.parse().ok()?,
            second.parse().ok()?,
            third.parse().ok()?,
        ));
    }
    // Only a date alone may put its year last: `12/04/1990 10:00` is no form's date of birth.
    if date.len() != text.len() || !is_digits(first, &[1, 2]) || !is_digits(second, &[1, 2]) {
        return None;
    }
    if is_digits(third, &[4]) {
        return Some(Parts::DayMonthYear(
            first.parse().ok()?,
            second.parse().ok()?,
            third.parse().ok()?,
        ));
    }
    is_digits(third, &[2]).then(|| Parts::TwoDigitYear((*third).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_year_of_every_way_forms_write_a_date() {
        for (cell, year) in [
            ("1990", 1990),
            (" 1990 ", 1990),
            ("1990-04-12", 1990),
            ("1990/04/12", 1990),
            ("1990.4.2", 1990),
            ("1990-04-12 00:00", 1990),
            ("1990-04-12T00:00:00", 1990),
            // Day first and month first give one year.
            ("12/04/1990", 1990),
            ("04/12/1990", 1990),
            ("4/12/1990", 1990),
            ("12.04.1990", 1990),
            ("12-04-1990", 1990),
            // Only one order is a date, which is enough.
            ("25/12/1985", 1985),
            ("12/25/1985", 1985),
            ("29/02/2000", 2000),
        ] {
            assert_eq!(birth_year_of(cell), Ok(year), "{cell}");
        }
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        for (cell, said) in [
            ("12/04/90", "could be 1990 or 2090"),
            ("1/2/05", "could be 1905 or 2005"),
            ("90", "not a year of birth"),
            ("1990-13-01", "no date of the calendar"),
            ("31/31/1990", "no date of the calendar"),
            ("29/02/2001", "no date of the calendar"),
            ("1776", "between 1900 and"),
            ("01/01/1899", "between 1900 and"),
            ("3000-01-01", "between 1900 and"),
            ("April 1990", "not a year of birth"),
            ("12/04/1990 10:00", "not a year of birth"),
            ("32975", "not a year of birth"),
            ("1990-04", "not a year of birth"),
            ("1990-04-12-01", "not a year of birth"),
        ] {
            let refusal = birth_year_of(cell).unwrap_err();
            assert!(refusal.contains(said), "{cell}: {refusal}");
        }
    }
}
