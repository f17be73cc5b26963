//! The adapter's door to the store for moderators' work (notices, claims,
//! lists) and the `/kyc` log entry, so the rest of `discord/` speaks in
//! cases and notices, and a store fault becomes one sentence for the
//! moderator and the whole chain in the log. Members' cases are written
//! by [`crate::conversation`].

use super::embeds::{Notice, NoticeState};
use crate::conversation::LogId;
use crate::store::{
    CaseThread, Escalation, GuildFilter, Reporter, Speaker, Status, Store, StoreError, Takeover,
    Transition, TriageRecord, Via,
};
use crate::triage::Decision;

/// A failed store call; `Display` is what the moderator reads.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// Another moderator holds the case: the caller may offer a takeover.
    #[error("Case #{id} is claimed by {}.", who(holder))]
    Held { id: i64, holder: String },
    /// A mistake (unknown case, wrong state): the store's own sentence.
    #[error("{}", capitalise(&.0.to_string()))]
    Refused(StoreError),
    /// A fault of the system: logged in full, summarised for the user.
    #[error("The case store is unavailable right now; the details are in the bot's log.")]
    Unavailable(StoreError),
}

impl From<StoreError> for CaseError {
    fn from(e: StoreError) -> Self {
        if let StoreError::ClaimedByOther { id, holder }
        | StoreError::HeldByOther { id, holder, .. } = e
        {
            return CaseError::Held { id, holder };
        }
        if e.is_user_error() {
            CaseError::Refused(e)
        } else {
            tracing::error!(error = %e, "store failure");
            CaseError::Unavailable(e)
        }
    }
}

/// An actor as the store records it (a Discord user id, for moderators
/// acting in Discord) as Discord shows it: a mention.
pub fn who(actor: &str) -> String {
    match actor.parse::<u64>() {
        Ok(id) => format!("<@{id}>"),
        Err(_) => actor.to_string(),
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

    /// The store itself, for the conversation (which writes the cases).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The notice for case `id`, and where it was posted, if anywhere.
    pub async fn notice(&self, id: i64) -> Result<(Notice, Option<(u64, u64)>), CaseError> {
        let e = self.store.get(id).await?;
        let location = e.notice.map(|n| (n.channel_id, n.message_id));
        let mut notice = notice_of(&e);
        notice.thread = self.thread_link(id).await?;
        Ok((notice, location))
    }

    /// The notice of `e` with its thread link (a store read; a failure
    /// there only leaves the link out).
    async fn full(&self, e: &Escalation) -> Result<Notice, CaseError> {
        let mut notice = notice_of(e);
        notice.thread = self.thread_link(e.id).await.unwrap_or(None);
        Ok(notice)
    }

    /// How the notice points to the case's conversation with the member.
    async fn thread_link(&self, id: i64) -> Result<Option<String>, CaseError> {
        Ok(self.store.case_thread(id).await?.map(|t| match t.via {
            Via::Thread => format!("<#{}> (private thread)", t.channel_id),
            Via::Dm => "by DM: no private thread could be opened".to_string(),
        }))
    }

    /// The case's thread (or DM), if one was opened.
    pub async fn thread(&self, id: i64) -> Result<Option<CaseThread>, CaseError> {
        Ok(self.store.case_thread(id).await?)
    }

    /// The case whose private thread `channel` is, if any.
    pub async fn thread_case(&self, channel: u64) -> Result<Option<CaseThread>, CaseError> {
        Ok(self.store.thread_case(channel).await?)
    }

    pub async fn set_thread(
        &self,
        id: i64,
        channel: u64,
        via: Via,
        detail: &str,
    ) -> Result<(), CaseError> {
        Ok(self.store.set_case_thread(id, channel, via, detail).await?)
    }

    /// Adds a message written in the case's thread to its transcript.
    pub async fn transcribe(
        &self,
        id: i64,
        author: u64,
        speaker: Speaker,
        text: &str,
    ) -> Result<(), CaseError> {
        Ok(self
            .store
            .append_transcript(id, author, speaker, text)
            .await?)
    }

    /// The case's history, one line per change, oldest first.
    pub async fn history(&self, id: i64) -> Result<Vec<String>, CaseError> {
        let trail = self.store.audit(id).await?;
        Ok(trail
            .iter()
            .map(|a| {
                // Users and moderators are recorded by id: show mentions.
                let actor = who(&a.actor);
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

    pub async fn unclaim(&self, id: i64, by: &str) -> Result<Notice, CaseError> {
        let e = self.store.unclaim(id, by).await?;
        self.full(&e).await
    }

    pub async fn take_over(&self, id: i64, by: &str) -> Result<Notice, CaseError> {
        let e = self.store.take_over(id, by).await?;
        self.full(&e).await
    }

    pub async fn reopen(&self, id: i64, by: &str) -> Result<Notice, CaseError> {
        let e = self.store.reopen(id, by).await?;
        self.full(&e).await
    }

    /// Resolves or dismisses; a case another moderator holds is refused
    /// (`CaseError::Held`) unless `takeover` allows it.
    pub async fn close(
        &self,
        id: i64,
        action: Transition,
        by: &str,
        note: &str,
        takeover: Takeover,
    ) -> Result<Notice, CaseError> {
        let e = self
            .store
            .close_case(id, action, by, note, takeover)
            .await?;
        self.full(&e).await
    }

    /// Who holds case `id`, if it is claimed.
    pub async fn holder(&self, id: i64) -> Result<Option<String>, CaseError> {
        let e = self.store.get(id).await?;
        Ok(e.claimed_by.filter(|_| e.status == Status::Claimed))
    }

    pub async fn claim(&self, id: i64, by: &str) -> Result<Notice, CaseError> {
        let e = self.store.claim(id, by).await?;
        self.full(&e).await
    }

    /// Refuses case `id` unless `shown` says its server's moderators may
    /// see it; refused as an unknown case, so another server's case numbers
    /// tell nothing.
    pub async fn in_scope(
        &self,
        id: i64,
        shown: impl Fn(Option<u64>) -> bool,
    ) -> Result<(), CaseError> {
        let e = self.store.get(id).await?;
        let guild = match e.reporter {
            Reporter::Discord { guild_id, .. } => guild_id,
            Reporter::Terminal { .. } => None,
        };
        if shown(guild) {
            Ok(())
        } else {
            Err(CaseError::Refused(StoreError::UnknownCase(id)))
        }
    }

    /// A page of one server's cases, newest first.
    pub async fn list(&self, filter: GuildFilter) -> Result<Vec<Summary>, CaseError> {
        let list = self.store.list_for_guild(filter).await?;
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

    /// Records a decision in the triage log; `None` when that failed: the
    /// answer is still worth sending, only feedback on it is then dropped.
    pub async fn log(&self, redacted: &str, decision: &Decision) -> Option<LogId> {
        match self
            .store
            .log_triage(TriageRecord::of(decision, redacted, true))
            .await
        {
            Ok(id) => Some(LogId(id)),
            Err(e) => {
                tracing::error!(error = %e, "cannot write the triage log");
                None
            }
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
    let by = |actor: &Option<String>| actor.as_deref().map_or("?".into(), who);
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
        guild: match &e.reporter {
            Reporter::Discord { guild_id, .. } => *guild_id,
            Reporter::Terminal { .. } => None,
        },
        member: user_of(&e.reporter),
        channel: match &e.reporter {
            Reporter::Discord { channel_id, .. } => Some(*channel_id),
            Reporter::Terminal { .. } => None,
        },
        thread: None,
    }
}
