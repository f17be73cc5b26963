//! The fake's picture of Discord: guilds, channels, members, messages,
//! registered commands and pending interactions. REST answers come from it,
//! and every dispatch a test sends teaches it (a channel a MESSAGE_CREATE
//! happened in exists; so does its author), so that what the bot reads back
//! over REST agrees with what it was told over the gateway.

use std::collections::HashMap;
use std::time::Instant;

use serde_json::{json, Value};

use super::payloads;

mod messages;
mod threads;

/// A guild the fake knows from the start, delivered in READY and GUILD_CREATE.
#[derive(Clone, Debug)]
pub struct GuildFixture {
    pub id: u64,
    pub name: String,
    pub owner_id: u64,
    /// Role objects ([`payloads::role`]); the first should be @everyone (id = guild id).
    pub roles: Vec<Value>,
    /// Channel objects ([`payloads::guild_text_channel`]).
    pub channels: Vec<Value>,
    /// Member objects with `user` ([`payloads::member`]).
    pub members: Vec<Value>,
    /// The server's "primary language" (`preferred_locale`, e.g. `en-US`, `zh-CN`).
    pub preferred_locale: String,
}

impl GuildFixture {
    /// The default world: "KYC Support" with #kyc-help, @everyone and a
    /// Moderator role, the bot, a moderator ([`payloads::MOD_USER_ID`]) and a
    /// user ([`payloads::USER_ID`]).
    pub fn support_guild(bot: &Value) -> Self {
        use payloads::*;
        let id = GUILD_ID;
        Self {
            id,
            name: "KYC Support".into(),
            owner_id: MOD_USER_ID,
            roles: vec![
                role(id, "@everyone", permissions::EVERYONE, 0),
                role(MOD_ROLE_ID, "Moderator", permissions::MODERATOR, 1),
            ],
            channels: vec![guild_text_channel(SUPPORT_CHANNEL_ID, id, "kyc-help")],
            members: vec![
                member(bot, &[]),
                member(&moderator(), &[MOD_ROLE_ID]),
                member(&default_user(), &[]),
            ],
            preferred_locale: "en-US".into(),
        }
    }

    /// The guild as `GET /guilds/{id}` answers.
    pub fn guild_object(&self) -> Value {
        let mut guild = payloads::guild(self.id, &self.name, self.owner_id, &self.roles);
        guild["preferred_locale"] = Value::from(self.preferred_locale.as_str());
        guild
    }

    /// GUILD_CREATE's `d`.
    pub fn guild_create(&self) -> Value {
        payloads::guild_create(&self.guild_object(), &self.channels, &self.members)
    }
}

/// An interaction the bot was sent, and how it has answered so far.
#[derive(Clone, Debug)]
pub struct PendingInteraction {
    pub interaction: Value,
    pub received: Instant,
    /// The callback type the bot answered with, once it has.
    pub callback: Option<u64>,
    /// The message `@original` refers to, once there is one.
    pub original: Option<u64>,
    /// Follow-up messages sent so far.
    pub followups: Vec<u64>,
}

/// The Discord error a world operation ends in: a status and its JSON body.
pub struct Rejection {
    pub status: u16,
    pub body: Value,
}

impl Rejection {
    pub fn new(status: u16, code: u64, message: &str) -> Self {
        Self {
            status,
            body: json!({"message": message, "code": code}),
        }
    }
}

#[derive(Debug, Default)]
pub struct World {
    pub bot: Value,
    pub application_id: u64,
    pub guilds: Vec<GuildFixture>,
    channels: HashMap<u64, Value>,
    users: HashMap<u64, Value>,
    members: HashMap<(u64, u64), Value>,
    messages: HashMap<u64, Value>,
    dms: HashMap<u64, u64>,
    /// Who was added to each thread the bot opened.
    thread_members: HashMap<u64, Vec<u64>>,
    /// Registered commands, global (no `guild_id`) and per guild.
    pub commands: Vec<Value>,
    pub interactions: HashMap<u64, PendingInteraction>,
}

/// A snowflake from its JSON string form.
pub fn id_of(value: &Value) -> Option<u64> {
    value.as_str()?.parse().ok()
}

impl World {
    pub fn new(bot: Value, application_id: u64, guilds: Vec<GuildFixture>) -> Self {
        let mut world = Self {
            bot,
            application_id,
            ..Self::default()
        };
        for guild in &guilds {
            for channel in &guild.channels {
                world.learn_channel(channel.clone());
            }
            for member in &guild.members {
                world.learn_member(guild.id, member);
            }
        }
        world.guilds = guilds;
        world
    }

    fn learn_channel(&mut self, channel: Value) {
        if let Some(id) = id_of(&channel["id"]) {
            self.channels.entry(id).or_insert(channel);
        }
    }

    fn learn_user(&mut self, user: &Value) {
        if let Some(id) = id_of(&user["id"]) {
            self.users.entry(id).or_insert_with(|| user.clone());
        }
    }

    /// `member` with its `user` (or `user` given separately, as in messages).
    fn learn_member(&mut self, guild_id: u64, member: &Value) {
        let user = &member["user"];
        self.learn_user(user);
        if let Some(user_id) = id_of(&user["id"]) {
            let mut member = member.clone();
            if let Some(object) = member.as_object_mut() {
                object.remove("permissions"); // interaction-only
            }
            self.members.entry((guild_id, user_id)).or_insert(member);
        }
    }

    /// Learns what a dispatch implies exists.
    pub fn observe(&mut self, event: &str, d: &Value) {
        let guild_id = id_of(&d["guild_id"]);
        let channel_id = id_of(&d["channel_id"]);
        match event {
            "MESSAGE_CREATE" | "MESSAGE_UPDATE" => {
                let author = &d["author"];
                self.learn_user(author);
                if let (Some(guild), Some(channel)) = (guild_id, channel_id) {
                    self.learn_channel(payloads::guild_text_channel(channel, guild, "text"));
                    if d["member"].is_object() {
                        let mut member = d["member"].clone();
                        member["user"] = author.clone();
                        self.learn_member(guild, &member);
                    }
                } else if let Some(channel) = channel_id {
                    self.learn_channel(payloads::dm_channel(channel, author));
                    if let Some(user) = id_of(&author["id"]) {
                        self.dms.entry(user).or_insert(channel);
                    }
                }
                if let Some(id) = id_of(&d["id"]) {
                    let mut stored = d.clone();
                    if let Some(object) = stored.as_object_mut() {
                        object.remove("guild_id"); // REST message objects have neither
                        object.remove("member");
                    }
                    self.messages.insert(id, stored);
                }
            }
            "INTERACTION_CREATE" => {
                if let (Some(guild), Some(channel)) = (guild_id, channel_id) {
                    self.learn_channel(payloads::guild_text_channel(channel, guild, "text"));
                    self.learn_member(guild, &d["member"]);
                } else if let Some(channel) = channel_id {
                    self.learn_channel(payloads::dm_channel(channel, &d["user"]));
                    self.learn_user(&d["user"]);
                }
                // The message a component sits on: a test may have built it by hand.
                if let Some(message_id) = id_of(&d["message"]["id"]) {
                    self.messages
                        .entry(message_id)
                        .or_insert_with(|| d["message"].clone());
                }
                if let Some(id) = id_of(&d["id"]) {
                    let pending = PendingInteraction {
                        interaction: d.clone(),
                        received: Instant::now(),
                        callback: None,
                        original: None,
                        followups: Vec::new(),
                    };
                    self.interactions.insert(id, pending);
                }
            }
            _ => {}
        }
    }

    pub fn channel(&self, id: u64) -> Option<&Value> {
        self.channels.get(&id)
    }

    /// The guild a channel belongs to (None for DMs and unknown channels).
    pub fn guild_of(&self, channel_id: u64) -> Option<u64> {
        self.channels
            .get(&channel_id)
            .and_then(|c| id_of(&c["guild_id"]))
    }

    pub fn guild(&self, id: u64) -> Option<&GuildFixture> {
        self.guilds.iter().find(|g| g.id == id)
    }

    pub fn member(&self, guild_id: u64, user_id: u64) -> Option<&Value> {
        self.members.get(&(guild_id, user_id))
    }

    /// The DM channel with `user_id`, created on first use; None for a user
    /// the fake has never seen (Discord: 10013 Unknown User).
    pub fn dm_with(&mut self, user_id: u64) -> Option<Value> {
        let user = self.users.get(&user_id)?.clone();
        let channel_id = *self.dms.entry(user_id).or_insert_with(payloads::snowflake);
        let channel = payloads::dm_channel(channel_id, &user);
        self.learn_channel(channel.clone());
        Some(channel)
    }

    pub fn message(&self, id: u64) -> Option<&Value> {
        self.messages.get(&id)
    }

    /// Stores (or replaces) a message object, keyed by its id.
    pub fn store_message(&mut self, message: Value) {
        if let Some(id) = id_of(&message["id"]) {
            self.messages.insert(id, message);
        }
    }

    pub fn delete_message(&mut self, id: u64) -> bool {
        self.messages.remove(&id).is_some()
    }

    /// `PUT .../commands`: replaces the command set of `guild_id` (None:
    /// global) and answers with the commands as Discord stores them.
    pub fn set_commands(&mut self, guild_id: Option<u64>, body: &Value) -> Value {
        let guild = guild_id.map(|g| g.to_string());
        self.commands
            .retain(|c| c.get("guild_id").and_then(Value::as_str) != guild.as_deref());
        let created: Vec<Value> = body
            .as_array()
            .into_iter()
            .flatten()
            .map(|request| self.command_from(request, guild_id))
            .collect();
        self.commands.extend(created.iter().cloned());
        json!(created)
    }

    /// `POST .../commands`: adds a command, replacing one of the same name
    /// and scope, as Discord does.
    pub fn create_command(&mut self, guild_id: Option<u64>, body: &Value) -> Value {
        let command = self.command_from(body, guild_id);
        let same = |c: &Value| {
            c["name"] == command["name"] && c.get("guild_id") == command.get("guild_id")
        };
        self.commands.retain(|c| !same(c));
        self.commands.push(command.clone());
        command
    }

    /// One command as Discord stores it, from a create/update request.
    fn command_from(&self, request: &Value, guild_id: Option<u64>) -> Value {
        let mut command = json!({
            "id": payloads::snowflake().to_string(),
            "application_id": self.application_id.to_string(),
            "version": payloads::snowflake().to_string(),
            "type": 1,
            "description": "",
            "default_member_permissions": null,
            "nsfw": false,
            "integration_types": [0],
            "contexts": null,
        });
        if let Some(guild) = guild_id {
            command["guild_id"] = json!(guild.to_string());
        }
        if let (Some(target), Some(fields)) = (command.as_object_mut(), request.as_object()) {
            for (key, value) in fields.iter().filter(|(k, _)| k.as_str() != "id") {
                target.insert(key.clone(), value.clone());
            }
        }
        if let Some(perms) = command["default_member_permissions"].as_u64() {
            // Discord answers with the string form whatever the request used.
            command["default_member_permissions"] = json!(perms.to_string());
        }
        command
    }

    /// Registered commands named `name`.
    pub fn command(&self, name: &str) -> Option<&Value> {
        self.commands.iter().find(|c| c["name"] == name)
    }
}
