//! Moderators: the `/escalations` subcommands, the Claim and Resolve buttons
//! with the note modal, the permission checks, and `/kb reload`.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use kyc_triage::knowledge::Lang;
use kyc_triage::render::ui;
use serde_json::Value;

const MISUSE: &str = "someone used my ID to open an account, I never registered";

/// Makes case #n: a misuse report from `who`; returns the notice message.
async fn case(bot: &Bot, who: Value) -> Value {
    bot.say_as(who, SUPPORT_CHANNEL_ID, Some(GUILD_ID), MISUSE)
        .await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    bot.next_post(ESCALATION_CHANNEL_ID)
        .await
        .response
        .expect("the created notice")
}

fn escalations(bot: &Bot, member: Value, sub: &str, options: Vec<Value>) -> Value {
    bot.fake
        .slash_command("escalations", vec![subcommand(sub, options)])
        .in_guild(GUILD_ID, SUPPORT_CHANNEL_ID, member)
        .build()
}

async fn next_notice_edit(bot: &Bot) -> Value {
    let path = format!("/channels/{ESCALATION_CHANNEL_ID}/messages/*");
    body(
        &bot.fake
            .wait_for_request(
                |r| r.is("PATCH", &path),
                crate::support::fake_discord::TIMEOUT,
            )
            .await,
    )
    .clone()
}

#[tokio::test]
async fn every_escalations_subcommand_works_and_updates_the_notice() {
    let mut bot = Bot::start().await;
    case(&bot, alice()).await;
    case(&bot, bob()).await;

    let cb = bot
        .interact(escalations(&bot, mod_member(), "list", vec![]))
        .await;
    let b = body(&cb);
    assert_eq!(b["data"]["flags"], 64, "moderator replies are ephemeral");
    let list = b["data"]["content"].as_str().unwrap();
    assert!(
        list.contains("#1") && list.contains("#2") && list.contains("open"),
        "{list}"
    );

    let cb = bot
        .interact(escalations(
            &bot,
            mod_member(),
            "show",
            vec![integer_option("id", 2)],
        ))
        .await;
    let shown = text_of(&body(&cb)["data"]);
    assert!(shown.contains(&format!("<@{BOB_ID}>")), "{shown}");
    assert!(
        shown.contains("History: ") && shown.contains(&format!("<@{BOB_ID}> open")),
        "{shown}"
    );

    let cb = bot
        .interact(escalations(
            &bot,
            mod_member(),
            "claim",
            vec![integer_option("id", 1)],
        ))
        .await;
    assert!(body(&cb)["data"]["content"]
        .as_str()
        .unwrap()
        .contains("claimed"));
    let edit = next_notice_edit(&bot).await;
    assert!(
        text_of(&edit).contains(&format!("claimed by <@{MOD_USER_ID}>")),
        "the audit and the notice name the Discord id: {edit}"
    );
    assert_eq!(
        custom_ids(&edit),
        ["unclaim:1", "resolve:1", "dismiss:1"],
        "claimed: Unclaim instead of Claim"
    );

    let cb = bot
        .interact(escalations(
            &bot,
            mod_member(),
            "resolve",
            vec![
                integer_option("id", 1),
                string_option("note", "reset the KYC"),
            ],
        ))
        .await;
    assert!(body(&cb)["data"]["content"]
        .as_str()
        .unwrap()
        .contains("resolved"));
    let edit = next_notice_edit(&bot).await;
    assert!(
        text_of(&edit).contains(&format!("resolved by <@{MOD_USER_ID}>: reset the KYC")),
        "{edit}"
    );
    assert_eq!(custom_ids(&edit), ["reopen:1"], "closed: only Reopen");

    // By permission instead of role: Manage Messages is enough.
    let by_perm = as_member(
        &user(MOD_USER_ID, MOD_USER_NAME),
        &[],
        permissions::MODERATOR,
    );
    let cb = bot
        .interact(escalations(
            &bot,
            by_perm,
            "dismiss",
            vec![integer_option("id", 2), string_option("note", "duplicate")],
        ))
        .await;
    assert!(body(&cb)["data"]["content"]
        .as_str()
        .unwrap()
        .contains("dismissed"));
    let edit = next_notice_edit(&bot).await;
    assert!(text_of(&edit).contains(&format!("dismissed by <@{MOD_USER_ID}>: duplicate")));

    let cb = bot
        .interact(escalations(
            &bot,
            mod_member(),
            "list",
            vec![string_option("status", "open")],
        ))
        .await;
    assert_eq!(body(&cb)["data"]["content"], "No open cases.");

    // Mistakes get a sentence, not a crash.
    let cb = bot
        .interact(escalations(
            &bot,
            mod_member(),
            "claim",
            vec![integer_option("id", 99)],
        ))
        .await;
    assert!(body(&cb)["data"]["content"]
        .as_str()
        .unwrap()
        .contains("#99"));
    bot.stop().await;
}

#[tokio::test]
async fn claim_and_resolve_buttons_and_the_note_modal() {
    let mut bot = Bot::start().await;
    let notice = case(&bot, alice()).await;

    let claim = button_click("claim:1", &notice)
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .build();
    let cb = bot.interact(claim).await;
    let b = body(&cb);
    assert_eq!(b["type"], 7, "the notice itself is updated");
    assert!(text_of(&b["data"]).contains(&format!("claimed by <@{MOD_USER_ID}>")));
    assert_eq!(
        custom_ids(&b["data"]),
        ["unclaim:1", "resolve:1", "dismiss:1"]
    );

    let resolve = button_click("resolve:1", &notice)
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .build();
    let cb = bot.interact(resolve).await;
    let b = body(&cb);
    assert_eq!(b["type"], 9, "Resolve opens a modal");
    assert_eq!(b["data"]["custom_id"], "resolve_note:1");

    let submit = modal_submit("resolve_note:1", &[("note", "called the user back")])
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .set("message", notice.clone())
        .build();
    let cb = bot.interact(submit).await;
    let b = body(&cb);
    assert_eq!(b["type"], 7);
    assert!(text_of(&b["data"]).contains(&format!(
        "resolved by <@{MOD_USER_ID}>: called the user back"
    )));
    assert_eq!(custom_ids(&b["data"]), ["reopen:1"]);
    bot.stop().await;
}

#[tokio::test]
async fn a_member_without_the_role_or_permission_is_refused_and_nothing_changes() {
    let mut bot = Bot::start().await;
    let notice = case(&bot, alice()).await;
    let member = || as_member(&bob(), &[], permissions::EVERYONE);

    let cb = bot
        .interact(escalations(
            &bot,
            member(),
            "claim",
            vec![integer_option("id", 1)],
        ))
        .await;
    assert_eq!(body(&cb)["data"]["content"], ui(Lang::En).not_allowed);
    assert_eq!(body(&cb)["data"]["flags"], 64);
    let cb = bot
        .interact(escalations(&bot, member(), "list", vec![]))
        .await;
    assert_eq!(body(&cb)["data"]["content"], ui(Lang::En).not_allowed);

    let click = button_click("claim:1", &notice)
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, member())
        .build();
    assert_eq!(
        body(&bot.interact(click).await)["data"]["content"],
        ui(Lang::En).not_allowed
    );
    let click = button_click("resolve:1", &notice)
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, member())
        .build();
    assert_eq!(
        body(&bot.interact(click).await)["type"],
        4,
        "no modal for them"
    );
    let submit = modal_submit("resolve_note:1", &[("note", "x")])
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, member())
        .build();
    assert_eq!(
        body(&bot.interact(submit).await)["data"]["content"],
        ui(Lang::En).not_allowed
    );
    let kb = bot
        .fake
        .slash_command("kb", vec![subcommand("reload", vec![])])
        .in_guild(
            GUILD_ID,
            SUPPORT_CHANNEL_ID,
            as_member(
                &user(MOD_USER_ID, MOD_USER_NAME),
                &[MOD_ROLE_ID],
                permissions::MODERATOR,
            ),
        )
        .locale("zh-CN")
        .build();
    assert_eq!(
        body(&bot.interact(kb).await)["data"]["content"],
        ui(Lang::Zh).not_allowed,
        "moderators are not administrators"
    );

    // The case is still open and unclaimed.
    let cb = bot
        .interact(escalations(
            &bot,
            mod_member(),
            "show",
            vec![integer_option("id", 1)],
        ))
        .await;
    assert!(text_of(&body(&cb)["data"]).contains("Status: open"));
    bot.stop().await;
    assert!(
        !bot.fake
            .requests()
            .iter()
            .any(|r| r.is("PATCH", "/channels/*/messages/*")),
        "the notice was never edited"
    );
}

/// `/kb reload` is deferred (type 5, ephemeral), then the answer edits the
/// original response.
async fn reload_answer(bot: &Bot, interaction: Value) -> String {
    let token = interaction["token"].as_str().unwrap().to_string();
    let cb = bot.interact_raw(interaction).await;
    assert_eq!(body(&cb)["type"], 5);
    assert_eq!(body(&cb)["data"]["flags"], 64);
    let edit = bot
        .fake
        .wait_for_request(
            |r| r.is("PATCH", &format!("/webhooks/*/{token}/messages/@original")),
            crate::support::fake_discord::TIMEOUT,
        )
        .await;
    body(&edit)["content"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn kb_reload_swaps_a_valid_base_and_keeps_the_old_one_on_errors() {
    let kb_dir = tempfile::tempdir().unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    for f in std::fs::read_dir(&shipped).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), kb_dir.path().join(f.file_name())).unwrap();
    }
    let dir = kb_dir.path().to_path_buf();
    let mut bot = Bot::start_with(|c| c.knowledge_dir = dir.clone()).await;
    let admin = || {
        as_member(
            &user(MOD_USER_ID, MOD_USER_NAME),
            &[],
            permissions::ADMINISTRATOR | permissions::EVERYONE,
        )
    };
    let reload = |bot: &Bot| {
        bot.fake
            .slash_command("kb", vec![subcommand("reload", vec![])])
            .in_guild(GUILD_ID, SUPPORT_CHANNEL_ID, admin())
            .build()
    };

    let text = reload_answer(&bot, reload(&bot)).await;
    assert!(
        text.contains("reloaded") && text.contains(&kb().scenarios.len().to_string()),
        "{text}"
    );

    std::fs::write(
        kb_dir.path().join("face-failed.yaml"),
        "id: face-failed\ntitle: [broken\n",
    )
    .unwrap();
    let text = reload_answer(&bot, reload(&bot)).await;
    assert!(
        text.contains("Reload failed") && text.contains("face-failed.yaml"),
        "{text}"
    );
    assert!(text.chars().count() <= 2000);

    // The old base is still in service.
    bot.say("my selfie keeps failing the face check").await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_eq!(
        body(&reply)["embeds"][0]["title"],
        title("face-failed", Lang::En).as_str()
    );
    bot.stop().await;
}
