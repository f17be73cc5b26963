//! Builders for realistic Discord objects: users, members, roles, channels,
//! guilds, READY here; messages in `messages.rs`, interactions in
//! `interactions.rs` (all re-exported, so `payloads::message_create` works).
//!
//! Every object has the fields Discord sends, IDs as string snowflakes, and is
//! proven to deserialize with serenity's own model types by
//! `tests/fake_discord.rs` (serenity silently drops a dispatch it cannot parse,
//! so an unfaithful payload would make a handler never run).
//!
//! The constants are the fake's default world (see [`super::FakeConfig`]): one
//! guild with a support channel, a moderator role, a moderator and a user.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

mod interactions;
mod messages;

pub use interactions::*;
pub use messages::*;

pub const BOT_USER_ID: u64 = 1_180_000_000_000_000_001;
/// Deliberately different from [`BOT_USER_ID`] (it is equal for apps made
/// after 2020), so code that mixes the two up fails in tests.
pub const APPLICATION_ID: u64 = 1_180_000_000_000_000_002;
pub const BOT_NAME: &str = "kyc-triage";
pub const TOKEN: &str = "FAKE.discord-token.for-tests";
pub const GUILD_ID: u64 = 1_180_000_000_000_000_100;
pub const SUPPORT_CHANNEL_ID: u64 = 1_180_000_000_000_000_200;
pub const MOD_ROLE_ID: u64 = 1_180_000_000_000_000_300;
pub const USER_ID: u64 = 1_180_000_000_000_000_400;
pub const USER_NAME: &str = "alice";
pub const MOD_USER_ID: u64 = 1_180_000_000_000_000_401;
pub const MOD_USER_NAME: &str = "mod_mei";

/// Permission bits used by the default world (Discord's values).
pub mod permissions {
    pub const KICK_MEMBERS: u64 = 1 << 1;
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const ADD_REACTIONS: u64 = 1 << 6;
    pub const VIEW_CHANNEL: u64 = 1 << 10;
    pub const SEND_MESSAGES: u64 = 1 << 11;
    pub const MANAGE_MESSAGES: u64 = 1 << 13;
    pub const EMBED_LINKS: u64 = 1 << 14;
    pub const ATTACH_FILES: u64 = 1 << 15;
    pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
    pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
    pub const SEND_MESSAGES_IN_THREADS: u64 = 1 << 38;
    pub const MODERATE_MEMBERS: u64 = 1 << 40;
    /// What @everyone may do in the default guild.
    pub const EVERYONE: u64 = VIEW_CHANNEL
        | SEND_MESSAGES
        | READ_MESSAGE_HISTORY
        | ADD_REACTIONS
        | EMBED_LINKS
        | ATTACH_FILES
        | USE_APPLICATION_COMMANDS
        | SEND_MESSAGES_IN_THREADS;
    /// What the moderator role adds.
    pub const MODERATOR: u64 = EVERYONE | MANAGE_MESSAGES | KICK_MEMBERS | MODERATE_MEMBERS;
    /// What the bot may do (its `app_permissions` in interactions).
    pub const BOT: u64 = EVERYONE | MANAGE_MESSAGES;
}

/// Milliseconds from the Unix epoch to Discord's (2015-01-01).
const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// A fresh snowflake: its timestamp bits are now, and it is strictly greater
/// than every snowflake made before in this process, so IDs sort by creation
/// as on Discord.
pub fn snowflake() -> u64 {
    static LAST: AtomicU64 = AtomicU64::new(0);
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let candidate = now_ms.saturating_sub(DISCORD_EPOCH_MS) << 22;
    let next = |last: u64| candidate.max(last + 1);
    let previous = LAST.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |l| Some(next(l)));
    next(previous.unwrap_or_else(|l| l))
}

/// The current time as Discord writes timestamps: `2024-05-01T12:00:00.000000+00:00`.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6f+00:00")
        .to_string()
}

/// A human user as Discord sends it in messages and interactions.
pub fn user(id: u64, username: &str) -> Value {
    json!({
        "id": id.to_string(),
        "username": username,
        "discriminator": "0",
        "global_name": username,
        "avatar": null,
        "public_flags": 0,
        "flags": 0,
        "banner": null,
        "accent_color": null,
        "avatar_decoration_data": null,
        "collectibles": null,
        "primary_guild": null,
    })
}

/// The default world's user ([`USER_ID`], "alice"), who asks for help.
pub fn default_user() -> Value {
    user(USER_ID, USER_NAME)
}

/// The default world's moderator ([`MOD_USER_ID`]).
pub fn moderator() -> Value {
    user(MOD_USER_ID, MOD_USER_NAME)
}

/// A bot user (`"bot": true`, legacy discriminator).
pub fn bot_user(id: u64, username: &str) -> Value {
    let mut bot = user(id, username);
    bot["bot"] = json!(true);
    bot["discriminator"] = json!("4821");
    bot["global_name"] = Value::Null;
    bot
}

/// The bot as `GET /users/@me` and READY describe it (a current user).
pub fn current_user(id: u64, username: &str) -> Value {
    let mut me = bot_user(id, username);
    me["verified"] = json!(true);
    me["mfa_enabled"] = json!(false);
    me["email"] = Value::Null;
    me["locale"] = json!("en-US");
    me["premium_type"] = json!(0);
    me
}

/// The author of a message sent through a webhook: id is the webhook's.
pub fn webhook_author(webhook_id: u64, name: &str) -> Value {
    let mut author = user(webhook_id, name);
    author["bot"] = json!(true);
    author["discriminator"] = json!("0000");
    author["global_name"] = Value::Null;
    author
}

pub(super) fn id_strings(ids: &[u64]) -> Vec<String> {
    ids.iter().map(u64::to_string).collect()
}

/// A guild member as `GET /guilds/{g}/members/{u}` and GUILD_CREATE send it.
pub fn member(user: &Value, roles: &[u64]) -> Value {
    let mut member = partial_member(roles);
    member["user"] = user.clone();
    member
}

/// A member as it appears in an interaction: with the invoker's total
/// `permissions` in the channel, as a string.
pub fn interaction_member(user: &Value, roles: &[u64], permissions: u64) -> Value {
    let mut member = member(user, roles);
    member["permissions"] = json!(permissions.to_string());
    member
}

/// The `member` of a guild MESSAGE_CREATE: a member without its `user`.
pub fn partial_member(roles: &[u64]) -> Value {
    json!({
        "roles": id_strings(roles),
        "nick": null,
        "avatar": null,
        "banner": null,
        "joined_at": "2024-03-01T09:30:00.000000+00:00",
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
        "unusual_dm_activity_until": null,
    })
}

pub fn role(id: u64, name: &str, permissions: u64, position: u16) -> Value {
    json!({
        "id": id.to_string(),
        "name": name,
        "description": null,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": position,
        "permissions": permissions.to_string(),
        "managed": false,
        "mentionable": false,
        "flags": 0,
    })
}

pub fn guild_text_channel(id: u64, guild_id: u64, name: &str) -> Value {
    json!({
        "id": id.to_string(),
        "type": 0,
        "guild_id": guild_id.to_string(),
        "name": name,
        "position": 0,
        "permission_overwrites": [],
        "topic": null,
        "nsfw": false,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "parent_id": null,
        "flags": 0,
    })
}

/// A DM channel with `recipient`, as `POST /users/@me/channels` answers.
pub fn dm_channel(id: u64, recipient: &Value) -> Value {
    json!({
        "id": id.to_string(),
        "type": 1,
        "last_message_id": null,
        "recipients": [recipient],
        "flags": 0,
    })
}

/// A guild as `GET /guilds/{id}` answers (the REST guild object).
pub fn guild(id: u64, name: &str, owner_id: u64, roles: &[Value]) -> Value {
    json!({
        "id": id.to_string(),
        "name": name,
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": owner_id.to_string(),
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": roles,
        "emojis": [],
        "features": ["COMMUNITY"],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500_000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
    })
}

/// GUILD_CREATE's `d`: the guild plus the gateway-only fields.
pub fn guild_create(guild: &Value, channels: &[Value], members: &[Value]) -> Value {
    let mut create = guild.clone();
    let extra = json!({
        "joined_at": "2024-03-01T09:00:00.000000+00:00",
        "large": false,
        "unavailable": false,
        "member_count": members.len(),
        "voice_states": [],
        "members": members,
        "channels": channels,
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "embedded_activities": [],
        "lazy": true,
    });
    if let (Some(target), Value::Object(extra)) = (create.as_object_mut(), extra) {
        target.extend(extra);
    }
    create
}

/// READY's `d`. Serenity needs `v, user, guilds, session_id,
/// resume_gateway_url, application{id, flags}`; `shard` is optional.
pub fn ready(
    user: &Value,
    guild_ids: &[u64],
    session_id: &str,
    resume_url: &str,
    application_id: u64,
) -> Value {
    let guilds: Vec<Value> = guild_ids
        .iter()
        .map(|id| json!({"id": id.to_string(), "unavailable": true}))
        .collect();
    json!({
        "v": 10,
        "user": user,
        "user_settings": {},
        "guilds": guilds,
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "guild_join_requests": [],
        "geo_ordered_rtc_regions": ["frankfurt", "rotterdam"],
        "session_type": "normal",
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "shard": [0, 1],
        "application": {"id": application_id.to_string(), "flags": APPLICATION_FLAGS},
        "auth": {},
    })
}

/// GATEWAY_GUILD_MEMBERS_LIMITED | GATEWAY_MESSAGE_CONTENT_LIMITED |
/// APPLICATION_COMMAND_BADGE: an unverified bot with slash commands.
pub const APPLICATION_FLAGS: u64 = (1 << 15) | (1 << 19) | (1 << 23);

/// `GET /oauth2/applications/@me` (poise calls it on start-up).
pub fn current_application(id: u64, bot: &Value, owner: &Value) -> Value {
    json!({
        "id": id.to_string(),
        "name": bot["username"],
        "icon": null,
        "description": "Triages failed identity verification reports.",
        "summary": "",
        "type": null,
        "hook": true,
        "bot_public": false,
        "bot_require_code_grant": false,
        "verify_key": "9d3f1c0b7e5a4d2c8b6a0f1e3d5c7b9a1f2e4d6c8b0a9f7e5d3c1b2a4f6e8d0c",
        "owner": owner,
        "team": null,
        "flags": APPLICATION_FLAGS,
        "bot": bot,
        "guild_id": null,
        "redirect_uris": [],
        "interactions_endpoint_url": null,
        "role_connections_verification_url": null,
        "tags": [],
        "approximate_guild_count": 1,
        "approximate_user_install_count": 0,
    })
}
