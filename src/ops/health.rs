//! Is this process able to do its job? `/healthz` answers with
//! [`Health::check`]: at least one gateway shard connected, the store
//! answering a query within [`STORE_TIMEOUT`], and its last write not a
//! failure. The same pass refreshes the gauges that come from outside the
//! event stream (open cases, shard states), so `/metrics` calls it too.

use super::record;
use crate::store::Store;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a scrape or a health check waits for the store. A scrape must
/// not hang on a stuck database (Prometheus times out at 10 s by default
/// and then records nothing at all); past this the last count is served.
pub const STORE_TIMEOUT: Duration = Duration::from_secs(2);

/// Asks the gateway client which shards run and whether each is connected:
/// `(shard id, connected)`. Set by the Discord adapter from serenity's
/// shard manager, which, unlike the stage events, also knows that a shard
/// whose runner died (and is waiting to identify again) is not connected.
pub type ShardProbe =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Vec<(u32, bool)>> + Send>> + Send + Sync>;

/// The gateway's shards as the adapter reports them. Cheap to clone.
#[derive(Clone, Default)]
pub struct Gateway {
    inner: Arc<GatewayInner>,
}

#[derive(Default)]
struct GatewayInner {
    /// A std Mutex: held for a map update, never across an await.
    shards: Mutex<BTreeMap<u32, bool>>,
    probe: Mutex<Option<ShardProbe>>,
}

impl Gateway {
    /// A shard's connection changed (serenity's stage events).
    pub fn set(&self, shard: u32, connected: bool) {
        let before = self.lock().insert(shard, connected);
        if before != Some(connected) {
            record::shard(shard, connected);
        }
    }

    /// Where [`Gateway::refresh`] asks for the truth.
    pub fn set_probe(&self, probe: ShardProbe) {
        *self.inner.probe.lock().unwrap_or_else(|e| e.into_inner()) = Some(probe);
    }

    /// The shards now: what the probe says where there is one (a shard it
    /// no longer lists is disconnected), else what the events said.
    pub async fn refresh(&self) -> BTreeMap<u32, bool> {
        let probe = self
            .inner
            .probe
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some(probe) = probe {
            let live: BTreeMap<u32, bool> = probe().await.into_iter().collect();
            let known: Vec<u32> = self.lock().keys().copied().collect();
            for shard in known.into_iter().chain(live.keys().copied()) {
                self.set(shard, live.get(&shard).copied().unwrap_or(false));
            }
        }
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u32, bool>> {
        self.inner.shards.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What `/healthz` and `/metrics` look at.
#[derive(Clone)]
pub struct Health {
    pub store: Store,
    pub gateway: Gateway,
}

impl Health {
    /// `Ok` when the process can serve members; otherwise one sentence
    /// saying why not (the body of the 503).
    pub async fn check(&self) -> Result<(), String> {
        let shards = self.gateway.refresh().await;
        let store = self.refresh_store().await;
        if !shards.values().any(|&up| up) {
            return Err(match shards.len() {
                0 => "no gateway shard has connected to Discord yet".to_string(),
                1 => "the gateway shard is not connected to Discord".to_string(),
                n => format!("none of the {n} gateway shards is connected to Discord"),
            });
        }
        store?;
        if let Some(kind) = self.store.last_write_fault() {
            return Err(format!(
                "the last write to the store failed ({kind}); healthy again once one succeeds"
            ));
        }
        Ok(())
    }

    /// Refreshes the gauges that are read rather than counted, for a
    /// scrape; never waits for the store longer than [`STORE_TIMEOUT`].
    pub async fn refresh(&self) {
        self.gateway.refresh().await;
        let _ = self.refresh_store().await;
    }

    /// Counts the waiting cases (the store's proof of life).
    async fn refresh_store(&self) -> Result<(), String> {
        match tokio::time::timeout(STORE_TIMEOUT, self.store.waiting_cases()).await {
            Ok(Ok(n)) => {
                record::open_cases(n);
                Ok(())
            }
            Ok(Err(e)) => Err(format!("the store does not answer: {e}")),
            Err(_) => Err(format!(
                "the store did not answer within {} s",
                STORE_TIMEOUT.as_secs()
            )),
        }
    }
}
