//! Escalation in three steps, in this order: write the case to the store,
//! tell the user (the caller sends what `record` returns), then post the
//! notice in the moderators' channel and remember where it is, so that
//! later state changes can edit it.

use super::cases::NewCase;
use super::embeds::{self, Notice};
use super::state::Data;
use crate::render::{escalation_notice, ui};
use crate::store::Escalated as Recorded;
use crate::triage::EscalationReason;
use serenity::all::{ChannelId, CreateMessage, EditMessage, Http, MessageId};

/// Writes the case. Returns the sentence for the user (the case number, or
/// `store_down`: never an acknowledgement of a case that was not written)
/// and the case when it was written. `advise_misuse` adds the fixed advice
/// for suspected ID misuse (report it, secure the account) when no scenario
/// answer carrying it is shown beside, as `kyc-triage chat` does.
pub async fn record(data: &Data, case: NewCase, advise_misuse: bool) -> (String, Option<Recorded>) {
    let lang = case.language;
    let misuse = advise_misuse && case.reason == EscalationReason::KnowledgeBase;
    let reason = case.reason;
    match data.cases().escalate(case).await {
        Ok(rec) => {
            tracing::info!(
                case = rec.id,
                created = rec.created,
                reason = reason.code(),
                "escalated"
            );
            (escalation_notice(lang, rec.id, misuse), Some(rec))
        }
        Err(e) => {
            tracing::error!(error = %e, "could not record an escalation");
            (ui(lang).store_down.to_string(), None)
        }
    }
}

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
    let Some(channel) = data.config().discord.escalation_channel else {
        tracing::warn!(
            case = rec.id,
            "no discord.escalation_channel configured; case recorded without a notice"
        );
        return;
    };
    let notice = match data.cases().notice(rec.id).await {
        Ok((notice, _)) => notice,
        Err(e) => {
            tracing::error!(case = rec.id, error = %e, "cannot read back the case");
            return;
        }
    };
    let message = CreateMessage::new()
        .embed(embeds::notice(&notice))
        .components(embeds::notice_buttons(&notice))
        // The notice names the user without pinging them.
        .allowed_mentions(serenity::all::CreateAllowedMentions::new());
    match ChannelId::new(channel).send_message(http, message).await {
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
    let edit = EditMessage::new()
        .embed(embeds::notice(notice))
        .components(embeds::notice_buttons(notice));
    if let Err(e) = ChannelId::new(channel)
        .edit_message(http, MessageId::new(message), edit)
        .await
    {
        tracing::warn!(case = notice.case_id, error = %e, "cannot update the notice");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::knowledge::{load_dir, Lang};
    use crate::store::Store;
    use crate::triage::Engine;
    use std::path::Path;

    #[tokio::test]
    async fn a_store_failure_is_told_as_store_down_never_as_a_case_number() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("kyc.db")).await.unwrap();
        store.close().await;
        let config = Config::from_toml("", Path::new("t"), None).unwrap();
        let (kb, _) = load_dir(&config.knowledge_dir).unwrap();
        let engine = Engine::new(kb, config.triage.clone());
        let data = Data::new(config, engine, super::super::cases::Cases::new(store));
        let case = NewCase {
            user_id: 1,
            user_name: "alice".into(),
            guild_id: None,
            channel_id: 2,
            message_id: 3,
            text: "someone used my ID".into(),
            language: Lang::Zh,
            scenario: Some("id-misuse".into()),
            confidence: Some(0.9),
            reason: EscalationReason::KnowledgeBase,
            context: None,
        };
        let (said, recorded) = record(&data, case, true).await;
        assert_eq!(said, ui(Lang::Zh).store_down);
        assert!(recorded.is_none());
    }
}
