//! The REST side answers serenity's `Http` with objects serenity parses, names
//! routes as Discord's spec does, and refuses what Discord refuses with
//! Discord's status codes and error codes.

use serde_json::{json, Value};
use serenity::all::{
    ChannelId, Command, CommandInteraction, CreateActionRow, CreateAttachment, CreateButton,
    CreateCommand, CreateEmbed, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, EditInteractionResponse, EditMessage, GuildId,
    Interaction, MessageId, UserId,
};
use serenity::http::{HttpBuilder, HttpError};

use crate::support::fake_discord::openapi::find_operation;
use crate::support::fake_discord::payloads::{
    self, default_user, message_create, GUILD_ID, MOD_USER_ID, SUPPORT_CHANNEL_ID, USER_ID,
};
use crate::support::fake_discord::{
    assert_all_requests_valid, Failure, FakeConfig, FakeDiscord, RecordedBody,
};

/// (HTTP status, Discord error code) of a failed serenity call.
fn discord_error<T: std::fmt::Debug>(result: serenity::Result<T>) -> (u16, isize) {
    match result {
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(response))) => {
            (response.status_code.as_u16(), response.error.code)
        }
        other => panic!("expected a Discord error, got {other:?}"),
    }
}

const CHANNEL: ChannelId = ChannelId::new(SUPPORT_CHANNEL_ID);
const GUILD: GuildId = GuildId::new(GUILD_ID);

fn kyc_message() -> CreateMessage {
    CreateMessage::new()
        .content("Your passport photo was unreadable.")
        .embed(
            CreateEmbed::new()
                .title("Passport unreadable")
                .description("Avoid glare; all four corners."),
        )
        .components(vec![CreateActionRow::Buttons(vec![CreateButton::new(
            "helpful",
        )
        .label("This helped")])])
}

#[tokio::test]
async fn serenity_parses_every_answer() {
    let fake = FakeDiscord::start().await;
    let http = fake.http();

    let gateway = http.get_gateway().await.expect("gateway");
    assert_eq!(gateway.url, fake.gateway_url());
    assert_eq!(http.get_bot_gateway().await.expect("bot gateway").shards, 1);
    assert_eq!(
        http.get_current_user().await.expect("me").id.get(),
        fake.bot_user_id()
    );
    let app = http
        .get_current_application_info()
        .await
        .expect("application (poise asks)");
    assert_eq!(app.id.get(), fake.application_id());

    let commands = vec![CreateCommand::new("kyc").description("Get help with verification")];
    let global = Command::set_global_commands(&http, commands.clone())
        .await
        .expect("global commands");
    assert_eq!(global[0].name, "kyc");
    assert_eq!(fake.registered_command_id("kyc"), global[0].id.get());
    let local = GUILD
        .set_commands(&http, commands)
        .await
        .expect("guild commands");
    assert_eq!(local[0].guild_id, Some(GUILD));
    let search = CreateCommand::new("kb").description("Search the knowledge base");
    let added = Command::create_global_command(&http, search)
        .await
        .expect("one more command");
    let listed = Command::get_global_commands(&http)
        .await
        .expect("list commands");
    assert_eq!(
        listed.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![global[0].id, added.id]
    );

    let sent = CHANNEL
        .send_message(&http, kyc_message())
        .await
        .expect("message");
    assert_eq!(sent.author.id.get(), fake.bot_user_id());
    assert_eq!(sent.embeds[0].kind.as_deref(), Some("rich"));
    assert_eq!(sent.components.len(), 1);
    let edited = CHANNEL
        .edit_message(&http, sent.id, EditMessage::new().content("edited"))
        .await
        .expect("edit");
    assert_eq!(edited.content, "edited");
    assert!(edited.edited_timestamp.is_some());
    CHANNEL.broadcast_typing(&http).await.expect("typing");
    CHANNEL
        .create_reaction(&http, sent.id, '👍')
        .await
        .expect("reaction");
    CHANNEL
        .delete_message(&http, sent.id)
        .await
        .expect("delete");

    let upload = CreateAttachment::bytes(b"\x89PNG fake".to_vec(), "screenshot.png");
    let with_file = CHANNEL
        .send_message(&http, CreateMessage::new().content("see").add_file(upload))
        .await;
    let with_file = with_file.expect("multipart message");
    assert_eq!(with_file.attachments[0].filename, "screenshot.png");
    assert_eq!(with_file.attachments[0].size, 9);

    let dm = UserId::new(USER_ID)
        .create_dm_channel(&http)
        .await
        .expect("DM channel");
    assert_eq!(dm.recipient.id.get(), USER_ID);
    dm.id
        .say(&http, "Hi alice, about your verification...")
        .await
        .expect("DM message");
    assert!(CHANNEL
        .to_channel(&http)
        .await
        .expect("channel")
        .guild()
        .is_some());
    assert!(dm
        .id
        .to_channel(&http)
        .await
        .expect("DM channel")
        .private()
        .is_some());
    let member = GUILD
        .member(&http, UserId::new(MOD_USER_ID))
        .await
        .expect("member");
    assert_eq!(member.roles[0].get(), payloads::MOD_ROLE_ID);
    assert_eq!(GUILD.roles(&http).await.expect("roles").len(), 2);
    assert_eq!(
        GUILD.to_partial_guild(&http).await.expect("guild").name,
        "KYC Support"
    );

    let requests = fake.requests();
    let with_file = requests
        .iter()
        .find(|r| !r.files().is_empty())
        .expect("the upload was recorded");
    assert!(matches!(with_file.body, RecordedBody::Multipart { .. }));
    assert_eq!(with_file.files()[0].bytes, b"\x89PNG fake");
    for request in &requests {
        let spec = find_operation(&request.method, &request.path).map(|op| op.id);
        assert_eq!(
            spec,
            Some(request.operation),
            "the fake names {} as the spec does",
            request.summary()
        );
        assert!(
            request.status < 300,
            "{}: {:?}",
            request.summary(),
            request.response
        );
        assert_eq!(
            request.headers["authorization"],
            format!("Bot {}", fake.token())
        );
    }
    fake.assert_no_unknown_routes();
    assert_all_requests_valid(&fake);
}

/// An interaction the fake knows about, parsed by serenity as a bot would get it.
fn command_interaction(fake: &FakeDiscord) -> CommandInteraction {
    let d = payloads::slash_command("kyc", vec![]).build();
    fake.learn("INTERACTION_CREATE", &d);
    match serde_json::from_value::<Interaction>(d).expect("parses") {
        Interaction::Command(command) => command,
        other => panic!("not a command: {other:?}"),
    }
}

#[tokio::test]
async fn interaction_responses_follow_discords_rules() {
    let fake = FakeDiscord::start().await;
    let http = fake.http();

    let command = command_interaction(&fake);
    let no_original = command.get_response(&http).await;
    assert_eq!(
        discord_error(no_original),
        (404, 10008),
        "no @original before responding"
    );
    let early = command
        .create_followup(&http, CreateInteractionResponseFollowup::new().content("x"))
        .await;
    assert_eq!(
        discord_error(early),
        (404, 10015),
        "no follow-up before responding"
    );
    let wrong = CreateInteractionResponse::Autocomplete(Default::default());
    assert_eq!(
        discord_error(command.create_response(&http, wrong).await),
        (400, 50035)
    );

    let reply = CreateInteractionResponseMessage::new().content("Checking your case");
    command
        .create_response(&http, CreateInteractionResponse::Message(reply.clone()))
        .await
        .expect("204");
    let again = command
        .create_response(&http, CreateInteractionResponse::Message(reply))
        .await;
    assert_eq!(discord_error(again), (400, 40060), "answered twice");
    assert_eq!(
        command
            .get_response(&http)
            .await
            .expect("@original")
            .content,
        "Checking your case"
    );
    let edit = EditInteractionResponse::new().content("Case #12 opened");
    assert_eq!(
        command
            .edit_response(&http, edit)
            .await
            .expect("edit @original")
            .content,
        "Case #12 opened"
    );
    let followup = CreateInteractionResponseFollowup::new().content("A moderator will reply here.");
    let sent = command
        .create_followup(&http, followup)
        .await
        .expect("follow-up");
    command
        .delete_followup(&http, sent.id)
        .await
        .expect("delete follow-up");
    command
        .delete_response(&http)
        .await
        .expect("delete @original");

    let deferred = command_interaction(&fake);
    deferred.defer(&http).await.expect("defer");
    let first = CreateInteractionResponseFollowup::new().content("found it");
    let filled = deferred
        .create_followup(&http, first)
        .await
        .expect("first follow-up after a deferral");
    assert_eq!(
        filled.id,
        deferred.get_response(&http).await.expect("@original").id,
        "it edits @original"
    );

    let ack = CreateInteractionResponse::Acknowledge;
    let on_command = command_interaction(&fake).create_response(&http, ack).await;
    assert_eq!(
        discord_error(on_command),
        (400, 50035),
        "type 6 is for components"
    );
    let unknown =
        serde_json::from_value::<Interaction>(payloads::slash_command("kyc", vec![]).build());
    let unknown = unknown.expect("parses").command().expect("command");
    let defer = CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new());
    assert_eq!(
        discord_error(unknown.create_response(&http, defer).await),
        (404, 10062),
        "never dispatched"
    );

    let strict = FakeDiscord::start_with(FakeConfig {
        interaction_deadline: Some(std::time::Duration::ZERO),
        ..FakeConfig::default()
    })
    .await;
    let late = command_interaction(&strict);
    let defer = CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new());
    assert_eq!(
        discord_error(late.create_response(&strict.http(), defer).await),
        (404, 10062),
        "too late"
    );
    assert_all_requests_valid(&fake);
}

#[tokio::test]
async fn errors_look_like_discords() {
    let fake = FakeDiscord::start().await;
    let http = fake.http();
    let sent = CHANNEL.say(&http, "to be deleted").await.expect("message");

    fake.fail(Failure::missing_permissions("delete_message").times(1));
    assert_eq!(
        discord_error(CHANNEL.delete_message(&http, sent.id).await),
        (403, 50013)
    );
    CHANNEL
        .delete_message(&http, sent.id)
        .await
        .expect("the failure was for one request");
    assert_eq!(
        discord_error(CHANNEL.delete_message(&http, sent.id).await),
        (404, 10008)
    );

    let long = CreateMessage::new().embed(CreateEmbed::new().description("x".repeat(4097)));
    let result = CHANNEL.send_message(&http, long).await;
    let Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(invalid))) = result else {
        panic!("expected 400, got {result:?}")
    };
    assert_eq!(
        (invalid.status_code.as_u16(), invalid.error.code),
        (400, 50035)
    );
    assert_eq!(invalid.error.errors[0].path, "embeds.0.description");
    assert_eq!(invalid.error.errors[0].code, "BASE_TYPE_MAX_LENGTH");

    assert_eq!(
        discord_error(CHANNEL.say(&http, "").await),
        (400, 50006),
        "empty message"
    );
    assert_eq!(
        discord_error(ChannelId::new(42).say(&http, "hi").await),
        (404, 10003)
    );
    let stray = CreateMessage::new()
        .content("re")
        .reference_message((CHANNEL, MessageId::new(7)));
    assert_eq!(
        discord_error(CHANNEL.send_message(&http, stray).await),
        (400, 50035),
        "reply to nothing"
    );
    let others = message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), default_user(), "mine").build();
    fake.learn("MESSAGE_CREATE", &others);
    let theirs = MessageId::new(
        others["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .expect("id"),
    );
    let edit = CHANNEL
        .edit_message(&http, theirs, EditMessage::new().content("hacked"))
        .await;
    assert_eq!(discord_error(edit), (403, 50005));

    let bad_token = HttpBuilder::new("wrong")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build();
    assert_eq!(discord_error(bad_token.get_current_user().await), (401, 0));

    assert_eq!(
        discord_error(http.get_user(UserId::new(USER_ID)).await),
        (404, 0),
        "a route the fake lacks"
    );
    assert_eq!(fake.unknown_requests().len(), 1);
    let complaint = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        fake.assert_no_unknown_routes()
    }));
    assert!(complaint.is_err(), "unknown routes are reported");
}

#[tokio::test]
async fn wait_for_request_hands_out_each_request_once() {
    let fake = FakeDiscord::start().await;
    let http = fake.http();
    for text in ["one", "two"] {
        CHANNEL.say(&http, text).await.expect("message");
    }
    let content =
        |r: &crate::support::fake_discord::RecordedRequest| r.json().map(|b| b["content"].clone());
    let is_message =
        |r: &crate::support::fake_discord::RecordedRequest| r.is("POST", "/channels/*/messages");
    let first = fake
        .wait_for_request(is_message, crate::support::fake_discord::TIMEOUT)
        .await;
    let second = fake
        .wait_for_request(is_message, crate::support::fake_discord::TIMEOUT)
        .await;
    assert_eq!(
        (content(&first), content(&second)),
        (Some(json!("one")), Some(json!("two")))
    );
    assert_eq!(
        first.response.as_ref().map(|m| m["content"].clone()),
        Some(Value::from("one"))
    );
}

/// Sends one raw HTTP/1.1 request to the fake and returns the response's
/// head (status line and headers, lower-cased) and body, to see what
/// serenity does not show: the headers.
fn raw_request(
    api_base: &str,
    method: &str,
    path: &str,
    token: &str,
    body: &str,
) -> (String, String) {
    use std::io::{Read, Write};
    let address = api_base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).expect("the fake listens");
    write!(
        stream,
        "{method} /api/v10{path} HTTP/1.1\r\nhost: {address}\r\nauthorization: Bot {token}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("request written");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response read");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (head.to_ascii_lowercase(), body.to_owned())
}

#[tokio::test]
async fn a_scripted_429_looks_like_discords_and_hits_only_its_path() {
    let fake = FakeDiscord::start().await;
    let http = fake.http();
    fake.fail(
        Failure::rate_limited("create_message", 0.4)
            .at(&format!("/channels/{SUPPORT_CHANNEL_ID}/messages"))
            .times(1),
    );
    let base = fake.api_base();
    let token = fake.token().to_owned();
    let (head, body) = tokio::task::spawn_blocking(move || {
        raw_request(
            &base,
            "POST",
            &format!("/channels/{SUPPORT_CHANNEL_ID}/messages"),
            &token,
            r#"{"content":"hi"}"#,
        )
    })
    .await
    .unwrap();
    assert!(head.starts_with("http/1.1 429"), "{head}");
    assert!(head.contains("\r\nretry-after: 1"), "{head}");
    assert!(head.contains("\r\nx-ratelimit-remaining: 0"), "{head}");
    let body: Value = serde_json::from_str(body.trim()).expect("a JSON body");
    assert_eq!(body["retry_after"], 0.4);
    assert_eq!(body["global"], false);
    assert!(body["message"].as_str().unwrap().contains("rate limited"));

    // Once only, and on its path only.
    CHANNEL
        .say(&http, "now")
        .await
        .expect("the 429 was for one request");
    fake.fail(
        Failure::rate_limited("create_message", 0.4)
            .at(&format!("/channels/{SUPPORT_CHANNEL_ID}/messages"))
            .times(1),
    );
    let statuses: Vec<u16> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200]);
    assert_eq!(
        discord_error(CHANNEL.say(&http, "limited").await).0,
        429,
        "serenity sees the status (its error body has no code: -1)"
    );
    assert_all_requests_valid(&fake);
}

#[tokio::test]
async fn private_threads_are_refused_in_forums_and_threads_as_discord_does() {
    use serenity::all::{ChannelType, CreateThread};
    let mut config = FakeConfig::default();
    let mut forum = payloads::guild_text_channel(1_180_000_000_000_000_210, GUILD_ID, "forum");
    forum["type"] = json!(15);
    config.guilds[0].channels.push(forum);
    let fake = FakeDiscord::start_with(config).await;
    let http = fake.http();
    let private = || CreateThread::new("Case #1").kind(ChannelType::PrivateThread);
    let forum = ChannelId::new(1_180_000_000_000_000_210);
    assert_eq!(
        discord_error(forum.create_thread(&http, private()).await),
        (400, 50024)
    );
    let thread = CHANNEL
        .create_thread(&http, private())
        .await
        .expect("a text channel holds private threads");
    assert_eq!(
        discord_error(thread.id.create_thread(&http, private()).await),
        (400, 50024),
        "no threads in threads"
    );
    assert_all_requests_valid(&fake);
}
