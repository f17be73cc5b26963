//! Every payload builder's output deserializes with serenity's own model
//! types, as a dispatch (`GatewayEvent`, exactly what serenity's shard parses)
//! and as the specific type. serenity turns a dispatch it cannot parse into
//! `Event::Unknown` and logs it at DEBUG, so without this test a broken
//! builder would show up only as a handler that never runs.
//!
//! Parsing is not enough either: serenity ignores keys it does not know, so a
//! misspelt field would vanish silently. `assert_keys_survive` re-serializes
//! serenity's value and checks that every key the builder wrote is still
//! there, except the few Discord sends that serenity 0.12.5 does not model.

use serde_json::{json, Value};
use serenity::model::application::Interaction;
use serenity::model::channel::{Channel, GuildChannel, Message, PrivateChannel};
use serenity::model::event::{Event, GatewayEvent};
use serenity::model::gateway::Ready;
use serenity::model::guild::{Guild, Member, PartialGuild, Role};
use serenity::model::user::CurrentUser;

use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::GuildFixture;

/// Parses `d` as serenity's shard does (a whole frame into `GatewayEvent`) and
/// fails with serenity's own error message if it would be dropped.
pub fn parse_dispatch(event: &str, d: &Value) -> Event {
    let frame = json!({"op": 0, "s": 1, "t": event, "d": d});
    match serde_json::from_value::<GatewayEvent>(frame) {
        Ok(GatewayEvent::Dispatch(_, Event::Unknown(_))) => {
            panic!(
                "serenity drops this {event}: {}\npayload: {d:#}",
                specific_error(event, d)
            )
        }
        Ok(GatewayEvent::Dispatch(_, parsed)) => parsed,
        Ok(other) => panic!("{event} parsed as a non-dispatch: {other:?}"),
        Err(err) => panic!("{event} frame does not parse: {err}"),
    }
}

/// Why serenity's specific type rejects `d` (the dispatch parser only says "unknown").
fn specific_error(event: &str, d: &Value) -> String {
    let result = match event {
        "MESSAGE_CREATE" => serde_json::from_value::<Message>(d.clone()).map(drop),
        "INTERACTION_CREATE" => serde_json::from_value::<Interaction>(d.clone()).map(drop),
        "READY" => serde_json::from_value::<Ready>(d.clone()).map(drop),
        "GUILD_CREATE" => serde_json::from_value::<Guild>(d.clone()).map(drop),
        _ => return "no specific type to ask".into(),
    };
    result.err().map_or_else(
        || "the specific type parses; the event wrapper does not".into(),
        |e| e.to_string(),
    )
}

/// Every key of `ours` (recursively, through objects and arrays) is present
/// in `theirs`, serenity's re-serialization, except paths listed in
/// `unmodelled` (dotted, `*` for any array index or map key).
pub fn assert_keys_survive(what: &str, ours: &Value, theirs: &Value, unmodelled: &[&str]) {
    let mut lost = Vec::new();
    walk(ours, theirs, String::new(), unmodelled, &mut lost);
    assert!(
        lost.is_empty(),
        "{what}: serenity drops {lost:?}; misspelt, or add to the unmodelled list"
    );
}

fn walk(ours: &Value, theirs: &Value, path: String, unmodelled: &[&str], lost: &mut Vec<String>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    let listed = |p: &str| unmodelled.iter().any(|u| glob(u, p));
    match (ours, theirs) {
        (Value::Object(mine), Value::Object(serenity)) => {
            for (key, value) in mine {
                let here = join(key);
                match serenity.get(key) {
                    _ if listed(&here) => {}
                    // serenity omits None/empty fields when serializing; a null we sent is not lost.
                    None if value.is_null() || value == &json!([]) || value == &json!({}) => {}
                    None => lost.push(here),
                    Some(theirs) => walk(value, theirs, here, unmodelled, lost),
                }
            }
        }
        (Value::Array(mine), Value::Array(serenity)) => {
            for (index, (a, b)) in mine.iter().zip(serenity).enumerate() {
                walk(a, b, join(&index.to_string()), unmodelled, lost);
            }
        }
        _ => {}
    }
}

/// `*` matches one segment; a leading `**.` matches any depth (including none).
fn glob(pattern: &str, path: &str) -> bool {
    let q: Vec<&str> = path.split('.').collect();
    let (anywhere, pattern) = match pattern.strip_prefix("**.") {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    let p: Vec<&str> = pattern.split('.').collect();
    let fits = |tail: &[&str]| {
        tail.len() == p.len() && p.iter().zip(tail).all(|(a, b)| *a == "*" || a == b)
    };
    if anywhere {
        q.len() >= p.len() && fits(&q[q.len() - p.len()..])
    } else {
        fits(&q)
    }
}

/// Keys Discord sends in messages that serenity 0.12.5 does not keep:
/// `discriminator: "0"` (new usernames) becomes None and is not written back;
/// a message's partial member has no `flags` field.
const MESSAGE_UNMODELLED: &[&str] = &["**.discriminator", "**.member.flags"];

fn message_event(d: &Value) -> Message {
    match parse_dispatch("MESSAGE_CREATE", d) {
        Event::MessageCreate(event) => {
            let theirs = serde_json::to_value(&event.message).expect("serializes");
            assert_keys_survive("MESSAGE_CREATE", d, &theirs, MESSAGE_UNMODELLED);
            event.message
        }
        other => panic!("expected MessageCreate, got {other:?}"),
    }
}

#[test]
fn guild_message_parses_with_member_and_guild() {
    let d = message_create(
        SUPPORT_CHANNEL_ID,
        Some(GUILD_ID),
        default_user(),
        "my selfie was rejected",
    )
    .roles(&[MOD_ROLE_ID])
    .build();
    let message = message_event(&d);
    assert_eq!(message.content, "my selfie was rejected");
    assert_eq!(message.guild_id.map(|g| g.get()), Some(GUILD_ID));
    assert_eq!(message.author.id.get(), USER_ID);
    assert!(!message.author.bot);
    let member = message
        .member
        .expect("guild messages carry the author's member");
    assert_eq!(
        member.roles.iter().map(|r| r.get()).collect::<Vec<_>>(),
        vec![MOD_ROLE_ID]
    );
}

#[test]
fn dm_message_parses_without_guild() {
    let d = message_create(
        snowflake(),
        None,
        default_user(),
        "你好，我的护照验证失败了",
    )
    .build();
    let message = message_event(&d);
    assert_eq!(message.guild_id, None);
    assert!(message.member.is_none());
    assert_eq!(message.content, "你好，我的护照验证失败了");
}

#[test]
fn mentions_replies_attachments_and_bots_survive() {
    let bot = bot_user(BOT_USER_ID, BOT_NAME);
    let earlier = message(snowflake(), SUPPORT_CHANNEL_ID, &bot, "What went wrong?");
    let d = message_create(
        SUPPORT_CHANNEL_ID,
        Some(GUILD_ID),
        default_user(),
        "it says blurry",
    )
    .mention(&bot)
    .mention_role(MOD_ROLE_ID)
    .reply_to(&earlier)
    .attachment(attachment(
        SUPPORT_CHANNEL_ID,
        "id-front.png",
        "image/png",
        48_213,
    ))
    .build();
    let message = message_event(&d);
    assert_eq!(
        message.content,
        format!("<@&{MOD_ROLE_ID}> <@{BOT_USER_ID}> it says blurry")
    );
    assert_eq!(message.mentions.len(), 1);
    assert!(message.mentions[0].bot);
    assert_eq!(message.mention_roles[0].get(), MOD_ROLE_ID);
    let referenced = message.referenced_message.expect("the replied-to message");
    assert_eq!(referenced.content, "What went wrong?");
    let reference = message.message_reference.expect("a message reference");
    assert_eq!(reference.message_id, Some(referenced.id));
    assert_eq!(message.attachments[0].filename, "id-front.png");
    assert_eq!(message.attachments[0].height, Some(1920));
}

#[test]
fn bot_and_webhook_messages_parse() {
    let from_bot = message_create(
        SUPPORT_CHANNEL_ID,
        Some(GUILD_ID),
        bot_user(snowflake(), "other-bot"),
        "beep",
    )
    .build();
    assert!(message_event(&from_bot).author.bot);

    let hook = snowflake();
    let d = message_create(
        SUPPORT_CHANNEL_ID,
        Some(GUILD_ID),
        webhook_author(hook, "Status page"),
        "all green",
    )
    .webhook(hook)
    .build();
    let message = message_event(&d);
    assert_eq!(message.webhook_id.map(|w| w.get()), Some(hook));
    assert!(message.member.is_none());
}

#[test]
fn ready_resumed_and_guild_create_parse() {
    let me = current_user(BOT_USER_ID, BOT_NAME);
    let d = ready(
        &me,
        &[GUILD_ID],
        "0123456789abcdef",
        "ws://127.0.0.1:1",
        APPLICATION_ID,
    );
    let Event::Ready(event) = parse_dispatch("READY", &d) else {
        panic!("not READY")
    };
    assert_eq!(event.ready.application.id.get(), APPLICATION_ID);
    assert_eq!(event.ready.user.id.get(), BOT_USER_ID);
    assert_eq!(event.ready.session_id, "0123456789abcdef");
    assert_eq!(event.ready.guilds[0].id.get(), GUILD_ID);

    assert!(matches!(
        parse_dispatch("RESUMED", &json!({})),
        Event::Resumed(_)
    ));

    let guild = GuildFixture::support_guild(&bot_user(BOT_USER_ID, BOT_NAME));
    let Event::GuildCreate(event) = parse_dispatch("GUILD_CREATE", &guild.guild_create()) else {
        panic!("not GUILD_CREATE")
    };
    assert_eq!(event.guild.name, "KYC Support");
    assert_eq!(event.guild.channels.len(), 1);
    assert_eq!(event.guild.members.len(), 3);
    assert_eq!(event.guild.roles.len(), 2);
    let mods = &event.guild.members[&MOD_USER_ID.into()];
    assert_eq!(mods.roles[0].get(), MOD_ROLE_ID);
}

#[test]
fn rest_objects_parse() {
    let me: CurrentUser =
        serde_json::from_value(current_user(BOT_USER_ID, BOT_NAME)).expect("current user");
    assert!(me.bot);

    let guild = GuildFixture::support_guild(&bot_user(BOT_USER_ID, BOT_NAME));
    let partial: PartialGuild = serde_json::from_value(guild.guild_object()).expect("REST guild");
    assert_eq!(partial.roles.len(), 2);
    let role: Role = serde_json::from_value(guild.roles[1].clone()).expect("role");
    assert_eq!(role.permissions.bits(), permissions::MODERATOR);
    let member: Member = serde_json::from_value(guild.members[1].clone()).expect("member");
    assert_eq!(member.user.id.get(), MOD_USER_ID);

    let text: GuildChannel =
        serde_json::from_value(guild.channels[0].clone()).expect("guild channel");
    assert_eq!(text.name, "kyc-help");
    let dm: PrivateChannel =
        serde_json::from_value(dm_channel(snowflake(), &default_user())).expect("DM channel");
    assert_eq!(dm.recipient.id.get(), USER_ID);
    let any: Channel = serde_json::from_value(guild.channels[0].clone()).expect("channel enum");
    assert!(matches!(any, Channel::Guild(_)));

    let app = current_application(
        APPLICATION_ID,
        &bot_user(BOT_USER_ID, BOT_NAME),
        &default_user(),
    );
    let info: serenity::model::application::CurrentApplicationInfo =
        serde_json::from_value(app).expect("application info");
    assert_eq!(info.id.get(), APPLICATION_ID);
}

#[test]
fn snowflakes_are_unique_and_ordered() {
    let ids: Vec<u64> = (0..1000).map(|_| snowflake()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

#[test]
#[should_panic(expected = "serenity drops [\"refrenced_message\"]")]
fn the_key_check_catches_a_misspelt_field() {
    let bot = bot_user(BOT_USER_ID, BOT_NAME);
    let mut d = message_create(SUPPORT_CHANNEL_ID, None, default_user(), "hi").build();
    d["refrenced_message"] = message(snowflake(), SUPPORT_CHANNEL_ID, &bot, "earlier");
    message_event(&d);
}
