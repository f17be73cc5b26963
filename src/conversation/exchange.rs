//! The exchange itself: what a message or a button means given what the
//! bot last asked, and the store calls that follow (log, feedback, choice,
//! case). The rules are listed in the parent module's documentation.

use super::phrases::{self, feedback, menu_reply, Feedback, MenuReply};
use super::{
    read, CaseBody, CaseId, Expecting, FollowUp, LogId, Member, Reading, Said, Script, Triaged,
    Turn,
};
use crate::knowledge::Lang;
use crate::render::{clarify_options, Reply};
use crate::store::{Escalated, Store, TriageRecord};
use crate::triage::{Decision, DecisionKind, Engine, EscalationReason};

/// The engine and the store, for one step. Cheap to build (both are
/// shared handles), so the Discord adapter builds one per event and a
/// `/kb reload` takes effect on the next.
#[derive(Clone)]
pub struct Conversation {
    engine: Engine,
    store: Store,
}

impl Conversation {
    pub fn new(engine: Engine, store: Store) -> Conversation {
        Conversation { engine, store }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// A message from `member`, read against what the bot last asked.
    /// `addressed` is false for an unprompted post in a support channel:
    /// chatter there gets [`Turn::Silent`] and is not logged, even right
    /// after an answer (feedback and complaints are still read).
    pub async fn message(
        &self,
        member: &Member,
        expecting: &Expecting,
        text: &str,
        addressed: bool,
    ) -> Said {
        let started = std::time::Instant::now();
        let reading = read(&self.engine, text);
        let triaged = Triaged::of(&reading, started.elapsed());
        let sensitive = reading.sensitive;
        let mut said = match expecting {
            Expecting::Nothing => self.fresh(member, &reading, addressed).await,
            Expecting::Feedback {
                log,
                scenario,
                text: asked,
                language,
                confidence,
            } => {
                let shown = Shown {
                    log: *log,
                    scenario,
                    text: asked,
                    language: *language,
                    confidence: Some(*confidence),
                };
                self.after_answer(member, &shown, &reading, addressed).await
            }
            Expecting::Choice {
                log,
                options,
                text: asked,
                language,
            } => {
                self.after_menu(member, *log, options, asked, *language, &reading)
                    .await
            }
        };
        said.sensitive = sensitive;
        said.triaged = Some(triaged);
        let earlier = match expecting {
            Expecting::Nothing => None,
            Expecting::Feedback { text, .. } | Expecting::Choice { text, .. } => {
                Some(text.as_str())
            }
        };
        said.script = super::script::of_member(&reading.redacted, earlier);
        said
    }

    /// A button or menu choice. `text` is what the member first wrote
    /// (redacted), when the transport still has it; otherwise it is read
    /// back from the triage log, so the moderator sees it either way.
    pub async fn follow_up(
        &self,
        member: &Member,
        log: Option<LogId>,
        language: Lang,
        text: Option<String>,
        follow: FollowUp,
    ) -> Said {
        let text = match text.filter(|t| !t.trim().is_empty()) {
            Some(t) => t,
            None => self.logged_text(log).await,
        };
        let script = super::script::of_member(&text, None);
        let mut said = match follow {
            FollowUp::Helped => self.helped(log, language).await,
            FollowUp::NotHelped { scenario } => {
                let shown = Shown {
                    log,
                    scenario: &scenario,
                    text: &text,
                    language,
                    // A button carries no score.
                    confidence: None,
                };
                self.not_helped(member, &shown, None).await
            }
            FollowUp::Picked { scenario } => self.picked(log, &scenario, &text, language).await,
            FollowUp::NoneOfThese => self.none_of_these(member, &text, language).await,
        };
        said.script = script;
        said
    }

    /// A new question.
    async fn fresh(&self, member: &Member, reading: &Reading, addressed: bool) -> Said {
        let d = &reading.decision;
        let lang = d.language;
        // A bare "no" or "still failing" with nothing pending is no report
        // of identity theft, whatever its words score: suspected misuse
        // only when the member says so.
        let misuse = d.reason == Some(EscalationReason::KnowledgeBase);
        if misuse && feedback(&reading.redacted).is_some() {
            return if addressed {
                said(Turn::NotOurs, lang, Expecting::Nothing)
            } else {
                said(Turn::Silent, lang, Expecting::Nothing)
            };
        }
        if d.kind == DecisionKind::Ignore && !addressed {
            // Chatter nobody addressed to the bot is not the bot's
            // business, so it is not kept either.
            return said(Turn::Silent, lang, Expecting::Nothing);
        }
        let log = self.log(member, &reading.redacted, d).await;
        match d.kind {
            DecisionKind::Ignore => said(Turn::NotOurs, lang, Expecting::Nothing),
            DecisionKind::Answer => {
                let Some(id) = d.scenario.as_deref() else {
                    return said(Turn::NotOurs, lang, Expecting::Nothing);
                };
                self.answer(log, id, &reading.redacted, lang, d.confidence)
            }
            DecisionKind::Clarify => {
                let options =
                    clarify_options(self.engine.knowledge(), d, self.engine.thresholds().clarify);
                let next = Expecting::Choice {
                    log,
                    options: options.clone(),
                    text: reading.redacted.clone(),
                    language: lang,
                };
                let turn = Turn::Menu {
                    options,
                    log,
                    again: false,
                };
                said(turn, lang, next)
            }
            DecisionKind::Escalate => {
                let reason = d.reason.unwrap_or(EscalationReason::NoMatch);
                let body = CaseBody {
                    text: reading.redacted.clone(),
                    language: lang,
                    scenario: d.scenario.clone(),
                    confidence: Some(d.confidence),
                    reason,
                    context: None,
                };
                self.escalate(member, body).await
            }
        }
    }

    /// A message after an answer was shown.
    async fn after_answer(
        &self,
        member: &Member,
        shown: &Shown<'_>,
        reading: &Reading,
        addressed: bool,
    ) -> Said {
        let d = &reading.decision;
        if d.reason == Some(EscalationReason::AskedForHuman) {
            self.record_feedback(shown.log, false).await;
            let body = CaseBody {
                text: joined(shown.text, &reading.redacted),
                language: shown.language,
                scenario: None,
                confidence: None,
                reason: EscalationReason::AskedForHuman,
                context: Some(format!(
                    "asked for a person after the answer for `{}`",
                    shown.scenario
                )),
            };
            return self.escalate(member, body).await;
        }
        match feedback(&reading.redacted) {
            Some(Feedback::Helped) => return self.helped(shown.log, shown.language).await,
            Some(Feedback::NotHelped) => {
                return self
                    .not_helped(member, shown, Some(&reading.redacted))
                    .await
            }
            None => {}
        }
        // More than feedback. Suspected misuse is escalated as such only
        // because this reply says so; the same problem again, or a reply
        // that opens with "no" and matches nothing new, did not help.
        let same = d.scenario.as_deref() == Some(shown.scenario);
        let misuse = d.reason == Some(EscalationReason::KnowledgeBase);
        let new_answer = d.kind == DecisionKind::Answer && !same;
        let lean = phrases::leaning(&reading.redacted);
        if !misuse && !new_answer && (same || lean == Some(Feedback::NotHelped)) {
            return self
                .not_helped(member, shown, Some(&reading.redacted))
                .await;
        }
        if lean == Some(Feedback::Helped) && d.kind == DecisionKind::Ignore {
            return self.helped(shown.log, shown.language).await;
        }
        // A new message: a complaint is answered as one; chatter that
        // nobody addressed to the bot stays unanswered, as ever.
        self.fresh(member, reading, addressed).await
    }

    /// A message after a menu was shown.
    async fn after_menu(
        &self,
        member: &Member,
        log: Option<LogId>,
        options: &[(String, String)],
        asked: &str,
        language: Lang,
        reading: &Reading,
    ) -> Said {
        let d = &reading.decision;
        if d.reason == Some(EscalationReason::AskedForHuman) {
            let body = CaseBody {
                text: joined(asked, &reading.redacted),
                language,
                scenario: None,
                confidence: None,
                reason: EscalationReason::AskedForHuman,
                context: Some("asked for a person instead of picking from the menu".into()),
            };
            return self.escalate(member, body).await;
        }
        match menu_reply(&reading.redacted, options.len()) {
            MenuReply::Option(n) => {
                let (id, _) = &options[n - 1];
                return self.picked(log, id, asked, language).await;
            }
            MenuReply::NoneOfThese => return self.none_of_these(member, asked, language).await,
            MenuReply::OutOfRange => return ask_again(log, options, asked, language),
            MenuReply::Words => {}
        }
        // Words: the option they describe best, if the menu has it.
        let offered = |id: &str| options.iter().any(|(o, _)| o == id);
        let by_title = options.iter().find(|(_, title)| {
            let t = crate::text::normalize(title);
            let r = crate::text::normalize(&reading.redacted);
            let r = r.trim();
            // Short words ("id") are in many titles: they pick none.
            r.chars().count() >= 4 && (t.contains(r) || r.contains(t.trim()))
        });
        if let Some((id, _)) = by_title {
            return self.picked(log, id, asked, language).await;
        }
        let best = d.candidates.first().map(|c| c.scenario.as_str());
        let picks = matches!(d.kind, DecisionKind::Answer | DecisionKind::Clarify)
            && d.confidence >= self.engine.thresholds().clarify;
        if let Some(id) = best.filter(|id| picks && offered(id)) {
            return self.picked(log, id, asked, language).await;
        }
        // A confident new complaint (another scenario, or suspected misuse)
        // is one; anything else asks again.
        let new_complaint = match d.kind {
            DecisionKind::Answer => true,
            DecisionKind::Escalate => d.reason == Some(EscalationReason::KnowledgeBase),
            _ => false,
        };
        if new_complaint {
            return self.fresh(member, reading, true).await;
        }
        ask_again(log, options, asked, language)
    }

    async fn helped(&self, log: Option<LogId>, language: Lang) -> Said {
        self.record_feedback(log, true).await;
        said(Turn::Thanks, language, Expecting::Nothing)
    }

    /// The answer for `shown.scenario` did not help: a case with that
    /// scenario, reason not-helped, and what was tried.
    async fn not_helped(&self, member: &Member, shown: &Shown<'_>, reply: Option<&str>) -> Said {
        self.record_feedback(shown.log, false).await;
        let text = match reply {
            Some(r) => joined(shown.text, r),
            None => shown.text.to_string(),
        };
        let body = CaseBody {
            text,
            language: shown.language,
            scenario: Some(shown.scenario.to_string()),
            confidence: shown.confidence,
            reason: EscalationReason::NotHelped,
            context: Some(format!("the answer for `{}` did not help", shown.scenario)),
        };
        // Reason not-helped: no steps shown again (the member just said
        // they failed) and no misuse advice.
        self.escalate(member, body).await
    }

    async fn picked(&self, log: Option<LogId>, scenario: &str, text: &str, language: Lang) -> Said {
        if let Some(LogId(id)) = log {
            if let Err(e) = self.store.record_choice(id, scenario).await {
                tracing::warn!(log = id, error = %e, "choice not recorded");
            }
        }
        self.answer(log, scenario, text, language, 1.0)
    }

    async fn none_of_these(&self, member: &Member, text: &str, language: Lang) -> Said {
        let body = CaseBody {
            text: text.to_string(),
            language,
            scenario: None,
            confidence: None,
            reason: EscalationReason::NoMatch,
            context: Some("none of the suggested scenarios fit".into()),
        };
        self.escalate(member, body).await
    }

    fn answer(
        &self,
        log: Option<LogId>,
        scenario: &str,
        text: &str,
        language: Lang,
        confidence: f32,
    ) -> Said {
        let kb = self.engine.knowledge();
        // A knowledge base reloaded since the menu was shown may lack it.
        let Some(s) = kb.scenario(scenario) else {
            return said(Turn::NotOurs, language, Expecting::Nothing);
        };
        let next = Expecting::Feedback {
            log,
            scenario: scenario.to_string(),
            text: text.to_string(),
            language,
            confidence,
        };
        let turn = Turn::Answer {
            reply: Reply::for_scenario(kb, s, language),
            log,
        };
        said(turn, language, next)
    }

    /// Writes the case, then says its number; for suspected misuse (a
    /// knowledge-base escalation) beside the scenario's steps, which say to
    /// report it and secure the account, or with the fixed misuse advice
    /// when the scenario is gone. Other reasons show no steps.
    async fn escalate(&self, member: &Member, body: CaseBody) -> Said {
        let kb = self.engine.knowledge();
        let reply = body
            .scenario
            .as_deref()
            .filter(|_| body.reason == EscalationReason::KnowledgeBase)
            .and_then(|id| kb.scenario(id))
            .map(|s| Reply::for_scenario(kb, s, body.language));
        let misuse = reply.is_none() && body.reason == EscalationReason::KnowledgeBase;
        let no_match = body.reason == EscalationReason::NoMatch && body.context.is_none();
        let lang = body.language;
        match self.store.escalate(member.draft(body)).await {
            Ok(Escalated { id, created }) => {
                tracing::info!(case = id, created, "escalated");
                let turn = Turn::Escalated {
                    case: CaseId(id),
                    created,
                    reply,
                    misuse_advice: misuse,
                    no_match,
                };
                said(turn, lang, Expecting::Nothing)
            }
            Err(e) => {
                tracing::error!(error = %e, "could not record an escalation");
                said(Turn::StoreDown { reply }, lang, Expecting::Nothing)
            }
        }
    }

    async fn log(&self, member: &Member, redacted: &str, d: &Decision) -> Option<LogId> {
        let record = TriageRecord::of(d, redacted, member.on_discord());
        match self.store.log_triage(record).await {
            Ok(id) => Some(LogId(id)),
            Err(e) => {
                // The answer is still worth giving; only feedback on it is lost.
                tracing::warn!(error = %e, "decision not logged");
                None
            }
        }
    }

    async fn record_feedback(&self, log: Option<LogId>, helped: bool) {
        if let Some(LogId(id)) = log {
            if let Err(e) = self.store.record_feedback(id, helped).await {
                tracing::warn!(log = id, error = %e, "feedback not recorded");
            }
        }
    }

    async fn logged_text(&self, log: Option<LogId>) -> String {
        let Some(LogId(id)) = log else {
            return String::new();
        };
        match self.store.logged_text(id).await {
            Ok(text) => text.unwrap_or_default(),
            Err(e) => {
                tracing::warn!(log = id, error = %e, "cannot read the triaged message back");
                String::new()
            }
        }
    }
}

/// The answer that was shown, from [`Expecting::Feedback`] or a button.
struct Shown<'a> {
    log: Option<LogId>,
    scenario: &'a str,
    text: &'a str,
    language: Lang,
    confidence: Option<f32>,
}

fn said(turn: Turn, language: Lang, next: Expecting) -> Said {
    Said {
        turn,
        language,
        script: Script::default(),
        sensitive: false,
        next,
        triaged: None,
    }
}

/// The menu again, unchanged; nothing is logged or opened.
fn ask_again(log: Option<LogId>, options: &[(String, String)], text: &str, language: Lang) -> Said {
    let next = Expecting::Choice {
        log,
        options: options.to_vec(),
        text: text.to_string(),
        language,
    };
    let turn = Turn::Menu {
        options: options.to_vec(),
        log,
        again: true,
    };
    said(turn, language, next)
}

/// The first message and the reply to it, for the moderator.
fn joined(first: &str, reply: &str) -> String {
    match (first.trim().is_empty(), reply.trim().is_empty()) {
        (true, _) => reply.to_string(),
        (_, true) => first.to_string(),
        _ => format!("{first}\n{reply}"),
    }
}
