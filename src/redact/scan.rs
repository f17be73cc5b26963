//! Scanning helpers the detectors share: how people type long numbers
//! (digit groups split by spaces or dashes), alphanumeric tokens, "is this
//! number labelled as a phone / passport / ..." and calendar dates.
//! Everything works on the ASCII-folded view, in byte offsets.

use super::Kind;

/// A detector's finding, as a byte range of the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Hit {
    pub(super) fn new(kind: Kind, start: usize, end: usize) -> Hit {
        Hit { kind, start, end }
    }
}

/// Test helper for the detector modules: what `find` reports in `text`, as
/// (kind, matched text) in the order it reported them.
#[cfg(test)]
pub(super) fn found_by(find: fn(&str, &mut Vec<Hit>), text: &str) -> Vec<(Kind, &str)> {
    let mut hits = Vec::new();
    find(text, &mut hits);
    spans(text, &hits)
}

/// Test helper: what `find` reports in `text`, matched text only.
#[cfg(test)]
pub(super) fn texts_found_by(find: fn(&str, &mut Vec<Hit>), text: &str) -> Vec<&str> {
    found_by(find, text).into_iter().map(|(_, s)| s).collect()
}

/// Test helper: each hit as (kind, matched text).
#[cfg(test)]
pub(super) fn spans<'t>(text: &'t str, hits: &[Hit]) -> Vec<(Kind, &'t str)> {
    hits.iter()
        .map(|h| (h.kind, &text[h.start..h.end]))
        .collect()
}

/// A candidate number: one or more consecutive digit groups of a chain.
pub(super) struct Number<'a> {
    /// View range, including a trailing `X` when `has_x`.
    pub start: usize,
    pub end: usize,
    /// The digits alone, separators removed (never the `X`).
    pub digits: &'a str,
    /// Digits per group, e.g. `[3, 4, 4]` for `138 0013 8000`.
    pub groups: &'a [usize],
    /// Ends in `X`/`x`, the check character of a CN ID.
    pub has_x: bool,
    /// The candidate starts at the first group of its chain (so whatever a
    /// label says just before it refers to it).
    pub chain_start: bool,
    /// The candidate is its whole chain: no digits joined on either side.
    /// Loose groupings (`0803 12 34 567`, one digit per space) are only
    /// trusted for a whole chain.
    pub whole: bool,
}

/// The most digits any number detector wants (payment cards: 19).
const MAX_DIGITS: usize = 19;

/// How many separator characters may join two digit groups: `\r\n` and
/// the spaces around it, or three spaces typed between groups.
const MAX_SEPARATOR: usize = 4;

/// Calls `f` for every candidate number: each run of consecutive groups
/// of a chain with at most 19 digits. A chain is digit groups joined by
/// up to four spaces, tabs, dashes, dots, slashes or underscores, with at
/// most one line break among them (`4242 4242 4242 4242`,
/// `110105-19491231-002X`, `138.0013.8000`, `1 1 0 1 0 5 …`, a number
/// split over two lines). Decimals (`0.00012345`, `3.14159`) stay apart.
/// A candidate must stand alone: not glued to other digits, not the tail of
/// a decimal (`0.1234…`), not inside a hex string. Letters glued before or
/// after are allowed (`IDnumber11010519491231002X`, `tel13800138000`),
/// unless they make a token of mixed letters and digits (`0x12ab34`).
pub(super) fn for_each_number(text: &str, mut f: impl FnMut(&Number)) {
    let b = text.as_bytes();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut sizes: Vec<usize> = Vec::new();
    let mut digits = String::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        groups.clear();
        let mut s = i;
        loop {
            let e = s + b[s..].iter().take_while(|c| c.is_ascii_digit()).count();
            groups.push((s, e));
            let sep = separator_len(b, e);
            let next = e + sep;
            let next_len = b[next..].iter().take_while(|c| c.is_ascii_digit()).count();
            // Decimals do not join: one digit, a dot and several
            // (`3.14159`, `0.00012345`). A digit per dot (`4.2.4.2…`) is
            // a number typed out.
            let dot = b[e..next].contains(&b'.');
            let decimal = dot && e - s < 2 && next_len > 4;
            if sep > 0 && next_len > 0 && !decimal {
                s = next;
            } else {
                break;
            }
        }
        let chain_end = groups[groups.len() - 1].1;
        let x_end = match b.get(chain_end) {
            // Letters may follow (`…002Xplease`): an ID glued to the next
            // word is still an ID. A digit may not: then it is not a check X.
            Some(b'X' | b'x') if !b.get(chain_end + 1).is_some_and(u8::is_ascii_digit) => {
                Some(chain_end + 1)
            }
            _ => None,
        };
        let left_ok = stands_alone_before(b, groups[0].0);
        let right_ok = stands_alone_after(b, chain_end);
        for a in 0..groups.len() {
            if a == 0 && !left_ok {
                continue;
            }
            digits.clear();
            sizes.clear();
            for (z, &(gs, ge)) in groups.iter().enumerate().skip(a) {
                if digits.len() + (ge - gs) > MAX_DIGITS {
                    break;
                }
                digits.push_str(&text[gs..ge]);
                sizes.push(ge - gs);
                let last = z + 1 == groups.len();
                let mut n = Number {
                    start: groups[a].0,
                    end: ge,
                    digits: &digits,
                    groups: &sizes,
                    has_x: false,
                    chain_start: a == 0,
                    whole: a == 0 && last,
                };
                if !last || right_ok {
                    f(&n);
                }
                if let (true, Some(xe)) = (last, x_end) {
                    n.end = xe;
                    n.has_x = true;
                    f(&n);
                }
            }
        }
        i = x_end.unwrap_or(chain_end);
    }
}

/// How many separator bytes after a digit group ending at `e` lead to the
/// next group, or 0 when they do not join.
fn separator_len(b: &[u8], e: usize) -> usize {
    let sep = b[e..]
        .iter()
        .take(MAX_SEPARATOR + 1)
        .take_while(|c| b" \t-./_\r\n".contains(c))
        .count();
    if sep == 0 || sep > MAX_SEPARATOR {
        return 0;
    }
    let run = &b[e..e + sep];
    let breaks = run.iter().filter(|&&c| c == b'\n').count();
    let dotted = run.contains(&b'.');
    // Two line breaks (a new paragraph), a dot next to a line break (a
    // sentence end) or two dots do not join.
    if breaks > 1 || (dotted && breaks > 0) || run.iter().filter(|&&c| c == b'.').count() > 1 {
        return 0;
    }
    sep
}

/// True when a number starting at `at` is not the tail of something longer.
fn stands_alone_before(b: &[u8], at: usize) -> bool {
    let Some(&prev) = at.checked_sub(1).and_then(|p| b.get(p)) else {
        return true;
    };
    if prev.is_ascii_alphabetic() {
        let run = b[..at]
            .iter()
            .rev()
            .take(41)
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        let before = (at - run).checked_sub(1).map(|p| b[p]);
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        // A short prefix (`ID`, `tel`) or a real word (`IDnumber`): a word
        // of hex letters only (`deadbeef12…`) is more likely a hex string.
        let word = &b[at - run..at];
        return run <= 4 || (run <= 40 && !word.iter().all(u8::is_ascii_hexdigit));
    }
    let decimal = matches!(prev, b'.' | b',') && at >= 2 && b[at - 2].is_ascii_digit();
    !decimal && !prev.is_ascii_digit()
}

/// True when a number ending at `at` is not the head of something longer.
fn stands_alone_after(b: &[u8], at: usize) -> bool {
    let Some(&next) = b.get(at) else {
        return true;
    };
    // Letters after a number do not make it part of a word: users glue
    // words on (`13812345678call`), and every detector still demands a
    // checksum or a strict shape, so better safe. Letters followed by more
    // digits (`0x1234`, `12ab34`) are one token, not a number.
    if next.is_ascii_alphabetic() {
        let run = b[at..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        return !b.get(at + run).is_some_and(u8::is_ascii_digit);
    }
    let decimal = matches!(next, b'.' | b',') && b.get(at + 1).is_some_and(u8::is_ascii_digit);
    !decimal && !next.is_ascii_digit()
}

/// Maximal runs of ASCII letters and digits, as `(start, end)`. Chinese
/// text around them is a boundary, so `身份证A123456789` yields the ID.
pub(super) fn alnum_tokens(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        Some((s, i))
    })
}

/// How far back a label may be: "passport number is: " and "护照号码：" fit.
const LABEL_WINDOW: usize = 64;

/// Words that may sit between a label and its number: "phone *number is*
/// 415…", "护照*号码是*E…". Punctuation and spaces are skipped as well.
const FILLERS: &[&str] = &[
    "number", "num", "no", "nr", "is", "was", "my", "at", "on", "me", "the", "card", "it's", "its",
    "it", "s", "号码", "號碼", "号", "號", "码", "碼", "是", "为", "為", "的",
];

fn is_filler_punct(c: char) -> bool {
    c.is_whitespace() || ":：#.=()（）,，-_'\"*|/。、’".contains(c)
}

/// True when the text just before `pos` is one of `labels` (ASCII labels
/// case-insensitively and as whole words), with only punctuation and
/// [`FILLERS`] between. Reads at most [`LABEL_WINDOW`] bytes back.
pub(super) fn labelled(text: &str, pos: usize, labels: &[&str]) -> bool {
    let mut from = pos.saturating_sub(LABEL_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut s = &text[from..pos];
    loop {
        s = s.trim_end_matches(is_filler_punct);
        if labels.iter().any(|l| ends_with_word(s, l)) {
            return true;
        }
        match FILLERS.iter().find(|w| ends_with_word(s, w)) {
            Some(w) => s = &s[..s.len() - w.len()],
            None => return false,
        }
    }
}

/// Words that say a number is something else, whatever label came
/// before them: "passport upload failed, order 1616…".
pub(super) const BLOCKERS: &[&str] = &[
    "order",
    "orders",
    "uid",
    "ref",
    "reference",
    "ticket",
    "tx",
    "txid",
    "txn",
    "hash",
    "amount",
    "code",
    "error",
    "step",
    "case",
    "version",
];

/// Like [`labelled`], but up to `words` other words may stand between
/// the label and the number, in prose: "passport which is 1616…",
/// "passport (USA) 1616…", "tx hash of my deposit 0x…". No digits may.
pub(super) fn labelled_near(text: &str, pos: usize, labels: &[&str], words: usize) -> bool {
    let mut from = pos.saturating_sub(LABEL_WINDOW + 32);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut s = &text[from..pos];
    let mut skipped = 0;
    loop {
        s = s.trim_end_matches(is_filler_punct);
        if labels.iter().any(|l| ends_with_word(s, l)) {
            return true;
        }
        if let Some(w) = FILLERS.iter().find(|w| ends_with_word(s, w)) {
            s = &s[..s.len() - w.len()];
            continue;
        }
        let word = s
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic() && !crate::text::is_cjk(*c))
            .map(char::len_utf8)
            .sum::<usize>();
        let w = &s[s.len() - word..];
        if word == 0 || skipped == words || BLOCKERS.iter().any(|b| b.eq_ignore_ascii_case(w)) {
            return false;
        }
        skipped += 1;
        s = &s[..s.len() - word];
    }
}

pub(super) fn ends_with_word(s: &str, w: &str) -> bool {
    let Some(at) = s.len().checked_sub(w.len()) else {
        return false;
    };
    if !s.is_char_boundary(at) || !s[at..].eq_ignore_ascii_case(w) {
        return false;
    }
    // "id" must not match the end of "paid"; Chinese labels need no gap.
    let ascii_word = w.as_bytes()[0].is_ascii_alphabetic();
    !(ascii_word && at > 0 && s.as_bytes()[at - 1].is_ascii_alphabetic())
}

/// A real calendar date (Gregorian leap years), years 1900–2099.
pub(super) fn is_date(year: u32, month: u32, day: u32) -> bool {
    if !(1900..=2099).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days
}

/// The value of ASCII digits `s` (at most 9 of them, so no overflow).
pub(super) fn num(s: &str) -> u32 {
    s.bytes()
        .take(9)
        .fold(0, |n, b| n * 10 + u32::from(b.wrapping_sub(b'0') % 10))
}

/// Eight digits that read as a date, `20261126`: timestamps, not numbers.
pub(super) fn is_yyyymmdd(d: &str) -> bool {
    d.len() == 8 && is_date(num(&d[..4]), num(&d[4..6]), num(&d[6..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_number(text, |n| {
            out.push(format!("{}{}", n.digits, if n.has_x { "X" } else { "" }))
        });
        out
    }

    #[test]
    fn chains_and_their_sub_runs() {
        assert_eq!(numbers("a 12 34 b"), ["12", "1234", "34"]);
        assert_eq!(
            numbers("110105-19491231-002X"),
            [
                "110105",
                "11010519491231",
                "11010519491231002",
                "11010519491231002X",
                "19491231",
                "19491231002",
                "19491231002X",
                "002",
                "002X",
            ]
        );
    }

    #[test]
    fn glued_numbers_do_not_stand_alone() {
        assert!(numbers("0x1234567890").is_empty());
        assert!(numbers("3.14159").is_empty());
        assert!(numbers("abcde123").is_empty());
        assert_eq!(numbers("ID123"), ["123"]);
        assert_eq!(numbers("13812345678call"), ["13812345678"]);
        assert_eq!(numbers("号123号"), ["123"]);
        assert_eq!(numbers("1 2"), ["1", "12", "2"]);
        assert_eq!(numbers("IDnumber110"), ["110"]);
        assert!(numbers("deadbeefcafe110").is_empty());
        assert!(numbers("6205 6019 8610 2241 8X").contains(&"62056019861022418X".to_owned()));
    }

    #[test]
    fn separators_people_type() {
        for t in [
            "138.0013.8000",
            "138/0013/8000",
            "138\t0013   8000",
            "1380013\n8000",
        ] {
            assert!(numbers(t).contains(&"13800138000".to_owned()), "{t:?}");
        }
        assert!(numbers("0.00012345").iter().all(|n| n.len() < 9));
        assert!(!numbers("1380013.\n8000").contains(&"13800138000".to_owned()));
        assert!(!numbers("1380013\n\n8000").contains(&"13800138000".to_owned()));
    }

    #[test]
    fn labels_in_prose() {
        let t = "passport which is 1616";
        assert!(labelled_near(t, t.len() - 4, &["passport"], 2));
        let t = "passport (USA) 1616";
        assert!(labelled_near(t, t.len() - 4, &["passport"], 2));
        let t = "passport photo was rejected on my phone 1616";
        assert!(!labelled_near(t, t.len() - 4, &["passport"], 2));
        let t = "passport 12 and 1616";
        assert!(!labelled_near(t, t.len() - 4, &["passport"], 3));
    }

    #[test]
    fn labels_allow_fillers_and_punctuation() {
        let labels = ["phone", "手机"];
        let t = "my Phone number is: 415";
        assert!(labelled(t, t.len() - 3, &labels));
        let t = "手机号码是13800138000";
        assert!(labelled(t, "手机号码是".len(), &labels));
        let t = "telephone 415";
        assert!(!labelled(t, t.len() - 3, &labels));
        let t = "phone broke, uid 415";
        assert!(!labelled(t, t.len() - 3, &labels));
    }

    #[test]
    fn dates() {
        assert!(is_yyyymmdd("20240229"));
        assert!(!is_yyyymmdd("20230229"));
        assert!(!is_yyyymmdd("20261301"));
    }
}
