//! kyc-triage: a Discord support bot that triages failed identity
//! verification (KYC) reports in English and Chinese.
//!
//! Layout, in the order a message travels:
//!
//! - [`knowledge`]: loads and validates the YAML knowledge base into an
//!   immutable, indexed value; errors name file, line and scenario.
//! - [`redact`]: replaces personal data (ID, passport, phone, card numbers,
//!   e-mail, seed phrases, private keys) with markers before anything is kept.
//! - [`triage`]: pure and synchronous: text in, [`triage::Decision`] out
//!   (normalise, tokenise, score against an inverted index, decide).
//! - [`store`]: SQLite (sqlx): escalations, audit trail, triage log,
//!   statistics, retention. Every SQL statement lives there.
//! - [`conversation`]: the support exchange for every transport: redact,
//!   triage, log, escalate, and the follow-ups read in context ("no",
//!   "还是不行", a menu number, a request for a human). Returns what to say.
//! - [`render`]: turns a decision into text in the user's language.
//! - [`eval`]: accuracy, precision/recall and confusion over labelled cases.
//! - [`text`]: normalisation, tokens and language detection, shared by all.
//! - [`config`]: the TOML file plus environment overrides, validated once.
//! - [`cli`]: the terminal adapter: `ask`, `chat`, `kb check`, `eval`,
//!   `escalations`, `stats`, `privacy purge`.
//! - [`discord`]: the Discord adapter and `serve` (serenity).
//! - [`ops`]: the operator's view of `serve`: `/healthz` and Prometheus
//!   `/metrics` (what the adapter and the store record, and the server).
//!
//! `main.rs` only parses the command line, installs tracing and calls [`cli`].

pub mod cli;
pub mod config;
pub mod conversation;
pub mod discord;
pub mod eval;
pub mod knowledge;
pub mod ops;
/// Background chores on a timer (retention, the bot's polls).
mod periodic;
pub mod redact;
pub mod render;
pub mod store;
pub mod text;
pub mod triage;
