//! End-to-end tests of the Discord bot: the real `kyc_triage::discord::run`
//! against the fake Discord in `tests/support/fake_discord`, each test with
//! its own fake and a fresh temporary database. Every test ends with
//! `Bot::stop`, which shuts the bot down through its shutdown future and
//! validates every request body it sent against Discord's OpenAPI spec.
//!
//! Waits are on recorded requests, never on fixed sleeps; "the bot said
//! nothing" is proven by stopping the bot (which drains in-flight events)
//! and then inspecting everything it sent.

// The shared fake serves several test crates; not every re-export is used here.
#[allow(unused_imports)]
mod support;
// Throwaway PostgreSQL clusters and `on_both_backends!`, shared with the store tests.
mod common;

#[path = "discord_e2e/binary.rs"]
mod binary;
#[path = "discord_e2e/bot.rs"]
mod bot;
#[path = "discord_e2e/commands.rs"]
mod commands;
#[path = "discord_e2e/deadline.rs"]
mod deadline;
#[path = "discord_e2e/followups.rs"]
mod followups;
#[path = "discord_e2e/forums.rs"]
mod forums;
#[path = "discord_e2e/guilds.rs"]
mod guilds;
#[path = "discord_e2e/logs.rs"]
mod logs;
#[path = "discord_e2e/members.rs"]
mod members;
#[path = "discord_e2e/metrics.rs"]
mod metrics;
#[path = "discord_e2e/moderators.rs"]
mod moderators;
#[path = "discord_e2e/notice_actions.rs"]
mod notice_actions;
#[path = "discord_e2e/parity.rs"]
mod parity;
#[path = "discord_e2e/privacy.rs"]
mod privacy;
#[path = "discord_e2e/rate_limits.rs"]
mod rate_limits;
#[path = "discord_e2e/resilience.rs"]
mod resilience;
#[path = "discord_e2e/shards.rs"]
mod shards;
#[path = "discord_e2e/staff_locale.rs"]
mod staff_locale;
#[path = "discord_e2e/threads.rs"]
mod threads;
#[path = "discord_e2e/traditional.rs"]
mod traditional;
