//! A background chore that runs every `period`, the first time at once,
//! until `stop` completes: retention, the knowledge-base poll, forgetting
//! old event claims.

use std::future::Future;
use std::time::Duration;

pub fn every<F, Fut>(
    period: Duration,
    stop: impl Future<Output = ()> + Send + 'static,
    mut chore: F,
) -> tokio::task::JoinHandle<()>
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    tokio::spawn(async move {
        tokio::pin!(stop);
        let mut tick = tokio::time::interval(period);
        // A chore that overran (a slow store) is not run twice in a row.
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = &mut stop => return,
                _ = tick.tick() => chore().await,
            }
        }
    })
}
