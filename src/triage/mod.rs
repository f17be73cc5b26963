//! The triage engine: text in, [`Decision`] out. Pure and synchronous (no
//! tokio, no database, no Discord), so it is cheap to test and to benchmark.
//!
//! normalise -> tokenise -> score every scenario through an inverted index
//! (IDF-weighted token overlap, strsim for typos) -> decide with thresholds.

mod clause;
mod decide;
mod fuzzy;
mod index;

pub use decide::{Decision, DecisionKind, EscalationReason, Thresholds};

use crate::knowledge::{KnowledgeBase, Lang};
use crate::text::{detect_language, normalize, tokenize, units, Unit};
use clause::ClauseSet;
use index::{Index, Owner};
use serde::Serialize;
use std::collections::HashSet;
use std::sync::Arc;

/// Messages are cut to this many characters before matching: Discord allows
/// 4000 (Nitro), nobody describes a KYC problem in more, and the cut bounds
/// the cost of a pasted log.
pub const MAX_MATCH_CHARS: usize = 4000;

/// A scenario with its score, best first in a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub scenario: String,
    pub score: f32,
}

/// A message as the index sees it.
struct Analysis {
    language: Lang,
    scores: Vec<index::Scored>,
    units: Vec<Unit>,
}

/// The knowledge base compiled for matching. Cheap to clone (shared inside).
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    kb: KnowledgeBase,
    index: Index,
    thresholds: Thresholds,
    domain: ClauseSet,
    human: ClauseSet,
    /// For each scenario that refines another: (refining, refined, its signals).
    refinements: Vec<(usize, usize, ClauseSet)>,
    /// Ids of the scenarios marked `escalate`, looked up per message: a
    /// set, not a scan of every scenario.
    escalating: HashSet<String>,
}

impl Inner {
    /// A refining scenario (id-misuse) takes over its base (document-in-use)
    /// when one of its decisive clauses occurs — the clause that tells a
    /// victim of identity theft from a user who forgot an old account — and
    /// the message is about verification at all (a domain term), or the
    /// refining or refined scenario leads or nearly leads. It then scores
    /// at least the leader and the answer threshold, so it is the reading
    /// the decision sees first.
    fn apply_refinements(
        &self,
        scores: &mut Vec<(usize, f32)>,
        units: &[Unit],
        about_domain: bool,
    ) {
        for (refining, base, signals) in &self.refinements {
            if !signals.matches(units) {
                continue;
            }
            let score_of = |i: usize| {
                scores
                    .iter()
                    .find(|(s, _)| *s == i)
                    .map_or(0.0, |(_, v)| *v)
            };
            let leader = scores.iter().map(|(_, v)| *v).fold(0.0, f32::max);
            let combined = score_of(*refining).max(score_of(*base));
            let leads = combined >= leader - self.thresholds.margin;
            if (leads && combined >= self.thresholds.clarify) || about_domain {
                let boosted = combined.max(self.thresholds.answer).max(leader);
                scores.retain(|(s, _)| s != refining && s != base);
                scores.push((*refining, boosted));
            }
        }
    }
}

impl Engine {
    /// Compiles `kb`; the base must already be validated (see
    /// [`crate::knowledge::load_dir`]), so unknown references cannot occur.
    pub fn new(kb: KnowledgeBase, thresholds: Thresholds) -> Engine {
        let index = Index::build(&kb);
        let domain = ClauseSet::new(kb.shared.domain_terms.iter(), &index);
        let human = ClauseSet::new(kb.shared.human_request.iter(), &index);
        let refinements = kb
            .scenarios
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let base = s.refines.as_ref()?;
                let base = kb.scenarios.iter().position(|b| &b.id == base)?;
                Some((i, base, ClauseSet::new(s.signals.iter(), &index)))
            })
            .collect();
        let escalating = kb
            .scenarios
            .iter()
            .filter(|s| s.escalate)
            .map(|s| s.id.clone())
            .collect();
        Engine {
            inner: Arc::new(Inner {
                kb,
                index,
                thresholds,
                domain,
                human,
                refinements,
                escalating,
            }),
        }
    }

    pub fn knowledge(&self) -> &KnowledgeBase {
        &self.inner.kb
    }

    pub fn thresholds(&self) -> &Thresholds {
        &self.inner.thresholds
    }

    /// Triage one message.
    pub fn triage(&self, text: &str) -> Decision {
        self.triage_inner(text, false)
    }

    /// Triage a phrasing of the knowledge base as if it were not in it, so
    /// that it cannot simply match itself (`kb check`, leave-one-out tests).
    pub fn triage_held_out(&self, text: &str) -> Decision {
        self.triage_inner(text, true)
    }

    /// The steps `triage` and `explain` share: normalise, tokenise, score,
    /// and resolve the clause units.
    fn analyse(&self, text: &str, held_out: bool) -> Analysis {
        let index = &self.inner.index;
        let text = truncate_chars(text, MAX_MATCH_CHARS);
        let normalized = normalize(text);
        let query = index.resolve(&tokenize(&normalized));
        let exclude = if held_out {
            index.phrases_with_text(&normalized)
        } else {
            &[]
        };
        Analysis {
            language: detect_language(text),
            scores: index.score(&query, exclude),
            units: index.resolve_units(&units(&normalized)),
        }
    }

    fn triage_inner(&self, text: &str, held_out: bool) -> Decision {
        let inner = &*self.inner;
        let Analysis {
            language,
            scores,
            units: query_units,
        } = self.analyse(text, held_out);

        let mut scenario_scores: Vec<(usize, f32)> = scores
            .iter()
            .filter_map(|s| match s.owner {
                Owner::Scenario(i) => Some((i, s.score)),
                Owner::OffTopic => None,
            })
            .collect();
        let off_topic = scores
            .iter()
            .find(|s| s.owner == Owner::OffTopic)
            .map_or(0.0, |s| s.score);

        let about_domain = inner.domain.matches(&query_units);
        inner.apply_refinements(&mut scenario_scores, &query_units, about_domain);
        scenario_scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

        let candidates: Vec<Candidate> = scenario_scores
            .iter()
            .take(3)
            .map(|(i, s)| Candidate {
                scenario: inner.kb.scenarios[*i].id.clone(),
                score: round3(*s),
            })
            .collect();
        let facts = decide::Facts {
            candidates,
            off_topic,
            about_domain,
            asked_for_human: inner.human.matches(&query_units),
            language,
            must_escalate: &|id: &str| inner.escalating.contains(id),
        };
        decide::decide(&facts, &inner.thresholds)
    }

    /// Why the engine scored `text` as it did: the best-matching phrase of
    /// each scenario (and of the off-topic examples), best first. For
    /// editors (`ask --explain`), not for the hot path.
    pub fn explain(&self, text: &str) -> Vec<(String, f32, String)> {
        let inner = &*self.inner;
        let analysis = self.analyse(text, false);
        let query_units = analysis.units;
        let clauses = [
            ("(domain term)", &inner.domain),
            ("(human request)", &inner.human),
        ]
        .into_iter()
        .chain(inner.refinements.iter().map(|(_, _, c)| ("(signal)", c)));
        let found: Vec<(String, f32, String)> = clauses
            .filter_map(|(label, set)| {
                let clause = set.first_match(&query_units)?;
                Some((label.to_string(), 1.0, clause.to_string()))
            })
            .collect();
        let mut rows: Vec<(String, f32, String)> = analysis
            .scores
            .into_iter()
            .map(|s| {
                let label = match s.owner {
                    Owner::Scenario(i) => inner.kb.scenarios[i].id.clone(),
                    Owner::OffTopic => "(off-topic)".to_string(),
                };
                (
                    label,
                    round3(s.score),
                    inner.index.phrase_text(s.phrase).to_string(),
                )
            })
            .collect();
        rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        found.into_iter().chain(rows).collect()
    }

    /// The language a reply to `text` should use.
    pub fn language_of(text: &str) -> Lang {
        detect_language(text)
    }
}

fn round3(x: f32) -> f32 {
    (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// The longest prefix of `text` with at most `max` characters.
fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((cut, _)) => &text[..cut],
        None => text,
    }
}
