//! `kyc-triage kb check [DIR]`: everything an editor can get wrong, with
//! file and line, plus how the engine itself reads each example phrasing.

use super::CliError;
use crate::knowledge::{line_of, load_dir, Issue, KnowledgeBase, Severity, SHARED_FILE};
use crate::triage::{Class, DecisionKind, Engine, EscalationReason, Fold, Thresholds, TrainParams};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

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

/// Folds of the cross-validation `kb check` runs.
pub const CHECK_FOLDS: usize = 5;

/// Validates `dir`. Every phrase the model learns from is then decided by a
/// model trained without it (k-fold cross-validation), as a real member's
/// message would be: a phrase that then reads as another class is
/// ambiguous or misfiled, and is a warning with its file and line.
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
    let folds = engine.cross_validate(CHECK_FOLDS, TrainParams::default());
    let mut texts: HashMap<PathBuf, String> = HashMap::new();
    let mut self_consistent = 0;
    for fold in &folds {
        if routes_home(&kb, fold) {
            self_consistent += 1;
            continue;
        }
        let file = match fold.class {
            Class::Scenario(i) => dir.join(format!("{}.yaml", kb.scenarios[i].id)),
            _ => dir.join(SHARED_FILE),
        };
        let text = texts
            .entry(file.clone())
            .or_insert_with(|| std::fs::read_to_string(&file).unwrap_or_default());
        let d = &fold.decision;
        let got = match (&d.scenario, d.kind) {
            (Some(id), DecisionKind::Answer | DecisionKind::Escalate) => {
                format!("is answered as `{id}`")
            }
            (_, DecisionKind::Ignore) => {
                format!("gets no reply (read as {})", fold.predicted.label(&kb))
            }
            (_, kind) => {
                format!("reads as {} ({:?})", fold.predicted.label(&kb), kind).to_lowercase()
            }
        };
        issues.push(Issue {
            severity: Severity::Warning,
            file,
            line: line_of(text, &fold.text),
            column: None,
            scenario: match fold.class {
                Class::Scenario(i) => Some(kb.scenarios[i].id.clone()),
                _ => None,
            },
            message: format!(
                "{} \"{}\" {got} when held out: reword it, or add phrasings that set them apart",
                fold.class.label(&kb),
                fold.text
            ),
        });
    }
    CheckSummary {
        issues,
        self_consistent,
        examples: folds.len(),
    }
}

/// Whether a held-out phrase came out as what it was written for: its
/// scenario answered or escalated (a refining scenario's phrase may also be
/// read as its base, which the decisive clauses then refine), silence for
/// no-action phrases, an escalation for a human request, a menu for a
/// vague complaint.
fn routes_home(kb: &KnowledgeBase, fold: &Fold) -> bool {
    let d = &fold.decision;
    match fold.class {
        Class::Scenario(i) => {
            let s = &kb.scenarios[i];
            d.scenario.as_deref() == Some(s.id.as_str())
                || fold.predicted == fold.class
                || matches!(fold.predicted, Class::Scenario(j)
                    if s.refines.as_deref() == Some(kb.scenarios[j].id.as_str()))
        }
        Class::Human => d.reason == Some(EscalationReason::AskedForHuman),
        Class::Vague => d.kind == DecisionKind::Clarify,
        _ => d.kind == DecisionKind::Ignore,
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
            "{} of {} phrasings ({:.1}%) route to their own class when held out ({CHECK_FOLDS}-fold cross-validation)",
            summary.self_consistent,
            summary.examples,
            100.0 * summary.self_consistent as f64 / summary.examples as f64
        );
    }
    Ok(if summary.errors() > 0 { 1 } else { 0 })
}
