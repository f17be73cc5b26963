//! The corpus of messages in the formats users really paste personal data
//! in (`tests/data/pasted_personal_data.tsv`), and the test of whether a
//! piece of it survived: verbatim, or in any of the ways it was disguised
//! (separators, full width, Chinese numerals, URL escapes, control
//! characters), so a value typed one digit per space that comes out one
//! digit per space counts as surviving.
#![allow(dead_code)]

use unicode_normalization::UnicodeNormalization;

pub struct Case {
    /// What must not survive; `None` for a message that must stay as it is.
    pub secret: Option<String>,
    pub message: String,
}

pub fn cases() -> Vec<Case> {
    let data = include_str!("../data/pasted_personal_data.tsv");
    data.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let (secret, message) = l.split_once('\t').expect("secret<TAB>message");
            Case {
                secret: (secret != "-").then(|| unescape(secret)),
                message: unescape(message),
            }
        })
        .collect()
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).expect("\\xNN")));
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// `text` with every disguise taken off: NFKC, Chinese numerals as digits,
/// `%XX` decoded, `×` as X, and separators and control characters removed.
pub fn undisguised(text: &str) -> String {
    let mut decoded = String::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                if v.is_ascii_graphic() || v == b' ' {
                    decoded.push(char::from(v));
                    i += 3;
                    continue;
                }
            }
        }
        let c = text[i..].chars().next().unwrap();
        decoded.push(c);
        i += c.len_utf8();
    }
    decoded
        .nfkc()
        .filter_map(|c| {
            let digit = "〇一二三四五六七八九".chars().position(|d| d == c);
            match c {
                _ if digit.is_some() => char::from_digit(digit.unwrap() as u32, 10),
                '×' => Some('X'),
                c if c.is_whitespace() || c.is_control() || ".-/_".contains(c) => None,
                c => Some(c),
            }
        })
        .collect()
}

/// Whether `secret` is still in `output`, as typed or undisguised.
pub fn survives(secret: &str, output: &str) -> bool {
    output.contains(secret) || undisguised(output).contains(&undisguised(secret))
}
