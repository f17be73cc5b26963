//! The values the store takes and returns. Pure: no SQL here, so the rules
//! about which status may follow which are testable on their own.

use crate::knowledge::Lang;
use crate::triage::{DecisionKind, EscalationReason};
use chrono::{DateTime, Utc};
use std::fmt;

/// Where a case is in the moderators' workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Open,
    Claimed,
    Resolved,
    Dismissed,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Open,
        Status::Claimed,
        Status::Resolved,
        Status::Dismissed,
    ];

    /// The code stored in the database and shown to moderators.
    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Claimed => "claimed",
            Status::Resolved => "resolved",
            Status::Dismissed => "dismissed",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Resolved and dismissed cases are closed: retention may erase their text.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Resolved | Status::Dismissed)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A moderator's action on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Claim,
    Resolve,
    Dismiss,
    Reopen,
}

impl Transition {
    /// The statuses this action may start from.
    pub fn from(self) -> &'static [Status] {
        match self {
            Transition::Claim => &[Status::Open],
            Transition::Resolve | Transition::Dismiss => &[Status::Open, Status::Claimed],
            Transition::Reopen => &[Status::Resolved, Status::Dismissed],
        }
    }

    /// The status a case has afterwards.
    pub fn to(self) -> Status {
        match self {
            Transition::Claim => Status::Claimed,
            Transition::Resolve => Status::Resolved,
            Transition::Dismiss => Status::Dismissed,
            Transition::Reopen => Status::Open,
        }
    }

    /// The verb, as in "case #3 is resolved: it cannot be claimed".
    pub fn past(self) -> &'static str {
        match self {
            Transition::Claim => "claimed",
            Transition::Resolve => "resolved",
            Transition::Dismiss => "dismissed",
            Transition::Reopen => "reopened",
        }
    }

    /// The action recorded in the audit trail.
    pub fn action(self) -> &'static str {
        match self {
            Transition::Claim => "claim",
            Transition::Resolve => "resolve",
            Transition::Dismiss => "dismiss",
            Transition::Reopen => "reopen",
        }
    }

    /// Resolving and dismissing must say why; the note is for the next moderator.
    pub fn needs_note(self) -> bool {
        matches!(self, Transition::Resolve | Transition::Dismiss)
    }

    pub fn allowed_from(self, status: Status) -> bool {
        self.from().contains(&status)
    }
}

/// Who reported a case and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reporter {
    /// A Discord message; `guild_id` is `None` in direct messages.
    Discord {
        guild_id: Option<u64>,
        channel_id: u64,
        message_id: u64,
        user_id: u64,
    },
    /// `kyc-triage chat` in a terminal, by user name.
    Terminal { user: String },
}

impl Reporter {
    pub(crate) fn source(&self) -> &'static str {
        match self {
            Reporter::Discord { .. } => "discord",
            Reporter::Terminal { .. } => "terminal",
        }
    }
}

impl fmt::Display for Reporter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reporter::Discord {
                guild_id,
                channel_id,
                user_id,
                ..
            } => match guild_id {
                Some(g) => write!(
                    f,
                    "discord user {user_id} (guild {g}, channel {channel_id})"
                ),
                None => write!(f, "discord user {user_id} (direct message)"),
            },
            Reporter::Terminal { user } => write!(f, "terminal user {user}"),
        }
    }
}

/// A case to record. Text fields may be raw: the store redacts them.
#[derive(Debug, Clone)]
pub struct NewEscalation {
    pub reporter: Reporter,
    /// The user's display name at the time, if known.
    pub display_name: Option<String>,
    pub language: Lang,
    pub scenario: Option<String>,
    pub confidence: Option<f32>,
    pub reason: EscalationReason,
    /// What was already tried, for the moderator.
    pub context: Option<String>,
    /// The user's message.
    pub text: String,
}

/// The outcome of [`crate::store::Store::escalate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escalated {
    pub id: i64,
    /// False when an open case of the same user and scenario was updated.
    pub created: bool,
}

/// Where the bot posted its notice about a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub channel_id: u64,
    pub message_id: u64,
}

/// A recorded case, as moderators see it (text already redacted).
#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub reporter: Reporter,
    pub display_name: Option<String>,
    pub language: Lang,
    pub scenario: Option<String>,
    pub confidence: Option<f32>,
    pub reason: EscalationReason,
    pub context: Option<String>,
    /// The redacted messages, oldest first; `None` once retention erased it.
    pub text: Option<String>,
    pub status: Status,
    pub claimed_by: Option<String>,
    /// Who resolved or dismissed it.
    pub resolved_by: Option<String>,
    pub resolution_note: Option<String>,
    pub notice: Option<Notice>,
    pub report_count: i64,
    pub closed_at: Option<DateTime<Utc>>,
    /// When retention erased the text.
    pub purged_at: Option<DateTime<Utc>>,
}

/// One change to a case.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    /// A moderator's name, the reporting user, or `kyc-triage`.
    pub actor: String,
    /// `open`, `report`, `claim`, `resolve`, `dismiss`, `reopen`, `notice`, `purge`.
    pub action: String,
    pub from_status: Option<Status>,
    pub to_status: Option<Status>,
    pub detail: Option<String>,
}

/// Which cases [`crate::store::Store::list`] returns, newest first.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub status: Option<Status>,
    pub limit: Option<u32>,
}

/// One triage decision, for the triage log. `text` may be raw.
#[derive(Debug, Clone)]
pub struct TriageRecord {
    /// `true` for Discord, `false` for the terminal.
    pub from_discord: bool,
    pub language: Lang,
    pub decision: DecisionKind,
    pub scenario: Option<String>,
    pub confidence: f32,
    pub reason: Option<EscalationReason>,
    pub text: String,
}

impl TriageRecord {
    /// The record of `decision` about `text`.
    pub fn of(decision: &crate::triage::Decision, text: &str, from_discord: bool) -> Self {
        TriageRecord {
            from_discord,
            language: decision.language,
            decision: decision.kind,
            scenario: decision.scenario.clone(),
            confidence: decision.confidence,
            reason: decision.reason,
            text: text.to_string(),
        }
    }
}

/// What [`crate::store::Store::purge`] erased.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub cases: u64,
    pub triage_entries: u64,
}

pub(crate) fn lang_code(lang: Lang) -> &'static str {
    lang.code()
}

pub(crate) fn parse_lang(code: &str) -> Option<Lang> {
    Lang::ALL.into_iter().find(|l| l.code() == code)
}

pub(crate) fn decision_code(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Answer => "answer",
        DecisionKind::Clarify => "clarify",
        DecisionKind::Escalate => "escalate",
        DecisionKind::Ignore => "ignore",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_follow_the_workflow() {
        use Status::*;
        use Transition::*;
        let allowed: &[(Transition, Status)] = &[
            (Claim, Open),
            (Resolve, Open),
            (Resolve, Claimed),
            (Dismiss, Open),
            (Dismiss, Claimed),
            (Reopen, Resolved),
            (Reopen, Dismissed),
        ];
        for t in [Claim, Resolve, Dismiss, Reopen] {
            for s in Status::ALL {
                assert_eq!(
                    t.allowed_from(s),
                    allowed.contains(&(t, s)),
                    "{t:?} from {s:?}"
                );
            }
        }
    }

    #[test]
    fn status_codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.code()), Some(s));
        }
        assert_eq!(Status::parse("closed"), None);
    }
}
