//! Every metric `serve` exports: its name, labels and help text in one
//! place, and one small function per event that records it. Callers (the
//! Discord adapter, the store's fault path) call these and never name a
//! metric themselves, so the list in README.md ("Operating it") is this
//! file.
//!
//! Label values are bounded and never personal: decision kinds, knowledge
//! base scenario ids, turn names, store error kinds, shard numbers. No user
//! text, user id, channel or guild ever becomes a label (a label value is a
//! time series kept for ever, and a member's id in one is personal data in
//! the monitoring system).
//!
//! Without an installed recorder (every command but `serve`, and the test
//! processes that run bots in-process) each call is a no-op costing an
//! atomic load.

use crate::triage::DecisionKind;
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use std::time::Duration;

pub const DECISIONS: &str = "kyc_triage_decisions_total";
pub const TURNS: &str = "kyc_triage_turns_total";
pub const TRIAGE_SECONDS: &str = "kyc_triage_triage_seconds";
pub const REPLY_SECONDS: &str = "kyc_triage_reply_seconds";
pub const STORE_ERRORS: &str = "kyc_triage_store_errors_total";
pub const GATEWAY_CONNECTED: &str = "kyc_triage_gateway_connected";
pub const OPEN_CASES: &str = "kyc_triage_open_cases";
pub const BUILD_INFO: &str = "kyc_triage_build_info";

/// Histogram buckets for triage (redaction + the model): tens of
/// microseconds normally, milliseconds for a long message.
pub(crate) const TRIAGE_BUCKETS: &[f64] = &[
    0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1,
];

/// Histogram buckets for event -> reply: a few milliseconds on a quiet
/// machine (one fsync and one HTTP request), seconds when the database or
/// Discord is slow.
pub(crate) const REPLY_BUCKETS: &[f64] = &[
    0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Registers the help text of every metric, and the build info. Called
/// once, right after the recorder is installed.
pub(crate) fn describe() {
    describe_counter!(
        DECISIONS,
        "Messages triaged, by the engine's decision (kind) and the knowledge-base scenario it named (scenario, \"none\" if it named none)"
    );
    describe_counter!(
        TURNS,
        "What the bot did with a member's message (turn: answer, menu, escalated, store-down, thanks, not-ours, silent)"
    );
    describe_histogram!(
        TRIAGE_SECONDS,
        metrics::Unit::Seconds,
        "Time to redact and triage one message"
    );
    describe_histogram!(
        REPLY_SECONDS,
        metrics::Unit::Seconds,
        "From a message event reaching the bot to its reply being accepted by Discord"
    );
    describe_counter!(
        STORE_ERRORS,
        "Faults of the case store (not users' mistakes), by kind"
    );
    describe_gauge!(
        GATEWAY_CONNECTED,
        "1 while this gateway shard is connected to Discord, 0 otherwise"
    );
    describe_gauge!(
        OPEN_CASES,
        "Cases waiting for a moderator (status open or claimed), read from the store"
    );
    describe_gauge!(BUILD_INFO, "Always 1; the version of this binary");
    gauge!(BUILD_INFO, "version" => env!("CARGO_PKG_VERSION")).set(1.0);
}

/// The decision kind as a label value, as `ask --json` spells it.
pub fn kind_label(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Answer => "answer",
        DecisionKind::Clarify => "clarify",
        DecisionKind::Escalate => "escalate",
        DecisionKind::Ignore => "ignore",
    }
}

/// One message triaged: its decision and how long reading it took.
pub fn triaged(kind: DecisionKind, scenario: Option<&str>, took: Duration) {
    // Scenario ids come from the knowledge base (a dozen or so), never from
    // the message.
    let scenario = scenario.unwrap_or("none").to_string();
    counter!(DECISIONS, "kind" => kind_label(kind), "scenario" => scenario).increment(1);
    histogram!(TRIAGE_SECONDS).record(took.as_secs_f64());
}

/// What the bot did (a fixed set of names: see the conversation's `Turn`).
pub fn turn(name: &'static str) {
    counter!(TURNS, "turn" => name).increment(1);
}

/// A reply was sent `since` after its message event arrived.
pub fn replied(since: Duration) {
    histogram!(REPLY_SECONDS).record(since.as_secs_f64());
}

/// The store failed with a fault of `kind` (see `StoreError::kind`).
pub fn store_fault(kind: &'static str) {
    counter!(STORE_ERRORS, "kind" => kind).increment(1);
}

/// Shard `shard` is now connected, or not.
pub fn shard(shard: u32, connected: bool) {
    gauge!(GATEWAY_CONNECTED, "shard" => shard.to_string()).set(if connected { 1.0 } else { 0.0 });
}

/// The store counted `n` cases waiting for a moderator.
pub fn open_cases(n: u64) {
    gauge!(OPEN_CASES).set(n as f64);
}
