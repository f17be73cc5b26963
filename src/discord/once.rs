//! Every gateway event acted on once, across processes: two processes on
//! one shard during a rolling deploy both receive it, and a resumed session
//! may replay what was already handled. Before its first side effect
//! (deleting, replying, writing) a handler claims the event in the shared
//! store; whoever loses drops it.
//!
//! Interactions need no claim here: Discord accepts one acknowledgement per
//! interaction and refuses the second (40060), and every handler stops when
//! its acknowledgement is refused (`ack.rs`). A store claim before the
//! acknowledgement would also put a database write inside Discord's 3 s.

use super::state::Data;
use crate::store::{Store, EVENT_MEMORY};
use std::future::Future;
use std::time::Duration;

/// How often claims older than [`EVENT_MEMORY`] are deleted.
const FORGET_EVERY: Duration = Duration::from_secs(60 * 60);

/// The claim key of a new message.
pub fn message(id: u64) -> String {
    format!("message:{id}")
}

/// The claim key of one edit of a message (an edited message can be edited
/// again, each edit its own event).
pub fn edit(id: u64, edited_at: Option<&str>) -> String {
    format!("edit:{id}:{}", edited_at.unwrap_or("-"))
}

/// True when this process should act on `event`. When the store cannot
/// answer, the event is handled anyway: a rare duplicate reply is better
/// than a member left without one.
pub async fn first(data: &Data, event: &str) -> bool {
    match data.cases().store().claim_event(event).await {
        Ok(true) => true,
        Ok(false) => {
            tracing::debug!(
                event,
                "already handled (another process, or before a resume)"
            );
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, event, "cannot claim an event; handling it anyway");
            true
        }
    }
}

/// Deletes old claims every [`FORGET_EVERY`] until `stop` completes, so the
/// table holds about a day of handled events.
pub fn spawn_forgetting(
    store: Store,
    stop: impl Future<Output = ()> + Send + 'static,
) -> tokio::task::JoinHandle<()> {
    crate::periodic::every(FORGET_EVERY, stop, move || {
        let store = store.clone();
        async move {
            match store.forget_events(EVENT_MEMORY).await {
                Ok(n) if n > 0 => tracing::debug!(claims = n, "old event claims forgotten"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cannot forget old event claims"),
            }
        }
    })
}
