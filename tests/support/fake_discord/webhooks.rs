//! Interaction responses: the callback (`POST /interactions/{id}/{token}/callback`,
//! answered 204), then `@original` and follow-ups under
//! `/webhooks/{application_id}/{token}`.
//!
//! The rules the bot must respect, as Discord enforces them: an interaction is
//! answered once (40060 otherwise), with a callback type that fits it
//! (autocomplete only with 8, UPDATE_MESSAGE only for components), optionally
//! within a deadline (`FakeConfig::interaction_deadline`, 3 s on Discord);
//! `@original` exists only once a response created or chose a message; and a
//! follow-up right after a deferral (type 5) edits the "thinking" message, as
//! Discord's docs describe.

use serde_json::{json, Value};

use super::record::FilePart;
use super::rest::Reply;
use super::world::id_of;
use super::{FakeConfig, State};

/// Message flags (Discord's values).
pub(crate) const EPHEMERAL: u64 = 1 << 6;
const LOADING: u64 = 1 << 7;

fn unknown_interaction() -> Reply {
    Reply::error(404, 10062, "Unknown interaction")
}

fn unknown_webhook() -> Reply {
    Reply::error(404, 10015, "Unknown Webhook")
}

pub(crate) fn callback(
    state: &mut State,
    config: &FakeConfig,
    id: u64,
    token: &str,
    body: &Value,
    files: &[FilePart],
) -> Reply {
    let Some(pending) = state
        .world
        .interactions
        .get(&id)
        .filter(|p| p.interaction["token"] == token)
    else {
        return unknown_interaction();
    };
    if config
        .interaction_deadline
        .is_some_and(|deadline| pending.received.elapsed() > deadline)
    {
        return unknown_interaction();
    }
    if pending.callback.is_some() {
        return Reply::error(400, 40060, "Interaction has already been acknowledged.");
    }
    let interaction = pending.interaction.clone();
    let component_message = id_of(&interaction["message"]["id"]);
    let callback = body["type"].as_u64().unwrap_or(0);
    let allowed: &[u64] = match interaction["type"].as_u64() {
        Some(2) => &[4, 5, 9],
        Some(3) => &[4, 5, 6, 7, 9],
        Some(4) => &[8],
        Some(5) if component_message.is_some() => &[4, 5, 6, 7],
        Some(5) => &[4, 5],
        _ => &[1],
    };
    if !allowed.contains(&callback) {
        let error = json!({"code": "BASE_TYPE_CHOICES",
            "message": format!("Value must be one of {allowed:?} for this interaction.")});
        let body = json!({"code": 50035, "message": "Invalid Form Body",
            "errors": {"type": {"_errors": [error]}}});
        return Reply {
            status: 400,
            body: Some(body),
        };
    }

    let data = body
        .get("data")
        .filter(|d| d.is_object())
        .cloned()
        .unwrap_or_else(|| json!({}));
    let original = match callback {
        4 | 5 => {
            let flags = data["flags"].as_u64().unwrap_or(0);
            let content = if callback == 4 {
                data
            } else {
                json!({"flags": (flags & EPHEMERAL) | LOADING})
            };
            match response_message(state, config, &interaction, &content, files) {
                Ok(message) => id_of(&message["id"]),
                Err(reply) => return reply,
            }
        }
        6 => component_message,
        7 => {
            let Some(message_id) = component_message else {
                return unknown_interaction();
            };
            if let Err(rejection) = state.world.edit_message(message_id, &data, files) {
                return rejection.into();
            }
            Some(message_id)
        }
        _ => None,
    };
    if let Some(pending) = state.world.interactions.get_mut(&id) {
        pending.callback = Some(callback);
        pending.original = original;
    }
    Reply::no_content()
}

/// A message the bot sends as an interaction response or follow-up: by the
/// bot user through the application's webhook.
fn response_message(
    state: &mut State,
    config: &FakeConfig,
    interaction: &Value,
    body: &Value,
    files: &[FilePart],
) -> Result<Value, Reply> {
    let channel = id_of(&interaction["channel_id"]).unwrap_or_default();
    let mut message = state
        .world
        .create_message(channel, body, files)
        .map_err(Reply::from)?;
    let application = json!(config.application_id.to_string());
    message["webhook_id"] = application.clone();
    message["application_id"] = application;
    if interaction["type"] == 2 {
        message["type"] = json!(20); // CHAT_INPUT_COMMAND
    }
    state.world.store_message(message.clone());
    if message["flags"].as_u64().unwrap_or(0) & LOADING == 0 {
        state.announce(config, &message);
    }
    Ok(message)
}

/// The interaction whose token this is, for the webhook routes.
fn by_token(
    state: &State,
    config: &FakeConfig,
    application: u64,
    token: &str,
) -> Result<u64, Reply> {
    if application != config.application_id {
        return Err(unknown_webhook());
    }
    state
        .world
        .interactions
        .iter()
        .find(|(_, pending)| pending.interaction["token"] == token)
        .map(|(id, _)| *id)
        .ok_or_else(unknown_webhook)
}

/// Which of an interaction's webhook messages a route is about.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target {
    /// `messages/@original`: the response.
    Original,
    /// `POST` on the webhook itself: a new follow-up.
    Execute,
    /// `messages/{id}`: a follow-up (or the response) by id.
    Message(u64),
}

/// The `/webhooks/{application}/{token}` routes of interaction `token`.
pub(crate) fn webhook(
    state: &mut State,
    config: &FakeConfig,
    method: &str,
    (application, token, target): (u64, &str, Target),
    body: &Value,
    files: &[FilePart],
) -> Reply {
    let id = match by_token(state, config, application, token) {
        Ok(id) => id,
        Err(reply) => return reply,
    };
    let pending = &state.world.interactions[&id];
    let message = match target {
        Target::Execute => return followup(state, config, id, body, files),
        Target::Original => pending.original,
        Target::Message(m) => {
            Some(m).filter(|m| pending.original == Some(*m) || pending.followups.contains(m))
        }
    };
    match message {
        Some(message) => webhook_message(state, method, id, message, body, files),
        None => Reply::error(404, 10008, "Unknown Message"),
    }
}

/// A follow-up message for interaction `id`.
fn followup(
    state: &mut State,
    config: &FakeConfig,
    id: u64,
    body: &Value,
    files: &[FilePart],
) -> Reply {
    let pending = &state.world.interactions[&id];
    if pending.callback.is_none() {
        return unknown_webhook();
    }
    let still_thinking = pending
        .original
        .and_then(|m| state.world.message(m))
        .is_some_and(|m| m["flags"].as_u64().unwrap_or(0) & LOADING != 0);
    if pending.callback == Some(5) && still_thinking {
        // Docs (execute-webhook): right after a deferral, this acts as
        // "Edit Original Interaction Response".
        let original = pending.original.unwrap_or_default();
        return webhook_message(state, "PATCH", id, original, body, files);
    }
    if super::routes::is_empty_message(body, files) {
        return Reply::error(400, 50006, "Cannot send an empty message");
    }
    let interaction = pending.interaction.clone();
    match response_message(state, config, &interaction, body, files) {
        Ok(message) => {
            if let (Some(pending), Some(message_id)) =
                (state.world.interactions.get_mut(&id), id_of(&message["id"]))
            {
                pending.followups.push(message_id);
            }
            Reply::ok(message)
        }
        Err(reply) => reply,
    }
}

/// GET, PATCH or DELETE of a message sent through the interaction's webhook.
fn webhook_message(
    state: &mut State,
    method: &str,
    interaction: u64,
    message: u64,
    body: &Value,
    files: &[FilePart],
) -> Reply {
    match method {
        "GET" => match state.world.message(message) {
            Some(found) => Reply::ok(found.clone()),
            None => Reply::error(404, 10008, "Unknown Message"),
        },
        "DELETE" => {
            state.world.delete_message(message);
            if let Some(pending) = state.world.interactions.get_mut(&interaction) {
                if pending.original == Some(message) {
                    pending.original = None;
                }
                pending.followups.retain(|m| *m != message);
            }
            Reply::no_content()
        }
        _ => match state.world.edit_message(message, body, files) {
            Ok(mut edited) => {
                // An edit ends the "thinking..." state of a deferred response.
                let flags = edited["flags"].as_u64().unwrap_or(0);
                if flags & LOADING != 0 {
                    edited["flags"] = json!(flags & !LOADING);
                    edited["edited_timestamp"] = Value::Null;
                    state.world.store_message(edited.clone());
                }
                Reply::ok(edited)
            }
            Err(rejection) => rejection.into(),
        },
    }
}
