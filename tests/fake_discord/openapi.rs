//! The OpenAPI validator accepts what Discord accepts and rejects what it
//! rejects: it must not be a rubber stamp.

use serde_json::{json, Value};

use crate::support::fake_discord::openapi::{
    check_channel_update, find_operation, spec, SPEC_PATH,
};
use crate::support::fake_discord::schema::Validator;
use crate::support::fake_discord::validate_request;

const CREATE_MESSAGE: &str = "/api/v10/channels/1180000000000000200/messages";

fn message_with(description: &str, label: &str) -> Value {
    json!({
        "content": "Your selfie was rejected because it was blurry.",
        "embeds": [{"title": "Selfie rejected", "description": description, "color": 0x00c0_ffee}],
        "components": [{"type": 1, "components": [
            {"type": 2, "style": 1, "custom_id": "escalate", "label": label},
            {"type": 2, "style": 5, "url": "https://example.com/kyc", "label": "Guide"},
        ]}],
        "allowed_mentions": {"parse": [], "replied_user": false},
        "message_reference": {"message_id": "1180000000000000999", "fail_if_not_exists": false},
    })
}

fn errors(method: &str, path: &str, body: &Value) -> Vec<String> {
    validate_request(method, path, Some(body))
        .err()
        .unwrap_or_default()
}

#[test]
fn accepts_a_valid_message_create_request() {
    let body = message_with("Retake it in daylight, without glasses.", "Talk to a human");
    assert_eq!(
        validate_request("POST", CREATE_MESSAGE, Some(&body)),
        Ok(())
    );
}

#[test]
fn rejects_an_embed_description_over_4096_characters() {
    // Characters, not bytes: 4096 CJK characters (12 KB) are still fine.
    let fine = message_with(&"证".repeat(4096), "ok");
    assert_eq!(
        validate_request("POST", CREATE_MESSAGE, Some(&fine)),
        Ok(())
    );

    let found = errors(
        "POST",
        CREATE_MESSAGE,
        &message_with(&"x".repeat(4097), "ok"),
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("/embeds/0/description") && found[0].contains("4096"),
        "{found:#?}"
    );
    assert!(
        found[0].contains("RichEmbed"),
        "names the schema: {found:#?}"
    );
}

#[test]
fn rejects_a_button_label_over_80_characters() {
    let found = errors("POST", CREATE_MESSAGE, &message_with("ok", &"y".repeat(81)));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("/components/0/components/0/label") && found[0].contains("80"),
        "{found:#?}"
    );
}

#[test]
fn reports_every_problem_at_once() {
    let mut body = message_with(&"x".repeat(5000), &"y".repeat(100));
    body["content"] = json!("z".repeat(2001)); // the docs' 2000, not the spec's 4000
    body["embeds"][0]["color"] = json!("blue");
    let found = errors("POST", CREATE_MESSAGE, &body);
    for needle in [
        "/content",
        "/embeds/0/description",
        "/components/0/components/0/label",
        "/embeds/0/color",
    ] {
        assert!(
            found.iter().any(|e| e.contains(&format!("{needle} "))),
            "{needle} missing in {found:#?}"
        );
    }
}

#[test]
fn checks_interaction_callbacks_against_their_union() {
    let path = "/api/v10/interactions/1180000000000000500/some-token/callback";
    let reply = json!({"type": 4, "data": {"content": "hi", "flags": 64}});
    assert_eq!(validate_request("POST", path, Some(&reply)), Ok(()));

    let long = json!({"type": 4, "data": {"embeds": [{"description": "x".repeat(4097)}]}});
    let found = errors("POST", path, &long);
    assert!(
        found
            .iter()
            .any(|e| e.contains("/data/embeds/0/description")),
        "{found:#?}"
    );

    let choices: Vec<Value> = (0..26)
        .map(|i| json!({"name": format!("c{i}"), "value": "v"}))
        .collect();
    let autocomplete = json!({"type": 8, "data": {"choices": choices}});
    let found = errors("POST", path, &autocomplete);
    assert!(
        found
            .iter()
            .any(|e| e.contains("/data/choices") && e.contains("25")),
        "{found:#?}"
    );

    let modal = json!({"type": 9, "data": {"custom_id": "m", "title": "t".repeat(46), "components": [
        {"type": 1, "components": [{"type": 4, "custom_id": "details", "style": 2, "label": "Details"}]}]}});
    let found = errors("POST", path, &modal);
    assert!(
        found
            .iter()
            .any(|e| e.contains("/data/title") && e.contains("45")),
        "{found:#?}"
    );

    let unknown_type = json!({"type": 42});
    assert!(!errors("POST", path, &unknown_type).is_empty());
}

#[test]
fn checks_webhook_edits_and_custom_ids() {
    let path = "/api/v10/webhooks/1180000000000000002/tok/messages/@original";
    let row = |id: String| json!({"components": [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": id, "label": "x"}]}]});
    assert_eq!(
        validate_request("PATCH", path, Some(&row("a".repeat(100)))),
        Ok(())
    );
    let found = errors("PATCH", path, &row("a".repeat(101)));
    assert!(
        found
            .iter()
            .any(|e| e.contains("custom_id") && e.contains("100")),
        "{found:#?}"
    );
}

#[test]
fn checks_path_parameters_and_bodies_that_should_not_be_there() {
    let found = errors(
        "POST",
        "/api/v10/channels/not-a-snowflake/messages",
        &json!({"content": "x"}),
    );
    assert!(
        found.iter().any(|e| e.contains("{channel_id}")),
        "{found:#?}"
    );
    let found = validate_request("POST", CREATE_MESSAGE, None)
        .err()
        .unwrap_or_default();
    assert!(
        found.iter().any(|e| e.contains("requires a request body")),
        "{found:#?}"
    );
    let found = validate_request(
        "DELETE",
        &format!("{CREATE_MESSAGE}/1"),
        Some(&json!({"x": 1})),
    );
    assert!(found.is_err(), "DELETE takes no body");
    let found = validate_request("GET", "/api/v10/no/such/route", None)
        .err()
        .unwrap_or_default();
    assert!(found[0].contains("no operation"), "{found:#?}");
}

#[test]
fn maps_paths_to_operations_preferring_literal_segments() {
    let id = |method: &str, path: &str| find_operation(method, path).map(|op| op.id);
    assert_eq!(id("GET", "/api/v10/users/@me"), Some("get_my_user"));
    assert_eq!(
        id("GET", "/api/v10/users/1180000000000000400"),
        Some("get_user")
    );
    assert_eq!(
        id("PATCH", "/api/v10/webhooks/1/tok/messages/@original"),
        Some("update_original_webhook_message")
    );
    assert_eq!(
        id("PATCH", "/api/v10/webhooks/1/tok/messages/5"),
        Some("update_webhook_message")
    );
    assert_eq!(
        id("POST", "/api/v10/channels/5/messages?&limit=3"),
        Some("create_message")
    );
    assert_eq!(
        id("PUT", "/api/v10/applications/2/commands"),
        Some("bulk_set_application_commands")
    );
    let op = find_operation("GET", "/api/v10/guilds/7/members/8").expect("get_guild_member");
    assert_eq!(op.template, "/guilds/{guild_id}/members/{user_id}");
    assert_eq!(
        op.params,
        vec![
            ("guild_id".into(), "7".into()),
            ("user_id".into(), "8".into())
        ]
    );
}

#[test]
fn schema_keywords_behave_as_json_schema_says() {
    let root = json!({});
    let v = Validator::new(&root);
    let check = |schema: Value, instance: Value| v.validate(&schema, &instance).is_empty();
    assert!(check(json!({"type": "integer"}), json!(4.0)));
    assert!(!check(json!({"type": "integer"}), json!(4.5)));
    assert!(check(json!({"type": ["string", "null"]}), json!(null)));
    assert!(
        !check(
            json!({"oneOf": [{"type": "integer"}, {"type": "number"}]}),
            json!(1)
        ),
        "oneOf: exactly one"
    );
    assert!(check(
        json!({"anyOf": [{"type": "integer"}, {"type": "number"}]}),
        json!(1)
    ));
    assert!(check(
        json!({"maximum": 9_223_372_036_854_775_807_i64}),
        json!(9_223_372_036_854_775_807_i64)
    ));
    assert!(!check(
        json!({"maximum": 9_223_372_036_854_775_806_i64}),
        json!(9_223_372_036_854_775_807_i64)
    ));
    assert!(!check(json!({"uniqueItems": true}), json!([1, 1.0])));
    assert!(!check(json!({"required": ["a"]}), json!({"b": 1})));
    assert!(!check(
        json!({"additionalProperties": false, "properties": {"a": {}}}),
        json!({"b": 1})
    ));
    assert!(!check(json!({"pattern": "^[0-9]+$"}), json!("12a")));
    assert!(!check(json!({"enum": [1, 2]}), json!(3)));
    assert!(!check(json!({"const": 4}), json!(5)));
}

#[test]
fn vendored_spec_loads_and_matches_the_shared_copy() {
    assert!(
        spec()["paths"].as_object().is_some_and(|p| p.len() > 100),
        "{SPEC_PATH} has no paths"
    );
    // The development machines keep the original next to the repository; CI
    // has only the vendored copy, which is the one the tests use.
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/discord-api-spec/openapi.json");
    if let Ok(original) = std::fs::read(&shared) {
        let vendored = std::fs::read(SPEC_PATH).expect("vendored spec");
        assert!(
            original == vendored,
            "{} changed: copy it over {SPEC_PATH}",
            shared.display()
        );
    }
}

#[test]
fn command_names_follow_discords_naming_rule_in_every_locale() {
    let path = "/api/v10/applications/1180000000000000001/guilds/1180000000000000100/commands";
    let command = |name: &str, localized: &str, option: &str| {
        json!([{
            "name": name, "description": "d", "type": 1,
            "name_localizations": {"zh-TW": localized},
            "options": [{"type": 3, "name": option, "description": "o"}],
        }])
    };
    assert_eq!(
        validate_request("PUT", path, Some(&command("kyc", "認證", "scenario"))),
        Ok(())
    );
    for (bad, what) in [
        (command("Kyc", "認證", "scenario"), "a capital"),
        (
            command("kyc", "認 證", "scenario"),
            "a space in a localisation",
        ),
        (
            command("kyc", "認證", "the scenario"),
            "a space in an option",
        ),
        (command("kyc!", "認證", "scenario"), "punctuation"),
    ] {
        assert!(!errors("PUT", path, &bad).is_empty(), "{what} passed");
    }
}

/// The endpoints of case threads, modals and follow-ups are checked like
/// messages: a body Discord would refuse is refused here too, and the
/// bodies the bot sends pass.
#[test]
fn thread_modal_and_follow_up_bodies_are_validated() {
    let channel = "/api/v10/channels/1180000000000000200";
    let thread = "/api/v10/channels/1180000000000000203";
    let member = "/api/v10/channels/1180000000000000203/thread-members/1180000000000000401";
    let callback = "/api/v10/interactions/1180000000000000900/tok/callback";
    let webhook = "/api/v10/webhooks/1180000000000000002/tok";
    let original = "/api/v10/webhooks/1180000000000000002/tok/messages/@original";
    let threads = format!("{channel}/threads");
    let long = "x".repeat(5000);
    let valid: Vec<(&str, &str, Value)> = vec![
        (
            "POST",
            &threads,
            json!({"name": "Case #1", "type": 12, "invitable": false, "auto_archive_duration": 10080}),
        ),
        ("PATCH", thread, json!({"archived": true, "locked": true})),
        (
            "POST",
            callback,
            json!({"type": 9, "data": {"custom_id": "resolvenote:1", "title": "Resolve case #1",
                "components": [{"type": 1, "components": [{"type": 4, "custom_id": "note",
                "style": 2, "label": "Note", "required": true, "max_length": 1000}]}]}}),
        ),
        ("POST", webhook, json!({"content": "ok", "flags": 64})),
        (
            "PATCH",
            original,
            json!({"content": "ok", "components": []}),
        ),
    ];
    for (method, path, body) in &valid {
        assert_eq!(
            validate_request(method, path, Some(body)),
            Ok(()),
            "{method} {path}"
        );
    }
    let invalid: Vec<(&str, &str, Value, &str)> = vec![
        (
            "POST",
            &threads,
            json!({"name": "x".repeat(101), "type": 12}),
            "a 101-character thread name",
        ),
        (
            "POST",
            &threads,
            json!({"type": 12}),
            "a thread without a name",
        ),
        (
            "PUT",
            member,
            json!({"user": 1}),
            "a body where none is taken",
        ),
        (
            "POST",
            callback,
            json!({"type": 9, "data": {"custom_id": "a", "title": "t".repeat(46), "components": []}}),
            "a 46-character modal title",
        ),
        (
            "POST",
            webhook,
            json!({"content": long}),
            "a 5000-character follow-up",
        ),
        (
            "PATCH",
            original,
            json!({"embeds": [{"description": long}]}),
            "a 5000-character embed in an edit",
        ),
    ];
    for (method, path, body, what) in &invalid {
        assert!(!errors(method, path, body).is_empty(), "{what} passed");
    }
    // A channel edit is checked against its channel type's schema: the
    // spec's anyOf alone lets anything through as a DM's edit.
    let edit = json!({"archived": "yes"});
    assert!(
        errors("PATCH", thread, &edit).is_empty(),
        "why the deviation exists"
    );
    assert!(!check_channel_update(11, Some(&edit)).is_empty());
    assert!(
        check_channel_update(12, Some(&json!({"archived": false, "locked": false}))).is_empty()
    );
}
