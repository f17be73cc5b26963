//! Store write throughput and latency with concurrent writers. Not a test:
//! run `cargo bench --bench store` and copy the table into README.md.
//!
//! Each writer task records escalations as fast as it can (each a new case:
//! INSERT + audit in one BEGIN IMMEDIATE transaction, fsync'd, since the
//! store runs synchronous=FULL), into a fresh database in a temp dir; then
//! the same on PostgreSQL, on a cluster of its own (the tests' harness,
//! with fsync on, so both backends make every case durable), when the
//! PostgreSQL binaries are installed.

#[path = "../tests/common/postgres.rs"]
#[allow(dead_code)]
mod postgres;

use kyc_triage::knowledge::Lang;
use kyc_triage::store::{Location, NewEscalation, Reporter, Store, StoreOptions};
use kyc_triage::triage::EscalationReason;
use std::time::{Duration, Instant};

const TOTAL: usize = 2_000;

fn case(writer: usize, n: usize) -> NewEscalation {
    NewEscalation {
        reporter: Reporter::Discord {
            guild_id: Some(1),
            channel_id: 2,
            message_id: (writer * TOTAL + n) as u64,
            user_id: (writer * TOTAL + n) as u64,
        },
        display_name: Some(format!("user {writer}-{n}")),
        language: Lang::En,
        scenario: Some("id-misuse".into()),
        confidence: Some(0.8),
        reason: EscalationReason::KnowledgeBase,
        context: None,
        text: format!(
            "someone used my ID 11010519491231002X to open an account, I never signed up ({n})"
        ),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

async fn run(writers: usize, postgres: bool) -> (f64, Duration, Duration, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let location = if postgres {
        Location::Postgres(postgres::fresh_database().unwrap())
    } else {
        Location::Sqlite(dir.path().join("bench.db"))
    };
    let store = Store::open_at(location, StoreOptions::default())
        .await
        .unwrap();
    let per_writer = TOTAL / writers;
    let started = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_writer);
                for n in 0..per_writer {
                    let t = Instant::now();
                    store.escalate(case(w, n)).await.unwrap();
                    latencies.push(t.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(TOTAL);
    for t in tasks {
        latencies.extend(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    store.close().await;
    latencies.sort();
    let rate = latencies.len() as f64 / elapsed.as_secs_f64();
    (
        rate,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        *latencies.last().unwrap(),
    )
}

fn main() {
    // `cargo test --benches` runs bench binaries with no arguments... only
    // `cargo bench` passes --bench; do nothing under the test harness.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // Durable commits on Postgres too, or the comparison says nothing.
    std::env::set_var("KYC_TEST_PG_FSYNC", "on");
    let backends: &[(&str, bool)] = if postgres::cluster().is_some() {
        &[("SQLite", false), ("PostgreSQL", true)]
    } else {
        &[("SQLite", false)]
    };
    println!("{TOTAL} escalations per row, fresh database, every commit durable");
    println!("| backend | writers | escalations/s | p50 | p99 | max |");
    println!("|---|---:|---:|---:|---:|---:|");
    for &(name, pg) in backends {
        for writers in [1, 8, 50] {
            let (rate, p50, p99, max) = rt.block_on(run(writers, pg));
            println!(
                "| {name} | {writers} | {rate:.0} | {:.2} ms | {:.2} ms | {:.2} ms |",
                p50.as_secs_f64() * 1e3,
                p99.as_secs_f64() * 1e3,
                max.as_secs_f64() * 1e3
            );
        }
    }
}
