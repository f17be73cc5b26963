//! Which channels count as support channels: the configured ones and the
//! threads under them (a forum channel's posts are threads, and so are the
//! "create thread" conversations of a text channel). A thread's parent is
//! asked of Discord once per channel and remembered, so a restart does not
//! forget old threads and a busy channel costs one request in all.

use super::rest;
use serenity::all::{Channel, ChannelId, ChannelType, Http};
use std::collections::HashMap;
use std::sync::Mutex;

/// Remembered parents: `None` for channels that are not threads. A std
/// `Mutex`: held for a lookup, never across the REST call.
#[derive(Default)]
pub struct Parents {
    known: Mutex<HashMap<u64, Option<u64>>>,
}

impl Parents {
    /// True when `channel` is configured as a support channel or is a
    /// thread under one.
    pub async fn is_support(&self, http: &Http, support: &[u64], channel: u64) -> bool {
        if support.is_empty() {
            return false;
        }
        if support.contains(&channel) {
            return true;
        }
        self.parent(http, channel)
            .await
            .is_some_and(|p| support.contains(&p))
    }

    /// The channel a thread hangs under; `None` for a channel that is not
    /// a thread, or when Discord could not be asked (asked again next time).
    pub async fn parent(&self, http: &Http, channel: u64) -> Option<u64> {
        let known = self
            .known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&channel)
            .copied();
        let parent = match known {
            Some(parent) => parent,
            None => match rest::call("get_channel", || http.get_channel(ChannelId::new(channel)))
                .await
            {
                Ok(Channel::Guild(c)) => {
                    let thread = matches!(
                        c.kind,
                        ChannelType::PublicThread
                            | ChannelType::PrivateThread
                            | ChannelType::NewsThread
                    );
                    let parent = c.parent_id.filter(|_| thread).map(|p| p.get());
                    self.known
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(channel, parent);
                    parent
                }
                Ok(_) => None,
                // Not remembered: the next message asks again.
                Err(e) => {
                    tracing::debug!(channel, error = %e, "cannot look up a channel's parent");
                    None
                }
            },
        };
        parent
    }
}
