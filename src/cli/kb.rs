//! `kyc-triage kb check [DIR]`: everything an editor can get wrong, with
//! file and line, plus how the engine itself reads each example phrasing.

use super::CliError;
use crate::knowledge::{line_of, load_dir, Issue, Severity};
use crate::triage::{DecisionKind, Engine, Thresholds};
use std::path::Path;

/// Result of a check, for printing and for the exit code.
pub struct CheckSummary {
    pub issues: Vec<Issue>,
    /// Examples routed to their own scenario with the example held out.
    pub self_consistent: usize,
    pub examples: usize,
}

impl CheckSummary {
    pub fn errors(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count()
    }
}

/// Validates `dir`. Each example is triaged with itself left out of the
/// index, as a real user message would be: an example the engine then
/// routes to another scenario is ambiguous or misfiled, and is a warning.
pub fn check(dir: &Path, thresholds: &Thresholds) -> CheckSummary {
    let (kb, mut issues) = match load_dir(dir) {
        Ok(loaded) => loaded,
        Err(crate::knowledge::LoadError::Invalid(issues)) => {
            return CheckSummary {
                issues,
                self_consistent: 0,
                examples: 0,
            }
        }
        Err(e) => {
            return CheckSummary {
                issues: vec![Issue::error(dir.to_path_buf(), None, None, e.to_string())],
                self_consistent: 0,
                examples: 0,
            }
        }
    };
    let engine = Engine::new(kb.clone(), thresholds.clone());
    let mut self_consistent = 0;
    let mut examples = 0;
    for scenario in &kb.scenarios {
        let file = dir.join(format!("{}.yaml", scenario.id));
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for example in scenario.examples.iter() {
            examples += 1;
            let d = engine.triage_held_out(example);
            let routed = match d.kind {
                DecisionKind::Answer | DecisionKind::Escalate => d.scenario.clone(),
                _ => d.candidates.first().map(|c| c.scenario.clone()),
            };
            let own = routed.as_deref() == Some(scenario.id.as_str())
                || scenario.refines.as_deref() == routed.as_deref()
                    && d.kind != DecisionKind::Answer;
            if own {
                self_consistent += 1;
                continue;
            }
            let got = match (&routed, d.kind) {
                (Some(other), DecisionKind::Answer | DecisionKind::Escalate) => {
                    format!("is answered as `{other}`")
                }
                (Some(other), _) => format!("leans to `{other}` ({:?})", d.kind).to_lowercase(),
                (None, kind) => format!("gets `{kind:?}`").to_lowercase(),
            };
            issues.push(Issue {
                severity: Severity::Warning,
                file: file.clone(),
                line: line_of(&text, example),
                column: None,
                scenario: Some(scenario.id.clone()),
                message: format!("example \"{example}\" {got}: reword it, or add phrasings that set the scenarios apart"),
            });
        }
    }
    CheckSummary {
        issues,
        self_consistent,
        examples,
    }
}

/// Prints the check and returns the process exit code (1 on errors).
pub fn run(dir: &Path, thresholds: &Thresholds) -> Result<i32, CliError> {
    let summary = check(dir, thresholds);
    let mut issues = summary.issues.clone();
    issues.sort_by(|a, b| (b.severity, &a.file, a.line).cmp(&(a.severity, &b.file, b.line)));
    for issue in &issues {
        crate::outln!("{issue}");
    }
    let warnings = issues.len() - summary.errors();
    crate::outln!(
        "{}: {} error(s), {warnings} warning(s)",
        dir.display(),
        summary.errors()
    );
    if summary.examples > 0 {
        crate::outln!(
            "{} of {} example phrasings ({:.1}%) route to their own scenario when held out",
            summary.self_consistent,
            summary.examples,
            100.0 * summary.self_consistent as f64 / summary.examples as f64
        );
    }
    Ok(if summary.errors() > 0 { 1 } else { 0 })
}
