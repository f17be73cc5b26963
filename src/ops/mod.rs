//! The operator's view of `serve`: Prometheus metrics and a health check
//! on one local HTTP address (`metrics.listen`).
//!
//! - `record`: every metric's name and labels, and the one-line calls that
//!   record them (the Discord adapter and the store call these);
//! - `health`: what `/healthz` checks (a connected shard, a store that
//!   answers and whose last write worked) and the gauges read at scrape;
//! - `server`: the two endpoints over hyper.
//!
//! Recording goes through the `metrics` facade into a process-wide
//! recorder from `metrics-exporter-prometheus`, installed by the first
//! [`start`]; the exporter renders the text format.

pub mod health;
pub mod record;
pub mod server;

pub use health::{Gateway, Health, ShardProbe};
pub use server::OpsError;

use crate::config::MetricsListen;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::task::JoinHandle;

/// How often histogram samples are folded in between scrapes, so that a
/// process nobody scrapes does not buffer them without bound.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The endpoints of one `serve`; stopped by [`Endpoints::stop`] or drop.
pub struct Endpoints {
    /// Where they are served (the real port when `metrics.listen` asked for
    /// port 0).
    pub addr: SocketAddr,
    tasks: Vec<JoinHandle<()>>,
}

impl Endpoints {
    pub fn stop(mut self) {
        for task in self.tasks.drain(..) {
            task.abort();
        }
    }
}

impl Drop for Endpoints {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// The process-wide recorder, installed on first use. `None` if another
/// recorder was installed first (a library user's own); then nothing is
/// served and `serve` says so.
fn recorder() -> Option<PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full(record::TRIAGE_SECONDS.into()),
                    record::TRIAGE_BUCKETS,
                )
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full(record::REPLY_SECONDS.into()),
                        record::REPLY_BUCKETS,
                    )
                });
            match builder.and_then(|b| b.install_recorder()) {
                Ok(handle) => {
                    record::describe();
                    Some(handle)
                }
                Err(e) => {
                    tracing::warn!(error = %e, "metrics are not recorded");
                    None
                }
            }
        })
        .clone()
}

/// Serves `/healthz` and `/metrics` on `listen` until the returned
/// [`Endpoints`] is stopped. `Ok(None)`: turned off, or the default address
/// was taken (a warning is logged).
pub async fn start(listen: &MetricsListen, health: Health) -> Result<Option<Endpoints>, OpsError> {
    let Some(listener) = server::bind(listen).await? else {
        return Ok(None);
    };
    let Some(handle) = recorder() else {
        return Ok(None);
    };
    let addr = listener.local_addr().map_err(|source| OpsError::Bind {
        addr: listen
            .addr()
            .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 0))),
        source,
    })?;
    tracing::info!(%addr, "serving /healthz and /metrics");
    let upkeep = {
        let handle = handle.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(UPKEEP_EVERY);
            loop {
                every.tick().await;
                handle.run_upkeep();
            }
        })
    };
    let server = tokio::spawn(server::serve(listener, handle, health));
    Ok(Some(Endpoints {
        addr,
        tasks: vec![server, upkeep],
    }))
}
