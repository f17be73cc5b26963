//! The test-facing API of [`FakeDiscord`]: start, inspect, drive, wait.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::gateway::{self, Command, GatewayState};
use super::payloads::{self, InteractionBuilder};
use super::record::RecordedRequest;
use super::world::World;
use super::{rest, Failure, FakeConfig, FakeDiscord, Shared, State, TIMEOUT};

impl FakeDiscord {
    /// Starts the fake with the default world ([`FakeConfig::default`]).
    pub async fn start() -> Self {
        Self::start_with(FakeConfig::default()).await
    }

    pub async fn start_with(config: FakeConfig) -> Self {
        let rest_listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake REST port");
        let gateway_listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake gateway port");
        let port = |listener: &TcpListener| listener.local_addr().expect("bound").port();
        let bot = payloads::bot_user(config.bot_user_id, &config.bot_name);
        let state = State {
            requests: Vec::new(),
            claimed: Vec::new(),
            failures: Vec::new(),
            world: World::new(bot, config.application_id, config.guilds.clone()),
            gateway: GatewayState::default(),
        };
        let shared = Arc::new(Shared {
            api_base: format!("http://127.0.0.1:{}", port(&rest_listener)),
            gateway_url: format!("ws://127.0.0.1:{}", port(&gateway_listener)),
            config,
            state: Mutex::new(state),
            changed: watch::channel(0).0,
        });
        let tasks = vec![
            tokio::spawn(rest::serve(rest_listener, Arc::clone(&shared))),
            tokio::spawn(gateway::serve(gateway_listener, Arc::clone(&shared))),
        ];
        Self { shared, tasks }
    }

    /// `http://127.0.0.1:PORT`: give it to serenity's `HttpBuilder::proxy`
    /// (with `ratelimiter_disabled(true)`, without which serenity ignores the proxy).
    pub fn api_base(&self) -> String {
        self.shared.api_base.clone()
    }

    /// `ws://127.0.0.1:PORT`, as `GET /gateway` answers.
    pub fn gateway_url(&self) -> String {
        self.shared.gateway_url.clone()
    }

    pub fn config(&self) -> &FakeConfig {
        &self.shared.config
    }

    /// The token the fake accepts.
    pub fn token(&self) -> &str {
        &self.shared.config.token
    }

    pub fn bot_user_id(&self) -> u64 {
        self.shared.config.bot_user_id
    }

    pub fn application_id(&self) -> u64 {
        self.shared.config.application_id
    }

    /// The bot as it appears as a message author.
    pub fn bot_user(&self) -> Value {
        payloads::bot_user(self.shared.config.bot_user_id, &self.shared.config.bot_name)
    }

    /// A serenity `Http` pointed at the fake, with the application id already
    /// set (a client learns it from READY).
    pub fn http(&self) -> serenity::http::Http {
        serenity::http::HttpBuilder::new(self.token())
            .proxy(self.api_base())
            .ratelimiter_disabled(true)
            .application_id(self.application_id().into())
            .build()
    }

    // ----- gateway -----

    /// Sends a dispatch (`MESSAGE_CREATE`, `INTERACTION_CREATE`, ...) to the
    /// connected bot and returns its sequence number. Waits (up to
    /// [`TIMEOUT`]) for the bot to have identified. While the bot is
    /// disconnected the dispatch is kept and replayed when it resumes.
    /// Returns None when the bot's intents exclude the event, as Discord would.
    pub async fn send_dispatch(&self, event: &str, data: Value) -> Option<u64> {
        let guild = data["guild_id"].as_str().and_then(|g| g.parse().ok());
        self.wait_until("a gateway session (the bot's IDENTIFY)", TIMEOUT, |s| {
            s.gateway.serves(guild).then_some(())
        })
        .await;
        let config = &self.shared.config;
        let seq = self
            .shared
            .update(|state| state.deliver(config, event, data));
        if seq.is_none() {
            tracing::debug!(
                event,
                "fake gateway: not delivered, the bot's intents exclude it"
            );
        }
        seq
    }

    /// Drops the bot's gateway connection without a close frame, like a
    /// network failure; serenity resumes. False if it was not connected.
    pub fn disconnect(&self) -> bool {
        self.shared.update(|s| s.gateway.detach(Command::Drop))
    }

    /// Closes the connection with a close frame, e.g. 4000 (unknown error:
    /// resume) or 4009 (session timed out: identify anew).
    pub fn close(&self, code: u16, reason: &str) -> bool {
        self.shared
            .update(|s| s.gateway.detach(Command::Close(code, reason.into())))
    }

    /// Sends op 7 RECONNECT; serenity reconnects and resumes.
    pub fn request_reconnect(&self) -> bool {
        let frame = serde_json::json!({"op": 7, "d": null}).to_string();
        self.shared
            .update(|s| s.gateway.command(Command::Send(frame)))
    }

    /// Sends op 9 INVALID_SESSION. Not resumable: the session is forgotten
    /// and the bot must identify again (serenity waits 5 s before that).
    pub fn invalidate_session(&self, resumable: bool) -> bool {
        let frame = serde_json::json!({"op": 9, "d": resumable}).to_string();
        self.shared.update(|s| {
            let sent = s.gateway.command(Command::Send(frame));
            if !resumable {
                s.gateway.forget_sessions();
            }
            sent
        })
    }

    /// Waits until the bot has identified `n` times in total.
    pub async fn wait_for_identify(&self, n: usize) {
        let what = format!("IDENTIFY #{n}");
        self.wait_until(&what, TIMEOUT, |s| {
            (s.gateway.identifies >= n).then_some(())
        })
        .await
    }

    /// Waits until the bot has resumed `n` times in total.
    pub async fn wait_for_resume(&self, n: usize) {
        let what = format!("RESUME #{n}");
        self.wait_until(&what, TIMEOUT, |s| (s.gateway.resumes >= n).then_some(()))
            .await
    }

    /// Waits until the bot has sent `n` heartbeats (each was ACKed).
    pub async fn wait_for_heartbeats(&self, n: usize) {
        let what = format!("{n} heartbeats");
        self.wait_until(&what, TIMEOUT, |s| {
            (s.gateway.heartbeats >= n).then_some(())
        })
        .await
    }

    pub fn identify_count(&self) -> usize {
        self.shared.quietly(|s| s.gateway.identifies)
    }

    pub fn resume_count(&self) -> usize {
        self.shared.quietly(|s| s.gateway.resumes)
    }

    pub fn heartbeat_count(&self) -> usize {
        self.shared.quietly(|s| s.gateway.heartbeats)
    }

    /// How many WebSocket connections the bot has opened.
    pub fn connection_count(&self) -> usize {
        self.shared.quietly(|s| s.gateway.connections)
    }

    /// The shards identified and still known, as (shard id, shard count),
    /// one per session (two on one shard while two processes hold it).
    pub fn shards(&self) -> Vec<(u64, u64)> {
        self.shared.quietly(|s| s.gateway.shards())
    }

    /// Waits until sessions for every shard in `shards` (id, count) exist.
    pub async fn wait_for_shards(&self, shards: &[(u64, u64)]) {
        let what = format!("sessions for shards {shards:?}");
        self.wait_until(&what, TIMEOUT * 2, |s| {
            let have = s.gateway.shards();
            shards.iter().all(|want| have.contains(want)).then_some(())
        })
        .await
    }

    /// The intents of the bot's last IDENTIFY.
    pub fn intents(&self) -> Option<u64> {
        self.shared.quietly(|s| s.gateway.intents)
    }

    /// Every frame the bot sent on the gateway (tokens blanked).
    pub fn gateway_frames(&self) -> Vec<Value> {
        self.shared.quietly(|s| s.gateway.received.clone())
    }

    /// (sequence number, event name) of every dispatch sent.
    pub fn dispatched(&self) -> Vec<(u64, String)> {
        self.shared.quietly(|s| s.gateway.dispatched.clone())
    }

    // ----- REST -----

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.quietly(|s| s.requests.clone())
    }

    /// Waits for the first request matching `predicate` that no earlier call
    /// returned, so consecutive waits with one predicate see consecutive
    /// requests. Panics after `timeout`, listing the requests received.
    pub async fn wait_for_request(
        &self,
        mut predicate: impl FnMut(&RecordedRequest) -> bool,
        timeout: Duration,
    ) -> RecordedRequest {
        self.wait_until("a matching request", timeout, |s| {
            let index =
                (0..s.requests.len()).find(|&i| !s.claimed[i] && predicate(&s.requests[i]))?;
            s.claimed[index] = true;
            Some(s.requests[index].clone())
        })
        .await
    }

    /// Requests to routes the fake does not serve (answered 404).
    pub fn unknown_requests(&self) -> Vec<RecordedRequest> {
        self.shared.quietly(|s| {
            s.requests
                .iter()
                .filter(|r| r.operation == "unknown_route")
                .cloned()
                .collect()
        })
    }

    /// Panics, listing them, if the bot called any route the fake does not serve.
    pub fn assert_no_unknown_routes(&self) {
        let unknown: Vec<String> = self
            .unknown_requests()
            .iter()
            .map(RecordedRequest::summary)
            .collect();
        assert!(
            unknown.is_empty(),
            "requests to routes the fake does not serve:\n  {}",
            unknown.join("\n  ")
        );
    }

    /// Makes requests to `failure.operation` fail (see [`Failure`]),
    /// e.g. `fake.fail(Failure::missing_permissions("delete_message").times(1))`.
    pub fn fail(&self, failure: Failure) {
        self.shared.update(|s| s.failures.push(failure));
    }

    pub fn clear_failures(&self) {
        self.shared.update(|s| s.failures.clear());
    }

    // ----- world -----

    /// A message as the fake holds it (sent by the bot or dispatched).
    pub fn message(&self, id: u64) -> Option<Value> {
        self.shared.quietly(|s| s.world.message(id).cloned())
    }

    /// A channel (or thread) as the fake knows it now.
    pub fn channel(&self, id: u64) -> Option<Value> {
        self.shared.quietly(|s| s.world.channel(id).cloned())
    }

    /// Who was added to a thread the bot opened, the bot first.
    pub fn thread_members(&self, thread: u64) -> Vec<u64> {
        self.shared.quietly(|s| s.world.thread_members(thread))
    }

    /// The command named `name` the bot registered, if it did.
    pub fn registered_command(&self, name: &str) -> Option<Value> {
        self.shared.quietly(|s| s.world.command(name).cloned())
    }

    /// The id of the command named `name` the bot registered. Panics if it
    /// never did: Discord sends interactions only for registered commands.
    pub fn registered_command_id(&self, name: &str) -> u64 {
        let command = self.registered_command(name).unwrap_or_else(|| {
            panic!(
                "the bot has not registered a command named {name:?}; Discord would never send it"
            )
        });
        command["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .expect("commands have snowflake ids")
    }

    /// An invocation of the registered command `name` ([`payloads::slash_command`]).
    pub fn slash_command(&self, name: &str, options: Vec<Value>) -> InteractionBuilder {
        payloads::slash_command(name, options).command_id(self.registered_command_id(name))
    }

    /// Autocomplete for the registered command `name` ([`payloads::autocomplete`]).
    pub fn autocomplete(&self, name: &str, options: Vec<Value>) -> InteractionBuilder {
        payloads::autocomplete(name, options).command_id(self.registered_command_id(name))
    }

    /// Tells the fake about a payload a test hands to the bot some other way
    /// than the gateway (e.g. calling a handler directly), so that REST calls
    /// about it (an interaction callback, a reply) find it. `send_dispatch`
    /// does this itself.
    pub fn learn(&self, event: &str, data: &Value) {
        self.shared.update(|s| s.world.observe(event, data));
    }

    /// The message the bot's response to interaction `id` created or chose
    /// (what `@original` refers to), as it is now.
    pub fn original_response(&self, id: u64) -> Option<Value> {
        self.shared.quietly(|s| {
            let original = s.world.interactions.get(&id)?.original?;
            s.world.message(original).cloned()
        })
    }

    /// The callback type the bot answered interaction `id` with, if it has.
    pub fn interaction_callback(&self, id: u64) -> Option<u64> {
        self.shared
            .quietly(|s| s.world.interactions.get(&id).and_then(|p| p.callback))
    }

    /// Waits until `check` finds what it looks for in the fake's state; every
    /// change to the state re-runs it (no polling, no sleeps).
    pub(crate) async fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut check: impl FnMut(&mut State) -> Option<T>,
    ) -> T {
        let mut changes = self.shared.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            changes.borrow_and_update();
            if let Some(found) = self.shared.quietly(&mut check) {
                return found;
            }
            if tokio::time::timeout_at(deadline, changes.changed())
                .await
                .is_err()
            {
                let seen: Vec<String> = self
                    .requests()
                    .iter()
                    .map(RecordedRequest::summary)
                    .collect();
                let closes = self.shared.quietly(|s| s.gateway.closes.clone());
                panic!(
                    "fake Discord: timed out after {timeout:?} waiting for {what}.\n\
                     identifies: {}, resumes: {}, gateway closed by the fake: {closes:?}\n\
                     dispatched: {:?}\nrequests:\n  {}",
                    self.identify_count(),
                    self.resume_count(),
                    self.dispatched(),
                    seen.join("\n  ")
                );
            }
        }
    }
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.shared.quietly(|s| s.gateway.detach(Command::Drop));
        for task in &self.tasks {
            task.abort();
        }
    }
}
