//! Checks requests against Discord's OpenAPI 3.1 description of its HTTP API.
//!
//! The spec is vendored at `tests/data/discord-openapi.json` (MIT, see the
//! LICENSE beside it) so that a clean clone validates the same way as a
//! development machine. It knows Discord's field limits (embed description
//! 4096, button label 80, custom_id 100, ...), so a body that passes here is
//! one Discord would accept.
//!
//! The fake uses this twice: live, answering an invalid body with Discord's
//! `50035 Invalid Form Body`, and after the fact through
//! [`assert_all_requests_valid`], which catches invalid bodies even when the bot
//! swallowed the 400.

use std::sync::OnceLock;

use serde_json::{json, Value};

use super::record::RecordedRequest;
use super::schema::{SchemaError, Validator};
use super::FakeDiscord;

/// Where the vendored spec lives, relative to the crate root.
pub const SPEC_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/discord-openapi.json"
);

/// The parsed spec, loaded once per test binary. Panics with a clear message
/// if the vendored file is missing: validation must never pass by default.
pub fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(SPEC_PATH).unwrap_or_else(|err| {
            panic!(
                "cannot read Discord's OpenAPI spec at {SPEC_PATH}: {err}. It is vendored in \
                 the repository (tests/data); restore it with `git checkout tests/data`."
            )
        });
        let mut spec: Value = serde_json::from_str(&text)
            .unwrap_or_else(|err| panic!("{SPEC_PATH} is not valid JSON: {err}"));
        apply_documented_deviations(&mut spec);
        spec
    })
}

/// Discord calls the spec a preview, and says its developer docs win where the
/// two disagree. These are the disagreements met so far, each patched to what
/// the docs (and Discord's servers) accept.
fn apply_documented_deviations(spec: &mut Value) {
    // Docs: "default_member_permissions ?string: Set of permissions represented
    // as a bit set" (application-commands#application-command-object). The
    // spec says integer; serenity, like the docs, sends a string.
    let string_or_integer = json!({"type": ["string", "integer", "null"], "pattern": "^[0-9]+$"});
    for schema in [
        "ApplicationCommandUpdateRequest",
        "ApplicationCommandCreateRequest",
    ] {
        let pointer = format!("/components/schemas/{schema}/properties/default_member_permissions");
        if let Some(slot) = spec.pointer_mut(&pointer) {
            *slot = string_or_integer.clone();
        }
    }
    // Docs (reference#uploading-files): a new upload's attachment `id` is the
    // index of its `files[n]` part, written as a number in the docs' own
    // example (`"id": 0`), as serenity sends it. The spec allows only strings.
    if let Some(slot) =
        spec.pointer_mut("/components/schemas/MessageAttachmentRequest/properties/id")
    {
        *slot =
            json!({"type": ["string", "integer"], "pattern": "^(0|[1-9][0-9]*)$", "minimum": 0});
    }
    // Docs (application-commands#application-command-object-application-command-naming):
    // a chat-input command or option name, and each of its `name_localizations`,
    // matches `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$` and uses the
    // lower-case form of letters that have one. The spec bounds only the
    // length. Written here with letters that are not upper or title case
    // (Ll, Lm, Lo). User and message commands may have spaces and capitals;
    // the bot registers none, so the request schemas get the rule too.
    let name = json!({"type": "string", "pattern": r"^[-_'\p{Ll}\p{Lm}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$"});
    let named: Vec<String> = spec["components"]["schemas"]
        .as_object()
        .map(|schemas| {
            schemas
                .iter()
                .filter(|(key, schema)| {
                    key.starts_with("ApplicationCommand")
                        && schema.pointer("/properties/name/maxLength") == Some(&json!(32))
                })
                .map(|(key, _)| key.clone())
                .collect()
        })
        .unwrap_or_default();
    for schema in named {
        let base = format!("/components/schemas/{schema}/properties");
        if let Some(slot) = spec.pointer_mut(&format!("{base}/name")) {
            *slot = json!({"allOf": [slot.clone(), name.clone()]});
        }
        if let Some(slot) =
            spec.pointer_mut(&format!("{base}/name_localizations/additionalProperties"))
        {
            *slot = json!({"allOf": [slot.clone(), name.clone()]});
        }
    }
    // Docs: message `content` is "up to 2000 characters" (resources/message#create-message).
    // The spec's 4000 is the limit for Nitro users, which bots are not.
    for schema in ["MessageCreateRequest", "MessageEditRequestPartial"] {
        let pointer = format!("/components/schemas/{schema}/properties/content/maxLength");
        if let Some(slot) = spec.pointer_mut(&pointer) {
            *slot = json!(2000);
        }
    }
}

/// One operation of the spec, found from a method and a concrete path.
#[derive(Clone, Debug)]
pub struct Operation {
    /// Discord's `operationId`, e.g. `create_message`.
    pub id: &'static str,
    /// The path template, e.g. `/channels/{channel_id}/messages`.
    pub template: &'static str,
    /// Path parameters with the values from the concrete path.
    pub params: Vec<(String, String)>,
    item: &'static Value,
    op: &'static Value,
}

/// Maps `POST /api/v10/channels/1/messages` to `create_message`. Where
/// templates overlap (`/users/@me` and `/users/{user_id}`), the one with more
/// literal segments wins, as on Discord's router.
pub fn find_operation(method: &str, path: &str) -> Option<Operation> {
    let path = path.split('?').next().unwrap_or(path);
    let path = strip_api_prefix(path);
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let method = method.to_ascii_lowercase();
    let paths = spec()["paths"].as_object()?;

    let mut best: Option<(usize, Operation)> = None;
    for (template, item) in paths {
        let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut literals = 0;
        let mut params = Vec::new();
        let fits = parts.iter().zip(&segments).all(|(part, segment)| {
            if let Some(name) = part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                params.push((name.to_owned(), (*segment).to_owned()));
                !segment.is_empty()
            } else {
                literals += 1;
                part == segment
            }
        });
        let Some(op) = item.get(&method).filter(|_| fits) else {
            continue;
        };
        if best.as_ref().is_none_or(|(score, _)| literals > *score) {
            let id = op["operationId"].as_str().unwrap_or("unnamed_operation");
            best = Some((
                literals,
                Operation {
                    id,
                    template,
                    params,
                    item,
                    op,
                },
            ));
        }
    }
    best.map(|(_, op)| op)
}

/// Discord serves the same routes under `/api`, `/api/v9` and `/api/v10`.
pub fn strip_api_prefix(path: &str) -> &str {
    for prefix in ["/api/v10", "/api/v9", "/api"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            if rest.is_empty() || rest.starts_with('/') {
                return rest;
            }
        }
    }
    path
}

impl Operation {
    /// The JSON schema of the request body, if the operation takes one.
    pub fn body_schema(&self) -> Option<&'static Value> {
        let content = self.op.get("requestBody")?.get("content")?;
        content
            .get("application/json")
            .map(|media| &media["schema"])
    }

    fn body_required(&self) -> bool {
        self.op.pointer("/requestBody/required") == Some(&Value::Bool(true))
    }

    fn param_schema(&self, name: &str) -> Option<&'static Value> {
        let declared = |holder: &'static Value| {
            holder["parameters"]
                .as_array()?
                .iter()
                .find(|p| p["name"] == name && p["in"] == "path")
                .map(|p| &p["schema"])
        };
        declared(self.op).or_else(|| declared(self.item))
    }

    /// Checks path parameters and the body. `body` is the JSON body, or the
    /// `payload_json` part of a multipart body; `None` when nothing was sent.
    pub fn check(&self, body: Option<&Value>) -> Vec<SchemaError> {
        let validator = Validator::new(spec());
        let mut errors = Vec::new();
        for (name, value) in &self.params {
            if let Some(schema) = self.param_schema(name) {
                for mut error in validator.validate(schema, &Value::String(value.clone())) {
                    error.path.insert(0, format!("{{{name}}}"));
                    errors.push(error);
                }
            }
        }
        match (self.body_schema(), body) {
            (Some(schema), Some(body)) => errors.extend(validator.validate(schema, body)),
            (Some(_), None) if self.body_required() => errors.push(SchemaError {
                path: Vec::new(),
                schema: None,
                code: "BASE_TYPE_REQUIRED",
                message: format!("{} requires a request body", self.id),
            }),
            (None, Some(body)) if !body.is_null() => errors.push(SchemaError {
                path: Vec::new(),
                schema: None,
                code: "BASE_TYPE_INVALID",
                message: format!("{} takes no request body, got {body}", self.id),
            }),
            _ => {}
        }
        errors
    }
}

/// The body schema of `PATCH /channels/{id}` for a channel of type `kind`.
/// The spec lists the four as `anyOf` (marked `x-discord-union: oneOf`):
/// Discord picks one by the channel's type. Their properties are open, so
/// checked as an `anyOf` every body passes as a DM's (`{"archived": "yes"}`
/// included); checked against the one for the channel, it is refused.
pub fn channel_update_schema(kind: u64) -> &'static str {
    match kind {
        1 => "UpdateDMRequestPartial",
        3 => "UpdateGroupDMRequestPartial",
        10..=12 => "UpdateThreadRequestPartial",
        _ => "UpdateGuildChannelRequestPartial",
    }
}

/// Checks an `update_channel` body against the schema for a channel of
/// type `kind` (see [`channel_update_schema`]).
pub fn check_channel_update(kind: u64, body: Option<&Value>) -> Vec<SchemaError> {
    let name = channel_update_schema(kind);
    let schema = &spec()["components"]["schemas"][name];
    match body {
        Some(body) => Validator::new(spec()).validate(schema, body),
        None => Vec::new(),
    }
}

/// Validates one request: finds its operation in the spec, then checks path
/// parameters and body. Errors read like
/// `/embeds/0/description (in RichEmbed): must be 4096 or fewer in length, is 5000`.
pub fn validate_request(method: &str, path: &str, body: Option<&Value>) -> Result<(), Vec<String>> {
    let Some(operation) = find_operation(method, path) else {
        return Err(vec![format!(
            "Discord's spec has no operation {method} {path}"
        )]);
    };
    let errors = operation.check(body);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors
            .iter()
            .map(|e| format!("{} {}: {e}", operation.id, path))
            .collect())
    }
}

/// Validates a recorded request (its JSON body or multipart `payload_json`).
pub fn validate_recorded(request: &RecordedRequest) -> Result<(), Vec<String>> {
    validate_request(&request.method, &request.path, request.json())
}

/// Panics, listing every problem, unless every request the fake received is
/// one Discord's spec accepts. Call it at the end of every end-to-end test.
pub fn assert_all_requests_valid(fake: &FakeDiscord) {
    let mut problems: Vec<String> = fake
        .requests()
        .iter()
        .filter_map(|request| validate_recorded(request).err())
        .flatten()
        .collect();
    // A channel edit against the schema of the channel's own type.
    for request in fake.requests() {
        if request.operation != "update_channel" {
            continue;
        }
        let id = request.route_path().split('/').nth(2).unwrap_or_default();
        let kind = id
            .parse()
            .ok()
            .and_then(|id| fake.channel(id))
            .and_then(|c| c["type"].as_u64());
        if let Some(kind) = kind {
            problems.extend(
                check_channel_update(kind, request.json())
                    .iter()
                    .map(|e| format!("update_channel {}: {e}", request.path)),
            );
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in requests sent to the fake Discord:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// The body Discord answers an invalid request with (code 50035). Serenity
/// turns its `errors` tree into `DiscordJsonSingleError`s with dotted paths.
pub fn invalid_form_body(errors: &[SchemaError]) -> Value {
    let mut tree = json!({});
    for error in errors {
        let mut node = &mut tree;
        for key in &error.path {
            node = node
                .as_object_mut()
                .expect("error tree nodes are objects")
                .entry(key.clone())
                .or_insert_with(|| json!({}));
        }
        let list = node
            .as_object_mut()
            .expect("error tree nodes are objects")
            .entry("_errors")
            .or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            list.push(json!({"code": error.code, "message": error.to_string()}));
        }
    }
    json!({"code": 50035, "message": "Invalid Form Body", "errors": tree})
}
