//! Phone numbers and e-mail addresses.
//!
//! Phones, in the forms users type them:
//! - international, starting with `+` and a country code: `+86 138 0013 8000`,
//!   `+1 (415) 555-2671`, `+852 9123-4567` (9–15 digits in all, E.164);
//! - mainland mobiles without it, alone or after `86`/`0086`: `13800138000`,
//!   `138 0013 8000`, and landlines with an area code: `010-12345678`;
//! - any other 7–15 digit number right after a label such as "phone:",
//!   "whatsapp" or "手机号". Bare 8-digit numbers (Hong Kong mobiles, user
//!   ids, order numbers) are otherwise left alone: only a label tells them
//!   apart, and support needs order numbers and UIDs.

use super::scan::{for_each_number, is_yyyymmdd, labelled, Hit, Number};
use super::Kind;

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    plus_phones(text, hits);
    for_each_number(text, |n| {
        if is_mainland(n) || is_landline(n) || is_labelled_phone(text, n) {
            hits.push(Hit::new(Kind::Phone, n.start, n.end));
        }
    });
    emails(text, hits);
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
        && matches!(groups, [11] | [3, 4, 4] | [3, 8])
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

/// `local@domain.tld`, ASCII only: the local part starts with a letter or
/// digit (so a marker's `…@gmail.com` never reads as an address), the
/// domain has at least two labels and a top-level domain of letters.
fn emails(text: &str, hits: &mut Vec<Hit>) {
    let b = text.as_bytes();
    for at in (0..b.len()).filter(|&i| b[i] == b'@') {
        let local = b[..at]
            .iter()
            .rev()
            .take(65)
            .take_while(|&&c| is_local(c))
            .count();
        if local > 64 {
            continue;
        }
        let Some(skip) = b[at - local..at].iter().position(u8::is_ascii_alphanumeric) else {
            continue;
        };
        if let Some(end) = domain_end(b, at + 1) {
            hits.push(Hit::new(Kind::Email, at - local + skip, end));
        }
    }
}

fn is_local(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"._%+-".contains(&c)
}

/// End of a domain name starting at `from`: labels of letters, digits and
/// inner hyphens (at most 63 bytes each) joined by dots; a trailing dot is
/// sentence punctuation.
fn domain_end(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut labels = 0;
    let mut last;
    loop {
        let len = b[i..]
            .iter()
            .take(64)
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        let label = &b[i..i + len];
        if len == 0 || len > 63 || label[0] == b'-' || label[len - 1] == b'-' {
            return None;
        }
        labels += 1;
        last = (i, i + len);
        i += len;
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        } else {
            break;
        }
    }
    let tld = &b[last.0..last.1];
    let ok = labels >= 2 && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic);
    ok.then_some(last.1)
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
    }
}
