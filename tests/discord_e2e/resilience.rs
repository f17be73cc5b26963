//! Start-up errors, gateway disconnects and shutdown.

use crate::bot::*;
use crate::support::fake_discord::FakeDiscord;
use kyc_triage::knowledge::Lang;

#[tokio::test]
async fn after_a_gateway_disconnect_the_bot_resumes_answering() {
    let mut bot = Bot::start().await;
    bot.say("my selfie keeps failing the face check").await;
    bot.next_post(crate::support::fake_discord::payloads::SUPPORT_CHANNEL_ID)
        .await;
    assert!(bot.fake.disconnect());
    bot.fake.wait_for_resume(1).await;
    // Another member: alice's next words would be read as a reply to the
    // answer she just got.
    bot.say_as(
        bob(),
        crate::support::fake_discord::payloads::SUPPORT_CHANNEL_ID,
        Some(crate::support::fake_discord::payloads::GUILD_ID),
        "人脸识别一直失败怎么办",
    )
    .await;
    let reply = bot
        .next_post(crate::support::fake_discord::payloads::SUPPORT_CHANNEL_ID)
        .await;
    assert_eq!(
        body(&reply)["embeds"][0]["title"],
        title("face-failed", Lang::Zh).as_str()
    );
    bot.stop().await;
}

/// A plain fake Discord and the test configuration for it, for tests that
/// run `discord::run` themselves. The directory holds the database: keep it
/// (and the fake) alive until the run is over.
async fn fake_and_config() -> (FakeDiscord, tempfile::TempDir, kyc_triage::config::Config) {
    init_logging();
    let fake = FakeDiscord::start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = config(&fake, dir.path());
    (fake, dir, config)
}

#[tokio::test]
async fn a_missing_token_is_a_clear_error_that_points_to_chat() {
    let (fake, _dir, mut config) = fake_and_config().await;
    config.discord.token = None;
    let err = kyc_triage::discord::run(config, std::future::pending())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("DISCORD_TOKEN") && err.contains("kyc-triage chat"),
        "{err}"
    );
    assert!(
        fake.requests().is_empty(),
        "nothing was sent without a token"
    );
}

#[tokio::test]
async fn a_rejected_token_ends_serve_with_an_error_that_does_not_contain_it() {
    let (_fake, _dir, mut config) = fake_and_config().await;
    let wrong = "WRONG.token-that-must-not-leak";
    config.discord.token = Some(
        kyc_triage::config::Config::from_toml(
            &format!("[discord]\ntoken = \"{wrong}\""),
            std::path::Path::new("t"),
            None,
        )
        .unwrap()
        .discord
        .token
        .unwrap(),
    );
    let result = tokio::time::timeout(
        crate::support::fake_discord::TIMEOUT * 2,
        kyc_triage::discord::run(config, std::future::pending()),
    )
    .await
    .expect("an invalid token ends serve");
    let err = result.unwrap_err().to_string();
    assert!(
        err.contains("rejected the bot token") && err.contains("DISCORD_TOKEN"),
        "{err}"
    );
    assert!(!err.contains(wrong), "{err}");
    assert!(!logs().contains(wrong));
}

#[tokio::test]
async fn buttons_keep_working_after_a_restart() {
    use crate::support::fake_discord::payloads::*;
    let db = tempfile::tempdir().unwrap();
    let path = db.path().join("kyc.db");
    let mut first = Bot::start_with(|c| c.store.path = path.clone()).await;
    first
        .say("someone used my ID to open an account, I never registered")
        .await;
    first.next_post(SUPPORT_CHANNEL_ID).await;
    let notice = first
        .next_post(ESCALATION_CHANNEL_ID)
        .await
        .response
        .unwrap();
    first.say("my selfie keeps failing the face check").await;
    let answer = first.next_post(SUPPORT_CHANNEL_ID).await;
    let solved = custom_ids(body(&answer))[0].clone();
    let answer = answer.response.unwrap();
    first.stop().await;

    // A new process on the same database: nothing in memory survived.
    let mut second = Bot::start_with(|c| c.store.path = path.clone()).await;
    let claim = button_click("claim:1", &notice)
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .build();
    let cb = second.interact(claim).await;
    assert!(text_of(&body(&cb)["data"]).contains(&format!("claimed by <@{MOD_USER_ID}>")));
    let cb = second
        .interact(button_click(&solved, &answer).build())
        .await;
    assert_eq!(body(&cb)["type"], 7);
    second.stop().await;
    let store = second.store_at(&path).await;
    let face = scenario_stats(&store, "face-failed").await;
    assert_eq!(
        face.helped, 1,
        "feedback reached the first process's log entry"
    );
    store.close().await;
}
