//! Typo-tolerant word lookup: "verifcation" finds "verification".
//!
//! strsim scores only the few known words that could plausibly be the one
//! meant: same first letter and a length within the edit budget. Typos on
//! the first letter are rare in practice and checking every word of a large
//! vocabulary would make the cost grow with the base.

use std::collections::HashMap;

/// Words shorter than this are never corrected: "fee" -> "face" is not a typo.
const MIN_FUZZY_LEN: usize = 4;

/// A known word, its id and its [`char_mask`].
type Entry = (String, u32, u64);

pub struct FuzzyWords {
    /// (first char, length in chars) -> the words of that shape
    buckets: HashMap<(char, usize), Vec<Entry>>,
}

/// Which characters a word contains, one bit per letter and digit (every
/// other character shares bit 63). An edit changes the presence of at most
/// two characters, so two words whose masks differ in more than twice the
/// edit budget cannot be within it: a popcount rules out most of a bucket
/// before the quadratic distance runs.
fn char_mask(word: &str) -> u64 {
    word.bytes().fold(0, |mask, b| {
        mask | match b {
            b'a'..=b'z' => 1 << (b - b'a'),
            b'0'..=b'9' => 1 << (26 + b - b'0'),
            _ => 1 << 63,
        }
    })
}

impl FuzzyWords {
    pub fn new<'a>(words: impl Iterator<Item = (&'a str, u32)>) -> FuzzyWords {
        let mut buckets: HashMap<(char, usize), Vec<Entry>> = HashMap::new();
        for (word, id) in words {
            let len = word.chars().count();
            if len < MIN_FUZZY_LEN - 1 || !word.is_ascii() {
                continue;
            }
            if let Some(first) = word.chars().next() {
                buckets.entry((first, len)).or_default().push((
                    word.to_string(),
                    id,
                    char_mask(word),
                ));
            }
        }
        // Sorted so that ties resolve the same way on every run.
        for list in buckets.values_mut() {
            list.sort();
        }
        FuzzyWords { buckets }
    }

    /// Edits allowed for a word of this length.
    fn budget(len: usize) -> usize {
        if len >= 8 {
            2
        } else {
            1
        }
    }

    fn best(&self, word: &str) -> Option<&Entry> {
        let len = word.chars().count();
        if len < MIN_FUZZY_LEN || !word.is_ascii() || word.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let first = word.chars().next()?;
        let budget = Self::budget(len);
        let mask = char_mask(word);
        let mut best: Option<(usize, &Entry)> = None;
        for l in len.saturating_sub(budget)..=len + budget {
            for entry in self.buckets.get(&(first, l)).into_iter().flatten() {
                if (mask ^ entry.2).count_ones() as usize > 2 * budget {
                    continue;
                }
                // Optimal string alignment, not full Damerau-Levenshtein:
                // the two differ only when a transposed pair is edited
                // again (never within a budget of two on real typos: the
                // decisions on 6,789 KB and eval messages were identical),
                // and OSA needs no per-call alphabet map, which made full
                // DL a sixth of the time per message.
                let distance = strsim::osa_distance(word, &entry.0);
                if distance <= budget && best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, entry));
                }
            }
        }
        best.map(|(_, entry)| entry)
    }

    /// The id of the closest known word within the edit budget.
    pub fn closest(&self, word: &str) -> Option<u32> {
        self.best(word).map(|(_, id, _)| *id)
    }

    /// The closest known word itself.
    pub fn closest_word(&self, word: &str) -> Option<&str> {
        self.best(word).map(|(w, _, _)| w.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> FuzzyWords {
        FuzzyWords::new(
            [
                ("verification", 0),
                ("passport", 1),
                ("face", 2),
                ("review", 3),
            ]
            .into_iter(),
        )
    }

    #[test]
    fn corrects_common_typos() {
        let w = words();
        assert_eq!(w.closest("verifcation"), Some(0));
        assert_eq!(w.closest("pasport"), Some(1));
        assert_eq!(w.closest("reveiw"), Some(3));
    }

    #[test]
    fn the_mask_filter_keeps_every_word_within_the_budget() {
        let w = words();
        // Two substitutions, each swapping a letter for one the word lacks:
        // four mask bits differ, the most two edits can change.
        assert_eq!(w.closest("vurifycation"), Some(0));
        assert_eq!(w.closest("verificatoin"), Some(0));
        assert_eq!(w.closest("verifiication"), Some(0));
        assert_eq!((char_mask("abc") ^ char_mask("abd")).count_ones(), 2);
    }

    #[test]
    fn leaves_short_and_distant_words_alone() {
        let w = words();
        assert_eq!(w.closest("fac"), None);
        assert_eq!(w.closest("withdrawal"), None);
        assert_eq!(w.closest("1234"), None);
    }
}
