//! Passport (and travel permit) numbers. Passports carry no public check
//! digit, so shape alone must do: the Chinese ordinary passport shapes
//! (`E12345678`, `G12345678`, `EA1234567`) are distinctive enough on their
//! own; anything else (one or two letters and 6–9 digits, or digits alone)
//! only after a label such as "passport no:" or "护照号码", with up to
//! three words of prose between ("passport which is 1616…", "passport
//! (USA) 1616…"). Tokens must hold at least six digits, so no ordinary word
//! is ever taken. Machine-readable zone lines (`P<USADOE<<JOHN<<…`, and the
//! line of numbers under it) are redacted whole, as [`Kind::Mrz`].

use super::scan::{alnum_tokens, is_yyyymmdd, labelled_near, Hit};
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
        if is_chinese_passport(t) || (is_generic(t) && labelled_near(text, s, LABELS, 3)) {
            hits.push(Hit::new(Kind::Passport, s, e));
        }
    }
    mrz(text, hits);
}

/// The shortest MRZ line (TD1 ID cards: 30 characters; passports: 44).
const MRZ_MIN: usize = 28;

/// Runs of capitals, digits and `<` that are MRZ lines: 28–44 long with at
/// least two fillers (`<`), or a line starting like one (`P<`, `I<`, `ID`,
/// `V<`) with at least one. Ordinary text never has `<` runs like these.
fn mrz(text: &str, hits: &mut Vec<Hit>) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let is_mrz = |c: &u8| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'<';
        if !is_mrz(&b[i]) {
            i += 1;
            continue;
        }
        let len = b[i..].iter().take_while(|c| is_mrz(c)).count();
        let run = &b[i..i + len];
        let fillers = run.iter().filter(|&&c| c == b'<').count();
        let starts = matches!(run.get(..2), Some(b"P<" | b"I<" | b"V<" | b"A<" | b"C<"));
        let alone = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if alone && (MRZ_MIN..=46).contains(&len) && (fillers >= 2 || (starts && fillers >= 1)) {
            hits.push(Hit::new(Kind::Mrz, i, i + len));
        }
        i += len;
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
    fn labels_in_prose() {
        assert_eq!(found("my passport which is 161689267"), ["161689267"]);
        assert_eq!(found("passport (USA) 161689267 expired"), ["161689267"]);
        assert_eq!(found("Passport no. of Nigeria: A12345678"), ["A12345678"]);
        assert!(found("passport photo upload failed since 20261126").is_empty());
        assert!(found("passport upload failed at step 3, order 161689267").is_empty());
    }

    #[test]
    fn mrz_lines() {
        let text = "P<USADOE<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n1616892673USA9001014M3001014<<<<<<<<<<<<<<08";
        let mut hits = Vec::new();
        find(text, &mut hits);
        let kinds: Vec<Kind> = hits.iter().map(|h| h.kind).collect();
        assert_eq!(kinds, [Kind::Mrz, Kind::Mrz]);
        assert!(found("A <b> tag, x<y, HELLO WORLD").is_empty());
    }

    #[test]
    fn words_and_dates_are_not_passports() {
        assert!(found("passport expired 20261126").is_empty());
        assert!(found("passport photo rejected again").is_empty());
        assert!(found("passport 12345").is_empty());
        assert!(found("passport ABC1234567").is_empty());
    }
}
