//! One knowledge base across processes: `/kb reload` on any `serve`
//! process bumps the `kb` generation in the shared store; every process
//! polls it and reloads its own copy of the files when it moves. Polling a
//! row works the same on SQLite and PostgreSQL and needs no connection held
//! open; the cost is one indexed read per process every [`POLL`].

use super::state::Data;
use crate::config::Config;
use crate::knowledge::load_dir;
use crate::triage::Engine;
use std::future::Future;
use std::time::Duration;

/// How often each process looks for a reload done elsewhere.
pub const POLL: Duration = Duration::from_secs(2);

/// The store's topic for knowledge-base reloads.
const TOPIC: &str = "kb";

/// Loads and indexes the configured knowledge base (blocking work, kept off
/// the runtime); the error is the loader's sentence, with file and line.
pub async fn load(config: &Config) -> Result<Engine, String> {
    let dir = config.knowledge_dir.clone();
    let thresholds = config.triage.clone();
    tokio::task::spawn_blocking(move || load_dir(&dir).map(|(kb, _)| Engine::new(kb, thresholds)))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
}

/// Tells the other processes that this one reloaded. A failure is logged
/// only: this process's reload stands, the others keep their base.
pub async fn announce(data: &Data) {
    match data.cases().store().broadcast(TOPIC).await {
        Ok(generation) => data.saw_kb_generation(generation),
        Err(e) => tracing::warn!(error = %e, "cannot tell other processes about the reload"),
    }
}

/// Notes the generation in force at start, so a reload done before this
/// process started is not repeated.
pub async fn start(data: &Data) {
    match data.cases().store().generation(TOPIC).await {
        Ok(generation) => data.saw_kb_generation(generation),
        Err(e) => tracing::warn!(error = %e, "cannot read the knowledge-base generation"),
    }
}

/// Polls until `stop` completes, reloading when another process did.
pub fn spawn(
    data: Data,
    stop: impl Future<Output = ()> + Send + 'static,
) -> tokio::task::JoinHandle<()> {
    crate::periodic::every(POLL, stop, move || {
        let data = data.clone();
        async move { follow(&data).await }
    })
}

async fn follow(data: &Data) {
    let generation = match data.cases().store().generation(TOPIC).await {
        Ok(g) => g,
        Err(e) => {
            tracing::debug!(error = %e, "cannot read the knowledge-base generation");
            return;
        }
    };
    if generation <= data.kb_generation() {
        return;
    }
    // Noted first: a base that fails to load is not retried every poll;
    // the next `/kb reload` (after the files are fixed) moves it again.
    data.saw_kb_generation(generation);
    match load(data.config()).await {
        Ok(engine) => {
            let n = engine.knowledge().scenarios.len();
            data.swap_engine(engine);
            tracing::info!(
                scenarios = n,
                generation,
                "knowledge base reloaded after a reload on another process"
            );
        }
        Err(e) => {
            tracing::error!(error = %e, generation, "another process reloaded the knowledge base, but this one cannot load it; the old one stays")
        }
    }
}
