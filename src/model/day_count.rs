//! Calendar arithmetic on whole days: an event's length, and a UTC timestamp from the clock.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day counted from 1970-01-01, as `(year, month, day)` (`civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 1..=31 and 1..=12
    (year, month as u8, day as u8)
}

/// Seconds since the UNIX epoch as RFC 3339 in UTC, such as `2026-11-28T10:02:11Z`.
pub fn rfc3339_utc(seconds_since_epoch: u64) -> String {
    #[allow(clippy::cast_possible_wrap)] // the clock stays far below 2^63 seconds
    let seconds = seconds_since_epoch as i64;
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// The current time as RFC 3339 UTC; a clock set before 1970 reads as the epoch.
///
/// `SOURCE_DATE_EPOCH` (seconds since 1970), the reproducible-builds convention, stands in for
/// the clock when set, so that a report's provenance or a merge note can be made again byte for
/// byte.
pub fn now_rfc3339_utc() -> String {
    let pinned = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|seconds| seconds.trim().parse::<u64>().ok());
    let seconds = pinned.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs())
    });
    rfc3339_utc(seconds)
}

/// Today's date in UTC, from the clock as [`now_rfc3339_utc`] reads it.
pub fn today_utc() -> crate::model::PartialDate {
    let now = now_rfc3339_utc();
    now[..10]
        .parse()
        .expect("an RFC 3339 timestamp starts with its date")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_days_across_months_and_leap_years() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2019, 11, 28) - days_from_civil(2019, 11, 27),
            1
        );
        assert_eq!(
            days_from_civil(2020, 3, 1) - days_from_civil(2020, 2, 28),
            2
        );
        assert_eq!(
            civil_from_days(days_from_civil(2019, 11, 27)),
            (2019, 11, 27)
        );
        assert_eq!(civil_from_days(days_from_civil(2000, 2, 29)), (2000, 2, 29));
    }

    #[test]
    fn writes_rfc3339_in_utc() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        // 2019-11-27 is day 18_227; plus 09:30:05.
        assert_eq!(
            rfc3339_utc(18_227 * 86_400 + 9 * 3600 + 30 * 60 + 5),
            "2019-11-27T09:30:05Z"
        );
    }
}
