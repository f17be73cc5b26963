//! The privacy guard, the cooldown and the length limit.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::Failure;
use kyc_triage::knowledge::Lang;
use kyc_triage::render::ui;
use std::time::Duration;

/// A well-known sample Chinese ID number (valid checksum, not a person's).
const RAW_ID: &str = "11010519491231002X";

fn with_id() -> String {
    format!("my id {RAW_ID} failed the photo check, image not clear")
}

#[tokio::test]
async fn an_id_number_is_never_echoed_the_user_is_warned_and_the_post_deleted() {
    let mut bot = Bot::start().await;
    let msg = bot.say(&with_id()).await;
    let delete = bot
        .fake
        .wait_for_request(
            |r| {
                r.is(
                    "DELETE",
                    &format!("/channels/{SUPPORT_CHANNEL_ID}/messages/{}", id(&msg)),
                )
            },
            crate::support::fake_discord::TIMEOUT,
        )
        .await;
    assert_eq!(delete.status, 204);
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let b = body(&reply);
    let content = b["content"].as_str().unwrap();
    assert!(content.starts_with(&format!("<@{USER_ID}> {}", ui(Lang::En).sensitive_warning)));
    assert_eq!(
        b["allowed_mentions"]["users"],
        serde_json::json!([USER_ID.to_string()])
    );
    assert!(
        b.get("message_reference").is_none(),
        "no reply to a deleted message"
    );
    // Triage still ran on the redacted text.
    assert_eq!(
        b["embeds"][0]["title"],
        title("photo-unreadable", Lang::En).as_str()
    );
    bot.stop().await;
    for r in bot.fake.requests() {
        let sent = format!("{:?}", r.body);
        assert!(!sent.contains(RAW_ID), "echoed in {}", r.summary());
    }
    assert!(!logs().contains(RAW_ID), "the raw ID reached the logs");
    assert_no_raw_id_in_db(&bot);
}

#[tokio::test]
async fn escalated_text_with_an_id_reaches_moderators_and_the_store_redacted() {
    let mut bot = Bot::start().await;
    bot.say(&format!(
        "someone used my ID {RAW_ID} to open an account, I never registered"
    ))
    .await;
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    let text = text_of(body(&notice));
    assert!(text.contains("Case #1") && !text.contains(RAW_ID), "{text}");
    bot.stop().await;
    assert!(!logs().contains(RAW_ID));
    assert_no_raw_id_in_db(&bot);
}

/// Neither the database nor its journal holds the raw number.
fn assert_no_raw_id_in_db(bot: &Bot) {
    for entry in std::fs::read_dir(bot.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let found = bytes.windows(RAW_ID.len()).any(|w| w == RAW_ID.as_bytes());
        assert!(!found, "raw ID stored in {}", path.display());
    }
}

#[tokio::test]
async fn without_manage_messages_the_bot_still_warns() {
    let mut bot = Bot::start().await;
    bot.fake
        .fail(Failure::missing_permissions("delete_message"));
    bot.say(&with_id()).await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let b = body(&reply);
    assert!(b["content"]
        .as_str()
        .unwrap()
        .contains(ui(Lang::En).sensitive_warning));
    // The post is still there, so the warning replies to it.
    assert!(b.get("message_reference").is_some());
    bot.stop().await;
}

#[tokio::test]
async fn deletion_can_be_turned_off() {
    let mut bot = Bot::start_with(|c| c.privacy.delete_sensitive = false).await;
    bot.say(&with_id()).await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    bot.stop().await;
    assert!(!bot.fake.requests().iter().any(|r| r.method == "DELETE"));
}

#[tokio::test]
async fn an_image_in_a_support_channel_gets_a_warning() {
    let mut bot = Bot::start().await;
    let m = message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), alice(), "")
        .attachment(attachment(
            SUPPORT_CHANNEL_ID,
            "IMG_0001.jpg",
            "image/jpeg",
            48_213,
        ))
        .build();
    bot.send_message(m).await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let content = body(&reply)["content"].as_str().unwrap().to_string();
    assert_eq!(
        content,
        format!("<@{USER_ID}> {}", ui(Lang::En).image_warning)
    );
    bot.stop().await;
    assert!(!bot.fake.requests().iter().any(|r| r.method == "DELETE"));
}

#[tokio::test]
async fn the_cooldown_allows_one_notice_per_window_not_one_per_message() {
    let mut bot = Bot::start_with(|c| c.discord.cooldown = Duration::from_secs(600)).await;
    // Chatter in another channel, mentioning the bot: nothing to continue.
    let mention = |text: &str| {
        message_create(OTHER_CHANNEL_ID, Some(GUILD_ID), alice(), text)
            .mention(&bot.fake.bot_user())
            .build()
    };
    bot.send_message(mention("gm gm")).await;
    let first = bot.next_post(OTHER_CHANNEL_ID).await;
    assert_eq!(body(&first)["content"], ui(Lang::En).ignored);
    // The bot asked nothing and a plain mention is no complaint: after
    // the two messages read together, one notice, then silence.
    for _ in 0..5 {
        bot.send_message(mention("gm gm")).await;
    }
    let notice = loop {
        let post = bot.next_post(OTHER_CHANNEL_ID).await;
        if body(&post)["content"] == ui(Lang::En).cooldown {
            break post;
        }
    };
    assert_eq!(body(&notice)["content"], ui(Lang::En).cooldown);
    // Another user is not affected.
    bot.say_as(
        bob(),
        SUPPORT_CHANNEL_ID,
        Some(GUILD_ID),
        "人脸识别一直失败怎么办",
    )
    .await;
    let other = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_eq!(
        body(&other)["embeds"][0]["title"],
        title("face-failed", Lang::Zh).as_str()
    );
    bot.stop().await;
    let alice_posts = bot
        .posts()
        .iter()
        .filter(|r| r.path.contains(&OTHER_CHANNEL_ID.to_string()))
        .count();
    assert!(
        alice_posts <= 4,
        "first reply, at most two read together, one notice: {alice_posts}"
    );
}

#[tokio::test]
async fn the_cooldown_never_loses_a_complaint_two_messages_are_read_together() {
    let mut bot = Bot::start_with(|c| c.discord.cooldown = Duration::from_secs(600)).await;
    bot.say("my kyc failed").await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    bot.say("it says image unclear").await;
    let second = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_ne!(body(&second)["content"], ui(Lang::En).cooldown);
    assert_eq!(
        body(&second)["embeds"][0]["title"],
        title("photo-unreadable", Lang::En).as_str()
    );
    bot.stop().await;
}

#[tokio::test]
async fn an_overlong_message_is_not_triaged() {
    let mut bot = Bot::start_with(|c| c.discord.max_message_chars = 40).await;
    bot.say("my selfie keeps failing the face check and I have tried everything")
        .await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_eq!(
        body(&reply)["content"],
        ui(Lang::En).too_long.replace("{max}", "40")
    );
    bot.stop().await;
}

#[tokio::test]
async fn an_id_number_inside_chinese_text_gets_a_chinese_warning() {
    let mut bot = Bot::start().await;
    let msg = bot
        .say(&format!("我的身份证号{RAW_ID}，拍照一直提示图像不清晰"))
        .await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let content = body(&reply)["content"].as_str().unwrap().to_string();
    assert!(
        content.contains(ui(Lang::Zh).sensitive_warning),
        "{content}"
    );
    bot.stop().await;
    let deleted = format!("/channels/{SUPPORT_CHANNEL_ID}/messages/{}", id(&msg));
    assert!(bot.fake.requests().iter().any(|r| r.is("DELETE", &deleted)));
    assert!(!logs().contains(RAW_ID));
    assert_no_raw_id_in_db(&bot);
}

#[tokio::test]
async fn an_edit_that_adds_an_id_number_is_guarded_too() {
    let mut bot = Bot::start().await;
    let original = bot.say("my selfie keeps failing the face check").await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    let mut edited = original.clone();
    edited["content"] = serde_json::json!(format!("my selfie keeps failing, my id is {RAW_ID}"));
    edited["edited_timestamp"] = serde_json::json!(now());
    bot.fake
        .send_dispatch("MESSAGE_UPDATE", edited)
        .await
        .expect("delivered");
    let warning = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let content = body(&warning)["content"].as_str().unwrap().to_string();
    assert_eq!(
        content,
        format!("<@{USER_ID}> {}", ui(Lang::En).sensitive_warning)
    );
    bot.stop().await;
    let deleted = format!("/channels/{SUPPORT_CHANNEL_ID}/messages/{}", id(&original));
    assert!(bot.fake.requests().iter().any(|r| r.is("DELETE", &deleted)));
    assert!(!logs().contains(RAW_ID));
}
