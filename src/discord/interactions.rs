//! Buttons, select menus and modals. Every handler is stateless: what it
//! needs comes from the custom id (see `custom_id.rs`) and the store.

use super::cases::NewCase;
use super::custom_id::{Action, NONE_OF_THESE};
use super::embeds::{self, Notice};
use super::escalate;
use super::moderators::is_moderator;
use super::privacy;
use super::respond::{self, Outgoing};
use super::state::Data;
use crate::knowledge::Lang;
use crate::render::ui;
use crate::triage::EscalationReason;
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
        Action::Solved { lang, log, user } => {
            if user != i.user.id.get() {
                ephemeral(ui(lang).not_yours)
            } else {
                data.cases().feedback(log, true).await;
                update(Outgoing::text(ui(lang).thanks))
            }
        }
        Action::Stuck {
            lang,
            log,
            user,
            scenario,
        } => {
            if user != i.user.id.get() {
                ephemeral(ui(lang).not_yours)
            } else {
                data.cases().feedback(log, false).await;
                let context = format!("the answer for `{scenario}` did not help");
                let mut case = new_case(
                    i,
                    lang,
                    Some(scenario),
                    EscalationReason::NotHelped,
                    context,
                );
                // An ephemeral /triage answer replies to no message: the
                // triage log still has what the user wrote (redacted).
                if case.text.is_empty() {
                    case.text = data.cases().logged_text(log).await.unwrap_or_default();
                }
                return escalate_and_update(ctx, data, i, case, update).await;
            }
        }
        Action::Pick { lang, log, user } => {
            if user != i.user.id.get() {
                ephemeral(ui(lang).not_yours)
            } else {
                let picked = match &i.data.kind {
                    ComponentInteractionDataKind::StringSelect { values } => values.first(),
                    _ => None,
                };
                match picked.map(String::as_str) {
                    Some(NONE_OF_THESE) | None => {
                        let context = "none of the suggested scenarios fit".to_string();
                        let mut case = new_case(i, lang, None, EscalationReason::NoMatch, context);
                        if case.text.is_empty() {
                            case.text = data.cases().logged_text(log).await.unwrap_or_default();
                        }
                        return escalate_and_update(ctx, data, i, case, replace).await;
                    }
                    Some(scenario) => {
                        // The user's later "did this help?" counts for this one.
                        data.cases().choice(log, scenario).await;
                        match respond::answer(data, scenario, lang, log, user) {
                            Some(out) => update(out),
                            None => ephemeral(ui(lang).unknown_scenario),
                        }
                    }
                }
            }
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

/// A case from a button under the bot's own message. The text escalated is
/// the member's original message when the bot's message replied to one
/// (redacted, like everything that reaches the store).
fn new_case(
    i: &ComponentInteraction,
    lang: Lang,
    scenario: Option<String>,
    reason: EscalationReason,
    context: String,
) -> NewCase {
    let text = i
        .message
        .referenced_message
        .as_ref()
        .map(|m| privacy::scan(&m.content).redacted)
        .unwrap_or_default();
    NewCase {
        user_id: i.user.id.get(),
        user_name: i.user.name.clone(),
        guild_id: i.guild_id.map(|g| g.get()),
        channel_id: i.channel_id.get(),
        message_id: i.message.id.get(),
        text,
        language: lang,
        scenario,
        confidence: None,
        reason,
        context: Some(context),
    }
}

/// Writes the case, then replaces the buttons with the acknowledgement, then
/// posts the moderators' notice.
async fn escalate_and_update(
    ctx: &Context,
    data: &Data,
    i: &ComponentInteraction,
    case: NewCase,
    how: fn(Outgoing) -> CreateInteractionResponse,
) {
    let (ack, recorded) = escalate::record(data, case, true).await;
    // Nothing recorded: say so privately and leave the buttons in place, so
    // the user can press again once the store is back.
    let response = match recorded {
        Some(_) => how(Outgoing::text(ack)),
        None => ephemeral(&ack),
    };
    send(ctx, i, response).await;
    if let Some(rec) = recorded {
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
