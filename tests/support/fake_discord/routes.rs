//! What each route does: the table from method and path to Discord's
//! `operationId` and a [`Route`], and the handlers, which read and write the
//! [`World`](super::world::World). Interaction callbacks and webhook routes
//! are in `webhooks.rs`.
//!
//! To serve a route the bot starts using: add a [`Route`] variant, a line in
//! [`resolve`] named with the `operationId` Discord's spec gives that path
//! (`serenity_parses_every_answer` checks the names agree), and an arm in
//! [`handle`] answering with an object serenity parses (prove it in that
//! test). Until then the bot gets a 404 and `assert_no_unknown_routes` fails.

use serde_json::{json, Value};

use super::record::{FilePart, RecordedBody};
use super::rest::Reply;
use super::webhooks::{self, Target};
use super::world::id_of;
use super::{payloads, Shared, State};

/// A route the fake serves, with the ids from its path.
#[derive(Debug)]
pub(crate) enum Route<'a> {
    Gateway,
    GatewayBot,
    Me,
    Application,
    ListCommands(u64, Option<u64>),
    SetCommands(u64, Option<u64>),
    CreateCommand(u64, Option<u64>),
    CreateMessage(u64),
    Message(u64, u64),
    Typing(u64),
    React(u64, u64),
    CreateDm,
    Channel(u64),
    CreateThread(u64),
    ThreadMember(u64, u64),
    Guild(u64),
    Roles(u64),
    Member(u64, u64),
    Callback(u64, &'a str),
    /// `/webhooks/{application}/{token}...`: an interaction's messages.
    Webhook(u64, &'a str, Target),
}

/// Maps a method and the path segments after `/api/v10` to Discord's
/// `operationId` for it and a [`Route`].
pub(crate) fn resolve<'a>(method: &str, segments: &[&'a str]) -> Option<(&'static str, Route<'a>)> {
    use Route::*;
    let id = |segment: &str| segment.parse::<u64>().ok();
    Some(match (method, segments) {
        ("GET", ["gateway"]) => ("get_gateway", Gateway),
        ("GET", ["gateway", "bot"]) => ("get_bot_gateway", GatewayBot),
        ("GET", ["users", "@me"]) => ("get_my_user", Me),
        ("GET", ["oauth2", "applications", "@me"]) => ("get_my_oauth2_application", Application),
        ("GET", ["applications", a, "commands"]) => {
            ("list_application_commands", ListCommands(id(a)?, None))
        }
        ("PUT", ["applications", a, "commands"]) => {
            ("bulk_set_application_commands", SetCommands(id(a)?, None))
        }
        ("POST", ["applications", a, "commands"]) => {
            ("create_application_command", CreateCommand(id(a)?, None))
        }
        ("GET", ["applications", a, "guilds", g, "commands"]) => (
            "list_guild_application_commands",
            ListCommands(id(a)?, Some(id(g)?)),
        ),
        ("PUT", ["applications", a, "guilds", g, "commands"]) => (
            "bulk_set_guild_application_commands",
            SetCommands(id(a)?, Some(id(g)?)),
        ),
        ("POST", ["applications", a, "guilds", g, "commands"]) => (
            "create_guild_application_command",
            CreateCommand(id(a)?, Some(id(g)?)),
        ),
        ("POST", ["channels", c, "messages"]) => ("create_message", CreateMessage(id(c)?)),
        ("GET", ["channels", c, "messages", m]) => ("get_message", Message(id(c)?, id(m)?)),
        ("PATCH", ["channels", c, "messages", m]) => ("update_message", Message(id(c)?, id(m)?)),
        ("DELETE", ["channels", c, "messages", m]) => ("delete_message", Message(id(c)?, id(m)?)),
        ("POST", ["channels", c, "typing"]) => ("trigger_typing_indicator", Typing(id(c)?)),
        ("PUT", ["channels", c, "messages", m, "reactions", _, "@me"]) => {
            ("add_my_message_reaction", React(id(c)?, id(m)?))
        }
        ("POST", ["users", "@me", "channels"]) => ("create_dm", CreateDm),
        ("GET", ["channels", c]) => ("get_channel", Channel(id(c)?)),
        ("PATCH", ["channels", c]) => ("update_channel", Channel(id(c)?)),
        ("POST", ["channels", c, "threads"]) => ("create_thread", CreateThread(id(c)?)),
        ("PUT", ["channels", c, "thread-members", u]) => {
            ("add_thread_member", ThreadMember(id(c)?, id(u)?))
        }
        ("GET", ["guilds", g]) => ("get_guild", Guild(id(g)?)),
        ("GET", ["guilds", g, "roles"]) => ("list_guild_roles", Roles(id(g)?)),
        ("GET", ["guilds", g, "members", u]) => ("get_guild_member", Member(id(g)?, id(u)?)),
        ("POST", ["interactions", i, token, "callback"]) => {
            ("create_interaction_response", Callback(id(i)?, token))
        }
        ("POST", ["webhooks", a, token]) => {
            ("execute_webhook", Webhook(id(a)?, token, Target::Execute))
        }
        (_, ["webhooks", a, token, "messages", m]) => {
            let (operation, target) = match (method, *m) {
                ("GET", "@original") => ("get_original_webhook_message", Target::Original),
                ("PATCH", "@original") => ("update_original_webhook_message", Target::Original),
                ("DELETE", "@original") => ("delete_original_webhook_message", Target::Original),
                ("GET", m) => ("get_webhook_message", Target::Message(id(m)?)),
                ("PATCH", m) => ("update_webhook_message", Target::Message(id(m)?)),
                ("DELETE", m) => ("delete_webhook_message", Target::Message(id(m)?)),
                _ => return None,
            };
            (operation, Webhook(id(a)?, token, target))
        }
        _ => return None,
    })
}

pub(crate) fn handle(
    state: &mut State,
    shared: &Shared,
    method: &str,
    route: Route<'_>,
    body: &RecordedBody,
) -> Reply {
    let config = &shared.config;
    let json = body.json().cloned().unwrap_or(Value::Null);
    let files = body.files();
    let world = &mut state.world;
    match route {
        Route::Gateway => Reply::ok(json!({"url": advertised_gateway(shared)})),
        Route::GatewayBot => Reply::ok(json!({
            "url": advertised_gateway(shared),
            "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1},
        })),
        Route::Me => Reply::ok(payloads::current_user(config.bot_user_id, &config.bot_name)),
        Route::Application => {
            let owner = payloads::user(payloads::MOD_USER_ID, payloads::MOD_USER_NAME);
            Reply::ok(payloads::current_application(
                config.application_id,
                &world.bot,
                &owner,
            ))
        }
        Route::ListCommands(app, _) | Route::SetCommands(app, _) | Route::CreateCommand(app, _)
            if app != config.application_id =>
        {
            Reply::error(403, 50001, "Missing Access")
        }
        Route::ListCommands(_, guild) => {
            let guild = guild.map(|g| g.to_string());
            let listed: Vec<&Value> = world
                .commands
                .iter()
                .filter(|c| c.get("guild_id").and_then(Value::as_str) == guild.as_deref())
                .collect();
            Reply::ok(json!(listed))
        }
        Route::SetCommands(_, guild) => Reply::ok(world.set_commands(guild, &json)),
        Route::CreateCommand(_, guild) => Reply {
            status: 201,
            body: Some(world.create_command(guild, &json)),
        },
        Route::CreateMessage(channel) => {
            if world.channel(channel).is_none() {
                return Reply::error(404, 10003, "Unknown Channel");
            }
            if is_empty_message(&json, files) {
                return Reply::error(400, 50006, "Cannot send an empty message");
            }
            match world.create_message(channel, &json, files) {
                Ok(message) => {
                    state.announce(config, &message);
                    Reply::ok(message)
                }
                Err(rejection) => rejection.into(),
            }
        }
        Route::Message(channel, id) => {
            let Some(message) = world
                .message(id)
                .filter(|m| id_of(&m["channel_id"]) == Some(channel))
            else {
                return Reply::error(404, 10008, "Unknown Message");
            };
            let by_bot = id_of(&message["author"]["id"]) == Some(config.bot_user_id);
            match method {
                "GET" => Reply::ok(message.clone()),
                // The bot has MANAGE_MESSAGES in the default world; inject a
                // `Failure::missing_permissions("delete_message")` to test without.
                "DELETE" => {
                    world.delete_message(id);
                    Reply::no_content()
                }
                _ if !by_bot => {
                    Reply::error(403, 50005, "Cannot edit a message authored by another user")
                }
                _ => world
                    .edit_message(id, &json, files)
                    .map_or_else(Reply::from, Reply::ok),
            }
        }
        Route::Typing(channel) if world.channel(channel).is_some() => Reply::no_content(),
        Route::React(_, message) if world.message(message).is_some() => Reply::no_content(),
        Route::Typing(_) => Reply::error(404, 10003, "Unknown Channel"),
        Route::React(..) => Reply::error(404, 10008, "Unknown Message"),
        Route::CreateDm => {
            let recipient = json["recipient_id"].as_str().and_then(|id| id.parse().ok());
            match recipient.and_then(|user| world.dm_with(user)) {
                Some(channel) => Reply::ok(channel),
                None => Reply::error(400, 50007, "Cannot send messages to this user"),
            }
        }
        Route::Channel(id) if method == "PATCH" => world
            .update_channel(id, &json)
            .map_or_else(Reply::from, Reply::ok),
        Route::CreateThread(parent) => match world.create_thread(parent, &json) {
            Ok(thread) => Reply {
                status: 201,
                body: Some(thread),
            },
            Err(rejection) => rejection.into(),
        },
        Route::ThreadMember(thread, user) => match world.add_thread_member(thread, user) {
            Ok(()) => Reply::no_content(),
            Err(rejection) => rejection.into(),
        },
        Route::Channel(id) => match world.channel(id) {
            Some(channel) => Reply::ok(channel.clone()),
            None => Reply::error(404, 10003, "Unknown Channel"),
        },
        Route::Guild(id) => match world.guild(id) {
            Some(guild) => Reply::ok(guild.guild_object()),
            None => Reply::error(404, 10004, "Unknown Guild"),
        },
        Route::Roles(id) => match world.guild(id) {
            Some(guild) => Reply::ok(json!(guild.roles)),
            None => Reply::error(404, 10004, "Unknown Guild"),
        },
        Route::Member(guild, user) => match (world.guild(guild), world.member(guild, user)) {
            (None, _) => Reply::error(404, 10004, "Unknown Guild"),
            (Some(_), None) => Reply::error(404, 10007, "Unknown Member"),
            (Some(_), Some(member)) => Reply::ok(member.clone()),
        },
        Route::Callback(id, token) => webhooks::callback(state, config, id, token, &json, files),
        Route::Webhook(app, token, target) => {
            webhooks::webhook(state, config, method, (app, token, target), &json, files)
        }
    }
}

/// Discord refuses a message with nothing to show (code 50006).
pub(crate) fn is_empty_message(body: &Value, files: &[FilePart]) -> bool {
    let has = |key: &str| match &body[key] {
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Null => false,
        _ => true,
    };
    files.is_empty()
        && !["content", "embeds", "components", "sticker_ids", "poll"]
            .iter()
            .any(|k| has(k))
}

/// The gateway URL `GET /gateway` gives out (see `FakeConfig::advertised_gateway`).
fn advertised_gateway(shared: &Shared) -> &str {
    shared
        .config
        .advertised_gateway
        .as_deref()
        .unwrap_or(&shared.gateway_url)
}
