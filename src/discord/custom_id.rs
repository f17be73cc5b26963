//! The `custom_id` of every button, select menu and modal the bot sends.
//!
//! A custom id carries everything its handler needs (log id, case number,
//! who may press it, which scenario was shown), so the handler is stateless
//! and buttons keep working after a restart. The language of the exchange
//! rides along, so a Chinese conversation stays Chinese whatever the
//! clicker's client locale. Discord allows 100 characters; the longest form
//! (`stuck:zh:` + two 20-digit numbers + a scenario id) stays under that as
//! long as scenario ids stay under 48 characters, which `encode` checks
//! instead of trusting.

use crate::knowledge::Lang;

/// The select-menu value for "none of these" (scenario ids are kebab-case,
/// so an underscore can never collide with one).
pub const NONE_OF_THESE: &str = "_none";

/// Discord's limit on a custom id.
pub const MAX_CUSTOM_ID: usize = 100;

/// What pressing a component asks the bot to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// "Solved" under an answer: positive feedback on triage log `log`.
    Solved { lang: Lang, log: i64, user: u64 },
    /// "Still stuck" under the answer for `scenario`: escalate with context.
    Stuck {
        lang: Lang,
        log: i64,
        user: u64,
        scenario: String,
    },
    /// The clarifying select menu; the chosen value is a scenario id.
    Pick { lang: Lang, log: i64, user: u64 },
    /// "Claim" on an escalation notice.
    Claim { case: i64 },
    /// "Resolve" on an escalation notice: opens the note modal.
    Resolve { case: i64 },
    /// The note modal of "Resolve".
    ResolveNote { case: i64 },
    /// "Unclaim" on a claimed case's notice: back to the queue.
    Unclaim { case: i64 },
    /// "Dismiss" on a notice: opens the reason modal.
    Dismiss { case: i64 },
    /// The reason modal of "Dismiss".
    DismissNote { case: i64 },
    /// "Reopen" on a closed case's notice.
    Reopen { case: i64 },
    /// "Take over" in the confirmation for a case another moderator holds.
    TakeOver { case: i64 },
    /// A page of `/escalations list`: skip `offset` cases, of `status`
    /// (a status code) or all.
    Page { offset: u32, status: Option<String> },
}

impl Action {
    /// True for the moderators' actions (the notice, its modals, the
    /// takeover confirmation and the list's pages).
    pub fn is_moderators(&self) -> bool {
        !matches!(
            self,
            Action::Solved { .. } | Action::Stuck { .. } | Action::Pick { .. }
        )
    }

    /// The custom id; `None` if it would exceed Discord's limit.
    pub fn encode(&self) -> Option<String> {
        let id = match self {
            Action::Solved { lang, log, user } => format!("solved:{}:{log}:{user}", lang.code()),
            Action::Stuck {
                lang,
                log,
                user,
                scenario,
            } => format!("stuck:{}:{log}:{user}:{scenario}", lang.code()),
            Action::Pick { lang, log, user } => format!("pick:{}:{log}:{user}", lang.code()),
            Action::Claim { case } => format!("claim:{case}"),
            Action::Resolve { case } => format!("resolve:{case}"),
            Action::ResolveNote { case } => format!("resolve_note:{case}"),
            Action::Unclaim { case } => format!("unclaim:{case}"),
            Action::Dismiss { case } => format!("dismiss:{case}"),
            Action::DismissNote { case } => format!("dismiss_note:{case}"),
            Action::Reopen { case } => format!("reopen:{case}"),
            Action::TakeOver { case } => format!("takeover:{case}"),
            Action::Page { offset, status } => {
                format!("page:{offset}:{}", status.as_deref().unwrap_or("all"))
            }
        };
        (id.len() <= MAX_CUSTOM_ID).then_some(id)
    }

    /// Reads a custom id back; `None` for anything this bot did not send.
    pub fn parse(id: &str) -> Option<Action> {
        let mut parts = id.splitn(5, ':');
        let kind = parts.next()?;
        let num = |s: Option<&str>| s?.parse::<i64>().ok();
        let user = |s: Option<&str>| s?.parse::<u64>().ok();
        let lang = |s: Option<&str>| match s? {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        };
        let action = match kind {
            "solved" => Action::Solved {
                lang: lang(parts.next())?,
                log: num(parts.next())?,
                user: user(parts.next())?,
            },
            "stuck" => Action::Stuck {
                lang: lang(parts.next())?,
                log: num(parts.next())?,
                user: user(parts.next())?,
                scenario: parts
                    .next()
                    .filter(|s| !s.is_empty() && !s.contains(':'))?
                    .to_string(),
            },
            "pick" => Action::Pick {
                lang: lang(parts.next())?,
                log: num(parts.next())?,
                user: user(parts.next())?,
            },
            "claim" => Action::Claim {
                case: num(parts.next())?,
            },
            "resolve" => Action::Resolve {
                case: num(parts.next())?,
            },
            "resolve_note" => Action::ResolveNote {
                case: num(parts.next())?,
            },
            "unclaim" => Action::Unclaim {
                case: num(parts.next())?,
            },
            "dismiss" => Action::Dismiss {
                case: num(parts.next())?,
            },
            "dismiss_note" => Action::DismissNote {
                case: num(parts.next())?,
            },
            "reopen" => Action::Reopen {
                case: num(parts.next())?,
            },
            "takeover" => Action::TakeOver {
                case: num(parts.next())?,
            },
            "page" => Action::Page {
                offset: parts.next()?.parse().ok()?,
                status: match parts.next()? {
                    "all" => None,
                    s if crate::store::Status::parse(s).is_some() => Some(s.to_string()),
                    _ => return None,
                },
            },
            _ => return None,
        };
        // Trailing parts mean a malformed or foreign id.
        parts.next().is_none().then_some(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips() {
        let actions = [
            Action::Solved {
                lang: Lang::En,
                log: 7,
                user: 42,
            },
            Action::Stuck {
                lang: Lang::Zh,
                log: 7,
                user: u64::MAX,
                scenario: "photo-unreadable".into(),
            },
            Action::Pick {
                lang: Lang::Zh,
                log: 0,
                user: 1,
            },
            Action::Claim { case: 12 },
            Action::Resolve { case: 12 },
            Action::ResolveNote { case: 12 },
            Action::Unclaim { case: 12 },
            Action::Dismiss { case: 12 },
            Action::DismissNote { case: 12 },
            Action::Reopen { case: 12 },
            Action::TakeOver { case: 12 },
            Action::Page {
                offset: 30,
                status: Some("open".into()),
            },
            Action::Page {
                offset: 0,
                status: None,
            },
        ];
        for a in actions {
            let id = a.encode().unwrap();
            assert!(id.len() <= MAX_CUSTOM_ID);
            assert_eq!(Action::parse(&id), Some(a));
        }
    }

    #[test]
    fn foreign_and_malformed_ids_are_rejected() {
        for id in [
            "",
            "solved",
            "solved:en:x:1",
            "solved:fr:1:1",
            "claim:1:2",
            "stuck:en:1:2:",
            "stuck:en:1:2:a:b",
            "other:1",
            "page:1:nonsense",
            "page:-1:all",
            "page:1:all:2",
        ] {
            assert_eq!(Action::parse(id), None, "{id}");
        }
    }

    #[test]
    fn too_long_scenario_ids_are_refused_not_cut() {
        let a = Action::Stuck {
            lang: Lang::En,
            log: i64::MAX,
            user: u64::MAX,
            scenario: "x".repeat(80),
        };
        assert_eq!(a.encode(), None);
    }
}
