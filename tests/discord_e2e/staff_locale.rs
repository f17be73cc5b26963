//! Moderator-facing text in the moderator's locale (en, zh-CN, zh-TW): the
//! answers to `/escalations` and to the notice's buttons; the notice itself,
//! one shared message, in the server's preferred locale (English when
//! Discord gives none we speak).

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::TIMEOUT;
use serde_json::Value;

const MISUSE: &str = "someone used my ID to open an account, I never registered";
const OTHER_MOD: u64 = 1_180_000_000_000_000_409;

fn escalations(bot: &Bot, sub: &str, options: Vec<Value>, who: Value, locale: &str) -> Value {
    bot.fake
        .slash_command("escalations", vec![subcommand(sub, options)])
        .in_guild(GUILD_ID, SUPPORT_CHANNEL_ID, who)
        .locale(locale)
        .build()
}

fn labels(v: &Value) -> Vec<String> {
    v["components"][0]["components"]
        .as_array()
        .map(|b| {
            b.iter()
                .map(|b| b["label"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_server_whose_language_is_chinese_gets_its_notices_in_chinese() {
    let mut world = fake_config();
    world.guilds[0].preferred_locale = "zh-CN".into();
    let mut bot = Bot::start_in(world, |_| {}).await;
    bot.say(MISUSE).await;
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    let embed = &body(&notice)["embeds"][0];
    assert_eq!(embed["title"], "案件 #1");
    assert!(text_of(body(&notice)).contains("状态"), "{embed}");
    assert_eq!(labels(body(&notice)), ["认领", "解决", "驳回"]);
    // A button press keeps it in the server's language, whoever pressed.
    let claim = button_click("claim:1", notice.response.as_ref().unwrap())
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .guild_locale("zh-CN")
        .build();
    let seen = bot.interact(claim).await;
    let data = &body(&seen)["data"];
    assert!(
        text_of(data).contains(&format!("已由 <@{MOD_USER_ID}> 认领")),
        "{data}"
    );
    assert_eq!(labels(data), ["取消认领", "解决", "驳回"]);
    bot.stop().await;
}

#[tokio::test]
async fn moderators_are_answered_in_their_own_locale_and_the_notice_stays_english() {
    let mut bot = Bot::start().await;
    bot.say(MISUSE).await;
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    assert_eq!(body(&notice)["embeds"][0]["title"], "Case #1");

    // zh-TW claims by command: the answer in Traditional, the notice English.
    let cmd = escalations(
        &bot,
        "claim",
        vec![integer_option("id", 1)],
        mod_member(),
        "zh-TW",
    );
    let seen = bot.interact(cmd).await;
    assert_eq!(
        body(&seen)["data"]["content"],
        "案件 #1 目前的狀態：已認領。"
    );
    let edit = bot
        .fake
        .wait_for_request(|r| r.is("PATCH", "/channels/*/messages/*"), TIMEOUT)
        .await;
    assert!(text_of(body(&edit)).contains(&format!("claimed by <@{MOD_USER_ID}>")));

    // zh-CN lists: Simplified, with the state's Chinese name.
    let cmd = escalations(&bot, "list", vec![], mod_member(), "zh-CN");
    let seen = bot.interact(cmd).await;
    let content = body(&seen)["data"]["content"].as_str().unwrap().to_owned();
    assert!(content.starts_with("案件 1–1，最新的在前："), "{content}");
    assert!(content.contains("已认领"), "{content}");

    // Another moderator (zh-TW) presses Claim: the takeover question in
    // Traditional, with its button; the notice is not touched.
    let other = as_member(
        &user(OTHER_MOD, "mod_kai"),
        &[MOD_ROLE_ID],
        permissions::EVERYONE,
    );
    let press = button_click("claim:1", notice.response.as_ref().unwrap())
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, other)
        .locale("zh-TW")
        .build();
    let seen = bot.interact(press).await;
    let data = &body(&seen)["data"];
    assert_eq!(data["flags"], 64);
    assert!(
        data["content"]
            .as_str()
            .unwrap()
            .starts_with(&format!("案件 #1 已由 <@{MOD_USER_ID}> 認領。要接手嗎？")),
        "{data}"
    );
    assert_eq!(labels(data), ["接手"]);
    bot.stop().await;
}
