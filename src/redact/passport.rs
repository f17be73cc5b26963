//! Passport (and travel permit) numbers. Passports carry no public check
//! digit, so shape alone must do: the Chinese ordinary passport shapes
//! (`E12345678`, `G12345678`, `EA1234567`) are distinctive enough on their
//! own; anything else (one or two letters and 6–9 digits, or digits alone)
//! only right after a label such as "passport no:" or "护照号码". Tokens
//! must hold at least six digits, so no ordinary word is ever taken.

use super::scan::{alnum_tokens, is_yyyymmdd, labelled, Hit};
use super::Kind;

/// Labels that make the next letters-and-digits token a passport number.
/// Travel permits (港澳通行证 `C12345678`, 台胞证) are redacted the same way.
const LABELS: &[&str] = &[
    "passport",
    "passports",
    "pp",
    "travel document",
    "护照",
    "護照",
    "通行证",
    "通行證",
    "台胞证",
    "台胞證",
];

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    for (s, e) in alnum_tokens(text) {
        let t = &text.as_bytes()[s..e];
        if is_chinese_passport(t) || (is_generic(t) && labelled(text, s, LABELS)) {
            hits.push(Hit::new(Kind::Passport, s, e));
        }
    }
}

/// E or G and eight digits (2006 onwards), or E, a letter (not I or O) and
/// seven digits (once the E-numbers ran out). Capitals only: a lower-case
/// `e12345678` is as likely an error code.
fn is_chinese_passport(t: &[u8]) -> bool {
    let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
    match t {
        [b'E' | b'G', rest @ ..] if rest.len() == 8 && digits(rest) => true,
        [b'E', l, rest @ ..] => {
            l.is_ascii_uppercase() && !matches!(l, b'I' | b'O') && rest.len() == 7 && digits(rest)
        }
        _ => false,
    }
}

/// Up to two letters and 6–9 digits. Eight digits that read as a date
/// (`20261126`) are the expiry date someone mentions, not the number.
fn is_generic(t: &[u8]) -> bool {
    let letters = t.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let rest = &t[letters..];
    letters <= 2
        && (6..=9).contains(&rest.len())
        && rest.iter().all(u8::is_ascii_digit)
        && !(letters == 0 && std::str::from_utf8(rest).is_ok_and(is_yyyymmdd))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::redact::scan::texts_found_by(find, text)
    }

    #[test]
    fn chinese_shapes_need_no_label() {
        assert_eq!(found("护照E12345678过期了"), ["E12345678"]);
        assert_eq!(found("G12345678"), ["G12345678"]);
        assert_eq!(found("my EA1234567"), ["EA1234567"]);
        assert!(found("EI1234567 e12345678 E1234567 X12345678").is_empty());
    }

    #[test]
    fn other_shapes_need_a_label() {
        assert_eq!(found("passport no: AB1234567"), ["AB1234567"]);
        assert_eq!(found("Passport Number is 123456789"), ["123456789"]);
        assert_eq!(found("护照号码：K1234567"), ["K1234567"]);
        assert_eq!(found("港澳通行证 C12345678"), ["C12345678"]);
        assert!(found("order AB1234567").is_empty());
        assert!(found("AB1234567").is_empty());
    }

    #[test]
    fn words_and_dates_are_not_passports() {
        assert!(found("passport expired 20261126").is_empty());
        assert!(found("passport photo rejected again").is_empty());
        assert!(found("passport 12345").is_empty());
        assert!(found("passport ABC1234567").is_empty());
    }
}
