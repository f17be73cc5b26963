//! Replies in Traditional Chinese for members who write Traditional or whose
//! Discord is set to `zh-TW`; Simplified for everyone else writing Chinese.
//! The knowledge base holds Simplified only: its answers are converted
//! (OpenCC's tables), the interface sentences are written in Traditional.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::TIMEOUT;
use kyc_triage::knowledge::Lang;
use kyc_triage::text::script::{count, to_traditional, written_in, Script};

/// Asserts that the answer embed of `reply` shows face-failed in `script`.
fn assert_face_failed_in(reply: &serde_json::Value, script: Script) {
    let embed = &reply["embeds"][0];
    let simplified = title("face-failed", Lang::Zh);
    let (want, footer, solved) = match script {
        Script::Traditional => (to_traditional(&simplified), "這個回答有幫助嗎？", "已解決"),
        Script::Simplified => (simplified.clone(), "这个回答有帮助吗？", "已解决"),
    };
    assert_eq!(embed["title"], want.as_str(), "{reply}");
    assert_eq!(embed["footer"]["text"], footer);
    assert_eq!(reply["components"][0]["components"][0]["label"], solved);
    let description = embed["description"].as_str().unwrap();
    if script == Script::Traditional {
        assert_eq!(count(description).simplified, 0, "{description}");
        assert_ne!(want, simplified, "the title has characters to convert");
    } else {
        assert_ne!(written_in(description), Some(Script::Traditional));
    }
}

#[tokio::test]
async fn members_get_the_script_they_write_in() {
    let mut bot = Bot::start().await;
    // Traditional.
    bot.say("人臉識別一直失敗怎麼辦").await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_face_failed_in(body(&reply), Script::Traditional);
    // Simplified, another member.
    bot.say_as(
        bob(),
        SUPPORT_CHANNEL_ID,
        Some(GUILD_ID),
        "人脸识别一直失败怎么办",
    )
    .await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_face_failed_in(body(&reply), Script::Simplified);
    // Mixed, mostly Simplified (one Traditional 識): Simplified.
    let carol = user(1_180_000_000_000_000_403, "carol");
    bot.say_as(
        carol,
        SUPPORT_CHANNEL_ID,
        Some(GUILD_ID),
        "人脸識别一直失败怎么办",
    )
    .await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_face_failed_in(body(&reply), Script::Simplified);
    bot.stop().await;
}

#[tokio::test]
async fn a_zh_tw_locale_gets_traditional_and_an_escalation_says_so_in_traditional() {
    let mut bot = Bot::start().await;
    let cmd = bot
        .fake
        .slash_command(
            "triage",
            vec![string_option("text", "人脸识别一直失败怎么办")],
        )
        .locale("zh-TW")
        .build();
    let seen = bot.interact(cmd).await;
    assert_face_failed_in(&body(&seen)["data"], Script::Traditional);

    let cmd = bot
        .fake
        .slash_command(
            "triage",
            vec![string_option(
                "text",
                "有人盜用了我的身份證註冊帳戶，我從來沒註冊過",
            )],
        )
        .build();
    let seen = bot.interact(cmd).await;
    let content = body(&seen)["data"]["content"].as_str().unwrap().to_owned();
    assert!(content.contains("#1"), "{content}");
    assert!(content.contains("工單編號"), "{content}");
    assert_eq!(count(&content).simplified, 0, "{content}");
    // The case's private thread greets the member in Traditional too.
    let created = bot
        .fake
        .wait_for_request(|r| r.operation == "create_thread", TIMEOUT)
        .await;
    let thread = id(created.response.as_ref().unwrap());
    let greeting = bot.next_post(thread).await;
    let greeting = body(&greeting)["content"].as_str().unwrap().to_owned();
    assert!(greeting.contains("案件 #1"), "{greeting}");
    assert_eq!(count(&greeting).simplified, 0, "{greeting}");
    assert_eq!(written_in(&greeting), Some(Script::Traditional));
    bot.stop().await;
}
