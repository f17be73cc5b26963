//! `kyc-triage eval FILE...`: labelled cases to accuracy, per-scenario
//! precision and recall, a confusion matrix and the list of misses.

use super::CliError;
use crate::eval::{report, Case, Report};
use crate::triage::Engine;
use std::path::PathBuf;

/// Reads the labelled cases of every file; errors name file and line.
pub fn read_cases(files: &[PathBuf]) -> Result<Vec<Case>, CliError> {
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|e| {
            let message = format!("cannot read {}: {e}", file.display());
            // A wrong path is the caller's to fix; a failing disk is not.
            if e.kind() == std::io::ErrorKind::NotFound {
                CliError::usage(message)
            } else {
                CliError::fault(message)
            }
        })?;
        let mut parsed: Vec<Case> = serde_yaml::from_str(&text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            CliError::usage(format!(
                "{}{at}: {e} (expected a list of `- text: ...` / `expect: <scenario id, human or ignore>`)",
                file.display()
            ))
        })?;
        cases.append(&mut parsed);
    }
    Ok(cases)
}

/// Evaluates `cases` and checks every label names a known scenario.
pub fn evaluate(engine: &Engine, cases: &[Case]) -> Result<Report, CliError> {
    let kb = engine.knowledge();
    if let Some(bad) = cases.iter().find(|c| {
        c.expect != crate::eval::IGNORE
            && c.expect != crate::eval::HUMAN
            && kb.scenario(&c.expect).is_none()
    }) {
        return Err(CliError::usage(format!(
            "case \"{}\" expects unknown scenario `{}`",
            bad.text, bad.expect
        )));
    }
    // Through the conversation's own first step (redaction, then triage),
    // so that what eval measures is what members get.
    let decisions: Vec<_> = cases
        .iter()
        .map(|c| crate::conversation::read(engine, &c.text).decision)
        .collect();
    Ok(report(cases, &decisions, &|id| {
        kb.scenario(id).is_some_and(|s| s.escalate)
    }))
}

/// Prints the report; exit code 1 when accuracy is below `min_accuracy`.
pub fn run(
    engine: &Engine,
    files: &[PathBuf],
    min_accuracy: Option<f64>,
    json: bool,
) -> Result<i32, CliError> {
    if files.is_empty() {
        return Err(CliError::usage(
            "name at least one eval file, e.g. tests/eval/dev.yaml",
        ));
    }
    let cases = read_cases(files)?;
    let r = evaluate(engine, &cases)?;
    if json {
        crate::outln!(
            "{}",
            serde_json::to_string_pretty(&r).expect("report serialises")
        );
    } else {
        print_report(&r);
    }
    match min_accuracy {
        Some(min) if r.in_scope_right < min => {
            eprintln!(
                "in-scope accuracy {:.1}% is below --min-accuracy {:.1}%",
                100.0 * r.in_scope_right,
                100.0 * min
            );
            Ok(1)
        }
        _ => Ok(0),
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn print_report(r: &Report) {
    crate::outln!(
        "cases: {} ({} in scope, {} out of scope)",
        r.total,
        r.in_scope,
        r.out_of_scope
    );
    crate::outln!("overall accuracy:           {}", pct(r.accuracy));
    crate::outln!("in scope, right scenario:   {}", pct(r.in_scope_right));
    crate::outln!("in scope, wrong answer:     {}", pct(r.in_scope_wrong));
    crate::outln!("in scope, clarified:        {}", pct(r.in_scope_clarified));
    crate::outln!(
        "out of scope, answered:     {}",
        pct(r.out_of_scope_answered)
    );
    crate::outln!("out of scope, acted on:     {}", pct(r.out_of_scope_acted));
    crate::outln!(
        "must-escalate escalated:    {}/{}",
        r.must_escalate_escalated,
        r.must_escalate_total
    );
    crate::outln!("\nall: {}", r.all.summary());
    for (lang, t) in &r.by_language {
        crate::outln!("{lang}:  {}", t.summary());
    }
    crate::outln!(
        "\n{:<20} {:>7} {:>9} {:>7} {:>7}",
        "scenario",
        "support",
        "precision",
        "recall",
        "f1"
    );
    for (id, s) in &r.per_scenario {
        let f1 = if s.precision + s.recall > 0.0 {
            2.0 * s.precision * s.recall / (s.precision + s.recall)
        } else {
            0.0
        };
        crate::outln!(
            "{id:<20} {:>7} {:>9} {:>7} {:>7}",
            s.support,
            pct(s.precision),
            pct(s.recall),
            pct(f1)
        );
    }
    crate::outln!("\nconfusion (expected -> predicted: count)");
    for (expected, row) in &r.confusion {
        let cells: Vec<String> = row.iter().map(|(p, n)| format!("{p}: {n}")).collect();
        crate::outln!("  {expected:<20} {}", cells.join(", "));
    }
    if !r.misses.is_empty() {
        crate::outln!("\nmisses ({}):", r.misses.len());
        for m in &r.misses {
            crate::outln!(
                "  [{} -> {} {:.2}] {}",
                m.expect,
                m.got,
                m.confidence,
                m.text
            );
        }
    }
}
