//! What values must look like: service ids, web addresses, timestamps.

use std::fmt;

/// A service's stable id, e.g. `000000465790` or `B55353000220`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceId(String);

impl ServiceId {
    /// Twelve characters: up to three capital letters, then digits (the
    /// 2025-08-15 snapshot holds `999999999999`, `A99999999999`,
    /// `AA9999999999` and `AAA999999999`).
    pub fn parse(id: &str) -> Option<ServiceId> {
        let letters = id.bytes().take_while(u8::is_ascii_uppercase).count();
        let well_formed =
            id.len() == 12 && letters <= 3 && id.bytes().skip(letters).all(|b| b.is_ascii_digit());
        well_formed.then(|| ServiceId(id.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `http(s)://host/…`, or a bare `host/…` as 398 records of the 2025-08-15
/// snapshot give it (`www.bokjiro.go.kr`); the host is a dotted name
/// (Hangul allowed: `부산기쁨카드.kr`) or an IP address, with an optional port.
pub fn is_web_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let host = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = match host.rsplit_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && host.contains('.')
        && !host.starts_with(['.', '-'])
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
}

/// A calendar day, shown as `2025-08-05`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The day of a `YYYYMMDDhhmmss` timestamp, when the whole of it is valid.
    pub fn from_timestamp(stamp: &str) -> Option<Date> {
        if stamp.len() != 14 || !stamp.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let num = |range: std::ops::Range<usize>| stamp[range].parse::<u16>().ok();
        let (year, month, day) = (num(0..4)?, num(4..6)?, num(6..8)?);
        let (hour, minute, second) = (num(8..10)?, num(10..12)?, num(12..14)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        let valid = (1..=days).contains(&day) && hour < 24 && minute < 60 && second < 60;
        valid.then_some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl Date {
    /// A `YYYY-MM-DD` day, as [`Date`] displays it.
    pub fn parse(text: &str) -> Option<Date> {
        let digits: String = text.split('-').collect();
        let well_formed =
            text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
        well_formed
            .then(|| Date::from_timestamp(&format!("{digits}000000")))
            .flatten()
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The day `days` after 1970-01-01 (Hinnant's civil_from_days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date {
            year: year.clamp(0, 9999) as u16,
            month: month as u8,
            day: day as u8,
        }
    }

    /// Today by the system clock (UTC).
    pub fn today() -> Date {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((seconds / 86_400) as i64)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_as_the_snapshot_gives_them() {
        let good = [
            "https://www.gov.kr/portal/rcvfvrSvc/dtlEx/000000465790",
            "http://14.48.175.123/",
            "https://부산기쁨카드.kr",
            "www.bokjiro.go.kr",
            "www.geoje.go.kr/health/index.geoje",
            "https://example.go.kr:8443/x?y=1#z",
        ];
        let bad = [
            "ets2025@energy.or.kr",
            "신청",
            "https://",
            "http://x",
            "www.a.kr/ b",
            ".kr",
            "a.kr.",
        ];
        for url in good {
            assert!(is_web_address(url), "{url}");
        }
        for url in bad {
            assert!(!is_web_address(url), "{url}");
        }
    }

    #[test]
    fn days_count_from_the_epoch_both_ways() {
        for (text, days) in [
            ("1970-01-01", 0),
            ("2000-03-01", 11_017),
            ("2024-02-29", 19_782),
            ("2026-12-06", 20_793),
            ("1969-12-31", -1),
        ] {
            let date = Date::parse(text).unwrap();
            assert_eq!(date.days(), days, "{text}");
            assert_eq!(Date::from_days(days), date);
            assert_eq!(date.to_string(), text);
        }
        for bad in ["2025-02-30", "20250101", "2025/01/01", "2025-1-01x"] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn timestamps_must_be_real_moments() {
        assert_eq!(
            Date::from_timestamp("20240229235959").unwrap().to_string(),
            "2024-02-29"
        );
        for bad in [
            "20230229000000",
            "20251301000000",
            "20250101240000",
            "2025010112000",
            "２０２５０１０１１２００００",
        ] {
            assert_eq!(Date::from_timestamp(bad), None, "{bad}");
        }
    }
}
