//! The data types of the knowledge base, as editors write them in YAML.

use serde::Deserialize;

/// The two languages every scenario carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The code used in JSON output and configuration (`en`, `zh`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// Maps a Discord locale (`zh-CN`, `zh-TW`, `en-US`, ...) to a language.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// One text in both languages.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub en: String,
    pub zh: String,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// A list of texts per language (prompts, example phrasings).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LocalizedList {
    pub en: Vec<String>,
    pub zh: Vec<String>,
}

impl LocalizedList {
    pub fn get(&self, lang: Lang) -> &[String] {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }

    /// Every text, English first.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.en.iter().chain(self.zh.iter())
    }
}

/// One known failure scenario.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable id that tools outside the code refer to (`photo-unreadable`).
    pub id: String,
    pub title: Localized,
    /// True when this scenario must always reach a human moderator.
    #[serde(default)]
    pub escalate: bool,
    #[serde(default)]
    pub related: Vec<String>,
    /// This scenario is a special case of another one: when that one matches
    /// and one of `signals` occurs in the message, this one is chosen.
    #[serde(default)]
    pub refines: Option<String>,
    /// Short clauses that are decisive evidence for this scenario.
    #[serde(default)]
    pub signals: LocalizedList,
    /// The app's own error prompts, verbatim.
    #[serde(default)]
    pub prompts: LocalizedList,
    /// How users describe the problem.
    pub examples: LocalizedList,
    pub answer: Localized,
}

/// Texts shared by every scenario, from `_shared.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shared {
    /// Appended to every answer: staff never DM first, never ask for secrets.
    pub safety: Localized,
    /// Words that show a message is about identity verification at all.
    pub domain_terms: LocalizedList,
    /// Ways users ask for a human.
    pub human_request: LocalizedList,
    /// Messages that are not about identity verification; a match means ignore.
    pub off_topic: LocalizedList,
    /// Channel chatter that needs no action on its own: greetings, thanks,
    /// acknowledgements, pings, reactions, one-word messages and follow-ups
    /// that only make sense inside a conversation.
    #[serde(default)]
    pub chatter: LocalizedList,
    /// Advice members or moderators give each other: verification words,
    /// but no problem of the writer's own.
    #[serde(default)]
    pub advice: LocalizedList,
    /// Complaints that say something failed but not what: the bot asks
    /// which situation applies instead of guessing.
    #[serde(default)]
    pub vague: LocalizedList,
}

/// The whole validated knowledge base.
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    pub scenarios: Vec<Scenario>,
    pub shared: Shared,
}

impl KnowledgeBase {
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }
}
