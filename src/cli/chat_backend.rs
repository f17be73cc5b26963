//! The store behind `kyc-triage chat`: escalations become real cases with
//! real numbers, decisions go to the triage log. The conversation is
//! synchronous, so this owns a small runtime and blocks on each call.

use super::chat::{ChatBackend, ChatEscalation};
use super::{open_store, runtime, CliError};
use crate::config::Config;
use crate::store::{NewEscalation, Reporter, Store, TriageRecord};
use crate::triage::Decision;
use tokio::runtime::Runtime;

pub struct StoreBackend {
    runtime: Runtime,
    store: Store,
    user: String,
}

impl StoreBackend {
    /// Opens the configured store for terminal user `user` and applies
    /// retention, as the bot does when it starts.
    pub fn open(config: &Config, user: &str) -> Result<StoreBackend, CliError> {
        let runtime = runtime()?;
        let store = runtime.block_on(open_store(config))?;
        if let Err(e) = runtime.block_on(store.purge(config.store.retention)) {
            tracing::warn!(error = %e, "retention not applied");
        }
        Ok(StoreBackend {
            runtime,
            store,
            user: user.to_string(),
        })
    }

    /// Waits for pending writes and closes the database.
    pub fn close(self) {
        self.runtime.block_on(self.store.close());
    }
}

impl ChatBackend for StoreBackend {
    fn escalate(&mut self, case: &ChatEscalation) -> Result<i64, String> {
        let new = NewEscalation {
            reporter: Reporter::Terminal {
                user: self.user.clone(),
            },
            display_name: Some(self.user.clone()),
            language: case.language,
            scenario: case.scenario.clone(),
            confidence: case.confidence,
            reason: case.reason,
            context: case.context.clone(),
            text: case.text.clone(),
        };
        self.runtime
            .block_on(self.store.escalate(new))
            .map(|e| e.id)
            .map_err(|e| e.to_string())
    }

    fn log_decision(&mut self, text: &str, decision: &Decision) -> Option<i64> {
        let record = TriageRecord::of(decision, text, false);
        match self.runtime.block_on(self.store.log_triage(record)) {
            Ok(id) => Some(id),
            Err(e) => {
                // Statistics are not worth interrupting the user for.
                tracing::warn!(error = %e, "decision not logged");
                None
            }
        }
    }

    fn feedback(&mut self, log_id: i64, helped: bool) {
        if let Err(e) = self
            .runtime
            .block_on(self.store.record_feedback(log_id, helped))
        {
            tracing::warn!(error = %e, "feedback not recorded");
        }
    }

    fn chose(&mut self, log_id: i64, scenario: &str) {
        if let Err(e) = self
            .runtime
            .block_on(self.store.record_choice(log_id, scenario))
        {
            tracing::warn!(error = %e, "choice not recorded");
        }
    }
}
