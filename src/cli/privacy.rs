//! `kyc-triage privacy`: applying retention now (`purge`, as the bot does
//! at start and daily), and a member's requests: `export` (everything the
//! store holds about them, as JSON) and `erase` (their texts).
//!
//! Erasing cannot be undone, so `erase`, and a `purge` with `--days` below
//! the configured retention, first say what they will erase and ask; with
//! no terminal to ask on, they need `--yes`.

use super::escalations::{audit_json, case_json};
use super::{open_store, runtime, CliError};
use crate::config::Config;
use crate::outln;
use crate::store::Purged;
use serde_json::json;
use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

/// How a destructive command is confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// `--yes`: go ahead.
    Given,
    /// Ask on the terminal; refuse when there is none.
    Ask,
}

/// Erases the text of cases closed longer than `days` ago (default: the
/// configured `store.retention_days`) and of older triage-log entries;
/// with `dry_run`, only says how much that would be.
pub fn purge(
    config: &Config,
    days: Option<u32>,
    dry_run: bool,
    confirm: Confirm,
) -> Result<i32, CliError> {
    let retention = days.map_or(config.store.retention, |d| {
        Duration::from_secs(u64::from(d) * 86_400)
    });
    let shorter = retention < config.store.retention;
    let rt = runtime()?;
    rt.block_on(async {
        let store = open_store(config).await?;
        let result = async {
            let would = store.purge_preview(retention).await?;
            let what = describe(would, retention);
            if dry_run {
                outln!("would erase {what} (dry run: nothing erased)");
                return Ok(0);
            }
            if would == Purged::default() {
                outln!("nothing to erase: no {what}");
                return Ok(0);
            }
            if shorter && confirm == Confirm::Ask {
                let question = format!(
                    "this erases {what}, shorter than the configured {} day(s); it cannot be undone",
                    config.store.retention.as_secs() / 86_400
                );
                if !confirmed(&question)? {
                    outln!("nothing erased");
                    return Ok(1);
                }
            }
            let purged = store.purge(retention).await?;
            outln!("erased {}", describe(purged, retention));
            Ok(0)
        }
        .await;
        store.close().await;
        result
    })
}

fn describe(p: Purged, retention: Duration) -> String {
    format!(
        "the text of {} closed case(s) and {} triage-log entr{} older than {} day(s)",
        p.cases,
        p.triage_entries,
        if p.triage_entries == 1 { "y" } else { "ies" },
        retention.as_secs() / 86_400
    )
}

/// Prints, as one JSON object, every case `user` reported with its audit
/// trail.
pub fn export(config: &Config, user: &str) -> Result<i32, CliError> {
    let rt = runtime()?;
    let data = rt.block_on(async {
        let store = open_store(config).await?;
        let data = store.member_data(user).await;
        store.close().await;
        data.map_err(CliError::from)
    })?;
    let cases: Vec<serde_json::Value> = data
        .cases
        .iter()
        .map(|(case, trail)| {
            let mut value = case_json(case);
            value["audit"] = trail.iter().map(audit_json).collect();
            value
        })
        .collect();
    let value = json!({
        "user": user.trim(),
        "exported_at": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "cases": cases,
        "triage_log": "not linked to members: the triage log stores no user ids; its text is erased after store.retention_days",
        "note": "texts are stored redacted: ID numbers, phone numbers, e-mail, seed phrases and keys were never kept",
    });
    outln!("{value}");
    Ok(0)
}

/// Erases the texts of every case `user` reported; `by` is recorded.
pub fn erase(config: &Config, user: &str, by: &str, confirm: Confirm) -> Result<i32, CliError> {
    let rt = runtime()?;
    rt.block_on(async {
        let store = open_store(config).await?;
        let result = async {
            let held = store.member_data(user).await?;
            let with_text = held
                .cases
                .iter()
                .filter(|(c, _)| c.purged_at.is_none())
                .count();
            if held.cases.is_empty() {
                outln!("no cases of {}", super::terminal::safe_line(user.trim()));
                return Ok(0);
            }
            if confirm == Confirm::Ask {
                let question = format!(
                    "this erases the texts of {} case(s) of {} ({with_text} still with text); it cannot be undone",
                    held.cases.len(),
                    super::terminal::safe_line(user.trim())
                );
                if !confirmed(&question)? {
                    outln!("nothing erased");
                    return Ok(1);
                }
            }
            let erased = store.erase_member(user, by).await?;
            outln!(
                "erased the texts of {} case(s); the audit trail of each records it",
                erased.cases
            );
            Ok(0)
        }
        .await;
        store.close().await;
        result
    })
}

/// Asks `question` on the terminal; without one, refuses with a sentence.
fn confirmed(question: &str) -> Result<bool, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(format!(
            "{question}: add --yes to confirm (no terminal to ask on)"
        )));
    }
    eprint!("{question}. Erase? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| CliError::fault(format!("cannot read the answer: {e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes"))
}
