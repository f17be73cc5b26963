//! The gateway: a WebSocket server speaking Discord's gateway protocol v10
//! (JSON text frames, no compression), to one client or to several (one
//! per shard).
//!
//! On connect it sends HELLO; IDENTIFY starts a session (READY, then one
//! GUILD_CREATE per guild of its shard if the client asked for the GUILDS
//! intent); IDENTIFY's `shard` [id, count] decides which guilds' events the
//! session receives, `(guild_id >> 22) % count` as Discord does; RESUME
//! continues it, replaying every dispatch after the client's last sequence
//! number before RESUMED, as Discord does. Dispatches sent while no connection
//! is up are kept for that replay, so a test can disconnect the bot, send it a
//! message, and prove it arrives after the resume.

use std::sync::Arc;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

use super::{payloads, Shared, State};

/// Gateway intents (Discord's bit values) the fake acts on.
pub mod intents {
    pub const GUILDS: u64 = 1 << 0;
    pub const GUILD_MESSAGES: u64 = 1 << 9;
    pub const DIRECT_MESSAGES: u64 = 1 << 12;
    pub const MESSAGE_CONTENT: u64 = 1 << 15;
}

/// What the connection task should do next, sent from the harness.
#[derive(Debug, Clone)]
pub(crate) enum Command {
    Send(String),
    /// Close with a close frame (code, reason).
    Close(u16, String),
    /// Drop the TCP connection without a close frame, like a network failure.
    Drop,
}

/// A session a client identified, kept across connections for RESUME.
/// Several may live at once: one per shard, and two on one shard while a
/// rolling deploy overlaps an old and a new process (both then receive the
/// shard's events, as from Discord).
#[derive(Debug)]
pub(crate) struct Session {
    pub id: String,
    pub seq: u64,
    /// IDENTIFY's `shard`: (shard id, shard count); (0, 1) when absent.
    pub shard: (u64, u64),
    /// Every frame sent in this session, by sequence number, for replay.
    history: Vec<(u64, String)>,
    /// The connection its dispatches go to: (connection id, command channel).
    connection: Option<(u64, UnboundedSender<Command>)>,
}

impl Session {
    /// Whether Discord routes an event of `guild` (None: a DM) to this session.
    fn serves(&self, guild: Option<u64>) -> bool {
        let (id, count) = self.shard;
        let target = guild.map_or(0, |g| (g >> 22) % count.max(1));
        target == id
    }

    fn send(&mut self, event: &str, d: &Value) -> u64 {
        self.seq += 1;
        let frame = json!({"op": 0, "s": self.seq, "t": event, "d": d}).to_string();
        self.history.push((self.seq, frame.clone()));
        if let Some((_, tx)) = &self.connection {
            let _ = tx.send(Command::Send(frame));
        }
        self.seq
    }
}

#[derive(Debug, Default)]
pub(crate) struct GatewayState {
    pub sessions: Vec<Session>,
    next_connection: u64,
    pub connections: usize,
    pub identifies: usize,
    pub resumes: usize,
    pub heartbeats: usize,
    /// The intents of the last IDENTIFY.
    pub intents: Option<u64>,
    /// Frames received from the client (op and d, with the token blanked).
    pub received: Vec<Value>,
    /// (sequence, event name) of every dispatch, in order (per session
    /// sequence numbers: with one session, the session's).
    pub dispatched: Vec<(u64, String)>,
    /// Why the fake closed connections ("4004 Authentication failed."), for
    /// failure messages.
    pub closes: Vec<String>,
}

/// The guild a dispatch belongs to, as Discord routes it to a shard.
fn guild_of(d: &Value) -> Option<u64> {
    d["guild_id"].as_str().and_then(|g| g.parse().ok())
}

impl GatewayState {
    /// Sends dispatch `event` to every session of the shard it belongs to
    /// and returns the (first) sequence number; None when no session
    /// serves that shard. A session without a connection keeps it in its
    /// history for a RESUME.
    pub fn dispatch(&mut self, event: &str, d: Value) -> Option<u64> {
        let guild = guild_of(&d);
        let mut first = None;
        for session in self.sessions.iter_mut().filter(|s| s.serves(guild)) {
            let seq = session.send(event, &d);
            first.get_or_insert(seq);
        }
        if let Some(seq) = first {
            self.dispatched.push((seq, event.to_owned()));
        }
        first
    }

    /// Whether some session would receive an event of `guild`.
    pub fn serves(&self, guild: Option<u64>) -> bool {
        self.sessions.iter().any(|s| s.serves(guild))
    }

    /// Sends a command to every current connection; false if there is none.
    pub fn command(&mut self, command: Command) -> bool {
        let mut sent = false;
        for (_, tx) in self.sessions.iter().filter_map(|s| s.connection.as_ref()) {
            sent |= tx.send(command.clone()).is_ok();
        }
        sent
    }

    /// Detaches every current connection (each dropped or closed by the command).
    pub fn detach(&mut self, command: Command) -> bool {
        let sent = self.command(command);
        for session in &mut self.sessions {
            session.connection = None;
        }
        sent
    }

    /// Forgets every session (op 9 with `false`): the clients must identify again.
    pub fn forget_sessions(&mut self) {
        self.sessions.clear();
    }

    /// The shards identified, as (shard id, shard count), one per session.
    pub fn shards(&self) -> Vec<(u64, u64)> {
        self.sessions.iter().map(|s| s.shard).collect()
    }
}

pub(crate) async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(connection(stream, Arc::clone(&shared)));
    }
}

async fn connection(stream: TcpStream, shared: Arc<Shared>) {
    let Ok(mut ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let (tx, mut rx) = unbounded_channel();
    let id = shared.update(|state| {
        state.gateway.connections += 1;
        state.gateway.next_connection += 1;
        state.gateway.next_connection
    });
    let hello = json!({"op": 10, "d": {"heartbeat_interval": shared.config.heartbeat_interval_ms}});
    if ws.send(Message::Text(hello.to_string())).await.is_err() {
        return;
    }
    tracing::debug!(connection = id, "fake gateway: client connected");

    loop {
        tokio::select! {
            command = rx.recv() => match command {
                Some(Command::Send(text)) => {
                    if ws.send(Message::Text(text)).await.is_err() {
                        break;
                    }
                }
                Some(Command::Close(code, reason)) => {
                    let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
                    let _ = ws.close(Some(frame)).await;
                    break;
                }
                Some(Command::Drop) | None => break,
            },
            frame = ws.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    let verdict = shared.update(|state| {
                        let verdict = on_frame(state, &shared, id, &tx, &text);
                        if let Some((code, reason)) = verdict {
                            state.gateway.closes.push(format!("{code} {reason}"));
                        }
                        verdict
                    });
                    if let Some((code, reason)) = verdict {
                        let frame = CloseFrame { code: CloseCode::from(code), reason: reason.into() };
                        let _ = ws.close(Some(frame)).await;
                        break;
                    }
                }
                Some(Ok(Message::Close(_))) => {
                    // Answer the close handshake (tungstenite queued the reply;
                    // flushing sends it): serenity's shutdown waits for it.
                    let _ = ws.flush().await;
                    break;
                }
                Some(Err(_)) | None => break,
                Some(Ok(_)) => {} // pings and binary frames: serenity sends none that matter
            },
        }
    }
    // Dropping `ws` here closes the TCP connection.
    shared.update(|state| {
        for session in &mut state.gateway.sessions {
            if session.connection.as_ref().is_some_and(|(c, _)| *c == id) {
                session.connection = None;
            }
        }
    });
    tracing::debug!(connection = id, "fake gateway: connection ended");
}

/// Handles one frame from the client; returns a close code and reason when
/// Discord would close the connection.
fn on_frame(
    state: &mut State,
    shared: &Shared,
    connection: u64,
    tx: &UnboundedSender<Command>,
    text: &str,
) -> Option<(u16, &'static str)> {
    let Ok(mut frame) = serde_json::from_str::<Value>(text) else {
        return Some((4002, "Error while decoding payload."));
    };
    let op = frame["op"].as_u64();
    let d = frame["d"].clone();
    if frame["d"].get("token").is_some() {
        frame["d"]["token"] = json!("<redacted>");
    }
    state.gateway.received.push(frame);
    let gateway = &mut state.gateway;
    let attached = gateway
        .sessions
        .iter()
        .any(|s| s.connection.as_ref().is_some_and(|(c, _)| *c == connection));
    let send = |value: Value| {
        let _ = tx.send(Command::Send(value.to_string()));
    };

    match op {
        Some(1) => {
            gateway.heartbeats += 1;
            send(json!({"op": 11, "d": null}));
        }
        Some(2) => {
            if attached {
                return Some((4005, "Already authenticated."));
            }
            if !token_matches(&d["token"], &shared.config.token) {
                return Some((4004, "Authentication failed."));
            }
            let intents = d["intents"].as_u64().unwrap_or(0);
            let shard = match d["shard"]
                .as_array()
                .map(|a| (a[0].as_u64(), a[1].as_u64()))
            {
                None => (0, 1),
                Some((Some(id), Some(count))) if count > 0 && id < count => (id, count),
                Some(_) => return Some((4010, "Invalid shard.")),
            };
            gateway.identifies += 1;
            gateway.intents = Some(intents);
            // A session of this shard whose connection is gone belonged to
            // a client that now identifies again: it is over. One with a
            // live connection is another process on the same shard.
            gateway.sessions.retain(|s| {
                let live = s.connection.as_ref().is_some_and(|(_, tx)| !tx.is_closed());
                s.shard != shard || live
            });
            let session_id = format!("{:032x}", payloads::snowflake());
            let mut session = Session {
                id: session_id.clone(),
                seq: 0,
                shard,
                history: Vec::new(),
                connection: Some((connection, tx.clone())),
            };

            let config = &shared.config;
            let me = payloads::current_user(config.bot_user_id, &config.bot_name);
            let guilds: Vec<_> = state
                .world
                .guilds
                .iter()
                .filter(|g| session.serves(Some(g.id)))
                .collect();
            let guild_ids: Vec<u64> = guilds.iter().map(|g| g.id).collect();
            let mut ready = payloads::ready(
                &me,
                &guild_ids,
                &session_id,
                &shared.gateway_url,
                config.application_id,
            );
            ready["shard"] = json!([shard.0, shard.1]);
            let seq = session.send("READY", &ready);
            state.gateway.dispatched.push((seq, "READY".into()));
            if intents & intents::GUILDS != 0 {
                for create in guilds.iter().map(|g| g.guild_create()) {
                    let seq = session.send("GUILD_CREATE", &create);
                    state.gateway.dispatched.push((seq, "GUILD_CREATE".into()));
                }
            }
            state.gateway.sessions.push(session);
        }
        Some(6) => {
            if !token_matches(&d["token"], &shared.config.token) {
                return Some((4004, "Authentication failed."));
            }
            let resumable = gateway
                .sessions
                .iter_mut()
                .find(|s| d["session_id"] == s.id.as_str());
            let Some(session) = resumable else {
                // Not resumable: the client must identify again.
                send(json!({"op": 9, "d": false}));
                return None;
            };
            let after = d["seq"].as_u64().unwrap_or(0);
            for (_, frame) in session.history.iter().filter(|(seq, _)| *seq > after) {
                let _ = tx.send(Command::Send(frame.clone()));
            }
            session.connection = Some((connection, tx.clone()));
            let seq = session.send("RESUMED", &json!({}));
            gateway.resumes += 1;
            gateway.dispatched.push((seq, "RESUMED".into()));
        }
        // Presence update, voice state, request guild members, soundboard: noted, no answer.
        Some(3 | 4 | 8 | 31) if attached => {}
        Some(3 | 4 | 8 | 31) => return Some((4003, "Not authenticated.")),
        _ => return Some((4001, "Unknown opcode.")),
    }
    None
}

/// serenity sends `Bot <token>` in IDENTIFY; Discord accepts it with or without the prefix.
fn token_matches(sent: &Value, token: &str) -> bool {
    let sent = sent.as_str().unwrap_or_default();
    sent.strip_prefix("Bot ").unwrap_or(sent) == token.strip_prefix("Bot ").unwrap_or(token)
}

/// What Discord would deliver of a dispatch to a client with `intents`:
/// message events need GUILD_MESSAGES or DIRECT_MESSAGES, and without
/// MESSAGE_CONTENT their content, embeds, attachments and components are
/// empty unless the message is a DM, mentions the bot, or is the bot's own.
/// None when the event is not delivered at all.
pub(crate) fn filter_by_intents(
    intents: u64,
    bot_user_id: u64,
    event: &str,
    mut d: Value,
) -> Option<Value> {
    if !matches!(event, "MESSAGE_CREATE" | "MESSAGE_UPDATE") {
        return Some(d);
    }
    let in_guild = d.get("guild_id").is_some_and(|g| !g.is_null());
    let needed = if in_guild {
        intents::GUILD_MESSAGES
    } else {
        intents::DIRECT_MESSAGES
    };
    if intents & needed == 0 {
        return None;
    }
    let bot = bot_user_id.to_string();
    let by_bot = d["author"]["id"] == bot.as_str();
    let mentions_bot = d["mentions"]
        .as_array()
        .is_some_and(|m| m.iter().any(|u| u["id"] == bot.as_str()));
    if in_guild && !by_bot && !mentions_bot && intents & intents::MESSAGE_CONTENT == 0 {
        d["content"] = json!("");
        for key in ["embeds", "attachments", "components"] {
            d[key] = json!([]);
        }
        if let Some(object) = d.as_object_mut() {
            object.remove("poll");
        }
    }
    Some(d)
}
