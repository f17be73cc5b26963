//! Shared support for integration tests: `mod support;` in a test file.
//!
//! - `fake_discord`: a Discord-compatible fake (REST + gateway) on 127.0.0.1
//!   that the real serenity client talks to, with payload builders and
//!   validation against Discord's OpenAPI spec.

// Each integration test is its own crate and uses only part of this module.
#![allow(dead_code)]

pub mod fake_discord;

/// Installs a tracing subscriber that prints only what `RUST_LOG` asks for,
/// so tests are quiet by default. Safe to call from every test.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("off"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_test_writer()
        .try_init();
}
