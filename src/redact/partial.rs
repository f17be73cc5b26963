//! Numbers that no specific detector claims but that still belong to
//! someone: the first half of an ID number a member typed on one line and
//! finished on the next (each line is its own message, in `chat` and on
//! Discord, so neither half has the shape or the check digit of a whole
//! one), a passport in a format we do not know, a phone number without its
//! country's shape. They become `[NUMBER]`, with no digit kept.
//!
//! Two rules, both on whole digit chains only (a chain a specific
//! detector took part of is left to it): nine digits or more anywhere, and
//! six or more right after an identity or contact label ("my id is
//! 110105 1949", "护照号 1234567"). Numbers a label says are not personal
//! (orders, UIDs, transaction ids, amounts, error codes) are kept: a
//! moderator needs them and they identify nobody by themselves.

use super::scan::{ends_with_word, for_each_number, is_yyyymmdd, labelled_near, Hit, BLOCKERS};
use super::Kind;

/// Digits from which an unlabelled number is taken: more than any date,
/// time, amount or code people write in a KYC complaint, fewer than any
/// identity or phone number.
const MIN_UNLABELLED: usize = 9;

/// Digits from which a number after an identity label is taken.
const MIN_LABELLED: usize = 6;

const IDENTITY_LABELS: &[&str] = &[
    "id",
    "ic",
    "nric",
    "nin",
    "bvn",
    "ssn",
    "aadhaar",
    "passport",
    "licence",
    "license",
    "phone",
    "mobile",
    "tel",
    "whatsapp",
    "card",
    "account",
    "身份证",
    "身份證",
    "证件",
    "證件",
    "护照",
    "護照",
    "手机",
    "手機",
    "电话",
    "電話",
    "卡号",
    "卡號",
    "号码",
    "號碼",
];

/// Labels of numbers that identify no person (kept as typed), beyond the
/// words that block every label ([`BLOCKERS`]: order, uid, tx, code…).
const NOT_PERSONAL: &[&str] = &[
    "block",
    "height",
    "ts",
    "timestamp",
    "time",
    "订单",
    "訂單",
    "单号",
    "單號",
    "交易",
    "金额",
    "金額",
    "错误码",
    "錯誤碼",
    "区块",
    "區塊",
];

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    let claimed = hits.len();
    let mut found = Vec::new();
    for_each_number(text, |n| {
        if !n.whole {
            return;
        }
        let overlaps = hits[..claimed]
            .iter()
            .any(|h| h.start < n.end && n.start < h.end);
        if overlaps
            || named_not_personal(text, n.start)
            || is_when(text, n)
            || in_link_or_mention(text, n.start, n.end)
            || is_snowflake(n)
        {
            return;
        }
        let digits = n.digits.len() + usize::from(n.has_x);
        if digits >= MIN_UNLABELLED
            || (digits >= MIN_LABELLED && labelled_near(text, n.start, IDENTITY_LABELS, 3))
        {
            // The same chain comes again with its trailing X: keep that one.
            if n.has_x && found.last().is_some_and(|h: &Hit| h.start == n.start) {
                found.pop();
            }
            found.push(Hit::new(Kind::Number, n.start, n.end));
        }
    });
    hits.extend(found);
}

/// True when the word right before `pos` (past punctuation and a `no`,
/// `#` or 号) names a number that is not personal: "order 8823…",
/// "订单号 2026…", "uid: 1234…". Only adjacent: in "tx my number 6000…"
/// the number is the member's, whatever came before.
fn named_not_personal(text: &str, pos: usize) -> bool {
    let trim = |s: &str| -> usize {
        s.trim_end_matches(|c: char| c.is_whitespace() || ":：#=＃-.".contains(c))
            .len()
    };
    let mut head = &text[..trim(&text[..pos])];
    // Up to two small words between the label and the number: "uid is",
    // "order no", "订单号".
    for _ in 0..2 {
        match ["is", "was", "no", "number", "id", "号", "號"]
            .iter()
            .find(|w| ends_with_word(head, w))
        {
            Some(w) => head = &head[..trim(&head[..head.len() - w.len()])],
            None => break,
        }
    }
    BLOCKERS
        .iter()
        .chain(NOT_PERSONAL)
        .any(|label| ends_with_word(head, label))
}

/// Discord's own ids: a mention (`<@1180…>`, `<#…>`, `<@&…>`) or a link
/// (`https://discord.com/channels/…`, any URL). They are how the bot and
/// its moderators point at members and messages, and identify no one
/// outside Discord.
fn in_link_or_mention(text: &str, start: usize, end: usize) -> bool {
    let token_start = text[..start].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let token_end = text[end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| end + i);
    let token = &text[token_start..token_end];
    token.contains("://") || token.starts_with("<@") || token.starts_with("<#")
}

/// A bare Discord id (a snowflake: 17 to 20 digits in one run). The bot
/// records moderators and members by it (the audit's actor), and any
/// 18-digit run is a plausible snowflake, so it is kept; an 18-digit ID
/// number that has the CN shape was already taken by its own detector.
fn is_snowflake(n: &super::scan::Number) -> bool {
    n.groups.len() == 1 && !n.has_x && (17..=20).contains(&n.digits.len())
}

/// A date (`20261126`) or a date and clock time (`2026-11-26 12:30`, which
/// chains to ten digits): when something happened, not who. The second
/// half of a CN ID also starts with a birth date, but is not a date alone
/// and no clock follows it.
fn is_when(text: &str, n: &super::scan::Number) -> bool {
    let clock_follows = text.as_bytes().get(n.end) == Some(&b':');
    let starts_with_date = n.digits.get(..8).is_some_and(is_yyyymmdd);
    starts_with_date && (n.digits.len() == 8 && !n.has_x || clock_follows)
}

#[cfg(test)]
mod tests {
    use super::super::scan::texts_found_by;
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        texts_found_by(find, text)
    }

    #[test]
    fn halves_of_numbers_are_taken() {
        assert_eq!(found("my id is 110105 1949"), ["110105 1949"]);
        assert_eq!(found("身份证号 11010519"), ["11010519"]);
        assert_eq!(found("491231002X"), ["491231002X"]);
        assert_eq!(found("my number 123456789"), ["123456789"]);
    }

    #[test]
    fn short_and_labelled_numbers_are_kept() {
        assert!(found("tried 3 times since 20261201").is_empty());
        assert!(found("uid 123456789 please check").is_empty());
        assert!(found("order 1616161616161616 stuck").is_empty());
        assert!(found("error code 100001").is_empty());
        assert!(found("id 1234").is_empty());
        assert!(found("at 20261126 10:31").is_empty());
        assert!(found("2026-11-26 12:30:00").is_empty());
        assert!(found("passport expired 20261126").is_empty());
        assert!(found("ts=1764115200000").is_empty());
        assert!(found("订单号 2026112612345678").is_empty());
        assert!(found("order #88231940017 failed").is_empty());
        assert!(found("<@1180000000000000402> open").is_empty());
        assert!(found("1180000000000000402").is_empty());
        assert!(
            found("see https://discord.com/channels/1180000000000000100/1180000000000000200")
                .is_empty()
        );
        // A label further back does not speak for the member's number.
        assert_eq!(found("tx my number 6000000000"), ["6000000000"]);
        // The second half of an ID starts with a birth date, and is taken.
        assert_eq!(found("19491231002X"), ["19491231002X"]);
    }
}
