//! Calendar dates for the HTML report's header: today's date in UTC, or one fixed with
//! `--date YYYY-MM-DD` so that a test (or an archived report) gets the same bytes every run.
//!
//! One date a run does not justify a date-time crate: the conversion from days since the Unix
//! epoch to a proleptic Gregorian date is Howard Hinnant's `civil_from_days`, a dozen lines of
//! integer arithmetic, and checked below against known dates.

use std::fmt;

/// A calendar date (proleptic Gregorian), shown as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year, 1 to 9999.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to 31.
    pub day: u8,
}

impl Date {
    /// Today's date in UTC, from the system clock (1970-01-01 if the clock is before it).
    pub fn today_utc() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch(i64::try_from(secs / 86_400).unwrap_or(0))
    }

    /// The date `days` days after 1970-01-01 (Hinnant's `civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year.clamp(1, 9999)).unwrap_or(1970),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// Parses `YYYY-MM-DD`, refusing dates that do not exist (such as 2026-02-30).
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("{text:?} is not a date written YYYY-MM-DD, such as 2026-01-31");
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let number = |s: &str| {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse::<u16>().ok()
            } else {
                None
            }
        };
        let (year, month, day) = match (number(y), number(m), number(d)) {
            (Some(y), Some(m), Some(d)) => (y, m, d),
            _ => return Err(bad()),
        };
        if year == 0 || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!("{text} is not a day of the calendar"));
        }
        Ok(Date {
            year,
            month: u8::try_from(month).map_err(|_| bad())?,
            day: u8::try_from(day).map_err(|_| bad())?,
        })
    }
}

fn days_in_month(year: u16, month: u16) -> u16 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_since_the_epoch_become_dates() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(59).to_string(), "1970-03-01");
        // 2000-02-29 (a leap day in a year divisible by 400) and 2026-11-25.
        assert_eq!(
            Date::from_days_since_epoch(11_016).to_string(),
            "2000-02-29"
        );
        assert_eq!(
            Date::from_days_since_epoch(20_417).to_string(),
            "2025-11-25"
        );
        assert_eq!(
            Date::from_days_since_epoch(20_782).to_string(),
            "2026-11-25"
        );
    }

    #[test]
    fn parse_accepts_real_dates_only() {
        assert_eq!(
            Date::parse("2026-01-31"),
            Ok(Date {
                year: 2026,
                month: 1,
                day: 31
            })
        );
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("1900-02-29").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("2026-1-31").is_err());
        assert!(Date::parse("31/01/2026").is_err());
        assert!(Date::parse("+026-01-31").is_err());
        assert!(Date::parse("0000-01-01").is_err());
    }

    #[test]
    fn today_is_a_plausible_date() {
        assert!(Date::today_utc().year >= 2024);
    }
}
