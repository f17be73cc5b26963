//! `kyc-triage ask`: triage one message, or one per line with `--batch`.

use super::{decision_json, read_line_lossy, CliError};
use crate::conversation::read;
use crate::render::{clarify_options, ui, Reply};
use crate::triage::{Decision, DecisionKind, Engine};
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
    let out = if json {
        decision_json(&decision).to_string()
    } else {
        human(engine, &decision)
    };
    crate::outln!("{out}");
    if explain {
        crate::outln!("\nbest phrase per scenario (score, phrase):");
        for (label, score, phrase) in engine
            .explain(&crate::redact::redact_str(&text))
            .iter()
            .take(8)
        {
            crate::outln!("  {label:<20} {score:.3}  {phrase}");
        }
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
