//! Scoring the engine against labelled messages: accuracy, wrong answers,
//! per-scenario precision and recall, a confusion matrix and the misses.
//! Pure: cases and decisions in, a report out.

use crate::text::detect_language;
use crate::triage::{Decision, DecisionKind, EscalationReason};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The label for messages that must be ignored.
pub const IGNORE: &str = "ignore";

/// One labelled message, as written in an eval YAML file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub text: String,
    /// A scenario id, or `ignore`.
    pub expect: String,
}

/// How one case came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Answered or escalated with the expected scenario (or ignored, when
    /// `ignore` was expected).
    Right,
    /// Asked the user to choose: no harm done, but not resolved either.
    Clarified,
    /// Escalated without a scenario: a moderator will see it.
    Escalated,
    /// Answered with another scenario, or answered an unrelated message.
    Wrong,
    /// Ignored a message that was about verification.
    Missed,
}

/// The label for messages whose point is asking for a human: right when
/// the bot escalates them as a request for a human.
pub const HUMAN: &str = "human";

/// What the bot did with a case, in one word (the predicted label).
pub fn predicted_label(d: &Decision) -> String {
    match (d.kind, &d.scenario, d.reason) {
        (DecisionKind::Escalate, _, Some(EscalationReason::AskedForHuman)) => HUMAN.into(),
        (DecisionKind::Answer | DecisionKind::Escalate, Some(id), _) => id.clone(),
        (DecisionKind::Escalate, None, _) => "escalate".into(),
        (DecisionKind::Clarify, _, _) => "clarify".into(),
        (DecisionKind::Ignore, _, _) | (DecisionKind::Answer, None, _) => IGNORE.into(),
    }
}

pub fn outcome(case: &Case, d: &Decision) -> Outcome {
    let predicted = predicted_label(d);
    if predicted == case.expect {
        return Outcome::Right;
    }
    // A request for a human that names the right scenario is right too.
    if predicted == HUMAN && d.scenario.as_deref() == Some(case.expect.as_str()) {
        return Outcome::Right;
    }
    match (case.expect == IGNORE, d.kind) {
        (_, DecisionKind::Clarify) => Outcome::Clarified,
        (false, DecisionKind::Escalate) if d.scenario.is_none() || predicted == HUMAN => {
            Outcome::Escalated
        }
        (false, DecisionKind::Ignore) => Outcome::Missed,
        _ => Outcome::Wrong,
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ScenarioStats {
    pub support: usize,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub text: String,
    pub expect: String,
    pub got: String,
    pub confidence: f32,
}

/// The counts that matter for one language (or for all cases).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Tally {
    /// Cases expecting a scenario or a human.
    pub complaints: usize,
    pub right: usize,
    pub wrong: usize,
    pub clarified: usize,
    /// Escalated without a scenario, or as a request for a human.
    pub escalated: usize,
    /// Ignored although they expected action.
    pub missed: usize,
    /// Cases expecting `ignore`.
    pub no_action: usize,
    /// ... and on which the bot did nothing (no answer, menu or escalation).
    pub silent: usize,
    /// Cases expecting a must-escalate scenario (suspected ID misuse) ...
    pub misuse: usize,
    /// ... escalated with it.
    pub misuse_escalated: usize,
    /// Cases escalated as suspected misuse that are not misuse.
    pub false_misuse_alarms: usize,
}

impl Tally {
    fn add(&mut self, case: &Case, d: &Decision, o: Outcome, must_escalate: &dyn Fn(&str) -> bool) {
        let misuse_raised = d.kind == DecisionKind::Escalate
            && d.scenario.as_deref().is_some_and(must_escalate)
            && d.reason != Some(EscalationReason::AskedForHuman);
        if case.expect == IGNORE {
            self.no_action += 1;
            if d.kind == DecisionKind::Ignore {
                self.silent += 1;
            }
        } else {
            self.complaints += 1;
            match o {
                Outcome::Right => self.right += 1,
                Outcome::Wrong => self.wrong += 1,
                Outcome::Clarified => self.clarified += 1,
                Outcome::Escalated => self.escalated += 1,
                Outcome::Missed => self.missed += 1,
            }
        }
        if must_escalate(&case.expect) {
            self.misuse += 1;
            if misuse_raised {
                self.misuse_escalated += 1;
            }
        } else if misuse_raised {
            self.false_misuse_alarms += 1;
        }
    }

    /// One line: right / wrong / clarified over complaints, silence over
    /// no-action messages, misuse recall and false alarms.
    pub fn summary(&self) -> String {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                "-".to_string()
            } else {
                format!("{:.1}%", 100.0 * a as f64 / b as f64)
            }
        };
        format!(
            "complaints {}: right {} wrong {} clarified {} escalated {} missed {} | no-action {}: silent {} | misuse {}/{} | false misuse alarms {}",
            self.complaints,
            pct(self.right, self.complaints),
            pct(self.wrong, self.complaints),
            pct(self.clarified, self.complaints),
            pct(self.escalated, self.complaints),
            pct(self.missed, self.complaints),
            self.no_action,
            pct(self.silent, self.no_action),
            self.misuse_escalated,
            self.misuse,
            self.false_misuse_alarms
        )
    }
}

/// The whole evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub total: usize,
    pub in_scope: usize,
    pub out_of_scope: usize,
    /// Share of all cases that came out right.
    pub accuracy: f64,
    /// In-scope cases answered (or escalated) with the right scenario.
    pub in_scope_right: f64,
    /// In-scope cases answered with a wrong scenario.
    pub in_scope_wrong: f64,
    pub in_scope_clarified: f64,
    /// Out-of-scope cases that got an answer.
    pub out_of_scope_answered: f64,
    /// Out-of-scope cases the bot acted on at all (answer, menu or
    /// escalation): in a support channel each of those is a public reply.
    pub out_of_scope_acted: f64,
    /// Cases expecting a scenario that must escalate, and how many did.
    pub must_escalate_total: usize,
    pub must_escalate_escalated: usize,
    /// All cases, and per reply language (`en`, `zh`).
    pub all: Tally,
    pub by_language: BTreeMap<String, Tally>,
    pub per_scenario: BTreeMap<String, ScenarioStats>,
    /// expected label -> predicted label -> count.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    pub misses: Vec<Miss>,
}

/// Builds the report; `must_escalate` names scenarios that must go to a human.
pub fn report(
    cases: &[Case],
    decisions: &[Decision],
    must_escalate: &dyn Fn(&str) -> bool,
) -> Report {
    assert_eq!(cases.len(), decisions.len(), "one decision per case");
    let mut per: BTreeMap<String, ScenarioStats> = BTreeMap::new();
    let mut confusion: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut all = Tally::default();
    let mut by_language: BTreeMap<String, Tally> = BTreeMap::new();
    let (mut right, mut out_answered) = (0, 0);
    let out_of_scope = cases.iter().filter(|c| c.expect == IGNORE).count();
    let in_scope = cases.len() - out_of_scope;

    for (case, d) in cases.iter().zip(decisions) {
        let got = predicted_label(d);
        let o = outcome(case, d);
        all.add(case, d, o, must_escalate);
        by_language
            .entry(detect_language(&case.text).code().to_string())
            .or_default()
            .add(case, d, o, must_escalate);
        *confusion
            .entry(case.expect.clone())
            .or_default()
            .entry(got.clone())
            .or_insert(0) += 1;
        per.entry(case.expect.clone()).or_default().support += 1;
        if got != "clarify" && got != "escalate" {
            per.entry(got.clone()).or_default().predicted += 1;
        }
        if o == Outcome::Right {
            right += 1;
            per.entry(case.expect.clone()).or_default().correct += 1;
        } else {
            misses.push(Miss {
                text: case.text.clone(),
                expect: case.expect.clone(),
                got: got.clone(),
                confidence: d.confidence,
            });
        }
        if case.expect == IGNORE && d.kind == DecisionKind::Answer {
            out_answered += 1;
        }
    }
    for stats in per.values_mut() {
        stats.precision = ratio(stats.correct, stats.predicted);
        stats.recall = ratio(stats.correct, stats.support);
    }
    Report {
        total: cases.len(),
        in_scope,
        out_of_scope,
        accuracy: ratio(right, cases.len()),
        in_scope_right: ratio(all.right, in_scope),
        in_scope_wrong: ratio(all.wrong, in_scope),
        in_scope_clarified: ratio(all.clarified, in_scope),
        out_of_scope_answered: ratio(out_answered, out_of_scope),
        out_of_scope_acted: ratio(all.no_action - all.silent, out_of_scope),
        must_escalate_total: all.misuse,
        must_escalate_escalated: all.misuse_escalated,
        all,
        by_language,
        per_scenario: per,
        confusion,
        misses,
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}
