//! A Discord-compatible fake on 127.0.0.1 for end-to-end tests.
//!
//! So far: `openapi.rs` + `schema.rs` check request bodies against Discord's
//! OpenAPI spec.

pub mod openapi;
pub mod schema;

pub use openapi::validate_request;
