//! Proofs that the fake Discord in `tests/support/fake_discord` is faithful:
//! its payloads parse with serenity's own types, the real serenity client
//! connects, resumes and answers through it, its REST answers parse, it
//! refuses what Discord refuses, and its OpenAPI validator is not a rubber
//! stamp.

mod support;

#[path = "fake_discord/client.rs"]
mod client;
#[path = "fake_discord/interactions_parse.rs"]
mod interactions_parse;
#[path = "fake_discord/openapi.rs"]
mod openapi;
#[path = "fake_discord/payloads_parse.rs"]
mod payloads_parse;
#[path = "fake_discord/rest.rs"]
mod rest;
