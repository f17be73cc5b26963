//! Slash commands: their definitions (registered per configured guild, or
//! globally), autocomplete, and the member commands `/kyc` and `/triage`.
//! The moderators' commands live in `moderators.rs`.

use super::ack::{self, Deferred};
use super::command_names;
use super::cooldown::Verdict;
use super::embeds::{self, SELECT_LABEL_MAX};
use super::escalate;
use super::moderators;
use super::privacy;
use super::respond::{self, Outgoing};
use super::rest;
use super::state::Data;
use crate::conversation::reply_script;
use crate::conversation::Expecting;
use crate::knowledge::Lang;
use crate::render::Voice;
use crate::triage::{Decision, DecisionKind};
use serenity::all::{
    AutocompleteChoice, Command, CommandInteraction, CommandOptionType, Context,
    CreateAutocompleteResponse, CreateCommand, CreateCommandOption, CreateInteractionResponse,
    GuildId, InteractionContext, Permissions,
};
use std::time::Instant;

/// Discord's limit on autocomplete choices.
const MAX_CHOICES: usize = 25;

/// A command with its Chinese names (`command_names.rs`).
fn command(name: &str) -> CreateCommand {
    command_names::command(CreateCommand::new(name), name)
}

/// An option or subcommand with its Chinese names.
fn option(kind: CommandOptionType, name: &str, description: &str) -> CreateCommandOption {
    command_names::option(CreateCommandOption::new(kind, name, description), name)
}

/// Every command the bot registers.
pub fn definitions() -> Vec<CreateCommand> {
    let kyc = command("kyc")
        .description("Show the fix for a known verification problem")
        .description_localized("zh-CN", "查看已知认证问题的解决办法")
        .description_localized("zh-TW", "查看已知認證問題的解決辦法")
        .add_option(
            option(CommandOptionType::String, "scenario", "The problem")
                .description_localized("zh-CN", "问题类型")
                .description_localized("zh-TW", "問題類型")
                .required(true)
                .set_autocomplete(true),
        );
    let triage = command("triage")
        .description("Describe your verification problem and get the fix")
        .description_localized("zh-CN", "描述你的认证问题，获取解决办法")
        .description_localized("zh-TW", "描述你的認證問題，取得解決辦法")
        .add_option(
            option(
                CommandOptionType::String,
                "text",
                "What happened, in your own words",
            )
            .description_localized("zh-CN", "用你自己的话描述发生了什么")
            .description_localized("zh-TW", "用你自己的話描述發生了什麼")
            .required(true)
            .max_length(4000),
        );
    let id = || {
        option(CommandOptionType::Integer, "id", "Case number")
            .required(true)
            .min_int_value(1)
    };
    let note = || {
        option(CommandOptionType::String, "note", "What was done")
            .required(true)
            .max_length(1000)
    };
    let sub =
        |name: &str, description: &str| option(CommandOptionType::SubCommand, name, description);
    let status = command_names::status_choices(option(
        CommandOptionType::String,
        "status",
        "Only cases in this state",
    ));
    let escalations = command("escalations")
        .description("Cases escalated to moderators")
        .description_localized("zh-CN", "转交管理员处理的案件")
        .description_localized("zh-TW", "轉交管理員處理的案件")
        .default_member_permissions(Permissions::MANAGE_MESSAGES)
        .contexts(vec![InteractionContext::Guild])
        .add_option(sub("list", "List recent cases").add_sub_option(status))
        .add_option(sub("show", "Show one case").add_sub_option(id()))
        .add_option(sub("claim", "Take a case").add_sub_option(id()))
        .add_option(sub("unclaim", "Give a claimed case back").add_sub_option(id()))
        .add_option(
            sub("resolve", "Close a case as resolved")
                .add_sub_option(id())
                .add_sub_option(note()),
        )
        .add_option(
            sub("dismiss", "Close a case without action")
                .add_sub_option(id())
                .add_sub_option(note()),
        )
        .add_option(sub("reopen", "Open a closed case again").add_sub_option(id()));
    let kb = command("kb")
        .description("Knowledge base administration")
        .description_localized("zh-CN", "知识库管理")
        .description_localized("zh-TW", "知識庫管理")
        .default_member_permissions(Permissions::ADMINISTRATOR)
        .contexts(vec![InteractionContext::Guild])
        .add_option(sub(
            "reload",
            "Reload and validate the knowledge base from disk",
        ));
    vec![kyc, triage, escalations, kb]
}

/// Registers the commands: per configured guild (instant), else globally.
pub async fn register(ctx: &Context, data: &Data) {
    let guilds = &data.config().discord.command_guilds();
    if guilds.is_empty() {
        if let Err(e) = rest::call("bulk_set_application_commands", || {
            Command::set_global_commands(&ctx.http, definitions())
        })
        .await
        {
            tracing::error!(error = %e, "cannot register global commands");
        }
    }
    for &g in guilds {
        if let Err(e) = rest::call("bulk_set_guild_application_commands", || {
            GuildId::new(g).set_commands(&ctx.http, definitions())
        })
        .await
        {
            tracing::error!(guild = g, error = %e, "cannot register guild commands");
        }
    }
}

/// Routes a slash command.
pub async fn run(ctx: &Context, data: &Data, i: &CommandInteraction) {
    tracing::info!(command = %i.data.name, user = %i.user.id, "command");
    match i.data.name.as_str() {
        "kyc" => kyc(ctx, data, i).await,
        "triage" => triage(ctx, data, i).await,
        "escalations" => moderators::escalations(ctx, data, i).await,
        "kb" => moderators::kb_reload(ctx, data, i).await,
        other => tracing::warn!(command = other, "unknown command"),
    }
}

fn string_option<'a>(i: &'a CommandInteraction, name: &str) -> Option<&'a str> {
    i.data
        .options
        .iter()
        .find(|o| o.name == name)
        .and_then(|o| o.value.as_str())
}

/// Autocomplete for `/kyc scenario`: scenario titles in the user's locale
/// that contain what was typed (in either language, or the id).
pub async fn autocomplete(ctx: &Context, data: &Data, i: &CommandInteraction) {
    let lang = Lang::from_locale(&i.locale);
    let typed = i
        .data
        .autocomplete()
        .map(|o| o.value.trim().to_lowercase())
        .unwrap_or_default();
    let engine = data.engine();
    let choices: Vec<AutocompleteChoice> = engine
        .knowledge()
        .scenarios
        .iter()
        .filter(|s| {
            typed.is_empty()
                || s.id.contains(&typed)
                || Lang::ALL
                    .iter()
                    .any(|&l| s.title.get(l).to_lowercase().contains(&typed))
        })
        .take(MAX_CHOICES)
        .map(|s| {
            AutocompleteChoice::new(
                embeds::cut(s.title.get(lang), SELECT_LABEL_MAX),
                s.id.as_str(),
            )
        })
        .collect();
    let response = CreateAutocompleteResponse::new().set_choices(choices);
    if let Err(e) = rest::call("create_interaction_response", || {
        i.create_response(
            &ctx.http,
            CreateInteractionResponse::Autocomplete(response.clone()),
        )
    })
    .await
    {
        tracing::warn!(error = %e, "cannot answer autocomplete");
    }
}

/// `/kyc scenario:<id or title>`: the fix for a named scenario.
async fn kyc(ctx: &Context, data: &Data, i: &CommandInteraction) {
    let lang = Lang::from_locale(&i.locale);
    let typed = string_option(i, "scenario").unwrap_or("").trim();
    let voice = Voice::new(lang, reply_script(typed, Some(&i.locale)));
    let engine = data.engine();
    // The value is an id when picked from autocomplete; accept a typed
    // title too, since Discord lets users send without picking.
    let found = engine.knowledge().scenarios.iter().find(|s| {
        s.id == typed
            || Lang::ALL
                .iter()
                .any(|&l| s.title.get(l).eq_ignore_ascii_case(typed))
    });
    let Some(scenario) = found else {
        return moderators::ephemeral(ctx, i, voice.ui().unknown_scenario).await;
    };
    let decision = Decision {
        kind: DecisionKind::Answer,
        scenario: Some(scenario.id.clone()),
        confidence: 1.0,
        language: lang,
        candidates: Vec::new(),
        reason: None,
    };
    // The log entry is a store write: acknowledge first.
    if !ack::defer_command(ctx, i).await {
        return;
    }
    let log = data
        .cases()
        .log(&format!("/kyc {}", scenario.id), &decision)
        .await;
    let out = respond::answer(data, &scenario.id, voice, log, i.user.id.get());
    let out = out.unwrap_or_else(|| Outgoing::text(voice.ui().unknown_scenario));
    Deferred::Command(i).edit(ctx, out.edit()).await;
}

/// `/triage text:<message>`: the same as writing the message to the bot.
async fn triage(ctx: &Context, data: &Data, i: &CommandInteraction) {
    let text = string_option(i, "text").unwrap_or("");
    let scan = privacy::scan(text);
    let lang = crate::triage::Engine::language_of(&scan.redacted);
    let voice = Voice::new(lang, reply_script(&scan.redacted, Some(&i.locale)));
    let ui = voice.ui();
    let max = data.config().discord.max_message_chars;
    if text.chars().count() > max {
        let msg = ui.too_long.replace("{max}", &max.to_string());
        return reply(ctx, i, Outgoing::text(msg)).await;
    }
    if data.cooldown().check(i.user.id.get(), Instant::now()) != Verdict::Go {
        // An interaction must be answered, so the notice is ephemeral and
        // costs the channel nothing.
        return reply(ctx, i, Outgoing::text(ui.cooldown)).await;
    }
    // The conversation writes the triage log and maybe a case: acknowledge
    // first, so a busy store cannot cost the member their answer.
    if !ack::defer_command(ctx, i).await {
        return;
    }
    // No message to jump to: 0, the store's "none" for a slash command.
    let member = respond::member(
        i.user.id.get(),
        &i.user.name,
        i.guild_id.map(|g| g.get()),
        i.channel_id.get(),
        0,
    );
    let said = data
        .conversation()
        .message(&member, &Expecting::Nothing, text, true)
        .await
        .for_locale(&i.locale);
    // A typed reply in the channel afterwards is read against this answer.
    data.contexts().set_expecting(
        i.user.id.get(),
        i.channel_id.get(),
        said.next.clone(),
        Instant::now(),
    );
    let mut out =
        respond::render(&said, i.user.id.get()).unwrap_or_else(|| Outgoing::text(ui.ignored));
    if said.sensitive {
        // The reply is ephemeral, so nothing is echoed; still teach the habit.
        out.prepend(ui.sensitive_warning);
    }
    Deferred::Command(i).edit(ctx, out.edit()).await;
    if let Some(case) = respond::recorded(&said) {
        escalate::notify(&ctx.http, data, case).await;
    }
}

/// Answers a member command privately: the problem is theirs, and an
/// ephemeral reply never echoes what they typed into the channel.
async fn reply(ctx: &Context, i: &CommandInteraction, out: Outgoing) {
    let m = out.interaction().ephemeral(true);
    if let Err(e) = rest::call("create_interaction_response", || {
        i.create_response(&ctx.http, CreateInteractionResponse::Message(m.clone()))
    })
    .await
    {
        tracing::warn!(error = %e, "cannot answer a command");
    }
}
