//! National identity numbers of the exchange's other large markets:
//! Nigeria (NIN and BVN, 11 digits), India (Aadhaar, 12 digits with a
//! Verhoeff check; PAN, `ABCPE1234F`) and the US (SSN, `123-45-6789`).
//!
//! Where a number has no check digit or shares its shape with phone
//! numbers and order ids, a label must say what it is ("NIN", "BVN",
//! "aadhaar", "SSN"); labelled, any grouping and even a failed check is
//! redacted (a typo does not make it less personal). Unlabelled, only the
//! printed shapes go: an Aadhaar as `2345 6789 0123` with its Verhoeff
//! check, an SSN as `123-45-6789` with valid area and group, a PAN in
//! capitals with a holder-type letter.

use super::scan::{alnum_tokens, for_each_number, labelled_near, Hit, Number};
use super::Kind;

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    for_each_number(text, |n| {
        if n.has_x {
            return;
        }
        if let Some(kind) = kind_of(text, n) {
            hits.push(Hit::new(kind, n.start, n.end));
        }
    });
    for (s, e) in alnum_tokens(text) {
        if is_pan(text, s, &text.as_bytes()[s..e]) {
            hits.push(Hit::new(Kind::Pan, s, e));
        }
    }
}

const NG_LABELS: &[&str] = &[
    "nin",
    "bvn",
    "nin slip",
    "nimc",
    "national identification",
    "national identity",
    "national id",
    "bank verification",
    "identification number",
];

const AADHAAR_LABELS: &[&str] = &[
    "aadhaar",
    "aadhar",
    "adhaar",
    "adhar",
    "aadhaar card",
    "uidai",
    "आधार",
];

const SSN_LABELS: &[&str] = &["ssn", "social security", "social"];

fn kind_of(text: &str, n: &Number) -> Option<Kind> {
    let d = n.digits;
    let label = |labels| n.chain_start && labelled_near(text, n.start, labels, 2);
    match d.len() {
        11 if label(NG_LABELS) => Some(Kind::NgId),
        12 if label(AADHAAR_LABELS) => Some(Kind::Aadhaar),
        12 if matches!(n.groups, [4, 4, 4]) && is_aadhaar(d) => Some(Kind::Aadhaar),
        9 if label(SSN_LABELS) => Some(Kind::Ssn),
        9 if n.whole && matches!(n.groups, [3, 2, 4]) && is_ssn(d) && dashed(text, n) => {
            Some(Kind::Ssn)
        }
        _ => None,
    }
}

/// `123-45-6789` with dashes, as an SSN is written (spaces are phones).
fn dashed(text: &str, n: &Number) -> bool {
    let s = &text[n.start..n.end];
    s.bytes().filter(|&b| b == b'-').count() == 2 && !s.contains(' ')
}

/// Aadhaar: never starts with 0 or 1; the last digit is the Verhoeff check.
fn is_aadhaar(d: &str) -> bool {
    !d.starts_with(['0', '1']) && verhoeff_ok(d)
}

/// The Verhoeff check over the dihedral group D5.
fn verhoeff_ok(d: &str) -> bool {
    const MUL: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const PERM: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    let mut c = 0u8;
    for (i, b) in d.bytes().rev().enumerate() {
        let v = usize::from(b.wrapping_sub(b'0') % 10);
        c = MUL[usize::from(c)][usize::from(PERM[i % 8][v])];
    }
    c == 0
}

/// Area 001–899 but 666, group 01–99, serial 0001–9999.
fn is_ssn(d: &str) -> bool {
    let area = &d[..3];
    area != "000"
        && area != "666"
        && !area.starts_with('9')
        && &d[3..5] != "00"
        && &d[5..] != "0000"
}

/// Five letters, four digits, a letter; the fourth letter says who holds
/// it (P person, C company, H family, F firm, A association, T trust, B
/// body, L authority, J juridical person, G government). Capitals, or any
/// case after "PAN".
fn is_pan(text: &str, s: usize, t: &[u8]) -> bool {
    if t.len() != 10
        || !t[..5].iter().all(u8::is_ascii_alphabetic)
        || !t[5..9].iter().all(u8::is_ascii_digit)
        || !t[9].is_ascii_alphabetic()
    {
        return false;
    }
    let holder = matches!(
        t[3].to_ascii_uppercase(),
        b'P' | b'C' | b'H' | b'F' | b'A' | b'T' | b'B' | b'L' | b'J' | b'G'
    );
    let capitals = t.iter().all(|c| !c.is_ascii_lowercase());
    holder && (capitals || labelled_near(text, s, &["pan", "pan card", "permanent account"], 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Kind, &str)> {
        crate::redact::scan::found_by(find, text)
    }

    /// Appends the Verhoeff check digit.
    fn with_verhoeff(body: &str) -> String {
        (b'0'..=b'9')
            .map(|c| format!("{body}{}", c as char))
            .find(|s| verhoeff_ok(s))
            .unwrap()
    }

    #[test]
    fn verhoeff_known_values() {
        // The textbook example: 236 has check digit 3.
        assert!(verhoeff_ok("2363"));
        assert!(!verhoeff_ok("2364"));
    }

    #[test]
    fn aadhaar_printed_or_labelled() {
        let a = with_verhoeff("23456789012");
        let spaced = format!("{} {} {}", &a[..4], &a[4..8], &a[8..]);
        assert_eq!(found(&spaced), [(Kind::Aadhaar, spaced.as_str())]);
        assert!(found(&a).is_empty(), "bare 12 digits need a label");
        assert_eq!(found(&format!("my aadhar no {a}")).len(), 1);
        let wrong = format!("{}{}", &a[..11], (a.as_bytes()[11] - b'0' + 1) % 10);
        assert_eq!(
            found(&format!("Aadhaar: {wrong}")).len(),
            1,
            "typo, labelled"
        );
        let spaced_wrong = format!("{} {} {}", &wrong[..4], &wrong[4..8], &wrong[8..]);
        assert!(found(&spaced_wrong).is_empty());
    }

    #[test]
    fn nigeria_needs_a_label() {
        assert_eq!(
            found("my NIN is 12345678901"),
            [(Kind::NgId, "12345678901")]
        );
        assert_eq!(found("BVN: 2223 456 7890").len(), 1);
        assert!(found("order 12345678901").is_empty());
    }

    #[test]
    fn ssn() {
        assert_eq!(found("123-45-6789"), [(Kind::Ssn, "123-45-6789")]);
        assert_eq!(found("SSN 123456789"), [(Kind::Ssn, "123456789")]);
        assert!(found("666-45-6789").is_empty());
        assert!(found("123 45 6789").is_empty(), "spaced: maybe a phone");
        assert!(found("123456789").is_empty());
    }

    #[test]
    fn pan() {
        assert_eq!(found("PAN ABCPE1234F"), [(Kind::Pan, "ABCPE1234F")]);
        assert_eq!(found("ABCPE1234F"), [(Kind::Pan, "ABCPE1234F")]);
        assert_eq!(found("pan card: abcpe1234f").len(), 1);
        assert!(found("abcpe1234f").is_empty());
        assert!(found("ABCXE1234F").is_empty(), "X is no holder type");
    }
}
