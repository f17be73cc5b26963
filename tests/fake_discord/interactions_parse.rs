//! INTERACTION_CREATE payloads parse with serenity's own types, keeping
//! every field serenity models (see `payloads_parse.rs` for the method).

use serde_json::Value;
use serenity::model::application::{
    ActionRowComponent, CommandDataOptionValue, ComponentInteractionDataKind, Interaction,
};
use serenity::model::event::Event;

use super::payloads_parse::{assert_keys_survive, parse_dispatch};
use crate::support::fake_discord::payloads::*;

fn interaction_event(d: &Value) -> Interaction {
    match parse_dispatch("INTERACTION_CREATE", d) {
        Event::InteractionCreate(event) => {
            let theirs = serde_json::to_value(&event.interaction).expect("serializes");
            assert_keys_survive("INTERACTION_CREATE", d, &theirs, INTERACTION_UNMODELLED);
            event.interaction
        }
        other => panic!("expected InteractionCreate, got {other:?}"),
    }
}

/// Keys Discord sends in interactions that serenity 0.12.5 does not keep:
/// `type` is the enum variant, not a field; the partial `guild` and some
/// channel fields are unmodelled; modal submits lack the install context and
/// component `id`s; resolved members lack `flags`.
const INTERACTION_UNMODELLED: &[&str] = &[
    "type",
    "guild",
    "channel.guild_id",
    "channel.flags",
    "channel.recipients",
    "**.discriminator",
    "data.resolved.members.*.flags",
    "authorizing_integration_owners",
    "context",
    "data.components.*.id",
    "data.components.*.components.*.id",
];

#[test]
fn slash_command_parses_with_options_member_and_locale() {
    let target = moderator();
    let d = slash_command(
        "kyc",
        vec![
            string_option("problem", "selfie rejected"),
            integer_option("attempts", 3),
            boolean_option("urgent", true),
            user_option("assignee", MOD_USER_ID),
        ],
    )
    .resolve_user(&target)
    .locale("zh-CN")
    .build();
    let Interaction::Command(command) = interaction_event(&d) else {
        panic!("not a command")
    };
    assert_eq!(command.data.name, "kyc");
    assert_eq!(command.locale, "zh-CN");
    assert_eq!(command.guild_id.map(|g| g.get()), Some(GUILD_ID));
    assert_eq!(
        command.user.id.get(),
        USER_ID,
        "serenity copies member.user into user"
    );
    let member = command.member.expect("guild interactions carry the member");
    assert_eq!(
        member.permissions.map(|p| p.bits()),
        Some(permissions::EVERYONE)
    );
    assert_eq!(
        command.app_permissions.map(|p| p.bits()),
        Some(permissions::BOT)
    );
    assert_eq!(command.attachment_size_limit, 10 * 1024 * 1024);
    let values: Vec<&CommandDataOptionValue> =
        command.data.options.iter().map(|o| &o.value).collect();
    assert_eq!(
        values[0],
        &CommandDataOptionValue::String("selfie rejected".into())
    );
    assert_eq!(values[1], &CommandDataOptionValue::Integer(3));
    assert_eq!(values[2], &CommandDataOptionValue::Boolean(true));
    assert_eq!(values[3], &CommandDataOptionValue::User(MOD_USER_ID.into()));
    assert!(command
        .data
        .resolved
        .users
        .contains_key(&MOD_USER_ID.into()));
}

#[test]
fn slash_command_in_dm_and_with_subcommand_parses() {
    let d = slash_command(
        "kb",
        vec![subcommand(
            "search",
            vec![string_option("query", "passport")],
        )],
    )
    .in_dm(snowflake(), default_user())
    .build();
    let Interaction::Command(command) = interaction_event(&d) else {
        panic!("not a command")
    };
    assert_eq!(command.guild_id, None);
    assert!(command.member.is_none());
    assert_eq!(command.user.name, USER_NAME);
    let CommandDataOptionValue::SubCommand(inner) = &command.data.options[0].value else {
        panic!("not a subcommand")
    };
    assert_eq!(
        inner[0].value,
        CommandDataOptionValue::String("passport".into())
    );
}

#[test]
fn autocomplete_parses_with_focused_option() {
    let d = autocomplete(
        "kyc",
        vec![
            focused(string_option("problem", "self")),
            integer_option("attempts", 1),
        ],
    )
    .build();
    let Interaction::Autocomplete(auto) = interaction_event(&d) else {
        panic!("not autocomplete")
    };
    let focused = auto.data.autocomplete().expect("a focused option");
    assert_eq!((focused.name, focused.value), ("problem", "self"));
}

#[test]
fn button_and_select_parse_with_their_message() {
    let bot = bot_user(BOT_USER_ID, BOT_NAME);
    let message = message(snowflake(), SUPPORT_CHANNEL_ID, &bot, "Was this helpful?");
    let Interaction::Component(click) =
        interaction_event(&button_click("helpful:yes", &message).build())
    else {
        panic!("not a component")
    };
    assert_eq!(click.data.custom_id, "helpful:yes");
    assert!(matches!(
        click.data.kind,
        ComponentInteractionDataKind::Button
    ));
    assert_eq!(click.message.content, "Was this helpful?");

    let d = select("topic", &["passport", "selfie"], &message).build();
    let Interaction::Component(choice) = interaction_event(&d) else {
        panic!("not a component")
    };
    let ComponentInteractionDataKind::StringSelect { values } = &choice.data.kind else {
        panic!("not a select")
    };
    assert_eq!(values, &["passport", "selfie"]);
}

#[test]
fn modal_submit_parses_with_text_inputs() {
    let d = modal_submit(
        "escalate",
        &[("details", "The app says 证件模糊"), ("contact", "dm me")],
    )
    .build();
    let Interaction::Modal(modal) = interaction_event(&d) else {
        panic!("not a modal submit")
    };
    assert_eq!(modal.data.custom_id, "escalate");
    let inputs: Vec<(String, Option<String>)> = modal
        .data
        .components
        .iter()
        .flat_map(|row| &row.components)
        .map(|c| match c {
            ActionRowComponent::InputText(input) => (input.custom_id.clone(), input.value.clone()),
            other => panic!("unexpected component {other:?}"),
        })
        .collect();
    assert_eq!(
        inputs[0],
        ("details".into(), Some("The app says 证件模糊".into()))
    );
    assert_eq!(inputs[1], ("contact".into(), Some("dm me".into())));
}
