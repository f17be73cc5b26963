//! `kyc-triage escalations`: the moderators' queue in the terminal. List,
//! show (with the audit trail), claim, resolve, dismiss, reopen. Every
//! timestamp is UTC RFC 3339; every text shown is the redacted one.

use super::terminal::{safe_line, safe_text};
use super::{open_store, runtime, CliError};
use crate::config::Config;
use crate::outln;
use crate::store::{
    AuditEntry, Escalation, ListFilter, Reporter, Status, Store, Takeover, Transition,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

#[derive(Debug, clap::Subcommand)]
pub enum EscalationsCommand {
    /// List cases, newest first: who reported it and when, status, scenario,
    /// reason and the redacted message.
    List {
        /// Only cases in this status.
        #[arg(long, value_enum, value_name = "STATUS")]
        status: Option<StatusArg>,
        /// At most this many cases.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Show one case with its audit trail.
    Show {
        /// The case number (`12` or `#12`).
        #[arg(value_parser = parse_id, value_name = "ID")]
        id: i64,
        /// Print a JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Export one case's transcript: what the member and the moderators
    /// wrote in its private thread (redacted), oldest first.
    Export {
        /// The case number (`12` or `#12`).
        #[arg(value_parser = parse_id, value_name = "ID")]
        id: i64,
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Take an open case, so that other moderators know you are on it.
    Claim {
        /// The case number (`12` or `#12`).
        #[arg(value_parser = parse_id, value_name = "ID")]
        id: i64,
        /// Your name, as the audit trail should show it.
        #[arg(long, value_name = "NAME")]
        by: String,
    },
    /// Close an open or claimed case as handled.
    Resolve {
        /// The case number (`12` or `#12`).
        #[arg(value_parser = parse_id, value_name = "ID")]
        id: i64,
        /// Your name, as the audit trail should show it.
        #[arg(long, value_name = "NAME")]
        by: String,
        /// What was done (required; redacted before it is stored).
        #[arg(long, value_name = "TEXT")]
        note: String,
        /// Close it even though another moderator claimed it; the audit
        /// trail records that you took it over.
        #[arg(long)]
        force: bool,
    },
    /// Close an open or claimed case as needing no action.
    Dismiss {
        /// The case number (`12` or `#12`).
        #[arg(value_parser = parse_id, value_name = "ID")]
        id: i64,
        /// Your name, as the audit trail should show it.
        #[arg(long, value_name = "NAME")]
        by: String,
        /// Why (required; redacted before it is stored).
        #[arg(long, value_name = "TEXT")]
        note: String,
        /// Close it even though another moderator claimed it; the audit
        /// trail records that you took it over.
        #[arg(long)]
        force: bool,
    },
    /// Open a resolved or dismissed case again.
    Reopen {
        /// The case number (`12` or `#12`).
        #[arg(value_parser = parse_id, value_name = "ID")]
        id: i64,
        /// Your name, as the audit trail should show it.
        #[arg(long, value_name = "NAME")]
        by: String,
    },
}

/// Runs one `escalations` subcommand; returns the exit code.
pub fn run(config: &Config, command: EscalationsCommand) -> Result<i32, CliError> {
    let rt = runtime()?;
    rt.block_on(async {
        let store = open_store(config).await?;
        let result = execute(&store, command).await;
        store.close().await;
        result
    })
}

async fn execute(store: &Store, command: EscalationsCommand) -> Result<i32, CliError> {
    match command {
        EscalationsCommand::List {
            status,
            limit,
            json,
        } => {
            let status = status.map(Status::from);
            let cases = store
                .list(ListFilter {
                    status,
                    limit: Some(limit),
                })
                .await?;
            if json {
                let list: Vec<Value> = cases.iter().map(case_json).collect();
                outln!("{}", Value::Array(list));
            } else if cases.is_empty() {
                let which = status.map_or(String::new(), |s| format!("{s} "));
                outln!("no {which}cases");
            } else {
                for case in &cases {
                    outln!("{}", summary(case));
                }
            }
        }
        EscalationsCommand::Show { id, json } => {
            let case = store.get(id).await?;
            let trail = store.audit(id).await?;
            let transcript = store.transcript(id).await?;
            if json {
                let mut value = case_json(&case);
                value["audit"] = trail.iter().map(audit_json).collect();
                value["transcript"] = super::transcript::json(&transcript);
                outln!("{value}");
            } else {
                outln!("{}", details(&case, &trail));
                outln!("{}", super::transcript::lines(&transcript).join("\n"));
            }
        }
        EscalationsCommand::Export { id, json } => {
            let transcript = store.transcript(id).await?;
            if json {
                outln!("{}", super::transcript::json(&transcript));
            } else {
                outln!("case #{id}");
                outln!("{}", super::transcript::lines(&transcript).join("\n"));
            }
        }
        EscalationsCommand::Claim { id, by } => {
            let case = store.claim(id, &by).await?;
            let holder = case.claimed_by.as_deref().unwrap_or(&by);
            outln!("case #{id} is claimed by {}", safe_line(holder));
        }
        EscalationsCommand::Resolve {
            id,
            by,
            note,
            force,
        } => {
            store
                .close_case(id, Transition::Resolve, &by, &note, takeover(force))
                .await?;
            outln!("case #{id} is resolved");
        }
        EscalationsCommand::Dismiss {
            id,
            by,
            note,
            force,
        } => {
            store
                .close_case(id, Transition::Dismiss, &by, &note, takeover(force))
                .await?;
            outln!("case #{id} is dismissed");
        }
        EscalationsCommand::Reopen { id, by } => {
            store.reopen(id, &by).await?;
            outln!("case #{id} is open again");
        }
    }
    Ok(0)
}

/// A status as `--status` takes it; clap lists the values in `--help`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusArg {
    /// Waiting for a moderator.
    Open,
    /// A moderator is on it.
    Claimed,
    /// Handled.
    Resolved,
    /// Closed as needing no action.
    Dismissed,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Status {
        match s {
            StatusArg::Open => Status::Open,
            StatusArg::Claimed => Status::Claimed,
            StatusArg::Resolved => Status::Resolved,
            StatusArg::Dismissed => Status::Dismissed,
        }
    }
}

/// Closing a case someone else claimed needs `--force` in the terminal.
fn takeover(force: bool) -> Takeover {
    if force {
        Takeover::Allow
    } else {
        Takeover::Refuse
    }
}

fn parse_id(s: &str) -> Result<i64, String> {
    s.trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| format!("`{s}` is not a case number (such as 12 or #12)"))
}

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Two lines per case: the facts, then the start of the message.
fn summary(c: &Escalation) -> String {
    let holder = match (c.status, &c.claimed_by) {
        (Status::Claimed, Some(h)) => format!(" by {}", safe_line(h)),
        _ => String::new(),
    };
    let reports = if c.report_count > 1 {
        format!("  ×{}", c.report_count)
    } else {
        String::new()
    };
    format!(
        "#{id} [{status}{holder}] {created}  {scenario} ({reason}){reports}  from {who}\n    {text}",
        id = c.id,
        status = c.status,
        created = time(c.created_at),
        scenario = safe_line(c.scenario.as_deref().unwrap_or("-")),
        reason = c.reason.code(),
        who = reporter(c),
        text = safe_line(&one_line(
            c.text.as_deref().unwrap_or("(erased by retention)"),
            100
        )),
    )
}

fn details(c: &Escalation, trail: &[AuditEntry]) -> String {
    let mut lines = vec![
        format!("case #{}  [{}]", c.id, c.status),
        format!("reported:   {} by {}", time(c.created_at), reporter(c)),
        format!("updated:    {}", time(c.updated_at)),
        format!("language:   {}", c.language.code()),
        format!(
            "scenario:   {}{}",
            safe_line(c.scenario.as_deref().unwrap_or("-")),
            c.confidence
                .map_or(String::new(), |v| format!(" (confidence {v:.2})"))
        ),
        format!("reason:     {}", c.reason.code()),
        format!("reports:    {}", c.report_count),
    ];
    let mut push = |label: &str, value: &Option<String>| {
        if let Some(v) = value {
            lines.push(format!("{label:<11} {}", safe_line(v)));
        }
    };
    push("tried:", &c.context);
    push("claimed by:", &c.claimed_by);
    push("closed by:", &c.resolved_by);
    push("note:", &c.resolution_note);
    if let Some(n) = c.notice {
        lines.push(format!(
            "notice:     channel {} message {}",
            n.channel_id, n.message_id
        ));
    }
    match (&c.text, c.purged_at) {
        (Some(text), _) => {
            lines.push("message:".into());
            lines.extend(safe_text(text).lines().map(|l| format!("    {l}")));
        }
        (None, Some(at)) => lines.push(format!("message:    (erased by retention {})", time(at))),
        (None, None) => lines.push("message:    -".into()),
    }
    lines.push("audit:".into());
    for a in trail {
        let moved = match (a.from_status, a.to_status) {
            (Some(f), Some(t)) => format!(" {f} -> {t}"),
            _ => String::new(),
        };
        let detail = a
            .detail
            .as_deref()
            .map_or(String::new(), |d| format!(": {}", safe_line(d)));
        lines.push(format!(
            "    {}  {}  {}{moved}{detail}",
            time(a.at),
            safe_line(&a.actor),
            safe_line(&a.action)
        ));
    }
    lines.join("\n")
}

fn reporter(c: &Escalation) -> String {
    safe_line(&match (&c.reporter, &c.display_name) {
        (Reporter::Discord { .. }, Some(name)) => format!("{name}, {}", c.reporter),
        _ => c.reporter.to_string(),
    })
}

/// The text on one line, cut at `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        format!("{}…", flat.chars().take(max - 1).collect::<String>())
    }
}

/// The JSON contract of `escalations list/show --json`.
pub fn case_json(c: &Escalation) -> Value {
    let (source, guild, channel, message, user) = match &c.reporter {
        Reporter::Discord {
            guild_id,
            channel_id,
            message_id,
            user_id,
        } => (
            "discord",
            guild_id.map(|g| g.to_string()),
            Some(channel_id.to_string()),
            Some(message_id.to_string()),
            user_id.to_string(),
        ),
        Reporter::Terminal { user } => ("terminal", None, None, None, user.clone()),
    };
    json!({
        "id": c.id,
        "status": c.status.code(),
        "created_at": time(c.created_at),
        "updated_at": time(c.updated_at),
        "source": source,
        "guild_id": guild,
        "channel_id": channel,
        "message_id": message,
        "user": user,
        "display_name": c.display_name,
        "language": c.language.code(),
        "scenario": c.scenario,
        "confidence": c.confidence.map(|v| (f64::from(v) * 1000.0).round() / 1000.0),
        "reason": c.reason.code(),
        "context": c.context,
        "text": c.text,
        "report_count": c.report_count,
        "claimed_by": c.claimed_by,
        "resolved_by": c.resolved_by,
        "resolution_note": c.resolution_note,
        "notice": c.notice.map(|n| json!({
            "channel_id": n.channel_id.to_string(),
            "message_id": n.message_id.to_string(),
        })),
        "closed_at": c.closed_at.map(time),
        "purged_at": c.purged_at.map(time),
    })
}

/// One audit entry as JSON, as in `escalations show --json`.
pub fn audit_json(a: &AuditEntry) -> Value {
    json!({
        "at": time(a.at),
        "actor": a.actor,
        "action": a.action,
        "from": a.from_status.map(Status::code),
        "to": a.to_status.map(Status::code),
        "detail": a.detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_may_carry_a_hash() {
        assert_eq!(parse_id("#12"), Ok(12));
        assert_eq!(parse_id("7"), Ok(7));
        assert!(parse_id("0").is_err());
        assert!(parse_id("abc").is_err());
    }

    #[test]
    fn long_messages_are_cut_on_one_line() {
        assert_eq!(one_line("a\n b", 10), "a b");
        assert_eq!(one_line(&"x".repeat(20), 5), "xxxx…");
    }
}
