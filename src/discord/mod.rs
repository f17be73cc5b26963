//! The Discord adapter and `kyc-triage serve`: a thin serenity layer that
//! maps events to requests, calls [`crate::conversation`], renders, and
//! sends. No matching logic, no conversation rules and no SQL live here.
//!
//! - `handler`: the serenity `EventHandler`, routing events to:
//! - `messages`: members' messages (addressing, moderators, privacy guard,
//!   cooldown, follow-ups in context);
//! - `context`: what the bot last asked each member, per channel;
//! - `commands`: slash command definitions, `/kyc`, `/triage`, autocomplete;
//!   `command_names`: their Chinese names and choices;
//! - `moderators`: the permission check, `/escalations`, `/kb reload`;
//! - `interactions`: buttons, select menus and the resolve modal;
//! - `respond`: the conversation's turn -> embeds and components;
//! - `escalate`: the moderators' notice of a recorded case;
//! - `embeds`: replies and notices as embeds/components within Discord's limits;
//!   `staff_text`: what moderators read, in en, zh-CN or zh-TW; `guild_locale`:
//!   each server's preferred locale, for its notices;
//! - `custom_id`: the stateless ids that buttons carry;
//! - `cases`: the store for moderators' work; `privacy`: the redaction guard;
//! - `channels`: support channels and the threads under them; `case_home`:
//!   which text channel can hold a case's private thread;
//! - `cooldown`: per-user rate limit; `state`: the shared `Data`;
//! - `rest`: the one retry layer (429s waited out) every REST call goes through;
//! - `shards`: gateway shard states for `/healthz` and `/metrics`;
//! - several processes on one database: `identify` (whose turn it is to
//!   IDENTIFY), `once` (each event acted on once), `kb_sync` (`/kb reload`
//!   everywhere).

mod ack;
mod case_home;
mod cases;
mod channels;
mod command_names;
mod commands;
mod context;
mod cooldown;
mod custom_id;
mod embeds;
mod escalate;
mod guild_locale;
mod handler;
mod identify;
mod interactions;
mod kb_sync;
mod messages;
mod moderators;
mod notice_actions;
mod once;
mod privacy;
mod respond;
mod rest;
mod shards;
mod staff_text;
mod state;
mod threads;

use crate::config::{Config, TOKEN_ENV};
use crate::store::{spawn_retention, Location, Store, StoreOptions};
use serenity::all::{ClientBuilder, GatewayIntents, HttpBuilder};
use std::future::Future;
use std::time::Duration;

pub use commands::definitions as command_definitions;

/// How long shutdown waits for shards and in-flight events before giving up.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Asks Discord who the bot is before connecting. A rejected token ends
/// `serve` at once with a clear error; without this check serenity would
/// fall back to its built-in gateway URL and retry for ever. Other failures
/// (Discord unreachable) are left to serenity's own retries.
async fn check_token(
    http: &serenity::all::Http,
    scrub: &impl Fn(&dyn std::fmt::Display) -> String,
) -> Result<(), ServeError> {
    use serenity::all::HttpError;
    match rest::call("get_my_user", || http.get_current_user()).await {
        Ok(me) => {
            tracing::info!(bot = %me.id, name = %me.name, "token accepted");
            Ok(())
        }
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(r)))
            if r.status_code.as_u16() == 401 =>
        {
            Err(ServeError::InvalidToken)
        }
        Err(e) => {
            tracing::warn!(error = %scrub(&e), "cannot reach Discord yet; the gateway will retry");
            Ok(())
        }
    }
}

/// Opens the store on a blocking thread. rustc cannot prove `Store::open`'s
/// future `Send` (borrows held across the awaits of its retry loop meet
/// sqlx's higher-ranked `Acquire` bounds: "implementation of `Send` is not
/// general enough"), which would make `run` unspawnable; driven to
/// completion on its own thread, only the resulting `Store` crosses over.
async fn open_store(location: Location) -> Result<Store, ServeError> {
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        runtime.block_on(Store::open_at(location, StoreOptions::default()))
    })
    .await
    .map_err(|e| ServeError::Store(e.to_string()))?
    .map_err(|e| ServeError::Store(e.to_string()))
}

/// Why `serve` could not run; each says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "no Discord bot token: set {TOKEN_ENV} or discord.token in the config file \
         (see config.example.toml). To try the bot locally without Discord, run `kyc-triage chat`."
    )]
    MissingToken,
    #[error("{0}")]
    Knowledge(String),
    #[error("cannot open the case store: {0}")]
    Store(String),
    #[error(
        "Discord rejected the bot token (401 Unauthorized): check {TOKEN_ENV} \
         (Developer Portal → your application → Bot → Reset Token)"
    )]
    InvalidToken,
    /// Already scrubbed of the token.
    #[error("Discord connection failed: {0}")]
    Discord(String),
    /// An explicitly configured `metrics.listen` that cannot be bound.
    #[error("{0}")]
    Metrics(String),
}

/// The gateway intents the bot needs; Message Content is privileged and must
/// be enabled in the developer portal (see README.md).
pub fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS
        | GatewayIntents::GUILD_MESSAGES
        | GatewayIntents::DIRECT_MESSAGES
        | GatewayIntents::MESSAGE_CONTENT
}

/// Connects to Discord and serves until `shutdown` completes (Ctrl-C and
/// SIGTERM in `main`, a oneshot in tests); then closes the shards, waits
/// for in-flight events to finish their writes and closes the store.
pub async fn run(config: Config, shutdown: impl Future<Output = ()>) -> Result<(), ServeError> {
    let token = config
        .discord
        .token
        .clone()
        .ok_or(ServeError::MissingToken)?;
    let scrub = |e: &dyn std::fmt::Display| {
        let text = e.to_string();
        let secret = token.expose();
        if secret.is_empty() {
            text
        } else {
            text.replace(secret, "[token]")
        }
    };

    let engine = kb_sync::load(&config)
        .await
        .map_err(ServeError::Knowledge)?;
    let store = open_store(config.store.location()).await?;
    let cases = cases::Cases::new(store.clone());
    // Up before the gateway, so that /healthz says "not connected yet".
    let gateway = crate::ops::Gateway::default();
    let health = crate::ops::Health {
        store: store.clone(),
        gateway: gateway.clone(),
    };
    let endpoints = crate::ops::start(&config.metrics, health)
        .await
        .map_err(|e| ServeError::Metrics(e.to_string()))?;

    let mut http = HttpBuilder::new(token.expose());
    if let Some(base) = &config.discord.api_base {
        // The proxy rate-limits; serenity's own limiter would also bypass it.
        http = http.proxy(base.clone()).ratelimiter_disabled(true);
    }
    let http = http.build();
    check_token(&http, &scrub).await?;
    let data = state::Data::new(config, engine, cases.clone());
    match store.case_thread_channels().await {
        Ok(ids) => data.known_threads().load(ids),
        // Not fatal: every message is then looked up in the store instead.
        Err(e) => tracing::warn!(error = %e, "cannot load the case threads"),
    }
    let mut client = ClientBuilder::new_with_http(http, intents())
        .event_handler(handler::Handler { data: data.clone() })
        .event_handler(shards::ShardWatch {
            gateway: gateway.clone(),
        })
        .await
        .map_err(|e| ServeError::Discord(scrub(&e)))?;
    gateway.set_probe(shards::probe(client.shard_manager.clone()));
    let shards = client.shard_manager.clone();

    kb_sync::start(&data).await;
    // Background chores share one stop signal.
    let (chores_stop, chores_stopped) = tokio::sync::watch::channel(false);
    let stopped = move || {
        let mut rx = chores_stopped.clone();
        async move {
            let _ = rx.wait_for(|stop| *stop).await;
        }
    };
    let chores = [
        spawn_retention(store.clone(), data.config().store.retention, stopped()),
        kb_sync::spawn(data.clone(), stopped()),
        once::spawn_forgetting(store.clone(), stopped()),
    ];

    let range = data.config().discord.shards;
    tokio::pin!(shutdown);
    // Another process's IDENTIFY turn may last a while (5 s per shard):
    // a stop asked for meanwhile is obeyed at once.
    let my_turn = tokio::select! {
        () = identify::wait_for_turn(&store, range) => true,
        () = &mut shutdown => false,
    };
    let result = if !my_turn {
        tracing::info!("stopped before connecting");
        Ok(())
    } else {
        tracing::info!(%range, "starting the gateway connection");
        // serenity reads the range's end as the last shard, inclusive.
        let start = client.start_shard_range(range.first..range.last, range.total);
        tokio::pin!(start);
        tokio::select! {
            r = &mut start => r.map_err(|e| ServeError::Discord(scrub(&e))),
            () = &mut shutdown => {
                tracing::info!("shutting down");
                shards.shutdown_all().await;
                if tokio::time::timeout(SHUTDOWN_GRACE, &mut start).await.is_err() {
                    tracing::warn!("shards did not stop in time");
                }
                Ok(())
            }
        }
    };
    if tokio::time::timeout(SHUTDOWN_GRACE, data.drain())
        .await
        .is_err()
    {
        tracing::warn!("some events were still running at shutdown");
    }
    let _ = chores_stop.send(true);
    for chore in chores {
        let _ = chore.await;
    }
    if let Some(endpoints) = endpoints {
        endpoints.stop();
    }
    store.close().await;
    tracing::info!("stopped");
    result
}
