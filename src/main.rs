//! The `kyc-triage` command line: parses arguments, installs tracing and
//! hands over to the library. Every failure ends in one sentence on stderr
//! and a non-zero exit code, never a panic.

use clap::{Parser, Subcommand};
use kyc_triage::cli::{self, CliError};
use kyc_triage::config::Config;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Triage failed identity-verification (KYC) reports in English and Chinese.
#[derive(Parser)]
#[command(name = "kyc-triage", version, about)]
struct Args {
    /// Configuration file (TOML); defaults to ./kyc-triage.toml when present.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Log lines on stderr as `text` (coloured only at a terminal, never
    /// with NO_COLOR set) or `json` (one object per line: timestamp, level,
    /// target, fields). Default: $KYC_TRIAGE_LOG_FORMAT, else text.
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    log_format: Option<cli::logging::LogFormat>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Triage one message (or one per line with --batch) and print the decision.
    Ask {
        /// Print the decision as JSON.
        #[arg(long)]
        json: bool,
        /// Read one message per line of standard input; print one JSON object per line.
        #[arg(long)]
        batch: bool,
        /// Also show the best-matching phrase of each scenario (for editors).
        #[arg(long)]
        explain: bool,
        /// The message; read from standard input when absent.
        text: Option<String>,
    },
    /// Talk to the bot in the terminal, as a user would on Discord.
    Chat {
        /// Who is talking (recorded on escalations); defaults to the OS user.
        #[arg(long)]
        user: Option<String>,
    },
    /// Connect to Discord and serve the community (needs a bot token).
    ///
    /// Also answers GET /healthz and GET /metrics (Prometheus) on
    /// metrics.listen, default 127.0.0.1:9185 (KYC_TRIAGE_METRICS_LISTEN
    /// wins; "" turns them off).
    Serve,
    /// The moderators' queue: list, show, claim, resolve, dismiss, reopen cases.
    Escalations {
        #[command(subcommand)]
        command: cli::escalations::EscalationsCommand,
    },
    /// Triage statistics: decisions, helpfulness per scenario, unmatched messages.
    Stats {
        /// Only the last AGE, e.g. 7d, 24h, 2w (default: all time).
        #[arg(long, value_name = "AGE", value_parser = cli::stats::parse_age)]
        since: Option<std::time::Duration>,
        /// Print the statistics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Privacy tools.
    Privacy {
        #[command(subcommand)]
        command: PrivacyCommand,
    },
    /// Knowledge-base tools.
    Kb {
        #[command(subcommand)]
        command: KbCommand,
    },
    /// Measure the engine against labelled cases (YAML lists of text/expect).
    Eval {
        /// Eval files, e.g. tests/eval/dev.yaml.
        files: Vec<PathBuf>,
        /// Exit 1 when in-scope accuracy is below this share (0..1).
        #[arg(long, value_name = "SHARE")]
        min_accuracy: Option<f64>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum KbCommand {
    /// Validate a knowledge base (default: the configured one); exit 1 on errors.
    Check {
        /// Directory of YAML files.
        dir: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum PrivacyCommand {
    /// Erase the text of cases closed longer ago than store.retention_days
    /// (and of older triage-log entries) now; ids, times and statuses stay.
    ///
    /// With --days below store.retention_days it first says what it will
    /// erase and asks (without a terminal: pass --yes).
    Purge {
        /// Use this many days instead of store.retention_days (0: every closed case).
        #[arg(long, value_name = "N")]
        days: Option<u32>,
        /// Only say how much would be erased.
        #[arg(long)]
        dry_run: bool,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
    /// Print, as JSON, everything the store holds about one member: their
    /// cases (redacted texts) with each audit trail.
    Export {
        /// Their Discord user id, or the name they used with `chat --user`.
        #[arg(long, value_name = "ID")]
        user: String,
    },
    /// Erase the texts of every case of one member, at their request; ids,
    /// times, statuses and the audit trail (which records the erasure)
    /// stay. Asks first (without a terminal: pass --yes).
    Erase {
        /// Their Discord user id, or the name they used with `chat --user`.
        #[arg(long, value_name = "ID")]
        user: String,
        /// Who erases, as the audit trail should show it.
        #[arg(long, value_name = "NAME", default_value = "privacy request")]
        by: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        // --help and --version are answers, not errors; a bad argument is
        // the user's mistake (exit 1), like every other (see CliError).
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 1 } else { 0 });
        }
    };
    // The long-running bot says what it does (ids and decisions, never
    // message text) unless told otherwise; the terminal commands stay quiet.
    let default_filter = match args.command {
        Command::Serve => "warn,kyc_triage=info",
        _ => "warn",
    };
    let format = match cli::logging::LogFormat::choose(args.log_format) {
        Ok(format) => format,
        // A configuration mistake, like a bad config file (exit 2).
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    cli::logging::init(format, default_filter);
    match run(args) {
        Ok(code) => ExitCode::from(code as u8),
        Err(e) => {
            // Errors may quote typed text (a moderator's name): no escapes.
            eprintln!(
                "error: {}",
                kyc_triage::cli::terminal::safe_text(&e.to_string())
            );
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(args: Args) -> Result<i32, CliError> {
    let config = Config::load(args.config.as_deref())?;
    match args.command {
        Command::Ask {
            json,
            batch,
            explain,
            text,
        } => {
            let engine = cli::load_engine(&config)?;
            if batch {
                let stdin = std::io::stdin();
                cli::ask::batch(&engine, stdin.lock(), std::io::stdout().lock())?;
            } else {
                cli::ask::ask(&engine, text, json, explain)?;
            }
            Ok(0)
        }
        Command::Chat { user } => chat(&config, user.unwrap_or_else(os_user)),
        Command::Serve => serve(config),
        Command::Escalations { command } => cli::escalations::run(&config, command),
        Command::Stats { since, json } => cli::stats::run(&config, since, json),
        Command::Privacy { command } => {
            use cli::privacy::Confirm;
            let confirm = |yes: bool| if yes { Confirm::Given } else { Confirm::Ask };
            match command {
                PrivacyCommand::Purge { days, dry_run, yes } => {
                    cli::privacy::purge(&config, days, dry_run, confirm(yes))
                }
                PrivacyCommand::Export { user } => cli::privacy::export(&config, &user),
                PrivacyCommand::Erase { user, by, yes } => {
                    cli::privacy::erase(&config, &user, &by, confirm(yes))
                }
            }
        }
        Command::Kb {
            command: KbCommand::Check { dir },
        } => cli::kb::run(&dir.unwrap_or(config.knowledge_dir.clone()), &config.triage),
        Command::Eval {
            files,
            min_accuracy,
            json,
        } => {
            let engine = cli::load_engine(&config)?;
            cli::eval::run(&engine, &files, min_accuracy, json)
        }
    }
}

/// `chat`: the conversation against the configured store, with line
/// editing at a terminal and one message per line from a pipe.
fn chat(config: &Config, user: String) -> Result<i32, CliError> {
    use kyc_triage::conversation::{Conversation, Member};
    use kyc_triage::store::Reporter;
    let engine = cli::load_engine(config)?;
    let runtime = cli::runtime()?;
    let store = runtime.block_on(cli::open_store(config))?;
    // Retention runs when chat starts, as it does when the bot starts.
    if let Err(e) = runtime.block_on(store.purge(config.store.retention)) {
        tracing::warn!(error = %e, "retention not applied");
    }
    let conversation = Conversation::new(engine, store.clone());
    let member = Member {
        reporter: Reporter::Terminal { user: user.clone() },
        display_name: Some(user),
    };
    let mut session = cli::chat::Session::new(&runtime, &conversation, member);
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    let result = if stdin.is_terminal() {
        cli::chat::run_terminal(&mut session, &mut stdout)
    } else {
        cli::chat::run(&mut session, stdin.lock(), &mut stdout)
    };
    runtime.block_on(store.close());
    match result {
        // The reader went away (`| head`): everything it wanted was said.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(CliError::fault(format!("chat I/O failed: {e}"))),
        Ok(()) => Ok(0),
    }
}

/// `serve`: the only subcommand that needs an async runtime, so it is built
/// here rather than for every command.
fn serve(config: Config) -> Result<i32, CliError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::fault(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        kyc_triage::discord::run(config, shutdown_signal())
            .await
            .map_err(|e| CliError::fault(e.to_string()))
    })?;
    Ok(0)
}

/// Completes on Ctrl-C (SIGINT) or SIGTERM (what `docker stop` and systemd
/// send), so both shut the bot down cleanly.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// The operating-system user, for `chat` when `--user` is not given.
fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "terminal".to_string())
}
