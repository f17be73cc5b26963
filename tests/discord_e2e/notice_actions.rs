//! The moderators' buttons beyond Claim and Resolve: Unclaim, Dismiss with
//! a reason, Reopen, the confirmation before taking over another
//! moderator's claim, and the pages of `/escalations list`. The audit
//! records Discord user ids.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::TIMEOUT;
use serde_json::Value;

const MISUSE: &str = "someone used my ID to open an account, I never registered";
const OTHER_MOD: u64 = 1_180_000_000_000_000_409;

fn other_mod() -> Value {
    as_member(
        &user(OTHER_MOD, "mod_kai"),
        &[MOD_ROLE_ID],
        permissions::EVERYONE,
    )
}

fn click(id: &str, notice: &Value, who: Value) -> Value {
    button_click(id, notice)
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, who)
        .build()
}

#[tokio::test]
async fn unclaim_takeover_dismiss_with_a_reason_and_reopen_from_the_notice() {
    let mut bot = Bot::start().await;
    bot.say(MISUSE).await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await.response.unwrap();

    let seen = bot.interact(click("claim:1", &notice, mod_member())).await;
    assert!(text_of(&body(&seen)["data"]).contains(&format!("<@{MOD_USER_ID}>")));
    // Another moderator: Claim (and Unclaim) of someone else's case asks
    // first, privately, with a Take over button.
    for id in ["claim:1", "unclaim:1"] {
        let seen = bot.interact(click(id, &notice, other_mod())).await;
        let b = &body(&seen)["data"];
        assert_eq!(b["flags"], 64, "{id}: privately");
        assert!(
            b["content"]
                .as_str()
                .unwrap()
                .contains(&format!("claimed by <@{MOD_USER_ID}>")),
            "{b}"
        );
        assert_eq!(custom_ids(b), ["takeover:1"]);
    }
    let confirmation = bot
        .fake
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.is("POST", "/webhooks/*/*"))
        .and_then(|r| r.response)
        .expect("the confirmation message");
    let seen = bot
        .interact(click("takeover:1", &confirmation, other_mod()))
        .await;
    assert!(text_of(&body(&seen)["data"]).contains("You now hold case #1"));
    let edit = bot
        .fake
        .wait_for_request(|r| r.is("PATCH", "/channels/*/messages/*"), TIMEOUT)
        .await;
    assert!(text_of(body(&edit)).contains(&format!("claimed by <@{OTHER_MOD}>")));

    // The holder gives it back; then dismisses it with a reason.
    let seen = bot.interact(click("unclaim:1", &notice, other_mod())).await;
    assert!(text_of(&body(&seen)["data"]).contains("Status: open"));
    assert_eq!(
        custom_ids(&body(&seen)["data"]),
        ["claim:1", "resolve:1", "dismiss:1"]
    );
    let seen = bot
        .interact(click("dismiss:1", &notice, mod_member()))
        .await;
    assert_eq!(body(&seen)["type"], 9, "Dismiss asks for a reason");
    assert_eq!(body(&seen)["data"]["custom_id"], "dismiss_note:1");
    let submit = modal_submit("dismiss_note:1", &[("note", "a duplicate of #0")])
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .set("message", notice.clone())
        .build();
    let seen = bot.interact(submit).await;
    assert!(text_of(&body(&seen)["data"])
        .contains(&format!("dismissed by <@{MOD_USER_ID}>: a duplicate of #0")));
    let archived = bot
        .fake
        .wait_for_request(|r| r.is("PATCH", "/channels/*"), TIMEOUT)
        .await;
    assert_eq!(body(&archived)["archived"], true);

    let seen = bot.interact(click("reopen:1", &notice, mod_member())).await;
    assert!(text_of(&body(&seen)["data"]).contains("Status: open"));
    let reopened = bot
        .fake
        .wait_for_request(|r| r.is("PATCH", "/channels/*"), TIMEOUT)
        .await;
    assert_eq!(
        body(&reopened)["archived"],
        false,
        "the thread is unarchived"
    );
    bot.stop().await;

    let store = bot.store().await;
    let audit = store.audit(1).await.unwrap();
    let actions: Vec<(&str, &str)> = audit
        .iter()
        .filter(|a| a.actor != "kyc-triage" && !a.actor.is_empty())
        .map(|a| (a.action.as_str(), a.actor.as_str()))
        .collect();
    let me = MOD_USER_ID.to_string();
    let kai = OTHER_MOD.to_string();
    assert!(actions.contains(&("claim", me.as_str())), "{actions:?}");
    assert!(actions.contains(&("takeover", kai.as_str())), "{actions:?}");
    assert!(actions.contains(&("unclaim", kai.as_str())), "{actions:?}");
    assert!(actions.contains(&("dismiss", me.as_str())), "{actions:?}");
    assert!(actions.contains(&("reopen", me.as_str())), "{actions:?}");
    assert!(
        !audit.iter().any(|a| a.actor.contains("mod_")),
        "ids, never display names"
    );
    store.close().await;
}

#[tokio::test]
async fn escalations_list_pages_instead_of_cutting() {
    let mut bot = Bot::start().await;
    let n = 14;
    for k in 0..n {
        let who = user(1_180_000_000_000_000_700 + k, &format!("member{k}"));
        bot.say_as(who, SUPPORT_CHANNEL_ID, Some(GUILD_ID), MISUSE)
            .await;
        bot.next_post(ESCALATION_CHANNEL_ID).await;
    }
    let list = bot
        .fake
        .slash_command("escalations", vec![subcommand("list", vec![])])
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .build();
    let seen = bot.interact(list).await;
    let first = body(&seen)["data"].clone();
    let text = first["content"].as_str().unwrap();
    assert!(text.chars().count() <= 2000);
    assert!(
        text.contains(&format!("#{n} ")) && !text.contains("#1 "),
        "{text}"
    );
    let older = custom_ids(&first);
    assert_eq!(older.len(), 1, "only Older on the first page: {older:?}");
    let page = bot
        .fake
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.is("PATCH", "/webhooks/*/*/messages/@original"))
        .and_then(|r| r.response)
        .unwrap();
    let seen = bot.interact(click(&older[0], &page, mod_member())).await;
    assert_eq!(
        body(&seen)["type"],
        7,
        "the same message shows the next page"
    );
    let text = body(&seen)["data"]["content"].as_str().unwrap().to_string();
    assert!(text.contains("#1 ") && text.contains("#2 "), "{text}");
    assert!(!text.contains(&format!("#{n} ")), "{text}");
    assert!(custom_ids(&body(&seen)["data"])[0].starts_with("page:0:"));
    bot.stop().await;
}

/// `/escalations <sub>` from `who` in the default server.
fn command(bot: &Bot, who: Value, sub: &str, options: Vec<Value>) -> Value {
    bot.fake
        .slash_command("escalations", vec![subcommand(sub, options)])
        .in_guild(GUILD_ID, SUPPORT_CHANNEL_ID, who)
        .build()
}

#[tokio::test]
async fn unclaim_dismiss_and_reopen_as_commands_confirm_a_takeover_like_the_buttons() {
    let mut bot = Bot::start().await;
    bot.say(MISUSE).await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    bot.next_post(ESCALATION_CHANNEL_ID).await;
    let id = || vec![integer_option("id", 1)];
    let seen = bot
        .interact(command(&bot, mod_member(), "claim", id()))
        .await;
    assert_eq!(body(&seen)["data"]["content"], "Case #1 is now claimed.");

    // Another moderator's unclaim or dismiss asks first, in the command's
    // own private answer, with the Take over button; nothing changes.
    let dismiss = || {
        vec![
            integer_option("id", 1),
            string_option("note", "duplicate of #0"),
        ]
    };
    for (sub, options) in [("unclaim", id()), ("dismiss", dismiss())] {
        let seen = bot.interact(command(&bot, other_mod(), sub, options)).await;
        let b = &body(&seen)["data"];
        assert_eq!(b["flags"], 64, "{sub}: privately");
        assert!(
            b["content"]
                .as_str()
                .unwrap()
                .contains(&format!("claimed by <@{MOD_USER_ID}>. Take it over?")),
            "{sub}: {b}"
        );
        assert_eq!(custom_ids(b), ["takeover:1"], "{sub}");
    }
    // Confirmed: the other moderator holds it now, as with the buttons.
    let confirmation = bot
        .fake
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.is("PATCH", "/webhooks/*/*/messages/@original"))
        .and_then(|r| r.response)
        .expect("the confirmation");
    let seen = bot
        .interact(click("takeover:1", &confirmation, other_mod()))
        .await;
    assert!(text_of(&body(&seen)["data"]).contains("You now hold case #1"));

    let seen = bot
        .interact(command(&bot, other_mod(), "unclaim", id()))
        .await;
    assert_eq!(body(&seen)["data"]["content"], "Case #1 is now open.");
    let seen = bot
        .interact(command(&bot, other_mod(), "dismiss", dismiss()))
        .await;
    assert_eq!(body(&seen)["data"]["content"], "Case #1 is now dismissed.");
    // The case's thread is archived with the dismissal (the reply comes
    // first, the thread edit after it: wait for it before reopening, or the
    // reopen may be read first and the thread rightly never archived).
    let edit = bot
        .fake
        .wait_for_request(|r| r.operation == "update_channel", TIMEOUT)
        .await;
    assert_eq!(body(&edit)["archived"], true);
    let seen = bot
        .interact(command(&bot, mod_member(), "reopen", id()))
        .await;
    assert_eq!(body(&seen)["data"]["content"], "Case #1 is now open.");
    // And opened again with the reopen.
    let edit = bot
        .fake
        .wait_for_request(|r| r.operation == "update_channel", TIMEOUT)
        .await;
    assert_eq!(body(&edit)["archived"], false);
    bot.stop().await;
    let store = bot.store().await;
    let audit = store.audit(1).await.unwrap();
    let actors: Vec<&str> = audit.iter().map(|a| a.actor.as_str()).collect();
    assert!(
        actors.contains(&OTHER_MOD.to_string().as_str()),
        "{actors:?}"
    );
    store.close().await;
}
