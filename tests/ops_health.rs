//! `/healthz` and `/metrics` (`kyc_triage::ops`) served for a real store,
//! with the gateway's shards set by hand: 503 until a shard is connected,
//! 200 then, 503 again when the store stops answering (SQLite closed,
//! a PostgreSQL database dropped under it) or its last write failed (a
//! full disk), with the fault counted in `kyc_triage_store_errors_total`.
//! The whole bot against the fake Discord is in `tests/discord_e2e/metrics.rs`.

mod common;

use common::{case, http_get, init_tracing};
use kyc_triage::config::MetricsListen;
use kyc_triage::knowledge::Lang;
use kyc_triage::ops::{self, Gateway, Health};
use kyc_triage::store::{Store, StoreError, StoreOptions, TriageRecord};
use kyc_triage::triage::DecisionKind;

fn port_zero() -> MetricsListen {
    MetricsListen::Explicit("127.0.0.1:0".parse().unwrap())
}

async fn serve(store: &Store, gateway: &Gateway) -> ops::Endpoints {
    let health = Health {
        store: store.clone(),
        gateway: gateway.clone(),
    };
    ops::start(&port_zero(), health)
        .await
        .unwrap()
        .expect("served")
}

/// The value of `name{labels}` in a scrape, parsed by prometheus-parse.
fn sample(scrape: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let lines = scrape.lines().map(|l| Ok(l.to_string()));
    let parsed = prometheus_parse::Scrape::parse(lines).expect("parsable exposition");
    parsed.samples.into_iter().find_map(|s| {
        let matches = s.metric == name && labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v));
        match s.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v)
                if matches =>
            {
                Some(v)
            }
            _ => None,
        }
    })
}

#[tokio::test]
async fn healthz_needs_a_connected_shard_and_a_store_that_answers() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("kyc.db")).await.unwrap();
    let gateway = Gateway::default();
    let endpoints = serve(&store, &gateway).await;
    let addr = endpoints.addr;

    let (status, body) = http_get(addr, "/healthz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(
        body,
        "unavailable: no gateway shard has connected to Discord yet\n"
    );
    gateway.set(0, true);
    assert_eq!(http_get(addr, "/healthz").await, (200, "ok\n".to_string()));
    gateway.set(0, false);
    let (status, body) = http_get(addr, "/healthz").await;
    assert_eq!(status, 503);
    assert_eq!(
        body,
        "unavailable: the gateway shard is not connected to Discord\n"
    );
    gateway.set(1, false);
    let body = http_get(addr, "/healthz").await.1;
    assert!(
        body.contains("none of the 2 gateway shards is connected"),
        "{body}"
    );
    gateway.set(1, true);
    assert_eq!(
        http_get(addr, "/healthz").await.0,
        200,
        "one of two is enough"
    );
    gateway.set(0, true);

    // Open cases are counted at each scrape.
    store.escalate(case("ann", None, "help")).await.unwrap();
    store.escalate(case("bob", None, "help")).await.unwrap();
    let (status, metrics) = http_get(addr, "/metrics").await;
    assert_eq!(status, 200);
    assert_eq!(sample(&metrics, "kyc_triage_open_cases", &[]), Some(2.0));
    assert_eq!(
        sample(&metrics, "kyc_triage_gateway_connected", &[("shard", "0")]),
        Some(1.0)
    );

    assert_eq!(http_get(addr, "/nope").await.0, 404);

    store.close().await;
    let (status, body) = http_get(addr, "/healthz").await;
    assert_eq!(status, 503);
    assert!(
        body.starts_with("unavailable: the store does not answer:"),
        "{body}"
    );
    assert_eq!(body.lines().count(), 1, "one line: {body}");
    // A scrape still answers, with the last count.
    assert_eq!(http_get(addr, "/metrics").await.0, 200);
    endpoints.stop();
}

#[tokio::test]
async fn a_failed_write_makes_healthz_503_until_one_succeeds_and_is_counted() {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kyc.db");
    Store::open(&db).await.unwrap().close().await;
    // As in store_failures.rs: SQLite reports a full disk at max_page_count.
    let options = StoreOptions {
        max_page_count: Some(40),
        ..StoreOptions::default()
    };
    let store = Store::open_with(&db, options).await.unwrap();
    let gateway = Gateway::default();
    gateway.set(0, true);
    let endpoints = serve(&store, &gateway).await;
    let addr = endpoints.addr;
    assert_eq!(http_get(addr, "/healthz").await.0, 200);
    let before = sample(
        &http_get(addr, "/metrics").await.1,
        "kyc_triage_store_errors_total",
        &[("kind", "disk-full")],
    )
    .unwrap_or(0.0);

    let log = store
        .log_triage(TriageRecord {
            from_discord: false,
            language: Lang::En,
            decision: DecisionKind::Answer,
            scenario: None,
            confidence: 0.9,
            reason: None,
            text: "my id photo is blurry".into(),
        })
        .await
        .unwrap();
    let long = "x".repeat(3000);
    let mut stored = Vec::new();
    let err = loop {
        match store
            .escalate(case(&format!("u{}", stored.len()), None, &long))
            .await
        {
            Ok(e) => stored.push(e.id),
            Err(e) => break e,
        }
        assert!(stored.len() < 1000, "never filled up");
    };
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
    let (status, body) = http_get(addr, "/healthz").await;
    assert_eq!(status, 503);
    assert_eq!(
        body,
        "unavailable: the last write to the store failed (disk-full); healthy again once one succeeds\n"
    );
    let after = sample(
        &http_get(addr, "/metrics").await.1,
        "kyc_triage_store_errors_total",
        &[("kind", "disk-full")],
    )
    .expect("counted");
    assert!(after >= before + 1.0, "{before} -> {after}");

    // A user's mistake writes nothing and proves nothing.
    assert!(store
        .claim(999_999, "mod")
        .await
        .unwrap_err()
        .is_user_error());
    assert_eq!(http_get(addr, "/healthz").await.0, 503);
    // A write that needs no new page (an update in place) succeeds: the
    // first success clears it.
    store.record_feedback(log, true).await.unwrap();
    assert_eq!(http_get(addr, "/healthz").await, (200, "ok\n".to_string()));
    endpoints.stop();
    store.close().await;
}

#[tokio::test]
async fn postgres_healthz_is_503_once_the_database_is_gone() {
    init_tracing();
    let Some(url) = common::postgres::fresh_database() else {
        return;
    };
    let store = Store::connect(&url).await.unwrap();
    let gateway = Gateway::default();
    gateway.set(0, true);
    let endpoints = serve(&store, &gateway).await;
    let addr = endpoints.addr;
    assert_eq!(http_get(addr, "/healthz").await, (200, "ok\n".to_string()));

    let (server, name) = url.rsplit_once('/').unwrap();
    let mut admin =
        <sqlx::PgConnection as sqlx::Connection>::connect(&format!("{server}/postgres"))
            .await
            .unwrap();
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut admin)
        .await
        .unwrap();
    let (status, body) = http_get(addr, "/healthz").await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.starts_with("unavailable: the store does not answer:")
            || body.starts_with("unavailable: the store did not answer within"),
        "{body}"
    );
    assert!(!body.contains("password"), "{body}");
    endpoints.stop();
    store.close().await;
}
