//! `kyc-triage ask`: triage one message, or one per line with `--batch`.

use super::{decision_json, read_line_lossy, CliError};
use crate::conversation::read;
use crate::render::{clarify_options, ui, Reply};
use crate::triage::{Decision, DecisionKind, Engine, Explanation};
use std::io::{BufRead, IsTerminal, Read, Write};

/// Triages `text` (or all of standard input when absent) and prints the
/// decision as JSON or as the reply the bot would give.
pub fn ask(
    engine: &Engine,
    text: Option<String>,
    json: bool,
    explain: bool,
) -> Result<(), CliError> {
    let text = match text {
        Some(t) => t,
        None if std::io::stdin().is_terminal() => {
            return Err(CliError::usage(
                "give the message as an argument (kyc-triage ask \"my photo is blurry\") or pipe it in; \
                 for a conversation use kyc-triage chat",
            ))
        }
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| CliError::fault(format!("cannot read standard input: {e}")))?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    // As members get it: redacted first, then triaged.
    let decision = read(engine, &text).decision;
    let redacted = crate::redact::redact_str(&text);
    if json {
        let mut out = decision_json(&decision);
        if explain {
            out["explain"] = serde_json::to_value(engine.explain(&redacted)).expect("serialises");
        }
        crate::outln!("{out}");
        return Ok(());
    }
    crate::outln!("{}", human(engine, &decision));
    if explain {
        print_explanation(&engine.explain(&redacted));
    }
    Ok(())
}

/// One JSON object per input line, in order; blank lines still get one so
/// that output line N always answers input line N.
pub fn batch(engine: &Engine, input: impl BufRead, mut output: impl Write) -> Result<(), CliError> {
    let mut input = input;
    let io = |e: std::io::Error| CliError::fault(format!("batch I/O failed: {e}"));
    while let Some(line) = read_line_lossy(&mut input).map_err(io)? {
        let decision = read(engine, &line).decision;
        writeln!(output, "{}", decision_json(&decision)).map_err(io)?;
    }
    output.flush().map_err(io)
}

/// The explanation as a table, for editors at a terminal.
fn print_explanation(e: &Explanation) {
    crate::outln!("\nclasses (probability):");
    for c in &e.classes {
        crate::outln!("  {:<20} {:.3}", c.class, c.probability);
    }
    crate::outln!(
        "\nfeatures pushing towards {}:",
        e.classes.first().map_or("-", |c| c.class.as_str())
    );
    for f in &e.features {
        crate::outln!(
            "  {:<6} {:<20} {:+.3}",
            f.kind,
            format!("{:?}", f.feature),
            f.weight
        );
    }
    if !e.clauses.is_empty() {
        crate::outln!("\nclauses found:");
        for c in &e.clauses {
            crate::outln!("  {:<14} {}", c.kind, c.clause);
        }
    }
    crate::outln!("\nnearest phrase per scenario (similarity, phrase):");
    for p in &e.phrases {
        crate::outln!("  {:<20} {:.3}  {}", p.owner, p.similarity, p.phrase);
    }
}

/// The decision as a person reads it.
fn human(engine: &Engine, d: &Decision) -> String {
    let kb = engine.knowledge();
    let lang = d.language;
    let head = format!(
        "decision: {:?}  scenario: {}  confidence: {:.2}  language: {}",
        d.kind,
        d.scenario.as_deref().unwrap_or("-"),
        d.confidence,
        lang.code()
    );
    let body = match d.kind {
        DecisionKind::Answer => d
            .scenario
            .as_deref()
            .and_then(|id| kb.scenario(id))
            .map(|s| Reply::for_scenario(kb, s, lang).to_text(lang))
            .unwrap_or_default(),
        DecisionKind::Clarify => {
            let mut text = ui(lang).clarify.to_string();
            for (n, (_, title)) in clarify_options(kb, d, engine.thresholds().clarify)
                .iter()
                .enumerate()
            {
                text.push_str(&format!("\n  {}. {title}", n + 1));
            }
            text
        }
        DecisionKind::Escalate => format!("escalate ({})", d.reason.map_or("-", |r| r.code())),
        DecisionKind::Ignore => ui(lang).ignored.to_string(),
    };
    format!("{head}\n{body}")
}
