//! The terminal adapter: each subcommand in its own file, all sharing the
//! helpers below. Errors come back as [`CliError`], whose message is a
//! sentence for the person at the terminal.

pub mod ask;
pub mod chat;
pub mod escalations;
pub mod eval;
pub mod kb;
pub mod logging;
pub mod privacy;
pub mod stats;
pub mod terminal;
mod transcript;

use crate::config::Config;
use crate::knowledge::{load_dir, Severity};
use crate::store::{Store, StoreError, StoreOptions};
use crate::triage::{Decision, Engine};
use serde_json::json;
use std::io::BufRead;

/// `println!` that ends the process quietly when standard output is gone
/// (`kyc-triage ask ... | head -1`) instead of panicking on a broken pipe.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::write_stdout(&format!($($arg)*))
    };
}

/// Writes one line to standard output; a closed pipe ends the process with
/// success, since the reader has all it wanted.
pub fn write_stdout(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{line}") {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}

/// A failure to report in one sentence and exit non-zero with. The kind
/// decides the exit code, so scripts can tell "you asked for something
/// wrong" from "the machine failed".
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The person at the terminal can fix it: a bad argument, an unknown
    /// or already-claimed case, a missing eval file. Exit 1.
    #[error("{0}")]
    Usage(String),
    /// The system failed: the store, the configuration, the knowledge base,
    /// I/O. Exit 2.
    #[error("{0}")]
    Fault(String),
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        CliError::Usage(message.into())
    }

    pub fn fault(message: impl Into<String>) -> Self {
        CliError::Fault(message.into())
    }

    /// 1 for a user mistake, 2 for a fault of the system.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 1,
            CliError::Fault(_) => 2,
        }
    }
}

impl From<crate::config::ConfigError> for CliError {
    fn from(e: crate::config::ConfigError) -> Self {
        CliError::Fault(e.to_string())
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        if e.is_user_error() {
            CliError::Usage(e.to_string())
        } else {
            // The sentence goes to the terminal; the chain to the log.
            tracing::debug!(error = ?e, "store failure");
            CliError::Fault(e.to_string())
        }
    }
}

/// A runtime for the store's async calls. One thread is plenty for a
/// terminal command; SQLite work runs on sqlx's own worker threads.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::fault(format!("cannot start the async runtime: {e}")))
}

/// Opens the configured database (creating it and upgrading its schema).
pub async fn open_store(config: &Config) -> Result<Store, CliError> {
    Ok(Store::open_at(config.store.location(), StoreOptions::default()).await?)
}

/// Loads the configured knowledge base and compiles it; warnings are logged.
pub fn load_engine(config: &Config) -> Result<Engine, CliError> {
    let (kb, issues) =
        load_dir(&config.knowledge_dir).map_err(|e| CliError::fault(e.to_string()))?;
    for issue in issues.iter().filter(|i| i.severity == Severity::Warning) {
        tracing::debug!(%issue, "knowledge base warning");
    }
    Ok(Engine::new(kb, config.triage.clone()))
}

/// The JSON contract of `ask --json`: decision, scenario, confidence,
/// language and up to three candidates, best first.
pub fn decision_json(d: &Decision) -> serde_json::Value {
    // Scores are f32 inside; printed as 3-decimal f64 so 0.882 reads 0.882,
    // not 0.8820000290870667.
    let score = |x: f32| (f64::from(x) * 1000.0).round() / 1000.0;
    let candidates: Vec<serde_json::Value> = d
        .candidates
        .iter()
        .map(|c| json!({"scenario": c.scenario, "score": score(c.score)}))
        .collect();
    json!({
        "decision": d.kind,
        "scenario": d.scenario,
        "confidence": score(d.confidence),
        "language": d.language.code(),
        "candidates": candidates,
        "reason": d.reason,
    })
}

/// Reads one line of standard input as text, however it is encoded: bytes
/// that are not UTF-8 become U+FFFD instead of ending the session.
pub fn read_line_lossy(input: &mut impl BufRead) -> std::io::Result<Option<String>> {
    let mut buf = Vec::new();
    if input.read_until(b'\n', &mut buf)? == 0 {
        return Ok(None);
    }
    while matches!(buf.last(), Some(b'\n' | b'\r')) {
        buf.pop();
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}
