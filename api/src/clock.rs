//! Time conversions without a clock: callers pass "now" in, so the browser, the proxy and
//! tests all apply the same rules.

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime};

/// Unix seconds → RFC 3339 in UTC (`2026-11-25T10:00:00Z`). Out-of-range input clamps to the epoch.
pub fn rfc3339(unix_secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_secs)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// RFC 3339 → Unix seconds.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .map(|t| t.unix_timestamp())
}

/// The UTC calendar date of a Unix time.
pub fn date_of(unix_secs: i64) -> Date {
    OffsetDateTime::from_unix_timestamp(unix_secs)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .date()
}

/// Parses a `YYYY/MM/DD` date (the seed's `personal_dob` format) into a real calendar date.
pub fn parse_slash_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'/' || bytes[7] != b'/' {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &text[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    let month = Month::try_from(u8::try_from(num(5..7)?).ok()?).ok()?;
    let day = u8::try_from(num(8..10)?).ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

/// Whole seconds left until `expires_at` (never negative).
pub fn seconds_left(expires_at_unix: i64, now_unix: i64) -> i64 {
    (expires_at_unix - now_unix).max(0)
}

/// `mm:ss` for a countdown; hours roll into minutes (`75:00`).
pub fn mm_ss(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{:02}:{:02}", s / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_000_000), "2026-11-18T11:06:40Z");
        assert_eq!(parse_rfc3339("2026-11-18T11:06:40Z"), Some(1_795_000_000));
        assert_eq!(
            parse_rfc3339("2026-11-18T12:06:40+01:00"),
            Some(1_795_000_000)
        );
        assert_eq!(parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn slash_dates_must_be_real() {
        assert!(parse_slash_date("1990/02/28").is_some());
        assert!(parse_slash_date("2000/02/29").is_some());
        for bad in [
            "1990/02/30",
            "1900/02/29",
            "1990-02-01",
            "1990/2/1",
            "90/02/01",
            "1990/13/01",
            "1990/00/10",
            "+990/01/01",
            "1990/01/1x",
        ] {
            assert!(parse_slash_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn countdown_text() {
        assert_eq!(mm_ss(0), "00:00");
        assert_eq!(mm_ss(61), "01:01");
        assert_eq!(mm_ss(900), "15:00");
        assert_eq!(mm_ss(-5), "00:00");
        assert_eq!(seconds_left(100, 160), 0);
        assert_eq!(seconds_left(160, 100), 60);
    }
}
