//! The moderators' side of an escalation. The conversation writes the
//! case first; the member is told its number; then `notify` posts the
//! notice in the moderators' channel and remembers where it is, so that
//! later state changes can edit it.

use super::embeds::{self, Notice};
use super::rest;
use super::state::Data;
use super::threads;
use crate::render::Voice;
use crate::store::Escalated as Recorded;
use serenity::all::{ChannelId, CreateMessage, EditMessage, Http, MessageId};

/// Posts the moderators' notice for a newly created case. A repeated report
/// of an open case already has its notice: that one is edited (report count,
/// text) instead of flooding the channel with a new one.
pub async fn notify(http: &Http, data: &Data, rec: Recorded) {
    if !rec.created {
        if let Ok((notice, Some(_))) = data.cases().notice(rec.id).await {
            refresh(http, data, &notice).await;
        }
        return;
    }
    let notice = match data.cases().notice(rec.id).await {
        Ok((notice, _)) => notice,
        Err(e) => {
            tracing::error!(case = rec.id, error = %e, "cannot read back the case");
            return;
        }
    };
    // The case's own server's channel: never another server's.
    let Some(channel) = data
        .config()
        .discord
        .settings(notice.guild)
        .escalation_channel
    else {
        tracing::warn!(
            case = rec.id,
            "no escalation_channel configured for this server; case recorded without a notice"
        );
        return;
    };
    // The private thread first, so that the notice can link it.
    // The member's language and script, from what they wrote.
    let voice = match data.cases().store().get(rec.id).await {
        Ok(e) => Voice::new(
            e.language,
            crate::conversation::reply_script(e.text.as_deref().unwrap_or_default(), None),
        ),
        Err(_) => Voice::plain(crate::knowledge::Lang::En),
    };
    threads::open(http, data, &notice, voice).await;
    let notice = match data.cases().notice(rec.id).await {
        Ok((with_thread, _)) => with_thread,
        Err(_) => notice,
    };
    let staff = data.guild_locales().of(http, notice.guild).await;
    let message = CreateMessage::new()
        .embed(embeds::notice(&notice, staff))
        .components(embeds::notice_buttons(&notice, staff))
        // The notice names the user without pinging them.
        .allowed_mentions(serenity::all::CreateAllowedMentions::new());
    match rest::call("create_message", || {
        ChannelId::new(channel).send_message(http, message.clone())
    })
    .await
    {
        Ok(m) => {
            if let Err(e) = data.cases().set_notice(rec.id, channel, m.id.get()).await {
                tracing::error!(case = rec.id, error = %e, "cannot remember the notice");
            }
        }
        Err(e) => tracing::error!(case = rec.id, error = %e, "cannot post the notice"),
    }
}

/// Edits the posted notice of a case to show its new state (after a slash
/// command; buttons update their own message in the interaction response).
pub async fn refresh(http: &Http, data: &Data, notice: &Notice) {
    let location = match data.cases().notice(notice.case_id).await {
        Ok((_, location)) => location,
        Err(e) => {
            tracing::error!(case = notice.case_id, error = %e, "cannot find the notice");
            return;
        }
    };
    let Some((channel, message)) = location else {
        return;
    };
    let staff = data.guild_locales().of(http, notice.guild).await;
    let edit = EditMessage::new()
        .embed(embeds::notice(notice, staff))
        .components(embeds::notice_buttons(notice, staff));
    if let Err(e) = rest::call("update_message", || {
        ChannelId::new(channel).edit_message(http, MessageId::new(message), edit.clone())
    })
    .await
    {
        tracing::warn!(case = notice.case_id, error = %e, "cannot update the notice");
    }
}
