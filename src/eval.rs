//! Scoring the engine against labelled messages: accuracy, wrong answers,
//! per-scenario precision and recall, a confusion matrix and the misses.
//! Pure: cases and decisions in, a report out.

use crate::triage::{Decision, DecisionKind};
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

/// What the bot did with a case, in one word (the predicted label).
pub fn predicted_label(d: &Decision) -> String {
    match (d.kind, &d.scenario) {
        (DecisionKind::Answer | DecisionKind::Escalate, Some(id)) => id.clone(),
        (DecisionKind::Escalate, None) => "escalate".into(),
        (DecisionKind::Clarify, _) => "clarify".into(),
        (DecisionKind::Ignore, _) | (DecisionKind::Answer, None) => IGNORE.into(),
    }
}

pub fn outcome(case: &Case, d: &Decision) -> Outcome {
    let predicted = predicted_label(d);
    if predicted == case.expect {
        return Outcome::Right;
    }
    match (case.expect == IGNORE, d.kind) {
        (_, DecisionKind::Clarify) => Outcome::Clarified,
        (false, DecisionKind::Escalate) if d.scenario.is_none() => Outcome::Escalated,
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
    /// Cases expecting a scenario that must escalate, and how many did.
    pub must_escalate_total: usize,
    pub must_escalate_escalated: usize,
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
    let (mut right, mut in_right, mut in_wrong, mut in_clar, mut out_answered) = (0, 0, 0, 0, 0);
    let (mut esc_total, mut esc_done) = (0, 0);
    let out_of_scope = cases.iter().filter(|c| c.expect == IGNORE).count();
    let in_scope = cases.len() - out_of_scope;

    for (case, d) in cases.iter().zip(decisions) {
        let got = predicted_label(d);
        let o = outcome(case, d);
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
        if case.expect == IGNORE {
            if d.kind == DecisionKind::Answer {
                out_answered += 1;
            }
        } else {
            match o {
                Outcome::Right => in_right += 1,
                Outcome::Wrong => in_wrong += 1,
                Outcome::Clarified => in_clar += 1,
                _ => {}
            }
            if must_escalate(&case.expect) {
                esc_total += 1;
                if d.kind == DecisionKind::Escalate {
                    esc_done += 1;
                }
            }
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
        in_scope_right: ratio(in_right, in_scope),
        in_scope_wrong: ratio(in_wrong, in_scope),
        in_scope_clarified: ratio(in_clar, in_scope),
        out_of_scope_answered: ratio(out_answered, out_of_scope),
        must_escalate_total: esc_total,
        must_escalate_escalated: esc_done,
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
