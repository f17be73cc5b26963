//! Gateway shard states for the operator (`crate::ops`): serenity's stage
//! events as they happen, and its shard manager asked at each scrape and
//! health check, since a shard whose runner died and waits to identify
//! again sends no event saying so.

use crate::ops::{Gateway, ShardProbe};
use serenity::all::{ConnectionStage, Context, EventHandler, ShardManager, ShardStageUpdateEvent};
use serenity::async_trait;
use std::sync::Arc;

/// A second serenity event handler, beside the one that serves members:
/// it only watches the connection.
pub struct ShardWatch {
    pub gateway: Gateway,
}

#[async_trait]
impl EventHandler for ShardWatch {
    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        let connected = event.new == ConnectionStage::Connected;
        let shard = event.shard_id.0;
        // Losing or gaining the connection is news; the handshake's
        // steps in between are not.
        if connected || event.old == ConnectionStage::Connected {
            tracing::info!(shard, stage = %event.new, from = %event.old, "gateway shard stage");
        } else {
            tracing::debug!(shard, stage = %event.new, from = %event.old, "gateway shard stage");
        }
        self.gateway.set(shard, connected);
    }
}

/// Reads the shard manager's runners: each shard that runs, and whether
/// it is connected.
pub fn probe(manager: Arc<ShardManager>) -> ShardProbe {
    Arc::new(move || {
        let manager = Arc::clone(&manager);
        Box::pin(async move {
            let runners = manager.runners.lock().await;
            runners
                .iter()
                .map(|(id, info)| (id.0, info.stage == ConnectionStage::Connected))
                .collect()
        })
    })
}
