//! Phone numbers and e-mail addresses.
//!
//! Phones, in the forms users type them:
//! - international, starting with `+` and a country code: `+86 138 0013 8000`,
//!   `+1 (415) 555-2671`, `+852 9123-4567` (9–15 digits in all, E.164);
//! - mainland mobiles without it, alone or after `86`/`0086`: `13800138000`,
//!   `138 0013 8000`, `138.0013.8000`, `1380 0138 000`, and landlines with an
//!   area code: `010-12345678`;
//! - local numbers of the other large markets, written as a whole number:
//!   Nigerian `0803 123 4567` (or `234 803…`), Indian ten digits starting
//!   6–9 (`98765 43210`, or after `0`/`91`), unless a word before them says
//!   they are something else ("uid", "order", "ref");
//! - any other 7–15 digit number right after a label such as "phone:",
//!   "whatsapp" or "手机号". Bare 8-digit numbers (Hong Kong mobiles, user
//!   ids, order numbers) are otherwise left alone: only a label tells them
//!   apart, and support needs order numbers and UIDs.
//!
//! E-mail: `local@domain.tld` with letters of any script (`张三@例子.中国`,
//! `müller@gmx.de`), spaces around the `@` or the dots (`john @ gmail . com`),
//! and spelt out (`john at gmail dot com`, `john[at]gmail[dot]com`).

use super::scan::{for_each_number, is_yyyymmdd, labelled, labelled_near, Hit, Number};
use super::Kind;
use crate::text::is_cjk;
use regex::Regex;
use std::sync::OnceLock;

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    plus_phones(text, hits);
    for_each_number(text, |n| {
        if n.has_x {
            return;
        }
        let local = || (is_nigerian(n) || is_indian(n)) && !says_otherwise(text, n);
        if is_mainland(n) || is_landline(n) || is_labelled_phone(text, n) || local() {
            hits.push(Hit::new(Kind::Phone, n.start, n.end));
        }
    });
    emails(text, hits);
}

/// Words before a number that make it anything but a phone number.
const NOT_PHONE: &[&str] = &[
    "uid",
    "user id",
    "id",
    "order",
    "order id",
    "order no",
    "ref",
    "reference",
    "ticket",
    "case",
    "tx",
    "txid",
    "amount",
    "订单",
    "订单号",
    "单号",
    "编号",
];

fn says_otherwise(text: &str, n: &Number) -> bool {
    labelled_near(text, n.start, NOT_PHONE, 1)
}

/// `0803 123 4567`, `08031234567`, `234 803 123 4567`: 0 (or 234), then
/// 70x/80x/81x/90x/91x and eight digits.
fn is_nigerian(n: &Number) -> bool {
    let d = n.digits.as_bytes();
    let local = match d.len() {
        11 if d[0] == b'0' => &d[1..],
        13 if n.digits.starts_with("234") => &d[3..],
        _ => return false,
    };
    n.whole && matches!(local[0], b'7'..=b'9') && matches!(local[1], b'0' | b'1')
}

/// Ten digits starting 6–9, alone or after `0` or `91`.
fn is_indian(n: &Number) -> bool {
    let d = n.digits.as_bytes();
    let local = match d.len() {
        10 => d,
        11 if d[0] == b'0' => &d[1..],
        12 if n.digits.starts_with("91") => &d[2..],
        _ => return false,
    };
    n.whole && matches!(local[0], b'6'..=b'9') && !is_yyyymmdd(&n.digits[..8])
}

/// The E.164 maximum, country code included.
const MAX_PHONE_DIGITS: usize = 15;

/// `+` and a country code, then digit groups separated by at most two of
/// ` -.()/`. The longest run of whole groups with at most 15 digits is the
/// number. Ten digits without separators, or nine with: `+12345678` alone
/// is more likely an amount than a phone.
fn plus_phones(text: &str, hits: &mut Vec<Hit>) {
    let b = text.as_bytes();
    for p in (0..b.len()).filter(|&p| b[p] == b'+') {
        if p > 0 && b[p - 1].is_ascii_alphanumeric() {
            continue;
        }
        if !matches!(b.get(p + 1), Some(b'1'..=b'9')) {
            continue;
        }
        let mut i = p + 1;
        let mut digits = 0;
        let mut separated = false;
        let mut best = None;
        loop {
            let run = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            digits += run;
            i += run;
            if digits > MAX_PHONE_DIGITS {
                break;
            }
            let alone = !b.get(i).is_some_and(u8::is_ascii_alphanumeric);
            if alone && digits >= if separated { 9 } else { 10 } {
                best = Some(i);
            }
            let sep = b[i..]
                .iter()
                .take(3)
                .take_while(|c| b" -.()/".contains(c))
                .count();
            if !(1..=2).contains(&sep) || !b.get(i + sep).is_some_and(u8::is_ascii_digit) {
                break;
            }
            separated = true;
            i += sep;
        }
        if let Some(end) = best {
            hits.push(Hit::new(Kind::Phone, p, end));
        }
    }
}

/// A mainland mobile: 1, then 3–9, then nine digits, typed whole or as
/// 3-4-4 (or 3-8), optionally after a separate `86` or `0086`.
fn is_mainland(n: &Number) -> bool {
    let (digits, groups) = match n.groups {
        [2, rest @ ..] if n.digits.starts_with("86") => (&n.digits[2..], rest),
        [4, rest @ ..] if n.digits.starts_with("0086") => (&n.digits[4..], rest),
        _ => (n.digits, n.groups),
    };
    let d = digits.as_bytes();
    !n.has_x
        && d.len() == 11
        && d[0] == b'1'
        && (b'3'..=b'9').contains(&d[1])
        && (matches!(groups, [11] | [3, 4, 4] | [3, 8] | [4, 4, 3]) || n.whole)
}

/// A mainland landline: area code 0xx or 0xxx, then 7–8 digits.
fn is_landline(n: &Number) -> bool {
    let d = n.digits.as_bytes();
    match n.groups {
        &[area @ (3 | 4), 7 | 8] => {
            // Local numbers never start with 0 or 1 (those are prefixes).
            !n.has_x && d[0] == b'0' && d[1] != b'0' && !matches!(d[area], b'0' | b'1')
        }
        _ => false,
    }
}

/// Labels after which any 7–15 digit number is taken for a phone number.
const PHONE_LABELS: &[&str] = &[
    "phone",
    "telephone",
    "tel",
    "mobile",
    "cell",
    "cellphone",
    "whatsapp",
    "contact",
    "call me",
    "手机",
    "手機",
    "电话",
    "電話",
    "联系方式",
    "聯繫方式",
    "联系电话",
    "聯絡電話",
];

fn is_labelled_phone(text: &str, n: &Number) -> bool {
    let dated = matches!(n.groups, [4, 2, 2, ..] | [2, 2, 4, ..]) || is_yyyymmdd(n.digits);
    n.chain_start
        && !n.has_x
        && (7..=MAX_PHONE_DIGITS).contains(&n.digits.len())
        && !dated
        && labelled(text, n.start, PHONE_LABELS)
}

/// Letters or digits of any script, and the punctuation local parts use.
const LOCAL: &str = r"[\p{L}\p{N}][\p{L}\p{N}\p{M}._%+\-]*";
/// A domain label.
const LABEL: &str = r"[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}\-]*[\p{L}\p{N}\p{M}])?";
/// A top-level domain: letters only (so `a@b.c1` and versions are not).
const TLD: &str = r"\p{L}\p{L}+";

fn email_patterns() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        let at = format!(r"{LOCAL}[ \t]{{0,2}}@[ \t]{{0,2}}{LABEL}(?:[ \t]{{0,2}}\.[ \t]{{0,2}}{LABEL})*[ \t]{{0,2}}\.[ \t]{{0,2}}{TLD}");
        let dot = r"(?:\s+dot\s+|\s*[\[(\{]\s*dot\s*[\])\}]\s*)";
        let spelt = format!(
            r"(?i){LOCAL}(?:\s+at\s+|\s*[\[(\{{]\s*at\s*[\])\}}]\s*){LABEL}(?:(?:{dot}|\.){LABEL})*{dot}(?:com|net|org|edu|gov|info|io|me|co|cn|in|ng|uk|hk|tw|de|fr|ru|jp|kr|sg|my|us|ca|au)"
        );
        [
            Regex::new(&at).expect("valid regex"),
            Regex::new(&spelt).expect("valid regex"),
        ]
    })
}

/// Addresses in all the shapes above. A match must not start in the middle
/// of a word, and ends at a word boundary (`a@b.company` is not `a@b.co`).
fn emails(text: &str, hits: &mut Vec<Hit>) {
    for re in email_patterns() {
        for m in re.find_iter(text) {
            let (start, end) = trim_glued_chinese(text, m.start(), m.end());
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            // Chinese text glued on is a boundary (`邮箱a@qq.com谢谢`).
            let inside = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
            if !inside(before) && !inside(after) {
                hits.push(Hit::new(Kind::Email, start, end));
            }
        }
    }
}

/// `邮箱123456@qq.com谢谢`: Chinese glued before an ASCII local part is a
/// label, glued after an ASCII top-level domain is the sentence going on.
/// An address written in Chinese (`张三@例子.中国`) keeps its characters.
fn trim_glued_chinese(text: &str, start: usize, end: usize) -> (usize, usize) {
    let m = &text[start..end];
    let at = m.find('@').unwrap_or(0);
    let local = &m[..at];
    let mut s = start;
    if local.bytes().any(|b| b.is_ascii_alphanumeric()) {
        let han: usize = local
            .chars()
            .take_while(|&c| is_cjk(c))
            .map(char::len_utf8)
            .sum();
        s += han;
    }
    let mut e = end;
    let tail_han: usize = m
        .chars()
        .rev()
        .take_while(|&c| is_cjk(c))
        .map(char::len_utf8)
        .sum();
    if tail_han > 0 && m[..m.len() - tail_han].ends_with(|c: char| c.is_ascii_alphabetic()) {
        e -= tail_han;
    }
    (s, e)
}

/// The domain of a found address, as the marker shows it (`gmail.com`),
/// or `None` when showing it would keep a number (`x@13800138000.cn`).
pub(super) fn email_domain(found: &str) -> Option<String> {
    let domain = match found.rfind('@') {
        Some(at) => found[at + 1..].to_string(),
        None => {
            let lower = found.to_lowercase();
            let at = [" at ", "[at]", "(at)", "{at}"]
                .iter()
                .filter_map(|w| lower.rfind(w).map(|i| i + w.len()))
                .max()?;
            let mut d = lower[at..].to_string();
            for w in [" dot ", "[dot]", "(dot)", "{dot}"] {
                d = d.replace(w, ".");
            }
            d
        }
    };
    let domain: String = domain.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = domain.chars().filter(char::is_ascii_digit).count();
    (!domain.is_empty() && digits < 4 && domain.len() <= 64).then_some(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Kind, &str)> {
        let mut hits = Vec::new();
        find(text, &mut hits);
        // Overlaps resolved as redact does: earliest, then longest.
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut taken_to = 0;
        hits.retain(|h| {
            let keep = h.start >= taken_to;
            taken_to = taken_to.max(if keep { h.end } else { 0 });
            keep
        });
        crate::redact::scan::spans(text, &hits)
    }

    #[test]
    fn international() {
        assert_eq!(
            found("call +86 138 0013 8000 pls"),
            [(Kind::Phone, "+86 138 0013 8000")]
        );
        assert_eq!(
            found("+1 (415) 555-2671"),
            [(Kind::Phone, "+1 (415) 555-2671")]
        );
        assert_eq!(found("+85291234567"), [(Kind::Phone, "+85291234567")]);
        assert_eq!(found("+852 9123-4567."), [(Kind::Phone, "+852 9123-4567")]);
        // A year after the number is not part of it: the E.164 limit stops it.
        assert_eq!(
            found("+86 138 0013 8000 2026")[0],
            (Kind::Phone, "+86 138 0013 8000")
        );
    }

    #[test]
    fn amounts_and_sums_are_not_phones() {
        assert!(found("balance +12345678 USDT").is_empty());
        assert!(found("3+4155552671").is_empty());
        assert!(found("+1234567890123456789").is_empty());
    }

    #[test]
    fn mainland_mobiles_and_landlines() {
        assert_eq!(
            found("我的手机号13800138000谢谢"),
            [(Kind::Phone, "13800138000")]
        );
        assert_eq!(found("138-0013-8000"), [(Kind::Phone, "138-0013-8000")]);
        assert_eq!(
            found("0086 13800138000"),
            [(Kind::Phone, "0086 13800138000")]
        );
        assert_eq!(found("010-62345678"), [(Kind::Phone, "010-62345678")]);
        assert!(found("010-12345678").is_empty());
        assert!(found("12800138000").is_empty(), "no 12x mobiles");
        assert!(found("138001380001").is_empty(), "12 digits");
    }

    #[test]
    fn labelled_numbers() {
        assert_eq!(found("WhatsApp: 9123 4567"), [(Kind::Phone, "9123 4567")]);
        assert_eq!(
            found("my phone number is 415-555-2671"),
            [(Kind::Phone, "415-555-2671")]
        );
        assert!(found("phone 2026-11-26").is_empty());
        assert!(found("uid 91234567").is_empty());
        assert!(found("order 20261126123456").is_empty());
    }

    #[test]
    fn email() {
        assert_eq!(
            found("mail john.doe+kyc@gmail.com."),
            [(Kind::Email, "john.doe+kyc@gmail.com")]
        );
        assert_eq!(
            found("邮箱123456@qq.com谢谢"),
            [(Kind::Email, "123456@qq.com")]
        );
        assert!(found("…@gmail.com").is_empty());
        assert!(found("...@gmail.com").is_empty());
        assert!(found("a@localhost").is_empty());
        assert!(found("a@b.c1").is_empty());
        assert!(found("@@@").is_empty());
        assert!(found("@everyone hi").is_empty());
    }

    #[test]
    fn email_as_people_type_it() {
        assert_eq!(found("张三@例子.中国"), [(Kind::Email, "张三@例子.中国")]);
        assert_eq!(
            found("mail: müller@gmx.de"),
            [(Kind::Email, "müller@gmx.de")]
        );
        assert_eq!(
            found("john @ gmail.com"),
            [(Kind::Email, "john @ gmail.com")]
        );
        assert_eq!(
            found("john@gmail . com"),
            [(Kind::Email, "john@gmail . com")]
        );
        assert_eq!(
            found("write to john.doe at gmail dot com please"),
            [(Kind::Email, "john.doe at gmail dot com")]
        );
        assert_eq!(found("john[at]yahoo[dot]co[dot]uk").len(), 1);
        assert!(found("meet at home dot then").is_empty());
        assert!(found("I was at gmail yesterday").is_empty());
    }

    #[test]
    fn email_markers_keep_the_domain_but_no_number() {
        assert_eq!(email_domain("a@gmail.com").as_deref(), Some("gmail.com"));
        assert_eq!(
            email_domain("a at gmail dot com").as_deref(),
            Some("gmail.com")
        );
        assert_eq!(email_domain("a@13800138000.cn"), None);
    }

    #[test]
    fn local_numbers_of_other_markets() {
        assert_eq!(
            found("call 0803 123 4567"),
            [(Kind::Phone, "0803 123 4567")]
        );
        assert_eq!(found("08031234567"), [(Kind::Phone, "08031234567")]);
        assert_eq!(found("my number 9876543210"), [(Kind::Phone, "9876543210")]);
        assert_eq!(found("98765 43210"), [(Kind::Phone, "98765 43210")]);
        assert_eq!(found("138.0013.8000"), [(Kind::Phone, "138.0013.8000")]);
        assert_eq!(found("1380 0138 000"), [(Kind::Phone, "1380 0138 000")]);
        assert!(found("UID 7654321098").is_empty());
        assert!(found("order 9876543210").is_empty());
        assert!(found("uid: 08031234567").is_empty());
    }
}
