//! INTERACTION_CREATE payloads: slash commands, autocomplete, buttons, selects
//! and modal submits, invoked by default by [`USER_ID`] in the default guild's
//! support channel.
//!
//! ```ignore
//! let d = slash_command("kyc", vec![string_option("problem", "selfie rejected")])
//!     .locale("zh-CN")
//!     .build();
//! fake.send_dispatch("INTERACTION_CREATE", d.clone()).await;
//! fake.wait_for_request(|r| r.path.ends_with(&callback_path(&d)), TIMEOUT).await;
//! ```

use serde_json::{json, Value};

use super::{
    default_user, interaction_member, permissions, snowflake, APPLICATION_ID, GUILD_ID,
    SUPPORT_CHANNEL_ID,
};

/// Discord's default upload limit (10 MiB) for guilds without boosts.
pub const ATTACHMENT_SIZE_LIMIT: u64 = 10 * 1024 * 1024;

/// Interaction types, as Discord numbers them.
const APPLICATION_COMMAND: u8 = 2;
const MESSAGE_COMPONENT: u8 = 3;
const AUTOCOMPLETE: u8 = 4;
const MODAL_SUBMIT: u8 = 5;

/// A chat-input (slash) command. For a command the bot registered, set its id
/// with [`InteractionBuilder::command_id`] (or use `FakeDiscord::slash_command`).
pub fn slash_command(name: &str, options: Vec<Value>) -> InteractionBuilder {
    let data = json!({"id": snowflake().to_string(), "name": name, "type": 1, "options": options});
    InteractionBuilder::new(APPLICATION_COMMAND, data)
}

/// An autocomplete request: exactly one option should be [`focused`].
pub fn autocomplete(name: &str, options: Vec<Value>) -> InteractionBuilder {
    let data = json!({"id": snowflake().to_string(), "name": name, "type": 1, "options": options});
    InteractionBuilder::new(AUTOCOMPLETE, data)
}

/// A click on button `custom_id` of `message` (the message object the bot sent,
/// e.g. `RecordedRequest::response`).
pub fn button_click(custom_id: &str, message: &Value) -> InteractionBuilder {
    let data = json!({"custom_id": custom_id, "component_type": 2});
    InteractionBuilder::new(MESSAGE_COMPONENT, data).set("message", message.clone())
}

/// A choice in string select `custom_id` of `message`.
pub fn select(custom_id: &str, values: &[&str], message: &Value) -> InteractionBuilder {
    let data = json!({"custom_id": custom_id, "component_type": 3, "values": values});
    InteractionBuilder::new(MESSAGE_COMPONENT, data).set("message", message.clone())
}

/// A submitted modal: one action row with a text input per `(custom_id, value)`.
pub fn modal_submit(custom_id: &str, fields: &[(&str, &str)]) -> InteractionBuilder {
    let rows: Vec<Value> = fields
        .iter()
        .enumerate()
        .map(|(i, (field_id, value))| {
            let input = json!({"type": 4, "id": 2 * i + 2, "custom_id": field_id, "value": value});
            json!({"type": 1, "id": 2 * i + 1, "components": [input]})
        })
        .collect();
    let data = json!({"custom_id": custom_id, "components": rows});
    InteractionBuilder::new(MODAL_SUBMIT, data)
}

pub fn string_option(name: &str, value: &str) -> Value {
    json!({"name": name, "type": 3, "value": value})
}

pub fn integer_option(name: &str, value: i64) -> Value {
    json!({"name": name, "type": 4, "value": value})
}

pub fn boolean_option(name: &str, value: bool) -> Value {
    json!({"name": name, "type": 5, "value": value})
}

/// A user option; also add the user with [`InteractionBuilder::resolve_user`].
pub fn user_option(name: &str, user_id: u64) -> Value {
    json!({"name": name, "type": 6, "value": user_id.to_string()})
}

pub fn subcommand(name: &str, options: Vec<Value>) -> Value {
    json!({"name": name, "type": 1, "options": options})
}

/// Marks an option as the one being typed. Discord sends the partial input as
/// a string whatever the option's type.
pub fn focused(mut option: Value) -> Value {
    let partial = match &option["value"] {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    option["value"] = json!(partial);
    option["focused"] = json!(true);
    option
}

/// The path the bot must answer `interaction` on:
/// `/interactions/{id}/{token}/callback`.
pub fn callback_path(interaction: &Value) -> String {
    let id = interaction["id"].as_str().unwrap_or_default();
    let token = interaction["token"].as_str().unwrap_or_default();
    format!("/interactions/{id}/{token}/callback")
}

/// An INTERACTION_CREATE payload being built; see the module docs.
#[derive(Clone, Debug)]
pub struct InteractionBuilder {
    interaction: Value,
}

impl InteractionBuilder {
    fn new(kind: u8, data: Value) -> Self {
        let id = snowflake();
        let invoker = interaction_member(&default_user(), &[], permissions::EVERYONE);
        let interaction = json!({
            "id": id.to_string(),
            "application_id": APPLICATION_ID.to_string(),
            "type": kind,
            "data": data,
            // Tokens go into URL paths unescaped by serenity: keep them URL-safe.
            "token": format!("fake-interaction-token-{id}"),
            "version": 1,
            "app_permissions": permissions::BOT.to_string(),
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        });
        Self { interaction }.in_guild(GUILD_ID, SUPPORT_CHANNEL_ID, invoker)
    }

    /// Invoked in a guild channel by `member` (an [`interaction_member`], whose
    /// `permissions` are the invoker's in that channel).
    pub fn in_guild(mut self, guild_id: u64, channel_id: u64, member: Value) -> Self {
        let guild = guild_id.to_string();
        let fields = json!({
            "guild_id": guild,
            "guild": {"id": guild, "locale": "en-US", "features": ["COMMUNITY"]},
            "guild_locale": "en-US",
            "channel_id": channel_id.to_string(),
            "channel": {
                "id": channel_id.to_string(), "type": 0, "guild_id": guild, "name": "kyc-help",
                "flags": 0, "permissions": member["permissions"],
            },
            "member": member,
            "authorizing_integration_owners": {"0": guild},
            "context": 0,
        });
        self.remove(&["user"]);
        self.merge(fields)
    }

    /// Invoked in the bot's DM channel `channel_id` by `user`.
    pub fn in_dm(mut self, channel_id: u64, user: Value) -> Self {
        let fields = json!({
            "channel_id": channel_id.to_string(),
            "channel": {"id": channel_id.to_string(), "type": 1, "recipients": [user], "flags": 0},
            "user": user,
            // A guild-installed app used in its bot's DMs: the guild owner is "0".
            "authorizing_integration_owners": {"0": "0"},
            "context": 1,
        });
        self.remove(&["guild_id", "guild", "guild_locale", "member"]);
        self.merge(fields)
    }

    /// The invoker's client language, e.g. `zh-CN`.
    pub fn locale(self, locale: &str) -> Self {
        self.set("locale", json!(locale))
    }

    pub fn guild_locale(self, locale: &str) -> Self {
        self.set("guild_locale", json!(locale))
    }

    /// What the bot may do in the channel.
    pub fn app_permissions(self, permissions: u64) -> Self {
        self.set("app_permissions", json!(permissions.to_string()))
    }

    /// The id of the command being invoked (as the bot registered it).
    pub fn command_id(mut self, id: u64) -> Self {
        self.interaction["data"]["id"] = json!(id.to_string());
        self
    }

    /// Adds `user` to `data.resolved.users` (and a member in guilds), as
    /// Discord does for user options.
    pub fn resolve_user(mut self, user: &Value) -> Self {
        let id = user["id"].as_str().unwrap_or_default().to_owned();
        let in_guild = self.interaction.get("guild_id").is_some();
        let resolved = &mut self.interaction["data"]["resolved"];
        resolved["users"][&id] = user.clone();
        if in_guild {
            let mut member = interaction_member(user, &[], permissions::EVERYONE);
            if let Some(member) = member.as_object_mut() {
                member.remove("user");
            }
            resolved["members"][&id] = member;
        }
        self
    }

    /// Sets any top-level field.
    pub fn set(mut self, key: &str, value: Value) -> Self {
        self.interaction[key] = value;
        self
    }

    pub fn build(self) -> Value {
        self.interaction
    }

    fn merge(mut self, fields: Value) -> Self {
        if let (Some(target), Value::Object(fields)) = (self.interaction.as_object_mut(), fields) {
            target.extend(fields);
        }
        self
    }

    fn remove(&mut self, keys: &[&str]) {
        if let Some(object) = self.interaction.as_object_mut() {
            for key in keys {
                object.remove(*key);
            }
        }
    }
}
