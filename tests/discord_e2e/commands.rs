//! The member slash commands `/kyc` (with autocomplete) and `/triage`, and
//! what the bot registers.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use kyc_triage::knowledge::Lang;
use kyc_triage::render::ui;

#[tokio::test]
async fn commands_are_registered_with_moderator_and_admin_defaults() {
    let mut bot = Bot::start().await;
    let escalations = bot.fake.registered_command("escalations").unwrap();
    assert_eq!(escalations["default_member_permissions"], "8192");
    let kb = bot.fake.registered_command("kb").unwrap();
    assert_eq!(kb["default_member_permissions"], "8");
    assert!(bot.fake.registered_command("kyc").is_some());
    assert!(bot.fake.registered_command("triage").is_some());
    // Guild-only through `contexts` (0 = guild), not the deprecated
    // dm_permission; descriptions in both Chinese scripts.
    let sent = bot
        .fake
        .requests()
        .into_iter()
        .find(|r| r.is("PUT", "/applications/*/guilds/*/commands"))
        .unwrap();
    let defs = body(&sent).as_array().unwrap().clone();
    for c in &defs {
        assert!(c.get("dm_permission").is_none(), "{c}");
        assert!(c["description_localizations"]["zh-TW"].is_string(), "{c}");
        assert!(c["description_localizations"]["zh-CN"].is_string(), "{c}");
    }
    let by_name = |n: &str| defs.iter().find(|c| c["name"] == n).unwrap().clone();
    // Names in both Chinese scripts too, down to options and choices (the
    // fake checks Discord's naming rule on each).
    assert_eq!(by_name("kyc")["name_localizations"]["zh-CN"], "认证");
    assert_eq!(by_name("kyc")["name_localizations"]["zh-TW"], "認證");
    for c in &defs {
        assert!(c["name_localizations"]["zh-CN"].is_string(), "{c}");
        assert!(c["name_localizations"]["zh-TW"].is_string(), "{c}");
    }
    let escalations = by_name("escalations");
    let list = escalations["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "list")
        .unwrap();
    assert_eq!(list["name_localizations"]["zh-TW"], "列表");
    let status = &list["options"][0];
    assert_eq!(status["name_localizations"]["zh-CN"], "状态");
    let claimed = status["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["value"] == "claimed")
        .unwrap();
    assert_eq!(claimed["name_localizations"]["zh-CN"], "已认领");
    assert_eq!(claimed["name_localizations"]["zh-TW"], "已認領");
    assert_eq!(by_name("escalations")["contexts"], serde_json::json!([0]));
    assert_eq!(by_name("kb")["contexts"], serde_json::json!([0]));
    bot.stop().await;
}

#[tokio::test]
async fn kyc_autocompletes_titles_in_the_users_locale_and_shows_the_fix() {
    let mut bot = Bot::start().await;
    let ac = autocomplete("kyc", vec![focused(string_option("scenario", "人脸"))])
        .locale("zh-CN")
        .build();
    let cb = bot.interact(ac).await;
    let b = body(&cb);
    assert_eq!(b["type"], 8);
    let choices = b["data"]["choices"].as_array().unwrap();
    assert!(!choices.is_empty() && choices.len() <= 25);
    assert!(choices.iter().any(
        |c| c["value"] == "face-failed" && c["name"] == title("face-failed", Lang::Zh).as_str()
    ));

    // English typing, English locale; the empty prefix lists everything (≤ 25).
    let ac = autocomplete("kyc", vec![focused(string_option("scenario", ""))]).build();
    let b = body(&bot.interact(ac).await).clone();
    let n = b["data"]["choices"].as_array().unwrap().len();
    assert_eq!(n, kb().scenarios.len().min(25));
    assert!(b["data"]["choices"]
        .to_string()
        .contains(&title("face-failed", Lang::En)));

    let cmd = bot
        .fake
        .slash_command("kyc", vec![string_option("scenario", "face-failed")])
        .locale("zh-CN")
        .build();
    let cb = bot.interact(cmd).await;
    let b = body(&cb);
    assert_eq!(b["type"], 4);
    assert_eq!(b["data"]["flags"], 64, "answers to commands are private");
    assert_eq!(
        b["data"]["embeds"][0]["title"],
        title("face-failed", Lang::Zh).as_str()
    );
    assert!(custom_ids(&b["data"])[1].starts_with("stuck:zh:"));

    let cmd = bot
        .fake
        .slash_command("kyc", vec![string_option("scenario", "no such thing")])
        .build();
    let cb = bot.interact(cmd).await;
    assert_eq!(body(&cb)["data"]["content"], ui(Lang::En).unknown_scenario);
    bot.stop().await;
}

#[tokio::test]
async fn triage_command_is_the_same_as_writing_the_message() {
    let mut bot = Bot::start().await;
    let cmd = bot
        .fake
        .slash_command(
            "triage",
            vec![string_option("text", "人脸识别一直失败怎么办")],
        )
        .build();
    let cb = bot.interact(cmd).await;
    let b = body(&cb);
    assert_eq!(b["type"], 4);
    assert_eq!(
        b["data"]["embeds"][0]["title"],
        title("face-failed", Lang::Zh).as_str()
    );

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
    let cb = bot.interact(cmd).await;
    let content = body(&cb)["data"]["content"].as_str().unwrap().to_string();
    assert!(content.contains("#1"), "{content}");
    assert_eq!(
        body(&cb)["data"]["embeds"][0]["title"],
        title("id-misuse", Lang::En).as_str()
    );
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    assert!(text_of(body(&notice)).contains("Case #1"));
    bot.stop().await;
}

#[tokio::test]
async fn without_guild_ids_the_commands_are_registered_globally() {
    let mut bot = Bot::start_with(|c| c.discord.guild_ids.clear()).await;
    bot.stop().await;
    let puts: Vec<String> = bot
        .fake
        .requests()
        .iter()
        .filter(|r| r.method == "PUT")
        .map(|r| r.route_path().to_string())
        .collect();
    assert_eq!(
        puts,
        [format!(
            "/applications/{}/commands",
            bot.fake.application_id()
        )],
        "one global registration, none per guild"
    );
    assert!(bot.fake.registered_command("escalations").is_some());
}

/// Regression: "Still stuck" under a private `/triage` answer escalated
/// with no member text, since that answer replies to no message; the
/// triage log has what the member wrote (redacted).
#[tokio::test]
async fn still_stuck_on_a_triage_command_answer_hands_over_what_was_written() {
    let mut bot = Bot::start().await;
    let words = "face verification keeps timing out, I tried 5 times in daylight";
    let cmd = bot
        .fake
        .slash_command("triage", vec![string_option("text", words)])
        .build();
    let interaction_id: u64 = cmd["id"].as_str().unwrap().parse().unwrap();
    let cb = bot.interact(cmd).await;
    let ids = custom_ids(&body(&cb)["data"]);
    assert!(ids[1].starts_with("stuck:"), "{ids:?}");
    let message = bot
        .fake
        .original_response(interaction_id)
        .expect("the private answer exists as a message");
    let cb = bot.interact(button_click(&ids[1], &message).build()).await;
    assert!(body(&cb)["data"]["content"]
        .as_str()
        .unwrap()
        .contains("#1"));
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    let text = text_of(body(&notice));
    assert!(
        text.contains(words),
        "the member's words reach the moderator: {text}"
    );
    bot.stop().await;
    let store = bot.store().await;
    assert_eq!(store.get(1).await.unwrap().text.as_deref(), Some(words));
    store.close().await;
}
