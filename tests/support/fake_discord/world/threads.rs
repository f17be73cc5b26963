//! Threads the bot opens: `POST /channels/{id}/threads` (without a starter
//! message), their members, and `PATCH /channels/{id}` (archive, lock).

use serde_json::{json, Value};

use super::super::payloads;
use super::{id_of, Rejection, World};

impl World {
    /// A thread under `parent` from a start-thread body, owned by the bot.
    pub fn create_thread(&mut self, parent: u64, body: &Value) -> Result<Value, Rejection> {
        let Some(guild) = self.guild_of(parent) else {
            return Err(Rejection::new(404, 10003, "Unknown Channel"));
        };
        if self.channel(parent).is_some_and(|c| {
            // No threads in threads.
            matches!(c["type"].as_u64(), Some(10..=12))
        }) {
            return Err(Rejection::new(
                400,
                50024,
                "Cannot execute action on this channel type",
            ));
        }
        let kind = body["type"].as_u64().unwrap_or(12);
        // Forum and media channels hold public posts (made with a starter
        // message) only; announcement channels no private threads.
        let parent_kind = self.channel(parent).and_then(|c| c["type"].as_u64());
        if matches!(parent_kind, Some(15 | 16)) || (kind == 12 && parent_kind == Some(5)) {
            return Err(Rejection::new(
                400,
                50024,
                "Cannot execute action on this channel type",
            ));
        }
        let id = payloads::snowflake();
        let mut thread =
            payloads::guild_text_channel(id, guild, body["name"].as_str().unwrap_or("thread"));
        thread["type"] = json!(kind);
        thread["parent_id"] = json!(parent.to_string());
        thread["owner_id"] = self.bot["id"].clone();
        thread["member_count"] = json!(1);
        thread["message_count"] = json!(0);
        thread["thread_metadata"] = json!({
            "archived": false,
            "auto_archive_duration": body["auto_archive_duration"].as_u64().unwrap_or(4320),
            "archive_timestamp": payloads::now(),
            "locked": false,
            "invitable": body["invitable"].as_bool().unwrap_or(true),
        });
        self.channels.insert(id, thread.clone());
        if let Some(bot) = id_of(&self.bot["id"]) {
            self.thread_members.entry(id).or_default().push(bot);
        }
        Ok(thread)
    }

    /// `PUT /channels/{thread}/thread-members/{user}`.
    pub fn add_thread_member(&mut self, thread: u64, user: u64) -> Result<(), Rejection> {
        let is_thread = self
            .channel(thread)
            .is_some_and(|c| matches!(c["type"].as_u64(), Some(10..=12)));
        if !is_thread {
            return Err(Rejection::new(404, 10003, "Unknown Channel"));
        }
        let guild = self.guild_of(thread).unwrap_or_default();
        if self.member(guild, user).is_none() {
            return Err(Rejection::new(404, 10007, "Unknown Member"));
        }
        let members = self.thread_members.entry(thread).or_default();
        if !members.contains(&user) {
            members.push(user);
        }
        Ok(())
    }

    /// Who was added to `thread`, the bot first.
    pub fn thread_members(&self, thread: u64) -> Vec<u64> {
        self.thread_members
            .get(&thread)
            .cloned()
            .unwrap_or_default()
    }

    /// `PATCH /channels/{id}`: a thread's `archived`, `locked`, `name`.
    pub fn update_channel(&mut self, id: u64, body: &Value) -> Result<Value, Rejection> {
        let Some(channel) = self.channels.get_mut(&id) else {
            return Err(Rejection::new(404, 10003, "Unknown Channel"));
        };
        if let Some(name) = body.get("name").filter(|n| n.is_string()) {
            channel["name"] = name.clone();
        }
        for key in ["archived", "locked", "invitable"] {
            if let Some(v) = body.get(key).filter(|v| v.is_boolean()) {
                if !channel["thread_metadata"].is_object() {
                    return Err(Rejection::new(
                        400,
                        50024,
                        "Cannot execute action on this channel type",
                    ));
                }
                channel["thread_metadata"][key] = v.clone();
            }
        }
        Ok(channel.clone())
    }
}
