//! Where a case's private thread can live. Discord opens private threads
//! only in text channels: not inside another thread (a member who writes
//! in a forum post or a thread of a support channel is in one), not in a
//! forum or media channel (their threads are public posts), not in an
//! announcement channel. So: the configured `case_thread_channel` if there
//! is one; else the channel the member wrote in, or, for a thread, the
//! text channel it hangs under; else no thread, and the reason, which the
//! case records beside the DM the member gets instead.

use super::channels::Parents;
use super::rest;
use serenity::all::{Channel, ChannelId, ChannelType, GuildChannel, Http};

/// The answer: a text channel to open the thread in, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    Channel(u64),
    NoThread(String),
}

/// Where to open the thread for a case raised in `channel`. A thread's
/// parent comes from `parents` (usually known already: it made the thread
/// a support channel); only the parent itself is looked up, for its type.
/// A channel that is no thread is used as it is: members write in text
/// channels, and Discord's refusal of any other kind leads to the DM.
pub async fn find(http: &Http, parents: &Parents, configured: Option<u64>, channel: u64) -> Home {
    if let Some(c) = configured {
        return Home::Channel(c);
    }
    let Some(parent) = parents.parent(http, channel).await else {
        return Home::Channel(channel);
    };
    match guild_channel(http, parent).await {
        Some(p) => judge(&p, parent),
        // Unknown: let Discord decide (its refusal leads to the DM).
        None => Home::Channel(parent),
    }
}

/// Whether `c` (id `id`), the channel above the thread or post the member
/// wrote in, can hold a private thread.
fn judge(c: &GuildChannel, id: u64) -> Home {
    let from = "a post or thread under ";
    match c.kind {
        ChannelType::Text => Home::Channel(id),
        ChannelType::Forum | ChannelType::Unknown(16) => Home::NoThread(format!(
            "the case came from {from}a forum channel, which cannot hold private threads \
             (set discord.case_thread_channel to a text channel)"
        )),
        ChannelType::News => Home::NoThread(format!(
            "the case came from {from}an announcement channel, which cannot hold private threads"
        )),
        other => Home::NoThread(format!(
            "the case came from {from}a channel of type {} that cannot hold private threads",
            u8::from(other)
        )),
    }
}

async fn guild_channel(http: &Http, id: u64) -> Option<GuildChannel> {
    match rest::call("get_channel", || http.get_channel(ChannelId::new(id))).await {
        Ok(Channel::Guild(c)) => Some(c),
        Ok(_) => None,
        Err(e) => {
            tracing::debug!(channel = id, error = %e, "cannot look up a channel");
            None
        }
    }
}
