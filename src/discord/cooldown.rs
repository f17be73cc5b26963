//! Per-user cooldown: one triaged message per window, and at most one short
//! "please wait" notice per window, so a spammer can flood neither the
//! channel nor the moderators.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What to do with a message under the cooldown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Handle it; the window starts now.
    Go,
    /// Too soon: tell the user once.
    Notify,
    /// Too soon, and already told: stay silent.
    Silent,
}

struct Entry {
    since: Instant,
    notified: bool,
}

/// A std `Mutex`, not tokio's: it is held for a map lookup, never across an
/// `.await`, so it cannot stall the runtime.
pub struct Cooldown {
    window: Duration,
    users: Mutex<HashMap<u64, Entry>>,
}

/// Above this many tracked users, expired entries are swept so the map
/// cannot grow without bound.
const SWEEP_AT: usize = 10_000;

impl Cooldown {
    pub fn new(window: Duration) -> Self {
        Cooldown {
            window,
            users: Mutex::new(HashMap::new()),
        }
    }

    /// True when a message of `user` arriving `now` falls inside their
    /// window; changes nothing (the notice stays owed).
    pub fn cooling(&self, user: u64, now: Instant) -> bool {
        if self.window.is_zero() {
            return false;
        }
        let users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        users
            .get(&user)
            .is_some_and(|e| now.saturating_duration_since(e.since) < self.window)
    }

    /// Decides for a message of `user` arriving `now`.
    pub fn check(&self, user: u64, now: Instant) -> Verdict {
        if self.window.is_zero() {
            return Verdict::Go;
        }
        let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        if users.len() > SWEEP_AT {
            let window = self.window;
            users.retain(|_, e| now.saturating_duration_since(e.since) < window);
        }
        match users.get_mut(&user) {
            Some(e) if now.saturating_duration_since(e.since) < self.window => {
                if e.notified {
                    Verdict::Silent
                } else {
                    e.notified = true;
                    Verdict::Notify
                }
            }
            _ => {
                users.insert(
                    user,
                    Entry {
                        since: now,
                        notified: false,
                    },
                );
                Verdict::Go
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_message_then_one_notice_per_window() {
        let c = Cooldown::new(Duration::from_secs(5));
        let t = Instant::now();
        assert_eq!(c.check(1, t), Verdict::Go);
        assert_eq!(c.check(1, t + Duration::from_secs(1)), Verdict::Notify);
        assert_eq!(c.check(1, t + Duration::from_secs(2)), Verdict::Silent);
        assert_eq!(c.check(1, t + Duration::from_secs(3)), Verdict::Silent);
        assert_eq!(c.check(2, t + Duration::from_secs(3)), Verdict::Go);
        assert_eq!(c.check(1, t + Duration::from_secs(6)), Verdict::Go);
        assert_eq!(c.check(1, t + Duration::from_secs(7)), Verdict::Notify);
    }

    #[test]
    fn zero_window_never_limits() {
        let c = Cooldown::new(Duration::ZERO);
        let t = Instant::now();
        assert_eq!(c.check(1, t), Verdict::Go);
        assert_eq!(c.check(1, t), Verdict::Go);
    }
}
