//! Short clauses found inside a message in order, with small gaps:
//! "never registered" matches "i have never ever registered" but not
//! "registered ... never used it"; "没注册过" matches "我从来没有注册过".
//! Used for domain terms, requests for a human and decisive signals.

use super::index::Index;
use crate::text::{normalize, units, Unit};
use std::collections::HashMap;

/// Units that may stand between two units of a clause.
const MAX_GAP: usize = 2;

pub struct ClauseSet {
    /// First unit -> the clauses that start with it, with their text.
    by_first: HashMap<Unit, Vec<(Vec<Unit>, String)>>,
}

impl ClauseSet {
    pub fn new<'a>(texts: impl Iterator<Item = &'a String>, index: &Index) -> ClauseSet {
        let mut by_first: HashMap<Unit, Vec<(Vec<Unit>, String)>> = HashMap::new();
        for text in texts {
            let clause = index.resolve_units(&units(&normalize(text)));
            if let Some(first) = clause.first().cloned() {
                by_first
                    .entry(first)
                    .or_default()
                    .push((clause, text.clone()));
            }
        }
        ClauseSet { by_first }
    }

    /// True when any clause occurs in `message` (units already resolved).
    pub fn matches(&self, message: &[Unit]) -> bool {
        self.first_match(message).is_some()
    }

    /// The text of the first clause found in `message`.
    pub fn first_match(&self, message: &[Unit]) -> Option<&str> {
        message.iter().enumerate().find_map(|(start, unit)| {
            self.by_first.get(unit)?.iter().find_map(|(clause, text)| {
                occurs_at(clause, message, start).then_some(text.as_str())
            })
        })
    }
}

/// Whether `clause` occurs in `message` starting at `start`, each further
/// unit at most `MAX_GAP` units after the previous one. In a clause with at
/// least two content words, stopwords are optional: "didnt make an account"
/// also matches "didnt make any other account"; in "not me" they are not.
fn occurs_at(clause: &[Unit], message: &[Unit], start: usize) -> bool {
    let content_words = clause.iter().filter(|u| !is_stopword(u)).count();
    let last = clause.len() - 1;
    let mut position = start;
    for (i, unit) in clause.iter().enumerate().skip(1) {
        let window_end = (position + 2 + MAX_GAP).min(message.len());
        match message[position + 1..window_end]
            .iter()
            .position(|u| u == unit)
        {
            Some(offset) => position += 1 + offset,
            // Only inside the clause: "made an account for me" needs "me".
            None if content_words >= 2 && i < last && is_stopword(unit) => {}
            None => return false,
        }
    }
    true
}

fn is_stopword(unit: &Unit) -> bool {
    matches!(unit, Unit::Word(w) if crate::text::is_stopword(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Vec<Unit> {
        units(&normalize(s))
    }

    fn occurs(clause: &[Unit], message: &[Unit]) -> bool {
        (0..message.len())
            .any(|start| message[start] == clause[0] && occurs_at(clause, message, start))
    }

    #[test]
    fn ordered_with_small_gaps() {
        let clause = u("never registered");
        assert!(occurs(&clause, &u("i have never ever registered")));
        assert!(!occurs(&clause, &u("registered but never used")));
        let optional = u("didnt make an account");
        assert!(occurs(&optional, &u("didnt make any other account")));
        let not_me = u("not me");
        assert!(!occurs(&not_me, &u("not showing up")));
        let for_me = u("made an account for me");
        assert!(!occurs(&for_me, &u("i made an account years ago")));
        let zh = u("没注册过");
        let msg = u("我从来没有注册过");
        let start = msg.iter().position(|x| *x == Unit::Han('没')).unwrap();
        assert!(occurs_at(&zh, &msg, start));
    }
}
