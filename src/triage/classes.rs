//! The classes the learned model tells apart, and the training phrases the
//! knowledge base gives each of them.
//!
//! Every scenario is a class. So are three kinds of "no action" — off-topic
//! exchange talk, channel chatter and advice to others — because no matcher
//! stays silent on "ok", "thanks" or a moderator's tip that mentions KYC
//! unless it has been taught what those look like; a request for a human,
//! which must escalate without dragging in an unrelated scenario; and a
//! vague complaint ("my kyc failed"), which must be asked about, where a
//! model that only knows scenarios answers it with whichever one says
//! "failed" most often.

use crate::knowledge::KnowledgeBase;

/// What a training phrase or a prediction stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    Scenario(usize),
    OffTopic,
    Chatter,
    Advice,
    Human,
    Vague,
}

impl Class {
    /// The label `ask --explain` and `kb check` print.
    pub fn label(self, kb: &KnowledgeBase) -> String {
        match self {
            Class::Scenario(i) => kb.scenarios[i].id.clone(),
            Class::OffTopic => "(off-topic)".into(),
            Class::Chatter => "(chatter)".into(),
            Class::Advice => "(advice)".into(),
            Class::Human => "(human request)".into(),
            Class::Vague => "(vague complaint)".into(),
        }
    }

    /// True for the classes that mean "stay silent".
    pub fn is_no_action(self) -> bool {
        matches!(self, Class::OffTopic | Class::Chatter | Class::Advice)
    }
}

/// Class <-> dense index: scenarios first, in knowledge-base order, then the
/// fixed classes.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    scenarios: usize,
}

const FIXED: [Class; 5] = [
    Class::OffTopic,
    Class::Chatter,
    Class::Advice,
    Class::Human,
    Class::Vague,
];

impl Layout {
    pub fn new(kb: &KnowledgeBase) -> Layout {
        Layout {
            scenarios: kb.scenarios.len(),
        }
    }

    pub fn len(&self) -> usize {
        self.scenarios + FIXED.len()
    }

    pub fn index(&self, class: Class) -> usize {
        match class {
            Class::Scenario(i) => i,
            fixed => self.scenarios + FIXED.iter().position(|c| *c == fixed).unwrap_or(0),
        }
    }

    pub fn class(&self, index: usize) -> Class {
        if index < self.scenarios {
            Class::Scenario(index)
        } else {
            FIXED[index - self.scenarios]
        }
    }
}

/// One training phrase: where it came from, so that `kb check` can point
/// an editor at it.
#[derive(Debug, Clone)]
pub struct Sample<'a> {
    pub text: &'a str,
    pub class: Class,
}

/// Every phrase the model learns from, in a fixed order: scenario titles,
/// prompts and examples, then off-topic, chatter, advice and human
/// requests. Signals and domain terms are clauses, not phrases: as
/// phrases, "not mine" would teach that "not" means identity misuse.
pub fn samples(kb: &KnowledgeBase) -> Vec<Sample<'_>> {
    let mut out = Vec::new();
    for (i, s) in kb.scenarios.iter().enumerate() {
        let class = Class::Scenario(i);
        let texts = [s.title.en.as_str(), s.title.zh.as_str()]
            .into_iter()
            .chain(s.prompts.iter().map(String::as_str))
            .chain(s.examples.iter().map(String::as_str));
        out.extend(texts.map(|text| Sample { text, class }));
    }
    let shared = &kb.shared;
    for (list, class) in [
        (&shared.off_topic, Class::OffTopic),
        (&shared.chatter, Class::Chatter),
        (&shared.advice, Class::Advice),
        (&shared.human_request, Class::Human),
        (&shared.vague, Class::Vague),
    ] {
        out.extend(list.iter().map(|text| Sample { text, class }));
    }
    out
}
