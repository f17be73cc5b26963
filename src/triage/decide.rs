//! From scores to a decision: answer, clarify, escalate or ignore.
//! Thresholds arrive as values so tests can drive every branch.

use super::Candidate;
use crate::knowledge::Lang;
use serde::{Deserialize, Serialize};

/// What the bot does with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DecisionKind {
    /// Confident about one scenario: show its fix.
    Answer,
    /// Several plausible scenarios, or one with low confidence: ask.
    Clarify,
    /// A human must look at it.
    Escalate,
    /// Not about identity verification.
    Ignore,
}

/// Why a case goes to a moderator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EscalationReason {
    /// The scenario is marked `escalate: true` (suspected ID misuse).
    KnowledgeBase,
    /// Clearly about verification, but nothing in the base fits.
    NoMatch,
    /// The user said the answer did not help.
    NotHelped,
    /// The user asked for a human.
    AskedForHuman,
}

impl EscalationReason {
    pub fn code(self) -> &'static str {
        match self {
            EscalationReason::KnowledgeBase => "knowledge-base",
            EscalationReason::NoMatch => "no-match",
            EscalationReason::NotHelped => "not-helped",
            EscalationReason::AskedForHuman => "asked-for-human",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            EscalationReason::KnowledgeBase,
            EscalationReason::NoMatch,
            EscalationReason::NotHelped,
            EscalationReason::AskedForHuman,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }
}

/// The outcome of triaging one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub kind: DecisionKind,
    /// Set for `answer`, and for `escalate` when a scenario caused it.
    pub scenario: Option<String>,
    /// Score of the chosen (or best) scenario, in [0, 1].
    pub confidence: f32,
    pub language: Lang,
    /// Up to three scenarios, best first.
    pub candidates: Vec<Candidate>,
    pub reason: Option<EscalationReason>,
}

/// The knobs of [`decide`]; defaults come from the evaluation in README.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Best score at or above which the bot answers without asking.
    pub answer: f32,
    /// Lead over the runner-up needed to answer; a closer race is clarified.
    pub margin: f32,
    /// Below this nothing is plausible: escalate if about KYC, else ignore.
    pub clarify: f32,
    /// Off-topic wins when it beats the best scenario by this much.
    pub off_topic_margin: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            answer: 0.36,
            margin: 0.06,
            clarify: 0.20,
            off_topic_margin: 0.0,
        }
    }
}

impl Thresholds {
    /// Checks that the values make sense together; the message says which.
    pub fn validate(&self) -> Result<(), String> {
        let in_unit = |name: &str, v: f32| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(format!("triage.{name} must be between 0 and 1, not {v}"))
            }
        };
        in_unit("answer", self.answer)?;
        in_unit("margin", self.margin)?;
        in_unit("clarify", self.clarify)?;
        in_unit("off_topic_margin", self.off_topic_margin)?;
        if self.clarify > self.answer {
            return Err(format!(
                "triage.clarify ({}) must not exceed triage.answer ({})",
                self.clarify, self.answer
            ));
        }
        Ok(())
    }
}

/// An off-topic lead this large means ignore even when the message uses a
/// verification word: "提币审核要多久" says 审核 but is about a withdrawal.
const OFF_TOPIC_CLEAR_LEAD: f32 = 0.15;

/// What the engine found out about a message.
pub(super) struct Facts<'a> {
    pub candidates: Vec<Candidate>,
    pub off_topic: f32,
    pub about_domain: bool,
    pub asked_for_human: bool,
    pub language: Lang,
    pub must_escalate: &'a dyn Fn(&str) -> bool,
}

pub(super) fn decide(facts: &Facts, t: &Thresholds) -> Decision {
    let best = facts.candidates.first();
    let best_score = best.map_or(0.0, |c| c.score);
    let runner_up = facts.candidates.get(1).map_or(0.0, |c| c.score);
    let plausible = best_score >= t.clarify;
    let decision = |kind, scenario: Option<&Candidate>, reason| Decision {
        kind,
        scenario: scenario.map(|c| c.scenario.clone()),
        confidence: scenario.map_or(best_score, |c| c.score),
        language: facts.language,
        candidates: facts.candidates.clone(),
        reason,
    };

    // Asking for a person is honoured whatever else the message says.
    if facts.asked_for_human {
        let scenario = best.filter(|_| plausible);
        return decision(
            DecisionKind::Escalate,
            scenario,
            Some(EscalationReason::AskedForHuman),
        );
    }
    // Off-topic examples (withdrawals, deposits, logins) beat every
    // scenario: ignore, unless the message also speaks of verification and
    // some scenario is plausible, in which case asking costs little.
    let off_topic_wins = facts.off_topic > best_score + t.off_topic_margin;
    if off_topic_wins {
        let clear_lead = facts.off_topic >= best_score + OFF_TOPIC_CLEAR_LEAD;
        if facts.about_domain && plausible && !clear_lead {
            return decision(DecisionKind::Clarify, None, None);
        }
        return decision(DecisionKind::Ignore, None, None);
    }
    // A scenario that must reach a human (suspected ID misuse) escalates as
    // soon as it is the most plausible reading, or in a near tie with it: a
    // victim must not be asked to pick from a menu, nor be answered with the
    // wrong fix, while a moderator reading a forgotten-account report costs
    // little.
    let must = facts.candidates.iter().find(|c| {
        c.score >= t.clarify
            && c.score >= best_score - t.margin
            && (facts.must_escalate)(&c.scenario)
    });
    if let Some(c) = must {
        return decision(
            DecisionKind::Escalate,
            Some(c),
            Some(EscalationReason::KnowledgeBase),
        );
    }
    if best_score >= t.answer && best_score - runner_up >= t.margin {
        return decision(DecisionKind::Answer, best, None);
    }
    if plausible {
        return decision(DecisionKind::Clarify, None, None);
    }
    // About verification, but nothing in the base fits: a human must look.
    if facts.about_domain {
        return decision(
            DecisionKind::Escalate,
            None,
            Some(EscalationReason::NoMatch),
        );
    }
    decision(DecisionKind::Ignore, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(scores: &[(&str, f32)], off_topic: f32, about_domain: bool) -> Facts<'static> {
        Facts {
            candidates: scores
                .iter()
                .map(|(s, v)| Candidate {
                    scenario: s.to_string(),
                    score: *v,
                })
                .collect(),
            off_topic,
            about_domain,
            asked_for_human: false,
            language: Lang::En,
            must_escalate: &|id| id == "id-misuse",
        }
    }

    fn kind(f: &Facts) -> DecisionKind {
        decide(f, &Thresholds::default()).kind
    }

    #[test]
    fn table() {
        use DecisionKind::*;
        // (scores, off-topic score, about the domain, expected decision)
        type Row = (&'static [(&'static str, f32)], f32, bool, DecisionKind);
        let cases: &[Row] = &[
            (&[("a", 0.9), ("b", 0.2)], 0.1, true, Answer),
            (&[("a", 0.5), ("b", 0.48)], 0.1, true, Clarify),
            (&[("a", 0.3)], 0.1, true, Clarify),
            (&[("a", 0.1)], 0.0, true, Escalate),
            (&[("a", 0.1)], 0.0, false, Ignore),
            (&[("a", 0.5)], 0.8, false, Ignore),
            // Off-topic leads a verification-worded message: clearly -> ignore,
            // narrowly -> ask.
            (&[("a", 0.3)], 0.6, true, Ignore),
            (&[("a", 0.3)], 0.35, true, Clarify),
            (&[("id-misuse", 0.3), ("a", 0.29)], 0.0, true, Escalate),
            // Misuse in a near tie behind another scenario still escalates;
            // far behind, it does not.
            (&[("a", 0.45), ("id-misuse", 0.42)], 0.0, true, Escalate),
            (&[("a", 0.6), ("id-misuse", 0.3)], 0.0, true, Answer),
            (&[], 0.0, false, Ignore),
        ];
        for (scores, off, domain, expected) in cases {
            assert_eq!(
                kind(&facts(scores, *off, *domain)),
                *expected,
                "{scores:?} off={off}"
            );
        }
    }

    #[test]
    fn escalation_names_the_scenario_and_reason() {
        let d = decide(
            &facts(&[("id-misuse", 0.6)], 0.0, true),
            &Thresholds::default(),
        );
        assert_eq!(d.scenario.as_deref(), Some("id-misuse"));
        assert_eq!(d.reason, Some(EscalationReason::KnowledgeBase));
    }

    #[test]
    fn asking_for_a_human_escalates() {
        let mut f = facts(&[("a", 0.9)], 0.0, true);
        f.asked_for_human = true;
        let d = decide(&f, &Thresholds::default());
        assert_eq!(d.kind, DecisionKind::Escalate);
        assert_eq!(d.reason, Some(EscalationReason::AskedForHuman));
    }
}
