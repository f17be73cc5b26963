//! A 429 from Discord is waited out, never a lost reply: the fake answers
//! one request with Discord's 429 (a `Retry-After` header and the JSON body
//! of Discord's docs) and the bot's one retry layer (`src/discord/rest.rs`)
//! sends it again. Each reply then lands exactly once: a 429 means Discord
//! did nothing with the request, so nothing may be doubled either.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::{Failure, RecordedRequest, TIMEOUT};
use kyc_triage::knowledge::Lang;

/// The requests matching `method` and `pattern`, after `stop`, split into
/// the rate-limited ones and the ones that went through.
fn outcomes(
    bot: &Bot,
    method: &str,
    pattern: &str,
) -> (Vec<RecordedRequest>, Vec<RecordedRequest>) {
    bot.fake
        .requests()
        .into_iter()
        .filter(|r| r.is(method, pattern))
        .partition(|r| r.status == 429)
}

fn assert_logged_without_secrets(bot: &Bot, request: &str) {
    let logs = logs();
    assert!(
        logs.contains("429 Too Many Requests") && logs.contains(&format!("request=\"{request}\"")),
        "the wait is logged, naming the request"
    );
    assert!(!logs.contains(bot.fake.token()));
}

#[tokio::test]
async fn a_rate_limited_channel_reply_is_sent_again_and_lands_once() {
    let mut bot = Bot::start().await;
    let path = format!("/channels/{SUPPORT_CHANNEL_ID}/messages");
    bot.fake.fail(
        Failure::rate_limited("create_message", 0.2)
            .at(&path)
            .times(1),
    );
    bot.say("my selfie keeps failing the face check").await;
    let first = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_eq!(first.status, 429);
    let second = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_eq!(second.status, 200);
    assert_eq!(body(&second), body(&first), "the same reply, sent again");
    assert_eq!(
        body(&second)["embeds"][0]["title"],
        title("face-failed", Lang::En).as_str()
    );
    bot.stop().await;
    let (limited, landed) = outcomes(&bot, "POST", &path);
    assert_eq!((limited.len(), landed.len()), (1, 1), "exactly once");
    assert_logged_without_secrets(&bot, "create_message");
}

#[tokio::test]
async fn a_rate_limited_interaction_callback_and_edit_are_sent_again_and_land_once() {
    let mut bot = Bot::start().await;
    bot.fake
        .fail(Failure::rate_limited("create_interaction_response", 0.2).times(1));
    bot.fake
        .fail(Failure::rate_limited("update_original_webhook_message", 0.2).times(1));
    let cmd = bot
        .fake
        .slash_command(
            "triage",
            vec![string_option(
                "text",
                "my selfie keeps failing the face check",
            )],
        )
        .build();
    let token = cmd["token"].as_str().unwrap().to_owned();
    bot.fake
        .send_dispatch("INTERACTION_CREATE", cmd.clone())
        .await
        .unwrap();
    let callback = callback_path(&cmd);
    let hook = format!(
        "/webhooks/{}/{token}/messages/@original",
        bot.fake.application_id()
    );
    let mut edits = Vec::new();
    for _ in 0..2 {
        edits.push(
            bot.fake
                .wait_for_request(|r| r.method == "PATCH" && r.path.ends_with(&hook), TIMEOUT)
                .await,
        );
    }
    assert_eq!(
        edits.iter().map(|r| r.status).collect::<Vec<_>>(),
        [429, 200]
    );
    assert_eq!(
        body(&edits[1])["embeds"][0]["title"],
        title("face-failed", Lang::En).as_str()
    );
    bot.stop().await;
    let callbacks: Vec<u16> = bot
        .fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with(&callback))
        .map(|r| r.status)
        .collect();
    assert_eq!(
        callbacks,
        [429, 204],
        "acknowledged once, after the wait, within the 3 s the fake enforces"
    );
    let edits_landed = bot
        .fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with(&hook) && r.status == 200)
        .count();
    assert_eq!(edits_landed, 1);
    assert_logged_without_secrets(&bot, "create_interaction_response");
    assert!(
        !logs().contains(&token),
        "the interaction token is not logged"
    );
}

#[tokio::test]
async fn a_rate_limited_moderators_notice_is_sent_again_and_lands_once() {
    let mut bot = Bot::start().await;
    let path = format!("/channels/{ESCALATION_CHANNEL_ID}/messages");
    bot.fake.fail(
        Failure::rate_limited("create_message", 0.2)
            .at(&path)
            .times(1),
    );
    bot.say("someone used my ID to open an account, I never registered")
        .await;
    let first = bot.next_post(ESCALATION_CHANNEL_ID).await;
    assert_eq!(first.status, 429);
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    assert_eq!(notice.status, 200);
    assert!(text_of(body(&notice)).contains("#1"));
    // The notice's buttons work: the case knows where its notice is.
    let claim = button_click("claim:1", notice.response.as_ref().unwrap())
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .build();
    let cb = bot.interact(claim).await;
    assert!(text_of(&body(&cb)["data"]).contains(&format!("claimed by <@{MOD_USER_ID}>")));
    bot.stop().await;
    let (limited, landed) = outcomes(&bot, "POST", &path);
    assert_eq!((limited.len(), landed.len()), (1, 1), "exactly once");
}
