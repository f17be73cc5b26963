//! Follow-ups on Discord: a text reply to the bot's answer, or the same
//! member in the same channel soon after it, is read in context; and
//! moderators helping in a support channel are left alone.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use kyc_triage::knowledge::Lang;
use kyc_triage::render::ui;
use kyc_triage::store::ListFilter;
use kyc_triage::triage::EscalationReason;

const FACE_EN: &str = "my selfie keeps failing the face check";

#[tokio::test]
async fn a_text_reply_no_to_the_answer_escalates_with_its_scenario() {
    let mut bot = Bot::start().await;
    // Outside the support channel, addressed only by replying to the bot.
    let ask = message_create(OTHER_CHANNEL_ID, Some(GUILD_ID), alice(), FACE_EN)
        .mention(&bot.fake.bot_user())
        .build();
    bot.send_message(ask).await;
    let answer = bot.next_post(OTHER_CHANNEL_ID).await;
    let answered = answer.response.clone().expect("the created message");
    let no = message_create(OTHER_CHANNEL_ID, Some(GUILD_ID), alice(), "no it didnt")
        .reply_to(&answered)
        .build();
    bot.send_message(no).await;
    let ack = bot.next_post(OTHER_CHANNEL_ID).await;
    let content = body(&ack)["content"].as_str().unwrap().to_string();
    assert!(content.contains("#1"), "{content}");
    assert!(
        !content.contains(ui(Lang::En).misuse_advice),
        "a plain no is not misuse: {content}"
    );
    bot.stop().await;
    let store = bot.store().await;
    let cases = store.list(ListFilter::default()).await.unwrap();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].scenario.as_deref(), Some("face-failed"));
    assert_eq!(cases[0].reason, EscalationReason::NotHelped);
    let s = scenario_stats(&store, "face-failed").await;
    assert_eq!((s.helped, s.not_helped), (0, 1));
    store.close().await;
}

#[tokio::test]
async fn yes_thanks_in_the_support_channel_soon_after_the_answer_counts_as_helped() {
    let mut bot = Bot::start().await;
    bot.say(FACE_EN).await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    bot.say("yes thanks").await;
    let thanks = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_eq!(body(&thanks)["content"], ui(Lang::En).thanks);
    bot.stop().await;
    let store = bot.store().await;
    let s = scenario_stats(&store, "face-failed").await;
    assert_eq!((s.helped, s.not_helped), (1, 0));
    assert!(store.list(ListFilter::default()).await.unwrap().is_empty());
    store.close().await;
}

#[tokio::test]
async fn an_out_of_range_number_after_a_menu_asks_again_and_opens_nothing() {
    let mut bot = Bot::start().await;
    bot.say("my kyc failed").await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    bot.say("5").await;
    let again = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_eq!(body(&again)["content"], ui(Lang::En).pick_again);
    assert!(custom_ids(body(&again))[0].starts_with("pick:en:"));
    bot.stop().await;
    let store = bot.store().await;
    assert!(store.list(ListFilter::default()).await.unwrap().is_empty());
    store.close().await;
}

#[tokio::test]
async fn moderators_in_a_support_channel_are_not_triaged_unless_they_mention_the_bot() {
    // No configured moderator role: the Moderator role's Manage Messages
    // (from the guild's roles) is what marks them.
    let mut bot = Bot::start_with(|c| c.discord.moderator_roles.clear()).await;
    let advice = message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), moderator(), FACE_EN)
        .roles(&[MOD_ROLE_ID])
        .build();
    bot.send_message(advice).await;
    let asks = message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), moderator(), FACE_EN)
        .roles(&[MOD_ROLE_ID])
        .mention(&bot.fake.bot_user())
        .build();
    bot.send_message(asks.clone()).await;
    let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert_eq!(body(&reply)["message_reference"]["message_id"], asks["id"]);
    // A member is still answered.
    bot.say(FACE_EN).await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    bot.stop().await;
    assert_eq!(bot.posts().len(), 2, "the mention and the member only");
}

#[tokio::test]
async fn chatter_right_after_an_answer_stays_unanswered() {
    let mut bot = Bot::start().await;
    bot.say(FACE_EN).await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    bot.say("gm gm, wen moon").await;
    // A later complaint of bob's is answered: the chatter was handled.
    bot.say_as(bob(), SUPPORT_CHANNEL_ID, Some(GUILD_ID), FACE_EN)
        .await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    bot.stop().await;
    assert_eq!(
        bot.posts().len(),
        2,
        "alice's answer and bob's, nothing for the chatter"
    );
}

#[tokio::test]
async fn a_typed_reply_after_a_triage_command_answer_is_read_against_it() {
    let mut bot = Bot::start().await;
    let cmd = bot
        .fake
        .slash_command(
            "triage",
            vec![string_option("text", "人脸识别一直失败怎么办")],
        )
        .build();
    bot.interact(cmd).await;
    bot.say("还是不行").await;
    let ack = bot.next_post(SUPPORT_CHANNEL_ID).await;
    assert!(
        body(&ack)["content"].as_str().unwrap().contains("#1"),
        "{:?}",
        body(&ack)
    );
    bot.stop().await;
    let store = bot.store().await;
    let cases = store.list(ListFilter::default()).await.unwrap();
    assert_eq!(cases[0].scenario.as_deref(), Some("face-failed"));
    assert_eq!(cases[0].reason, EscalationReason::NotHelped);
    store.close().await;
}
