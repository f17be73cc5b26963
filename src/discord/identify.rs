//! Starting this process's gateway shards (`discord.shard_count`,
//! `discord.shards`) without tripping Discord's IDENTIFY limit: one IDENTIFY
//! per 5 s per bot, across all its processes, or the session is refused.
//! Within a process serenity already waits 5 s between its shards; across
//! processes the shared store holds whose turn it is (`identify_turn`), for
//! as long as this process needs to identify all of its shards.
//!
//! This is stricter than Discord's `max_concurrency` (which, for very large
//! bots, allows several IDENTIFYs per 5 s in distinct buckets): one turn at a
//! time is always allowed. Shards that reconnect later and must IDENTIFY
//! again (a session Discord would not resume) go through serenity's own
//! queue only.

use crate::config::ShardRange;
use crate::store::{IdentifyTurn, Store};
use std::time::Duration;

/// Discord's minimum gap between two IDENTIFYs in one rate-limit bucket.
pub const IDENTIFY_GAP: Duration = Duration::from_secs(5);

/// How this process appears in the others' logs while it holds the turn,
/// and how it recognises its own turn after an in-process restart.
pub fn holder() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    format!("{host}:{}", std::process::id())
}

/// How long identifying `range` takes at most: serenity starts one shard
/// every [`IDENTIFY_GAP`], and the last one's IDENTIFY must be followed by
/// one more gap before anyone else's.
pub fn window(range: ShardRange) -> Duration {
    IDENTIFY_GAP * range.len() + Duration::from_secs(1)
}

/// Waits until this process may identify its shards, then holds the turn
/// for [`window`]. A store that cannot answer does not keep the bot
/// offline: it then goes ahead, as a single process would.
pub async fn wait_for_turn(store: &Store, range: ShardRange) {
    let me = holder();
    loop {
        match store.take_identify_turn(&me, window(range)).await {
            Ok(IdentifyTurn::Mine) => return,
            Ok(IdentifyTurn::Busy { holder, wait }) => {
                tracing::info!(%holder, wait_ms = wait.as_millis() as u64, "another process is identifying; waiting for its turn to end");
                tokio::time::sleep(wait.min(IDENTIFY_GAP) + Duration::from_millis(50)).await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot coordinate IDENTIFY with other processes; connecting anyway");
                return;
            }
        }
    }
}
