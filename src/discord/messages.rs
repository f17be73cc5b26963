//! Members' messages: decide whether the bot is addressed (and not a
//! moderator helping), guard privacy, apply the cooldown and the length
//! limit, then hand the message to the conversation with what the bot last
//! asked this member here, and reply.

use super::context::Recent;
use super::cooldown::Verdict;
use super::escalate;
use super::privacy;
use super::respond::{self, Outgoing};
use super::rest;
use super::state::Data;
use crate::conversation::reply_script;
use crate::conversation::{self, Expecting, Said, Triaged, Turn};
use crate::ops;
use crate::render::Voice;
use crate::triage::{DecisionKind, Engine};
use serenity::all::{Context, CreateMessage, HttpError, Message, MessageUpdateEvent};
use std::time::Instant;

/// Messages of one member read together inside one cooldown window, at
/// most: enough for "my kyc failed" + "it says image unclear" + a detail,
/// not a flood.
const MAX_READ_TOGETHER: u32 = 3;

/// Handles one MESSAGE_CREATE, which reached the bot at `received`.
pub async fn handle(ctx: &Context, data: &Data, msg: &Message, received: Instant) {
    let bot = data.bot_user();
    if msg.author.bot || msg.webhook_id.is_some() || msg.author.id.get() == bot {
        return;
    }
    // A case's private thread: kept in its transcript, never triaged.
    if super::threads::transcribe(data, msg).await {
        return;
    }
    let in_guild = msg.guild_id.is_some();
    let mentioned = bot != 0 && msg.mentions.iter().any(|u| u.id.get() == bot);
    let reply_to = msg
        .referenced_message
        .as_ref()
        .filter(|m| m.author.id.get() == bot)
        .map(|m| m.id.get());
    let addressed = !in_guild || mentioned || reply_to.is_some();
    // A reply to another member's message is said to that member.
    let to_member = msg
        .referenced_message
        .as_ref()
        .map(|m| m.author.id.get())
        .filter(|&author| author != bot && author != msg.author.id.get());
    let support = in_guild
        && data
            .parents()
            .is_support(
                &ctx.http,
                data.config()
                    .discord
                    .settings(msg.guild_id.map(|g| g.get()))
                    .support_channels,
                msg.channel_id.get(),
            )
            .await;
    if !addressed && !support {
        return;
    }
    // Moderators helping in a support channel are not answered by the bot
    // unless they ask it something.
    if let (Some(guild), true, false) = (msg.guild_id, support, mentioned) {
        let roles: Vec<u64> = msg
            .member
            .as_ref()
            .map(|m| m.roles.iter().map(|r| r.get()).collect())
            .unwrap_or_default();
        let moderator = data
            .roles()
            .is_moderator(
                &ctx.http,
                data.config()
                    .discord
                    .settings(Some(guild.get()))
                    .moderator_roles,
                guild.get(),
                &roles,
            )
            .await;
        if moderator {
            tracing::debug!(user = %msg.author.id, "a moderator's message; not triaged");
            return;
        }
    }

    let text = strip_mention(&msg.content, bot);
    let scan = privacy::scan(&text);
    let lang = Engine::language_of(&scan.redacted);
    // Messages carry no locale: the member's own writing decides.
    let ui = Voice::new(lang, reply_script(&scan.redacted, None)).ui();
    let mut warning = None;
    let sensitive_in_public = in_guild && scan.sensitive;
    if sensitive_in_public {
        warning = Some(format!("<@{}> {}", msg.author.id, ui.sensitive_warning));
    } else if in_guild && support && msg.attachments.iter().any(privacy::is_image) {
        warning = Some(format!("<@{}> {}", msg.author.id, ui.image_warning));
    }

    let user = msg.author.id.get();
    let channel = msg.channel_id.get();
    let now = Instant::now();
    // A reply to the bot, or the same member in the same channel soon
    // after its answer: read in the context of what it asked.
    let recent = data.contexts().continuing(user, channel, reply_to, now);
    let asked = recent
        .as_ref()
        .map_or(Expecting::Nothing, |r| r.expecting.clone());
    let in_context = asked != Expecting::Nothing;

    // Triage first (microseconds): chatter in a support channel must not
    // use up the author's cooldown window or earn a notice.
    let too_long = text.chars().count() > data.config().discord.max_message_chars;
    let mut quiet = None;
    if !too_long && !addressed && !in_context {
        let started = Instant::now();
        // The core knows a remark to a member by the name it opens with
        // ("@sara relax, …"); Discord shows that as a reply instead, so the
        // quiet check reads it with the name in front. Only the check: a
        // message the bot acts on is read, logged and stored as written.
        let reading = match to_member {
            Some(member) => conversation::read(&data.engine(), &format!("<@{member}> {text}")),
            None => conversation::read(&data.engine(), &text),
        };
        if reading.decision.kind == DecisionKind::Ignore {
            quiet = Some(Triaged::of(&reading, started.elapsed()));
        }
    }
    let quiet_chatter = quiet.is_some();
    if quiet_chatter && warning.is_none() {
        observe_quiet(quiet.as_ref());
        return;
    }
    // From here on the bot acts (deletes, replies, writes): once per
    // message, whichever process gets it first.
    if !super::once::first(data, &super::once::message(msg.id.get())).await {
        return;
    }
    let mut deleted = false;
    if sensitive_in_public {
        tracing::info!(user = %msg.author.id, channel = %msg.channel_id, "sensitive data in a public message");
        if data.config().privacy.delete_sensitive {
            deleted = delete(ctx, msg).await;
        }
    }

    let member = respond::member(
        user,
        &msg.author.name,
        msg.guild_id.map(|g| g.get()),
        channel,
        msg.id.get(),
    );
    let mut out = None;
    let mut said = None;
    // Inside the cooldown a message that continues a recent exchange is
    // still read, never dropped: in context if the bot asked something,
    // else together with the member's previous message. Only past that
    // does the cooldown speak (one notice, then silence).
    let together = (!too_long && data.cooldown().cooling(user, now))
        .then(|| {
            data.contexts()
                .read_together(user, channel, reply_to, now, MAX_READ_TOGETHER)
        })
        .flatten();
    let verdict = match together {
        Some(_) => Verdict::Go,
        None => data.cooldown().check(user, now),
    };
    match verdict {
        _ if together.is_some() => {
            let r = together.clone().expect("checked above");
            let (before, read_text) = if in_context {
                (asked.clone(), text.clone())
            } else {
                (r.before.clone(), format!("{}\n{text}", r.last_text))
            };
            let s = data
                .conversation()
                .message(&member, &before, &read_text, addressed)
                .await;
            remember(data, user, channel, &s, before, &read_text, r.merged, now);
            observe(&s);
            out = respond::render(&s, user);
            said = Some(s);
        }
        Verdict::Go if too_long => {
            let max = data.config().discord.max_message_chars.to_string();
            out = Some(Outgoing::text(ui.too_long.replace("{max}", &max)));
        }
        Verdict::Go if quiet_chatter => observe_quiet(quiet.as_ref()),
        // A bare mention ("@kyc-triage") says what the bot is for.
        Verdict::Go if scan.redacted.trim().is_empty() => {
            if addressed && warning.is_none() {
                out = Some(Outgoing::text(ui.ignored));
            }
        }
        Verdict::Go => {
            let s = data
                .conversation()
                .message(&member, &asked, &text, addressed)
                .await;
            tracing::info!(
                user,
                channel,
                turn = turn_name(&s.turn),
                in_context,
                "answered"
            );
            observe(&s);
            if s.turn != Turn::Silent {
                remember(
                    data,
                    user,
                    channel,
                    &s,
                    asked.clone(),
                    &scan.redacted,
                    0,
                    now,
                );
            }
            out = respond::render(&s, user);
            said = Some(s);
        }
        // A pending privacy warning says more than "please wait".
        Verdict::Notify if warning.is_none() => out = Some(Outgoing::text(ui.cooldown)),
        Verdict::Notify => {}
        // Already told this window: the sensitive post is still deleted,
        // but a flood of posts does not get a flood of warnings.
        Verdict::Silent => warning = None,
    }
    if let Some(w) = warning {
        let mut o = out.take().unwrap_or_default();
        o.prepend(&w);
        o.mention = Some(user);
        out = Some(o);
    }
    if let Some(out) = out {
        if let Some(sent) = send(ctx, msg, out, deleted).await {
            ops::record::replied(received.elapsed());
            data.contexts().sent(user, channel, sent);
        }
    }
    if let Some(case) = said.as_ref().and_then(respond::recorded) {
        escalate::notify(&ctx.http, data, case).await;
    }
}

/// Remembers the exchange: what the bot now waits for, and the message it
/// answered (redacted), which a message right after it may be read with.
#[allow(clippy::too_many_arguments)]
fn remember(
    data: &Data,
    user: u64,
    channel: u64,
    said: &Said,
    before: Expecting,
    text: &str,
    merged: u32,
    now: Instant,
) {
    let recent = Recent {
        at: now,
        expecting: said.next.clone(),
        before,
        last_text: crate::redact::redact_str(text),
        merged,
        bot_message: None,
    };
    data.contexts().remember(user, channel, recent);
}

/// For the operator's metrics: what the engine read, what the bot did.
fn observe(said: &Said) {
    if let Some(t) = &said.triaged {
        ops::record::triaged(t.kind, t.scenario.as_deref(), t.took);
    }
    ops::record::turn(turn_name(&said.turn));
}

/// Chatter nobody addressed to the bot, read only to stay silent.
fn observe_quiet(reading: Option<&Triaged>) {
    if let Some(t) = reading {
        ops::record::triaged(t.kind, t.scenario.as_deref(), t.took);
        ops::record::turn(turn_name(&Turn::Silent));
    }
}

/// For the log: which kind of turn, never its text.
fn turn_name(turn: &Turn) -> &'static str {
    match turn {
        Turn::Answer { .. } => "answer",
        Turn::Menu { .. } => "menu",
        Turn::Escalated { .. } => "escalated",
        Turn::StoreDown { .. } => "store-down",
        Turn::Thanks => "thanks",
        Turn::NotOurs => "not-ours",
        Turn::Silent => "silent",
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
            data.config()
                .discord
                .settings(Some(guild.get()))
                .support_channels,
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
    let edited_at = event.edited_timestamp.map(|t| t.to_string());
    if !super::once::first(
        data,
        &super::once::edit(event.id.get(), edited_at.as_deref()),
    )
    .await
    {
        return;
    }
    tracing::info!(user = %author.id, channel = %event.channel_id, guild = %guild, "sensitive data added by an edit");
    let deleted = data.config().privacy.delete_sensitive
        && match rest::call("delete_message", || {
            event.channel_id.delete_message(&ctx.http, event.id)
        })
        .await
        {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(channel = %event.channel_id, error = %e, "cannot delete an edited message with sensitive data");
                false
            }
        };
    let lang = Engine::language_of(&scan.redacted);
    let warning = Outgoing {
        mention: Some(author.id.get()),
        ..Outgoing::text(format!(
            "<@{}> {}",
            author.id,
            Voice::new(lang, reply_script(&scan.redacted, None))
                .ui()
                .sensitive_warning
        ))
    };
    let mut m = warning.message();
    if !deleted {
        m = m.reference_message((event.channel_id, event.id));
    }
    if let Err(e) = rest::call("create_message", || {
        event.channel_id.send_message(&ctx.http, m.clone())
    })
    .await
    {
        tracing::warn!(channel = %event.channel_id, error = %e, "cannot send a warning");
    }
}

/// Sends `out` in the message's channel, as a reply unless the message was
/// deleted (a reply to a deleted message would be refused); returns the
/// id of the message sent.
async fn send(ctx: &Context, msg: &Message, out: Outgoing, deleted: bool) -> Option<u64> {
    let mut m: CreateMessage = out.message();
    if !deleted {
        m = m.reference_message(msg);
    }
    match rest::call("create_message", || {
        msg.channel_id.send_message(&ctx.http, m.clone())
    })
    .await
    {
        Ok(sent) => Some(sent.id.get()),
        Err(e) => {
            tracing::warn!(channel = %msg.channel_id, error = %e, "cannot send a reply");
            None
        }
    }
}

/// Deletes a message with sensitive data; false when the bot may not
/// (403: no Manage Messages) or it failed otherwise.
async fn delete(ctx: &Context, msg: &Message) -> bool {
    match rest::call("delete_message", || msg.delete(&ctx.http)).await {
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
