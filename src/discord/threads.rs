//! A private thread per escalated case, where the member and the
//! moderators talk. Opened under the configured `case_thread_channel` (or
//! the text channel the member wrote in, or the one above the thread or
//! forum post they wrote in: `case_home.rs`) with Discord's own endpoints: create a
//! private thread (type 12, not invitable), add the member, post the case
//! summary. When Discord refuses (no permission to create private threads,
//! a channel type without threads), the member is written to by DM instead
//! and the case says so. What is written in the thread is kept, redacted,
//! as the case's transcript; the mapping thread -> case is in the store,
//! so it survives a restart. Closing a case archives and locks its thread;
//! reopening unarchives it.

use super::case_home::{self, Home};
use super::embeds::{self, Notice, NoticeState};
use super::rest;
use super::state::Data;
use crate::render::Voice;
use crate::store::{Speaker, Via};
use serenity::all::{
    AutoArchiveDuration, ChannelId, ChannelType, CreateAllowedMentions, CreateMessage,
    CreateThread, EditThread, Http, Message, UserId,
};

/// The channels that are case threads, in memory, so that an ordinary
/// message costs no query. Loaded from the store at start (the mapping
/// survives restarts there); until it is, every message is looked up.
#[derive(Default)]
pub struct KnownThreads {
    /// A std `Mutex`: held for a lookup, never across an `.await`.
    ids: std::sync::Mutex<Option<std::collections::HashSet<u64>>>,
}

impl KnownThreads {
    pub fn load(&self, ids: Vec<u64>) {
        *self.ids.lock().unwrap_or_else(|e| e.into_inner()) = Some(ids.into_iter().collect());
    }

    fn insert(&self, id: u64) {
        if let Some(set) = self.ids.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            set.insert(id);
        }
    }

    /// `Some(false)` when `channel` is surely no case thread; `None` when
    /// not loaded (ask the store).
    fn holds(&self, channel: u64) -> Option<bool> {
        self.ids
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|set| set.contains(&channel))
    }
}

/// Discord's limit on a thread name is 100; ours is far shorter.
fn thread_name(case: i64) -> String {
    format!("Case #{case}")
}

/// What the member reads first in their thread (or DM).
fn greeting(notice: &Notice, member: u64, voice: Voice, by_dm: bool) -> String {
    let case = notice.case_id;
    let zh = voice.lang == crate::knowledge::Lang::Zh;
    let text = match (zh, by_dm) {
        (false, false) => format!(
            "<@{member}> This private thread is for case #{case}: only you and the server's \
             moderators can read it. A moderator will follow up with you here."
        ),
        (true, false) => format!(
            "<@{member}> 这是案件 #{case} 的私密讨论串，只有你和本服务器的管理员能看到。管理员会在这里跟进。"
        ),
        (false, true) => format!(
            "Your case #{case}: a private thread could not be opened in the server, so a \
             moderator will follow up with you here, by direct message."
        ),
        (true, true) => format!(
            "你的案件 #{case}：无法在服务器中开启私密讨论串，管理员会通过私信在这里跟进。"
        ),
    };
    // Written in Simplified; Traditional for a member who writes it.
    voice.write(&text)
}

/// Opens the private thread of a new case (or, failing that, a DM) and
/// records it. Cases from DMs are already private: nothing to open.
pub async fn open(http: &Http, data: &Data, notice: &Notice, voice: Voice) {
    let (Some(guild), Some(member), Some(channel)) = (notice.guild, notice.member, notice.channel)
    else {
        return;
    };
    let case = notice.case_id;
    let summary = embeds::notice(notice, data.guild_locales().of(http, Some(guild)).await);
    let configured = data
        .config()
        .discord
        .settings(Some(guild))
        .case_thread_channel;
    let opened = match case_home::find(http, data.parents(), configured, channel).await {
        Home::Channel(parent) => in_thread(http, notice, parent, member, voice, &summary)
            .await
            .map_err(|e| {
                tracing::warn!(case, parent, error = %e, "cannot open a private thread; writing by DM");
                why(&e)
            }),
        Home::NoThread(reason) => {
            tracing::info!(case, %reason, "no private thread possible; writing by DM");
            Err(reason)
        }
    };
    let reason = match opened {
        Ok(thread) => {
            tracing::info!(case, thread, "private thread opened");
            data.known_threads().insert(thread);
            let detail = format!("private thread {thread}");
            if let Err(e) = data
                .cases()
                .set_thread(case, thread, Via::Thread, &detail)
                .await
            {
                tracing::error!(case, error = %e, "cannot remember the case's thread");
            }
            return;
        }
        Err(reason) => reason,
    };
    let dm = async {
        let channel =
            rest::call("create_dm", || UserId::new(member).create_dm_channel(http)).await?;
        let message = CreateMessage::new()
            .content(greeting(notice, member, voice, true))
            .embed(summary.clone());
        rest::call("create_message", || {
            channel.id.send_message(http, message.clone())
        })
        .await?;
        Ok::<u64, serenity::Error>(channel.id.get())
    };
    let channel = match dm.await {
        Ok(channel) => channel,
        Err(dm_error) => {
            tracing::warn!(case, error = %dm_error, "cannot write to the member by DM either");
            return;
        }
    };
    let detail = format!("no private thread ({reason}); the member was written to by DM");
    if let Err(e) = data
        .cases()
        .set_thread(case, channel, Via::Dm, &detail)
        .await
    {
        tracing::error!(case, error = %e, "cannot remember the case's DM");
    }
}

/// Creates the private thread under `parent`, adds the member, posts the
/// summary; the thread's id.
async fn in_thread(
    http: &Http,
    notice: &Notice,
    parent: u64,
    member: u64,
    voice: Voice,
    summary: &serenity::all::CreateEmbed,
) -> serenity::Result<u64> {
    let builder = CreateThread::new(thread_name(notice.case_id))
        .kind(ChannelType::PrivateThread)
        .invitable(false)
        .auto_archive_duration(AutoArchiveDuration::OneWeek);
    let thread = rest::call("create_thread", || {
        ChannelId::new(parent).create_thread(http, builder.clone())
    })
    .await?;
    rest::call("add_thread_member", || {
        thread.id.add_thread_member(http, UserId::new(member))
    })
    .await?;
    let message = CreateMessage::new()
        .content(greeting(notice, member, voice, false))
        .embed(summary.clone())
        .allowed_mentions(CreateAllowedMentions::new().users([UserId::new(member)]));
    rest::call("create_message", || {
        thread.id.send_message(http, message.clone())
    })
    .await?;
    Ok(thread.id.get())
}

/// Discord's reason, short (its code and message), for the audit.
fn why(e: &serenity::Error) -> String {
    use serenity::all::HttpError;
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => {
            format!(
                "Discord {} {}: {}",
                r.status_code.as_u16(),
                r.error.code,
                r.error.message
            )
        }
        other => other.to_string(),
    }
}

/// Keeps a message written in a case's private thread, redacted, in the
/// case's transcript; true when `msg` was in one (it is then not triaged:
/// the member is talking with moderators, not asking the bot).
pub async fn transcribe(data: &Data, msg: &Message) -> bool {
    if msg.guild_id.is_none() || data.known_threads().holds(msg.channel_id.get()) == Some(false) {
        return false;
    }
    let thread = match data.cases().thread_case(msg.channel_id.get()).await {
        Ok(Some(t)) => t,
        Ok(None) => return false,
        Err(e) => {
            // Unknown: better to stay quiet in what may be a case thread
            // than to triage moderators' words as a complaint.
            tracing::warn!(channel = %msg.channel_id, error = %e, "cannot tell whether this is a case thread");
            return false;
        }
    };
    let member = match data.cases().notice(thread.case).await {
        Ok((notice, _)) => notice.member,
        Err(_) => None,
    };
    // A line kept twice would make the transcript lie; the same claim as
    // for any message (see `once.rs`).
    if !super::once::first(data, &super::once::message(msg.id.get())).await {
        return true;
    }
    let speaker = if member == Some(msg.author.id.get()) {
        Speaker::Member
    } else {
        Speaker::Moderator
    };
    if let Err(e) = data
        .cases()
        .transcribe(thread.case, msg.author.id.get(), speaker, &msg.content)
        .await
    {
        tracing::error!(case = thread.case, error = %e, "cannot keep a thread message");
    } else {
        tracing::debug!(
            case = thread.case,
            speaker = speaker.code(),
            "thread message kept"
        );
    }
    true
}

/// After a state change: a closed case's thread is archived and locked; an
/// open or claimed one's is unarchived (a reopened case).
pub async fn follow_state(http: &Http, data: &Data, notice: &Notice) {
    let thread = match data.cases().thread(notice.case_id).await {
        Ok(Some(t)) if t.via == Via::Thread => t,
        Ok(_) => return,
        Err(e) => {
            tracing::warn!(case = notice.case_id, error = %e, "cannot find the case's thread");
            return;
        }
    };
    // Each moderator action runs in its own task and calls this after its
    // own change: a dismissal's archive could reach Discord after the
    // reopen that followed it and leave an open case's thread archived.
    // So edits go one at a time, each following the case's state as it is
    // now, not as it was when the caller changed it.
    let _one_at_a_time = data.thread_edits().lock().await;
    let state = match data.cases().notice(notice.case_id).await {
        Ok((now, _)) => now.state,
        Err(_) => notice.state.clone(),
    };
    let closed = matches!(
        state,
        NoticeState::Resolved { .. } | NoticeState::Dismissed { .. }
    );
    // Unarchive before unlocking is one request on Discord: both fields.
    let edit = EditThread::new().archived(closed).locked(closed);
    if let Err(e) = rest::call("update_channel", || {
        ChannelId::new(thread.channel_id).edit_thread(http, edit.clone())
    })
    .await
    {
        tracing::warn!(case = notice.case_id, error = %e, "cannot archive or reopen the case's thread");
    }
}
