//! BIP-39 seed phrases: whoever reads one owns the wallet. The word lists
//! (and the checksum) come from the `bip39` crate, so no 2048-word table
//! lives here.
//!
//! - English: twelve or more list words in a row, whatever sits between
//!   them as long as it is not a letter: spaces, commas, new lines,
//!   numbering (`1. abandon 2. ability`, `1) abandon`). Any other word ends
//!   the run, so ordinary prose (which needs "the", "a", "to", "is", none
//!   of them on the list) does not match.
//! - Chinese (Simplified and Traditional lists, one character a word):
//!   twelve or more list characters each standing alone, as wallets show
//!   them (`的 一 是 在 …`). The 2048 characters are the commonest in the
//!   language, so contiguous text is only taken right after a label such as
//!   助记词, and only when it ends in 12–24 characters with a valid checksum.
//!
//! List words next to a phrase join its run ("seed: abandon … about can you
//! help": "seed", "can", "you" and "help" are all on the list). In a run
//! longer than twelve, the windows of 12/15/18/21/24 words with a valid
//! checksum are the phrase; if none has one, the whole run goes (a phrase
//! with a typo in it is just as secret).
//!
//! Near-valid phrases, conservatively: `and`/`then` between words are
//! skipped ("… zoo and wrong"), and up to [`MAX_NEAR`] words that are one
//! typo away from a list word (`abandn`, `abuot`) count as words, as long as
//! the run still holds at least ten exact list words. Every BIP-39 word is
//! fixed by its first four letters, so a near word must share those or be
//! one edit from a word with its first letter.
//!
//! A phrase split over two messages is caught where both are seen together:
//! the store redacts a case's text again when a report is appended to it.

use super::scan::{labelled, Hit};
use super::view::OPAQUE;
use super::Kind;
use crate::text::is_cjk;
use bip39::{Language, Mnemonic};
use std::collections::HashSet;
use std::sync::OnceLock;

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    let mut english = Run::new(&[Language::English]);
    let mut chinese = Run::new(CHINESE);
    // The word before a run, in case it is the phrase's first word with a
    // typo: only checked (with edits) once a run starts after it.
    let mut before_run: Option<(usize, usize)> = None;
    for tok in tokens(text) {
        match tok {
            Tok::Latin(s, e) if is_english_word(&text[s..e]) => {
                chinese.flush(text, hits);
                if let Some((ps, pe)) = before_run.take() {
                    if english.spans.is_empty()
                        && s - pe <= MAX_GAP
                        && is_near_word(&text[ps..pe], true)
                    {
                        english.add_near(text, ps, pe, hits);
                    }
                }
                english.add(text, s, e, hits);
            }
            Tok::Latin(s, e) if !english.spans.is_empty() && is_joiner(&text[s..e]) => {}
            Tok::Latin(s, e)
                if english.near < MAX_NEAR
                    && is_near_word(&text[s..e], !english.spans.is_empty()) =>
            {
                chinese.flush(text, hits);
                english.add_near(text, s, e, hits);
            }
            Tok::Han(s, e) => {
                before_run = None;
                english.flush(text, hits);
                let mut chars = text[s..e].chars();
                let (first, last) = (chars.next(), chars.next_back());
                let Some(last) = last else {
                    // A character standing alone: a word, or the end of one.
                    if first.is_some_and(is_chinese_word) {
                        chinese.add(text, s, e, hits);
                    } else {
                        chinese.flush(text, hits);
                    }
                    continue;
                };
                // Pasted phrases are glued to the text around them
                // (`我的的 一 … 大谢谢`): the run's first character may end a
                // phrase and its last may start one.
                if first.is_some_and(is_chinese_word) && !chinese.spans.is_empty() {
                    chinese.add(text, s, s + first.map_or(0, char::len_utf8), hits);
                }
                chinese.flush(text, hits);
                contiguous_chinese(text, s, e, hits);
                if is_chinese_word(last) {
                    chinese.add(text, e - last.len_utf8(), e, hits);
                }
            }
            Tok::Latin(s, e) => {
                english.flush(text, hits);
                chinese.flush(text, hits);
                before_run = Some((s, e));
            }
            Tok::Break => {
                english.flush(text, hits);
                chinese.flush(text, hits);
                before_run = None;
            }
        }
    }
    english.flush(text, hits);
    chinese.flush(text, hits);
}

const CHINESE: &[Language] = &[Language::SimplifiedChinese, Language::TraditionalChinese];

/// How many words a redacted phrase had, for its marker: Latin words plus
/// Chinese characters (numbering and punctuation between are not counted).
pub(super) fn word_count(found: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in found.chars() {
        let latin = c.is_alphabetic() && !is_cjk(c);
        if is_cjk(c) || (latin && !in_word) {
            count += 1;
        }
        in_word = latin;
    }
    count
}

/// The shortest BIP-39 mnemonic.
const MIN_WORDS: usize = 12;

/// The most non-letter text allowed between two words of a phrase
/// (`\n12. ` and the like), so unrelated list words pages apart do not join.
const MAX_GAP: usize = 32;

/// What the phrase scanner sees: words, Han runs, and characters that end
/// any phrase. Everything else is gap.
enum Tok {
    Latin(usize, usize),
    Han(usize, usize),
    Break,
}

/// `[`, `]` and `@` end a phrase, and so does a marker: redacted text
/// around a marker must never join into a new phrase.
fn is_break(c: char) -> bool {
    matches!(c, '[' | ']' | '@' | OPAQUE)
}

fn tokens(text: &str) -> impl Iterator<Item = Tok> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (s, c) = chars.next()?;
        let class = |c: char| (is_cjk(c), c.is_alphabetic() && !is_cjk(c));
        let (han, latin) = class(c);
        if han || latin {
            let mut e = s + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if class(d) != (han, latin) {
                    break;
                }
                e = i + d.len_utf8();
                chars.next();
            }
            return Some(if han {
                Tok::Han(s, e)
            } else {
                Tok::Latin(s, e)
            });
        }
        if is_break(c) {
            return Some(Tok::Break);
        }
    })
}

/// Mnemonic lengths, longest first.
const LENGTHS: [usize; 5] = [24, 21, 18, 15, 12];

/// Runs longer than this are redacted whole without looking for the
/// phrase inside: bounds the checksum work on a page of list words.
const MAX_CHECKED: usize = 48;

/// The most words one typo away from a list word a run may hold.
const MAX_NEAR: usize = 2;

/// Words people put between the words of a phrase they type out.
fn is_joiner(w: &str) -> bool {
    ["and", "then"].iter().any(|j| j.eq_ignore_ascii_case(w))
}

/// A run of list words being collected, as byte spans.
struct Run {
    spans: Vec<(usize, usize)>,
    languages: &'static [Language],
    /// How many of the words are near words (one typo off).
    near: usize,
}

impl Run {
    fn new(languages: &'static [Language]) -> Run {
        Run {
            spans: Vec::new(),
            languages,
            near: 0,
        }
    }

    fn add(&mut self, text: &str, s: usize, e: usize, hits: &mut Vec<Hit>) {
        if self.spans.last().is_some_and(|&(_, end)| s - end > MAX_GAP) {
            self.flush(text, hits);
        }
        self.spans.push((s, e));
    }

    /// Adds a word one typo away from a list word.
    fn add_near(&mut self, text: &str, s: usize, e: usize, hits: &mut Vec<Hit>) {
        self.add(text, s, e, hits);
        self.near += 1;
    }

    fn flush(&mut self, text: &str, hits: &mut Vec<Hit>) {
        let exact = self.spans.len() - self.near;
        let enough =
            self.spans.len() >= MIN_WORDS && (self.near == 0 || exact >= MIN_WORDS - MAX_NEAR);
        self.near = 0;
        if enough && (self.varied(text) || self.has_checksum(text)) {
            let (a, b) = self.phrase_within(text);
            hits.push(Hit::new(
                Kind::SeedPhrase,
                self.spans[a].0,
                self.spans[b - 1].1,
            ));
        }
        self.spans.clear();
    }

    /// Whether the run has the variety of a phrase: at least a third of
    /// its words distinct. "message 1 message 2 …" (one list word again and
    /// again, as a case's appended reports read) is not a phrase unless it
    /// checks out (the test vector `abandon … about` does).
    fn varied(&self, text: &str) -> bool {
        let distinct: HashSet<String> = self
            .spans
            .iter()
            .map(|&(s, e)| text[s..e].to_lowercase())
            .collect();
        distinct.len() * 3 >= self.spans.len()
    }

    /// Whether some window of a mnemonic length has a valid checksum.
    fn has_checksum(&self, text: &str) -> bool {
        let n = self.spans.len();
        n <= MAX_CHECKED
            && LENGTHS.into_iter().filter(|&len| len <= n).any(|len| {
                (0..=n - len).any(|i| {
                    let words = self.spans[i..i + len].iter().map(|&(s, e)| &text[s..e]);
                    checksum_ok(self.languages, words)
                })
            })
    }

    /// The words (index range) to redact: the span of every window of the
    /// longest mnemonic length that has a valid checksum, else all of it.
    fn phrase_within(&self, text: &str) -> (usize, usize) {
        let n = self.spans.len();
        if n == MIN_WORDS || n > MAX_CHECKED {
            return (0, n);
        }
        for len in LENGTHS.into_iter().filter(|&len| len <= n) {
            let valid = |&i: &usize| {
                let words = self.spans[i..i + len].iter().map(|&(s, e)| &text[s..e]);
                checksum_ok(self.languages, words)
            };
            let mut passing = (0..=n - len).filter(valid);
            if let Some(first) = passing.next() {
                let last = passing.next_back().unwrap_or(first);
                return (first, last + len);
            }
        }
        (0, n)
    }
}

/// One typo from a list word: the same first four letters (which fix a
/// BIP-39 word), or, inside a run (`edits`), one edit (Damerau-Levenshtein)
/// from a list word with the same first letter. Four to nine letters, so
/// "the", "my" never are. The edit check only runs next to a phrase, so
/// prose costs a hash lookup per word.
fn is_near_word(w: &str, edits: bool) -> bool {
    if !(4..=9).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let lower = w.to_ascii_lowercase();
    if english_prefixes().contains(&lower[..4]) {
        return true;
    }
    edits
        && words_by_first_letter()[usize::from(lower.as_bytes()[0] - b'a')]
            .iter()
            .any(|word| one_edit_apart(word.as_bytes(), lower.as_bytes()))
}

/// The English list by first letter: a near-word check compares against
/// ~80 words, not 2048 (it runs for every word next to a run of list
/// words, prose included).
fn words_by_first_letter() -> &'static [Vec<&'static str>; 26] {
    static BY_LETTER: OnceLock<[Vec<&'static str>; 26]> = OnceLock::new();
    BY_LETTER.get_or_init(|| {
        let mut by: [Vec<&'static str>; 26] = Default::default();
        for w in Language::English.word_list() {
            by[usize::from(w.as_bytes()[0] - b'a')].push(w);
        }
        by
    })
}

/// Damerau-Levenshtein distance exactly one (one substitution, insertion,
/// deletion or swap of neighbours), without allocating.
fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    if a == b || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        std::cmp::Ordering::Greater => ra[1..] == *rb,
        std::cmp::Ordering::Less => *ra == rb[1..],
    }
}

/// The first four letters of every English list word of four or more.
fn english_prefixes() -> &'static HashSet<&'static str> {
    static PREFIXES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    PREFIXES.get_or_init(|| {
        Language::English
            .word_list()
            .iter()
            .filter(|w| w.len() >= 4)
            .map(|w| &w[..4])
            .collect()
    })
}

fn is_english_word(w: &str) -> bool {
    if !(3..=8).contains(&w.len()) || !w.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let mut lower = [0u8; 8];
    lower[..w.len()].copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(&lower[..w.len()]).is_ok_and(|l| Language::English.find_word(l).is_some())
}

/// Both Chinese lists as one set: `find_word` on them is a linear scan.
fn chinese_words() -> &'static HashSet<char> {
    static WORDS: OnceLock<HashSet<char>> = OnceLock::new();
    WORDS.get_or_init(|| {
        [Language::SimplifiedChinese, Language::TraditionalChinese]
            .iter()
            .flat_map(|l| l.word_list().iter())
            .filter_map(|w| w.chars().next())
            .collect()
    })
}

fn is_chinese_word(c: char) -> bool {
    chinese_words().contains(&c)
}

/// Labels after which a run of Chinese characters may be a phrase.
const PHRASE_LABELS: &[&str] = &[
    "助记词",
    "助記詞",
    "种子",
    "種子",
    "种子词",
    "種子詞",
    "恢复短语",
    "恢復短語",
    "seed",
    "seed phrase",
    "mnemonic",
    "recovery phrase",
];

/// Chinese list characters written without spaces, in a Han run, right
/// after a label (`助记词：…`, `我的助记词是…`, within the run or just before
/// it): 12, 15, 18, 21 or 24 of them with a valid BIP-39 checksum, starting
/// right after the label or ending the run; or, after a label and a colon,
/// a whole run of 12–24 list characters even without a valid checksum (a
/// phrase with a typo, or one missing its last word, is as secret).
fn contiguous_chinese(text: &str, s: usize, e: usize, hits: &mut Vec<Hit>) {
    let chars: Vec<(usize, char)> = text[s..e].char_indices().collect();
    let mut starts: Vec<usize> = Vec::new();
    for label in PHRASE_LABELS.iter().filter(|l| !l.is_ascii()) {
        for (i, _) in text[s..e].match_indices(label) {
            let mut at = s + i + label.len();
            for filler in ["是", "为", "為", "："] {
                if text[at..e].starts_with(filler) {
                    at += filler.len();
                }
            }
            starts.push(at);
        }
    }
    if labelled(text, s, PHRASE_LABELS) {
        starts.push(s);
    }
    for &start in &starts {
        let words: Vec<char> = text[start..e].chars().collect();
        let prefix = words.iter().take_while(|&&c| is_chinese_word(c)).count();
        for n in LENGTHS.into_iter().filter(|&n| n <= prefix) {
            let end = start + words[..n].iter().map(|c| c.len_utf8()).sum::<usize>();
            if checksum_ok(CHINESE, one_by_one(&text[start..end])) {
                hits.push(Hit::new(Kind::SeedPhrase, start, end));
                return;
            }
        }
        let after_colon = text[..start].ends_with('：') || text[..start].trim_end().ends_with(':');
        if after_colon && prefix == words.len() && (MIN_WORDS..=24).contains(&prefix) {
            hits.push(Hit::new(Kind::SeedPhrase, start, e));
            return;
        }
    }
    for n in LENGTHS {
        let Some(first) = chars.len().checked_sub(n) else {
            continue;
        };
        let start = s + chars[first].0;
        let words = &chars[first..];
        if words.iter().all(|&(_, c)| is_chinese_word(c))
            && labelled(text, start, PHRASE_LABELS)
            && checksum_ok(CHINESE, one_by_one(&text[start..e]))
        {
            hits.push(Hit::new(Kind::SeedPhrase, start, e));
            return;
        }
    }
}

/// The characters of `s`, each as a word.
fn one_by_one(s: &str) -> impl Iterator<Item = &str> {
    s.char_indices().map(move |(i, c)| &s[i..i + c.len_utf8()])
}

/// Whether `words` (any case) form a mnemonic with a valid checksum in
/// one of `languages`. Empty items are skipped.
fn checksum_ok<'a>(languages: &[Language], words: impl Iterator<Item = &'a str>) -> bool {
    let mut phrase = String::new();
    for w in words.filter(|w| !w.is_empty()) {
        phrase.push_str(w);
        phrase.push(' ');
    }
    phrase.make_ascii_lowercase();
    languages
        .iter()
        .any(|&l| Mnemonic::parse_in_normalized(l, &phrase).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Kind, &str)> {
        crate::redact::scan::found_by(find, text)
    }

    /// The all-zero-entropy test vector from the BIP-39 spec.
    const ABANDON: &str = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    #[test]
    fn english_phrase_in_a_sentence() {
        let t = format!("help, my seed is {ABANDON}. did I leak it?");
        assert_eq!(found(&t), [(Kind::SeedPhrase, ABANDON)]);
    }

    #[test]
    fn numbered_and_comma_separated() {
        let words: Vec<&str> = ABANDON.split(' ').collect();
        let numbered: String = words
            .iter()
            .enumerate()
            .map(|(i, w)| format!("{}. {w}\n", i + 1))
            .collect();
        assert_eq!(found(&numbered).len(), 1);
        assert_eq!(found(&words.join(", ").to_uppercase()).len(), 1);
    }

    #[test]
    fn eleven_words_or_ordinary_prose_is_no_phrase() {
        assert!(found(&ABANDON.replacen("abandon ", "", 1)).is_empty());
        // Twelve ordinary words, most on the list but not "the" or "my".
        let prose = "I just want to know why the app keeps asking for my face again today";
        assert!(found(prose).is_empty());
        let broken = ABANDON.replacen("abandon abandon", "abandon [x] abandon", 1);
        assert!(found(&broken).is_empty());
    }

    #[test]
    fn chinese_spaced_and_labelled_contiguous() {
        let m = Mnemonic::from_entropy_in(Language::SimplifiedChinese, &[7u8; 16]).unwrap();
        let spaced = m.to_string();
        assert_eq!(found(&format!("这是我的{spaced}帮忙")).len(), 1);
        let joined: String = m.words().collect();
        assert_eq!(found(&format!("助记词：{joined}")).len(), 1);
        assert_eq!(found(&format!("我的助记词是{joined}")).len(), 1);
        assert!(found(&joined).is_empty(), "no label");
        let words: Vec<&str> = m.words().collect();
        let list = Language::SimplifiedChinese.word_list();
        let wrong_last = list
            .iter()
            .find(|w| !checksum_ok(CHINESE, words[..11].iter().chain([*w]).copied()))
            .unwrap();
        let bad: String = words[..11].iter().chain([wrong_last]).copied().collect();
        assert!(
            found(&format!("我的助记词是{bad}")).is_empty(),
            "bad checksum, no colon"
        );
        assert_eq!(
            found(&format!("助记词：{bad}")).len(),
            1,
            "after a colon, even so"
        );
        // Followed by more text in the same run.
        assert_eq!(found(&format!("助记词是{joined}谢谢你")).len(), 1);
        assert!(found("助记词丢了怎么办").is_empty());
    }

    #[test]
    fn near_valid_english_phrases() {
        let m = Mnemonic::from_entropy_in(Language::English, &[5u8; 16]).unwrap();
        let words: Vec<&str> = m.words().collect();
        // One word misspelt (a letter dropped).
        let mut typo: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        typo[4] = typo[4][..typo[4].len() - 1].to_string();
        if is_english_word(&typo[4]) {
            typo[4].push('q');
        }
        assert_eq!(found(&typo.join(" ")).len(), 1, "{}", typo.join(" "));
        // "and" before the last word.
        let and = format!("{} and {}", words[..11].join(" "), words[11]);
        assert_eq!(found(&and), [(Kind::SeedPhrase, and.as_str())]);
        // Eleven words and a typo: too little left to be sure.
        let short = format!("{} abandn", words[..10].join(" "));
        assert!(found(&short).is_empty());
        // One list word again and again is no phrase ("message 1 message 2").
        let repeated: Vec<String> = (0..20).map(|n| format!("message {n}")).collect();
        assert!(found(&repeated.join("\n\n")).is_empty());
        // Prose with near words stays prose.
        assert!(found("please verify account again, the selfie failed twice today").is_empty());
    }

    #[test]
    fn one_edit_agrees_with_strsim() {
        for (a, b) in [
            ("abandon", "abandn"),
            ("abandon", "abnadon"),
            ("abandon", "abandonx"),
            ("abandon", "xbandon"),
            ("abandon", "abandon"),
            ("abandon", "abdnaon"),
            ("zoo", "zo"),
            ("legal", "lgeal"),
        ] {
            let expected = strsim::damerau_levenshtein(a, b) == 1;
            assert_eq!(
                one_edit_apart(a.as_bytes(), b.as_bytes()),
                expected,
                "{a} {b}"
            );
        }
    }

    #[test]
    fn word_counts() {
        assert_eq!(word_count(ABANDON), 12);
        assert_eq!(word_count("1. abandon 2. ability"), 2);
        assert_eq!(word_count("的 一 是"), 3);
    }
}
