//! What the learned model sees of a message: character 1–4-grams of the
//! normalised text, its words (stemmed) and CJK bigrams, and word pairs.
//!
//! Character n-grams carry typos, inflections, Chinese without spaces and
//! mixed-language messages without any tokeniser having to be right; words
//! and word pairs carry the clauses that n-grams blur ("not me", "没注册").
//! Features are 64-bit FNV-1a hashes with a kind prefix: no string is
//! allocated per n-gram on the hot path, and at 64 bits a collision between
//! two of the knowledge base's ~10^5 features is vanishingly unlikely.

use crate::text::{tokenize, units, Unit};

/// Longest character n-gram.
const MAX_CHAR_GRAM: usize = 4;

/// The two groups of features; each is L2-normalised on its own (as a
/// union of two TF-IDF vectorisers would be), so long messages with many
/// n-grams do not drown the word evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Chars,
    Words,
}

/// Calls `emit(group, kind, piece)` for every feature of already-normalised
/// text, in order and with repetitions (the caller counts). For
/// `ask --explain`, which wants the text; the hot path uses [`hashed`],
/// which yields the same features as hashes without building strings.
pub fn for_each_feature(normalized: &str, mut emit: impl FnMut(Group, u8, &str)) {
    let units = units(normalized);
    let padded = padded(normalized);
    let mut piece = String::new();
    for start in 0..padded.len() {
        piece.clear();
        for (n, c) in padded[start..].iter().take(MAX_CHAR_GRAM).enumerate() {
            piece.push(*c);
            if keep_char_gram(n + 1, *c) {
                emit(Group::Chars, b'c', &piece);
            }
        }
    }
    for_each_word_feature(normalized, &units, |kind, piece| {
        emit(Group::Words, kind, piece)
    });
}

/// The hashed features of already-normalised text, with repetitions.
pub fn hashed(normalized: &str) -> Vec<(Group, u64)> {
    hashed_with_units(normalized, &units(normalized))
}

/// [`hashed`] for a caller that already holds the text's [`units`] (the
/// engine needs them for clauses too; computing them once is a tenth of
/// the time per message).
pub fn hashed_with_units(normalized: &str, units: &[Unit]) -> Vec<(Group, u64)> {
    let padded = padded(normalized);
    let mut out = Vec::with_capacity(padded.len() * MAX_CHAR_GRAM + 32);
    let mut buf = [0u8; 4];
    for start in 0..padded.len() {
        // FNV-1a is sequential over bytes, so the hash of an n-gram extends
        // the hash of its (n-1)-gram prefix: one pass, no strings.
        let mut h = fnv(OFFSET, b"c");
        for (n, c) in padded[start..].iter().take(MAX_CHAR_GRAM).enumerate() {
            h = fnv(h, c.encode_utf8(&mut buf).as_bytes());
            if keep_char_gram(n + 1, *c) {
                out.push((Group::Chars, h));
            }
        }
    }
    for_each_word_feature(normalized, units, |kind, piece| {
        out.push((Group::Words, hash(kind, piece)))
    });
    out
}

/// The text with one space before and after, so that n-grams see where
/// words begin and end.
fn padded(normalized: &str) -> Vec<char> {
    std::iter::once(' ')
        .chain(normalized.chars())
        .chain(std::iter::once(' '))
        .collect()
}

/// Single characters are kept for Chinese only (脸, 证 carry meaning; a
/// lone Latin letter or space does not, and each feature costs a weight
/// row per class in training).
fn keep_char_gram(n: usize, c: char) -> bool {
    n > 1 || crate::text::is_cjk(c)
}

/// Words, CJK bigrams and pairs of adjacent units.
fn for_each_word_feature(normalized: &str, units: &[Unit], mut emit: impl FnMut(u8, &str)) {
    for token in tokenize(normalized) {
        emit(b'w', &token.text);
    }
    // Pairs of adjacent units (stopwords kept): "not me", "never register",
    // "没 注" — the order that bags of words lose.
    let mut piece = String::new();
    for pair in units.windows(2) {
        piece.clear();
        for (i, unit) in pair.iter().enumerate() {
            if i > 0 {
                piece.push(' ');
            }
            match unit {
                Unit::Word(w) => piece.push_str(w),
                Unit::Han(c) => piece.push(*c),
            }
        }
        emit(b'p', &piece);
    }
}

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// FNV-1a over the kind byte and the piece: stable across runs, builds and
/// platforms, so a model is a pure function of the knowledge base.
pub fn hash(kind: u8, piece: &str) -> u64 {
    fnv(fnv(OFFSET, &[kind]), piece.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<(Group, char, String)> {
        let mut out = Vec::new();
        for_each_feature(text, |g, k, p| out.push((g, k as char, p.to_string())));
        out
    }

    #[test]
    fn char_grams_words_and_pairs() {
        let p = pieces("not me");
        let has = |kind: char, text: &str| p.iter().any(|(_, k, t)| *k == kind && t == text);
        assert!(!has('c', "n"), "a lone Latin letter is not a feature");
        assert!(has('c', " not"));
        assert!(has('c', "t me"));
        assert!(!has('c', " "), "a lone space is not a feature");
        // Stopwords leave the word tokens but stay in pairs.
        assert!(!has('w', "me"));
        assert!(has('p', "not me"));
    }

    #[test]
    fn chinese_gets_bigrams_and_char_grams() {
        let p = pieces("没注册");
        let has = |kind: char, text: &str| p.iter().any(|(_, k, t)| *k == kind && t == text);
        assert!(has('c', "没注册"));
        assert!(has('c', "没"), "a lone ideograph is a feature");
        assert!(has('w', "注册"));
        assert!(has('p', "没 注"));
    }

    #[test]
    fn hashed_matches_the_texts_hashed() {
        for text in ["not me", "没注册 kyc", "", "a"] {
            let from_text: Vec<(Group, u64)> = {
                let mut v = Vec::new();
                for_each_feature(text, |g, k, p| v.push((g, hash(k, p))));
                v
            };
            assert_eq!(hashed(text), from_text, "{text:?}");
        }
    }

    #[test]
    fn hashes_are_stable_and_kind_sensitive() {
        assert_eq!(hash(b'w', "kyc"), hash(b'w', "kyc"));
        assert_ne!(hash(b'w', "kyc"), hash(b'c', "kyc"));
        // Pinned, so that a change of hash (and so of every model) is
        // deliberate.
        assert_eq!(hash(b'w', "a"), 0x08cb_5707_b56d_2975);
    }
}
