//! `kyc-triage privacy purge`: applies retention now, as the bot does at
//! start and daily.

use super::{open_store, runtime, CliError};
use crate::config::Config;
use crate::outln;
use std::time::Duration;

/// Erases the text of cases closed longer than `days` ago (default: the
/// configured `store.retention_days`) and of older triage-log entries.
pub fn purge(config: &Config, days: Option<u32>) -> Result<i32, CliError> {
    let retention = days.map_or(config.store.retention, |d| {
        Duration::from_secs(u64::from(d) * 86_400)
    });
    let rt = runtime()?;
    let purged = rt.block_on(async {
        let store = open_store(config).await?;
        let purged = store.purge(retention).await;
        store.close().await;
        purged.map_err(CliError::from)
    })?;
    outln!(
        "erased the text of {} closed case(s) and {} triage-log entr{} older than {} day(s)",
        purged.cases,
        purged.triage_entries,
        if purged.triage_entries == 1 {
            "y"
        } else {
            "ies"
        },
        retention.as_secs() / 86_400
    );
    Ok(0)
}
