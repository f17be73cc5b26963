//! The state every handler shares: engine, case store, configuration, the
//! bot's own user id, the cooldown and the in-flight tracker. Cheap to clone
//! (one `Arc` inside), so each event task takes its own handle.

use super::cases::Cases;
use super::channels::Parents;
use super::context::Contexts;
use super::cooldown::Cooldown;
use super::moderators::GuildRoles;
use crate::config::Config;
use crate::conversation::Conversation;
use crate::triage::Engine;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::{OwnedRwLockReadGuard, RwLock as AsyncRwLock};

#[derive(Clone)]
pub struct Data {
    inner: Arc<Inner>,
}

struct Inner {
    /// Swapped whole by `/kb reload`. A std lock: readers clone the engine
    /// (one `Arc` bump) and let go at once, never holding it across `.await`.
    engine: RwLock<Engine>,
    cases: Cases,
    config: Config,
    /// Set from READY; 0 until then.
    bot_user: AtomicU64,
    cooldown: Cooldown,
    parents: Parents,
    known_threads: super::threads::KnownThreads,
    contexts: Contexts,
    roles: GuildRoles,
    guild_locales: super::guild_locale::GuildLocales,
    /// Every event handler holds a read guard while it runs; shutdown takes
    /// the write lock, which waits until the last handler has finished its
    /// writes.
    inflight: Arc<AsyncRwLock<()>>,
    closing: AtomicBool,
    /// Commands are registered on the first READY only; later READYs (after
    /// a reconnect that could not resume) would only repeat the same PUT.
    registered: AtomicBool,
    /// The knowledge-base generation in service (see `kb_sync`).
    kb_generation: AtomicI64,
    /// Held while a case's thread is archived or reopened (see
    /// `threads::follow_state`).
    thread_edits: tokio::sync::Mutex<()>,
}

impl Data {
    pub fn new(config: Config, engine: Engine, cases: Cases) -> Data {
        Data {
            inner: Arc::new(Inner {
                engine: RwLock::new(engine),
                cases,
                cooldown: Cooldown::new(config.discord.cooldown),
                parents: Parents::default(),
                known_threads: Default::default(),
                contexts: Contexts::default(),
                roles: GuildRoles::default(),
                guild_locales: Default::default(),
                config,
                bot_user: AtomicU64::new(0),
                inflight: Arc::new(AsyncRwLock::new(())),
                closing: AtomicBool::new(false),
                registered: AtomicBool::new(false),
                kb_generation: AtomicI64::new(0),
                thread_edits: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The engine in service right now.
    pub fn engine(&self) -> Engine {
        self.inner
            .engine
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Puts a freshly loaded engine in service.
    pub fn swap_engine(&self, engine: Engine) {
        *self.inner.engine.write().unwrap_or_else(|e| e.into_inner()) = engine;
    }

    /// Each server's preferred locale, for its notices.
    pub fn guild_locales(&self) -> &super::guild_locale::GuildLocales {
        &self.inner.guild_locales
    }

    pub fn cases(&self) -> &Cases {
        &self.inner.cases
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    pub fn cooldown(&self) -> &Cooldown {
        &self.inner.cooldown
    }

    pub fn parents(&self) -> &Parents {
        &self.inner.parents
    }

    /// Which channels are case threads.
    /// One thread-state edit at a time in this process.
    pub fn thread_edits(&self) -> &tokio::sync::Mutex<()> {
        &self.inner.thread_edits
    }

    pub fn known_threads(&self) -> &super::threads::KnownThreads {
        &self.inner.known_threads
    }

    /// What the bot last asked each member, per channel.
    pub fn contexts(&self) -> &Contexts {
        &self.inner.contexts
    }

    pub fn roles(&self) -> &GuildRoles {
        &self.inner.roles
    }

    /// The conversation with the engine in service right now.
    pub fn conversation(&self) -> Conversation {
        Conversation::new(self.engine(), self.inner.cases.store().clone())
    }

    pub fn bot_user(&self) -> u64 {
        self.inner.bot_user.load(Ordering::Relaxed)
    }

    pub fn set_bot_user(&self, id: u64) {
        self.inner.bot_user.store(id, Ordering::Relaxed);
    }

    /// True exactly once: for the caller that should register commands.
    pub fn first_ready(&self) -> bool {
        !self.inner.registered.swap(true, Ordering::AcqRel)
    }

    /// The knowledge-base generation this process has loaded.
    pub fn kb_generation(&self) -> i64 {
        self.inner.kb_generation.load(Ordering::Acquire)
    }

    /// Notes that generation `g` is in service (never moves back).
    pub fn saw_kb_generation(&self, g: i64) {
        self.inner.kb_generation.fetch_max(g, Ordering::AcqRel);
    }

    /// A guard to hold while handling one event; `None` once shutting down,
    /// so no new work starts after the shards were asked to close.
    pub async fn enter(&self) -> Option<OwnedRwLockReadGuard<()>> {
        if self.inner.closing.load(Ordering::Acquire) {
            return None;
        }
        let guard = self.inner.inflight.clone().read_owned().await;
        // An event that queued behind shutdown's write lock gets it only
        // after the store was closed: it must not start then.
        (!self.inner.closing.load(Ordering::Acquire)).then_some(guard)
    }

    /// Refuses new events and waits for those in flight to finish.
    pub async fn drain(&self) {
        self.inner.closing.store(true, Ordering::Release);
        let _all_done = self.inner.inflight.write().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::load_dir;
    use crate::store::Store;

    #[tokio::test]
    async fn shutdown_waits_for_events_in_flight_and_admits_no_new_ones() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::from_toml("", std::path::Path::new("t"), None).unwrap();
        let (kb, _) = load_dir(&config.knowledge_dir).unwrap();
        let engine = Engine::new(kb, config.triage.clone());
        let store = Store::open(dir.path().join("kyc.db")).await.unwrap();
        let data = Data::new(config, engine, Cases::new(store.clone()));

        let running = data.enter().await.expect("admitted before shutdown");
        let drain = tokio::spawn({
            let data = data.clone();
            async move { data.drain().await }
        });
        // Once closing, new events are refused at once...
        while data.enter().await.is_some() {
            tokio::task::yield_now().await;
        }
        // ...while the running one holds shutdown back until it is done.
        assert!(!drain.is_finished());
        drop(running);
        drain.await.unwrap();
        store.close().await;
    }
}
