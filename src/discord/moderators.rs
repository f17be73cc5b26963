//! Moderators' tools: the permission check and the `/escalations` and
//! `/kb reload` commands. Discord hides these commands from members without
//! Manage Messages (or Administrator), but a server admin can override that
//! per role or channel, so every handler checks again on our side.

use super::ack::{self, Deferred};
use super::cases::Summary;
use super::embeds::{self, CONTENT_MAX};
use super::escalate;
use super::rest;
use super::staff_text::Staff;
use super::state::Data;
use crate::knowledge::Lang;
use crate::render::ui;
use crate::store::{GuildFilter, Status, Takeover, Transition};
use serenity::all::{
    CommandInteraction, Context, CreateInteractionResponse, CreateInteractionResponseMessage,
    EditInteractionResponse, GuildId, Member, ResolvedOption, ResolvedValue,
};

/// A moderator: a configured moderator role, or Manage Messages (or
/// Administrator) in the channel, as Discord computed it for this
/// interaction. Outside a server (no member) nobody is.
pub fn is_moderator(data: &Data, guild: Option<GuildId>, member: Option<&Member>) -> bool {
    let (Some(m), Some(guild)) = (member, guild) else {
        return false;
    };
    let roles = data
        .config()
        .discord
        .settings(Some(guild.get()))
        .moderator_roles;
    let perms = m.permissions.unwrap_or_default();
    perms.manage_messages()
        || perms.administrator()
        || m.roles.iter().any(|r| roles.contains(&r.get()))
}

/// Each guild's role permissions, asked of Discord once per guild and
/// remembered, to tell a moderator's message (which, unlike an
/// interaction, carries no computed permissions) from a member's.
#[derive(Default)]
pub struct GuildRoles {
    /// guild -> (role -> permission bits). A std `Mutex`: held for a
    /// lookup, never across the REST call.
    known: std::sync::Mutex<std::collections::HashMap<u64, std::collections::HashMap<u64, u64>>>,
}

impl GuildRoles {
    /// True when a member with `roles` in `guild` is a moderator: a
    /// configured moderator role, or a role (or @everyone) granting
    /// Manage Messages or Administrator.
    pub async fn is_moderator(
        &self,
        http: &serenity::all::Http,
        data_roles: &[u64],
        guild: u64,
        roles: &[u64],
    ) -> bool {
        if roles.iter().any(|r| data_roles.contains(r)) {
            return true;
        }
        let known = self
            .known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&guild)
            .cloned();
        let perms = match known {
            Some(p) => p,
            None => match rest::call("list_guild_roles", || {
                http.get_guild_roles(serenity::all::GuildId::new(guild))
            })
            .await
            {
                Ok(list) => {
                    let p: std::collections::HashMap<u64, u64> = list
                        .iter()
                        .map(|r| (r.id.get(), r.permissions.bits()))
                        .collect();
                    self.known
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(guild, p.clone());
                    p
                }
                // Not remembered: the next message asks again. Unknown is
                // treated as a member: better an answer than silence.
                Err(e) => {
                    tracing::debug!(guild, error = %e, "cannot look up the guild's roles");
                    return false;
                }
            },
        };
        let moderating = serenity::all::Permissions::MANAGE_MESSAGES.bits()
            | serenity::all::Permissions::ADMINISTRATOR.bits();
        // @everyone's role id is the guild id.
        roles
            .iter()
            .chain(std::iter::once(&guild))
            .filter_map(|r| perms.get(r))
            .any(|p| p & moderating != 0)
    }
}

/// An administrator of the server, for `/kb reload`.
pub fn is_admin(member: Option<&Member>) -> bool {
    member
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.administrator())
}

/// Who is recorded as having acted on a case: the Discord user id, which,
/// unlike a display name, the member cannot change.
pub fn actor(i: &CommandInteraction) -> String {
    i.user.id.to_string()
}

/// Cases per page of `/escalations list`: each line stays far below 130
/// characters, so a page stays below Discord's 2000.
pub const PAGE: u32 = 12;

/// One page of a server's cases, with Newer/Older buttons.
pub async fn list_page(
    data: &Data,
    guild: u64,
    status: Option<String>,
    offset: u32,
    staff: Staff,
) -> EditInteractionResponse {
    let filter = GuildFilter {
        guild,
        unguilded: data.config().discord.shows_case(guild, None),
        status: status.as_deref().and_then(Status::parse),
        limit: PAGE + 1,
        offset,
    };
    match data.cases().list(filter).await {
        Ok(mut list) => {
            let more = list.len() > PAGE as usize;
            list.truncate(PAGE as usize);
            let text = list_text(&list, status.as_deref(), offset, staff);
            EditInteractionResponse::new()
                .content(text)
                .components(embeds::page_buttons(
                    offset,
                    PAGE,
                    more,
                    status.as_deref(),
                    staff,
                ))
        }
        Err(e) => EditInteractionResponse::new()
            .content(e.to_string())
            .components(Vec::new()),
    }
}

/// Sends an ephemeral text reply to a command.
pub async fn ephemeral(ctx: &Context, i: &CommandInteraction, text: &str) {
    let m = CreateInteractionResponseMessage::new()
        .content(embeds::cut(text, CONTENT_MAX))
        .ephemeral(true);
    if let Err(e) = rest::call("create_interaction_response", || {
        i.create_response(&ctx.http, CreateInteractionResponse::Message(m.clone()))
    })
    .await
    {
        tracing::warn!(error = %e, "cannot answer a command");
    }
}

/// `/escalations <list|show|claim|unclaim|resolve|dismiss|reopen>`: the
/// notice's buttons as commands, with the same guild scoping and the same
/// confirmation before another moderator's claim is taken over.
pub async fn escalations(ctx: &Context, data: &Data, i: &CommandInteraction) {
    // Answers in the moderator's own locale; the notice stays in the server's.
    let staff = Staff::from_locale(&i.locale);
    let t = staff.text();
    data.guild_locales()
        .remember(i.guild_id, i.guild_locale.as_deref());
    let (true, Some(guild)) = (
        is_moderator(data, i.guild_id, i.member.as_deref()),
        i.guild_id,
    ) else {
        tracing::info!(user = %i.user.id, "non-moderator refused /escalations");
        return ephemeral(ctx, i, t.not_allowed).await;
    };
    let options = i.data.options();
    let Some(ResolvedOption {
        name,
        value: ResolvedValue::SubCommand(args),
        ..
    }) = options.first()
    else {
        return ephemeral(ctx, i, t.unknown_subcommand).await;
    };
    let int = |key: &str| {
        args.iter().find_map(|o| match o.value {
            ResolvedValue::Integer(n) if o.name == key => Some(n),
            _ => None,
        })
    };
    let string = |key: &str| {
        args.iter().find_map(|o| match o.value {
            ResolvedValue::String(s) if o.name == key => Some(s.trim().to_string()),
            _ => None,
        })
    };
    // Every subcommand reads or writes the store: acknowledge first.
    if !ack::defer_command(ctx, i).await {
        return;
    }
    let done = Deferred::Command(i);
    let cases = data.cases();
    let by = actor(i);
    let id = int("id").unwrap_or(0);
    let note = string("note").unwrap_or_default();
    let shown = |g: Option<u64>| data.config().discord.shows_case(guild.get(), g);
    if *name != "list" {
        if let Err(e) = cases.in_scope(id, shown).await {
            return done.say(ctx, &e.to_string()).await;
        }
    }
    let changed = match *name {
        "list" => {
            let status = string("status").filter(|s| Status::parse(s).is_some());
            return done
                .edit(ctx, list_page(data, guild.get(), status, 0, staff).await)
                .await;
        }
        "show" => {
            let edit = match cases.notice(id).await {
                Ok((notice, _)) => {
                    let history = cases.history(id).await.unwrap_or_default();
                    let history = embeds::cut_lines(&history, embeds::FIELD_MAX);
                    EditInteractionResponse::new().embed(embeds::notice_with(
                        &notice,
                        &[(t.history, history)],
                        staff,
                    ))
                }
                Err(e) => EditInteractionResponse::new().content(e.to_string()),
            };
            return done.edit(ctx, edit).await;
        }
        "claim" => cases.claim(id, &by).await,
        "unclaim" => match cases.holder(id).await {
            // Someone else's claim is theirs to give back, or to take over.
            Ok(Some(holder)) if holder != by => Err(super::cases::CaseError::Held { id, holder }),
            _ => cases.unclaim(id, &by).await,
        },
        "reopen" => cases.reopen(id, &by).await,
        // Another moderator's claim: confirm the takeover with the button.
        "resolve" => {
            cases
                .close(id, Transition::Resolve, &by, &note, Takeover::Refuse)
                .await
        }
        "dismiss" => {
            cases
                .close(id, Transition::Dismiss, &by, &note, Takeover::Refuse)
                .await
        }
        _ => return done.say(ctx, t.unknown_subcommand).await,
    };
    match changed {
        Ok(notice) => {
            tracing::info!(case = id, action = *name, by = %i.user.id, "case updated");
            done.say(ctx, &staff.now_state(id, &notice.state)).await;
            escalate::refresh(&ctx.http, data, &notice).await;
            // A claim leaves the thread as it is; closing archives it,
            // reopening opens it again.
            if matches!(*name, "resolve" | "dismiss" | "reopen") {
                super::threads::follow_state(&ctx.http, data, &notice).await;
            }
        }
        Err(e) => super::notice_actions::refused(ctx, &done, e, staff).await,
    }
}

fn list_text(list: &[Summary], status: Option<&str>, offset: u32, staff: Staff) -> String {
    let t = staff.text();
    let word = |code: &str| {
        super::command_names::STATUS_CHOICES
            .iter()
            .find(|(value, ..)| *value == code)
            .map_or(code.to_string(), |&(_, en, cn, tw)| {
                match staff {
                    Staff::En => en,
                    Staff::ZhCn => cn,
                    Staff::ZhTw => tw,
                }
                .to_string()
            })
    };
    if list.is_empty() && offset > 0 {
        return t.no_older.to_string();
    }
    if list.is_empty() {
        return match status {
            Some(s) => t.no_status_cases.replace("{status}", &word(s)),
            None => t.no_cases.to_string(),
        };
    }
    let mut text = t
        .list_head
        .replace("{from}", &(offset + 1).to_string())
        .replace("{to}", &(offset as usize + list.len()).to_string());
    text.push('\n');
    for s in list {
        let who = s
            .user_id
            .map_or(t.terminal.to_string(), |u| format!("<@{u}>"));
        let line = format!(
            "#{} · {} · {} · {who}\n",
            s.id,
            word(&s.status),
            s.scenario.as_deref().unwrap_or(t.no_scenario),
        );
        // Stop before Discord's 2000-character limit instead of cutting a line.
        if text.chars().count() + line.chars().count() > CONTENT_MAX - 20 {
            text.push('…');
            break;
        }
        text.push_str(&line);
    }
    text
}

/// `/kb reload`: loads and validates the configured knowledge base; only a
/// base without errors replaces the one in service.
pub async fn kb_reload(ctx: &Context, data: &Data, i: &CommandInteraction) {
    let lang = Lang::from_locale(&i.locale);
    if !is_admin(i.member.as_deref()) {
        tracing::info!(user = %i.user.id, "non-administrator refused /kb reload");
        return ephemeral(ctx, i, ui(lang).not_allowed).await;
    }
    // Reading and indexing the files can take longer than the 3 seconds
    // Discord gives an interaction: acknowledge first, answer after.
    if let Err(e) = rest::call("create_interaction_response", || {
        i.defer_ephemeral(&ctx.http)
    })
    .await
    {
        tracing::warn!(error = %e, "cannot acknowledge /kb reload");
        return;
    }
    let text = match super::kb_sync::load(data.config()).await {
        Ok(engine) => {
            let n = engine.knowledge().scenarios.len();
            data.swap_engine(engine);
            super::kb_sync::announce(data).await;
            tracing::info!(scenarios = n, by = %i.user.id, "knowledge base reloaded");
            format!(
                "Knowledge base reloaded: {n} scenarios in service. Other bot processes on \
                 this database reload theirs within {} s.",
                super::kb_sync::POLL.as_secs()
            )
        }
        Err(e) => {
            tracing::warn!(error = %e, "knowledge base reload failed; the old one stays");
            format!(
                "Reload failed; the previous knowledge base stays in service.\n```\n{}\n```",
                embeds::cut(e.trim(), CONTENT_MAX - 120)
            )
        }
    };
    let edit = EditInteractionResponse::new().content(embeds::cut(&text, CONTENT_MAX));
    if let Err(e) = rest::call("update_original_webhook_message", || {
        i.edit_response(&ctx.http, edit.clone())
    })
    .await
    {
        tracing::warn!(error = %e, "cannot answer /kb reload");
    }
}
