//! Timestamps as stored: UTC RFC 3339 with milliseconds and a `Z`. The
//! width never varies, so text order is time order and SQL can compare them.

use chrono::{DateTime, SecondsFormat, Utc};

pub(crate) fn to_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn now_text() -> String {
    to_text(Utc::now())
}

/// A stored timestamp; `None` if it is not one (the row is then reported
/// as damaged by the caller).
pub(crate) fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_timestamps_sort_as_text_and_round_trip() {
        let a = parse("2024-01-02T03:04:05.006Z").unwrap();
        assert_eq!(to_text(a), "2024-01-02T03:04:05.006Z");
        let whole = to_text(parse("2024-01-02T03:04:05Z").unwrap());
        assert_eq!(whole, "2024-01-02T03:04:05.000Z");
        assert!(to_text(a) > whole);
    }
}
