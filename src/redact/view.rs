//! The text the detectors read, and the way back to the text the user typed.
//!
//! Users paste numbers from apps, phone keyboards and URLs: full-width
//! digits (`１１０１０５…`), zero-width spaces or control characters inside a
//! number, odd dashes and spaces, `×` for the X of an ID, Chinese numerals
//! (`一一〇一〇五…`, `壹贰叁…`), `%20`-style URL escapes. Detecting on a copy
//! with those folded away, while every byte of the copy remembers which
//! input characters it came from, means the detectors stay simple ASCII
//! matchers and the findings are still exact byte ranges of the input
//! (which is left untouched outside them).
//!
//! NFKC is applied one character at a time. That differs from whole-string
//! NFKC only for combining sequences, which never form the digits, Latin
//! letters and punctuation detectors look at, and it keeps the map trivial.

use unicode_normalization::UnicodeNormalization;

/// Stands in the view for a marker this redaction placed (`[CN-ID …002X]`):
/// one character that is no digit, letter, separator or word, so nothing is
/// found inside or across it. Only markers placed by the running call are
/// opaque: text that merely looks like a marker is scanned like any other,
/// so `[EMAIL …@11010519491231002X]` typed by a user does not hide a number.
pub(super) const OPAQUE: char = '\u{FFFC}';

/// Chinese numerals count as digits only in a run of at least this many
/// (separators between allowed): a run of six is an ID or phone number
/// typed out, while `一` alone is a word (and a BIP-39 word).
const MIN_NUMERAL_RUN: usize = 6;

pub(super) struct View {
    text: String,
    /// For each byte of `text`: the input byte range it came from.
    source: Vec<(usize, usize)>,
}

impl View {
    /// The view of `input`; `opaque` are input byte ranges (sorted,
    /// disjoint) of markers placed earlier in this redaction.
    pub(super) fn new(input: &str, opaque: &[(usize, usize)]) -> View {
        let numerals = numeral_runs(input);
        let mut text = String::with_capacity(input.len());
        let mut source = Vec::with_capacity(input.len());
        let mut opaque = opaque.iter().peekable();
        let mut skip_to = 0;
        let b = input.as_bytes();
        for (i, c) in input.char_indices() {
            if i < skip_to {
                continue;
            }
            if let Some(&&(s, e)) = opaque.peek() {
                if i >= s {
                    opaque.next();
                    skip_to = e;
                    push(&mut text, &mut source, OPAQUE, (s, e));
                    continue;
                }
            }
            let end = i + c.len_utf8();
            if c == '%' {
                if let Some(d) = url_escape(b, i) {
                    skip_to = i + 3;
                    push(&mut text, &mut source, d, (i, i + 3));
                    continue;
                }
            }
            if let Some(d) = numeral_value(c).filter(|_| numerals.contains(i)) {
                push(&mut text, &mut source, d, (i, end));
            } else if c.is_ascii() {
                if !c.is_ascii_control() || matches!(c, '\t' | '\n' | '\r') {
                    push(&mut text, &mut source, c, (i, end));
                }
            } else if c == '×' || c == '✕' || c == '╳' {
                push(&mut text, &mut source, 'X', (i, end));
            } else if !is_invisible(c) {
                for d in std::iter::once(c).nfkc() {
                    push(&mut text, &mut source, fold_dash(d), (i, end));
                }
            }
        }
        View { text, source }
    }

    pub(super) fn text(&self) -> &str {
        &self.text
    }

    /// The input byte range covered by view bytes `start..end` (non-empty).
    pub(super) fn source_range(&self, start: usize, end: usize) -> (usize, usize) {
        (self.source[start].0, self.source[end - 1].1)
    }
}

fn push(text: &mut String, source: &mut Vec<(usize, usize)>, c: char, from: (usize, usize)) {
    text.push(c);
    source.extend(std::iter::repeat_n(from, c.len_utf8()));
}

/// `%XX` decoding to a printable ASCII character (or a space): numbers and
/// addresses pasted out of a URL (`1101%2005…`, `john%40gmail.com`).
fn url_escape(b: &[u8], at: usize) -> Option<char> {
    let hex = |c: u8| (c as char).to_digit(16);
    let (h, l) = (hex(*b.get(at + 1)?)?, hex(*b.get(at + 2)?)?);
    let c = char::from_u32(h * 16 + l)?;
    (c == ' ' || c.is_ascii_graphic()).then_some(c)
}

/// The digit a Chinese numeral stands for: the everyday `〇一二…九` (and
/// `零`), the financial `壹贰叁…` (simplified and traditional), `两`.
fn numeral_value(c: char) -> Option<char> {
    let d = match c {
        '〇' | '零' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '贰' | '貳' | '两' | '兩' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    };
    char::from_digit(d, 10)
}

/// Byte ranges (sorted, disjoint) of runs of at least [`MIN_NUMERAL_RUN`]
/// Chinese numerals or ASCII digits (spaces, dots and dashes between them
/// allowed), asked in increasing order of position: a cursor, so the view
/// stays linear however many runs there are.
struct NumeralRuns {
    runs: Vec<(usize, usize)>,
    next: std::cell::Cell<usize>,
}

impl NumeralRuns {
    fn contains(&self, at: usize) -> bool {
        let mut i = self.next.get();
        while self.runs.get(i).is_some_and(|&(_, e)| e <= at) {
            i += 1;
        }
        self.next.set(i);
        self.runs.get(i).is_some_and(|&(s, e)| (s..e).contains(&at))
    }
}

fn numeral_runs(input: &str) -> NumeralRuns {
    let mut runs = Vec::new();
    let mut start = None;
    let mut count = 0;
    let mut last_end = 0;
    let mut has_numeral = false;
    let mut close = |start: &mut Option<usize>, count: &mut usize, end: usize, num: &mut bool| {
        if let Some(s) = start.take() {
            if *count >= MIN_NUMERAL_RUN && *num {
                runs.push((s, end));
            }
        }
        *count = 0;
        *num = false;
    };
    for (i, c) in input.char_indices() {
        let numeral = numeral_value(c).is_some();
        if numeral || c.is_ascii_digit() {
            start.get_or_insert(i);
            count += 1;
            has_numeral |= numeral;
            last_end = i + c.len_utf8();
        } else if matches!(c, ' ' | '\u{3000}' | '-' | '.' | '\t') && start.is_some() {
            continue;
        } else {
            close(&mut start, &mut count, last_end, &mut has_numeral);
        }
    }
    close(&mut start, &mut count, last_end, &mut has_numeral);
    NumeralRuns {
        runs,
        next: std::cell::Cell::new(0),
    }
}

/// Default-ignorable code points (zero-width space, joiners, word joiner,
/// BOM, soft hyphen, bidi controls, variation selectors, fillers, tags):
/// invisible when pasted, so dropping them is what reunites a split number.
/// Non-ASCII controls go too; of the ASCII ones only tab and line breaks
/// stay, as real separators.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}'
        | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}'
    ) || c.is_control()
}

/// Hyphens and minus signs that NFKC keeps as themselves; number detectors
/// accept `-` between digit groups, so `138‐0013‐8000` must read the same.
fn fold_dash(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' => '-',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_drops_invisible_but_maps_back() {
        let input = "号１２\u{200B}3x";
        let v = View::new(input, &[]);
        assert_eq!(v.text(), "号123x");
        // "123" in the view covers the full-width digits and the zero-width
        // space between them in the input.
        let (s, e) = v.source_range(3, 6);
        assert_eq!(&input[s..e], "１２\u{200B}3");
    }

    #[test]
    fn placed_markers_are_opaque_lookalikes_are_not() {
        let input = "a[CN-ID …002X]b[CN-ID …002X]";
        let end = 1 + "[CN-ID …002X]".len();
        let v = View::new(input, &[(1, end)]);
        assert_eq!(v.text(), format!("a{OPAQUE}b[CN-ID ...002X]"));
        assert_eq!(v.source_range(1, 1 + OPAQUE.len_utf8()), (1, end));
    }

    #[test]
    fn odd_dashes_and_spaces_fold() {
        assert_eq!(
            View::new("138‐0013\u{3000}8000", &[]).text(),
            "138-0013 8000"
        );
    }

    #[test]
    fn controls_url_escapes_and_times_sign() {
        assert_eq!(View::new("11\u{1}01\u{7f}05", &[]).text(), "110105");
        assert_eq!(View::new("a%40b.com%201", &[]).text(), "a@b.com 1");
        assert_eq!(View::new("100%", &[]).text(), "100%");
        assert_eq!(View::new("002×", &[]).text(), "002X");
        assert_eq!(View::new("tab\there\r\n", &[]).text(), "tab\there\r\n");
    }

    #[test]
    fn chinese_numerals_only_in_long_runs() {
        assert_eq!(
            View::new("一一〇一〇五一九四九一二三一〇〇二X", &[]).text(),
            "11010519491231002X"
        );
        assert_eq!(
            View::new("壹叁捌 零零壹叁 捌零零零", &[]).text(),
            "138 0013 8000"
        );
        assert_eq!(View::new("一个人 三次", &[]).text(), "一个人 三次");
        assert_eq!(
            View::new("的 一 是 在 不 了", &[]).text(),
            "的 一 是 在 不 了"
        );
    }
}
