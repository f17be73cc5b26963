//! A private thread per escalated case: opened with Discord's endpoints
//! (create a type-12 thread, add the member, post the summary), linked from
//! the notice; what is written there lands, redacted, in the case's
//! transcript and is never triaged; closing archives and locks it; the
//! mapping survives a restart; without permission to open threads the
//! member is written to by DM and the case says so.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::{Failure, TIMEOUT};
use kyc_triage::store::Speaker;

const MISUSE: &str = "someone used my ID to open an account, I never registered";
const RAW_ID: &str = "11010519491231002X";

#[tokio::test]
async fn an_escalation_opens_a_private_thread_whose_messages_become_the_transcript() {
    let db = tempfile::tempdir().unwrap();
    let path = db.path().join("kyc.db");
    let mut bot = Bot::start_with(|c| c.store.path = path.clone()).await;
    bot.say(MISUSE).await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    let created = bot
        .fake
        .wait_for_request(
            |r| r.is("POST", &format!("/channels/{SUPPORT_CHANNEL_ID}/threads")),
            TIMEOUT,
        )
        .await;
    assert_eq!(body(&created)["type"], 12, "a private thread");
    assert_eq!(body(&created)["invitable"], false);
    let thread = id(created.response.as_ref().unwrap());
    let summary = bot.next_post(thread).await;
    assert!(text_of(body(&summary)).contains("case #1"));
    assert!(bot.fake.thread_members(thread).contains(&USER_ID));
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    assert!(
        text_of(body(&notice)).contains(&format!("<#{thread}>")),
        "the notice links the thread"
    );

    // The member and a moderator talk there; the bot keeps it, redacted,
    // and answers neither.
    bot.say_as(
        alice(),
        thread,
        Some(GUILD_ID),
        &format!("my ID number is {RAW_ID} and I never opened this account"),
    )
    .await;
    // Messages are handled concurrently: one at a time, for their order.
    transcript_grows_to(&path, 1).await;
    bot.say_as(
        user(MOD_USER_ID, MOD_USER_NAME),
        thread,
        Some(GUILD_ID),
        "thanks, we are locking the account now",
    )
    .await;
    transcript_grows_to(&path, 2).await;
    bot.stop().await;
    assert!(
        !bot.posts()
            .iter()
            .any(|p| p.path.contains(&thread.to_string()) && p.index > summary.index),
        "nothing triaged in the case thread"
    );

    // A restart: the thread is still the case's.
    let mut second = Bot::start_with(|c| c.store.path = path.clone()).await;
    second
        .say_as(alice(), thread, Some(GUILD_ID), "any news?")
        .await;
    transcript_grows_to(&path, 3).await;
    let resolve = second
        .fake
        .slash_command(
            "escalations",
            vec![subcommand(
                "resolve",
                vec![integer_option("id", 1), string_option("note", "locked")],
            )],
        )
        .in_guild(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member())
        .build();
    second.interact(resolve).await;
    let archived = second
        .fake
        .wait_for_request(|r| r.is("PATCH", &format!("/channels/{thread}")), TIMEOUT)
        .await;
    assert_eq!(body(&archived)["archived"], true);
    assert_eq!(body(&archived)["locked"], true);
    second.stop().await;

    let store = second.store_at(&path).await;
    let lines = store.transcript(1).await.unwrap();
    let speakers: Vec<Speaker> = lines.iter().map(|l| l.speaker).collect();
    assert_eq!(
        speakers,
        [Speaker::Member, Speaker::Moderator, Speaker::Member]
    );
    assert_eq!(lines[0].author_id, USER_ID);
    assert_eq!(lines[1].author_id, MOD_USER_ID, "Discord ids, not names");
    let first = lines[0].text.clone().unwrap();
    assert!(!first.contains(RAW_ID), "redacted: {first}");
    assert!(first.contains("never opened this account"), "{first}");
    let audit = store.audit(1).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "thread"));
    store.close().await;
}

#[tokio::test]
async fn without_thread_permission_the_member_is_written_to_by_dm_and_the_case_says_so() {
    let mut bot = Bot::start().await;
    bot.fake.fail(Failure::missing_permissions("create_thread"));
    bot.say(MISUSE).await;
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    bot.fake
        .wait_for_request(|r| r.is("POST", "/users/@me/channels"), TIMEOUT)
        .await;
    let dm = bot
        .fake
        .wait_for_request(
            |r| {
                r.is("POST", "/channels/*/messages") && r.path.contains("/channels/") && {
                    let c: u64 = r
                        .route_path()
                        .split('/')
                        .nth(2)
                        .unwrap_or("0")
                        .parse()
                        .unwrap_or(0);
                    c != SUPPORT_CHANNEL_ID && c != ESCALATION_CHANNEL_ID
                }
            },
            TIMEOUT,
        )
        .await;
    assert!(text_of(body(&dm)).contains("direct message"));
    let notice = bot.next_post(ESCALATION_CHANNEL_ID).await;
    assert!(text_of(body(&notice)).contains("by DM"));
    bot.stop().await;
    let store = bot.store().await;
    let audit = store.audit(1).await.unwrap();
    let dm = audit
        .iter()
        .find(|a| a.action == "dm")
        .expect("the case says so");
    assert!(dm.detail.as_deref().unwrap().contains("403"), "{dm:?}");
    store.close().await;
}

/// Waits (polling the database beside the running bot, as WAL allows)
/// until the transcript has `n` lines: messages are handled concurrently,
/// and one still in flight when the bot stops would be cut off.
async fn transcript_grows_to(db: &std::path::Path, n: i64) {
    use sqlx::{ConnectOptions, Connection};
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .connect()
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM transcript")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        if count >= n {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the transcript stayed at {count} lines, not {n}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    conn.close().await.unwrap();
}
