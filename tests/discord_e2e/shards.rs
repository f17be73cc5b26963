//! Several `kyc-triage serve` processes on one database, as a large server
//! runs the bot: a shard range each (`discord.shard_count`, `discord.shards`),
//! or two on the same shard while a rolling deploy overlaps them. Every
//! message is answered exactly once, one process registers the commands, and
//! a process killed mid-load loses no case it acknowledged.

use super::binary::{serve_command_at, signal, stderr_of, wait_exit};
use crate::bot::*;
use crate::common::{fresh_location, run, write_config_at, Db};
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::world::GuildFixture;
use crate::support::fake_discord::{assert_all_requests_valid, FakeConfig, FakeDiscord, TIMEOUT};
use kyc_triage::store::Location;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

/// A second server on the other shard of two: Discord routes a guild to
/// shard `(id >> 22) % 2`; the default guild is on shard 1, this one on 0.
const GUILD2: u64 = GUILD_ID + (1 << 22);
const SUPPORT2: u64 = 1_180_000_000_000_002_200;
const ESCALATION2: u64 = 1_180_000_000_000_002_201;

const MISUSE: &str = "someone used my ID to open an account, I never registered";
const FACE: &str = "my selfie keeps failing the face check";

fn two_guilds() -> FakeConfig {
    let mut world = fake_config();
    world.guilds.push(GuildFixture {
        id: GUILD2,
        name: "Second server".into(),
        owner_id: MOD_USER_ID,
        roles: vec![role(GUILD2, "@everyone", permissions::EVERYONE, 0)],
        channels: vec![
            guild_text_channel(SUPPORT2, GUILD2, "help"),
            guild_text_channel(ESCALATION2, GUILD2, "cases"),
        ],
        members: vec![member(&user(USER_ID, "alice"), &[])],
        preferred_locale: "en-US".into(),
    });
    world
}

/// The `[discord]` additions of a process running `shards` of `count`.
fn sharded(count: u32, shards: &str) -> String {
    format!(
        "shard_count = {count}\nshards = \"{shards}\"\n\
         [discord.guilds.{GUILD2}]\nsupport_channels = [\"{SUPPORT2}\"]\n\
         escalation_channel = \"{ESCALATION2}\"\n"
    )
}

struct Process {
    dir: tempfile::TempDir,
    child: Child,
}

/// The shared database: a SQLite file in a temporary directory, or a fresh
/// database on the test's PostgreSQL cluster.
struct Shared {
    dir: tempfile::TempDir,
    location: Location,
}

impl Shared {
    fn new(db: Db) -> Option<Shared> {
        let dir = tempfile::tempdir().unwrap();
        let location = fresh_location(db, dir.path())?;
        Some(Shared { dir, location })
    }

    /// The `[store]` table's body every process gets.
    fn store(&self) -> String {
        match &self.location {
            Location::Sqlite(path) => format!("path = {:?}", path.display().to_string()),
            Location::Postgres(url) => format!("url = {url:?}"),
        }
    }

    fn start(&self, fake: &FakeDiscord, extra: &str) -> Process {
        let kb = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
        self.start_with_kb(fake, &kb, extra)
    }

    fn start_with_kb(&self, fake: &FakeDiscord, kb: &Path, extra: &str) -> Process {
        let dir = tempfile::tempdir().unwrap();
        let log = "info,kyc_triage=debug";
        let child = serve_command_at(fake, dir.path(), &self.store(), kb, log, extra)
            .spawn()
            .expect("the binary starts");
        Process { dir, child }
    }

    /// The ids of every stored case, through `escalations list`.
    fn cases(&self) -> Vec<i64> {
        let config = write_config_at(self.dir.path(), &self.location);
        let out = run(
            &config,
            &["escalations", "list", "--limit", "1000", "--json"],
            "",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let list: Value = serde_json::from_slice(&out.stdout).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    }
}

async fn stop(mut p: Process) -> String {
    signal(&p.child, "TERM");
    let status = wait_exit(&mut p.child).await;
    let log = stderr_of(p.dir.path());
    assert!(status.success(), "{status}\n{log}");
    log
}

/// The fake with two servers and two processes on one fresh database,
/// running `first` and `second` of `count` shards; None (PostgreSQL absent,
/// said on stderr) when `db` cannot be had.
async fn two_processes(
    db: Db,
    count: u32,
    first: &str,
    second: &str,
) -> Option<(FakeDiscord, Shared, Process, Process)> {
    let fake = FakeDiscord::start_with(two_guilds()).await;
    let shared = Shared::new(db)?;
    let a = shared.start(&fake, &sharded(count, first));
    let b = shared.start(&fake, &sharded(count, second));
    Some((fake, shared, a, b))
}

/// Every bot message that replies to a member's message, by the id of the
/// message it answers.
fn replies(fake: &FakeDiscord) -> BTreeMap<u64, Vec<Value>> {
    let mut by_message: BTreeMap<u64, Vec<Value>> = BTreeMap::new();
    for r in fake.requests() {
        if !r.is("POST", "/channels/*/messages") || r.status != 200 {
            continue;
        }
        let b = body(&r);
        if let Some(id) = b["message_reference"]["message_id"]
            .as_str()
            .and_then(|s| s.parse().ok())
        {
            by_message.entry(id).or_default().push(b.clone());
        }
    }
    by_message
}

/// Waits until every message in `ids` has a reply (any number: the caller
/// counts them after the processes stopped).
async fn wait_replied(fake: &FakeDiscord, ids: &[u64], within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let got = replies(fake);
        let missing: Vec<&u64> = ids.iter().filter(|id| !got.contains_key(id)).collect();
        if missing.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no reply to {} of {} messages",
            missing.len(),
            ids.len()
        );
        fake.wait_for_request(|r| r.is("POST", "/channels/*/messages"), within)
            .await;
    }
}

/// Sends a member's message and returns its id.
async fn say(fake: &FakeDiscord, author: u64, channel: u64, guild: Option<u64>, text: &str) -> u64 {
    let m = message_create(channel, guild, user(author, "member"), text).build();
    let id = m["id"].as_str().unwrap().parse().unwrap();
    fake.send_dispatch("MESSAGE_CREATE", m).await;
    id
}

/// The case number a member's reply announces ("… case #12 …").
fn case_number(reply: &Value) -> Option<i64> {
    let text = text_of(reply);
    let after = text.split('#').nth(1)?;
    after
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

async fn two_processes_on_split_shards_answer_every_message_once(db: Db) {
    let Some((fake, shared, a, b)) = two_processes(db, 2, "0", "1").await else {
        return;
    };
    fake.wait_for_shards(&[(0, 2), (1, 2)]).await;

    let mut ids = Vec::new();
    for i in 0..12u64 {
        let (channel, guild) = if i % 2 == 0 {
            (SUPPORT_CHANNEL_ID, GUILD_ID)
        } else {
            (SUPPORT2, GUILD2)
        };
        let text = if i % 4 < 2 { FACE } else { MISUSE };
        ids.push(say(&fake, USER_ID + 100 + i, channel, Some(guild), text).await);
    }
    // Direct messages go to shard 0.
    ids.push(say(&fake, USER_ID + 200, DM_CHANNEL_ID, None, FACE).await);
    wait_replied(&fake, &ids, TIMEOUT * 3).await;

    let log_a = stop(a).await;
    let log_b = stop(b).await;
    let got = replies(&fake);
    for id in &ids {
        assert_eq!(
            got[id].len(),
            1,
            "message {id} answered {} times",
            got[id].len()
        );
    }
    // Each process saw only its own shard's server.
    assert!(
        log_a.contains("shard 0 of 2") && log_b.contains("shard 1 of 2"),
        "{log_a}\n{log_b}"
    );
    // One registrar: the process with shard 0 registered each server's
    // commands once; the other registered nothing.
    let puts: Vec<String> = fake
        .requests()
        .iter()
        .filter(|r| r.is("PUT", "/applications/*/guilds/*/commands"))
        .map(|r| r.path.clone())
        .collect();
    assert_eq!(puts.len(), 2, "{puts:?}");
    // Six misuse reports, six cases, each in its own server's channel.
    assert_eq!(shared.cases().len(), 6);
    let notices = |channel: u64| {
        fake.requests()
            .iter()
            .filter(|r| r.is("POST", &format!("/channels/{channel}/messages")))
            .filter(|r| text_of(body(r)).contains("Case #"))
            .count()
    };
    assert_eq!(
        (notices(ESCALATION_CHANNEL_ID), notices(ESCALATION2)),
        (3, 3)
    );
    assert_all_requests_valid(&fake);
}

async fn an_event_delivered_to_two_processes_is_handled_once(db: Db) {
    // A rolling deploy: the new process connects before the old one stops,
    // both on the one shard, and Discord delivers every event to both.
    let Some((fake, shared, old, new)) = two_processes(db, 1, "0", "0").await else {
        return;
    };
    let deadline = Instant::now() + TIMEOUT * 2;
    while fake.shards() != [(0, 1), (0, 1)] {
        assert!(
            Instant::now() < deadline,
            "two sessions: {:?}",
            fake.shards()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let mut ids = Vec::new();
    for i in 0..10u64 {
        let text = if i % 2 == 0 { FACE } else { MISUSE };
        ids.push(
            say(
                &fake,
                USER_ID + 300 + i,
                SUPPORT_CHANNEL_ID,
                Some(GUILD_ID),
                text,
            )
            .await,
        );
    }
    wait_replied(&fake, &ids, TIMEOUT * 3).await;
    // A slash command reaches both processes too; Discord takes one
    // acknowledgement, and the refused process does nothing more.
    let command = fake
        .slash_command("triage", vec![string_option("text", MISUSE)])
        .build();
    let interaction = command["id"].as_str().unwrap().to_string();
    fake.send_dispatch("INTERACTION_CREATE", command).await;
    let callbacks = || -> Vec<u16> {
        fake.requests()
            .iter()
            .filter(|r| {
                r.route_path()
                    .starts_with(&format!("/interactions/{interaction}/"))
            })
            .map(|r| r.status)
            .collect()
    };
    // Wait for the accepted acknowledgement; stopping both processes then
    // drains whatever the other one was still doing with the event.
    let deadline = Instant::now() + TIMEOUT * 3;
    while !callbacks().iter().any(|s| *s < 300) {
        assert!(Instant::now() < deadline, "callbacks: {:?}", callbacks());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop(old).await;
    stop(new).await;
    let got = replies(&fake);
    for id in &ids {
        assert_eq!(
            got[id].len(),
            1,
            "message {id} answered {} times",
            got[id].len()
        );
    }
    let mut statuses = callbacks();
    statuses.sort_unstable();
    assert!(statuses[0] < 300, "{statuses:?}");
    assert!(
        statuses[1..].iter().all(|s| *s == 400),
        "one acknowledgement accepted, any other refused: {statuses:?}"
    );
    assert_eq!(
        shared.cases().len(),
        6,
        "one case per misuse report and command"
    );
    assert_all_requests_valid(&fake);
}

async fn a_killed_process_loses_no_acknowledged_case_and_the_other_carries_on(db: Db) {
    let Some((fake, shared, a, mut b)) = two_processes(db, 2, "0", "1").await else {
        return;
    };
    fake.wait_for_shards(&[(0, 2), (1, 2)]).await;

    // Misuse reports to B's server; B is killed while they are in flight.
    let mut sent = Vec::new();
    for i in 0..20u64 {
        sent.push(
            say(
                &fake,
                USER_ID + 400 + i,
                SUPPORT_CHANNEL_ID,
                Some(GUILD_ID),
                MISUSE,
            )
            .await,
        );
        if i == 4 {
            wait_replied(&fake, &sent[..1], TIMEOUT).await;
        }
        if i == 8 {
            signal(&b.child, "KILL");
        }
    }
    let _ = b.child.wait();

    // Every case a member was told about is in the store.
    let stored = shared.cases();
    let announced: Vec<i64> = replies(&fake)
        .values()
        .flatten()
        .filter_map(case_number)
        .collect();
    assert!(!announced.is_empty());
    for case in &announced {
        assert!(
            stored.contains(case),
            "case #{case} was announced but is not stored: {stored:?}"
        );
    }
    // The other process carries on with its shard.
    let id = say(&fake, USER_ID + 500, SUPPORT2, Some(GUILD2), MISUSE).await;
    wait_replied(&fake, &[id], TIMEOUT).await;
    let log = stop(a).await;
    assert!(!log.contains("panicked"), "{log}");
    assert_eq!(replies(&fake)[&id].len(), 1);
    assert_all_requests_valid(&fake);
}

async fn kb_reload_on_one_process_reloads_the_others(db: Db) {
    let kb = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    for f in std::fs::read_dir(&shipped).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), kb.path().join(f.file_name())).unwrap();
    }
    let fake = FakeDiscord::start_with(two_guilds()).await;
    let Some(shared) = Shared::new(db) else {
        return;
    };
    let a = shared.start_with_kb(&fake, kb.path(), &sharded(2, "0"));
    let b = shared.start_with_kb(&fake, kb.path(), &sharded(2, "1"));
    fake.wait_for_shards(&[(0, 2), (1, 2)]).await;
    fake.wait_for_request(
        |r| r.is("PUT", &format!("/applications/*/guilds/{GUILD2}/commands")),
        TIMEOUT,
    )
    .await;

    // An editor removes a scenario; an administrator of the second server
    // (shard 0: process A) reloads.
    let before = kb_count(kb.path());
    std::fs::remove_file(kb.path().join("review-time.yaml")).unwrap();
    let rejected = kb.path().join("review-rejected.yaml");
    let text = std::fs::read_to_string(&rejected).unwrap();
    std::fs::write(&rejected, text.replace(", review-time", "")).unwrap();
    let admin = as_member(
        &user(MOD_USER_ID, MOD_USER_NAME),
        &[],
        permissions::ADMINISTRATOR | permissions::EVERYONE,
    );
    let reload = fake
        .slash_command("kb", vec![subcommand("reload", vec![])])
        .in_guild(GUILD2, SUPPORT2, admin)
        .build();
    let token = reload["token"].as_str().unwrap().to_string();
    fake.send_dispatch("INTERACTION_CREATE", reload).await;
    let answer = fake
        .wait_for_request(
            |r| r.is("PATCH", &format!("/webhooks/*/{token}/messages/@original")),
            TIMEOUT,
        )
        .await;
    let text = body(&answer)["content"].as_str().unwrap().to_string();
    assert!(
        text.contains(&format!("{} scenarios", before - 1)),
        "{text}"
    );

    // Process B follows within its poll period.
    let deadline = Instant::now() + TIMEOUT;
    let wanted = format!("scenarios={}", before - 1);
    loop {
        let log = stderr_of(b.dir.path());
        if log.contains("after a reload on another process") && log.contains(&wanted) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "process B did not reload:\n{log}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let log_a = stop(a).await;
    assert!(
        !log_a.contains("after a reload on another process"),
        "A reloads once: {log_a}"
    );
    stop(b).await;
    assert_all_requests_valid(&fake);
}

/// Scenarios in a knowledge-base directory (every file but `_shared.yaml`).
fn kb_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|f| {
            let name = f.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.ends_with(".yaml") && !name.starts_with('_')
        })
        .count()
}

crate::on_both_backends! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async two_processes_on_split_shards_answer_every_message_once;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async an_event_delivered_to_two_processes_is_handled_once;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async a_killed_process_loses_no_acknowledged_case_and_the_other_carries_on;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async kb_reload_on_one_process_reloads_the_others;
}

/// `cargo test --release --test discord_e2e -- --ignored --nocapture two_processes_reply_latency`
///
/// Message → reply latency with two `serve` processes on split shards of one
/// SQLite database: a MESSAGE_CREATE leaving the fake gateway to the reply
/// arriving at its REST server, N messages alternating between the two
/// servers (so both processes work), one at a time. Includes the event
/// claim and the triage-log write each process makes in the shared store.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn two_processes_reply_latency() {
    const N: usize = 400;
    let fake = FakeDiscord::start_with(two_guilds()).await;
    let shared = Shared::new(Db::Sqlite).unwrap();
    let a = shared.start(&fake, &sharded(2, "0"));
    let b = shared.start(&fake, &sharded(2, "1"));
    fake.wait_for_shards(&[(0, 2), (1, 2)]).await;
    let mut times = Vec::with_capacity(N);
    for i in 0..N as u64 {
        let (channel, guild) = if i % 2 == 0 {
            (SUPPORT_CHANNEL_ID, GUILD_ID)
        } else {
            (SUPPORT2, GUILD2)
        };
        let m = message_create(
            channel,
            Some(guild),
            user(USER_ID + 1_000 + i, "member"),
            FACE,
        );
        let start = Instant::now();
        fake.send_dispatch("MESSAGE_CREATE", m.build()).await;
        fake.wait_for_request(|r| r.is("POST", "/channels/*/messages"), TIMEOUT)
            .await;
        times.push(start.elapsed());
    }
    stop(a).await;
    stop(b).await;
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "two processes, {N} messages: p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        pct(0.5),
        pct(0.9),
        pct(0.99),
        times[N - 1]
    );
}
