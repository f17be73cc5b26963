//! How the bot's create/edit bodies become message objects, the way Discord
//! renders them.

use serde_json::{json, Value};

use super::super::payloads;
use super::super::record::FilePart;
use super::{id_of, Rejection, World};

impl World {
    /// A message by the bot in `channel_id` from a create-message body.
    pub fn create_message(
        &mut self,
        channel_id: u64,
        body: &Value,
        files: &[FilePart],
    ) -> Result<Value, Rejection> {
        let mut message = payloads::message(payloads::snowflake(), channel_id, &self.bot, "");
        self.apply_body(&mut message, body, files)?;
        self.store_message(message.clone());
        Ok(message)
    }

    /// Applies an edit body to stored message `id`.
    pub fn edit_message(
        &mut self,
        id: u64,
        body: &Value,
        files: &[FilePart],
    ) -> Result<Value, Rejection> {
        let unknown = || Rejection::new(404, 10008, "Unknown Message");
        let mut message = self.messages.get(&id).cloned().ok_or_else(unknown)?;
        self.apply_body(&mut message, body, files)?;
        message["edited_timestamp"] = json!(payloads::now());
        self.messages.insert(id, message.clone());
        Ok(message)
    }

    /// Copies what a create/edit body sets onto `message`, the way Discord
    /// renders it: embeds get `type: rich`, uploaded files become attachments,
    /// a `message_reference` makes a reply (type 19) to a message that must exist.
    fn apply_body(
        &self,
        message: &mut Value,
        body: &Value,
        files: &[FilePart],
    ) -> Result<(), Rejection> {
        for key in ["content", "tts", "flags", "components", "nonce", "poll"] {
            if let Some(value) = body.get(key).filter(|v| !v.is_null()) {
                message[key] = value.clone();
            }
        }
        if let Some(Value::Array(embeds)) = body.get("embeds") {
            let rendered: Vec<Value> = embeds
                .iter()
                .map(|embed| {
                    let mut embed = embed.clone();
                    if embed.get("type").is_none() {
                        embed["type"] = json!("rich");
                    }
                    embed
                })
                .collect();
            message["embeds"] = json!(rendered);
        }
        let channel_id = id_of(&message["channel_id"]).unwrap_or_default();
        if body.get("attachments").is_some() || !files.is_empty() {
            message["attachments"] = self.attachments(message, body, files, channel_id);
        }
        if let Some(reference) = body.get("message_reference").filter(|r| r.is_object()) {
            let target = id_of(&reference["message_id"]).and_then(|id| self.messages.get(&id));
            let Some(target) = target else {
                if reference["fail_if_not_exists"] == json!(false) {
                    return Ok(());
                }
                let error = json!({"_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE",
                    "message": "Unknown message"}]});
                let body = json!({"code": 50035, "message": "Invalid Form Body",
                    "errors": {"message_reference": error}});
                return Err(Rejection { status: 400, body });
            };
            let mut rendered = json!({
                "type": 0,
                "message_id": target["id"],
                "channel_id": target["channel_id"],
            });
            if let Some(guild) = self.guild_of(channel_id) {
                rendered["guild_id"] = json!(guild.to_string());
            }
            message["type"] = json!(19);
            message["message_reference"] = rendered;
            message["referenced_message"] = target.clone();
        }
        Ok(())
    }

    /// Attachments after a create/edit: existing ones the body keeps (by id),
    /// plus one per uploaded file (`files[n]` is the body's attachment `id: n`).
    fn attachments(
        &self,
        message: &Value,
        body: &Value,
        files: &[FilePart],
        channel_id: u64,
    ) -> Value {
        let listed = body["attachments"].as_array();
        let kept = message["attachments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|existing| {
                listed.is_none_or(|list| {
                    list.iter()
                        .any(|l| id_text(&l["id"]) == id_text(&existing["id"]))
                })
            });
        let uploaded = files.iter().map(|file| {
            let slot = file
                .name
                .strip_prefix("files[")
                .and_then(|s| s.strip_suffix(']'));
            let described = listed
                .into_iter()
                .flatten()
                .find(|l| Some(id_text(&l["id"]).as_str()) == slot);
            let filename = described
                .and_then(|l| l["filename"].as_str())
                .or(file.filename.as_deref())
                .unwrap_or("unnamed");
            let content_type = file
                .content_type
                .as_deref()
                .unwrap_or("application/octet-stream");
            let size = u32::try_from(file.bytes.len()).unwrap_or(u32::MAX);
            let mut attachment = payloads::attachment(channel_id, filename, content_type, size);
            if let Some(description) = described.and_then(|l| l.get("description")) {
                attachment["description"] = description.clone();
            }
            attachment
        });
        json!(kept.cloned().chain(uploaded).collect::<Vec<_>>())
    }
}

/// An id as text, whether JSON has it as a string or a number.
fn id_text(id: &Value) -> String {
    match id {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
