//! Configuration: a TOML file plus environment overrides, parsed once into a
//! validated [`Config`]. Raw values are checked before anything runs, and
//! the Discord token never prints.

mod guilds;
mod metrics;
mod shards;

pub use guilds::{GuildOverrides, Settings};
pub use metrics::{
    MetricsListen, DEFAULT_LISTEN as DEFAULT_METRICS_LISTEN, LISTEN_ENV as METRICS_LISTEN_ENV,
};
pub use shards::ShardRange;

use crate::triage::Thresholds;
use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The file read when `--config` is not given, if it exists.
pub const DEFAULT_FILE: &str = "kyc-triage.toml";
/// The SQLite file used when the config names none (in the working directory).
pub const DEFAULT_DB: &str = "kyc-triage.db";
/// The environment variable that overrides `discord.token`.
pub const TOKEN_ENV: &str = "DISCORD_TOKEN";
/// The environment variable that overrides `store.url` (it may hold a
/// password, so it is kept out of files as the token is).
pub const STORE_URL_ENV: &str = "KYC_TRIAGE_STORE_URL";

/// A secret that never shows in logs, `Debug` output or error messages.
#[derive(Clone, PartialEq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// The validated configuration every part of the program reads.
#[derive(Debug, Clone)]
pub struct Config {
    pub knowledge_dir: PathBuf,
    pub triage: Thresholds,
    pub store: StoreConfig,
    pub privacy: PrivacyConfig,
    pub discord: DiscordConfig,
    /// Where `serve` offers `/healthz` and `/metrics` (`[metrics] listen`).
    pub metrics: MetricsListen,
}

#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// The SQLite database file (used when `url` is not set).
    pub path: PathBuf,
    /// A PostgreSQL database, `postgres://user:password@host/db`; wins over
    /// `path`. A secret: it may carry a password.
    pub url: Option<Secret>,
    /// Text of resolved and dismissed cases is erased after this long.
    pub retention: Duration,
}

impl StoreConfig {
    /// Where the store lives: Postgres when `url` is set, else the file.
    pub fn location(&self) -> crate::store::Location {
        match &self.url {
            Some(url) => crate::store::Location::Postgres(url.expose().to_string()),
            None => crate::store::Location::Sqlite(self.path.clone()),
        }
    }
}

/// A `store.url` as given, trimmed; blank is unset. Only PostgreSQL URLs:
/// a SQLite file is `store.path`.
fn parse_store_url(url: &str) -> Result<Option<Secret>, String> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        let shown = crate::store::without_password(url);
        return Err(format!(
            "store.url must be a postgres:// URL (a SQLite file is store.path), not `{shown}`"
        ));
    }
    Ok(Some(Secret(url.to_string())))
}

#[derive(Debug, Clone)]
pub struct PrivacyConfig {
    /// Delete server messages that carry ID numbers, seed phrases or keys.
    pub delete_sensitive: bool,
}

#[derive(Debug, Clone)]
pub struct DiscordConfig {
    /// `None` when neither the file nor `DISCORD_TOKEN` sets one.
    pub token: Option<Secret>,
    /// Base URL of a Discord-compatible HTTP proxy; serenity's own rate
    /// limiter is turned off when set, since the proxy does that job.
    pub api_base: Option<String>,
    pub guild_ids: Vec<u64>,
    pub support_channels: Vec<u64>,
    pub moderator_roles: Vec<u64>,
    pub escalation_channel: Option<u64>,
    /// Where private case threads are opened by default; `None`: in the
    /// channel the member wrote in.
    pub case_thread_channel: Option<u64>,
    /// Per-server overrides of the four settings above; see `guilds.rs`.
    pub guilds: std::collections::BTreeMap<u64, GuildOverrides>,
    /// Minimum time between two triaged messages of one user.
    pub cooldown: Duration,
    /// Longer messages are not triaged; the user is asked to shorten them.
    pub max_message_chars: usize,
    /// The gateway shards this process runs (`shard_count`, `shards`).
    pub shards: ShardRange,
}

/// Why the configuration could not be used; always says what to change.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    knowledge: RawKnowledge,
    #[serde(default)]
    triage: Thresholds,
    #[serde(default)]
    store: RawStore,
    #[serde(default)]
    privacy: RawPrivacy,
    #[serde(default)]
    discord: RawDiscord,
    #[serde(default)]
    metrics: metrics::RawMetrics,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKnowledge {
    dir: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawStore {
    path: Option<PathBuf>,
    url: Option<String>,
    retention_days: u32,
}

impl Default for RawStore {
    fn default() -> Self {
        RawStore {
            path: None,
            url: None,
            retention_days: 90,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawPrivacy {
    delete_sensitive: bool,
}

impl Default for RawPrivacy {
    fn default() -> Self {
        RawPrivacy {
            delete_sensitive: true,
        }
    }
}

/// A Discord id, written in TOML as a number or a string (snowflakes are
/// often copied as strings from the client). Deserialized by hand: with
/// `#[serde(untagged)]` a wrong value (`12.5`, `-3`, `true`) said only
/// "data did not match any variant of untagged enum RawId".
#[derive(Debug)]
enum RawId {
    Number(u64),
    Text(String),
}

impl<'de> Deserialize<'de> for RawId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RawId, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = RawId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(ID_SHAPE)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawId, E> {
                Ok(RawId::Number(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawId, E> {
                u64::try_from(v)
                    .map(RawId::Number)
                    .map_err(|_| E::custom(format!("{v} is not a Discord id: {ID_SHAPE}")))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawId, E> {
                Err(E::custom(format!("{v} is not a Discord id: {ID_SHAPE}")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawId, E> {
                Ok(RawId::Text(v.to_string()))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// What a Discord id looks like, for error messages.
const ID_SHAPE: &str =
    "write the whole number Discord shows (Developer Mode, Copy ID), such as 123456789012345678, with or without quotes";

/// The longest cooldown accepted: a day. Longer is a typo (and `1e20`
/// seconds overflowed the duration and panicked every subcommand).
const MAX_COOLDOWN_SECONDS: f64 = 86_400.0;

/// Discord's own message limit (with Nitro): nothing longer ever arrives.
const MAX_MESSAGE_CHARS: usize = 4_000;

/// A century of retention; more is a typo.
const MAX_RETENTION_DAYS: u32 = 36_500;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawDiscord {
    token: Option<String>,
    api_base: Option<String>,
    guild_ids: Vec<RawId>,
    support_channels: Vec<RawId>,
    moderator_roles: Vec<RawId>,
    escalation_channel: Option<RawId>,
    case_thread_channel: Option<RawId>,
    guilds: guilds::RawGuilds,
    cooldown_seconds: f64,
    max_message_chars: usize,
    shard_count: Option<u64>,
    shards: Option<shards::RawShards>,
}

/// `[discord.guilds.<guild id>]`: any key left out keeps the default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuild {
    support_channels: Option<Vec<RawId>>,
    escalation_channel: Option<RawId>,
    moderator_roles: Option<Vec<RawId>>,
    case_thread_channel: Option<RawId>,
}

impl Default for RawDiscord {
    fn default() -> Self {
        RawDiscord {
            token: None,
            api_base: None,
            guild_ids: Vec::new(),
            support_channels: Vec::new(),
            moderator_roles: Vec::new(),
            escalation_channel: None,
            case_thread_channel: None,
            guilds: Default::default(),
            cooldown_seconds: 5.0,
            max_message_chars: 2000,
            shard_count: None,
            shards: None,
        }
    }
}

impl Config {
    /// Loads `path`, or `kyc-triage.toml` when present, or the defaults;
    /// `DISCORD_TOKEN` from the environment wins over the file.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let mut config = Config::load_file(path)?;
        // KYC_TRIAGE_STORE_URL wins over the file, as DISCORD_TOKEN does;
        // empty is unset.
        if let Ok(url) = std::env::var(STORE_URL_ENV) {
            let url = parse_store_url(&url).map_err(|message| ConfigError::Invalid {
                path: PathBuf::from(STORE_URL_ENV),
                message,
            })?;
            if url.is_some() {
                config.store.url = url;
            }
        }
        // KYC_TRIAGE_METRICS_LISTEN wins over the file too: one file for
        // several processes on a machine, a port each.
        if let Ok(listen) = std::env::var(METRICS_LISTEN_ENV) {
            config.metrics =
                metrics::parse_listen(METRICS_LISTEN_ENV, &listen).map_err(|message| {
                    ConfigError::Invalid {
                        path: PathBuf::from(METRICS_LISTEN_ENV),
                        message,
                    }
                })?;
        }
        Ok(config)
    }

    fn load_file(path: Option<&Path>) -> Result<Config, ConfigError> {
        let env_token = std::env::var(TOKEN_ENV).ok();
        match path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
                Config::from_toml(&text, path, env_token)
            }
            None if Path::new(DEFAULT_FILE).is_file() => {
                Config::load_file(Some(Path::new(DEFAULT_FILE)))
            }
            None => Config::from_toml("", Path::new("(defaults)"), env_token),
        }
    }

    /// Parses and validates TOML text; `origin` names it in errors.
    pub fn from_toml(
        text: &str,
        origin: &Path,
        env_token: Option<String>,
    ) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: origin.to_path_buf(),
            message: e.to_string(),
        })?;
        let invalid = |message: String| ConfigError::Invalid {
            path: origin.to_path_buf(),
            message,
        };
        raw.triage.validate().map_err(invalid)?;
        let d = raw.discord;
        let ids = |name: &str, list: Vec<RawId>| -> Result<Vec<u64>, ConfigError> {
            list.into_iter()
                .map(|id| parse_id(name, id).map_err(invalid))
                .collect()
        };
        let one = |name: &str, id: Option<RawId>| -> Result<Option<u64>, ConfigError> {
            id.map(|id| parse_id(name, id).map_err(invalid)).transpose()
        };
        let mut guilds = std::collections::BTreeMap::new();
        for (key, g) in d.guilds {
            let guild = parse_id("discord.guilds", RawId::Text(key.clone())).map_err(|_| {
                invalid(format!(
                    "discord.guilds.{key}: `{key}` is not a Discord server id (a number such as 123456789012345678)"
                ))
            })?;
            let name = |field: &str| format!("discord.guilds.{key}.{field}");
            let list =
                |field: &str, v: Option<Vec<RawId>>| v.map(|v| ids(&name(field), v)).transpose();
            guilds.insert(
                guild,
                GuildOverrides {
                    support_channels: list("support_channels", g.support_channels)?,
                    escalation_channel: one(&name("escalation_channel"), g.escalation_channel)?,
                    moderator_roles: list("moderator_roles", g.moderator_roles)?,
                    case_thread_channel: one(&name("case_thread_channel"), g.case_thread_channel)?,
                },
            );
        }
        // An empty DISCORD_TOKEN (`DISCORD_TOKEN=` in an env file) is unset,
        // not a blank that hides the file's token.
        let token = env_token
            .filter(|t| !t.trim().is_empty())
            .or(d.token)
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .map(Secret);
        let api_base = match d
            .api_base
            .map(|s| s.trim().trim_end_matches('/').to_string())
        {
            Some(base) if base.is_empty() => None,
            Some(base) if !(base.starts_with("http://") || base.starts_with("https://")) => {
                return Err(invalid(format!(
                    "discord.api_base must be an http:// or https:// URL, not `{base}`"
                )))
            }
            other => other,
        };
        if !(d.cooldown_seconds.is_finite()
            && (0.0..=MAX_COOLDOWN_SECONDS).contains(&d.cooldown_seconds))
        {
            return Err(invalid(format!(
                "discord.cooldown_seconds must be between 0 and {MAX_COOLDOWN_SECONDS} (a day), not {}",
                d.cooldown_seconds
            )));
        }
        if !(1..=MAX_MESSAGE_CHARS).contains(&d.max_message_chars) {
            return Err(invalid(format!(
                "discord.max_message_chars must be between 1 and {MAX_MESSAGE_CHARS} (Discord's own limit), not {}",
                d.max_message_chars
            )));
        }
        let shards = shards::parse(d.shard_count, d.shards).map_err(invalid)?;
        if raw.store.retention_days > MAX_RETENTION_DAYS {
            return Err(invalid(format!(
                "store.retention_days must be between 0 and {MAX_RETENTION_DAYS}, not {}",
                raw.store.retention_days
            )));
        }
        let store_url = parse_store_url(raw.store.url.as_deref().unwrap_or("")).map_err(invalid)?;
        let metrics = raw.metrics.parse().map_err(invalid)?;
        if raw
            .store
            .path
            .as_ref()
            .is_some_and(|p| p.as_os_str().is_empty())
        {
            return Err(invalid("store.path must name a database file".into()));
        }
        // A relative path written in a config file means relative to that
        // file, wherever the program is started from (a systemd unit, a
        // container, cron); the defaults stay relative to the working
        // directory. `origin` is the file (or a label without a directory).
        let base = origin.parent().filter(|p| !p.as_os_str().is_empty());
        let from_file = |p: PathBuf| match base {
            Some(_) if p == Path::new(crate::knowledge::BUILT_IN) => p,
            Some(base) if p.is_relative() => base.join(p),
            _ => p,
        };
        let store_path = raw
            .store
            .path
            .map_or_else(|| PathBuf::from(DEFAULT_DB), from_file);
        Ok(Config {
            knowledge_dir: raw
                .knowledge
                .dir
                .map(from_file)
                .unwrap_or_else(crate::knowledge::default_dir),
            triage: raw.triage,
            store: StoreConfig {
                path: store_path,
                url: store_url,
                retention: Duration::from_secs(u64::from(raw.store.retention_days) * 86_400),
            },
            privacy: PrivacyConfig {
                delete_sensitive: raw.privacy.delete_sensitive,
            },
            discord: DiscordConfig {
                token,
                api_base,
                guild_ids: ids("discord.guild_ids", d.guild_ids)?,
                support_channels: ids("discord.support_channels", d.support_channels)?,
                moderator_roles: ids("discord.moderator_roles", d.moderator_roles)?,
                escalation_channel: one("discord.escalation_channel", d.escalation_channel)?,
                case_thread_channel: one("discord.case_thread_channel", d.case_thread_channel)?,
                guilds,
                cooldown: Duration::from_secs_f64(d.cooldown_seconds),
                max_message_chars: d.max_message_chars,
                shards,
            },
            metrics,
        })
    }
}

fn parse_id(name: &str, id: RawId) -> Result<u64, String> {
    let value = match id {
        RawId::Number(n) => n,
        RawId::Text(s) => s.trim().parse::<u64>().map_err(|_| {
            format!("{name}: `{s}` is not a Discord id (a number such as 123456789012345678)")
        })?,
    };
    if value == 0 {
        return Err(format!("{name}: 0 is not a Discord id"));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::from_toml(text, Path::new("test.toml"), None)
    }

    #[test]
    fn shard_settings_are_read_and_checked() {
        let c = parse("[discord]\nshard_count = 4\nshards = \"2-3\"\n").unwrap();
        assert_eq!((c.discord.shards.first, c.discord.shards.last), (2, 3));
        assert_eq!(c.discord.shards.total, 4);
        let one = parse("[discord]\nshard_count = 2\nshards = 1\n").unwrap();
        assert_eq!((one.discord.shards.first, one.discord.shards.total), (1, 2));
        assert_eq!(parse("").unwrap().discord.shards, ShardRange::SINGLE);
        let err = parse("[discord]\nshards = \"0-1\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("test.toml") && err.contains("discord.shard_count"),
            "{err}"
        );
    }

    #[test]
    fn defaults_are_valid() {
        let c = parse("").unwrap();
        assert!(c.discord.token.is_none());
        assert!(c.privacy.delete_sensitive);
        assert_eq!(c.store.path, PathBuf::from("kyc-triage.db"));
    }

    #[test]
    fn ids_as_numbers_or_strings() {
        let c = parse("[discord]\nguild_ids = [1, \"22\"]\nescalation_channel = \"33\"").unwrap();
        assert_eq!(c.discord.guild_ids, [1, 22]);
        assert_eq!(c.discord.escalation_channel, Some(33));
        assert!(parse("[discord]\nguild_ids = [\"abc\"]").is_err());
    }

    #[test]
    fn guild_tables_override_the_defaults_key_by_key() {
        let c = parse(
            "[discord]\nsupport_channels = [1]\nescalation_channel = 2\nmoderator_roles = [3]\n\
             [discord.guilds.123456789012345678]\nsupport_channels = [223456789012345678]\n\
             escalation_channel = 323456789012345678\nmoderator_roles = [423456789012345678]\n\
             [discord.guilds.\"99\"]\nescalation_channel = \"98\"\n",
        )
        .unwrap();
        let d = &c.discord;
        let first = d.settings(Some(123_456_789_012_345_678));
        assert_eq!(first.support_channels, [223_456_789_012_345_678]);
        assert_eq!(first.escalation_channel, Some(323_456_789_012_345_678));
        assert_eq!(first.moderator_roles, [423_456_789_012_345_678]);
        assert!(first.own);
        let partial = d.settings(Some(99));
        assert_eq!(partial.escalation_channel, Some(98));
        assert_eq!(partial.support_channels, [1], "left out: the default");
        let other = d.settings(Some(5));
        assert_eq!((other.escalation_channel, other.own), (Some(2), false));
        assert!(d.shows_case(5, None) && !d.shows_case(99, None));
        assert!(d.shows_case(99, Some(99)) && !d.shows_case(99, Some(5)));
        assert_eq!(d.command_guilds(), [99, 123_456_789_012_345_678]);
    }

    #[test]
    fn a_bad_guild_table_is_a_sentence_naming_the_key() {
        for (toml, says) in [
            (
                "[discord.guilds.abc]\nescalation_channel = 1",
                "discord.guilds.abc: `abc` is not a Discord server id",
            ),
            (
                "[discord.guilds.7]\nescalation_channel = \"x\"",
                "discord.guilds.7.escalation_channel: `x` is not a Discord id",
            ),
            (
                "[discord.guilds.7]\nmoderator_roles = [\"0\"]",
                "discord.guilds.7.moderator_roles: 0 is not a Discord id",
            ),
            ("[discord.guilds.7]\ncooldown_seconds = 1", "unknown field"),
        ] {
            let err = parse(toml).unwrap_err().to_string();
            assert!(err.contains(says), "{toml:?}: {err}");
        }
    }

    #[test]
    fn paths_in_a_file_are_relative_to_that_file() {
        let text = "[store]\npath = \"data/kyc.db\"\n[knowledge]\ndir = \"kb\"\n";
        let c = Config::from_toml(text, Path::new("/etc/kyc/kyc-triage.toml"), None).unwrap();
        assert_eq!(c.store.path, PathBuf::from("/etc/kyc/data/kyc.db"));
        assert_eq!(c.knowledge_dir, PathBuf::from("/etc/kyc/kb"));
        let text = "[store]\npath = \"/var/lib/kyc/kyc.db\"\n";
        let c = Config::from_toml(text, Path::new("/etc/kyc/kyc-triage.toml"), None).unwrap();
        assert_eq!(c.store.path, PathBuf::from("/var/lib/kyc/kyc.db"));
        // The defaults stay where the program runs.
        let c = Config::from_toml("", Path::new("/etc/kyc/kyc-triage.toml"), None).unwrap();
        assert_eq!(c.store.path, PathBuf::from(DEFAULT_DB));
    }

    #[test]
    fn store_url_selects_postgres_and_never_prints_its_password() {
        let c = parse("[store]\nurl = \"postgres://kyc:pw@db/kyc\"").unwrap();
        assert!(matches!(
            c.store.location(),
            crate::store::Location::Postgres(u) if u == "postgres://kyc:pw@db/kyc"
        ));
        assert!(!format!("{c:?}").contains("pw@"));
        let err = parse("[store]\nurl = \"mysql://kyc:pw@db/kyc\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("store.url must be a postgres:// URL"), "{err}");
        assert!(!err.contains("pw"), "{err}");
        let c = parse("[store]\nurl = \" \"").unwrap();
        assert!(matches!(
            c.store.location(),
            crate::store::Location::Sqlite(_)
        ));
    }

    #[test]
    fn env_token_wins_and_never_prints() {
        let c = Config::from_toml(
            "[discord]\ntoken = \"file\"",
            Path::new("t"),
            Some("env-secret".into()),
        )
        .unwrap();
        let token = c.discord.token.clone().unwrap();
        assert_eq!(token.expose(), "env-secret");
        assert!(!format!("{c:?}").contains("env-secret"));
        let c = Config::from_toml(
            "[discord]\ntoken = \"file\"",
            Path::new("t"),
            Some(" ".into()),
        )
        .unwrap();
        assert_eq!(
            c.discord.token.unwrap().expose(),
            "file",
            "a blank env var is unset"
        );
    }

    #[test]
    fn the_example_file_is_valid_and_documents_every_key() {
        let text = include_str!("../config.example.toml");
        let c = parse(text).unwrap();
        assert!(c.discord.token.is_none());
        // The commented guild table, switched on, is valid too.
        let on = text
            .replace("# [discord.guilds.", "[discord.guilds.")
            .replace("# support_channels = [2234", "support_channels = [2234");
        let c2 = parse(&on).unwrap();
        assert_eq!(c2.discord.guilds.len(), 1);
        let uncommented: String = text
            .lines()
            .map(|l| l.trim_start_matches("# "))
            .collect::<Vec<_>>()
            .join("\n");
        for key in [
            "dir",
            "answer",
            "margin",
            "clarify",
            "off_topic_margin",
            "path",
            "retention_days",
            "delete_sensitive",
            "token",
            "api_base",
            "guild_ids",
            "support_channels",
            "moderator_roles",
            "escalation_channel",
            "case_thread_channel",
            "cooldown_seconds",
            "max_message_chars",
            "listen",
        ] {
            assert!(
                uncommented.contains(&format!("\n{key} = ")),
                "{key} is not documented"
            );
        }
    }

    #[test]
    fn metrics_listen_defaults_to_loopback_and_says_which_key_is_wrong() {
        let c = parse("").unwrap();
        assert_eq!(
            c.metrics,
            MetricsListen::Default("127.0.0.1:9185".parse().unwrap()),
            "on, on loopback, given up if taken"
        );
        let c = parse("[metrics]\nlisten = \"0.0.0.0:9200\"").unwrap();
        assert_eq!(
            c.metrics,
            MetricsListen::Explicit("0.0.0.0:9200".parse().unwrap())
        );
        assert_eq!(
            parse("[metrics]\nlisten = \"\"").unwrap().metrics,
            MetricsListen::Off
        );
        assert_eq!(
            parse("[metrics]\nlisten = \"[::1]:9185\"")
                .unwrap()
                .metrics
                .addr(),
            Some("[::1]:9185".parse().unwrap())
        );
        for bad in [
            "localhost:9185",
            "9185",
            "127.0.0.1",
            "127.0.0.1:99999",
            "x",
        ] {
            let err = parse(&format!("[metrics]\nlisten = \"{bad}\""))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains(
                    "metrics.listen must be an IP address and port such as 127.0.0.1:9185"
                ) && err.contains(&format!("not `{bad}`")),
                "{bad}: {err}"
            );
        }
        let err = parse("[metrics]\nport = 1").unwrap_err().to_string();
        assert!(err.contains("unknown field"), "{err}");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        assert!(parse("[discord]\ntokn = \"x\"").is_err());
        assert!(parse("[triage]\nanswer = 0.1\nclarify = 0.5").is_err());
        assert!(parse("[discord]\napi_base = \"ftp://x\"").is_err());
    }

    /// Regression for issue 9: `cooldown_seconds = 1e20` panicked every
    /// subcommand; `escalation_channel = 12.5` said "data did not match any
    /// variant of untagged enum". Each is now a sentence naming the key.
    #[test]
    fn hostile_numbers_get_a_sentence() {
        for (toml, says) in [
            (
                "[discord]\ncooldown_seconds = 1e20",
                "discord.cooldown_seconds must be between 0 and 86400",
            ),
            (
                "[discord]\ncooldown_seconds = -1",
                "discord.cooldown_seconds must be between",
            ),
            (
                "[discord]\ncooldown_seconds = nan",
                "discord.cooldown_seconds must be between",
            ),
            (
                "[discord]\ncooldown_seconds = inf",
                "discord.cooldown_seconds must be between",
            ),
            (
                "[discord]\nmax_message_chars = 0",
                "discord.max_message_chars must be between 1 and 4000",
            ),
            (
                "[discord]\nmax_message_chars = 99999999",
                "discord.max_message_chars must be between",
            ),
            (
                "[discord]\nescalation_channel = 12.5",
                "12.5 is not a Discord id: write the whole number",
            ),
            ("[discord]\nguild_ids = [-3]", "-3 is not a Discord id"),
            (
                "[discord]\nsupport_channels = [1e30]",
                "is not a Discord id",
            ),
            (
                "[store]\nretention_days = 99999999",
                "store.retention_days must be between 0 and 36500",
            ),
            ("[store]\nretention_days = -1", "retention_days"),
        ] {
            let err = parse(toml).unwrap_err().to_string();
            assert!(err.contains(says), "{toml:?}: {err}");
            assert!(!err.contains("untagged"), "{toml:?}: {err}");
        }
        let c = parse("[discord]\ncooldown_seconds = 86400\nmax_message_chars = 4000").unwrap();
        assert_eq!(c.discord.cooldown, Duration::from_secs(86_400));
    }
}
