//! Two servers with their own support channel, escalation channel and
//! moderator role (`[discord.guilds.<id>]`): each server's cases are posted
//! in its own channel, listed and handled only by its own moderators.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::world::GuildFixture;
use kyc_triage::config::GuildOverrides;
use kyc_triage::knowledge::Lang;
use kyc_triage::render::ui;

const GUILD2: u64 = 1_180_000_000_000_001_100;
const SUPPORT2: u64 = 1_180_000_000_000_001_200;
const ESCALATION2: u64 = 1_180_000_000_000_001_201;
const MOD_ROLE2: u64 = 1_180_000_000_000_001_300;
const MOD2: u64 = 1_180_000_000_000_001_401;
const CAROL: u64 = 1_180_000_000_000_001_402;

const MISUSE: &str = "someone used my ID to open an account, I never registered";

fn two_guilds() -> crate::support::fake_discord::FakeConfig {
    let mut world = fake_config();
    world.guilds.push(GuildFixture {
        id: GUILD2,
        name: "Second server".into(),
        owner_id: MOD2,
        roles: vec![
            role(GUILD2, "@everyone", permissions::EVERYONE, 0),
            role(MOD_ROLE2, "Helpers", permissions::EVERYONE, 1),
        ],
        channels: vec![
            guild_text_channel(SUPPORT2, GUILD2, "help"),
            guild_text_channel(ESCALATION2, GUILD2, "cases"),
        ],
        members: vec![
            member(&user(MOD2, "mod_two"), &[MOD_ROLE2]),
            member(&user(CAROL, "carol"), &[]),
        ],
        preferred_locale: "en-US".into(),
    });
    world
}

fn mod2() -> serde_json::Value {
    as_member(&user(MOD2, "mod_two"), &[MOD_ROLE2], permissions::EVERYONE)
}

#[tokio::test]
async fn two_servers_cases_never_cross() {
    let mut bot = Bot::start_in(two_guilds(), |c| {
        c.discord.guilds.insert(
            GUILD2,
            GuildOverrides {
                support_channels: Some(vec![SUPPORT2]),
                escalation_channel: Some(ESCALATION2),
                moderator_roles: Some(vec![MOD_ROLE2]),
                case_thread_channel: None,
            },
        );
    })
    .await;
    // Commands are registered in both servers.
    bot.fake
        .wait_for_request(
            |r| r.is("PUT", &format!("/applications/*/guilds/{GUILD2}/commands")),
            crate::support::fake_discord::TIMEOUT,
        )
        .await;

    bot.say(MISUSE).await; // case 1, first server
    bot.next_post(SUPPORT_CHANNEL_ID).await;
    let notice1 = bot.next_post(ESCALATION_CHANNEL_ID).await;
    assert!(text_of(body(&notice1)).contains("Case #1"));

    bot.say_as(user(CAROL, "carol"), SUPPORT2, Some(GUILD2), MISUSE)
        .await; // case 2, second server
    let reply = bot.next_post(SUPPORT2).await;
    assert!(text_of(body(&reply)).contains("#2"));
    let notice2 = bot.next_post(ESCALATION2).await;
    assert!(text_of(body(&notice2)).contains("Case #2"));

    // Each server's moderators list only their own cases.
    let list = |guild, channel, who| {
        bot.fake
            .slash_command("escalations", vec![subcommand("list", vec![])])
            .in_guild(guild, channel, who)
            .build()
    };
    let seen = bot.interact(list(GUILD2, ESCALATION2, mod2())).await;
    let text = text_of(&body(&seen)["data"]);
    assert!(text.contains("#2") && !text.contains("#1"), "{text}");
    let seen = bot
        .interact(list(GUILD_ID, ESCALATION_CHANNEL_ID, mod_member()))
        .await;
    let text = text_of(&body(&seen)["data"]);
    assert!(text.contains("#1") && !text.contains("#2"), "{text}");

    // The first server's moderator role means nothing in the second.
    let outsider = as_member(
        &user(MOD_USER_ID, MOD_USER_NAME),
        &[MOD_ROLE_ID],
        permissions::EVERYONE,
    );
    let seen = bot.interact(list(GUILD2, ESCALATION2, outsider)).await;
    assert_eq!(body(&seen)["data"]["content"], ui(Lang::En).not_allowed);

    // Nor can the second server's moderator act on the first's case, by
    // button or by command: it is as unknown as a case that does not exist.
    let notice1 = notice1.response.unwrap();
    let claim = button_click("claim:1", &notice1)
        .in_guild(GUILD2, ESCALATION2, mod2())
        .build();
    let seen = bot.interact(claim).await;
    assert_eq!(body(&seen)["data"]["flags"], 64);
    let refused = body(&seen)["data"]["content"].as_str().unwrap().to_string();
    let cmd = bot
        .fake
        .slash_command(
            "escalations",
            vec![subcommand("claim", vec![integer_option("id", 1)])],
        )
        .in_guild(GUILD2, ESCALATION2, mod2())
        .build();
    let by_command = bot.interact(cmd).await;
    assert_eq!(body(&by_command)["data"]["content"], refused.as_str());
    let cmd = bot
        .fake
        .slash_command(
            "escalations",
            vec![subcommand("claim", vec![integer_option("id", 99)])],
        )
        .in_guild(GUILD2, ESCALATION2, mod2())
        .build();
    let unknown = bot.interact(cmd).await;
    assert_eq!(
        body(&unknown)["data"]["content"],
        refused.replace("#1", "#99").as_str(),
        "another server's case reads like no case at all"
    );

    // Their own case they can claim.
    let claim = button_click("claim:2", &notice2.response.unwrap())
        .in_guild(GUILD2, ESCALATION2, mod2())
        .build();
    let seen = bot.interact(claim).await;
    assert!(text_of(&body(&seen)["data"]).contains(&format!("claimed by <@{MOD2}>")));
    bot.stop().await;
    let store = bot.store().await;
    assert_eq!(
        store.get(1).await.unwrap().status,
        kyc_triage::store::Status::Open
    );
    store.close().await;
}
