//! Discord's 3-second rule: an interaction not answered within 3 s shows
//! "This interaction failed", and every later answer is refused. A store
//! write may wait seconds on a busy database, so every handler that touches
//! the store acknowledges first (a deferral, type 5 or 6) and then edits the
//! original response or sends a follow-up, within the token's 15 minutes.
//!
//! Only answers that need nothing but memory (the permission check, "not
//! yours", a modal, autocomplete) are sent as immediate responses.

use super::embeds;
use super::respond::Outgoing;
use super::rest;
use serenity::all::{
    CommandInteraction, ComponentInteraction, Context, CreateInteractionResponseFollowup,
    EditInteractionResponse, ModalInteraction,
};

/// Defers a command with an ephemeral "thinking..." message; false when
/// Discord refused (the interaction is gone: doing the work would leave
/// the member with no answer, so the caller stops).
pub async fn defer_command(ctx: &Context, i: &CommandInteraction) -> bool {
    match rest::call("create_interaction_response", || {
        i.defer_ephemeral(&ctx.http)
    })
    .await
    {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(command = %i.data.name, error = %e, "cannot acknowledge a command");
            false
        }
    }
}

/// Acknowledges a button or menu without changing its message yet (type 6).
pub async fn defer_component(ctx: &Context, i: &ComponentInteraction) -> bool {
    match rest::call("create_interaction_response", || i.defer(&ctx.http)).await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "cannot acknowledge a component");
            false
        }
    }
}

/// Acknowledges a modal: on the message it came from (type 6) when there is
/// one, else with an ephemeral "thinking..." message (type 5).
pub async fn defer_modal(ctx: &Context, i: &ModalInteraction) -> bool {
    let done = if i.message.is_some() {
        rest::call("create_interaction_response", || i.defer(&ctx.http)).await
    } else {
        rest::call("create_interaction_response", || {
            i.defer_ephemeral(&ctx.http)
        })
        .await
    };
    match done {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, "cannot acknowledge a modal");
            false
        }
    }
}

/// Any deferred interaction, for the answers that follow the deferral.
pub enum Deferred<'a> {
    Command(&'a CommandInteraction),
    Component(&'a ComponentInteraction),
    Modal(&'a ModalInteraction),
}

impl Deferred<'_> {
    /// Replaces the original response (the "thinking" message, or the
    /// message the component sits on) with `edit`.
    pub async fn edit(&self, ctx: &Context, edit: EditInteractionResponse) {
        let done = rest::call("update_original_webhook_message", || async {
            match self {
                Deferred::Command(i) => i.edit_response(&ctx.http, edit.clone()).await,
                Deferred::Component(i) => i.edit_response(&ctx.http, edit.clone()).await,
                Deferred::Modal(i) => i.edit_response(&ctx.http, edit.clone()).await,
            }
        })
        .await;
        if let Err(e) = done {
            tracing::warn!(error = %e, "cannot edit an interaction response");
        }
    }

    /// A new private message under the interaction, leaving the original
    /// as it is (the buttons stay, to be pressed again).
    pub async fn private(&self, ctx: &Context, text: &str) {
        self.private_with(ctx, text, Vec::new()).await;
    }

    /// A private follow-up with buttons (the takeover confirmation). A
    /// command's deferral is itself a private "thinking..." message that
    /// nothing else will replace: it becomes the answer instead.
    pub async fn private_with(
        &self,
        ctx: &Context,
        text: &str,
        components: Vec<serenity::all::CreateActionRow>,
    ) {
        if let Deferred::Command(_) = self {
            let edit = EditInteractionResponse::new()
                .content(embeds::cut(text, embeds::CONTENT_MAX))
                .components(components);
            return self.edit(ctx, edit).await;
        }
        let mut f = CreateInteractionResponseFollowup::new()
            .content(embeds::cut(text, embeds::CONTENT_MAX))
            .ephemeral(true);
        if !components.is_empty() {
            f = f.components(components);
        }
        let done = rest::call("execute_webhook", || async {
            match self {
                Deferred::Command(i) => i.create_followup(&ctx.http, f.clone()).await,
                Deferred::Component(i) => i.create_followup(&ctx.http, f.clone()).await,
                Deferred::Modal(i) => i.create_followup(&ctx.http, f.clone()).await,
            }
        })
        .await;
        if let Err(e) = done {
            tracing::warn!(error = %e, "cannot send a follow-up");
        }
    }

    /// Edits the original response to say `text` and nothing else.
    pub async fn say(&self, ctx: &Context, text: &str) {
        self.edit(ctx, Outgoing::text(text).edit()).await;
    }
}
