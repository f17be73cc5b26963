//! The real serenity client, built the way the bot builds it, works against
//! the fake: it connects, answers messages and interactions, survives
//! disconnects by resuming, identifies anew after an invalid session, and
//! shuts down cleanly.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use serenity::all::{
    ActionRowComponent, Command, CommandOptionType, Context, CreateActionRow,
    CreateAutocompleteResponse, CreateButton, CreateCommand, CreateCommandOption, CreateEmbed,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    EditInteractionResponse, EventHandler, GatewayIntents, Interaction, Message, Ready,
};
use serenity::client::ClientBuilder;
use serenity::gateway::ShardManager;
use serenity::http::HttpBuilder;

use crate::support::fake_discord::payloads::{
    self, button_click, callback_path, default_user, focused, message_create, modal_submit,
    string_option, GUILD_ID, SUPPORT_CHANNEL_ID,
};
use crate::support::fake_discord::{
    assert_all_requests_valid, FakeDiscord, RecordedRequest, TIMEOUT,
};

/// A small bot: echoes messages, registers and answers `/kyc` and `/slow`.
struct TestBot;

#[serenity::async_trait]
impl EventHandler for TestBot {
    async fn ready(&self, ctx: Context, _ready: Ready) {
        let problem =
            CreateCommandOption::new(CommandOptionType::String, "problem", "What went wrong")
                .required(true)
                .set_autocomplete(true);
        let commands = vec![
            CreateCommand::new("kyc")
                .description("Get help with verification")
                .add_option(problem),
            CreateCommand::new("slow")
                .description("Answers after thinking")
                .default_member_permissions(serenity::all::Permissions::MANAGE_MESSAGES),
        ];
        Command::set_global_commands(&ctx.http, commands)
            .await
            .expect("register commands");
    }

    async fn message(&self, ctx: Context, message: Message) {
        if message.author.bot {
            return; // the fake echoes the bot's own messages, as Discord does
        }
        let _ = message
            .reply(&ctx, format!("echo: {}", message.content))
            .await;
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let http = &ctx.http;
        let result = match interaction {
            Interaction::Command(command) if command.data.name == "kyc" => {
                let problem = command.data.options[0]
                    .value
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                let reply = CreateInteractionResponseMessage::new()
                    .content(format!("Looking into: {problem}"))
                    .embed(
                        CreateEmbed::new()
                            .title("Selfie rejected")
                            .description("Retake it in daylight."),
                    )
                    .components(vec![CreateActionRow::Buttons(vec![CreateButton::new(
                        "escalate",
                    )
                    .label("Talk to a human")])]);
                command
                    .create_response(http, CreateInteractionResponse::Message(reply))
                    .await
            }
            Interaction::Command(command) => {
                let deferred =
                    CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new());
                command
                    .create_response(http, deferred)
                    .await
                    .expect("defer");
                let followup = CreateInteractionResponseFollowup::new().content("thought about it");
                command
                    .create_followup(http, followup)
                    .await
                    .expect("first follow-up");
                let more = CreateInteractionResponseFollowup::new().content("and one more thing");
                command
                    .create_followup(http, more)
                    .await
                    .expect("second follow-up");
                command
                    .edit_response(http, EditInteractionResponse::new().content("done"))
                    .await
                    .map(drop)
            }
            Interaction::Autocomplete(auto) => {
                let choices = CreateAutocompleteResponse::new()
                    .add_string_choice("Selfie rejected", "selfie")
                    .add_string_choice("Passport unreadable", "passport");
                auto.create_response(http, CreateInteractionResponse::Autocomplete(choices))
                    .await
            }
            Interaction::Component(click) => {
                let update = CreateInteractionResponseMessage::new()
                    .content("A moderator will DM you.")
                    .components(vec![]);
                click
                    .create_response(http, CreateInteractionResponse::UpdateMessage(update))
                    .await
            }
            Interaction::Modal(modal) => {
                let details = modal
                    .data
                    .components
                    .iter()
                    .flat_map(|row| &row.components)
                    .find_map(|c| match c {
                        ActionRowComponent::InputText(input) => input.value.clone(),
                        _ => None,
                    });
                let reply = CreateInteractionResponseMessage::new()
                    .content(format!("Noted: {}", details.unwrap_or_default()))
                    .ephemeral(true);
                modal
                    .create_response(http, CreateInteractionResponse::Message(reply))
                    .await
            }
            _ => Ok(()),
        };
        result.expect("interaction response");
    }
}

/// Starts a serenity client against the fake, built as the bot builds it.
async fn start_bot(fake: &FakeDiscord, intents: GatewayIntents) -> Arc<ShardManager> {
    let http = HttpBuilder::new(fake.token())
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build();
    let mut client = ClientBuilder::new_with_http(http, intents)
        .event_handler(TestBot)
        .await
        .expect("client builds");
    let shards = Arc::clone(&client.shard_manager);
    tokio::spawn(async move { client.start().await });
    fake.wait_for_identify(1).await;
    shards
}

fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS
        | GatewayIntents::GUILD_MESSAGES
        | GatewayIntents::DIRECT_MESSAGES
        | GatewayIntents::MESSAGE_CONTENT
}

/// Sends a guild message from alice and waits for the bot's reply to it.
async fn round_trip(fake: &FakeDiscord, text: &str) -> RecordedRequest {
    let d = message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), default_user(), text).build();
    fake.send_dispatch("MESSAGE_CREATE", d.clone())
        .await
        .expect("delivered");
    let reply = fake
        .wait_for_request(|r| r.operation == "create_message", TIMEOUT)
        .await;
    let body = reply.json().expect("a JSON body");
    assert_eq!(body["content"], format!("echo: {text}"));
    assert_eq!(
        body["message_reference"]["message_id"], d["id"],
        "a reply to the message"
    );
    assert_eq!(reply.status, 200, "{:?}", reply.response);
    reply
}

#[tokio::test]
async fn client_answers_and_resumes_after_every_kind_of_disconnect() {
    crate::support::init_logging();
    let fake = FakeDiscord::start().await;
    let shards = start_bot(&fake, intents()).await;
    assert_eq!(fake.intents(), Some(intents().bits()));

    round_trip(&fake, "first").await;

    let disruptions: [(&str, &dyn Fn() -> bool); 3] = [
        ("network drop", &|| fake.disconnect()),
        ("op 7 RECONNECT", &|| fake.request_reconnect()),
        ("close 4000", &|| fake.close(4000, "Unknown error")),
    ];
    for (round, (what, disrupt)) in disruptions.into_iter().enumerate() {
        assert!(disrupt(), "{what}: the bot was connected");
        // Sent while the bot may be away: the fake replays it on RESUME.
        round_trip(&fake, &format!("after {what}")).await;
        fake.wait_for_resume(round + 1).await;
    }
    assert_eq!(
        fake.identify_count(),
        1,
        "every disruption was resumed, none re-identified"
    );
    assert_eq!(fake.connection_count(), 4);

    fake.wait_for_heartbeats(1).await;
    tokio::time::timeout(Duration::from_secs(4), shards.shutdown_all())
        .await
        .expect("serenity shuts down cleanly against the fake");
    fake.assert_no_unknown_routes();
    assert_all_requests_valid(&fake);
}

#[tokio::test]
async fn client_identifies_again_after_an_invalid_session() {
    let fake = FakeDiscord::start().await;
    let _shards = start_bot(&fake, intents()).await;
    round_trip(&fake, "before").await;
    assert!(fake.invalidate_session(false));
    fake.wait_for_identify(2).await; // serenity waits 5 s between IDENTIFYs
    round_trip(&fake, "after").await;
    assert_eq!(fake.resume_count(), 0);
    assert_all_requests_valid(&fake);
}

#[tokio::test]
async fn interactions_round_trip() {
    let fake = FakeDiscord::start().await;
    let _shards = start_bot(&fake, intents()).await;
    let registered = fake
        .wait_for_request(|r| r.operation == "bulk_set_application_commands", TIMEOUT)
        .await;
    assert_eq!(registered.status, 200);

    // Autocomplete, then the command itself.
    let auto = fake
        .autocomplete("kyc", vec![focused(string_option("problem", "sel"))])
        .build();
    fake.send_dispatch("INTERACTION_CREATE", auto.clone()).await;
    let choices = fake
        .wait_for_request(|r| r.path.ends_with(&callback_path(&auto)), TIMEOUT)
        .await;
    assert_eq!(choices.status, 204);
    assert_eq!(
        choices.json().expect("body")["data"]["choices"][0]["value"],
        "selfie"
    );

    let command = fake
        .slash_command("kyc", vec![string_option("problem", "selfie")])
        .locale("zh-CN")
        .build();
    fake.send_dispatch("INTERACTION_CREATE", command.clone())
        .await;
    let answered = fake
        .wait_for_request(|r| r.path.ends_with(&callback_path(&command)), TIMEOUT)
        .await;
    assert_eq!((answered.status, answered.response.clone()), (204, None));
    let body = answered.json().expect("body");
    assert_eq!(body["type"], 4);
    assert_eq!(
        body["data"]["components"][0]["components"][0]["custom_id"],
        "escalate"
    );

    // A click on the button of the message the response created.
    let id = |v: &Value| {
        v["id"]
            .as_str()
            .and_then(|s| s.parse::<u64>().ok())
            .expect("id")
    };
    let original = fake
        .original_response(id(&command))
        .expect("the response created a message");
    assert_eq!(original["content"], "Looking into: selfie");
    let click = button_click("escalate", &original).build();
    fake.send_dispatch("INTERACTION_CREATE", click.clone())
        .await;
    let updated = fake
        .wait_for_request(|r| r.path.ends_with(&callback_path(&click)), TIMEOUT)
        .await;
    assert_eq!(updated.status, 204);
    assert_eq!(
        fake.message(id(&original)).expect("still there")["content"],
        "A moderator will DM you."
    );

    // Defer, follow up (which fills the deferred message), follow up, edit.
    let slow = fake.slash_command("slow", vec![]).build();
    fake.send_dispatch("INTERACTION_CREATE", slow.clone()).await;
    let edit = fake
        .wait_for_request(
            |r| r.operation == "update_original_webhook_message",
            TIMEOUT,
        )
        .await;
    assert_eq!(edit.status, 200, "{:?}", edit.response);
    assert_eq!(
        fake.original_response(id(&slow)).expect("original")["content"],
        "done"
    );
    let followups: Vec<u16> = fake
        .requests()
        .iter()
        .filter(|r| r.operation == "execute_webhook")
        .map(|r| r.status)
        .collect();
    assert_eq!(followups, vec![200, 200]);

    // A modal submit answered ephemerally.
    let modal = modal_submit("details", &[("what", "证件照片模糊")]).build();
    fake.send_dispatch("INTERACTION_CREATE", modal.clone())
        .await;
    let noted = fake
        .wait_for_request(|r| r.path.ends_with(&callback_path(&modal)), TIMEOUT)
        .await;
    assert_eq!(
        noted.json().expect("body")["data"]["content"],
        "Noted: 证件照片模糊"
    );
    assert_eq!(noted.json().expect("body")["data"]["flags"], 64);

    fake.assert_no_unknown_routes();
    assert_all_requests_valid(&fake);
}

#[tokio::test]
async fn intents_decide_what_the_bot_sees() {
    let fake = FakeDiscord::start().await;
    let without_content = GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES;
    let _shards = start_bot(&fake, without_content).await;

    // Without MESSAGE_CONTENT a guild message arrives with empty content...
    let d = message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), default_user(), "secret").build();
    fake.send_dispatch("MESSAGE_CREATE", d)
        .await
        .expect("delivered, blanked");
    let reply = fake
        .wait_for_request(|r| r.operation == "create_message", TIMEOUT)
        .await;
    assert_eq!(reply.json().expect("body")["content"], "echo: ");

    // ...unless it mentions the bot.
    let bot = payloads::bot_user(fake.bot_user_id(), &fake.config().bot_name);
    let d = message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), default_user(), "help")
        .mention(&bot)
        .build();
    fake.send_dispatch("MESSAGE_CREATE", d)
        .await
        .expect("delivered");
    let reply = fake
        .wait_for_request(|r| r.operation == "create_message", TIMEOUT)
        .await;
    assert_eq!(
        reply.json().expect("body")["content"],
        format!("echo: <@{}> help", fake.bot_user_id())
    );

    // Without DIRECT_MESSAGES a DM is not delivered at all.
    let dm = message_create(payloads::snowflake(), None, default_user(), "hello?").build();
    assert_eq!(fake.send_dispatch("MESSAGE_CREATE", dm).await, None);
}
