//! Why a message got its decision, for knowledge-base editors
//! (`ask --explain`): the classes the model weighed, the features that
//! pushed hardest towards the leading one, the clauses found, and the
//! nearest phrase of each scenario. Not on the hot path.

use super::classes::Class;
use super::features::{for_each_feature, hash};
use super::index::Owner;
use super::{round3, Engine};
use crate::text::tokenize;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The most probable classes, best first.
    pub classes: Vec<ClassProbability>,
    /// Features of the message that pushed hardest towards the first class.
    pub features: Vec<FeatureWeight>,
    /// Clauses of the knowledge base found in the message.
    pub clauses: Vec<ClauseFound>,
    /// The knowledge base's nearest phrase per owner, best first.
    pub phrases: Vec<NearestPhrase>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassProbability {
    pub class: String,
    pub probability: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeatureWeight {
    /// `chars`, `word` or `pair`.
    pub kind: &'static str,
    pub feature: String,
    /// Its TF-IDF value times its weight for the class.
    pub weight: f32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClauseFound {
    /// `domain-term`, `human-request` or `signal`.
    pub kind: &'static str,
    pub clause: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NearestPhrase {
    pub owner: String,
    pub similarity: f32,
    pub phrase: String,
}

/// How many rows of each list an explanation keeps.
const ROWS: usize = 8;

impl Engine {
    pub fn explain(&self, text: &str) -> Explanation {
        let inner = &*self.inner;
        let analysis = self.analyse(text);
        let model = &inner.model;
        let p = model.probabilities(&analysis.features);
        let mut order: Vec<usize> = (0..p.len()).collect();
        order.sort_by(|a, b| p[*b].total_cmp(&p[*a]).then(a.cmp(b)));
        let classes = order
            .iter()
            .take(5)
            .map(|&k| ClassProbability {
                class: inner.layout.class(k).label(&inner.kb),
                probability: round3(p[k]),
            })
            .collect();

        let lead = order[0];
        let values: HashMap<u32, f32> = model
            .vectorizer
            .transform(&analysis.features)
            .into_iter()
            .collect();
        let mut features: Vec<FeatureWeight> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for_each_feature(&analysis.normalized, |_, kind, piece| {
            let Some(id) = model.vectorizer.id(hash(kind, piece)) else {
                return;
            };
            if !seen.insert(id) {
                return;
            }
            let value = values.get(&id).copied().unwrap_or(0.0);
            features.push(FeatureWeight {
                kind: match kind {
                    b'c' => "chars",
                    b'w' => "word",
                    _ => "pair",
                },
                feature: piece.to_string(),
                weight: value * model.classifier.weight(id, lead),
            });
        });
        features.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        features.truncate(ROWS);
        for f in &mut features {
            f.weight = (f.weight * 1000.0).round() / 1000.0;
        }

        let clause_sets = [
            ("domain-term", &inner.domain),
            ("human-request", &inner.human),
        ]
        .into_iter()
        .chain(inner.refinements.iter().map(|(_, _, c)| ("signal", c)));
        let clauses = clause_sets
            .filter_map(|(kind, set)| {
                Some(ClauseFound {
                    kind,
                    clause: set.first_match(&analysis.units)?.to_string(),
                })
            })
            .collect();

        let query = inner.index.resolve(&tokenize(&analysis.normalized));
        let mut phrases: Vec<NearestPhrase> = inner
            .index
            .score(&query, &[])
            .into_iter()
            .map(|s| NearestPhrase {
                owner: match s.owner {
                    Owner::Scenario(i) => Class::Scenario(i).label(&inner.kb),
                    Owner::OffTopic => Class::OffTopic.label(&inner.kb),
                },
                similarity: round3(s.score),
                phrase: inner.index.phrase_text(s.phrase).to_string(),
            })
            .collect();
        phrases.sort_by(|a, b| {
            b.similarity
                .total_cmp(&a.similarity)
                .then_with(|| a.owner.cmp(&b.owner))
        });
        phrases.truncate(ROWS);
        Explanation {
            classes,
            features,
            clauses,
            phrases,
        }
    }
}
