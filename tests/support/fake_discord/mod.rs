//! A Discord-compatible fake on 127.0.0.1 for end-to-end tests: REST and the
//! gateway, good enough for the real serenity 0.12 client.
//!
//! ```ignore
//! let fake = FakeDiscord::start().await;
//! let http = HttpBuilder::new(fake.token())
//!     .proxy(fake.api_base())          // only honoured with the rate limiter off
//!     .ratelimiter_disabled(true)
//!     .build();
//! let mut client = ClientBuilder::new_with_http(http, intents).event_handler(handler).await?;
//! tokio::spawn(async move { client.start().await });
//! fake.wait_for_identify(1).await;
//!
//! let alice = payloads::default_user();
//! let message = payloads::message_create(SUPPORT_CHANNEL_ID, Some(GUILD_ID), alice, "hi").build();
//! fake.send_dispatch("MESSAGE_CREATE", message).await;
//! let reply = fake.wait_for_request(|r| r.is("POST", "/channels/*/messages"), TIMEOUT).await;
//! assert_all_requests_valid(&fake);
//! ```
//!
//! Recipes (IDs in [`payloads`]' constants; every wait panics after [`TIMEOUT`]):
//! - a user writes: `send_dispatch("MESSAGE_CREATE", payloads::message_create(..).build())`,
//!   with `.mention(..)`, `.reply_to(..)`, `.attachment(..)`, `.webhook(..)`;
//! - a user runs a command: `send_dispatch("INTERACTION_CREATE", fake.slash_command(..).build())`
//!   (the bot must have registered it), or `fake.autocomplete`, `payloads::button_click`,
//!   `payloads::select`, `payloads::modal_submit`; `payloads::callback_path` finds the answer;
//! - what the bot did: `wait_for_request(predicate, TIMEOUT)`, `requests()`, `message(id)`,
//!   `original_response(interaction_id)`, `interaction_callback(id)`;
//! - trouble: `fail(Failure::missing_permissions("delete_message"))`, `disconnect()`,
//!   `request_reconnect()`, `close(4000, ..)`, `invalidate_session(false)`, then
//!   `wait_for_resume(n)` / `wait_for_identify(n)`;
//! - at the end: `assert_all_requests_valid(&fake)` and `fake.assert_no_unknown_routes()`.
//!
//! Faithful on purpose, as Discord is: the bot's own messages come back as
//! MESSAGE_CREATE; intents decide what is delivered (no MESSAGE_CONTENT: empty
//! guild content); invalid bodies get 400/50035; an interaction is answered
//! once; replies must reference a message that exists. [`FakeConfig`] can turn
//! off the first three, and add Discord's 3 s deadline for interaction answers.
//!
//! Layout: `rest.rs` (the HTTP server) hands requests to `routes.rs` and
//! `webhooks.rs` (interaction responses), which answer from `world/` (what
//! exists); `gateway.rs` is the WebSocket side;
//! `record.rs` is what gets recorded; `payloads/` builds Discord objects;
//! `openapi.rs` + `schema.rs` check bodies against Discord's OpenAPI spec.

pub mod gateway;
mod harness;
pub mod openapi;
pub mod payloads;
pub mod record;
mod rest;
mod routes;
pub mod schema;
mod webhooks;
pub mod world;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use openapi::{assert_all_requests_valid, validate_request};
pub use record::{RecordedBody, RecordedRequest};
pub use world::GuildFixture;

use gateway::GatewayState;
use rest::Reply;
use world::World;

/// A failure guard for waits: long enough for a loaded 2-core machine, short
/// enough that a broken test fails quickly.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Who the bot is and how strict the fake is. `Default` is the world in
/// [`payloads`]' constants.
#[derive(Clone, Debug)]
pub struct FakeConfig {
    /// The bot token the fake accepts (REST `Authorization: Bot <token>`, IDENTIFY).
    pub token: String,
    pub bot_user_id: u64,
    pub bot_name: String,
    pub application_id: u64,
    /// Guilds the bot is in. The default's members include the default bot:
    /// rebuild it with [`GuildFixture::support_guild`] if you change the bot.
    pub guilds: Vec<GuildFixture>,
    /// HELLO's heartbeat interval. Shorter than Discord's 41 s, so heartbeats
    /// happen during tests, but not 1 s: serenity starts its shard over with a
    /// fresh IDENTIFY when a heartbeat's ACK has not been read by the next
    /// heartbeat, and a bot process starved of CPU on a loaded 2-core machine
    /// missed that and re-identified mid-test (a third IDENTIFY in the shard
    /// tests, an identify count of 2 where resumes were asserted).
    pub heartbeat_interval_ms: u64,
    /// Send MESSAGE_CREATE for the bot's own messages, as Discord does (a bot
    /// that answers itself loops in production; here too).
    pub echo_bot_messages: bool,
    /// Deliver message events only with the intents Discord requires, and blank
    /// guild message content without MESSAGE_CONTENT (see [`gateway::filter_by_intents`]).
    pub enforce_intents: bool,
    /// Answer bodies Discord's OpenAPI spec rejects with 400 / 50035, as Discord does.
    pub reject_invalid_bodies: bool,
    /// Refuse interaction callbacks later than this (Discord: 3 s). Off by
    /// default so a slow CI machine cannot fail a test; set it to test deferral.
    pub interaction_deadline: Option<Duration>,
    /// What `GET /gateway` answers instead of the fake's own gateway URL,
    /// e.g. a closed loopback port: the bot then never gets connected.
    pub advertised_gateway: Option<String>,
}

impl Default for FakeConfig {
    fn default() -> Self {
        let bot = payloads::bot_user(payloads::BOT_USER_ID, payloads::BOT_NAME);
        Self {
            token: payloads::TOKEN.into(),
            bot_user_id: payloads::BOT_USER_ID,
            bot_name: payloads::BOT_NAME.into(),
            application_id: payloads::APPLICATION_ID,
            guilds: vec![GuildFixture::support_guild(&bot)],
            heartbeat_interval_ms: 5_000,
            echo_bot_messages: true,
            enforce_intents: true,
            reject_invalid_bodies: true,
            interaction_deadline: None,
            advertised_gateway: None,
        }
    }
}

/// A canned error for one route: see [`FakeDiscord::fail`].
#[derive(Clone, Debug)]
pub struct Failure {
    /// Discord's operationId (`delete_message`, `create_message`, ...), as in
    /// [`RecordedRequest::operation`].
    pub operation: String,
    pub status: u16,
    pub body: Value,
    /// How many more requests fail; None: all until cleared.
    pub remaining: Option<usize>,
    /// Response headers sent with the error (a 429's `Retry-After`, ...).
    pub headers: Vec<(String, String)>,
    /// Only requests to paths matching this (`*` for any segment, as in
    /// [`RecordedRequest::is`]) fail; None: every path of `operation`.
    pub path: Option<String>,
}

impl Failure {
    /// Fails `operation` with `status` and `{"message": message, "code": code}`.
    pub fn new(operation: &str, status: u16, code: u64, message: &str) -> Self {
        Self {
            operation: operation.into(),
            status,
            body: world::Rejection::new(status, code, message).body,
            remaining: None,
            headers: Vec::new(),
            path: None,
        }
    }

    /// 429 Too Many Requests as Discord sends it on a route's limit: the
    /// body of its docs (`message`, `retry_after` in seconds, `global`; no
    /// `code`), `Retry-After` in whole seconds (rounded up) and the
    /// `X-RateLimit-*` headers of an exhausted bucket. Discord did nothing
    /// with the request: the fake records it and changes nothing.
    pub fn rate_limited(operation: &str, retry_after: f64) -> Self {
        let header = |k: &str, v: String| (k.to_owned(), v);
        Self {
            operation: operation.into(),
            status: 429,
            body: serde_json::json!({
                "message": "You are being rate limited.",
                "retry_after": retry_after,
                "global": false,
            }),
            remaining: None,
            headers: vec![
                header("retry-after", (retry_after.ceil() as u64).to_string()),
                header("x-ratelimit-limit", "5".into()),
                header("x-ratelimit-remaining", "0".into()),
                header("x-ratelimit-reset-after", format!("{retry_after:.3}")),
                header("x-ratelimit-bucket", format!("fake-{operation}")),
                header("x-ratelimit-scope", "user".into()),
            ],
            path: None,
        }
    }

    /// 403 Missing Permissions (50013), e.g. deleting without MANAGE_MESSAGES.
    pub fn missing_permissions(operation: &str) -> Self {
        Self::new(operation, 403, 50013, "Missing Permissions")
    }

    /// 403 Missing Access (50001), e.g. a channel the bot cannot see.
    pub fn missing_access(operation: &str) -> Self {
        Self::new(operation, 403, 50001, "Missing Access")
    }

    /// 500, as during a Discord incident.
    pub fn server_error(operation: &str) -> Self {
        Self::new(operation, 500, 0, "500: Internal Server Error")
    }

    /// Only requests to paths matching `pattern` fail, e.g.
    /// `/channels/42/messages` (one channel of `create_message`).
    pub fn at(mut self, pattern: &str) -> Self {
        self.path = Some(pattern.into());
        self
    }

    /// Only the next `n` matching requests fail.
    pub fn times(mut self, n: usize) -> Self {
        self.remaining = Some(n);
        self
    }
}

/// Everything behind the lock. A std Mutex: it is never held across an await.
#[derive(Debug)]
pub(crate) struct State {
    pub requests: Vec<RecordedRequest>,
    /// Which requests `wait_for_request` has already handed out.
    claimed: Vec<bool>,
    failures: Vec<Failure>,
    pub world: World,
    pub gateway: GatewayState,
}

impl State {
    fn record(&mut self, mut request: RecordedRequest) {
        request.index = self.requests.len();
        tracing::debug!(request = %request.summary(), "fake discord");
        self.requests.push(request);
        self.claimed.push(false);
    }

    /// The canned reply for `operation`, if a failure is armed for it,
    /// with the headers that go with it.
    fn take_failure(
        &mut self,
        operation: &str,
        path: &str,
    ) -> Option<(Reply, Vec<(String, String)>)> {
        let failure = self.failures.iter_mut().find(|f| {
            f.operation == operation
                && f.remaining != Some(0)
                && f.path
                    .as_deref()
                    .is_none_or(|p| record::path_matches(p, path))
        })?;
        let reply = Reply {
            status: failure.status,
            body: Some(failure.body.clone()),
        };
        let headers = failure.headers.clone();
        if let Some(remaining) = &mut failure.remaining {
            *remaining -= 1;
        }
        self.failures.retain(|f| f.remaining != Some(0));
        Some((reply, headers))
    }

    /// Delivers a dispatch as Discord would: the world learns from it, then the
    /// client gets it if its intents allow. Returns the sequence number.
    fn deliver(&mut self, config: &FakeConfig, event: &str, d: Value) -> Option<u64> {
        self.world.observe(event, &d);
        let d = match (config.enforce_intents, self.gateway.intents) {
            (true, Some(intents)) => {
                gateway::filter_by_intents(intents, config.bot_user_id, event, d)?
            }
            _ => d,
        };
        self.gateway.dispatch(event, d)
    }

    /// MESSAGE_CREATE for a message the bot just sent over REST.
    fn announce(&mut self, config: &FakeConfig, message: &Value) {
        let ephemeral = message["flags"].as_u64().unwrap_or(0) & webhooks::EPHEMERAL != 0;
        if !config.echo_bot_messages || ephemeral {
            return; // Discord dispatches no ephemeral messages
        }
        let mut d = message.clone();
        if let Some(guild) = world::id_of(&d["channel_id"]).and_then(|c| self.world.guild_of(c)) {
            d["guild_id"] = serde_json::json!(guild.to_string());
            d["member"] = payloads::partial_member(&[]);
        }
        self.deliver(config, "MESSAGE_CREATE", d);
    }
}

pub(crate) struct Shared {
    pub config: FakeConfig,
    pub api_base: String,
    pub gateway_url: String,
    state: Mutex<State>,
    /// Bumped after every change to `state`, so waiters wake without polling.
    changed: watch::Sender<u64>,
}

impl Shared {
    /// Runs `f` on the state, then wakes every waiter.
    pub fn update<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let result = self.quietly(f);
        self.changed.send_modify(|version| *version += 1);
        result
    }

    /// Runs `f` on the state without waking anyone (for reads, and for
    /// waiters' own bookkeeping, which must not wake themselves).
    fn quietly<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut state)
    }
}

/// The fake: a REST server and a gateway on 127.0.0.1, stopped on drop.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    tasks: Vec<JoinHandle<()>>,
}
