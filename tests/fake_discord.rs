//! Proofs that the fake Discord in `tests/support/fake_discord` is faithful:
//! so far, that its OpenAPI validator is not a rubber stamp.

mod support;

#[path = "fake_discord/openapi.rs"]
mod openapi;
