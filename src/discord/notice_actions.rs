//! The moderators' buttons and forms: Claim, Unclaim, Resolve and Dismiss
//! (each with a note, in a modal), Reopen on the notice; "Take over" in the
//! private confirmation a moderator gets for a case another moderator
//! holds; and the pages of `/escalations list`. The audit records the
//! moderator's Discord user id, never a display name members can change.
//!
//! Everything that reaches the store is acknowledged first (`ack.rs`).

use super::ack::{self, Deferred};
use super::cases::{who, CaseError};
use super::custom_id::Action;
use super::embeds::{self, Notice};
use super::escalate;
use super::interactions::{ephemeral, send};
use super::moderators::{is_moderator, list_page};
use super::rest;
use super::state::Data;
use super::threads;
use crate::knowledge::Lang;
use crate::render::ui;
use crate::store::{Takeover, Transition};
use serenity::all::{
    ActionRowComponent, ComponentInteraction, Context, CreateActionRow, CreateInputText,
    CreateInteractionResponse, CreateModal, EditInteractionResponse, InputTextStyle,
    ModalInteraction,
};

/// A moderator's button press (`action.is_moderators()`).
pub async fn component(ctx: &Context, data: &Data, i: &ComponentInteraction, action: Action) {
    let lang = Lang::from_locale(&i.locale);
    let Some(guild) = i
        .guild_id
        .filter(|_| is_moderator(data, i.guild_id, i.member.as_ref()))
    else {
        return send(ctx, i, ephemeral(ui(lang).not_allowed)).await;
    };
    // The forms open at once: no store, and a modal must be the response.
    match action {
        Action::Resolve { case } => return send(ctx, i, note_modal(case, true)).await,
        Action::Dismiss { case } => return send(ctx, i, note_modal(case, false)).await,
        Action::ResolveNote { .. } | Action::DismissNote { .. } => return,
        _ => {}
    }
    if !ack::defer_component(ctx, i).await {
        return;
    }
    let done = Deferred::Component(i);
    let guild = guild.get();
    let by = i.user.id.to_string();
    let cases = data.cases();
    let case = match action {
        Action::Page { offset, status } => {
            return done
                .edit(ctx, list_page(data, guild, status, offset).await)
                .await;
        }
        Action::Claim { case }
        | Action::Unclaim { case }
        | Action::Reopen { case }
        | Action::TakeOver { case } => case,
        _ => return,
    };
    let shown = |g: Option<u64>| data.config().discord.shows_case(guild, g);
    if let Err(e) = cases.in_scope(case, shown).await {
        return done.private(ctx, &e.to_string()).await;
    }
    let changed = match action {
        Action::Claim { .. } => cases.claim(case, &by).await,
        Action::Unclaim { .. } => match cases.holder(case).await {
            // Someone else's claim is theirs to give back, or to take over.
            Ok(Some(holder)) if holder != by => Err(CaseError::Held { id: case, holder }),
            _ => cases.unclaim(case, &by).await,
        },
        Action::Reopen { .. } => cases.reopen(case, &by).await,
        Action::TakeOver { .. } => match cases.take_over(case, &by).await {
            Ok(notice) => {
                tracing::info!(case, by = %i.user.id, "taken over");
                done.say(ctx, &format!("You now hold case #{case}.")).await;
                escalate::refresh(&ctx.http, data, &notice).await;
                return;
            }
            Err(e) => Err(e),
        },
        _ => return,
    };
    match changed {
        Ok(notice) => {
            tracing::info!(case, action = ?action, by = %i.user.id, "case updated");
            done.edit(ctx, notice_edit(&notice)).await;
            // Claims leave the thread as it is; a reopened case's opens again.
            if matches!(action, Action::Reopen { .. }) {
                threads::follow_state(&ctx.http, data, &notice).await;
            }
        }
        Err(e) => refused(ctx, &done, e).await,
    }
}

/// The note modal of Resolve or Dismiss.
pub async fn modal(ctx: &Context, data: &Data, i: &ModalInteraction) {
    let (case, action) = match Action::parse(&i.data.custom_id) {
        Some(Action::ResolveNote { case }) => (case, Transition::Resolve),
        Some(Action::DismissNote { case }) => (case, Transition::Dismiss),
        _ => {
            tracing::debug!(custom_id = %i.data.custom_id, "modal this bot did not send");
            return;
        }
    };
    let lang = Lang::from_locale(&i.locale);
    let Some(guild) = i
        .guild_id
        .filter(|_| is_moderator(data, i.guild_id, i.member.as_ref()))
    else {
        if let Err(e) = rest::call("create_interaction_response", || {
            i.create_response(&ctx.http, ephemeral(ui(lang).not_allowed))
        })
        .await
        {
            tracing::warn!(error = %e, "cannot answer a modal");
        }
        return;
    };
    if !ack::defer_modal(ctx, i).await {
        return;
    }
    let done = Deferred::Modal(i);
    let shown = |g: Option<u64>| data.config().discord.shows_case(guild.get(), g);
    if let Err(e) = data.cases().in_scope(case, shown).await {
        return done.private(ctx, &e.to_string()).await;
    }
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
    let by = i.user.id.to_string();
    // Another moderator's claim needs the takeover confirmed first.
    match data
        .cases()
        .close(case, action, &by, note.trim(), Takeover::Refuse)
        .await
    {
        Ok(notice) => {
            tracing::info!(case, action = ?action, by = %i.user.id, "case closed");
            threads::follow_state(&ctx.http, data, &notice).await;
            if i.message.is_some() {
                done.edit(ctx, notice_edit(&notice)).await;
            } else {
                escalate::refresh(&ctx.http, data, &notice).await;
                let state = notice.state.word();
                done.say(ctx, &format!("Case #{case} is now {state}."))
                    .await;
            }
        }
        Err(e) => refused(ctx, &done, e).await,
    }
}

/// Tells the moderator why not, privately; for a case another moderator
/// holds, with the button to take it over.
pub async fn refused(ctx: &Context, done: &Deferred<'_>, e: CaseError) {
    match e {
        CaseError::Held { id, holder } => {
            let text = format!(
                "Case #{id} is claimed by {}. Take it over? The audit will say you did.",
                who(&holder)
            );
            done.private_with(ctx, &text, embeds::takeover_button(id))
                .await
        }
        other => done.private(ctx, &other.to_string()).await,
    }
}

pub fn notice_edit(notice: &Notice) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .embed(embeds::notice(notice))
        .components(embeds::notice_buttons(notice))
}

fn note_modal(case: i64, resolve: bool) -> CreateInteractionResponse {
    let (action, title, label, placeholder) = if resolve {
        (
            Action::ResolveNote { case },
            format!("Resolve case #{case}"),
            "Note",
            "What was done for this user",
        )
    } else {
        (
            Action::DismissNote { case },
            format!("Dismiss case #{case}"),
            "Reason",
            "Why no action is needed",
        )
    };
    let Some(id) = action.encode() else {
        return ephemeral("Cannot open the note form.");
    };
    let input = CreateInputText::new(InputTextStyle::Paragraph, label, "note")
        .placeholder(placeholder)
        .required(true)
        .max_length(1000);
    CreateInteractionResponse::Modal(
        CreateModal::new(id, title).components(vec![CreateActionRow::InputText(input)]),
    )
}
