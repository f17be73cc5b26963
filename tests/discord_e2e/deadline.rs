//! Discord's 3-second rule with the store held busy: every interaction that
//! reaches the store is acknowledged (deferred) while another connection
//! holds SQLite's write lock, and its real answer follows once the lock is
//! released. The fake refuses callbacks after 3 s (`fake_config`), and the
//! store waits up to 5 s per attempt for a lock, so answering after the
//! write could not pass.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::RecordedRequest;
use serde_json::Value;
use sqlx::{ConnectOptions, Connection};
use std::path::Path;

/// Another connection inside `BEGIN IMMEDIATE`: every write of the bot
/// waits until `release`.
struct Held(sqlx::SqliteConnection);

impl Held {
    async fn lock(db: &Path) -> Held {
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(db)
            .connect()
            .await
            .unwrap();
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut conn)
            .await
            .unwrap();
        Held(conn)
    }

    async fn release(mut self) {
        sqlx::query("COMMIT").execute(&mut self.0).await.unwrap();
        self.0.close().await.unwrap();
    }
}

/// Sends `interaction` with the store locked; returns the callback (which
/// must have come while the lock was held) and, after the release, what
/// the user finally sees.
async fn while_busy(bot: &Bot, interaction: Value) -> (RecordedRequest, RecordedRequest) {
    let held = Held::lock(&bot.dir.path().join("kyc.db")).await;
    let callback = bot.interact_raw(interaction.clone()).await;
    assert_eq!(
        callback.status, 204,
        "the fake accepted the callback in time"
    );
    let token = interaction["token"].as_str().unwrap().to_string();
    assert!(
        !bot.fake
            .requests()
            .iter()
            .any(|r| r.path.contains("/webhooks/") && r.path.contains(&token)),
        "nothing but the acknowledgement before the store is free"
    );
    held.release().await;
    let answer = bot.after_deferral(&interaction, &callback).await;
    (callback, answer)
}

#[tokio::test]
async fn a_slash_command_is_deferred_while_the_store_is_busy_then_answered() {
    let mut bot = Bot::start().await;
    let cmd = bot
        .fake
        .slash_command(
            "triage",
            vec![string_option(
                "text",
                "someone used my ID to open an account, I never registered",
            )],
        )
        .build();
    let (callback, answer) = while_busy(&bot, cmd).await;
    assert_eq!(body(&callback)["type"], 5);
    assert_eq!(body(&callback)["data"]["flags"], 64, "privately");
    let text = text_of(&body(&answer)["data"]);
    assert!(text.contains("#1"), "the real case number follows: {text}");
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    assert!(text_of(body(&notice)).contains("Case #1"));
    bot.stop().await;
    let store = bot.store().await;
    assert_eq!(store.get(1).await.unwrap().id, 1, "the case is on disk");
    store.close().await;
}

#[tokio::test]
async fn buttons_are_acknowledged_while_the_store_is_busy_then_updated() {
    let mut bot = Bot::start().await;
    bot.say("my selfie keeps failing the face check").await;
    let answer = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let stuck = custom_ids(body(&answer))[1].clone();
    assert!(stuck.starts_with("stuck:"), "{stuck}");
    let message = answer.response.clone().unwrap();

    let (callback, seen) = while_busy(&bot, button_click(&stuck, &message).build()).await;
    assert_eq!(body(&callback)["type"], 6, "acknowledged without a change");
    assert_eq!(body(&seen)["type"], 7, "then the message itself is edited");
    assert!(text_of(&body(&seen)["data"]).contains("#1"));
    assert_eq!(body(&seen)["data"]["components"], serde_json::json!([]));

    // The moderator's Claim on the notice, with the store busy again.
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    let notice = notice.response.unwrap();
    let claim = button_click("claim:1", &notice)
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .build();
    let (callback, seen) = while_busy(&bot, claim).await;
    assert_eq!(body(&callback)["type"], 6);
    assert!(text_of(&body(&seen)["data"]).contains(&format!("claimed by <@{MOD_USER_ID}>")));

    // And a moderator command.
    let list = bot
        .fake
        .slash_command("escalations", vec![subcommand("list", vec![])])
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .build();
    let (callback, seen) = while_busy(&bot, list).await;
    assert_eq!(body(&callback)["type"], 5);
    assert!(text_of(&body(&seen)["data"]).contains("#1"));
    bot.stop().await;
}
