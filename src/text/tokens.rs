//! Tokens the matcher weighs: English words (lightly stemmed) and, since
//! Chinese has no spaces, overlapping character bigrams of Chinese runs.
//! Also "units" (words and single ideographs, in order) for matching short
//! clauses such as "never registered" / "没注册过" with small gaps.

use super::is_cjk;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A word of letters or digits; eligible for typo-tolerant lookup.
    Word,
    /// Two adjacent ideographs.
    Bigram,
    /// A lone ideograph (a Chinese run of length one).
    Unigram,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token {
    pub text: String,
    pub kind: TokenKind,
}

/// English function words that say nothing about the problem. IDF would
/// weigh them low anyway; dropping them keeps typo lookup from "fixing"
/// `thx` into `the` and keeps clause matching from tripping on them.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "i", "im", "me", "my", "you", "your", "it", "its", "is", "am", "are", "was",
    "were", "be", "been", "to", "of", "in", "on", "at", "for", "and", "or", "so", "do", "does",
    "did", "this", "that", "with", "as", "by", "we", "us", "our", "he", "she", "they", "them",
    "pls", "plz", "please", "hi", "hello", "hey", "guys", "u", "ur", "just", "any", "some",
];

/// True for the English function words that tokens leave out.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// A word (stemmed, stopwords and long numbers removed) or one ideograph.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    Word(String),
    Han(char),
}

/// The words among `units`, without the ideographs (the Chinese side of
/// a message is read on the normalised string).
pub fn latin_words(units: &[Unit]) -> Vec<&str> {
    units
        .iter()
        .filter_map(|u| match u {
            Unit::Word(w) => Some(w.as_str()),
            Unit::Han(_) => None,
        })
        .collect()
}

/// The units of already-normalised text, in order. Unlike tokens, units keep
/// stopwords: in a clause they carry the meaning ("not me" is not "not").
pub fn units(normalized: &str) -> Vec<Unit> {
    scan(normalized, false)
        .into_iter()
        .map(|(_, _, u)| u)
        .collect()
}

/// The English words of already-normalised text with the byte offset each
/// starts at, in order: for rules that ask which of two words comes last.
pub fn latin_words_at(normalized: &str) -> Vec<(usize, String)> {
    scan(normalized, false)
        .into_iter()
        .filter_map(|(start, _, u)| match u {
            Unit::Word(w) => Some((start, w)),
            Unit::Han(_) => None,
        })
        .collect()
}

/// Splits already-normalised text (see [`super::normalize`]) into tokens.
/// Long digit strings (ID and phone numbers) are dropped: they identify a
/// person, not a problem.
pub fn tokenize(normalized: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut previous_was_han = false;
    let flush_run = |run: &mut Vec<char>, tokens: &mut Vec<Token>| {
        match run.len() {
            0 => {}
            1 => tokens.push(Token {
                text: run[0].to_string(),
                kind: TokenKind::Unigram,
            }),
            _ => tokens.extend(run.windows(2).map(|pair| Token {
                text: pair.iter().collect(),
                kind: TokenKind::Bigram,
            })),
        }
        run.clear();
    };
    // A Chinese run is only contiguous in the original text, so units from
    // `units` are regrouped by whether they were adjacent ideographs.
    let mut last_end = usize::MAX;
    for (start, end, unit) in scan(normalized, true) {
        match unit {
            Unit::Han(c) => {
                if !(previous_was_han && last_end == start) {
                    flush_run(&mut run, &mut tokens);
                }
                run.push(c);
                previous_was_han = true;
            }
            Unit::Word(word) => {
                flush_run(&mut run, &mut tokens);
                tokens.push(Token {
                    text: word,
                    kind: TokenKind::Word,
                });
                previous_was_han = false;
            }
        }
        last_end = end;
    }
    flush_run(&mut run, &mut tokens);
    tokens
}

/// Units with their byte range in the input.
fn scan(normalized: &str, drop_stopwords: bool) -> Vec<(usize, usize, Unit)> {
    let mut out = Vec::new();
    let mut word_start = None;
    let push_word = |start: usize, end: usize, out: &mut Vec<(usize, usize, Unit)>| {
        if let Some(kept) = keep_word(&normalized[start..end], drop_stopwords) {
            out.push((start, end, Unit::Word(kept)));
        }
    };
    for (i, c) in normalized.char_indices() {
        if is_cjk(c) {
            if let Some(start) = word_start.take() {
                push_word(start, i, &mut out);
            }
            out.push((i, i + c.len_utf8(), Unit::Han(c)));
        } else if c.is_alphanumeric() {
            word_start.get_or_insert(i);
        } else if let Some(start) = word_start.take() {
            push_word(start, i, &mut out);
        }
    }
    if let Some(start) = word_start {
        push_word(start, normalized.len(), &mut out);
    }
    out
}

/// The stemmed word, or `None` for long numbers, junk and (when asked)
/// stopwords.
fn keep_word(word: &str, drop_stopwords: bool) -> Option<String> {
    if word.is_empty() || (drop_stopwords && STOPWORDS.contains(&word)) {
        return None;
    }
    let digits = word.chars().filter(|c| c.is_ascii_digit()).count();
    let keep = digits < 5 && word.chars().count() <= 40;
    keep.then(|| stem(word))
}

/// A deliberately light English stemmer: plural and verb endings only, so
/// that `uploading`, `uploaded` and `uploads` meet at `upload`. Heavier
/// stemming merges words the knowledge base needs apart.
fn stem(word: &str) -> String {
    if !word.is_ascii() || word.len() <= 4 {
        return word.to_string();
    }
    for (suffix, min_rest) in [("ing", 3), ("ed", 3), ("ies", 3), ("es", 4), ("s", 3)] {
        if let Some(rest) = word.strip_suffix(suffix) {
            if rest.len() >= min_rest && !rest.ends_with('s') {
                return if suffix == "ies" {
                    format!("{rest}y")
                } else {
                    rest.to_string()
                };
            }
        }
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn english_words_are_stemmed_and_stopwords_dropped() {
        assert_eq!(
            texts("i keep uploading my photos"),
            ["keep", "upload", "photo"]
        );
        assert_eq!(texts("uploaded uploads"), ["upload", "upload"]);
    }

    #[test]
    fn chinese_runs_become_bigrams() {
        assert_eq!(texts("照片不清"), ["照片", "片不", "不清"]);
        assert_eq!(texts("kyc一直fail"), ["kyc", "一直", "fail"]);
        assert_eq!(texts("脸 ok"), ["脸", "ok"]);
        assert_eq!(texts("照片 不清"), ["照片", "不清"]);
    }

    #[test]
    fn long_numbers_are_dropped() {
        assert_eq!(
            texts("id 11010519491231002x 24 hours"),
            ["id", "24", "hour"]
        );
    }

    #[test]
    fn units_keep_order_of_words_and_ideographs() {
        assert_eq!(
            units("i never 注册"),
            [
                Unit::Word("i".into()),
                Unit::Word("never".into()),
                Unit::Han('注'),
                Unit::Han('册')
            ]
        );
    }
}
