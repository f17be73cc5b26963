//! Each server's preferred locale (its "primary language"), for the
//! moderators' notice: one shared message, so it is written in the
//! server's language rather than in whoever's pressed a button last.
//! Learnt from every interaction (which carries `guild_locale`) and, for a
//! server not heard from yet, asked of Discord once (`GET /guilds/{id}`,
//! its `preferred_locale`). Unknown (a DM case, Discord unreachable):
//! English, and asked again next time.

use super::rest;
use super::staff_text::Staff;
use serenity::all::{GuildId, Http};
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct GuildLocales {
    /// A std `Mutex`: held for a lookup, never across the REST call.
    known: Mutex<HashMap<u64, Staff>>,
}

impl GuildLocales {
    /// Remembers what an interaction said the server's locale is.
    pub fn remember(&self, guild: Option<GuildId>, locale: Option<&str>) {
        if let (Some(guild), Some(locale)) = (guild, locale) {
            self.known
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(guild.get(), Staff::from_locale(locale));
        }
    }

    /// The language of `guild`'s notices.
    pub async fn of(&self, http: &Http, guild: Option<u64>) -> Staff {
        let Some(guild) = guild else {
            return Staff::En;
        };
        let known = self
            .known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&guild)
            .copied();
        if let Some(staff) = known {
            return staff;
        }
        match rest::call("get_guild", || http.get_guild(GuildId::new(guild))).await {
            Ok(g) => {
                let staff = Staff::from_locale(&g.preferred_locale);
                self.known
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(guild, staff);
                staff
            }
            Err(e) => {
                tracing::debug!(guild, error = %e, "cannot look up the server's locale; English");
                Staff::En
            }
        }
    }
}
