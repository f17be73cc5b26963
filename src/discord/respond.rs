//! What the bot says to a member, as Discord messages: the conversation's
//! [`Turn`] (answer, menu, case number, store down, ...) rendered as
//! embeds and components. What to say is decided in
//! [`crate::conversation`]; only how it looks is decided here.

use super::embeds;
use super::state::Data;
use crate::conversation::{LogId, Member, Said, Turn};
use crate::render::{escalation_notice_in, Reply, Voice};
use crate::store::{Escalated as Recorded, Reporter};
use serenity::all::{
    CreateActionRow, CreateAllowedMentions, CreateEmbed, CreateInteractionResponseMessage,
    CreateMessage, EditInteractionResponse, UserId,
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

    /// As an edit of a deferred interaction's original response: the
    /// "thinking" message of a command, or the message a component sits on.
    /// Like [`Outgoing::interaction`], embeds are left as they are when
    /// there are none, and components always replace the shown ones.
    pub fn edit(self) -> EditInteractionResponse {
        let allowed = self.allowed();
        let mut m = EditInteractionResponse::new()
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

/// The member behind a message or interaction, as recorded on a case.
/// `message_id` is the message the case is about (0 for a slash command,
/// which has none: the store's convention for "no jump link").
pub fn member(
    user_id: u64,
    user_name: &str,
    guild_id: Option<u64>,
    channel_id: u64,
    message_id: u64,
) -> Member {
    Member {
        reporter: Reporter::Discord {
            guild_id,
            channel_id,
            message_id,
            user_id,
        },
        display_name: Some(user_name.to_string()),
    }
}

/// The log id as a custom id carries it: 0 when the decision was not
/// logged (the only place a 0 stands for "none", since custom ids are text).
pub fn log_code(log: Option<LogId>) -> i64 {
    log.map_or(0, |l| l.0)
}

/// A custom id's log id back as a typed one.
pub fn log_of(code: i64) -> Option<LogId> {
    (code > 0).then_some(LogId(code))
}

/// The case the moderators' notice is for, if the turn recorded one.
pub fn recorded(said: &Said) -> Option<Recorded> {
    match said.turn {
        Turn::Escalated { case, created, .. } => Some(Recorded {
            id: case.0,
            created,
        }),
        _ => None,
    }
}

/// What the conversation said, as a Discord message for `user`; `None`
/// for silence.
pub fn render(said: &Said, user: u64) -> Option<Outgoing> {
    let voice = Voice::of(said);
    let ui = voice.ui();
    let out = match &said.turn {
        Turn::Silent => return None,
        Turn::Answer { reply, log } => Outgoing {
            embeds: vec![embeds::answer(reply, voice)],
            components: embeds::feedback_buttons(log_code(*log), user, &reply.scenario, voice),
            ..Outgoing::default()
        },
        Turn::Menu {
            options,
            log,
            again,
        } => {
            let (embed, components) = embeds::clarify(options, log_code(*log), user, voice);
            Outgoing {
                content: again.then(|| ui.pick_again.to_string()),
                embeds: vec![embed],
                components,
                ..Outgoing::default()
            }
        }
        Turn::Escalated {
            case,
            reply,
            misuse_advice,
            no_match,
            ..
        } => {
            // The case number first (what the member must keep), then the
            // scenario's own steps.
            let mut out = Outgoing::text(escalation_notice_in(voice, case.0, *misuse_advice));
            if *no_match {
                out.prepend(ui.no_match);
            }
            out.embeds
                .extend(reply.iter().map(|r| embeds::answer(r, voice)));
            out
        }
        Turn::StoreDown { reply } => {
            let mut out = Outgoing::text(ui.store_down);
            out.embeds
                .extend(reply.iter().map(|r| embeds::answer(r, voice)));
            out
        }
        Turn::Thanks => Outgoing::text(ui.thanks),
        Turn::NotOurs => Outgoing::text(ui.ignored),
    };
    Some(out)
}

/// The answer for `scenario` with its feedback buttons; `None` if the
/// knowledge base (reloaded since) no longer has it.
pub fn answer(
    data: &Data,
    scenario: &str,
    voice: Voice,
    log: Option<LogId>,
    user: u64,
) -> Option<Outgoing> {
    let engine = data.engine();
    let kb = engine.knowledge();
    let s = kb.scenario(scenario)?;
    let reply = Reply::for_scenario(kb, s, voice.lang);
    Some(Outgoing {
        embeds: vec![embeds::answer(&reply, voice)],
        components: embeds::feedback_buttons(log_code(log), user, scenario, voice),
        ..Outgoing::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::conversation::{Conversation, Expecting};
    use crate::knowledge::load_dir;
    use crate::knowledge::Lang;
    use crate::render::ui;
    use crate::store::Store;
    use crate::triage::Engine;
    use std::path::Path;

    #[tokio::test]
    async fn a_store_failure_is_told_as_store_down_never_as_a_case_number() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("kyc.db")).await.unwrap();
        store.close().await;
        let config = Config::from_toml("", Path::new("t"), None).unwrap();
        let (kb, _) = load_dir(&config.knowledge_dir).unwrap();
        let conversation = Conversation::new(Engine::new(kb, config.triage.clone()), store);
        let alice = member(1, "alice", Some(2), 3, 4);
        for (text, lang) in [
            ("有人盗用了我的身份证注册账户，我从来没注册过", Lang::Zh),
            ("i want a human", Lang::En),
        ] {
            let said = conversation
                .message(&alice, &Expecting::Nothing, text, true)
                .await;
            assert!(matches!(said.turn, Turn::StoreDown { .. }), "{text}");
            assert!(recorded(&said).is_none());
            let out = render(&said, 1).unwrap();
            let content = out.content.unwrap();
            assert_eq!(content, ui(lang).store_down, "{text}");
            assert!(!content.contains('#'));
        }
    }
}
