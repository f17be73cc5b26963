//! The inverted index over every phrase of the knowledge base (titles,
//! prompts, examples, off-topic examples) and the scoring of a message.
//!
//! A phrase's similarity to a message is the IDF mass of the tokens they
//! share, seen from both sides: how much of the phrase the message covers
//! and how much of the message the phrase explains. A scenario scores the
//! best of its phrases, nudged by how much of the message its vocabulary as a
//! whole explains. Only phrases that share a token with the message are ever
//! touched, so cost follows the postings of the message's tokens, not the
//! size of the base.

use super::fuzzy::FuzzyWords;
use crate::knowledge::KnowledgeBase;
use crate::text::{normalize, tokenize, Token, TokenKind, Unit};
use std::collections::HashMap;

/// Who a phrase speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    Scenario(usize),
    OffTopic,
}

struct Phrase {
    owner: Owner,
    /// The text as the editor wrote it, for `ask --explain`.
    text: String,
    /// Sum of the IDF of its distinct tokens.
    weight: f32,
}

/// One owner's score for a message.
#[derive(Debug, Clone, Copy)]
pub struct Scored {
    pub owner: Owner,
    pub score: f32,
    /// The phrase that matched best.
    pub phrase: u32,
}

/// A token of the message, resolved against the vocabulary.
pub struct QueryToken {
    /// Vocabulary id, if the token (or a close spelling of it) is known.
    id: Option<u32>,
    /// 1 for an exact match, less for a typo-corrected one.
    factor: f32,
}

pub struct Index {
    vocab: HashMap<String, u32>,
    idf: Vec<f32>,
    /// token id -> ids of the phrases that contain it (each once).
    postings: Vec<Vec<u32>>,
    /// token id -> owners whose vocabulary contains it (each once).
    owners_of: Vec<Vec<Owner>>,
    phrases: Vec<Phrase>,
    fuzzy: FuzzyWords,
    /// Weight of a message token the knowledge base has never seen: it
    /// still counts against query coverage, so a message mostly about
    /// something else scores low.
    unknown_weight: f32,
}

/// Weight given to the share of the message a scenario's whole vocabulary
/// explains, next to its best single phrase. Tuned on tests/eval/dev.yaml.
const BAG_WEIGHT: f32 = 0.3;
/// How much phrase coverage counts against message coverage (0.5: equal).
const PHRASE_SIDE: f32 = 0.6;
/// How strongly off-topic-only tokens pull scenario scores down.
const OFF_TOPIC_PENALTY: f32 = 0.8;
/// A typo-corrected word counts this much of an exact one.
pub const FUZZY_FACTOR: f32 = 0.8;

impl Index {
    pub fn build(kb: &KnowledgeBase) -> Index {
        let mut texts: Vec<(Owner, &str)> = Vec::new();
        for (i, s) in kb.scenarios.iter().enumerate() {
            let owner = Owner::Scenario(i);
            texts.push((owner, &s.title.en));
            texts.push((owner, &s.title.zh));
            texts.extend(s.prompts.iter().map(|p| (owner, p.as_str())));
            texts.extend(s.examples.iter().map(|p| (owner, p.as_str())));
        }
        texts.extend(
            kb.shared
                .off_topic
                .iter()
                .map(|p| (Owner::OffTopic, p.as_str())),
        );

        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut kinds: Vec<TokenKind> = Vec::new();
        let mut phrase_tokens: Vec<(Owner, Vec<u32>)> = Vec::with_capacity(texts.len());
        let mut phrase_texts: Vec<String> = Vec::with_capacity(texts.len());
        for (owner, text) in texts {
            let normalized = normalize(text);
            let mut ids: Vec<u32> = tokenize(&normalized)
                .into_iter()
                .map(|t| intern(&mut vocab, &mut kinds, t))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            if !ids.is_empty() {
                phrase_tokens.push((owner, ids));
                phrase_texts.push(text.to_string());
            }
        }
        // Words that appear only in clause lists (domain terms, human
        // requests) still need to be known so that typos resolve to them.
        // Signals are clauses, not phrases: as phrases, "not mine" would make
        // every message with "not" in it look like its scenario.
        let clause_texts = kb.scenarios.iter().flat_map(|s| s.signals.iter());
        for text in kb
            .shared
            .domain_terms
            .iter()
            .chain(kb.shared.human_request.iter())
            .chain(clause_texts)
        {
            for token in tokenize(&normalize(text)) {
                intern(&mut vocab, &mut kinds, token);
            }
        }

        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); vocab.len()];
        let mut owners_of: Vec<Vec<Owner>> = vec![Vec::new(); vocab.len()];
        for (p, (owner, ids)) in phrase_tokens.iter().enumerate() {
            for &id in ids {
                postings[id as usize].push(p as u32);
                let owners = &mut owners_of[id as usize];
                if !owners.contains(owner) {
                    owners.push(*owner);
                }
            }
        }
        let n = phrase_tokens.len() as f32;
        // BM25's IDF: rare tokens weigh much, tokens in every phrase nothing.
        let idf: Vec<f32> = postings
            .iter()
            .map(|p| {
                let df = p.len() as f32;
                ((n - df + 0.5) / (df + 0.5) + 1.0).ln()
            })
            .collect();
        let phrases = phrase_tokens
            .into_iter()
            .zip(phrase_texts)
            .map(|((owner, ids), text)| Phrase {
                owner,
                text,
                weight: ids.iter().map(|&id| idf[id as usize]).sum(),
            })
            .collect();
        let unknown_weight = ((n + 0.5) / 1.5 + 1.0).ln() * 0.5;
        let fuzzy = FuzzyWords::new(
            vocab
                .iter()
                .filter(|(_, id)| kinds[**id as usize] == TokenKind::Word)
                .map(|(w, id)| (w.as_str(), *id)),
        );
        Index {
            vocab,
            idf,
            postings,
            owners_of,
            phrases,
            fuzzy,
            unknown_weight,
        }
    }

    /// Looks each distinct token up, correcting typos in longer words.
    pub fn resolve(&self, tokens: &[Token]) -> Vec<QueryToken> {
        let mut seen = std::collections::HashSet::new();
        tokens
            .iter()
            .filter(|t| seen.insert(t.text.as_str()))
            .map(|t| match self.vocab.get(&t.text) {
                Some(&id) => QueryToken {
                    id: Some(id),
                    factor: 1.0,
                },
                None if t.kind == TokenKind::Word => match self.fuzzy.closest(&t.text) {
                    Some(id) => QueryToken {
                        id: Some(id),
                        factor: FUZZY_FACTOR,
                    },
                    None => QueryToken {
                        id: None,
                        factor: 1.0,
                    },
                },
                None => QueryToken {
                    id: None,
                    factor: 1.0,
                },
            })
            .collect()
    }

    /// Replaces misspelt words in `units` by their known spelling, so that
    /// clause matching is as typo tolerant as scoring.
    pub fn resolve_units(&self, units: &[Unit]) -> Vec<Unit> {
        units
            .iter()
            .map(|u| match u {
                Unit::Word(w) if !self.vocab.contains_key(w) => match self.fuzzy.closest_word(w) {
                    Some(known) => Unit::Word(known.to_string()),
                    None => u.clone(),
                },
                _ => u.clone(),
            })
            .collect()
    }

    /// The text of a phrase, as written in the knowledge base.
    pub fn phrase_text(&self, phrase: u32) -> &str {
        &self.phrases[phrase as usize].text
    }

    /// Every owner with any overlap, its score in [0, 1] and its best
    /// phrase, unordered. Phrases in `exclude` take no part (held out).
    pub fn score(&self, query: &[QueryToken], exclude: &[u32]) -> Vec<Scored> {
        let query_weight: f32 = query
            .iter()
            .map(|q| match q.id {
                Some(id) => self.idf[id as usize] * q.factor,
                None => self.unknown_weight,
            })
            .sum();
        if query_weight <= 0.0 {
            return Vec::new();
        }
        let mut shared: HashMap<u32, f32> = HashMap::new();
        let mut bag: HashMap<Owner, f32> = HashMap::new();
        // Mass of tokens that only off-topic examples use ("withdrawal",
        // "提币"): evidence against every scenario at once.
        let mut off_topic_only = 0.0;
        for q in query {
            let Some(id) = q.id else { continue };
            let w = self.idf[id as usize] * q.factor;
            if self.owners_of[id as usize] == [Owner::OffTopic] {
                off_topic_only += w;
            }
            for &p in &self.postings[id as usize] {
                if !exclude.contains(&p) {
                    *shared.entry(p).or_insert(0.0) += w;
                }
            }
            for owner in &self.owners_of[id as usize] {
                *bag.entry(*owner).or_insert(0.0) += w;
            }
        }
        let mut best: HashMap<Owner, (f32, u32)> = HashMap::new();
        for (p, matched) in shared {
            let phrase = &self.phrases[p as usize];
            if phrase.weight <= 0.0 {
                continue;
            }
            let phrase_cover = (matched / phrase.weight).min(1.0);
            let query_cover = (matched / query_weight).min(1.0);
            let sim = phrase_cover.powf(PHRASE_SIDE) * query_cover.powf(1.0 - PHRASE_SIDE);
            let entry = best.entry(phrase.owner).or_insert((0.0, p));
            // Ties go to the lower phrase id so results never depend on
            // hash-map iteration order.
            if sim > entry.0 || (sim == entry.0 && p < entry.1) {
                *entry = (sim, p);
            }
        }
        best.into_iter()
            .map(|(owner, (phrase_sim, phrase))| {
                let bag_cover = bag.get(&owner).map_or(0.0, |b| (b / query_weight).min(1.0));
                let mut score = (1.0 - BAG_WEIGHT) * phrase_sim + BAG_WEIGHT * bag_cover;
                if owner != Owner::OffTopic {
                    score *= 1.0 - OFF_TOPIC_PENALTY * (off_topic_only / query_weight).min(1.0);
                }
                Scored {
                    owner,
                    score: score.clamp(0.0, 1.0),
                    phrase,
                }
            })
            .collect()
    }
}

fn intern(vocab: &mut HashMap<String, u32>, kinds: &mut Vec<TokenKind>, token: Token) -> u32 {
    let next = vocab.len() as u32;
    *vocab.entry(token.text).or_insert_with(|| {
        kinds.push(token.kind);
        next
    })
}
