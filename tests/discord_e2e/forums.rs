//! A case raised inside a thread or a forum post under a support channel:
//! its private thread opens in the text channel above (Discord has no
//! threads in threads); a forum cannot hold private threads, so there the
//! configured `case_thread_channel` is used, or the member is written to
//! by DM and the case records why.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::{FakeConfig, TIMEOUT};
use serde_json::json;

const MISUSE: &str = "someone used my ID to open an account, I never registered";
const FORUM_ID: u64 = 1_180_000_000_000_000_210;
const POST_ID: u64 = 1_180_000_000_000_000_211;

/// The default world plus a forum channel with one post by alice.
fn with_forum() -> FakeConfig {
    let mut world = fake_config();
    let guild = &mut world.guilds[0];
    let mut forum = guild_text_channel(FORUM_ID, GUILD_ID, "kyc-forum");
    forum["type"] = json!(15);
    guild.channels.push(forum);
    let mut post = guild_text_channel(POST_ID, GUILD_ID, "verification stuck");
    post["type"] = json!(11);
    post["parent_id"] = json!(FORUM_ID.to_string());
    post["owner_id"] = json!(USER_ID.to_string());
    post["thread_metadata"] = json!({
        "archived": false, "auto_archive_duration": 1440,
        "archive_timestamp": now(), "locked": false
    });
    guild.channels.push(post);
    world
}

fn creates(bot: &Bot) -> Vec<String> {
    bot.fake
        .requests()
        .into_iter()
        .filter(|r| r.operation == "create_thread")
        .map(|r| r.route_path().to_owned())
        .collect()
}

#[tokio::test]
async fn a_case_from_a_thread_opens_its_private_thread_in_the_channel_above() {
    let mut bot = Bot::start().await;
    bot.say_as(alice(), THREAD_ID, Some(GUILD_ID), MISUSE).await;
    bot.next_post(THREAD_ID).await;
    let created = bot
        .fake
        .wait_for_request(|r| r.operation == "create_thread", TIMEOUT)
        .await;
    assert_eq!(
        created.route_path(),
        format!("/channels/{SUPPORT_CHANNEL_ID}/threads"),
        "the support channel above the thread, not the thread"
    );
    assert_eq!(created.status, 201);
    let thread = id(created.response.as_ref().unwrap());
    bot.next_post(thread).await;
    assert!(bot.fake.thread_members(thread).contains(&USER_ID));
    bot.stop().await;
}

#[tokio::test]
async fn a_case_from_a_forum_post_is_written_to_by_dm_with_the_reason_recorded() {
    let mut bot = Bot::start_in(with_forum(), |c| {
        c.discord.support_channels.push(FORUM_ID);
    })
    .await;
    bot.say_as(alice(), POST_ID, Some(GUILD_ID), MISUSE).await;
    bot.next_post(POST_ID).await;
    bot.fake
        .wait_for_request(|r| r.is("POST", "/users/@me/channels"), TIMEOUT)
        .await;
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    assert!(text_of(body(&notice)).contains("by DM"));
    bot.stop().await;
    assert!(creates(&bot).is_empty(), "no thread attempted in a forum");
    let store = bot.store().await;
    let audit = store.audit(1).await.unwrap();
    let dm = audit
        .iter()
        .find(|a| a.action == "dm")
        .expect("the case says so");
    assert!(
        dm.detail.as_deref().unwrap().contains("forum channel"),
        "{dm:?}"
    );
    store.close().await;
}

#[tokio::test]
async fn a_case_from_a_forum_post_uses_the_configured_case_thread_channel() {
    let mut bot = Bot::start_in(with_forum(), |c| {
        c.discord.support_channels.push(FORUM_ID);
        c.discord.case_thread_channel = Some(OTHER_CHANNEL_ID);
    })
    .await;
    bot.say_as(alice(), POST_ID, Some(GUILD_ID), MISUSE).await;
    bot.next_post(POST_ID).await;
    let created = bot
        .fake
        .wait_for_request(|r| r.operation == "create_thread", TIMEOUT)
        .await;
    assert_eq!(
        created.route_path(),
        format!("/channels/{OTHER_CHANNEL_ID}/threads")
    );
    assert_eq!(created.status, 201);
    bot.stop().await;
}
