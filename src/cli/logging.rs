//! Where the program's own log lines go and how they look: stderr, filtered
//! by `RUST_LOG`, as text for people or as JSON lines for log collectors.
//!
//! Colour (ANSI escapes) only when stderr is a terminal and `NO_COLOR` is
//! unset (<https://no-color.org>): a log file, a pipe into journald or a
//! container's log driver gets plain text, never `\x1b[2m` noise that
//! greps and parsers trip over.

use std::io::IsTerminal;

/// The environment variable that picks the format when `--log-format`
/// is not given (a systemd unit or a container sets it once).
pub const FORMAT_ENV: &str = "KYC_TRIAGE_LOG_FORMAT";

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    // Plain comments, not doc comments: clap would print value
    // descriptions in the long help layout for every subcommand's --help.
    // One human-readable line per event.
    #[default]
    Text,
    // One JSON object per line: `timestamp`, `level`, `target` and
    // `fields` (with `message`).
    Json,
}

impl LogFormat {
    /// `--log-format` if given, else `KYC_TRIAGE_LOG_FORMAT`, else text.
    pub fn choose(flag: Option<LogFormat>) -> Result<LogFormat, String> {
        if let Some(format) = flag {
            return Ok(format);
        }
        match std::env::var(FORMAT_ENV) {
            Err(_) => Ok(LogFormat::Text),
            Ok(v) => match v.trim().to_ascii_lowercase().as_str() {
                "" | "text" => Ok(LogFormat::Text),
                "json" => Ok(LogFormat::Json),
                _ => Err(format!(
                    "{FORMAT_ENV} must be `text` or `json`, not `{}`",
                    crate::cli::terminal::safe_text(&v)
                )),
            },
        }
    }
}

/// Whether to colour: a terminal, and nobody asked for no colour.
pub fn colour() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stderr().is_terminal()
}

/// Installs the subscriber: `RUST_LOG` if set and valid, else `default`.
pub fn init(format: LogFormat, default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.with_ansi(colour()).init(),
        // JSON never carries colour: escapes inside strings would be data.
        LogFormat::Json => builder
            .json()
            .with_ansi(false)
            .with_current_span(false)
            .with_span_list(false)
            .init(),
    }
}
