//! `kyc-triage chat`: a conversation in the terminal that behaves as the bot
//! does on Discord: answers, numbered clarifying choices, "did this help?",
//! and escalation with a case number. Works on piped input, one user message
//! per line, so conversations can be scripted.

use super::read_line_lossy;
use crate::knowledge::Lang;
use crate::render::{clarify_options, escalation_notice, ui, Reply};
use crate::triage::{Decision, DecisionKind, Engine, EscalationReason};
use std::io::{BufRead, Write};

/// A case the conversation hands to the moderators.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatEscalation {
    /// The user's message (raw: the store redacts before writing).
    pub text: String,
    pub language: Lang,
    pub scenario: Option<String>,
    pub confidence: Option<f32>,
    pub reason: EscalationReason,
    /// What was already tried, for the moderator.
    pub context: Option<String>,
}

/// Where the conversation records what happens (the store, or a test double).
pub trait ChatBackend {
    /// Records a case; returns its number, or a sentence for the user.
    fn escalate(&mut self, case: &ChatEscalation) -> Result<i64, String>;
    /// Records a decision in the triage log; returns its log id.
    fn log_decision(&mut self, text: &str, decision: &Decision) -> Option<i64>;
    /// Records whether an answer helped.
    fn feedback(&mut self, log_id: i64, helped: bool);
    /// Records the scenario picked from the clarifying menu of `log_id`.
    fn chose(&mut self, _log_id: i64, _scenario: &str) {}
}

enum State {
    Idle,
    /// Clarifying choices shown for `text`.
    Choosing {
        text: String,
        options: Vec<(String, String)>,
        language: Lang,
        log_id: Option<i64>,
    },
    /// An answer shown; waiting for "did this help?".
    Feedback {
        text: String,
        scenario: String,
        confidence: f32,
        language: Lang,
        log_id: Option<i64>,
    },
}

/// Runs the conversation until end of input or `/quit`.
pub fn run(
    engine: &Engine,
    backend: &mut dyn ChatBackend,
    mut input: impl BufRead,
    out: &mut dyn Write,
    interactive: bool,
) -> std::io::Result<()> {
    if interactive {
        writeln!(
            out,
            "kyc-triage chat: describe your verification problem in English or 中文. /quit or Ctrl-D to leave."
        )?;
    }
    let mut state = State::Idle;
    loop {
        if interactive {
            write!(out, "> ")?;
            out.flush()?;
        }
        let Some(line) = read_line_lossy(&mut input)? else {
            break;
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if matches!(line, "/quit" | "/exit") {
            break;
        }
        state = step(engine, backend, state, line, out)?;
    }
    Ok(())
}

fn step(
    engine: &Engine,
    backend: &mut dyn ChatBackend,
    state: State,
    line: &str,
    out: &mut dyn Write,
) -> std::io::Result<State> {
    match state {
        State::Choosing {
            text,
            options,
            language,
            log_id,
        } => {
            if let Ok(n) = line.parse::<usize>() {
                if n == 0 || n > options.len() {
                    let case = ChatEscalation {
                        text,
                        language,
                        scenario: None,
                        confidence: None,
                        reason: EscalationReason::NoMatch,
                        context: Some("none of the suggested scenarios fit".into()),
                    };
                    escalate(backend, &case, out, false)?;
                    return Ok(State::Idle);
                }
                let (id, _) = &options[n - 1];
                if let Some(log_id) = log_id {
                    backend.chose(log_id, id);
                }
                return show_answer(engine, id, text, 1.0, language, log_id, out);
            }
            handle_message(engine, backend, line, out)
        }
        State::Feedback {
            text,
            scenario,
            confidence,
            language,
            log_id,
        } => match parse_yes_no(line) {
            Some(true) => {
                if let Some(id) = log_id {
                    backend.feedback(id, true);
                }
                writeln!(out, "{}", ui(language).thanks)?;
                Ok(State::Idle)
            }
            Some(false) => {
                if let Some(id) = log_id {
                    backend.feedback(id, false);
                }
                let case = ChatEscalation {
                    text,
                    language,
                    scenario: Some(scenario.clone()),
                    confidence: Some(confidence),
                    reason: EscalationReason::NotHelped,
                    context: Some(format!("the answer for `{scenario}` did not help")),
                };
                escalate(backend, &case, out, false)?;
                Ok(State::Idle)
            }
            None => handle_message(engine, backend, line, out),
        },
        State::Idle => handle_message(engine, backend, line, out),
    }
}

/// Triage a fresh message and show what the bot would.
fn handle_message(
    engine: &Engine,
    backend: &mut dyn ChatBackend,
    text: &str,
    out: &mut dyn Write,
) -> std::io::Result<State> {
    let d = engine.triage(text);
    let log_id = backend.log_decision(text, &d);
    let lang = d.language;
    if crate::redact::redact(text).has_sensitive() {
        // As on Discord: say so, so the habit does not carry to public channels.
        writeln!(out, "{}", ui(lang).sensitive_warning)?;
    }
    match d.kind {
        DecisionKind::Answer => {
            let id = d.scenario.clone().unwrap_or_default();
            show_answer(
                engine,
                &id,
                text.to_string(),
                d.confidence,
                lang,
                log_id,
                out,
            )
        }
        DecisionKind::Clarify => {
            let options = clarify_options(engine.knowledge(), &d, engine.thresholds().clarify);
            writeln!(out, "{}", ui(lang).clarify)?;
            for (n, (_, title)) in options.iter().enumerate() {
                writeln!(out, "  {}. {title}", n + 1)?;
            }
            writeln!(out, "  0. {}", ui(lang).none_of_these)?;
            Ok(State::Choosing {
                text: text.to_string(),
                options,
                language: lang,
                log_id,
            })
        }
        DecisionKind::Escalate => {
            let kb = engine.knowledge();
            let scenario = d.scenario.clone();
            let reply = scenario
                .as_deref()
                .and_then(|id| kb.scenario(id))
                .map(|s| Reply::for_scenario(kb, s, lang).to_text(lang));
            if reply.is_none() && d.reason == Some(EscalationReason::NoMatch) {
                writeln!(out, "{}", ui(lang).no_match)?;
            }
            let case = ChatEscalation {
                text: text.to_string(),
                language: lang,
                scenario,
                confidence: Some(d.confidence),
                reason: d.reason.unwrap_or(EscalationReason::NoMatch),
                context: None,
            };
            // The case number first (it is what the user must keep), then the
            // scenario's own steps, which already say how to report misuse.
            escalate(backend, &case, out, reply.is_none())?;
            if let Some(reply) = reply {
                writeln!(out, "{reply}")?;
            }
            Ok(State::Idle)
        }
        DecisionKind::Ignore => {
            writeln!(out, "{}", ui(lang).ignored)?;
            Ok(State::Idle)
        }
    }
}

fn show_answer(
    engine: &Engine,
    id: &str,
    text: String,
    confidence: f32,
    language: Lang,
    log_id: Option<i64>,
    out: &mut dyn Write,
) -> std::io::Result<State> {
    let kb = engine.knowledge();
    let Some(scenario) = kb.scenario(id) else {
        return Ok(State::Idle);
    };
    writeln!(
        out,
        "{}",
        Reply::for_scenario(kb, scenario, language).to_text(language)
    )?;
    let ui = ui(language);
    writeln!(
        out,
        "{} [y] {} / [n] {}",
        ui.helped_question, ui.solved, ui.still_stuck
    )?;
    Ok(State::Feedback {
        text,
        scenario: id.to_string(),
        confidence,
        language,
        log_id,
    })
}

/// Records `case` and tells the user its number; `advise_misuse` adds the
/// fixed misuse advice when no scenario answer carrying it is shown.
fn escalate(
    backend: &mut dyn ChatBackend,
    case: &ChatEscalation,
    out: &mut dyn Write,
    advise_misuse: bool,
) -> std::io::Result<()> {
    match backend.escalate(case) {
        Ok(id) => {
            let misuse = advise_misuse && case.reason == EscalationReason::KnowledgeBase;
            writeln!(out, "{}", escalation_notice(case.language, id, misuse))
        }
        Err(message) => writeln!(out, "{}\n({message})", ui(case.language).store_down),
    }
}

/// Reads an answer to "did this help?" in either language.
fn parse_yes_no(line: &str) -> Option<bool> {
    let l = line.trim().to_lowercase();
    match l.as_str() {
        "y" | "yes" | "yeah" | "yep" | "solved" | "是" | "有" | "有帮助" | "解决了" | "已解决" => {
            Some(true)
        }
        "n" | "no" | "nope" | "still stuck" | "否" | "没有" | "没用" | "没解决" | "未解决" => {
            Some(false)
        }
        _ => None,
    }
}
