//! Members talking to the bot: where it answers, in which language, and the
//! clarify / "Still stuck" / escalation round trips.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use kyc_triage::knowledge::Lang;
use kyc_triage::render::ui;

const FACE_EN: &str = "my selfie keeps failing the face check";
const FACE_ZH: &str = "人脸识别一直失败怎么办";
const MISUSE_EN: &str = "someone used my ID to open an account, I never registered";
const VAGUE: &str = "kyc problem";
const CHATTER: &str = "gm gm, wen moon";

#[tokio::test]
async fn a_complaint_in_a_support_channel_gets_the_fix_with_feedback_buttons() {
    let mut bot = Bot::start().await;
    let msg = bot.say(FACE_EN).await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let b = body(&reply);
    assert_eq!(b["message_reference"]["message_id"], msg["id"]);
    assert_eq!(
        b["embeds"][0]["title"],
        title("face-failed", Lang::En).as_str()
    );
    let text = text_of(b);
    assert!(text.contains("🔒"), "the safety line is shown: {text}");
    let ids = custom_ids(b);
    assert!(ids[0].starts_with("solved:en:"), "{ids:?}");
    assert!(
        ids[1].starts_with("stuck:en:") && ids[1].ends_with(":face-failed"),
        "{ids:?}"
    );
    let labels = b["components"][0]["components"].to_string();
    assert!(labels.contains(ui(Lang::En).solved) && labels.contains(ui(Lang::En).still_stuck));
    // Nobody is pinged by an answer.
    assert_eq!(b["allowed_mentions"]["parse"], serde_json::json!([]));
    bot.stop().await;
}

#[tokio::test]
async fn a_chinese_complaint_is_answered_in_chinese() {
    let mut bot = Bot::start().await;
    bot.say(FACE_ZH).await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let b = body(&reply);
    assert_eq!(
        b["embeds"][0]["title"],
        title("face-failed", Lang::Zh).as_str()
    );
    assert!(custom_ids(b)[0].starts_with("solved:zh:"));
    assert!(b["components"]
        .to_string()
        .contains(ui(Lang::Zh).still_stuck));
    bot.stop().await;
}

#[tokio::test]
async fn a_mention_in_another_channel_is_answered_and_unaddressed_talk_there_is_not() {
    let mut bot = Bot::start().await;
    bot.say_as(alice(), OTHER_CHANNEL_ID, Some(GUILD_ID), FACE_EN)
        .await;
    let mention = message_create(OTHER_CHANNEL_ID, Some(GUILD_ID), bob(), FACE_ZH)
        .mention(&bot.fake.bot_user())
        .build();
    bot.send_message(mention.clone()).await;
    let reply = bot.next_post(OTHER_CHANNEL_ID).await;
    let b = body(&reply);
    assert_eq!(b["message_reference"]["message_id"], mention["id"]);
    assert_eq!(
        b["embeds"][0]["title"],
        title("face-failed", Lang::Zh).as_str()
    );
    bot.stop().await;
    assert_eq!(bot.posts().len(), 1, "only the mention was answered");
}

#[tokio::test]
async fn a_direct_message_is_answered_in_the_dm() {
    let mut bot = Bot::start().await;
    bot.say_as(alice(), DM_CHANNEL_ID, None, FACE_EN).await;
    let reply = bot.next_post(DM_CHANNEL_ID).await;
    assert_eq!(
        body(&reply)["embeds"][0]["title"],
        title("face-failed", Lang::En).as_str()
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_reply_to_the_bot_is_answered_outside_support_channels() {
    let mut bot = Bot::start().await;
    bot.say_as(alice(), OTHER_CHANNEL_ID, Some(GUILD_ID), "hi")
        .await;
    let earlier = message(
        snowflake(),
        OTHER_CHANNEL_ID,
        &bot.fake.bot_user(),
        "earlier answer",
    );
    let m = message_create(OTHER_CHANNEL_ID, Some(GUILD_ID), alice(), FACE_EN)
        .reply_to(&earlier)
        .build();
    bot.send_message(m.clone()).await;
    let reply = bot.next_post(OTHER_CHANNEL_ID).await;
    assert_eq!(body(&reply)["message_reference"]["message_id"], m["id"]);
    bot.stop().await;
    assert_eq!(bot.posts().len(), 1);
}

#[tokio::test]
async fn chatter_bots_and_webhooks_get_no_reply_a_mention_gets_a_polite_note() {
    let mut bot = Bot::start().await;
    bot.say(CHATTER).await;
    bot.say_as(
        bot_user(BOB_ID + 7, "otherbot"),
        SUPPORT_CHANNEL_ID,
        Some(GUILD_ID),
        FACE_EN,
    )
    .await;
    let hook = message_create(
        SUPPORT_CHANNEL_ID,
        Some(GUILD_ID),
        webhook_author(BOB_ID + 8, "feed"),
        FACE_EN,
    )
    .webhook(BOB_ID + 8)
    .build();
    bot.send_message(hook).await;
    let mention = message_create(OTHER_CHANNEL_ID, Some(GUILD_ID), alice(), CHATTER)
        .mention(&bot.fake.bot_user())
        .build();
    bot.send_message(mention).await;
    let reply = bot.next_post(OTHER_CHANNEL_ID).await;
    assert_eq!(body(&reply)["content"], ui(Lang::En).ignored);
    bot.stop().await;
    // The bot's own echoed messages were ignored too, or it would loop.
    assert_eq!(bot.posts().len(), 1, "only the mention got a reply");
}

#[tokio::test]
async fn clarify_offers_choices_picking_one_answers_none_of_these_escalates() {
    let mut bot = Bot::start().await;
    bot.say(VAGUE).await;
    let question = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let b = body(&question);
    assert_eq!(b["embeds"][0]["description"], ui(Lang::En).clarify);
    let menu = &b["components"][0]["components"][0];
    let pick_id = menu["custom_id"].as_str().unwrap().to_string();
    assert!(pick_id.starts_with("pick:en:"), "{pick_id}");
    let options = menu["options"].as_array().unwrap();
    assert!(options.len() >= 2);
    assert_eq!(options.last().unwrap()["value"], "_none");
    let first = options[0]["value"].as_str().unwrap().to_string();

    let message = question.response.clone().unwrap();
    let cb = bot
        .interact(select(&pick_id, &[&first], &message).build())
        .await;
    let b = body(&cb);
    assert_eq!(b["type"], 7, "the question is replaced by the answer");
    assert_eq!(
        b["data"]["embeds"][0]["title"],
        title(&first, Lang::En).as_str()
    );
    assert!(custom_ids(&b["data"])[1].ends_with(&format!(":{first}")));

    let cb = bot
        .interact(select(&pick_id, &["_none"], &message).build())
        .await;
    let b = body(&cb);
    assert_eq!(b["type"], 7);
    assert!(b["data"]["content"].as_str().unwrap().contains("#1"), "{b}");
    assert_eq!(b["data"]["components"], serde_json::json!([]));
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    let text = text_of(body(&notice));
    assert!(
        text.contains("Case #1") && text.contains("no-match"),
        "{text}"
    );
    assert!(
        text.contains("none of the suggested scenarios fit"),
        "{text}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn still_stuck_escalates_with_what_was_tried_and_only_the_asker_may_press() {
    let mut bot = Bot::start().await;
    bot.say(FACE_EN).await;
    let answer = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let ids = custom_ids(body(&answer));
    let message = answer.response.clone().unwrap();

    let other = button_click(&ids[1], &message)
        .in_guild(
            GUILD_ID,
            SUPPORT_CHANNEL_ID,
            as_member(&bob(), &[], permissions::EVERYONE),
        )
        .build();
    let cb = bot.interact(other).await;
    assert_eq!(body(&cb)["data"]["content"], ui(Lang::En).not_yours);
    assert_eq!(body(&cb)["data"]["flags"], 64);

    let cb = bot.interact(button_click(&ids[1], &message).build()).await;
    let b = body(&cb);
    assert_eq!(b["type"], 7);
    assert!(b["data"]["content"].as_str().unwrap().contains("#1"));
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    let text = text_of(body(&notice));
    assert!(
        text.contains(FACE_EN),
        "the member's words reach the moderator: {text}"
    );
    assert!(text.contains("not-helped"), "{text}");
    assert!(
        text.contains("the answer for `face-failed` did not help"),
        "{text}"
    );
    assert!(text.contains(&format!("<@{USER_ID}>")), "{text}");
    bot.stop().await;
    let store = bot.store().await;
    let face = scenario_stats(&store, "face-failed").await;
    assert_eq!(
        (face.helped, face.not_helped),
        (0, 1),
        "Still stuck is recorded as feedback"
    );
    let case = store.get(1).await.unwrap();
    assert_eq!(
        case.context.as_deref(),
        Some("the answer for `face-failed` did not help")
    );
    store.close().await;
}

#[tokio::test]
async fn solved_thanks_the_user_and_removes_the_buttons() {
    let mut bot = Bot::start().await;
    bot.say(FACE_EN).await;
    let answer = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let ids = custom_ids(body(&answer));
    let message = answer.response.clone().unwrap();
    let cb = bot.interact(button_click(&ids[0], &message).build()).await;
    let b = body(&cb);
    assert_eq!(b["type"], 7);
    assert_eq!(b["data"]["content"], ui(Lang::En).thanks);
    assert_eq!(b["data"]["components"], serde_json::json!([]));
    assert!(
        b["data"].get("embeds").is_none(),
        "the answer stays visible"
    );
    bot.stop().await;
}

#[tokio::test]
async fn suspected_id_misuse_is_recorded_then_acknowledged_then_announced() {
    let mut bot = Bot::start().await;
    let msg = bot.say(MISUSE_EN).await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    let b = body(&reply);
    let content = b["content"].as_str().unwrap();
    assert!(content.contains("#1"), "{content}");
    // The scenario's steps say to report it and secure the account; the
    // fixed advice is not repeated above them (as in `kyc-triage chat`).
    assert!(!content.contains(ui(Lang::En).misuse_advice), "{content}");
    assert_eq!(
        b["embeds"][0]["title"],
        title("id-misuse", Lang::En).as_str()
    );
    let steps = b["embeds"][0]["description"].as_str().unwrap();
    assert!(
        steps.contains("official support") && steps.contains("2FA"),
        "{steps}"
    );

    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    let n = body(&notice);
    let text = text_of(n);
    assert!(text.contains("Case #1"), "{text}");
    assert!(text.contains(&format!("<@{USER_ID}>")), "{text}");
    assert!(
        text.contains("id-misuse") && text.contains("knowledge-base"),
        "{text}"
    );
    assert!(
        text.contains(MISUSE_EN),
        "the (redacted) text is shown: {text}"
    );
    let jump = format!(
        "https://discord.com/channels/{GUILD_ID}/{SUPPORT_CHANNEL_ID}/{}",
        id(&msg)
    );
    assert!(text.contains(&jump), "{text}");
    assert_eq!(custom_ids(n), ["claim:1", "resolve:1", "dismiss:1"]);
    // The notice names the user without pinging them.
    assert_eq!(n["allowed_mentions"]["parse"], serde_json::json!([]));
    let notice_id = id(notice.response.as_ref().unwrap());

    // Reporting again joins the open case: same number, the notice is
    // edited, no second notice.
    bot.say(MISUSE_EN).await;
    let again = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert!(body(&again)["content"].as_str().unwrap().contains("#1"));
    let edit = bot
        .fake
        .wait_for_request(
            |r| {
                r.is(
                    "PATCH",
                    &format!("/channels/{ESCALATION_CHANNEL_ID}/messages/{notice_id}"),
                )
            },
            crate::support::fake_discord::TIMEOUT,
        )
        .await;
    assert!(text_of(body(&edit)).contains("(2 reports)"));
    bot.stop().await;
    assert_eq!(
        bot.posts()
            .iter()
            .filter(|r| r.path.contains(&ESCALATION_CHANNEL_ID.to_string()))
            .count(),
        1
    );

    // The store has the case, where its notice is, and the triage log.
    let store = bot.store().await;
    let case = store.get(1).await.unwrap();
    assert_eq!(case.scenario.as_deref(), Some("id-misuse"));
    assert_eq!(case.status.code(), "open");
    assert_eq!(case.report_count, 2);
    let notice_at = case.notice.unwrap();
    assert_eq!(
        (notice_at.channel_id, notice_at.message_id),
        (ESCALATION_CHANNEL_ID, notice_id)
    );
    store.close().await;
}

#[tokio::test]
async fn a_bare_mention_is_told_what_the_bot_is_for() {
    let mut bot = Bot::start().await;
    let m = message_create(OTHER_CHANNEL_ID, Some(GUILD_ID), alice(), "")
        .mention(&bot.fake.bot_user())
        .build();
    bot.send_message(m).await;
    let reply = bot.next_post(OTHER_CHANNEL_ID).await;
    assert_eq!(body(&reply)["content"], ui(Lang::En).ignored);
    bot.stop().await;
}

#[tokio::test]
async fn a_thread_under_a_support_channel_is_a_support_channel_too() {
    let mut bot = Bot::start().await;
    bot.say_as(alice(), THREAD_ID, Some(GUILD_ID), FACE_EN)
        .await;
    let reply = bot.next_post(THREAD_ID).await;
    assert_eq!(
        body(&reply)["embeds"][0]["title"],
        title("face-failed", Lang::En).as_str()
    );
    bot.say_as(alice(), THREAD_ID, Some(GUILD_ID), FACE_ZH)
        .await;
    bot.next_post(THREAD_ID).await;
    bot.stop().await;
    let lookups = bot
        .fake
        .requests()
        .iter()
        .filter(|r| r.is("GET", &format!("/channels/{THREAD_ID}")))
        .count();
    assert_eq!(lookups, 1, "the parent is looked up once");
}

#[tokio::test]
async fn without_an_escalation_channel_cases_are_still_recorded_and_acknowledged() {
    let mut bot = Bot::start_with(|c| c.discord.escalation_channel = None).await;
    bot.say(MISUSE_EN).await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert!(body(&reply)["content"].as_str().unwrap().contains("#1"));
    bot.stop().await;
    assert_eq!(bot.posts().len(), 1, "no notice anywhere");
    let store = bot.store().await;
    assert_eq!(store.get(1).await.unwrap().notice, None);
    store.close().await;
}

/// A reply to another member is a remark to them: left alone unless it
/// tells of the speaker's own problem. The same words posted on their own
/// are answered, so it is the reply that keeps the bot out.
#[tokio::test]
async fn a_reply_to_another_member_is_left_to_them_unless_it_tells_of_the_speakers_own_problem() {
    const REMARK: &str = "relax, they store kyc data like a bank does";
    let mut bot = Bot::start().await;
    let bobs = message(
        snowflake(),
        SUPPORT_CHANNEL_ID,
        &bob(),
        "is my kyc data safe with them",
    );
    let remark = message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), alice(), REMARK)
        .reply_to(&bobs)
        .build();
    bot.send_message(remark).await;
    let own = message_create(
        SUPPORT_CHANNEL_ID,
        Some(GUILD_ID),
        alice(),
        "same here, my selfie keeps failing the face check",
    )
    .reply_to(&bobs)
    .build();
    bot.send_message(own.clone()).await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_eq!(body(&reply)["message_reference"]["message_id"], own["id"]);
    assert_eq!(
        body(&reply)["embeds"][0]["title"],
        title("face-failed", Lang::En).as_str()
    );
    let carol = user(BOB_ID + 1, "carol");
    let alone = bot
        .say_as(carol, SUPPORT_CHANNEL_ID, Some(GUILD_ID), REMARK)
        .await;
    let answer = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_eq!(
        body(&answer)["message_reference"]["message_id"],
        alone["id"]
    );
    bot.stop().await;
    assert_eq!(bot.posts().len(), 2, "the remark in reply got no answer");
}
