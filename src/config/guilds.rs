//! Per-server settings. The keys of `[discord]` are the defaults; a table
//! `[discord.guilds.<guild id>]` overrides any of `support_channels`,
//! `escalation_channel`, `moderator_roles` and `case_thread_channel` for
//! that server, so that a second server's cases never land in the first
//! server's channel, nor are handled by its moderators.

use std::collections::BTreeMap;

/// One server's overrides; `None` keeps the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuildOverrides {
    pub support_channels: Option<Vec<u64>>,
    pub escalation_channel: Option<u64>,
    pub moderator_roles: Option<Vec<u64>>,
    pub case_thread_channel: Option<u64>,
}

/// The settings in force in one server (or in DMs: the defaults).
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub support_channels: &'a [u64],
    pub escalation_channel: Option<u64>,
    pub moderator_roles: &'a [u64],
    /// Where private case threads are opened; `None`: in the channel the
    /// member wrote in.
    pub case_thread_channel: Option<u64>,
    /// True when the server has its own table. A server without one shares
    /// the defaults, and with them the cases that belong to no server
    /// (direct messages).
    pub own: bool,
}

impl super::DiscordConfig {
    /// The settings of `guild` (`None`: a direct message).
    pub fn settings(&self, guild: Option<u64>) -> Settings<'_> {
        let own = guild.and_then(|g| self.guilds.get(&g));
        Settings {
            support_channels: own
                .and_then(|o| o.support_channels.as_deref())
                .unwrap_or(&self.support_channels),
            escalation_channel: own
                .and_then(|o| o.escalation_channel)
                .or(self.escalation_channel),
            moderator_roles: own
                .and_then(|o| o.moderator_roles.as_deref())
                .unwrap_or(&self.moderator_roles),
            case_thread_channel: own
                .and_then(|o| o.case_thread_channel)
                .or(self.case_thread_channel),
            own: own.is_some(),
        }
    }

    /// Whether a case of `case_guild` (`None`: from a DM or the terminal)
    /// belongs to the moderators of `guild`: its own cases, plus the
    /// server-less ones when `guild` runs on the defaults.
    pub fn shows_case(&self, guild: u64, case_guild: Option<u64>) -> bool {
        match case_guild {
            Some(g) => g == guild,
            None => !self.guilds.contains_key(&guild),
        }
    }

    /// The servers to register commands in: `guild_ids` and every server
    /// with its own table; empty means global registration.
    pub fn command_guilds(&self) -> Vec<u64> {
        let mut all: Vec<u64> = self.guild_ids.clone();
        all.extend(self.guilds.keys().copied());
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// The raw tables as read, keyed by the guild id as written.
pub(super) type RawGuilds = BTreeMap<String, super::RawGuild>;
