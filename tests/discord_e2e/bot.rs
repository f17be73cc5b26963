//! The bot under test: config for the fake's world, start, drive, stop.

use crate::support::fake_discord::payloads::{self, *};
use crate::support::fake_discord::{
    assert_all_requests_valid, FakeConfig, FakeDiscord, RecordedRequest, TIMEOUT,
};
use kyc_triage::config::Config;
use kyc_triage::discord::ServeError;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Channels the default fake guild gets in addition to its support channel.
pub const ESCALATION_CHANNEL_ID: u64 = 1_180_000_000_000_000_201;
pub const OTHER_CHANNEL_ID: u64 = 1_180_000_000_000_000_202;
pub const DM_CHANNEL_ID: u64 = 1_180_000_000_000_000_500;
/// A thread (a forum post, say) under the support channel.
pub const THREAD_ID: u64 = 1_180_000_000_000_000_203;
/// A second member, for tests that need two users.
pub const BOB_ID: u64 = 1_180_000_000_000_000_402;

/// Every log line any test's bot wrote (the subscriber is process-wide), so
/// tests can assert that secrets and raw personal data never reach the logs.
pub fn logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().unwrap()).into_owned()
}

fn log_buffer() -> &'static Mutex<Vec<u8>> {
    static BUF: OnceLock<Mutex<Vec<u8>>> = OnceLock::new();
    BUF.get_or_init(|| Mutex::new(Vec::new()))
}

struct Capture;
impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        log_buffer().lock().unwrap().extend_from_slice(buf);
        if std::env::var_os("KYC_TEST_LOGS").is_some() {
            std::io::stderr().write_all(buf)?;
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures the bot's logs at DEBUG (the most it ever writes about a
/// message) and serenity's at INFO, as an operator would run it.
pub fn init_logging() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let filter = tracing_subscriber::EnvFilter::new("info,kyc_triage=debug");
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_ansi(false)
            .with_writer(|| Capture)
            .try_init();
    });
}

pub struct Bot {
    pub fake: FakeDiscord,
    pub dir: TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), ServeError>>>,
}

/// The configuration for the fake's world, with a database in `dir`.
pub fn config(fake: &FakeDiscord, dir: &Path) -> Config {
    let text = format!(
        r#"
[store]
path = "{db}"
[discord]
token = "{token}"
api_base = "{base}"
guild_ids = ["{GUILD_ID}"]
support_channels = ["{SUPPORT_CHANNEL_ID}"]
moderator_roles = ["{MOD_ROLE_ID}"]
escalation_channel = "{ESCALATION_CHANNEL_ID}"
cooldown_seconds = 0
"#,
        db = dir.join("kyc.db").display(),
        token = fake.token(),
        base = fake.api_base(),
    );
    let mut config = Config::from_toml(&text, Path::new("test.toml"), None).unwrap();
    config.knowledge_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    config
}

/// The default fake world plus an escalation channel, another channel and
/// a second member, with Discord's 3-second interaction deadline.
pub fn fake_config() -> FakeConfig {
    let mut fc = FakeConfig::default();
    let guild = &mut fc.guilds[0];
    guild.channels.push(guild_text_channel(
        ESCALATION_CHANNEL_ID,
        GUILD_ID,
        "kyc-escalations",
    ));
    guild
        .channels
        .push(guild_text_channel(OTHER_CHANNEL_ID, GUILD_ID, "general"));
    let mut thread = guild_text_channel(THREAD_ID, GUILD_ID, "my KYC failed");
    thread["type"] = serde_json::json!(11);
    thread["parent_id"] = serde_json::json!(SUPPORT_CHANNEL_ID.to_string());
    thread["owner_id"] = serde_json::json!(USER_ID.to_string());
    thread["thread_metadata"] = serde_json::json!({
        "archived": false, "auto_archive_duration": 1440,
        "archive_timestamp": now(), "locked": false
    });
    guild.channels.push(thread);
    guild.members.push(member(&user(BOB_ID, "bob"), &[]));
    // Discord refuses interaction callbacks after 3 seconds; so does the fake
    // here, so every test proves the bot answers in time (the bot answers in
    // milliseconds, and defers what may take longer, like /kb reload).
    fc.interaction_deadline = Some(std::time::Duration::from_secs(3));
    fc
}

impl Bot {
    pub async fn start() -> Bot {
        Bot::start_with(|_| {}).await
    }

    /// Starts the bot with `tweak` applied to the test configuration, and
    /// waits until it is connected and has registered its commands.
    pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> Bot {
        Bot::start_in(fake_config(), tweak).await
    }

    /// Like `start_with`, in the world `world` (see `fake_config`).
    pub async fn start_in(world: FakeConfig, tweak: impl FnOnce(&mut Config)) -> Bot {
        init_logging();
        let fake = FakeDiscord::start_with(world).await;
        let dir = tempfile::tempdir().unwrap();
        let mut config = config(&fake, dir.path());
        tweak(&mut config);
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(kyc_triage::discord::run(config, async {
            let _ = rx.await;
        }));
        // Registered per guild, or globally when no guild is configured.
        fake.wait_for_request(
            |r| {
                r.is("PUT", "/applications/*/guilds/*/commands")
                    || r.is("PUT", "/applications/*/commands")
            },
            TIMEOUT,
        )
        .await;
        Bot {
            fake,
            dir,
            stop: Some(tx),
            task: Some(task),
        }
    }

    /// Shuts the bot down through its shutdown future (as Ctrl-C would),
    /// waits for it to finish, and checks every request it ever sent.
    pub async fn stop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let result = tokio::time::timeout(TIMEOUT * 2, task)
                .await
                .expect("the bot stops within the timeout")
                .expect("the bot task does not panic");
            result.expect("the bot ends without error");
        }
        assert_all_requests_valid(&self.fake);
        self.fake.assert_no_unknown_routes();
        let logs = logs();
        assert!(
            !logs.contains(self.fake.token()),
            "the bot token appeared in the logs"
        );
    }

    /// The bot's database, opened after `stop` for inspection.
    pub async fn store(&self) -> kyc_triage::store::Store {
        self.store_at(&self.dir.path().join("kyc.db")).await
    }

    /// A database the bot used at `path`, after `stop`.
    pub async fn store_at(&self, path: &Path) -> kyc_triage::store::Store {
        assert!(self.task.is_none(), "stop the bot first");
        kyc_triage::store::Store::open(path).await.unwrap()
    }

    /// `text` from `author` in `channel` (guild channel unless `guild` is
    /// None); returns the dispatched message.
    pub async fn say_as(
        &self,
        author: Value,
        channel: u64,
        guild: Option<u64>,
        text: &str,
    ) -> Value {
        self.send_message(message_create(channel, guild, author, text).build())
            .await
    }

    pub async fn send_message(&self, message: Value) -> Value {
        self.fake
            .send_dispatch("MESSAGE_CREATE", message.clone())
            .await
            .expect("the bot's intents include messages");
        message
    }

    /// `text` from alice in the support channel.
    pub async fn say(&self, text: &str) -> Value {
        self.say_as(alice(), SUPPORT_CHANNEL_ID, Some(GUILD_ID), text)
            .await
    }

    /// The next message the bot posts in `channel`.
    pub async fn next_post(&self, channel: u64) -> RecordedRequest {
        let path = format!("/channels/{channel}/messages");
        self.fake
            .wait_for_request(|r| r.is("POST", &path), TIMEOUT)
            .await
    }

    /// Sends an interaction and returns the bot's callback request itself
    /// (a deferral, for whatever touches the store).
    pub async fn interact_raw(&self, interaction: Value) -> RecordedRequest {
        self.fake
            .send_dispatch("INTERACTION_CREATE", interaction.clone())
            .await
            .expect("interactions are always delivered");
        let path = callback_path(&interaction);
        self.fake
            .wait_for_request(|r| r.path.ends_with(&path), TIMEOUT)
            .await
    }

    /// Sends an interaction and returns what its user ends up seeing, in
    /// the shape of a callback body (`{"type", "data"}`): the callback
    /// itself when it answered at once; after a deferral, the request that
    /// followed it (an edit of the original response as type 4 after a
    /// type 5, with the deferral's flags, or as type 7 after a type 6; a
    /// follow-up message as type 4).
    pub async fn interact(&self, interaction: Value) -> RecordedRequest {
        let callback = self.interact_raw(interaction.clone()).await;
        let kind = body(&callback)["type"].as_u64();
        if !matches!(kind, Some(5 | 6)) {
            return callback;
        }
        self.after_deferral(&interaction, &callback).await
    }

    /// The answer that follows the deferral `callback` of `interaction`.
    pub async fn after_deferral(
        &self,
        interaction: &Value,
        callback: &RecordedRequest,
    ) -> RecordedRequest {
        let token = interaction["token"].as_str().unwrap_or_default();
        let hook = format!("/webhooks/{}/{token}", self.fake.application_id());
        let answer = self
            .fake
            .wait_for_request(
                |r| r.path.contains(&hook) && (r.method == "PATCH" || r.method == "POST"),
                TIMEOUT,
            )
            .await;
        let mut data = body(&answer).clone();
        let kind = if answer.method == "POST" {
            4
        } else if body(callback)["type"] == 5 {
            if let Some(flags) = body(callback)["data"]["flags"].as_u64() {
                data["flags"] = serde_json::json!(flags);
            }
            4
        } else {
            7
        };
        let mut seen = answer.clone();
        seen.body = crate::support::fake_discord::RecordedBody::Json(
            serde_json::json!({"type": kind, "data": data}),
        );
        seen
    }

    /// Every message the bot posted so far (after `stop`: everything).
    pub fn posts(&self) -> Vec<RecordedRequest> {
        self.fake
            .requests()
            .into_iter()
            .filter(|r| r.is("POST", "/channels/*/messages"))
            .collect()
    }
}

pub fn alice() -> Value {
    user(USER_ID, USER_NAME)
}

pub fn bob() -> Value {
    user(BOB_ID, "bob")
}

/// A member of the default guild as an interaction carries it.
pub fn as_member(user_value: &Value, roles: &[u64], perms: u64) -> Value {
    interaction_member(user_value, roles, perms)
}

/// The moderator, by role (the role's permissions are not in `perms`, so
/// the configured-role path is what lets them in).
pub fn mod_member() -> Value {
    interaction_member(
        &user(MOD_USER_ID, MOD_USER_NAME),
        &[MOD_ROLE_ID],
        permissions::EVERYONE,
    )
}

/// The JSON body of a request.
pub fn body(r: &RecordedRequest) -> &Value {
    r.json().expect("a JSON body")
}

/// Everything a message body says, for `contains` checks: content, embed
/// titles, descriptions and fields.
pub fn text_of(v: &Value) -> String {
    let mut out = v["content"].as_str().unwrap_or("").to_string();
    for e in v["embeds"].as_array().into_iter().flatten() {
        for key in ["title", "description"] {
            out.push('\n');
            out.push_str(e[key].as_str().unwrap_or(""));
        }
        for f in e["fields"].as_array().into_iter().flatten() {
            out.push('\n');
            out.push_str(f["name"].as_str().unwrap_or(""));
            out.push_str(": ");
            out.push_str(f["value"].as_str().unwrap_or(""));
        }
    }
    out
}

/// The custom ids of all components of a message body.
pub fn custom_ids(v: &Value) -> Vec<String> {
    v["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(String::from))
        .collect()
}

/// The id of a dispatched or created message.
pub fn id(v: &Value) -> u64 {
    v["id"].as_str().unwrap().parse().unwrap()
}

/// The knowledge base the bot ships with, to compare titles.
pub fn kb() -> kyc_triage::knowledge::KnowledgeBase {
    kyc_triage::knowledge::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"))
        .unwrap()
        .0
}

pub fn title(scenario: &str, lang: kyc_triage::knowledge::Lang) -> String {
    kb().scenario(scenario).unwrap().title.get(lang).to_string()
}

/// The all-time statistics of `scenario` in `store` (it must have some).
pub async fn scenario_stats(
    store: &kyc_triage::store::Store,
    scenario: &str,
) -> kyc_triage::store::ScenarioStats {
    store
        .stats(None)
        .await
        .unwrap()
        .scenarios
        .into_iter()
        .find(|s| s.scenario.as_deref() == Some(scenario))
        .unwrap()
}

pub use payloads::callback_path;
