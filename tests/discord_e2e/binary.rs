//! The shipped binary: `kyc-triage serve` as an operator runs it, against
//! the fake, stopped with SIGTERM; and (ignored, run by hand) the numbers
//! README.md reports: reply latency and resident memory.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use crate::support::fake_discord::{assert_all_requests_valid, FakeDiscord, TIMEOUT};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Writes a config file for the fake and starts `kyc-triage serve`.
fn spawn_serve(fake: &FakeDiscord, dir: &Path, log: &str) -> Child {
    spawn_serve_with(fake, dir, log, "")
}

/// [`spawn_serve`] with `extra` appended to the config file (more tables).
pub(crate) fn spawn_serve_with(fake: &FakeDiscord, dir: &Path, log: &str, extra: &str) -> Child {
    serve_command(fake, dir, log, extra)
        .spawn()
        .expect("the binary starts")
}

/// The command [`spawn_serve_with`] runs, to add arguments or variables.
pub(crate) fn serve_command(fake: &FakeDiscord, dir: &Path, log: &str, extra: &str) -> Command {
    let kb = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let store = format!("path = {:?}", dir.join("kyc.db").display().to_string());
    serve_command_at(fake, dir, &store, &kb, log, extra)
}

/// [`serve_command`] with `store` as the `[store]` table's body (`path = …`
/// or `url = …`: several processes may share one database) and the
/// knowledge base in `kb`; `extra` is appended to the `[discord]` table
/// (shard settings, and further tables after it).
pub(crate) fn serve_command_at(
    fake: &FakeDiscord,
    dir: &Path,
    store: &str,
    kb: &Path,
    log: &str,
    extra: &str,
) -> Command {
    let config = format!(
        r#"
[knowledge]
dir = "{kb}"
[store]
{store}
[discord]
api_base = "{base}"
guild_ids = ["{GUILD_ID}"]
support_channels = ["{SUPPORT_CHANNEL_ID}"]
escalation_channel = "{ESCALATION_CHANNEL_ID}"
cooldown_seconds = 0
{extra}
"#,
        kb = kb.display(),
        base = fake.api_base(),
    );
    let file = dir.join("kyc-triage.toml");
    std::fs::write(&file, config).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_kyc-triage"));
    command
        .arg("serve")
        .arg("--config")
        .arg(&file)
        // The token comes from the environment, as recommended.
        .env("DISCORD_TOKEN", fake.token())
        .env("RUST_LOG", log)
        .env_remove("KYC_TRIAGE_LOG_FORMAT")
        .env_remove("KYC_TRIAGE_METRICS_LISTEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        // A file, not a pipe: nobody reads a pipe while the bot runs, and a
        // full one would block the bot's logging, and with it the bot.
        .stderr(std::fs::File::create(dir.join("serve.log")).unwrap());
    command
}

/// A fake Discord and `kyc-triage serve` (logging at `log`) started against
/// it in a fresh directory, once the bot has registered its guild commands.
async fn serve_registered(log: &str) -> (FakeDiscord, tempfile::TempDir, Child) {
    let fake = FakeDiscord::start_with(fake_config()).await;
    let dir = tempfile::tempdir().unwrap();
    let child = spawn_serve(&fake, dir.path(), log);
    fake.wait_for_request(
        |r| r.is("PUT", "/applications/*/guilds/*/commands"),
        TIMEOUT,
    )
    .await;
    (fake, dir, child)
}

pub(crate) fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits for the child to exit (polling its status; it is not a sync point
/// of the bot, only the end of the test).
pub(crate) async fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + TIMEOUT * 2;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "serve did not exit");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub(crate) fn stderr_of(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("serve.log")).unwrap()
}

/// VmRSS and VmHWM of a process, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

#[tokio::test]
async fn serve_answers_and_shuts_down_cleanly_on_sigterm_and_sigint() {
    for sig in ["TERM", "INT"] {
        let (fake, dir, mut child) = serve_registered("info,kyc_triage=debug").await;
        let m = message_create(
            SUPPORT_CHANNEL_ID,
            Some(GUILD_ID),
            alice(),
            "人脸识别一直失败怎么办",
        );
        fake.send_dispatch("MESSAGE_CREATE", m.build()).await;
        let reply = fake
            .wait_for_request(|r| r.is("POST", "/channels/*/messages"), TIMEOUT)
            .await;
        assert_eq!(reply.status, 200);
        signal(&child, sig);
        let status = wait_exit(&mut child).await;
        let log = stderr_of(dir.path());
        assert!(status.success(), "SIG{sig}: {status}\n{log}");
        assert!(log.contains("stopped"), "{log}");
        assert!(!log.contains(fake.token()), "the token was logged");
        // stderr is a file, not a terminal: no colour escapes.
        assert!(!log.contains('\x1b'), "ANSI escapes in a log file:\n{log}");
        assert_all_requests_valid(&fake);
        fake.assert_no_unknown_routes();
    }
}

#[tokio::test]
async fn serve_without_a_token_says_how_to_try_the_bot_locally() {
    let dir = tempfile::tempdir().unwrap();
    for token in [None, Some(""), Some("   ")] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kyc-triage"));
        cmd.arg("serve").current_dir(dir.path());
        match token {
            None => cmd.env_remove("DISCORD_TOKEN"),
            Some(t) => cmd.env("DISCORD_TOKEN", t),
        };
        let out = cmd.output().unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("DISCORD_TOKEN") && err.contains("kyc-triage chat"),
            "{token:?}: {err}"
        );
    }
}

/// Percentile of sorted durations.
fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// `cargo test --release --test discord_e2e -- --ignored --nocapture measure`
///
/// Time from a MESSAGE_CREATE leaving the fake gateway to the bot's reply
/// arriving at the fake REST server (includes serenity's parsing, triage,
/// the triage-log write to SQLite and the HTTP request), over N messages,
/// sequentially; and the resident memory of `kyc-triage serve` with the
/// shipped knowledge base, idle and after the run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn measure_reply_latency_and_memory_of_serve() {
    const N: usize = 500;
    // Warnings only: the numbers are the bot's, not the log writer's.
    let (fake, _dir, mut child) = serve_registered("warn").await;
    let idle = memory_kib(child.id());
    let texts = [
        "my selfie keeps failing the face check",
        "人脸识别一直失败怎么办",
        "uploaded my pasport page and got 'unable to recognise document'",
        "身份证照片一直提示图像不清晰，拍了好几次了",
        "kyc problem",
    ];
    let mut times = Vec::with_capacity(N);
    for i in 0..N {
        // A member each: one member's next message would be read as a
        // follow-up to the last answer, which is not what this measures.
        let m = message_create(
            SUPPORT_CHANNEL_ID,
            Some(GUILD_ID),
            user(USER_ID + 1_000 + i as u64, "member"),
            texts[i % texts.len()],
        );
        let start = Instant::now();
        fake.send_dispatch("MESSAGE_CREATE", m.build()).await;
        fake.wait_for_request(|r| r.is("POST", "/channels/*/messages"), TIMEOUT)
            .await;
        times.push(start.elapsed());
    }
    let after = memory_kib(child.id());
    signal(&child, "TERM");
    assert!(wait_exit(&mut child).await.success());
    assert_all_requests_valid(&fake);
    let first = times[0];
    times.sort();
    println!("first message (cold): {first:?}");
    println!(
        "reply latency over {N} messages: p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        pct(&times, 0.5),
        pct(&times, 0.9),
        pct(&times, 0.99),
        times[N - 1]
    );
    println!(
        "kyc-triage serve memory: VmRSS idle {} KiB, after {N} messages {} KiB (peak VmHWM {} KiB)",
        idle.0, after.0, after.1
    );
}
