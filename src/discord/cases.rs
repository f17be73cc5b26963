//! The adapter's only door to the escalation store: every store call the
//! Discord side makes goes through here, so the rest of `discord/` speaks in
//! cases and notices and never in rows.
//!
//! TEMPORARY: backed by memory until the `store` branch lands; the function
//! signatures are what the handlers rely on.

use super::embeds::{Notice, NoticeState};
use crate::knowledge::Lang;
use crate::triage::{Decision, EscalationReason};
use std::sync::{Arc, Mutex};

/// A case as the adapter hands it over. `text` is already redacted.
#[allow(dead_code)] // TEMPORARY: the memory stand-in keeps fewer fields than the store.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub user_id: u64,
    pub user_name: String,
    pub channel_id: u64,
    pub text: String,
    pub language: Lang,
    pub scenario: Option<String>,
    pub confidence: Option<f32>,
    pub reason: EscalationReason,
    pub context: Option<String>,
    pub jump: Option<String>,
}

/// A recorded case: its number, and false when it repeated an open one.
#[derive(Debug, Clone, Copy)]
pub struct Recorded {
    pub id: i64,
    pub created: bool,
}

/// A failed store call; `Display` is a sentence a moderator can read.
#[allow(dead_code)] // TEMPORARY: the memory stand-in cannot fail.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("There is no case #{0}.")]
    NotFound(i64),
    #[error("Case #{id} is {state}; that cannot be done now.")]
    Conflict { id: i64, state: String },
    #[error("The case store is unavailable: {0}")]
    Unavailable(String),
}

/// One line of `/escalations list`.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: i64,
    pub user_id: u64,
    pub scenario: Option<String>,
    pub status: String,
}

#[derive(Clone)]
pub struct Cases {
    inner: Arc<Mutex<Vec<Row>>>,
}

struct Row {
    notice: Notice,
    location: Option<(u64, u64)>,
}

impl Cases {
    pub async fn open(_path: &std::path::Path) -> Result<Cases, CaseError> {
        Ok(Cases {
            inner: Arc::new(Mutex::new(Vec::new())),
        })
    }

    fn rows(&self) -> std::sync::MutexGuard<'_, Vec<Row>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the case; repeated reports of an open case return its number.
    pub async fn escalate(&self, case: NewCase) -> Result<Recorded, CaseError> {
        let mut rows = self.rows();
        if let Some(r) = rows.iter().find(|r| {
            r.notice.user_id == case.user_id
                && r.notice.scenario == case.scenario
                && matches!(
                    r.notice.state,
                    NoticeState::Open | NoticeState::Claimed { .. }
                )
        }) {
            return Ok(Recorded {
                id: r.notice.case_id,
                created: false,
            });
        }
        let id = rows.len() as i64 + 1;
        rows.push(Row {
            notice: Notice {
                case_id: id,
                user_id: case.user_id,
                scenario: case.scenario,
                reason: case.reason.code().to_string(),
                text: case.text,
                context: case.context,
                jump: case.jump,
                state: NoticeState::Open,
            },
            location: None,
        });
        Ok(Recorded { id, created: true })
    }

    /// The notice for case `id`, and where it was posted, if anywhere.
    pub async fn notice(&self, id: i64) -> Result<(Notice, Option<(u64, u64)>), CaseError> {
        let rows = self.rows();
        let r = rows
            .iter()
            .find(|r| r.notice.case_id == id)
            .ok_or(CaseError::NotFound(id))?;
        Ok((r.notice.clone(), r.location))
    }

    pub async fn set_notice(&self, id: i64, channel: u64, message: u64) -> Result<(), CaseError> {
        let mut rows = self.rows();
        if let Some(r) = rows.iter_mut().find(|r| r.notice.case_id == id) {
            r.location = Some((channel, message));
        }
        Ok(())
    }

    fn transition(&self, id: i64, next: NoticeState) -> Result<Notice, CaseError> {
        let mut rows = self.rows();
        let r = rows
            .iter_mut()
            .find(|r| r.notice.case_id == id)
            .ok_or(CaseError::NotFound(id))?;
        let allowed = match (&r.notice.state, &next) {
            (NoticeState::Open, _) => true,
            (NoticeState::Claimed { .. }, NoticeState::Resolved { .. })
            | (NoticeState::Claimed { .. }, NoticeState::Dismissed { .. }) => true,
            _ => false,
        };
        if !allowed {
            return Err(CaseError::Conflict {
                id,
                state: status_word(&r.notice.state).to_string(),
            });
        }
        r.notice.state = next;
        Ok(r.notice.clone())
    }

    pub async fn claim(&self, id: i64, by: &str) -> Result<Notice, CaseError> {
        self.transition(id, NoticeState::Claimed { by: by.into() })
    }

    pub async fn resolve(&self, id: i64, by: &str, note: &str) -> Result<Notice, CaseError> {
        self.transition(
            id,
            NoticeState::Resolved {
                by: by.into(),
                note: note.into(),
            },
        )
    }

    pub async fn dismiss(&self, id: i64, by: &str, note: &str) -> Result<Notice, CaseError> {
        self.transition(
            id,
            NoticeState::Dismissed {
                by: by.into(),
                note: note.into(),
            },
        )
    }

    /// Cases, newest first, optionally of one status.
    pub async fn list(&self, status: Option<&str>) -> Result<Vec<Summary>, CaseError> {
        let rows = self.rows();
        Ok(rows
            .iter()
            .rev()
            .filter(|r| status.is_none_or(|s| status_word(&r.notice.state) == s))
            .take(20)
            .map(|r| Summary {
                id: r.notice.case_id,
                user_id: r.notice.user_id,
                scenario: r.notice.scenario.clone(),
                status: status_word(&r.notice.state).to_string(),
            })
            .collect())
    }

    /// Records a decision in the triage log; 0 when logging failed (the
    /// answer is still worth sending; feedback on it is then dropped).
    pub async fn log(&self, _user_id: u64, _redacted: &str, _decision: &Decision) -> i64 {
        0
    }

    pub async fn feedback(&self, _log: i64, _helped: bool) {}

    pub async fn close(&self) {}
}

pub fn status_word(state: &NoticeState) -> &'static str {
    match state {
        NoticeState::Open => "open",
        NoticeState::Claimed { .. } => "claimed",
        NoticeState::Resolved { .. } => "resolved",
        NoticeState::Dismissed { .. } => "dismissed",
    }
}
