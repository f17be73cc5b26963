//! A Discord-compatible fake on 127.0.0.1 for end-to-end tests.
//!
//! So far: `payloads/` builds Discord objects; `world/` is the fake's picture
//! of what exists; `record.rs` is what gets recorded of a request;
//! `openapi.rs` + `schema.rs` check bodies against Discord's OpenAPI spec.

pub mod openapi;
pub mod payloads;
pub mod record;
pub mod schema;
pub mod world;

pub use openapi::validate_request;
pub use world::GuildFixture;
