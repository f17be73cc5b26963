//! Identity card numbers: mainland China (18-digit with its ISO 7064
//! MOD 11-2 check character, and the old 15-digit form), Hong Kong, Macau
//! and Taiwan. HK and Taiwan numbers are recognised by their shape *and*
//! their check digit, so ordinary numbers of the same length stay.
//!
//! A CN number whose check character is wrong is still an ID when the rest
//! of its shape holds (a province, a real birth date no later than this
//! year): a typo does not make it less personal, and the shape alone is
//! rare (about one random 18-digit string in 1,500 has it).
//!
//! Hong Kong and Taiwan numbers are found with spaces inside
//! (`A 123456 (3)`, `A123456 3`, `A 123 456 789`) as well as whole.

use super::scan::{alnum_tokens, for_each_number, is_date, labelled, num, Hit, Number};
use super::Kind;
use regex::Regex;
use std::sync::OnceLock;

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    for_each_number(text, |n| {
        if is_cn_id(n) {
            hits.push(Hit::new(Kind::CnId, n.start, n.end));
        }
    });
    for (s, e) in alnum_tokens(text) {
        if let Some(end) = macau_id(text, s, e) {
            hits.push(Hit::new(Kind::MoId, s, end));
        }
    }
    hong_kong(text, hits);
    taiwan(text, hits);
}

/// `A123456(3)`, `A 123456 (3)`, `AB987654[A]`, `A1234563`, `A123456 3`.
fn hong_kong(text: &str, hits: &mut Vec<Hit>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?-u:\b)([A-Za-z]{1,2}) ?([0-9]{6}) ?(?:[(\[]([0-9Aa])[)\]]|([0-9Aa])(?-u:\b))",
        )
        .expect("valid regex")
    });
    for c in re.captures_iter(text) {
        let (Some(all), Some(letters), Some(digits)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        let bracketed = c.get(3);
        let Some(check) = bracketed.or(c.get(4)) else {
            continue;
        };
        let letters_b = letters.as_str().as_bytes();
        // Without brackets, a lower-case word plus digits is more often
        // something else: capitals or a label.
        let trusted = bracketed.is_some()
            || letters_b.iter().all(u8::is_ascii_uppercase)
            || labelled(text, all.start(), HK_LABELS);
        if trusted
            && hk_check_ok(
                letters_b,
                digits.as_str().as_bytes(),
                check.as_str().as_bytes()[0],
            )
        {
            hits.push(Hit::new(Kind::HkId, all.start(), all.end()));
        }
    }
}

const HK_LABELS: &[&str] = &[
    "hkid",
    "hk id",
    "香港身份证",
    "香港身份證",
    "身份证",
    "身份證",
];

/// `A123456789`, `A 123456789`, `A 123 456 789`.
fn taiwan(text: &str, hits: &mut Vec<Hit>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?-u:\b)([A-Za-z])[ -]?([1289][0-9]{2})[ -]?([0-9]{3})[ -]?([0-9]{3})(?-u:\b)")
            .expect("valid regex")
    });
    for c in re.captures_iter(text) {
        let Some(all) = c.get(0) else { continue };
        let joined: Vec<u8> = all
            .as_str()
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .collect();
        if is_tw_id(&joined) {
            hits.push(Hit::new(Kind::TwId, all.start(), all.end()));
        }
    }
}

/// First two digits of a CN ID: the province (11 Beijing … 65 Xinjiang,
/// 71 Taiwan, 81/82/83 residence permits for HK, Macau, Taiwan residents).
fn is_province(d: &str) -> bool {
    matches!(num(&d[..2]), 11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83)
}

/// The latest birth year a CN ID can carry: this year.
fn this_year() -> u32 {
    use chrono::Datelike;
    u32::try_from(chrono::Utc::now().year()).unwrap_or(2099)
}

fn is_cn_id(n: &Number) -> bool {
    let d = n.digits;
    match (d.len(), n.has_x) {
        (17, true) | (18, false) => {
            let year = num(&d[6..10]);
            is_province(d) && year <= this_year() && is_date(year, num(&d[10..12]), num(&d[12..14]))
        }
        // The pre-1999 form: no check digit, a two-digit 19xx birth year.
        (15, false) => {
            is_province(d) && is_date(1900 + num(&d[6..8]), num(&d[8..10]), num(&d[10..12]))
        }
        _ => false,
    }
}

/// ISO 7064 MOD 11-2 over the first 17 digits: weights 2^(17-i) mod 11.
/// Detection no longer needs it; the tests build numbers with it.
#[cfg(test)]
fn cn_check_char(first17: &[u8]) -> u8 {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| u32::from(c.wrapping_sub(b'0')) * w)
        .sum();
    b"10X98765432"[(sum % 11) as usize]
}

/// Weights 9..2 over (space-padded) letters and digits, letters A=10 …
/// Z=35 and the pad 36; with the check value (A=10) the sum is 0 mod 11.
fn hk_check_ok(letters: &[u8], digits: &[u8], check: u8) -> bool {
    let pad = (letters.len() == 1).then_some(36u32);
    let values = pad
        .into_iter()
        .chain(
            letters
                .iter()
                .map(|c| u32::from(c.to_ascii_uppercase() - b'A') + 10),
        )
        .chain(digits.iter().map(|c| u32::from(c - b'0')));
    let sum: u32 = values.zip((2..=9).rev()).map(|(v, w)| v * w).sum();
    let check = match check {
        b'A' | b'a' => 10,
        c => u32::from(c - b'0'),
    };
    (sum + check) % 11 == 0
}

/// A check character in brackets right after `e`, optionally after one
/// space: `(7)`. Returns it and the end of the closing bracket.
fn bracketed(b: &[u8], e: usize, ok: impl Fn(u8) -> bool) -> Option<(u8, usize)> {
    let at = if b.get(e) == Some(&b' ') { e + 1 } else { e };
    match b.get(at..at + 3) {
        Some(&[b'(', c, b')']) if ok(c) => Some((c, at + 3)),
        _ => None,
    }
}

/// Labels that make a bare eight-digit Macau number an ID.
const MACAU_LABELS: &[&str] = &[
    "澳门身份证",
    "澳門身份證",
    "澳门居民身份证",
    "澳門居民身份證",
    "macau id",
    "macao id",
    "macau id card",
    "macao id card",
    "bir",
];

/// Macau: 1, 5 or 7, six digits and a check digit whose algorithm is not
/// public, so the shape must say it: `1234567(8)`, `1/234567/8`, or eight
/// bare digits right after a Macau ID label.
fn macau_id(text: &str, s: usize, e: usize) -> Option<usize> {
    let b = text.as_bytes();
    let t = &b[s..e];
    if !matches!(t.first(), Some(b'1' | b'5' | b'7')) || !t.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match t.len() {
        7 => bracketed(b, e, |c| c.is_ascii_digit()).map(|(_, end)| end),
        1 => {
            let tail = b.get(e..e + 9)?;
            let alone = !b.get(e + 9).is_some_and(u8::is_ascii_alphanumeric);
            (slash_form(tail) && alone).then_some(e + 9)
        }
        8 => labelled(text, s, MACAU_LABELS).then_some(e),
        _ => None,
    }
}

/// `/234567/8`: the way the number is printed on the card.
fn slash_form(tail: &[u8]) -> bool {
    tail.len() == 9
        && tail[0] == b'/'
        && tail[1..7].iter().all(u8::is_ascii_digit)
        && tail[7] == b'/'
        && tail[8].is_ascii_digit()
}

/// Taiwan: a letter for the place of registration, 1/2 (or 8/9 for the
/// newer resident certificates), seven digits and a check digit.
fn is_tw_id(t: &[u8]) -> bool {
    if t.len() != 10
        || !t[0].is_ascii_alphabetic()
        || !matches!(t[1], b'1' | b'2' | b'8' | b'9')
        || !t[1..].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    // The letter's two-digit code (A=10 … H=17, I=34, J=18, …): not in order.
    const CODES: [u32; 26] = [
        10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32,
        30, 31, 33,
    ];
    let code = CODES[usize::from(t[0].to_ascii_uppercase() - b'A')];
    let digits = t[1..].iter().map(|c| u32::from(c - b'0'));
    let weighted: u32 = digits
        .zip([8, 7, 6, 5, 4, 3, 2, 1, 1])
        .map(|(d, w)| d * w)
        .sum();
    (code / 10 + (code % 10) * 9 + weighted) % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, &str)> {
        crate::redact::scan::found_by(find, text)
    }

    #[test]
    fn cn_check_character() {
        // The standard's worked example, and one whose check is X.
        assert_eq!(cn_check_char(b"11010519491231002"), b'X');
        assert_eq!(cn_check_char(b"44052418800101001"), b'4');
    }

    #[test]
    fn cn_18_digit_with_right_or_wrong_check_character() {
        assert_eq!(
            kinds("11010519491231002X"),
            [(Kind::CnId, "11010519491231002X")]
        );
        assert_eq!(
            kinds("11010519491231002x"),
            [(Kind::CnId, "11010519491231002x")]
        );
        // A typo in the check digit: still the person's number.
        assert_eq!(kinds("110105194912310021").len(), 1);
        assert!(kinds("11010519491231002Y").is_empty());
        // Born next century: not a shape any ID has.
        assert!(kinds("110105209912310021").is_empty());
    }

    #[test]
    fn cn_needs_a_birth_date_and_province() {
        // Check characters computed for each, so only the date or the
        // province is wrong.
        let bad_date = "11010519491331001";
        let id = format!("{bad_date}{}", cn_check_char(bad_date.as_bytes()) as char);
        assert!(kinds(&id).is_empty());
        assert!(kinds("11010519490230001X").is_empty(), "30 February");
        let bad_province = "99010519491231001";
        let id = format!(
            "{bad_province}{}",
            cn_check_char(bad_province.as_bytes()) as char
        );
        assert!(kinds(&id).is_empty());
    }

    #[test]
    fn cn_old_15_digit_form() {
        assert_eq!(kinds("110105491231002").len(), 1);
        assert!(kinds("110105491331002").is_empty(), "month 13");
    }

    #[test]
    fn cn_in_chinese_text_and_grouped() {
        let t = "我的身份证号11010519491231002X怎么办";
        assert_eq!(kinds(t), [(Kind::CnId, "11010519491231002X")]);
        assert_eq!(kinds("ID: 110105 19491231 002X").len(), 1);
        assert_eq!(kinds("110105-1949-1231-002X").len(), 1);
    }

    #[test]
    fn hong_kong() {
        assert_eq!(kinds("HKID A123456(3) ok"), [(Kind::HkId, "A123456(3)")]);
        assert_eq!(kinds("a123456 (3)"), [(Kind::HkId, "a123456 (3)")]);
        assert_eq!(kinds("A1234563"), [(Kind::HkId, "A1234563")]);
        assert!(kinds("A123456(4)").is_empty());
        assert!(kinds("a1234563").is_empty(), "bare form needs capitals");
        assert_eq!(kinds("hkid: a1234563").len(), 1, "or a label");
        assert_eq!(kinds("A 123456 (3)"), [(Kind::HkId, "A 123456 (3)")]);
        assert_eq!(kinds("A123456 3 thanks"), [(Kind::HkId, "A123456 3")]);
        assert_eq!(kinds("A123456[3]"), [(Kind::HkId, "A123456[3]")]);
        // Two letters; and a check character A (value 10).
        assert_eq!(kinds("AB987654(3)").len(), 1);
        assert_eq!(kinds("G123456(A)").len(), 1);
        assert_eq!(kinds("G123456A").len(), 1);
    }

    #[test]
    fn macau() {
        assert_eq!(kinds("1234567(8)"), [(Kind::MoId, "1234567(8)")]);
        assert_eq!(kinds("5/123456/7 x"), [(Kind::MoId, "5/123456/7")]);
        assert_eq!(kinds("澳门身份证：12345678"), [(Kind::MoId, "12345678")]);
        assert!(kinds("12345678").is_empty());
        assert!(kinds("2234567(8)").is_empty());
    }

    #[test]
    fn taiwan() {
        assert_eq!(kinds("身分證A123456789"), [(Kind::TwId, "A123456789")]);
        assert!(kinds("A123456788").is_empty());
        assert_eq!(kinds("A 123456789"), [(Kind::TwId, "A 123456789")]);
        assert_eq!(kinds("id a 123 456 789."), [(Kind::TwId, "a 123 456 789")]);
        assert!(kinds("A323456789").is_empty());
    }
}
