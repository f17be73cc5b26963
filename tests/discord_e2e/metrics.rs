//! The operator's endpoints of the shipped binary: `kyc-triage serve`
//! against the fake, `/metrics` scraped after a few messages and read with
//! a Prometheus text-format parser (prometheus-parse), `/healthz` 503 while
//! the gateway cannot connect and 200 once it is.

use crate::binary::{signal, spawn_serve_with, stderr_of, wait_exit};
use crate::bot::*;
use crate::common::http_get;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::{assert_all_requests_valid, FakeDiscord, TIMEOUT};
use kyc_triage::triage::{DecisionKind, Engine};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

/// Port 0: the kernel picks a free one, and serve logs which.
const ANY_PORT: &str = "[metrics]\nlisten = \"127.0.0.1:0\"";

/// The address serve logged for its endpoints (it chose the port).
async fn endpoint(dir: &Path) -> SocketAddr {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let log = std::fs::read_to_string(dir.join("serve.log")).unwrap_or_default();
        if let Some(line) = log
            .lines()
            .find(|l| l.contains("serving /healthz and /metrics"))
        {
            let addr = line.split("addr=").nth(1).expect("addr= in the line");
            return addr.trim().parse().expect("an address");
        }
        assert!(Instant::now() < deadline, "no endpoint logged:\n{log}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn parse(scrape: &str) -> Vec<prometheus_parse::Sample> {
    let lines = scrape.lines().map(|l| Ok(l.to_string()));
    prometheus_parse::Scrape::parse(lines)
        .expect("a parsable exposition")
        .samples
}

/// A plain value (counter, gauge or a histogram's `_count`).
fn value(s: &prometheus_parse::Sample) -> Option<f64> {
    match s.value {
        prometheus_parse::Value::Counter(v)
        | prometheus_parse::Value::Gauge(v)
        | prometheus_parse::Value::Untyped(v) => Some(v),
        _ => None,
    }
}

fn one(samples: &[prometheus_parse::Sample], name: &str) -> Option<f64> {
    samples.iter().find(|s| s.metric == name).and_then(value)
}

/// The `+Inf` bucket of histogram `name`: every observation.
fn histogram_total(samples: &[prometheus_parse::Sample], name: &str) -> Option<f64> {
    samples
        .iter()
        .find(|s| s.metric == name)
        .and_then(|s| match &s.value {
            prometheus_parse::Value::Histogram(buckets) => buckets
                .iter()
                .find(|b| b.less_than.is_infinite())
                .map(|b| b.count),
            _ => None,
        })
}

/// `kyc_triage_decisions_total` as (kind, scenario) -> count.
fn decisions(samples: &[prometheus_parse::Sample]) -> BTreeMap<(String, String), f64> {
    samples
        .iter()
        .filter(|s| s.metric == "kyc_triage_decisions_total")
        .map(|s| {
            let label = |k: &str| s.labels.get(k).unwrap_or("?").to_string();
            ((label("kind"), label("scenario")), value(s).unwrap())
        })
        .collect()
}

fn kind_label(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Answer => "answer",
        DecisionKind::Clarify => "clarify",
        DecisionKind::Escalate => "escalate",
        DecisionKind::Ignore => "ignore",
    }
}

#[tokio::test]
async fn metrics_count_each_message_decision_and_reply_and_healthz_is_ok() {
    let fake = FakeDiscord::start_with(fake_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn_serve_with(&fake, dir.path(), "warn,kyc_triage=info", ANY_PORT);
    fake.wait_for_request(
        |r| r.is("PUT", "/applications/*/guilds/*/commands"),
        TIMEOUT,
    )
    .await;
    let addr = endpoint(dir.path()).await;
    assert_eq!(http_get(addr, "/healthz").await, (200, "ok\n".to_string()));

    // What the bot will make of each message, read by the same engine and
    // knowledge base in this process: the counters must say the same.
    let kb =
        kyc_triage::knowledge::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"))
            .unwrap()
            .0;
    let engine = Engine::new(kb, Default::default());
    let texts = [
        "my id photo keeps saying image unclear",
        "人脸识别一直失败怎么办",
        "my kyc failed",
        "someone used my ID to open an account, I never signed up",
        "anyone know when the next airdrop is?",
        "身份证照片一直提示图像不清晰，拍了好几次了",
        "good morning everyone",
        "uploaded my pasport page and got 'unable to recognise document'",
    ];
    let mut expected: BTreeMap<(String, String), f64> = BTreeMap::new();
    let mut replies = 0;
    let mut escalations = 0;
    for (i, text) in texts.iter().enumerate() {
        let d = kyc_triage::conversation::read(&engine, text).decision;
        let key = (
            kind_label(d.kind).to_string(),
            d.scenario.clone().unwrap_or_else(|| "none".into()),
        );
        *expected.entry(key).or_default() += 1.0;
        // A member each, so that no message is read as a follow-up.
        let m = message_create(
            SUPPORT_CHANNEL_ID,
            Some(GUILD_ID),
            user(USER_ID + 100 + i as u64, "member"),
            text,
        );
        fake.send_dispatch("MESSAGE_CREATE", m.build()).await;
        // Chatter in a support channel is left unanswered; the rest is
        // answered in the channel (a case's notice goes elsewhere).
        if d.kind != DecisionKind::Ignore {
            replies += 1;
            escalations += usize::from(d.kind == DecisionKind::Escalate);
            let channel = format!("/channels/{SUPPORT_CHANNEL_ID}/messages");
            fake.wait_for_request(|r| r.is("POST", &channel), TIMEOUT)
                .await;
        }
    }
    let kinds: std::collections::BTreeSet<&String> = expected.keys().map(|(k, _)| k).collect();
    assert!(
        kinds.len() >= 3,
        "the messages cover several kinds: {expected:?}"
    );
    assert!(replies < texts.len(), "some chatter stays unanswered");

    // Silent messages leave no request to wait for: wait for the counters.
    // A reply is timed when Discord's answer reaches the bot, which is after
    // the fake has seen the request and can be after the next message's
    // decision is counted: so wait for the reply count as well.
    let n = texts.len() as f64;
    let deadline = Instant::now() + TIMEOUT;
    let samples = loop {
        let (status, body) = http_get(addr, "/metrics").await;
        assert_eq!(status, 200);
        let samples = parse(&body);
        let timed = one(&samples, "kyc_triage_reply_seconds_count").unwrap_or(0.0);
        if decisions(&samples).values().sum::<f64>() >= n && timed >= replies as f64 {
            break samples;
        }
        assert!(
            Instant::now() < deadline,
            "not all messages counted:\n{body}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(decisions(&samples), expected);
    assert_eq!(
        one(&samples, "kyc_triage_triage_seconds_count"),
        Some(n),
        "one triage timed per message"
    );
    assert_eq!(
        histogram_total(&samples, "kyc_triage_triage_seconds"),
        Some(n)
    );
    assert_eq!(
        one(&samples, "kyc_triage_reply_seconds_count"),
        Some(replies as f64),
        "one reply timed per answered message"
    );
    assert_eq!(
        histogram_total(&samples, "kyc_triage_reply_seconds"),
        Some(replies as f64)
    );
    let turns: f64 = samples
        .iter()
        .filter(|s| s.metric == "kyc_triage_turns_total")
        .filter_map(value)
        .sum();
    assert_eq!(turns, n);
    let gateway = samples
        .iter()
        .find(|s| s.metric == "kyc_triage_gateway_connected")
        .expect("a gateway gauge");
    assert_eq!(gateway.labels.get("shard"), Some("0"));
    assert_eq!(value(gateway), Some(1.0));
    assert_eq!(
        one(&samples, "kyc_triage_open_cases"),
        Some(escalations as f64)
    );
    assert!(
        samples
            .iter()
            .all(|s| s.metric != "kyc_triage_store_errors_total"),
        "no store fault happened"
    );
    // No label carries a member's id or words.
    let (_, body) = http_get(addr, "/metrics").await;
    let member = (USER_ID + 100).to_string();
    assert!(!body.contains(&member), "a user id in the metrics");
    assert!(
        !body.contains("airdrop") && !body.contains("身份证"),
        "user text in the metrics"
    );

    signal(&child, "TERM");
    let status = wait_exit(&mut child).await;
    assert!(status.success(), "{}", stderr_of(dir.path()));
    assert_all_requests_valid(&fake);
}

#[tokio::test]
async fn healthz_is_503_while_the_gateway_cannot_connect() {
    // GET /gateway names a loopback port nobody listens on: serve starts,
    // its shard retries every 5 s and never connects.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("ws://{}", closed.local_addr().unwrap());
    drop(closed);
    let mut world = fake_config();
    world.advertised_gateway = Some(dead);
    let fake = FakeDiscord::start_with(world).await;
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn_serve_with(&fake, dir.path(), "warn,kyc_triage=info", ANY_PORT);
    let addr = endpoint(dir.path()).await;
    // Wait until the client asked for the gateway (it is then past the
    // token check and retrying the connection).
    fake.wait_for_request(|r| r.is("GET", "/gateway"), TIMEOUT)
        .await;
    let (status, body) = http_get(addr, "/healthz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(
        body,
        "unavailable: no gateway shard has connected to Discord yet\n"
    );
    let (status, metrics) = http_get(addr, "/metrics").await;
    assert_eq!(status, 200);
    let samples = parse(&metrics);
    assert!(
        samples
            .iter()
            .filter(|s| s.metric == "kyc_triage_gateway_connected")
            .all(|s| value(s) == Some(0.0)),
        "{metrics}"
    );
    assert_eq!(one(&samples, "kyc_triage_open_cases"), Some(0.0));
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test]
async fn an_explicit_metrics_address_in_use_refuses_to_start_with_a_sentence() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let fake = FakeDiscord::start_with(fake_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let extra = format!("[metrics]\nlisten = \"{addr}\"");
    let mut child = spawn_serve_with(&fake, dir.path(), "warn", &extra);
    let status = wait_exit(&mut child).await;
    let log = stderr_of(dir.path());
    assert_eq!(status.code(), Some(2), "{log}");
    assert!(
        log.contains(&format!(
            "cannot serve /metrics and /healthz on {addr} (metrics.listen)"
        )) && log.contains("metrics.listen = \"\" to turn them off"),
        "{log}"
    );
    assert_eq!(log.lines().count(), 1, "one sentence: {log}");
    // Refused before it asked Discord anything.
    assert!(fake.requests().is_empty());
    drop(taken);
}
