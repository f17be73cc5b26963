//! What the bot last asked each member, per channel or thread, so that a
//! reply is read in context: a "no" after an answer, a "2" after a menu.
//! A member's next message counts as a reply when it replies to the bot's
//! message, or comes from the same member in the same channel within
//! [`FOLLOW_UP_WINDOW`] of the bot's answer. The rules for reading it are
//! in [`crate::conversation`]; this only remembers.
//!
//! Memory only: after a restart a reply is read as a new message, and the
//! buttons (stateless, see `custom_id.rs`) still work.

use crate::conversation::Expecting;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long after the bot's answer a plain message of the same member in
/// the same channel is read as a reply to it.
pub const FOLLOW_UP_WINDOW: Duration = Duration::from_secs(5 * 60);

/// A reply to the bot's message is read in context for this long.
const REPLY_WINDOW: Duration = Duration::from_secs(60 * 60);

/// Above this many entries, old ones are swept so the map stays bounded.
const SWEEP_AT: usize = 10_000;

/// The last exchange with one member in one channel.
#[derive(Debug, Clone)]
pub struct Recent {
    pub at: Instant,
    /// What the bot waits for now.
    pub expecting: Expecting,
    /// What it waited for before the member's last message, and that
    /// message (redacted): a message right after it, inside the cooldown,
    /// is read together with it instead of being dropped.
    pub before: Expecting,
    pub last_text: String,
    /// Messages read together with the last one so far.
    pub merged: u32,
    /// The bot's message that asked, if it was sent.
    pub bot_message: Option<u64>,
}

/// A std `Mutex`: held for a map lookup, never across an `.await`.
#[derive(Default)]
pub struct Contexts {
    recent: Mutex<HashMap<(u64, u64), Recent>>,
}

impl Contexts {
    /// The exchange of `user` in `channel`, if a message now continues it:
    /// it replies to the bot's message, or comes within the window.
    pub fn continuing(
        &self,
        user: u64,
        channel: u64,
        reply_to: Option<u64>,
        now: Instant,
    ) -> Option<Recent> {
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        let r = recent.get(&(user, channel))?;
        let age = now.saturating_duration_since(r.at);
        let replies = reply_to.is_some() && reply_to == r.bot_message;
        (age < FOLLOW_UP_WINDOW || (replies && age < REPLY_WINDOW)).then(|| r.clone())
    }

    /// Like [`Contexts::continuing`], for a message inside the cooldown
    /// window: admitted only while fewer than `max` messages were read
    /// together, counted under the lock, so that a burst of messages
    /// handled at once cannot all slip through.
    pub fn read_together(
        &self,
        user: u64,
        channel: u64,
        reply_to: Option<u64>,
        now: Instant,
        max: u32,
    ) -> Option<Recent> {
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        let r = recent.get_mut(&(user, channel))?;
        let age = now.saturating_duration_since(r.at);
        let replies = reply_to.is_some() && reply_to == r.bot_message;
        if !(age < FOLLOW_UP_WINDOW || (replies && age < REPLY_WINDOW)) || r.merged + 1 >= max {
            return None;
        }
        r.merged += 1;
        Some(r.clone())
    }

    /// Remembers the exchange of `user` in `channel`.
    pub fn remember(&self, user: u64, channel: u64, recent: Recent) {
        let mut map = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > SWEEP_AT {
            let now = recent.at;
            map.retain(|_, r| now.saturating_duration_since(r.at) < REPLY_WINDOW);
        }
        map.insert((user, channel), recent);
    }

    /// Sets what the bot waits for after a button or menu choice, keeping
    /// the rest; a member with no remembered exchange gets one.
    pub fn set_expecting(&self, user: u64, channel: u64, expecting: Expecting, now: Instant) {
        let mut map = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        let entry = map.entry((user, channel)).or_insert_with(|| Recent {
            at: now,
            expecting: Expecting::Nothing,
            before: Expecting::Nothing,
            last_text: String::new(),
            merged: 0,
            bot_message: None,
        });
        entry.at = now;
        entry.expecting = expecting;
    }

    /// Notes the id of the bot's message that asked.
    pub fn sent(&self, user: u64, channel: u64, message: u64) {
        let mut map = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = map.get_mut(&(user, channel)) {
            r.bot_message = Some(message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recent(at: Instant) -> Recent {
        Recent {
            at,
            expecting: Expecting::Nothing,
            before: Expecting::Nothing,
            last_text: "my kyc failed".into(),
            merged: 0,
            bot_message: Some(9),
        }
    }

    #[test]
    fn a_message_continues_within_the_window_or_as_a_reply() {
        let c = Contexts::default();
        let t = Instant::now();
        c.remember(1, 2, recent(t));
        assert!(c
            .continuing(1, 2, None, t + Duration::from_secs(60))
            .is_some());
        // Another channel, another member: a conversation of their own.
        assert!(c.continuing(1, 3, None, t).is_none());
        assert!(c.continuing(4, 2, None, t).is_none());
        let late = t + FOLLOW_UP_WINDOW + Duration::from_secs(1);
        assert!(c.continuing(1, 2, None, late).is_none());
        assert!(c.continuing(1, 2, Some(9), late).is_some());
        assert!(c.continuing(1, 2, Some(8), late).is_none());
    }

    #[test]
    fn only_so_many_messages_are_read_together() {
        let c = Contexts::default();
        let t = Instant::now();
        c.remember(1, 2, recent(t));
        assert_eq!(c.read_together(1, 2, None, t, 3).map(|r| r.merged), Some(1));
        assert_eq!(c.read_together(1, 2, None, t, 3).map(|r| r.merged), Some(2));
        assert!(c.read_together(1, 2, None, t, 3).is_none());
    }
}
