//! The triage engine: text in, [`Decision`] out. Pure and synchronous (no
//! tokio, no database, no Discord), so it is cheap to test and to benchmark.
//!
//! normalise -> features (character n-grams, words) -> class probabilities
//! from a logistic regression trained on the knowledge base at load ->
//! clauses (domain terms, human requests, decisive signals) -> decide.

mod ack;
mod advert;
mod classes;
mod clause;
mod crossval;
mod decide;
mod explain;
mod features;
mod fuzzy;
mod index;
mod learned;
mod lent;
mod own;
mod owner;
mod reason;
mod remark;
mod retold;
mod sampled;
mod settled;
mod speech;
mod staff;
mod tip;

pub use classes::Class;
pub use crossval::Fold;
pub use decide::{Decision, DecisionKind, EscalationReason, Thresholds};
pub use explain::Explanation;
pub use learned::TrainParams;

use crate::knowledge::{KnowledgeBase, Lang};
use crate::text::{detect_language, normalize, units, Unit};
use classes::Layout;
use clause::ClauseSet;
use index::Index;
use learned::{Classifier, Vectorizer};
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

/// The knowledge base compiled for matching. Cheap to clone (shared inside).
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

/// A trained model: the features it knows and the weights it learned.
struct Model {
    vectorizer: Vectorizer,
    classifier: Classifier,
}

impl Model {
    /// Trains on `texts` (phrase, class index) over `layout`'s classes.
    fn train(texts: &[(&str, usize)], layout: Layout, params: TrainParams) -> Model {
        let docs: Vec<_> = texts
            .iter()
            .map(|(t, _)| features::hashed(&normalize(t)))
            .collect();
        let vectorizer = Vectorizer::fit(&docs);
        let samples: Vec<_> = docs
            .iter()
            .zip(texts)
            .map(|(d, (_, class))| (vectorizer.transform(d), *class))
            .collect();
        let always: Vec<usize> = (0..layout.len())
            .filter(|&k| !matches!(layout.class(k), Class::Scenario(_)))
            .collect();
        let classifier = Classifier::train(&samples, &vectorizer, layout.len(), &always, params);
        Model {
            vectorizer,
            classifier,
        }
    }

    fn probabilities(&self, features: &[(features::Group, u64)]) -> Vec<f32> {
        self.classifier
            .probabilities(&self.vectorizer.transform(features))
    }
}

struct Inner {
    kb: KnowledgeBase,
    /// The vocabulary and typo lookup that clause matching resolves words
    /// against, and the phrases `explain` shows.
    index: Index,
    thresholds: Thresholds,
    layout: Layout,
    model: Model,
    domain: ClauseSet,
    human: ClauseSet,
    /// For each scenario that refines another: (refining, refined, its signals).
    refinements: Vec<(usize, usize, ClauseSet)>,
    /// Ids of the scenarios marked `escalate`, looked up per message: a
    /// set, not a scan of every scenario.
    escalating: HashSet<String>,
}

/// A message as the engine sees it, before deciding.
struct Analysis {
    language: Lang,
    /// Said to someone else, with no mark of the speaker's own problem.
    to_others: bool,
    /// Reports success or jokes, remarks on verification in general
    /// (`remark.rs`) or advertises (`advert.rs`): nobody's problem.
    settled: bool,
    /// Tells of the speaker's own trouble (`own.rs`).
    own_problem: bool,
    /// Tells a third person's case to its end (`retold.rs`).
    retold: bool,
    /// Names the staff and pleads for help (`staff.rs`).
    staff_plea: bool,
    /// Not the misuse situation, whatever its words: the document is
    /// someone else's (`owner.rs`), or the speaker made the other account
    /// (`lent.rs`: their own document on an account they set up, or an
    /// earlier account of theirs).
    misuse_ruled_out: bool,
    normalized: String,
    /// Clause units, typos resolved against the vocabulary.
    units: Vec<Unit>,
    /// The model's hashed features (of the units as written).
    features: Vec<(features::Group, u64)>,
}

impl Engine {
    /// Compiles `kb` and trains its model; the base must already be
    /// validated (see [`crate::knowledge::load_dir`]), so unknown
    /// references cannot occur.
    pub fn new(kb: KnowledgeBase, thresholds: Thresholds) -> Engine {
        Engine::with_params(kb, thresholds, TrainParams::default())
    }

    /// [`Engine::new`] with explicit training knobs (cross-validation).
    pub fn with_params(kb: KnowledgeBase, thresholds: Thresholds, params: TrainParams) -> Engine {
        let layout = Layout::new(&kb);
        let texts: Vec<(&str, usize)> = classes::samples(&kb)
            .iter()
            .map(|s| (s.text, layout.index(s.class)))
            .collect();
        // The typo index and the model read the base and not each other:
        // on two cores, building the index beside the training takes it
        // off the start-up time (README "Speed"). Both are deterministic,
        // so the engine is the same either way; without a thread to be
        // had, the index is built after.
        let (index, model) = std::thread::scope(|scope| {
            let index = std::thread::Builder::new()
                .name("index".into())
                .spawn_scoped(scope, || Index::build(&kb));
            let model = Model::train(&texts, layout, params);
            let index = match index {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => Index::build(&kb),
            };
            (index, model)
        });
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
                layout,
                model,
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
        let analysis = self.analyse(text);
        let probabilities = self.inner.model.probabilities(&analysis.features);
        let decision = self.inner.decide(&analysis, &probabilities);
        self.follow_the_reason(&analysis, decision)
    }

    /// A member who quotes the reason of an outcome ("rejected, reason said
    /// the selfie did not match") needs the reason's fix: the reason read on
    /// its own is answered when the model is sure of it, it is among the
    /// whole message's candidates, and it is no scenario that escalates.
    /// Escalations and silence stand: a victim or a remark is not re-read.
    /// `confidence` is then the reason's probability.
    fn follow_the_reason(&self, analysis: &Analysis, decision: Decision) -> Decision {
        if !matches!(decision.kind, DecisionKind::Answer | DecisionKind::Clarify) {
            return decision;
        }
        let Some(reason) = reason::stated(&analysis.normalized) else {
            return decision;
        };
        let read = self.analyse(reason);
        let p = self.inner.model.probabilities(&read.features);
        let own = self.inner.decide(&read, &p);
        let Some(scenario) = own.scenario.filter(|_| own.kind == DecisionKind::Answer) else {
            return decision;
        };
        let supported = decision.candidates.iter().any(|c| c.scenario == scenario);
        if !supported
            || decision.scenario.as_deref() == Some(scenario.as_str())
            || self.inner.escalating.contains(&scenario)
        {
            return decision;
        }
        Decision {
            kind: DecisionKind::Answer,
            scenario: Some(scenario),
            confidence: own.confidence,
            ..decision
        }
    }

    /// Normalise and resolve the clause units, once per message.
    fn analyse(&self, text: &str) -> Analysis {
        let text = truncate_chars(text, MAX_MATCH_CHARS);
        let normalized = normalize(text);
        let written = units(&normalized);
        let resolved = self.inner.index.resolve_units(&written);
        Analysis {
            language: detect_language(text),
            to_others: speech::addressed_to_others(text, &normalized, &written, &resolved)
                || speech::asks_another_member(text, &normalized, &written)
                || speech::labelled_advice(text, &normalized, &written)
                || tip::answers_its_own_question(text, &normalized, &written)
                || ack::acknowledges(text, &normalized, &written),
            settled: settled::reports_no_problem(text, &normalized, &written)
                || remark::general_remark(text, &normalized, &written)
                || advert::advertises(text, &normalized, &written),
            own_problem: own::tells_own_problem(text, &normalized, &written, &resolved),
            retold: retold::someone_elses_case_told(text, &normalized, &written),
            staff_plea: staff::pleads_with_staff(text, &normalized, &written),
            misuse_ruled_out: owner::someone_elses_document(&normalized, &resolved)
                || lent::made_the_other_account(&normalized, &resolved),
            units: resolved,
            features: features::hashed_with_units(&normalized, &written),
            normalized,
        }
    }

    /// The language a reply to `text` should use.
    pub fn language_of(text: &str) -> Lang {
        detect_language(text)
    }
}

impl Inner {
    fn decide(&self, analysis: &Analysis, probabilities: &[f32]) -> Decision {
        let mut scenario_p: Vec<(usize, f32)> = (0..self.kb.scenarios.len())
            .map(|i| (i, probabilities[self.layout.index(Class::Scenario(i))]))
            .collect();
        let p = |class: Class| probabilities[self.layout.index(class)];
        let no_action = p(Class::OffTopic) + p(Class::Chatter) + p(Class::Advice);
        let refined = self.apply_refinements(&mut scenario_p, &analysis.units);
        // Misuse is the speaker's own document in an account they never
        // made. Using a relative's or a friend's document is another
        // problem (its review fails), and so is the speaker's own document
        // on an account they set up for someone (document-in-use), unless
        // a decisive clause says nobody registered it, which `refined`
        // carries.
        if analysis.misuse_ruled_out && !refined {
            scenario_p.retain(|(i, _)| !self.escalating.contains(&self.kb.scenarios[*i].id));
        }
        // A large base's model gives most scenarios exactly 0 (they were
        // not on its shortlist); leaving them out before sorting keeps a
        // base of thousands of scenarios from paying for a full sort, and
        // changes neither the order nor the mass of the rest.
        scenario_p.retain(|(_, p)| *p > 0.0);
        scenario_p.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let candidates = scenario_p
            .iter()
            .take(3)
            .map(|(i, s)| Candidate {
                scenario: self.kb.scenarios[*i].id.clone(),
                score: round3(*s),
            })
            .collect();
        let facts = decide::Facts {
            candidates,
            scenario_mass: scenario_p.iter().map(|(_, v)| v).sum(),
            no_action,
            vague: p(Class::Vague),
            human: p(Class::Human),
            human_clause: self.human.matches(&analysis.units),
            about_domain: self.domain.matches(&analysis.units),
            refined,
            substance: substance(&analysis.units),
            to_others: analysis.to_others,
            settled: analysis.settled,
            own_problem: analysis.own_problem,
            retold: analysis.retold,
            staff_plea: analysis.staff_plea,
            language: analysis.language,
            must_escalate: &|id: &str| self.escalating.contains(id),
        };
        decide::decide(&facts, &self.thresholds)
    }

    /// A refining scenario (id-misuse) takes over its base (document-in-use)
    /// only when both hold: the message is about the base's situation (the
    /// two together are the most likely scenario reading, and plausible:
    /// `clarify`, not `answer`, since a victim who jokes or opens with
    /// "same thing here" reads half like chatter, and the clause below is
    /// the evidence) and one of the
    /// refining scenario's decisive clauses occurs ("never registered",
    /// "someone used my ID"). Either alone fires far outside the situation
    /// it was written for: a scam DM says "someone used my", a returning
    /// user says "already registered". It then carries the probability of
    /// both. Returns whether a refinement fired.
    fn apply_refinements(&self, scores: &mut [(usize, f32)], units: &[Unit]) -> bool {
        let mut fired = false;
        for (refining, base, signals) in &self.refinements {
            let of = |i: usize| scores.iter().find(|(s, _)| *s == i).map_or(0.0, |s| s.1);
            let combined = of(*refining) + of(*base);
            let others = scores
                .iter()
                .filter(|(s, _)| s != refining && s != base)
                .map(|s| s.1)
                .fold(0.0, f32::max);
            if combined < self.thresholds.clarify || combined <= others {
                continue;
            }
            if !signals.matches(units) {
                continue;
            }
            for (s, v) in scores.iter_mut() {
                if s == refining {
                    *v = combined;
                } else if s == base {
                    *v = 0.0;
                }
            }
            fired = true;
        }
        fired
    }
}

/// How much a message says: content words, plus one per two ideographs
/// (a Chinese word is mostly two characters). "kyc", "help", "认证" and
/// "ok" say one thing at most.
fn substance(units: &[Unit]) -> usize {
    let words = units
        .iter()
        .filter(|u| matches!(u, Unit::Word(w) if !crate::text::is_stopword(w)))
        .count();
    let han = units.iter().filter(|u| matches!(u, Unit::Han(_))).count();
    words + han.div_ceil(2)
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
