//! What the bot says to a member, whatever the transport: a message in a
//! channel or a reply to an interaction. Builds the answer, the clarifying
//! question or the escalation acknowledgement from a triage decision, in the
//! order the issue demands: an escalation is written to the store before the
//! user is told anything about it.

use super::cases::NewCase;
use super::embeds;
use super::escalate;
use super::state::Data;
use crate::knowledge::Lang;
use crate::render::{clarify_options, ui, Reply};
use crate::store::Escalated as Recorded;
use crate::triage::{DecisionKind, EscalationReason};
use serenity::all::{
    CreateActionRow, CreateAllowedMentions, CreateEmbed, CreateInteractionResponseMessage,
    CreateMessage, UserId,
};

/// One message to send.
#[derive(Default)]
pub struct Outgoing {
    pub content: Option<String>,
    pub embeds: Vec<CreateEmbed>,
    pub components: Vec<CreateActionRow>,
    /// The one user this message may ping; nobody else ever is.
    pub mention: Option<u64>,
}

impl Outgoing {
    pub fn text(text: impl Into<String>) -> Outgoing {
        Outgoing {
            content: Some(embeds::cut(&text.into(), embeds::CONTENT_MAX)),
            ..Outgoing::default()
        }
    }

    /// Puts `line` above whatever the message already says.
    pub fn prepend(&mut self, line: &str) {
        let content = match self.content.take() {
            Some(c) => format!("{line}\n\n{c}"),
            None => line.to_string(),
        };
        self.content = Some(embeds::cut(&content, embeds::CONTENT_MAX));
    }

    fn allowed(&self) -> CreateAllowedMentions {
        let users: Vec<UserId> = self.mention.map(UserId::new).into_iter().collect();
        CreateAllowedMentions::new()
            .users(users)
            .replied_user(false)
    }

    pub fn message(self) -> CreateMessage {
        let allowed = self.allowed();
        let mut m = CreateMessage::new()
            .embeds(self.embeds)
            .components(self.components)
            .allowed_mentions(allowed);
        if let Some(c) = self.content {
            m = m.content(c);
        }
        m
    }

    /// As an interaction response. Embeds are left out when there are none,
    /// so that updating a message keeps the answer it shows.
    pub fn interaction(self) -> CreateInteractionResponseMessage {
        let allowed = self.allowed();
        let mut m = CreateInteractionResponseMessage::new()
            .components(self.components)
            .allowed_mentions(allowed);
        if !self.embeds.is_empty() {
            m = m.embeds(self.embeds);
        }
        if let Some(c) = self.content {
            m = m.content(c);
        }
        m
    }
}

/// Who asked, and where (recorded on escalations).
#[derive(Debug, Clone)]
pub struct Asker {
    pub user_id: u64,
    pub user_name: String,
    pub guild_id: Option<u64>,
    pub channel_id: u64,
    /// The message asked in; 0 for a slash command.
    pub message_id: u64,
}

/// The result of handling one question: what to send, and a case whose
/// moderator notice should be posted once the user has been answered.
pub struct Handled {
    pub out: Option<Outgoing>,
    pub case: Option<Recorded>,
}

/// Triages `redacted` and says what the bot answers. `addressed` is false
/// in a support channel when nobody spoke to the bot: off-topic chatter then
/// gets no reply at all.
pub async fn triage(data: &Data, asker: &Asker, redacted: &str, addressed: bool) -> Handled {
    let engine = data.engine();
    let d = engine.triage(redacted);
    let lang = d.language;
    tracing::info!(
        user = asker.user_id,
        channel = asker.channel_id,
        decision = ?d.kind,
        scenario = d.scenario.as_deref().unwrap_or("-"),
        confidence = d.confidence,
        "triaged"
    );
    tracing::debug!(text = redacted, "triaged text (redacted)");
    if d.kind == DecisionKind::Ignore {
        // Chatter nobody addressed to the bot is not the bot's business, so
        // it is not kept; a question put to the bot is, like in `chat`.
        if !addressed {
            return Handled {
                out: None,
                case: None,
            };
        }
        data.cases().log(redacted, &d).await;
        let out = Some(Outgoing::text(ui(lang).ignored));
        return Handled { out, case: None };
    }
    let log = data.cases().log(redacted, &d).await;
    match d.kind {
        DecisionKind::Answer => {
            let scenario = d.scenario.clone().unwrap_or_default();
            Handled {
                out: answer(data, &scenario, lang, log, asker.user_id),
                case: None,
            }
        }
        DecisionKind::Clarify => {
            let options = clarify_options(engine.knowledge(), &d, engine.thresholds().clarify);
            let (embed, components) = embeds::clarify(&options, log, asker.user_id, lang);
            Handled {
                out: Some(Outgoing {
                    embeds: vec![embed],
                    components,
                    ..Outgoing::default()
                }),
                case: None,
            }
        }
        DecisionKind::Escalate | DecisionKind::Ignore => {
            let reason = d.reason.unwrap_or(EscalationReason::NoMatch);
            let case = NewCase {
                user_id: asker.user_id,
                user_name: asker.user_name.clone(),
                guild_id: asker.guild_id,
                channel_id: asker.channel_id,
                message_id: asker.message_id,
                text: redacted.to_string(),
                language: lang,
                scenario: d.scenario.clone(),
                confidence: Some(d.confidence),
                reason,
                context: None,
            };
            // The case number first (what the user must keep), then the
            // scenario's own steps, which for suspected misuse already say to
            // report it and secure the account.
            let kb = engine.knowledge();
            let reply = d
                .scenario
                .as_deref()
                .and_then(|id| kb.scenario(id))
                .map(|s| Reply::for_scenario(kb, s, lang));
            let (ack, recorded) = escalate::record(data, case, reply.is_none()).await;
            let mut out = Outgoing::text(ack);
            if let Some(reply) = reply {
                out.embeds.push(embeds::answer(&reply, lang));
            } else if reason == EscalationReason::NoMatch && recorded.is_some() {
                out.prepend(ui(lang).no_match);
            }
            Handled {
                out: Some(out),
                case: recorded,
            }
        }
    }
}

/// The answer for `scenario` with its feedback buttons; `None` if the
/// knowledge base (reloaded since) no longer has it.
pub fn answer(data: &Data, scenario: &str, lang: Lang, log: i64, user: u64) -> Option<Outgoing> {
    let engine = data.engine();
    let kb = engine.knowledge();
    let s = kb.scenario(scenario)?;
    let reply = Reply::for_scenario(kb, s, lang);
    Some(Outgoing {
        embeds: vec![embeds::answer(&reply, lang)],
        components: embeds::feedback_buttons(log, user, scenario, lang),
        ..Outgoing::default()
    })
}
