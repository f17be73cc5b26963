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
use super::staff_text::Staff;
use super::state::Data;
use super::threads;
use crate::store::{Takeover, Transition};
use serenity::all::{
    ActionRowComponent, ComponentInteraction, Context, CreateActionRow, CreateInputText,
    CreateInteractionResponse, CreateModal, EditInteractionResponse, InputTextStyle,
    ModalInteraction,
};

/// A moderator's button press (`action.is_moderators()`).
pub async fn component(ctx: &Context, data: &Data, i: &ComponentInteraction, action: Action) {
    // The moderator's own words in their locale; the notice in the server's.
    let staff = Staff::from_locale(&i.locale);
    data.guild_locales()
        .remember(i.guild_id, i.guild_locale.as_deref());
    let Some(guild) = i
        .guild_id
        .filter(|_| is_moderator(data, i.guild_id, i.member.as_ref()))
    else {
        return send(ctx, i, ephemeral(staff.text().not_allowed)).await;
    };
    // The forms open at once: no store, and a modal must be the response.
    match action {
        Action::Resolve { case } => return send(ctx, i, note_modal(case, true, staff)).await,
        Action::Dismiss { case } => return send(ctx, i, note_modal(case, false, staff)).await,
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
                .edit(ctx, list_page(data, guild, status, offset, staff).await)
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
                done.say(ctx, &staff.you_hold(case)).await;
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
            let shared = data.guild_locales().of(&ctx.http, Some(guild)).await;
            done.edit(ctx, notice_edit(&notice, shared)).await;
            // Claims leave the thread as it is; a reopened case's opens again.
            if matches!(action, Action::Reopen { .. }) {
                threads::follow_state(&ctx.http, data, &notice).await;
            }
        }
        Err(e) => refused(ctx, &done, e, staff).await,
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
    let staff = Staff::from_locale(&i.locale);
    data.guild_locales()
        .remember(i.guild_id, i.guild_locale.as_deref());
    let Some(guild) = i
        .guild_id
        .filter(|_| is_moderator(data, i.guild_id, i.member.as_ref()))
    else {
        if let Err(e) = rest::call("create_interaction_response", || {
            i.create_response(&ctx.http, ephemeral(staff.text().not_allowed))
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
                let shared = data.guild_locales().of(&ctx.http, Some(guild.get())).await;
                done.edit(ctx, notice_edit(&notice, shared)).await;
            } else {
                escalate::refresh(&ctx.http, data, &notice).await;
                done.say(ctx, &staff.now_state(case, &notice.state)).await;
            }
        }
        Err(e) => refused(ctx, &done, e, staff).await,
    }
}

/// Tells the moderator why not, privately; for a case another moderator
/// holds, with the button to take it over.
pub async fn refused(ctx: &Context, done: &Deferred<'_>, e: CaseError, staff: Staff) {
    match e {
        CaseError::Held { id, holder } => {
            let text = staff.held(id, &who(&holder));
            done.private_with(ctx, &text, embeds::takeover_button(id, staff))
                .await
        }
        other => done.private(ctx, &other.to_string()).await,
    }
}

/// The notice as a button press leaves it, in the server's language.
pub fn notice_edit(notice: &Notice, staff: Staff) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .embed(embeds::notice(notice, staff))
        .components(embeds::notice_buttons(notice, staff))
}

fn note_modal(case: i64, resolve: bool, staff: Staff) -> CreateInteractionResponse {
    let t = staff.text();
    let id = case.to_string();
    let (action, title, label, placeholder) = if resolve {
        (
            Action::ResolveNote { case },
            t.resolve_title.replace("{id}", &id),
            t.note_label,
            t.note_placeholder,
        )
    } else {
        (
            Action::DismissNote { case },
            t.dismiss_title.replace("{id}", &id),
            t.reason_label,
            t.reason_placeholder,
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
