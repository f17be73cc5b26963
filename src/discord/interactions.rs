//! Buttons, select menus and modals. Every handler is stateless: what it
//! needs comes from the custom id (see `custom_id.rs`) and the store.

use super::ack::{self, Deferred};
use super::custom_id::{Action, NONE_OF_THESE};
use super::embeds;
use super::escalate;
use super::privacy;
use super::respond;
use super::rest;
use super::state::Data;
use crate::conversation::reply_script;
use crate::conversation::{FollowUp, Said, Turn};
use crate::knowledge::Lang;
use crate::render::Voice;
use serenity::all::{
    ComponentInteraction, ComponentInteractionDataKind, Context, CreateInteractionResponse,
    CreateInteractionResponseMessage,
};

/// Handles a button press or a select-menu choice. What needs only memory
/// (not yours, not allowed, the resolve form) is answered at once; anything
/// that reaches the store is acknowledged first (see `ack.rs`).
pub async fn component(ctx: &Context, data: &Data, i: &ComponentInteraction) {
    let Some(action) = Action::parse(&i.data.custom_id) else {
        tracing::debug!(custom_id = %i.data.custom_id, "component this bot did not send");
        return;
    };
    tracing::info!(user = %i.user.id, action = ?action, "component");
    if action.is_moderators() {
        return super::notice_actions::component(ctx, data, i, action).await;
    }
    let mine = |user: u64| user == i.user.id.get();
    match &action {
        Action::Solved { lang, user, .. }
        | Action::Stuck { lang, user, .. }
        | Action::Pick { lang, user, .. }
            if !mine(*user) =>
        {
            let voice = Voice::new(*lang, reply_script("", Some(&i.locale)));
            return send(ctx, i, ephemeral(voice.ui().not_yours)).await;
        }
        _ => {}
    }
    if !ack::defer_component(ctx, i).await {
        return;
    }
    let done = Deferred::Component(i);
    match action {
        Action::Solved { lang, log, user } => {
            let said = follow(data, i, log, lang, FollowUp::Helped).await;
            done.edit(ctx, respond::render(&said, user).unwrap_or_default().edit())
                .await;
        }
        Action::Stuck {
            lang,
            log,
            scenario,
            ..
        } => {
            let said = follow(data, i, log, lang, FollowUp::NotHelped { scenario }).await;
            escalated(ctx, data, i, &said, false).await;
        }
        Action::Pick { lang, log, user } => {
            let picked = match &i.data.kind {
                ComponentInteractionDataKind::StringSelect { values } => values.first(),
                _ => None,
            };
            let choice = match picked.map(String::as_str) {
                Some(NONE_OF_THESE) | None => FollowUp::NoneOfThese,
                Some(scenario) => FollowUp::Picked {
                    scenario: scenario.to_string(),
                },
            };
            let said = follow(data, i, log, lang, choice).await;
            match said.turn {
                Turn::Answer { .. } => {
                    let out = respond::render(&said, user).unwrap_or_default();
                    done.edit(ctx, out.edit()).await;
                }
                Turn::Escalated { .. } | Turn::StoreDown { .. } => {
                    escalated(ctx, data, i, &said, true).await
                }
                _ => {
                    done.private(ctx, Voice::of(&said).ui().unknown_scenario)
                        .await
                }
            }
        }
        _ => {}
    }
}

/// Hands a button or menu choice to the conversation. The text of the
/// case is the member's original message when the bot's message replied to
/// one (redacted, like everything that reaches the store); otherwise the
/// conversation reads it back from the triage log.
async fn follow(
    data: &Data,
    i: &ComponentInteraction,
    log: i64,
    lang: Lang,
    follow: FollowUp,
) -> Said {
    let text = i
        .message
        .referenced_message
        .as_ref()
        .map(|m| privacy::scan(&m.content).redacted);
    let member = respond::member(
        i.user.id.get(),
        &i.user.name,
        i.guild_id.map(|g| g.get()),
        i.channel_id.get(),
        i.message.id.get(),
    );
    let said = data
        .conversation()
        .follow_up(&member, respond::log_of(log), lang, text, follow)
        .await
        .for_locale(&i.locale);
    // A typed reply after this is read against what the bot now asks.
    data.contexts().set_expecting(
        i.user.id.get(),
        i.channel_id.get(),
        said.next.clone(),
        std::time::Instant::now(),
    );
    said
}

/// After an escalation: the acknowledgement replaces the buttons (and,
/// with `clear`, the embeds: the clarifying question), then the
/// moderators' notice is posted. Nothing recorded: say so privately and
/// leave the buttons in place, so the member can press again once the
/// store is back.
async fn escalated(ctx: &Context, data: &Data, i: &ComponentInteraction, said: &Said, clear: bool) {
    let done = Deferred::Component(i);
    let Some(rec) = respond::recorded(said) else {
        return done.private(ctx, Voice::of(said).ui().store_down).await;
    };
    let mut edit = respond::render(said, i.user.id.get())
        .unwrap_or_default()
        .edit();
    if clear {
        edit = edit.embeds(Vec::new());
    }
    done.edit(ctx, edit).await;
    escalate::notify(&ctx.http, data, rec).await;
}

pub(super) fn ephemeral(text: &str) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(embeds::cut(text, embeds::CONTENT_MAX))
            .ephemeral(true),
    )
}

pub(super) async fn send(
    ctx: &Context,
    i: &ComponentInteraction,
    response: CreateInteractionResponse,
) {
    if let Err(e) = rest::call("create_interaction_response", || {
        i.create_response(&ctx.http, response.clone())
    })
    .await
    {
        tracing::warn!(error = %e, "cannot answer a component");
    }
}
