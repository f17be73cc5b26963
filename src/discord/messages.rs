//! Members' messages: decide whether the bot is addressed, guard privacy,
//! apply the cooldown and the length limit, then triage and reply.

use super::cooldown::Verdict;
use super::escalate;
use super::privacy;
use super::respond::{self, Asker, Outgoing};
use super::state::Data;
use crate::render::ui;
use crate::triage::Engine;
use serenity::all::{Context, CreateMessage, HttpError, Message, MessageUpdateEvent};
use std::time::Instant;

/// Handles one MESSAGE_CREATE.
pub async fn handle(ctx: &Context, data: &Data, msg: &Message) {
    let bot = data.bot_user();
    if msg.author.bot || msg.webhook_id.is_some() || msg.author.id.get() == bot {
        return;
    }
    let in_guild = msg.guild_id.is_some();
    let mentioned = bot != 0 && msg.mentions.iter().any(|u| u.id.get() == bot);
    let reply_to_bot = msg
        .referenced_message
        .as_ref()
        .is_some_and(|m| m.author.id.get() == bot);
    let addressed = !in_guild || mentioned || reply_to_bot;
    let support = in_guild
        && data
            .parents()
            .is_support(
                &ctx.http,
                &data.config().discord.support_channels,
                msg.channel_id.get(),
            )
            .await;
    if !addressed && !support {
        return;
    }

    let text = strip_mention(&msg.content, bot);
    let scan = privacy::scan(&text);
    let lang = Engine::language_of(&scan.redacted);
    let mut warning = None;
    let mut deleted = false;
    if in_guild && scan.sensitive {
        tracing::info!(user = %msg.author.id, channel = %msg.channel_id, "sensitive data in a public message");
        if data.config().privacy.delete_sensitive {
            deleted = delete(ctx, msg).await;
        }
        warning = Some(format!(
            "<@{}> {}",
            msg.author.id,
            ui(lang).sensitive_warning
        ));
    } else if in_guild && support && msg.attachments.iter().any(privacy::is_image) {
        warning = Some(format!("<@{}> {}", msg.author.id, ui(lang).image_warning));
    }

    // Triage first (microseconds): chatter in a support channel must not
    // use up the author's cooldown window or earn a notice.
    let too_long = text.chars().count() > data.config().discord.max_message_chars;
    let asker = Asker {
        user_id: msg.author.id.get(),
        user_name: msg.author.name.clone(),
        guild_id: msg.guild_id.map(|g| g.get()),
        channel_id: msg.channel_id.get(),
        message_id: msg.id.get(),
    };
    let quiet_chatter = !too_long
        && !addressed
        && data.engine().triage(&scan.redacted).kind == crate::triage::DecisionKind::Ignore;
    if quiet_chatter && warning.is_none() {
        return;
    }

    let mut out = None;
    let mut case = None;
    match data.cooldown().check(asker.user_id, Instant::now()) {
        Verdict::Go if too_long => {
            let max = data.config().discord.max_message_chars.to_string();
            out = Some(Outgoing::text(ui(lang).too_long.replace("{max}", &max)));
        }
        Verdict::Go if quiet_chatter => {}
        // A bare mention ("@kyc-triage") says what the bot is for.
        Verdict::Go if scan.redacted.trim().is_empty() => {
            if addressed && warning.is_none() {
                out = Some(Outgoing::text(ui(lang).ignored));
            }
        }
        Verdict::Go => {
            let handled = respond::triage(data, &asker, &scan.redacted, addressed).await;
            out = handled.out;
            case = handled.case;
        }
        // A pending privacy warning says more than "please wait".
        Verdict::Notify if warning.is_none() => out = Some(Outgoing::text(ui(lang).cooldown)),
        Verdict::Notify => {}
        // Already told this window: the sensitive post is still deleted,
        // but a flood of posts does not get a flood of warnings.
        Verdict::Silent => warning = None,
    }
    if let Some(w) = warning {
        let mut o = out.take().unwrap_or_default();
        o.prepend(&w);
        o.mention = Some(asker.user_id);
        out = Some(o);
    }
    if let Some(out) = out {
        send(ctx, msg, out, deleted).await;
    }
    if let Some(case) = case {
        escalate::notify(&ctx.http, data, case).await;
    }
}

/// Handles MESSAGE_UPDATE: a post edited to add an ID number, seed phrase or
/// private key gets the same guard as a new one (warning, deletion). Edits
/// are not triaged again: the question was answered when it was asked.
pub async fn edited(ctx: &Context, data: &Data, event: &MessageUpdateEvent) {
    let bot = data.bot_user();
    let (Some(guild), Some(content), Some(author)) = (
        event.guild_id,
        event.content.as_deref(),
        event.author.as_ref(),
    ) else {
        return;
    };
    if author.bot || author.id.get() == bot || matches!(event.webhook_id, Some(Some(_))) {
        return;
    }
    let support = data
        .parents()
        .is_support(
            &ctx.http,
            &data.config().discord.support_channels,
            event.channel_id.get(),
        )
        .await;
    let mentioned = event
        .mentions
        .as_ref()
        .is_some_and(|m| m.iter().any(|u| u.id.get() == bot));
    if !(support || mentioned) {
        return;
    }
    let scan = privacy::scan(content);
    if !scan.sensitive {
        return;
    }
    tracing::info!(user = %author.id, channel = %event.channel_id, guild = %guild, "sensitive data added by an edit");
    let deleted = data.config().privacy.delete_sensitive
        && match event.channel_id.delete_message(&ctx.http, event.id).await {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(channel = %event.channel_id, error = %e, "cannot delete an edited message with sensitive data");
                false
            }
        };
    let lang = Engine::language_of(&scan.redacted);
    let warning = Outgoing {
        mention: Some(author.id.get()),
        ..Outgoing::text(format!("<@{}> {}", author.id, ui(lang).sensitive_warning))
    };
    let mut m = warning.message();
    if !deleted {
        m = m.reference_message((event.channel_id, event.id));
    }
    if let Err(e) = event.channel_id.send_message(&ctx.http, m).await {
        tracing::warn!(channel = %event.channel_id, error = %e, "cannot send a warning");
    }
}

/// Sends `out` in the message's channel, as a reply unless the message was
/// deleted (a reply to a deleted message would be refused).
async fn send(ctx: &Context, msg: &Message, out: Outgoing, deleted: bool) {
    let mut m: CreateMessage = out.message();
    if !deleted {
        m = m.reference_message(msg);
    }
    if let Err(e) = msg.channel_id.send_message(&ctx.http, m).await {
        tracing::warn!(channel = %msg.channel_id, error = %e, "cannot send a reply");
    }
}

/// Deletes a message with sensitive data; false when the bot may not
/// (403: no Manage Messages) or it failed otherwise.
async fn delete(ctx: &Context, msg: &Message) -> bool {
    match msg.delete(&ctx.http).await {
        Ok(()) => true,
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(r)))
            if r.status_code.as_u16() == 403 =>
        {
            tracing::warn!(
                channel = %msg.channel_id,
                "cannot delete a message with sensitive data: the bot lacks Manage Messages here"
            );
            false
        }
        Err(e) => {
            tracing::warn!(channel = %msg.channel_id, error = %e, "cannot delete a message with sensitive data");
            false
        }
    }
}

/// The message without the bot's mention (`<@id>` or `<@!id>`).
fn strip_mention(content: &str, bot: u64) -> String {
    if bot == 0 {
        return content.trim().to_string();
    }
    content
        .replace(&format!("<@{bot}>"), "")
        .replace(&format!("<@!{bot}>"), "")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_of_the_bot_are_removed_others_kept() {
        assert_eq!(strip_mention("<@5> help <@6>", 5), "help <@6>");
        assert_eq!(strip_mention("<@!5>  help", 5), "help");
    }
}
