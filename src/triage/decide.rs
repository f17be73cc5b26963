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

/// The knobs of [`decide`], on the model's probabilities. Defaults come
/// from the evaluation in README.md (tuning splits and cross-validation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Probability at or above which the bot answers without asking.
    pub answer: f32,
    /// Lead in probability over the runner-up needed to answer; a closer
    /// race is clarified.
    pub margin: f32,
    /// Below this a scenario is not plausible: it is left out of menus, and
    /// a message with nothing plausible is not acted on.
    pub clarify: f32,
    /// "No action" (off-topic, chatter, advice) wins when its probability
    /// plus this margin reaches the best scenario's.
    pub off_topic_margin: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            answer: 0.4,
            margin: 0.1,
            clarify: 0.15,
            off_topic_margin: 0.1,
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

/// What the engine found out about a message.
pub(super) struct Facts<'a> {
    /// Up to three scenarios by probability, best first.
    pub candidates: Vec<Candidate>,
    /// Probability of all scenarios together.
    pub scenario_mass: f32,
    /// Probability that the message is a complaint that names no symptom.
    pub vague: f32,
    /// Probability that the message needs no action (off-topic, chatter,
    /// advice to others).
    pub no_action: f32,
    /// Probability that the message is a request for a human.
    pub human: f32,
    /// One of the knowledge base's human-request clauses occurs.
    pub human_clause: bool,
    /// One of the domain terms occurs ("kyc", "身份证").
    pub about_domain: bool,
    /// A refining scenario took over from its base on a decisive clause.
    pub refined: bool,
    /// Content words in the message (two ideographs count as one).
    pub substance: usize,
    /// Advice or a remark to someone else, with no mark of the speaker's
    /// own problem (see `speech.rs`).
    pub to_others: bool,
    /// Reports success or jokes, with no mark of a problem (see
    /// `settled.rs`).
    pub settled: bool,
    /// Tells of the speaker's own trouble: a mark of the speaker with a
    /// failure, a wait or a question (see `own.rs`).
    pub own_problem: bool,
    /// Tells a third person's case, and how it ended (see `retold.rs`).
    pub retold: bool,
    /// Names the staff and pleads for help (see `staff.rs`).
    pub staff_plea: bool,
    pub language: Lang,
    pub must_escalate: &'a dyn Fn(&str) -> bool,
}

/// A human-request clause counts when the model gives a human request at
/// least this much: "contact customer support" inside a member's advice is
/// not a request, "转人工" is.
const HUMAN_CLAUSE_MIN: f32 = 0.2;

/// Suspected misuse that only ties for the lead escalates from this
/// probability up: below it, misuse is one guess among several ("da Silva"
/// against "Silva" drew 0.20), and a false alarm pings every moderator.
const MISUSE_TIE_MIN: f32 = 0.3;

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
    // A menu ranks scenarios given that the message is about one of them,
    // so its options keep their meaning when most of the probability says
    // "a complaint, but which?". A vague complaint's menu offers all three
    // candidates (`floor`): it names no symptom, so no option is ruled out.
    let menu = |floor: f32| {
        let mass = facts.scenario_mass.max(f32::EPSILON);
        Decision {
            candidates: facts
                .candidates
                .iter()
                .map(|c| Candidate {
                    scenario: c.scenario.clone(),
                    score: (c.score / mass).clamp(floor, 1.0),
                })
                .collect(),
            ..decision(DecisionKind::Clarify, None, None)
        }
    };

    // Someone else's case told to its end ("my friend found out someone
    // used his ID, support sorted it"): nobody asks anything, and a misuse
    // story that is over must not ping every moderator. The speaker's own
    // document, a question or an open case never gets here.
    if facts.retold {
        return decision(DecisionKind::Ignore, None, None);
    }
    // A decisive misuse clause in the misuse situation: a victim must
    // never get a menu, the wrong fix or silence.
    if facts.refined {
        if let Some(c) = best.filter(|c| (facts.must_escalate)(&c.scenario)) {
            return decision(
                DecisionKind::Escalate,
                Some(c),
                Some(EscalationReason::KnowledgeBase),
            );
        }
    }
    // One word ("kyc", "help", "客服", "ok") states no problem: on its own
    // in a channel it is a ping or a reaction, and a reply would be noise.
    if facts.substance <= 1 {
        return decision(DecisionKind::Ignore, None, None);
    }
    // Asking for a person is honoured; a scenario rides along only when the
    // model is sure of it, so the moderator is not sent the wrong way.
    // The likeliest reading, vague complaints included: "my kyc failed" is
    // all vague, and a thousandth of human request must not outrank it.
    let asked = facts.human > best_score.max(facts.no_action).max(facts.vague)
        || (facts.human_clause && facts.human >= HUMAN_CLAUSE_MIN)
        || facts.staff_plea;
    if asked {
        let scenario = best.filter(|c| c.score >= t.answer);
        return decision(
            DecisionKind::Escalate,
            scenario,
            Some(EscalationReason::AskedForHuman),
        );
    }
    // Advice to another member ("selfie记得光线要够") names a scenario's
    // words but nobody's problem: a reply would answer someone who asked
    // nothing. Victims never get here (misuse returned above).
    // Likewise a member saying it worked ("终于通过了") or joking about the
    // selfie: nobody asked anything.
    // Grammar never silences a likely victim, though: "大家注意，这张身份证
    // 让别人拿去实名了" addresses everyone and reports misuse.
    let likely_victim =
        best.is_some_and(|c| c.score >= t.answer && (facts.must_escalate)(&c.scenario));
    if (facts.to_others || facts.settled) && !likely_victim {
        return decision(DecisionKind::Ignore, None, None);
    }
    // A complaint that names no symptom ("my kyc failed"): ask which
    // situation it is rather than guess from the word "failed".
    if facts.vague > best_score && facts.vague > facts.no_action && !facts.candidates.is_empty() {
        return menu(t.clarify);
    }
    // Silence unless there is evidence of a problem: chatter, thanks,
    // advice and off-topic talk outweigh every scenario.
    // A member telling of their own trouble gets the benefit of the
    // doubt: no-action must then outweigh the best scenario outright.
    let margin = if facts.own_problem {
        0.0
    } else {
        t.off_topic_margin
    };
    if facts.no_action + margin >= best_score || !plausible {
        return decision(DecisionKind::Ignore, None, None);
    }
    let best = best.expect("plausible implies a candidate");
    // A scenario that must reach a human (suspected ID misuse) escalates as
    // soon as it is the most plausible reading.
    if (facts.must_escalate)(&best.scenario) {
        return decision(
            DecisionKind::Escalate,
            Some(best),
            Some(EscalationReason::KnowledgeBase),
        );
    }
    if best_score >= t.answer && best_score - runner_up >= t.margin {
        return decision(DecisionKind::Answer, Some(best), None);
    }
    // Torn between readings, one of which must reach a human (suspected
    // misuse next to a forgotten old account): a victim must not be given
    // a menu, while a moderator reading a forgotten-account report costs
    // little.
    if let Some(c) = facts.candidates.iter().take(2).find(|c| {
        c.score >= MISUSE_TIE_MIN
            && c.score >= best_score - t.margin
            && (facts.must_escalate)(&c.scenario)
    }) {
        return decision(
            DecisionKind::Escalate,
            Some(c),
            Some(EscalationReason::KnowledgeBase),
        );
    }
    // Not sure which, but sure it is a verification problem: ask. Without
    // a verification word and with the evidence split, a menu would be a
    // guess: a human looks instead only when the domain is certain.
    if facts.about_domain || best_score + runner_up >= t.answer {
        return menu(0.0);
    }
    decision(DecisionKind::Ignore, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(scores: &[(&str, f32)], no_action: f32, about_domain: bool) -> Facts<'static> {
        Facts {
            candidates: scores
                .iter()
                .map(|(s, v)| Candidate {
                    scenario: s.to_string(),
                    score: *v,
                })
                .collect(),
            scenario_mass: scores.iter().map(|(_, v)| v).sum(),
            no_action,
            vague: 0.0,
            human: 0.0,
            human_clause: false,
            about_domain,
            refined: false,
            own_problem: false,
            retold: false,
            staff_plea: false,
            substance: 5,
            to_others: false,
            settled: false,
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
        // (scenario probabilities, no-action probability, about the domain, expected)
        type Row = (&'static [(&'static str, f32)], f32, bool, DecisionKind);
        let cases: &[Row] = &[
            (&[("a", 0.9), ("b", 0.05)], 0.05, true, Answer),
            // Close race: ask.
            (&[("a", 0.45), ("b", 0.4)], 0.1, true, Clarify),
            // Confident but not clearly ahead: ask.
            (&[("a", 0.5), ("b", 0.45)], 0.0, false, Clarify),
            // Chatter outweighs the best scenario: silence, domain word or not.
            (&[("a", 0.3)], 0.6, true, Ignore),
            (&[("a", 0.3)], 0.6, false, Ignore),
            // Nothing plausible: silence, even with a verification word.
            (&[("a", 0.1)], 0.05, true, Ignore),
            // Weak and split without a domain word: no guessing.
            (&[("a", 0.25), ("b", 0.1)], 0.1, false, Ignore),
            (&[("a", 0.25), ("b", 0.1)], 0.1, true, Clarify),
            // Misuse leading escalates; far behind, it does not.
            (&[("id-misuse", 0.3), ("a", 0.29)], 0.1, true, Escalate),
            (&[("a", 0.8), ("id-misuse", 0.1)], 0.0, true, Answer),
            // A near tie with misuse escalates instead of offering a menu.
            (&[("a", 0.35), ("id-misuse", 0.3)], 0.1, true, Escalate),
            // A weak misuse guess in the race is a menu, not a moderator ping.
            (&[("a", 0.25), ("id-misuse", 0.2)], 0.05, true, Clarify),
            (&[], 0.0, false, Ignore),
        ];
        for (scores, off, domain, expected) in cases {
            assert_eq!(
                kind(&facts(scores, *off, *domain)),
                *expected,
                "{scores:?} no_action={off}"
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
    fn a_refined_misuse_escalates_even_behind_chatter() {
        let mut f = facts(&[("id-misuse", 0.3)], 0.6, true);
        f.refined = true;
        assert_eq!(kind(&f), DecisionKind::Escalate);
    }

    #[test]
    fn asking_for_a_human_escalates_without_an_unsure_scenario() {
        let mut f = facts(&[("a", 0.3)], 0.1, true);
        f.human = 0.5;
        let d = decide(&f, &Thresholds::default());
        assert_eq!(d.kind, DecisionKind::Escalate);
        assert_eq!(d.reason, Some(EscalationReason::AskedForHuman));
        assert_eq!(d.scenario, None);
        // Sure of the scenario: it rides along.
        let mut f = facts(&[("a", 0.7)], 0.0, true);
        f.human_clause = true;
        f.human = 0.25;
        assert_eq!(
            decide(&f, &Thresholds::default()).scenario.as_deref(),
            Some("a")
        );
    }

    #[test]
    fn a_vague_complaint_gets_a_menu_ranked_among_scenarios() {
        let mut f = facts(&[("a", 0.2), ("b", 0.1)], 0.1, true);
        f.scenario_mass = 0.4;
        f.vague = 0.5;
        let d = decide(&f, &Thresholds::default());
        assert_eq!(d.kind, DecisionKind::Clarify);
        assert_eq!(d.candidates[0].score, 0.5);
        assert_eq!(d.candidates[1].score, 0.25);
        // Every option stays on the menu.
        let mut f = facts(&[("a", 0.3), ("b", 0.01)], 0.1, true);
        f.scenario_mass = 0.31;
        f.vague = 0.5;
        let d = decide(&f, &Thresholds::default());
        assert_eq!(d.candidates[1].score, Thresholds::default().clarify);
    }

    #[test]
    fn a_vague_complaint_is_no_request_for_a_human_however_little_else_it_is() {
        let mut f = facts(&[("a", 0.0)], 0.0, true);
        f.vague = 0.999;
        f.human = 0.001;
        assert_eq!(kind(&f), DecisionKind::Clarify);
    }

    #[test]
    fn advice_to_others_is_silent_but_misuse_and_human_requests_are_not() {
        let mut f = facts(&[("a", 0.95)], 0.0, true);
        f.to_others = true;
        assert_eq!(kind(&f), DecisionKind::Ignore);
        f.human_clause = true;
        f.human = 0.5;
        assert_eq!(kind(&f), DecisionKind::Escalate);
        let mut f = facts(&[("id-misuse", 0.9)], 0.0, true);
        f.to_others = true;
        f.refined = true;
        assert_eq!(kind(&f), DecisionKind::Escalate);
        // A likely victim without a decisive clause is not silenced either;
        // an unlikely one is.
        f.refined = false;
        assert_eq!(kind(&f), DecisionKind::Escalate);
        let mut f = facts(&[("id-misuse", 0.3), ("a", 0.25)], 0.0, true);
        f.to_others = true;
        assert_eq!(kind(&f), DecisionKind::Ignore);
    }

    #[test]
    fn the_speakers_own_trouble_wins_a_tie_with_chatter() {
        // No-action within the margin of the best scenario silences chatter…
        let mut f = facts(&[("a", 0.42)], 0.35, true);
        assert_eq!(kind(&f), DecisionKind::Ignore);
        // …but a member telling of their own trouble is answered.
        f.own_problem = true;
        assert_eq!(kind(&f), DecisionKind::Answer);
        // No-action that outweighs the scenario still wins.
        let mut f = facts(&[("a", 0.3)], 0.5, true);
        f.own_problem = true;
        assert_eq!(kind(&f), DecisionKind::Ignore);
    }

    #[test]
    fn a_success_report_is_silent_but_misuse_and_human_requests_are_not() {
        let mut f = facts(&[("a", 0.95)], 0.0, true);
        f.settled = true;
        assert_eq!(kind(&f), DecisionKind::Ignore);
        f.human_clause = true;
        f.human = 0.5;
        assert_eq!(kind(&f), DecisionKind::Escalate);
        let mut f = facts(&[("id-misuse", 0.9)], 0.0, true);
        f.settled = true;
        f.refined = true;
        assert_eq!(kind(&f), DecisionKind::Escalate);
    }

    #[test]
    fn one_word_is_never_acted_on() {
        let mut f = facts(&[("a", 0.9)], 0.0, true);
        f.substance = 1;
        f.human = 0.9;
        assert_eq!(kind(&f), DecisionKind::Ignore);
    }

    #[test]
    fn a_retold_case_is_silent_even_on_a_decisive_misuse_clause() {
        let mut f = facts(&[("id-misuse", 0.9)], 0.0, true);
        f.refined = true;
        assert_eq!(kind(&f), DecisionKind::Escalate);
        f.retold = true;
        assert_eq!(kind(&f), DecisionKind::Ignore);
    }

    #[test]
    fn a_plea_to_the_staff_escalates_as_a_request_for_a_person() {
        // Chatter outweighs everything, and the model gives a person little.
        let mut f = facts(&[("a", 0.05)], 0.9, false);
        f.human = 0.05;
        assert_eq!(kind(&f), DecisionKind::Ignore);
        f.staff_plea = true;
        let d = decide(&f, &Thresholds::default());
        assert_eq!(d.kind, DecisionKind::Escalate);
        assert_eq!(d.reason, Some(EscalationReason::AskedForHuman));
        // No unrelated scenario rides along.
        assert_eq!(d.scenario, None);
    }

    #[test]
    fn a_human_clause_alone_is_not_a_request() {
        let mut f = facts(&[("a", 0.1)], 0.8, false);
        f.human_clause = true;
        f.human = 0.05;
        assert_eq!(kind(&f), DecisionKind::Ignore);
    }
}
