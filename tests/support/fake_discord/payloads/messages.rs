//! Message objects: as REST returns them and as MESSAGE_CREATE delivers them.

use serde_json::{json, Value};

use super::{id_strings, now, partial_member, snowflake};

/// An attachment as it appears in a received message.
pub fn attachment(channel_id: u64, filename: &str, content_type: &str, size: u32) -> Value {
    let id = snowflake();
    let path = format!("attachments/{channel_id}/{id}/{filename}");
    let mut attachment = json!({
        "id": id.to_string(),
        "filename": filename,
        "size": size,
        "url": format!("https://cdn.discordapp.com/{path}"),
        "proxy_url": format!("https://media.discordapp.net/{path}"),
        "content_type": content_type,
    });
    if content_type.starts_with("image/") {
        attachment["width"] = json!(1080);
        attachment["height"] = json!(1920);
    }
    attachment
}

/// A message object as REST returns it (no `guild_id`, no `member`).
pub fn message(id: u64, channel_id: u64, author: &Value, content: &str) -> Value {
    json!({
        "id": id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": author,
        "content": content,
        "timestamp": now(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
    })
}

/// A MESSAGE_CREATE dispatch, built up with options:
///
/// ```ignore
/// let d = message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), user(USER_ID, "alice"), "help")
///     .mention(&bot_user(BOT_USER_ID, BOT_NAME))
///     .reply_to(&bots_earlier_message)
///     .build();
/// ```
pub fn message_create(
    channel_id: u64,
    guild_id: Option<u64>,
    author: Value,
    content: &str,
) -> MessageCreate {
    let mut message = message(snowflake(), channel_id, &author, content);
    if let Some(guild_id) = guild_id {
        message["guild_id"] = json!(guild_id.to_string());
        message["member"] = partial_member(&[]);
    }
    MessageCreate { message }
}

/// See [`message_create`].
#[derive(Clone, Debug)]
pub struct MessageCreate {
    message: Value,
}

impl MessageCreate {
    pub fn id(mut self, id: u64) -> Self {
        self.message["id"] = json!(id.to_string());
        self
    }

    /// The author's roles (guild messages only).
    pub fn roles(mut self, roles: &[u64]) -> Self {
        if self.message.get("member").is_some() {
            self.message["member"]["roles"] = json!(id_strings(roles));
        }
        self
    }

    /// Adds a user mention: `<@id>` goes before the content (as when a user
    /// types `@bot help`) and the user into `mentions` (with its member in
    /// guilds, as Discord does).
    pub fn mention(mut self, user: &Value) -> Self {
        let id = user["id"].as_str().unwrap_or_default().to_owned();
        let mut mentioned = user.clone();
        if self.message.get("guild_id").is_some() {
            mentioned["member"] = partial_member(&[]);
        }
        self.prefix_content(&format!("<@{id}>"));
        push(&mut self.message["mentions"], mentioned);
        self
    }

    pub fn mention_role(mut self, role_id: u64) -> Self {
        self.prefix_content(&format!("<@&{role_id}>"));
        push(
            &mut self.message["mention_roles"],
            json!(role_id.to_string()),
        );
        self
    }

    /// Makes this a reply (type 19) to `referenced`, a message object.
    pub fn reply_to(mut self, referenced: &Value) -> Self {
        let mut reference = json!({
            "type": 0,
            "message_id": referenced["id"],
            "channel_id": referenced["channel_id"],
        });
        if let Some(guild_id) = self.message.get("guild_id") {
            reference["guild_id"] = guild_id.clone();
        }
        self.message["type"] = json!(19);
        self.message["message_reference"] = reference;
        self.message["referenced_message"] = referenced.clone();
        self
    }

    /// Adds an attachment, e.g. [`attachment`]`(channel, "id.png", "image/png", 48_213)`.
    pub fn attachment(mut self, attachment: Value) -> Self {
        push(&mut self.message["attachments"], attachment);
        self
    }

    /// Marks the message as sent by webhook `webhook_id` (author should be a
    /// [`webhook_author`]); webhook messages carry no `member`.
    pub fn webhook(mut self, webhook_id: u64) -> Self {
        self.message["webhook_id"] = json!(webhook_id.to_string());
        if let Some(object) = self.message.as_object_mut() {
            object.remove("member");
        }
        self
    }

    /// Sets any other field, e.g. `.set("embeds", json!([...]))`.
    pub fn set(mut self, key: &str, value: Value) -> Self {
        self.message[key] = value;
        self
    }

    pub fn build(self) -> Value {
        self.message
    }

    fn prefix_content(&mut self, text: &str) {
        let content = self.message["content"].as_str().unwrap_or_default();
        let joined = if content.is_empty() {
            text.to_owned()
        } else {
            format!("{text} {content}")
        };
        self.message["content"] = json!(joined);
    }
}

fn push(list: &mut Value, item: Value) {
    match list.as_array_mut() {
        Some(items) => items.push(item),
        None => *list = json!([item]),
    }
}
