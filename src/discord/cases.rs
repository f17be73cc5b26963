//! The adapter's only door to the store: every store call the Discord side
//! makes goes through here, so the rest of `discord/` speaks in cases and
//! notices, and a store fault becomes one sentence for the moderator and
//! the whole chain in the log.

use super::embeds::{Notice, NoticeState};
use crate::knowledge::Lang;
use crate::store::{
    Escalated, Escalation, ListFilter, NewEscalation, Reporter, Status, Store, StoreError,
    TriageRecord,
};
use crate::triage::{Decision, EscalationReason};

/// A case as the adapter hands it over (the store redacts again anyway).
#[derive(Debug, Clone)]
pub struct NewCase {
    pub user_id: u64,
    pub user_name: String,
    pub guild_id: Option<u64>,
    pub channel_id: u64,
    /// The message the case is about; 0 when it came from a slash command.
    pub message_id: u64,
    pub text: String,
    pub language: Lang,
    pub scenario: Option<String>,
    pub confidence: Option<f32>,
    pub reason: EscalationReason,
    pub context: Option<String>,
}

/// A failed store call; `Display` is what the moderator reads.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// A mistake (unknown case, wrong state): the store's own sentence.
    #[error("{}", capitalise(&.0.to_string()))]
    Refused(StoreError),
    /// A fault of the system: logged in full, summarised for the user.
    #[error("The case store is unavailable right now; the details are in the bot's log.")]
    Unavailable(StoreError),
}

impl From<StoreError> for CaseError {
    fn from(e: StoreError) -> Self {
        if e.is_user_error() {
            CaseError::Refused(e)
        } else {
            tracing::error!(error = %e, "store failure");
            CaseError::Unavailable(e)
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect::<String>() + ".",
        None => String::new(),
    }
}

/// One line of `/escalations list`.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: i64,
    pub user_id: Option<u64>,
    pub scenario: Option<String>,
    pub status: String,
}

#[derive(Clone)]
pub struct Cases {
    store: Store,
}

impl Cases {
    pub fn new(store: Store) -> Cases {
        Cases { store }
    }

    /// Writes the case; repeated reports of an open case return its number
    /// with `created: false`.
    pub async fn escalate(&self, case: NewCase) -> Result<Escalated, CaseError> {
        let new = NewEscalation {
            reporter: Reporter::Discord {
                guild_id: case.guild_id,
                channel_id: case.channel_id,
                message_id: case.message_id,
                user_id: case.user_id,
            },
            display_name: Some(case.user_name),
            language: case.language,
            scenario: case.scenario,
            confidence: case.confidence,
            reason: case.reason,
            context: case.context,
            text: case.text,
        };
        Ok(self.store.escalate(new).await?)
    }

    /// The notice for case `id`, and where it was posted, if anywhere.
    pub async fn notice(&self, id: i64) -> Result<(Notice, Option<(u64, u64)>), CaseError> {
        let e = self.store.get(id).await?;
        let location = e.notice.map(|n| (n.channel_id, n.message_id));
        Ok((notice_of(&e), location))
    }

    /// The case's history, one line per change, oldest first.
    pub async fn history(&self, id: i64) -> Result<Vec<String>, CaseError> {
        let trail = self.store.audit(id).await?;
        Ok(trail
            .iter()
            .map(|a| {
                // A reporting user is recorded by id: show it as a mention.
                let actor = match a.actor.parse::<u64>() {
                    Ok(id) => format!("<@{id}>"),
                    Err(_) => a.actor.clone(),
                };
                let mut line = format!("<t:{}:f> {actor} {}", a.at.timestamp(), a.action);
                if let Some(d) = &a.detail {
                    line.push_str(": ");
                    line.push_str(d);
                }
                line
            })
            .collect())
    }

    pub async fn set_notice(&self, id: i64, channel: u64, message: u64) -> Result<(), CaseError> {
        Ok(self.store.set_notice(id, channel, message).await?)
    }

    pub async fn claim(&self, id: i64, by: &str) -> Result<Notice, CaseError> {
        Ok(notice_of(&self.store.claim(id, by).await?))
    }

    pub async fn resolve(&self, id: i64, by: &str, note: &str) -> Result<Notice, CaseError> {
        Ok(notice_of(&self.store.resolve(id, by, note).await?))
    }

    pub async fn dismiss(&self, id: i64, by: &str, note: &str) -> Result<Notice, CaseError> {
        Ok(notice_of(&self.store.dismiss(id, by, note).await?))
    }

    /// The newest cases, optionally of one status (`open`, `claimed`, ...).
    pub async fn list(&self, status: Option<&str>) -> Result<Vec<Summary>, CaseError> {
        let filter = ListFilter {
            status: status.and_then(Status::parse),
            limit: Some(25),
        };
        let list = self.store.list(filter).await?;
        Ok(list
            .iter()
            .map(|e| Summary {
                id: e.id,
                user_id: user_of(&e.reporter),
                scenario: e.scenario.clone(),
                status: e.status.code().to_string(),
            })
            .collect())
    }

    /// Records a decision in the triage log; 0 when that failed: the answer
    /// is still worth sending, only feedback on it is then dropped.
    pub async fn log(&self, redacted: &str, decision: &Decision) -> i64 {
        match self
            .store
            .log_triage(TriageRecord::of(decision, redacted, true))
            .await
        {
            Ok(id) => id,
            Err(e) => {
                tracing::error!(error = %e, "cannot write the triage log");
                0
            }
        }
    }

    /// Records which scenario the user picked from the clarifying menu of
    /// `log`, so that their feedback counts for that scenario.
    pub async fn choice(&self, log: i64, scenario: &str) {
        if log == 0 {
            return;
        }
        if let Err(e) = self.store.record_choice(log, scenario).await {
            tracing::warn!(log, error = %e, "cannot record the chosen scenario");
        }
    }

    /// What the user wrote for triage-log entry `log` (redacted), if kept.
    pub async fn logged_text(&self, log: i64) -> Option<String> {
        if log == 0 {
            return None;
        }
        match self.store.logged_text(log).await {
            Ok(text) => text,
            Err(e) => {
                tracing::warn!(log, error = %e, "cannot read the triaged message back");
                None
            }
        }
    }

    pub async fn feedback(&self, log: i64, helped: bool) {
        if log == 0 {
            return;
        }
        if let Err(e) = self.store.record_feedback(log, helped).await {
            tracing::warn!(log, error = %e, "cannot record feedback");
        }
    }
}

fn user_of(r: &Reporter) -> Option<u64> {
    match r {
        Reporter::Discord { user_id, .. } => Some(*user_id),
        Reporter::Terminal { .. } => None,
    }
}

/// A link to the reported message, when the case came from one.
fn jump_of(r: &Reporter) -> Option<String> {
    match r {
        Reporter::Discord {
            guild_id,
            channel_id,
            message_id,
            ..
        } if *message_id != 0 => {
            let guild = guild_id.map_or("@me".to_string(), |g| g.to_string());
            Some(format!(
                "https://discord.com/channels/{guild}/{channel_id}/{message_id}"
            ))
        }
        _ => None,
    }
}

fn notice_of(e: &Escalation) -> Notice {
    let by = |who: &Option<String>| who.clone().unwrap_or_else(|| "?".into());
    let state = match e.status {
        Status::Open => NoticeState::Open,
        Status::Claimed => NoticeState::Claimed {
            by: by(&e.claimed_by),
        },
        Status::Resolved => NoticeState::Resolved {
            by: by(&e.resolved_by),
            note: e.resolution_note.clone().unwrap_or_default(),
        },
        Status::Dismissed => NoticeState::Dismissed {
            by: by(&e.resolved_by),
            note: e.resolution_note.clone().unwrap_or_default(),
        },
    };
    let mut reason = e.reason.code().to_string();
    if e.report_count > 1 {
        reason.push_str(&format!(" ({} reports)", e.report_count));
    }
    Notice {
        case_id: e.id,
        user: match &e.reporter {
            Reporter::Discord { user_id, .. } => format!("<@{user_id}>"),
            Reporter::Terminal { user } => user.clone(),
        },
        scenario: e.scenario.clone(),
        reason,
        text: e
            .text
            .clone()
            .unwrap_or_else(|| "(erased by retention)".into()),
        context: e.context.clone(),
        jump: jump_of(&e.reporter),
        state,
    }
}
