//! The support exchange, once, for every transport: redact -> triage ->
//! log -> escalate, and the follow-ups (helped, not helped, a menu pick,
//! none of these, a request for a human). `chat`, `ask`, `eval` and the
//! Discord adapter call this; each keeps only its own presentation (text,
//! embeds, custom ids) and its own memory of what was last asked.
//!
//! - [`read`]: the pure first step (redaction, then triage), shared by
//!   `ask` and `eval`, so what they measure is what members get;
//! - [`Conversation::message`]: a member's message, read in the context of
//!   what the bot last asked ([`Expecting`]);
//! - [`Conversation::follow_up`]: a button or menu choice on Discord (a
//!   typed reply in `chat` arrives as a message and ends up in the same
//!   functions);
//! - [`Turn`]: what to say, as plain data;
//! - `exchange`: the rules below, as code;
//! - `phrases`: the replies understood in context ("no", "还是不行", "2");
//! - `script`: Simplified or Traditional Chinese for the reply ([`Said::script`]).
//!
//! The rules, in one place:
//! - after an answer, a reply that is feedback is feedback: "not helped"
//!   escalates with the scenario that was shown (reason not-helped), never
//!   as suspected misuse unless the reply itself says so; a reply that is
//!   a new complaint is triaged as one;
//! - a menu takes a number in range or words that pick an option; anything
//!   else asks again and opens nothing;
//! - a request for a human escalates with no scenario attached;
//! - a case number is only ever shown for a case the store wrote; when it
//!   could not, every transport says [`crate::render::Ui::store_down`].

mod exchange;
mod phrases;
mod script;

pub use exchange::Conversation;
pub use phrases::{feedback, menu_reply, Feedback, MenuReply};
pub use script::{locale_reads_traditional, reply_script, Script};

use crate::knowledge::Lang;
use crate::render::Reply;
use crate::store::{NewEscalation, Reporter};
use crate::triage::{Decision, Engine, EscalationReason};

/// A triage-log entry: what feedback and menu choices attach to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LogId(pub i64);

/// A case number, as shown to members and moderators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CaseId(pub i64);

/// Who is talking, as recorded on a case. The one shape a case takes from
/// an adapter to the store is [`NewEscalation`]; this is its adapter half.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub reporter: Reporter,
    /// The member's display name at the time, if known.
    pub display_name: Option<String>,
}

impl Member {
    fn on_discord(&self) -> bool {
        matches!(self.reporter, Reporter::Discord { .. })
    }

    /// The case to record for this member (text may be raw: the store
    /// redacts it again before binding).
    fn draft(&self, body: CaseBody) -> NewEscalation {
        NewEscalation {
            reporter: self.reporter.clone(),
            display_name: self.display_name.clone(),
            language: body.language,
            scenario: body.scenario,
            confidence: body.confidence,
            reason: body.reason,
            context: body.context,
            text: body.text,
        }
    }
}

/// What a case is about, before it is tied to a member.
struct CaseBody {
    text: String,
    language: Lang,
    scenario: Option<String>,
    confidence: Option<f32>,
    reason: EscalationReason,
    context: Option<String>,
}

/// What the bot asked last, which decides how the next message is read.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Expecting {
    /// Nothing pending: the next message is a new question.
    #[default]
    Nothing,
    /// An answer was shown: "did this help?".
    Feedback {
        log: Option<LogId>,
        scenario: String,
        /// What the member wrote (redacted), for the case if it did not help.
        text: String,
        language: Lang,
        confidence: f32,
    },
    /// A menu of (scenario id, title) was shown.
    Choice {
        log: Option<LogId>,
        options: Vec<(String, String)>,
        text: String,
        language: Lang,
    },
}

/// What to say, for any transport to render.
#[derive(Debug, Clone, PartialEq)]
pub enum Turn {
    /// The fix for one scenario; ask whether it helped.
    Answer { reply: Reply, log: Option<LogId> },
    /// Which of these is it? `again` when the last reply did not pick one.
    Menu {
        options: Vec<(String, String)>,
        log: Option<LogId>,
        again: bool,
    },
    /// A case the store wrote. `reply` is the scenario's own steps (shown
    /// beside the number); `misuse_advice` asks for the fixed advice on
    /// suspected ID misuse when no such steps are shown; `no_match` says
    /// nothing in the knowledge base fitted.
    Escalated {
        case: CaseId,
        /// False when an open case of the same member and scenario grew.
        created: bool,
        reply: Option<Reply>,
        misuse_advice: bool,
        no_match: bool,
    },
    /// The store could not write the case: no number, and say so.
    StoreDown { reply: Option<Reply> },
    /// Glad it helped.
    Thanks,
    /// Not a verification question, and the member asked the bot.
    NotOurs,
    /// Nothing to say (chatter nobody addressed to the bot).
    Silent,
}

/// The bot's side of one exchange step.
#[derive(Debug, Clone, PartialEq)]
pub struct Said {
    pub turn: Turn,
    pub language: Lang,
    /// For a Chinese reply, the script to write it in: the member's own
    /// (see `script.rs`); transports with a locale apply [`Said::for_locale`].
    pub script: Script,
    /// The message held an ID number, seed phrase or private key: warn.
    pub sensitive: bool,
    /// What the bot now waits for.
    pub next: Expecting,
    /// The engine's reading of the message, when one was triaged (a button
    /// is not): for the operator's metrics, never shown to the member.
    pub triaged: Option<Triaged>,
}

/// What the engine made of one message and how long redaction plus triage
/// took: plain data, so that the adapter records it (see `crate::ops`)
/// and this layer stays free of any metrics machinery.
#[derive(Debug, Clone, PartialEq)]
pub struct Triaged {
    pub kind: crate::triage::DecisionKind,
    /// A knowledge-base scenario id (a bounded set), if the decision named one.
    pub scenario: Option<String>,
    pub took: std::time::Duration,
}

impl Triaged {
    /// What `reading` says, read in `took`.
    pub fn of(reading: &Reading, took: std::time::Duration) -> Triaged {
        Triaged {
            kind: reading.decision.kind,
            scenario: reading.decision.scenario.clone(),
            took,
        }
    }
}

/// A message after the privacy guard and triage.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The text with personal data replaced: the only form triaged,
    /// logged or stored.
    pub redacted: String,
    pub sensitive: bool,
    pub decision: Decision,
}

/// Redacts `text`, then triages the redacted text: what the engine sees is
/// what is logged and stored. Requests for a human are the engine's to
/// recognise (the knowledge base's `human_request` class), so that `ask`,
/// `eval` and every transport agree on them.
pub fn read(engine: &Engine, text: &str) -> Reading {
    let r = crate::redact::redact(text);
    let sensitive = r.has_sensitive();
    let redacted = r.text;
    let decision = engine.triage(&redacted);
    Reading {
        redacted,
        sensitive,
        decision,
    }
}

/// A button or menu choice under one of the bot's messages.
#[derive(Debug, Clone, PartialEq)]
pub enum FollowUp {
    Helped,
    NotHelped { scenario: String },
    Picked { scenario: String },
    NoneOfThese,
}
