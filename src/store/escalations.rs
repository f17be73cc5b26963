//! Recording cases (merging a user's repeated reports into their open case),
//! reading and listing them, and remembering the bot's notice.

use super::audit::{record, Change};
use super::clock::{now_text, parse};
use super::model::{
    lang_code, parse_lang, Escalated, Escalation, ListFilter, NewEscalation, Notice, Reporter,
    Status,
};
use super::{redact, redact_opt, Lost, Store, StoreError, WriteLock};
use crate::redact::redact_str;
use crate::triage::EscalationReason;
use sqlx::any::AnyRow;
use sqlx::FromRow;

/// A case keeps at most this many characters of its users' messages (the
/// newest win): enough for a moderator, and under Discord's 4096-character
/// embed description.
pub const MAX_CASE_TEXT_CHARS: usize = 4000;

/// Who acts in the audit trail for the bot itself.
pub(crate) const SYSTEM_ACTOR: &str = "kyc-triage";

impl Store {
    /// Records a case and returns its number. When the same user already
    /// has an open or claimed case for the same scenario, that case gets the
    /// new message, a new `updated_at`, one more report and an audit entry,
    /// and its number comes back with `created: false`. Cases without a
    /// scenario are never merged: two unmatched messages may be two problems.
    pub async fn escalate(&self, case: NewEscalation) -> Result<Escalated, StoreError> {
        let text = redact(&case.text);
        let context = redact_opt(case.context.as_deref());
        let display_name = redact_opt(case.display_name.as_deref());
        let who = Who::of(&case.reporter);
        let case = &case;
        let (text, context, display_name, who) = (&text, &context, &display_name, &who);
        // On Postgres, reports that may merge take turns per reporter and
        // scenario (two at once would both find no open case and open two);
        // the rest only insert. The open case found is row-locked, so a
        // moderator closing it meanwhile either goes first (and this report
        // opens a new case) or waits for the merge.
        let merges = case.scenario.is_some() && who.mergeable;
        let lock = WriteLock::Shared {
            key: merges.then(|| {
                format!(
                    "merge:{}:{}:{}:{}",
                    case.reporter.source(),
                    who.guild_id.as_deref().unwrap_or(""),
                    who.user_id,
                    case.scenario.as_deref().unwrap_or("")
                )
            }),
        };
        let find_open = self.backend().pick(
            "SELECT id, text FROM escalations
             WHERE source = $1 AND guild_id IS NOT DISTINCT FROM $2 AND user_id = $3 AND scenario = $4
               AND status IN ('open', 'claimed')
             ORDER BY id DESC LIMIT 1",
            "SELECT id, text FROM escalations
             WHERE source = $1 AND guild_id IS NOT DISTINCT FROM $2 AND user_id = $3 AND scenario = $4
               AND status IN ('open', 'claimed')
             ORDER BY id DESC LIMIT 1 FOR UPDATE",
        );
        let escalated = self
            .write_locked(Lost::Case, lock, |mut tx| async move {
                let now = now_text();
                let existing: Option<(i64, Option<String>)> = match &case.scenario {
                    Some(scenario) if who.mergeable => {
                        sqlx::query_as(find_open)
                        .bind(case.reporter.source())
                        .bind(&who.guild_id)
                        .bind(&who.user_id)
                        .bind(scenario)
                        .fetch_optional(&mut *tx)
                        .await?
                    }
                    _ => None,
                };
                let escalated = if let Some((id, old)) = existing {
                    // Redacted again as a whole: half a seed phrase in each
                    // report is a phrase once they are side by side.
                    let merged = append_text(old.as_deref(), &case.text);
                    let merged = keep_newest(redact_str(&merged));
                    let count: i64 = sqlx::query_scalar(
                        "UPDATE escalations SET text = $1, updated_at = $2,
                           report_count = report_count + 1,
                           channel_id = coalesce($3, channel_id),
                           message_id = coalesce($4, message_id),
                           display_name = coalesce($5, display_name),
                           language = $6, confidence = coalesce($7, confidence),
                           context = coalesce($8, context)
                         WHERE id = $9 RETURNING report_count",
                    )
                    .bind(&merged)
                    .bind(&now)
                    .bind(&who.channel_id)
                    .bind(&who.message_id)
                    .bind(display_name)
                    .bind(lang_code(case.language))
                    .bind(case.confidence)
                    .bind(context)
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    let detail = format!("report {count} (reason: {})", case.reason.code());
                    record(
                        &mut tx,
                        id,
                        &who.user_id,
                        Change::action("report"),
                        Some(&detail),
                    )
                    .await?;
                    Escalated { id, created: false }
                } else {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO escalations (created_at, updated_at, source, guild_id,
                           channel_id, message_id, user_id, display_name, language, scenario,
                           confidence, reason, context, text)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                    )
                    .bind(&now)
                    .bind(&now)
                    .bind(case.reporter.source())
                    .bind(&who.guild_id)
                    .bind(&who.channel_id)
                    .bind(&who.message_id)
                    .bind(&who.user_id)
                    .bind(display_name)
                    .bind(lang_code(case.language))
                    .bind(&case.scenario)
                    .bind(case.confidence)
                    .bind(case.reason.code())
                    .bind(context)
                    .bind(text)
                    .fetch_one(&mut *tx)
                    .await?;
                    let change = Change::to("open", Status::Open);
                    record(&mut tx, id, &who.user_id, change, Some(case.reason.code())).await?;
                    Escalated { id, created: true }
                };
                tx.commit().await?;
                Ok(escalated)
            })
            .await?;
        tracing::info!(
            case = escalated.id,
            created = escalated.created,
            reason = case.reason.code(),
            scenario = case.scenario.as_deref().unwrap_or("-"),
            "escalation recorded"
        );
        Ok(escalated)
    }

    /// The case numbered `id`.
    pub async fn get(&self, id: i64) -> Result<Escalation, StoreError> {
        let row = sqlx::query("SELECT * FROM escalations WHERE id = $1")
            .bind(id)
            .fetch_optional(self.reader())
            .await
            .map_err(|e| self.fault(e, Lost::Nothing))?
            .ok_or(StoreError::UnknownCase(id))?;
        self.to_escalation(&row)
    }

    /// Cases matching `filter`, newest first.
    pub async fn list(&self, filter: ListFilter) -> Result<Vec<Escalation>, StoreError> {
        let rows = sqlx::query(
            "SELECT * FROM escalations WHERE ($1 IS NULL OR status = $1)
             ORDER BY id DESC LIMIT $2",
        )
        .bind(filter.status.map(Status::code))
        // No limit is the largest one: Postgres refuses SQLite's `LIMIT -1`.
        .bind(filter.limit.map_or(i64::MAX, i64::from))
        .fetch_all(self.reader())
        .await
        .map_err(|e| self.fault(e, Lost::Nothing))?;
        rows.iter().map(|r| self.to_escalation(r)).collect()
    }

    /// Remembers where the bot posted its notice about case `id`, so that it
    /// can edit the notice when the case changes.
    pub async fn set_notice(
        &self,
        id: i64,
        channel_id: u64,
        message_id: u64,
    ) -> Result<(), StoreError> {
        self.write(Lost::Change, |mut tx| async move {
            let done = sqlx::query(
                "UPDATE escalations SET notice_channel_id = $1, notice_message_id = $2
                 WHERE id = $3",
            )
            .bind(channel_id.to_string())
            .bind(message_id.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::UnknownCase(id).into());
            }
            let detail = format!("channel {channel_id}, message {message_id}");
            record(
                &mut tx,
                id,
                SYSTEM_ACTOR,
                Change::action("notice"),
                Some(&detail),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }

    pub(super) fn to_escalation(&self, row: &AnyRow) -> Result<Escalation, StoreError> {
        let damaged = || StoreError::Corrupt {
            path: self.path().to_path_buf(),
        };
        let r = CaseRow::from_row(row).map_err(|e| self.fault(e, Lost::Nothing))?;
        let id = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<u64>().ok());
        let reporter = match r.source.as_str() {
            "discord" => Reporter::Discord {
                guild_id: id(&r.guild_id),
                channel_id: id(&r.channel_id).ok_or_else(damaged)?,
                message_id: id(&r.message_id).ok_or_else(damaged)?,
                user_id: r.user_id.parse().map_err(|_| damaged())?,
            },
            _ => Reporter::Terminal { user: r.user_id },
        };
        let notice = match (id(&r.notice_channel_id), id(&r.notice_message_id)) {
            (Some(channel_id), Some(message_id)) => Some(Notice {
                channel_id,
                message_id,
            }),
            _ => None,
        };
        let time = |s: &str| parse(s).ok_or_else(damaged);
        let opt_time = |s: &Option<String>| s.as_deref().map(time).transpose();
        Ok(Escalation {
            id: r.id,
            created_at: time(&r.created_at)?,
            updated_at: time(&r.updated_at)?,
            reporter,
            display_name: r.display_name,
            language: parse_lang(&r.language).ok_or_else(damaged)?,
            scenario: r.scenario,
            confidence: r.confidence.map(|c| c as f32),
            reason: EscalationReason::parse(&r.reason).ok_or_else(damaged)?,
            context: r.context,
            text: r.text,
            status: Status::parse(&r.status).ok_or_else(damaged)?,
            claimed_by: r.claimed_by,
            resolved_by: r.resolved_by,
            resolution_note: r.resolution_note,
            notice,
            report_count: r.report_count,
            closed_at: opt_time(&r.closed_at)?,
            purged_at: opt_time(&r.purged_at)?,
        })
    }
}

/// The reporter as bound to SQL; free text already redacted.
struct Who {
    guild_id: Option<String>,
    channel_id: Option<String>,
    message_id: Option<String>,
    user_id: String,
    /// Whether `user_id` still tells this reporter apart. A terminal name
    /// that redaction changed (`13800138000` and `13900138000` both become
    /// `[PHONE …8000]`) does not: such a reporter's cases are never merged,
    /// or two people would share one case.
    mergeable: bool,
}

impl Who {
    fn of(reporter: &Reporter) -> Who {
        match reporter {
            Reporter::Discord {
                guild_id,
                channel_id,
                message_id,
                user_id,
            } => Who {
                guild_id: guild_id.map(|g| g.to_string()),
                channel_id: Some(channel_id.to_string()),
                message_id: Some(message_id.to_string()),
                user_id: user_id.to_string(),
                mergeable: true,
            },
            // A terminal user name is free text like any other.
            Reporter::Terminal { user } => {
                let user_id = redact(user.trim());
                Who {
                    guild_id: None,
                    channel_id: None,
                    message_id: None,
                    mergeable: user_id == user.trim(),
                    user_id,
                }
            }
        }
    }
}

#[derive(FromRow)]
struct CaseRow {
    id: i64,
    created_at: String,
    updated_at: String,
    source: String,
    guild_id: Option<String>,
    channel_id: Option<String>,
    message_id: Option<String>,
    user_id: String,
    display_name: Option<String>,
    language: String,
    scenario: Option<String>,
    confidence: Option<f64>,
    reason: String,
    context: Option<String>,
    text: Option<String>,
    status: String,
    claimed_by: Option<String>,
    resolved_by: Option<String>,
    resolution_note: Option<String>,
    closed_at: Option<String>,
    purged_at: Option<String>,
    notice_channel_id: Option<String>,
    notice_message_id: Option<String>,
    report_count: i64,
}

/// The case text after another report: messages separated by a blank line,
/// the oldest dropped first when over [`MAX_CASE_TEXT_CHARS`].
fn append_text(old: Option<&str>, new: &str) -> String {
    let joined = match old {
        Some(old) if !old.is_empty() => format!("{old}\n\n{new}"),
        _ => new.to_string(),
    };
    keep_newest(joined)
}

/// `text` cut to its newest [`MAX_CASE_TEXT_CHARS`] characters.
fn keep_newest(joined: String) -> String {
    let chars = joined.chars().count();
    if chars <= MAX_CASE_TEXT_CHARS {
        return joined;
    }
    let tail: String = joined
        .chars()
        .skip(chars - (MAX_CASE_TEXT_CHARS - 1))
        .collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_reports_append_and_keep_the_newest_when_long() {
        assert_eq!(append_text(None, "b"), "b");
        assert_eq!(append_text(Some("a"), "b"), "a\n\nb");
        let long = "x".repeat(MAX_CASE_TEXT_CHARS);
        let merged = append_text(Some(&long), "新的");
        assert_eq!(merged.chars().count(), MAX_CASE_TEXT_CHARS);
        assert!(merged.starts_with('…') && merged.ends_with("新的"));
    }
}
