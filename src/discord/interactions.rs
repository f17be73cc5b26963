//! Buttons, select menus and modals. Every handler is stateless: what it
//! needs comes from the custom id (see `custom_id.rs`) and the store.

use super::custom_id::{Action, NONE_OF_THESE};
use super::embeds::{self, Notice};
use super::escalate;
use super::moderators::is_moderator;
use super::privacy;
use super::respond::{self, Outgoing};
use super::state::Data;
use crate::conversation::{FollowUp, Said, Turn};
use crate::knowledge::Lang;
use crate::render::ui;
use serenity::all::{
    ActionRowComponent, ComponentInteraction, ComponentInteractionDataKind, Context,
    CreateActionRow, CreateInputText, CreateInteractionResponse, CreateInteractionResponseMessage,
    CreateModal, InputTextStyle, ModalInteraction,
};

/// Handles a button press or a select-menu choice.
pub async fn component(ctx: &Context, data: &Data, i: &ComponentInteraction) {
    let Some(action) = Action::parse(&i.data.custom_id) else {
        tracing::debug!(custom_id = %i.data.custom_id, "component this bot did not send");
        return;
    };
    tracing::info!(user = %i.user.id, action = ?action, "component");
    let locale = Lang::from_locale(&i.locale);
    let response = match action {
        Action::Solved { lang, log, user } if user == i.user.id.get() => {
            let said = follow(data, i, log, lang, FollowUp::Helped).await;
            update(respond::render(&said, user).unwrap_or_default())
        }
        Action::Stuck {
            lang,
            log,
            user,
            scenario,
        } if user == i.user.id.get() => {
            let said = follow(data, i, log, lang, FollowUp::NotHelped { scenario }).await;
            return escalated(ctx, data, i, &said, update).await;
        }
        Action::Pick { lang, log, user } if user == i.user.id.get() => {
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
                Turn::Answer { .. } => update(respond::render(&said, user).unwrap_or_default()),
                Turn::Escalated { .. } | Turn::StoreDown { .. } => {
                    return escalated(ctx, data, i, &said, replace).await
                }
                _ => ephemeral(ui(lang).unknown_scenario),
            }
        }
        Action::Solved { lang, .. } | Action::Stuck { lang, .. } | Action::Pick { lang, .. } => {
            ephemeral(ui(lang).not_yours)
        }
        Action::Claim { case } => {
            if !is_moderator(data, i.member.as_ref()) {
                ephemeral(ui(locale).not_allowed)
            } else {
                match data.cases().claim(case, &i.user.name).await {
                    Ok(notice) => {
                        tracing::info!(case, by = %i.user.id, "claimed");
                        notice_update(&notice)
                    }
                    Err(e) => ephemeral(&e.to_string()),
                }
            }
        }
        Action::Resolve { case } => {
            if !is_moderator(data, i.member.as_ref()) {
                ephemeral(ui(locale).not_allowed)
            } else {
                resolve_modal(case)
            }
        }
        Action::ResolveNote { .. } => return,
    };
    send(ctx, i, response).await;
}

/// Handles the note modal of "Resolve".
pub async fn modal(ctx: &Context, data: &Data, i: &ModalInteraction) {
    let Some(Action::ResolveNote { case }) = Action::parse(&i.data.custom_id) else {
        tracing::debug!(custom_id = %i.data.custom_id, "modal this bot did not send");
        return;
    };
    let lang = Lang::from_locale(&i.locale);
    let response = if !is_moderator(data, i.member.as_ref()) {
        ephemeral(ui(lang).not_allowed)
    } else {
        let note = i
            .data
            .components
            .iter()
            .flat_map(|row| row.components.iter())
            .find_map(|c| match c {
                ActionRowComponent::InputText(t) if t.custom_id == "note" => t.value.clone(),
                _ => None,
            })
            .unwrap_or_default();
        match data.cases().resolve(case, &i.user.name, note.trim()).await {
            Ok(notice) => {
                tracing::info!(case, by = %i.user.id, "resolved");
                if i.message.is_some() {
                    notice_update(&notice)
                } else {
                    escalate::refresh(&ctx.http, data, &notice).await;
                    ephemeral(&format!("Case #{case} resolved."))
                }
            }
            Err(e) => ephemeral(&e.to_string()),
        }
    };
    if let Err(e) = i.create_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "cannot answer a modal");
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
        .await;
    // A typed reply after this is read against what the bot now asks.
    data.contexts().set_expecting(
        i.user.id.get(),
        i.channel_id.get(),
        said.next.clone(),
        std::time::Instant::now(),
    );
    said
}

/// After an escalation: the acknowledgement replaces the buttons, then the
/// moderators' notice is posted. Nothing recorded: say so privately and
/// leave the buttons in place, so the member can press again once the
/// store is back.
async fn escalated(
    ctx: &Context,
    data: &Data,
    i: &ComponentInteraction,
    said: &Said,
    how: fn(Outgoing) -> CreateInteractionResponse,
) {
    let out = respond::render(said, i.user.id.get()).unwrap_or_default();
    let response = match respond::recorded(said) {
        Some(_) => how(out),
        None => ephemeral(ui(said.language).store_down),
    };
    send(ctx, i, response).await;
    if let Some(rec) = respond::recorded(said) {
        escalate::notify(&ctx.http, data, rec).await;
    }
}

/// Updates the message the component sits on with `out`: its components
/// replace the pressed ones (none, so nobody presses them twice), and its
/// embeds, if any, replace the shown ones.
fn update(out: Outgoing) -> CreateInteractionResponse {
    CreateInteractionResponse::UpdateMessage(out.interaction())
}

/// Like `update`, but also clears the embeds (the clarifying question).
fn replace(out: Outgoing) -> CreateInteractionResponse {
    CreateInteractionResponse::UpdateMessage(out.interaction().embeds(Vec::new()))
}

fn ephemeral(text: &str) -> CreateInteractionResponse {
    CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content(embeds::cut(text, embeds::CONTENT_MAX))
            .ephemeral(true),
    )
}

fn notice_update(notice: &Notice) -> CreateInteractionResponse {
    CreateInteractionResponse::UpdateMessage(
        CreateInteractionResponseMessage::new()
            .embed(embeds::notice(notice))
            .components(embeds::notice_buttons(notice)),
    )
}

fn resolve_modal(case: i64) -> CreateInteractionResponse {
    let Some(id) = (Action::ResolveNote { case }).encode() else {
        return ephemeral("Cannot open the note form.");
    };
    let input = CreateInputText::new(InputTextStyle::Paragraph, "Note", "note")
        .placeholder("What was done for this user")
        .required(true)
        .max_length(1000);
    CreateInteractionResponse::Modal(
        CreateModal::new(id, format!("Resolve case #{case}"))
            .components(vec![CreateActionRow::InputText(input)]),
    )
}

async fn send(ctx: &Context, i: &ComponentInteraction, response: CreateInteractionResponse) {
    if let Err(e) = i.create_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "cannot answer a component");
    }
}
