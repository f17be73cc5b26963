//! The text the detectors read, and the way back to the text the user typed.
//!
//! Users paste numbers from apps and phone keyboards: full-width digits
//! (`１１０１０５…`), zero-width spaces or joiners inside a number, odd dashes
//! and spaces. Detecting on an NFKC copy with those folded away, while every
//! byte of the copy remembers which input character it came from, means the
//! detectors stay simple ASCII matchers and the findings are still exact
//! byte ranges of the input (which is left untouched outside them).
//!
//! NFKC is applied one character at a time. That differs from whole-string
//! NFKC only for combining sequences, which never form the digits, Latin
//! letters and punctuation detectors look at, and it keeps the map trivial.

use super::Kind;
use unicode_normalization::UnicodeNormalization;

/// Stands in the view for a marker already in the text (`[CN-ID …002X]`):
/// one character that is no digit, letter, separator or word, so nothing is
/// found inside or across it and redacting redacted text changes nothing.
pub(super) const OPAQUE: char = '\u{FFFC}';

pub(super) struct View {
    text: String,
    /// For each byte of `text`: the input byte range of the character it
    /// came from.
    source: Vec<(usize, usize)>,
}

impl View {
    pub(super) fn new(input: &str) -> View {
        let mut text = String::with_capacity(input.len());
        let mut source = Vec::with_capacity(input.len());
        let mut skip_to = 0;
        for (i, c) in input.char_indices() {
            if i < skip_to {
                continue;
            }
            let end = i + c.len_utf8();
            if c == '[' {
                if let Some(len) = marker_len(&input[i..]) {
                    skip_to = i + len;
                    push(&mut text, &mut source, OPAQUE, (i, skip_to));
                    continue;
                }
            }
            if c.is_ascii() {
                push(&mut text, &mut source, c, (i, end));
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

/// Default-ignorable code points (zero-width space, joiners, word joiner,
/// BOM, soft hyphen, bidi controls, variation selectors, fillers, tags):
/// invisible when pasted, so dropping them is what reunites a split number.
/// Non-ASCII controls go too; ASCII ones (tab, newline) are real separators.
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

/// If `s` starts with a marker that [`super::redact`] writes, its length.
/// The shapes: `[LABEL]`, `[LABEL …TAIL]` with 1–4 ASCII letters or digits,
/// `[EMAIL …@domain]` and `[SEED PHRASE N words]`.
pub(super) fn marker_len(s: &str) -> Option<usize> {
    let rest = s.strip_prefix('[')?;
    let kind = Kind::ALL
        .into_iter()
        .find(|k| rest.starts_with(k.label()))?;
    let after = &rest[kind.label().len()..];
    let inner = if after.starts_with(']') {
        0
    } else if kind == Kind::SeedPhrase {
        let digits = after.strip_prefix(' ')?;
        let n = prefix_len(digits, |b| b.is_ascii_digit());
        if !(1..=4).contains(&n) || !digits[n..].starts_with(" words]") {
            return None;
        }
        1 + n + " words".len()
    } else {
        let tail = after.strip_prefix(" …")?;
        let n = if kind == Kind::Email {
            let domain = tail.strip_prefix('@')?;
            1 + prefix_len(domain, |b| {
                b.is_ascii_alphanumeric() || b == b'.' || b == b'-'
            })
        } else {
            prefix_len(tail, |b| b.is_ascii_alphanumeric())
        };
        let ok = if kind == Kind::Email {
            (2..=254).contains(&n)
        } else {
            (1..=4).contains(&n)
        };
        if !ok || !tail[n..].starts_with(']') {
            return None;
        }
        " …".len() + n
    };
    Some(1 + kind.label().len() + inner + 1)
}

fn prefix_len(s: &str, ok: impl Fn(u8) -> bool) -> usize {
    s.bytes().take_while(|&b| ok(b)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_drops_invisible_but_maps_back() {
        let input = "号１２\u{200B}3x";
        let v = View::new(input);
        assert_eq!(v.text(), "号123x");
        // "123" in the view covers the full-width digits and the zero-width
        // space between them in the input.
        let (s, e) = v.source_range(3, 6);
        assert_eq!(&input[s..e], "１２\u{200B}3");
    }

    #[test]
    fn markers_are_opaque() {
        for m in [
            "[CN-ID …002X]",
            "[HK-ID]",
            "[EMAIL …@gmail.com]",
            "[SEED PHRASE 12 words]",
            "[PRIVATE KEY]",
        ] {
            assert_eq!(marker_len(m), Some(m.len()), "{m}");
            let v = View::new(&format!("a{m}b"));
            assert_eq!(v.text(), format!("a{OPAQUE}b"));
        }
        for not in [
            "[CN-ID …12345]",
            "[CARD",
            "[EMAIL …@]",
            "[SEED PHRASE words]",
        ] {
            assert_eq!(marker_len(not), None, "{not}");
        }
    }

    #[test]
    fn odd_dashes_and_spaces_fold() {
        assert_eq!(View::new("138‐0013\u{3000}8000").text(), "138-0013 8000");
    }
}
