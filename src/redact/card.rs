//! Payment card numbers: 13–19 digits, whole or in groups
//! (`4242 4242 4242 4242`, `3782-822463-10005`), that pass the Luhn check
//! *and* start the way a card network's numbers start for that length.
//!
//! Luhn alone passes one random number in ten, and support messages are
//! full of long numbers (order ids, 13-digit millisecond timestamps,
//! `2026…` dated references): the issuer prefix turns most of those away
//! (no network issues cards starting 1, 7 or 9, nor 2026…). What remains
//! is redacted even if it was really an order number: better safe.
//!
//! An 18-digit number that fails the CN ID check can be a card here (62…
//! is both Gansu province and UnionPay). When both match, the ID wins.

use super::scan::{for_each_number, num, Hit};
use super::Kind;

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    for_each_number(text, |n| {
        if !n.has_x && is_card(n.digits) {
            hits.push(Hit::new(Kind::Card, n.start, n.end));
        }
    });
}

fn is_card(d: &str) -> bool {
    (13..=19).contains(&d.len()) && issued(d) && luhn(d)
}

/// Whether some network issues numbers of this length with this prefix
/// (Visa, Mastercard, Amex, Discover, UnionPay, JCB, Diners, Maestro, Mir,
/// RuPay).
fn issued(d: &str) -> bool {
    let len = d.len();
    let prefix = |k: usize| num(&d[..k]);
    let long = (16..=19).contains(&len);
    match prefix(1) {
        4 => matches!(len, 13 | 16 | 19),
        2 => {
            ((2221..=2720).contains(&prefix(4)) && len == 16)
                || ((2200..=2204).contains(&prefix(4)) && long)
        }
        3 => {
            (matches!(prefix(2), 34 | 37) && len == 15)
                || ((3528..=3589).contains(&prefix(4)) && long)
                || (((300..=305).contains(&prefix(3)) || matches!(prefix(2), 36 | 38 | 39))
                    && len >= 14)
        }
        5 => ((51..=55).contains(&prefix(2)) && len == 16) || matches!(prefix(2), 50 | 56..=58),
        6 => true,
        8 => prefix(2) == 81 && len == 16,
        _ => false,
    }
}

/// The Luhn check: doubling every second digit from the right, the sum is
/// a multiple of ten.
fn luhn(d: &str) -> bool {
    let sum: u32 = d
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let v = u32::from(c - b'0');
            match (i % 2 == 1, v * 2) {
                (true, dbl) if dbl > 9 => dbl - 9,
                (true, dbl) => dbl,
                (false, _) => v,
            }
        })
        .sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::redact::scan::texts_found_by(find, text)
    }

    #[test]
    fn test_card_numbers_in_their_usual_shapes() {
        // The networks' published test numbers.
        assert_eq!(found("4242424242424242"), ["4242424242424242"]);
        assert_eq!(
            found("card 4242 4242 4242 4242 exp"),
            ["4242 4242 4242 4242"]
        );
        assert_eq!(found("5555-5555-5555-4444"), ["5555-5555-5555-4444"]);
        assert_eq!(found("3782 822463 10005"), ["3782 822463 10005"]);
        assert_eq!(found("卡号6200000000000005谢谢"), ["6200000000000005"]);
    }

    #[test]
    fn luhn_failures_and_unissued_prefixes_stay() {
        assert!(found("4242424242424241").is_empty());
        // Luhn-valid, but no network issues cards starting 1, 7, 9 or 2026.
        assert!(luhn("1234567812345670"));
        assert!(found("1234567812345670").is_empty());
        assert!(found("2026112612345674").is_empty());
        assert!(found("1764115200000").is_empty(), "a millisecond timestamp");
    }

    #[test]
    fn a_card_followed_by_a_year_is_still_found() {
        assert_eq!(found("4242 4242 4242 4242 2026"), ["4242 4242 4242 4242"]);
    }
}
