//! What the bot says, in the user's language, independent of transport: the
//! terminal prints a [`Reply`] as text, Discord turns it into an embed.

use crate::knowledge::{KnowledgeBase, Lang, Scenario};
use crate::triage::Decision;

/// An answer for one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub scenario: String,
    pub title: String,
    pub body: String,
    /// (id, title) of related scenarios, in the same language.
    pub related: Vec<(String, String)>,
    pub safety: String,
}

impl Reply {
    /// The answer for `scenario` in `lang`.
    pub fn for_scenario(kb: &KnowledgeBase, scenario: &Scenario, lang: Lang) -> Reply {
        Reply {
            scenario: scenario.id.clone(),
            title: scenario.title.get(lang).to_string(),
            body: scenario.answer.get(lang).trim_end().to_string(),
            related: scenario
                .related
                .iter()
                .filter_map(|id| kb.scenario(id))
                .map(|s| (s.id.clone(), s.title.get(lang).to_string()))
                .collect(),
            safety: kb.shared.safety.get(lang).to_string(),
        }
    }

    /// Body, related scenarios and safety line as one block of text (the
    /// embed description on Discord, the printed answer in the terminal).
    pub fn description(&self, lang: Lang) -> String {
        let mut text = self.body.clone();
        if !self.related.is_empty() {
            let titles: Vec<&str> = self.related.iter().map(|(_, t)| t.as_str()).collect();
            text.push_str("\n\n");
            text.push_str(ui(lang).related);
            text.push_str(&titles.join(" · "));
        }
        text.push_str("\n\n🔒 ");
        text.push_str(&self.safety);
        text
    }

    /// The whole reply as plain text for the terminal.
    pub fn to_text(&self, lang: Lang) -> String {
        format!("== {} ==\n{}", self.title, self.description(lang))
    }
}

/// The fixed sentences of the user interface, per language.
pub struct Ui {
    pub related: &'static str,
    pub clarify: &'static str,
    pub none_of_these: &'static str,
    pub pick_again: &'static str,
    pub helped_question: &'static str,
    pub solved: &'static str,
    pub still_stuck: &'static str,
    pub thanks: &'static str,
    pub escalated: &'static str,
    pub misuse_advice: &'static str,
    pub no_match: &'static str,
    pub ignored: &'static str,
    pub too_long: &'static str,
    pub sensitive_warning: &'static str,
    pub image_warning: &'static str,
    pub cooldown: &'static str,
    pub store_down: &'static str,
    pub not_yours: &'static str,
    pub not_allowed: &'static str,
    pub unknown_scenario: &'static str,
}

const EN: Ui = Ui {
    related: "Related: ",
    clarify: "I want to be sure I give you the right fix. Which of these is closest to your problem?",
    none_of_these: "None of these",
    pick_again: "Please pick one of these by its number, or 0 if none of them fits.",
    helped_question: "Did this help?",
    solved: "Solved",
    still_stuck: "Still stuck — ask a moderator",
    thanks: "Glad it worked. Good luck with your verification!",
    escalated: "A moderator will follow up on this. Your case number is #{id}.",
    misuse_advice: "Your ID may have been used by someone else. Please report it to official support right away through the in-app customer service, and secure your accounts (change passwords, turn on 2FA). Never share your ID, codes or seed phrase with anyone who contacts you.",
    no_match: "I could not match this to a known verification problem, so I have passed it to the moderators.",
    ignored: "This does not look like an identity verification (KYC) question; I can only help with those.",
    too_long: "That message is too long for me to read ({max} characters at most). Please describe the problem in a few sentences, without pasting documents.",
    sensitive_warning: "Please do not post ID numbers, seed phrases or private keys in public channels: anyone can read them. Staff will never ask for them here.",
    image_warning: "Please do not post photos of your ID in public channels. Upload documents only inside the app's verification flow.",
    cooldown: "Please wait a few seconds before sending another message.",
    store_down: "I could not record your case right now. Please try again in a minute; if it keeps failing, contact official support through the app.",
    not_yours: "These buttons belong to the person who asked. Describe your own problem and I will answer you.",
    not_allowed: "Sorry, only moderators can do that.",
    unknown_scenario: "I do not know that scenario. Start typing and pick one from the list.",
};

const ZH: Ui = Ui {
    related: "相关问题：",
    clarify: "为了给你正确的解决办法，请选择最接近你情况的一项：",
    none_of_these: "都不是",
    pick_again: "请回复下面选项的编号；如果都不符合，请回复 0。",
    helped_question: "这个回答有帮助吗？",
    solved: "已解决",
    still_stuck: "仍未解决 — 联系管理员",
    thanks: "很高兴问题解决了，祝认证顺利！",
    escalated: "管理员会跟进处理，你的工单编号是 #{id}。",
    misuse_advice: "你的身份证件可能被他人冒用。请立即通过 App 内客服向官方支持举报，并保护好你的账户（修改密码、开启双重验证）。任何人联系你时，都不要提供证件、验证码或助记词。",
    no_match: "我没能把这个问题对应到已知的认证问题，已转交管理员处理。",
    ignored: "这看起来不是身份认证（KYC）相关的问题，我只能帮忙处理认证问题。",
    too_long: "这条消息太长了（最多 {max} 个字符）。请用几句话描述问题，不要粘贴证件内容。",
    sensitive_warning: "请不要在公开频道发布身份证号、助记词或私钥，任何人都能看到。工作人员绝不会在这里索要这些信息。",
    image_warning: "请不要在公开频道发布证件照片。证件只能在 App 的认证流程中上传。",
    cooldown: "请稍等几秒再发送下一条消息。",
    store_down: "暂时无法记录你的工单，请一分钟后重试；如果一直失败，请通过 App 联系官方客服。",
    not_yours: "这些按钮属于提问的用户。请描述你自己的问题，我会回答你。",
    not_allowed: "抱歉，只有管理员可以执行这个操作。",
    unknown_scenario: "我不认识这个问题类型。请输入关键词，并从列表中选择一项。",
};

/// The interface sentences in `lang`.
pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// The message telling a user their case was recorded; suspected misuse
/// also gets the advice to report it and secure their account.
pub fn escalation_notice(lang: Lang, case_id: i64, suspected_misuse: bool) -> String {
    let mut text = ui(lang).escalated.replace("{id}", &case_id.to_string());
    if suspected_misuse {
        text.push_str("\n\n");
        text.push_str(ui(lang).misuse_advice);
    }
    text
}

/// The scenarios offered when clarifying, as (id, title in the user's
/// language): the candidates scoring at least `min_score` (the configured
/// `triage.clarify`), and always the best one, so the menu is never empty.
pub fn clarify_options(
    kb: &KnowledgeBase,
    decision: &Decision,
    min_score: f32,
) -> Vec<(String, String)> {
    decision
        .candidates
        .iter()
        .enumerate()
        .filter(|(i, c)| *i == 0 || c.score >= min_score)
        .filter_map(|(_, c)| kb.scenario(&c.scenario))
        .map(|s| (s.id.clone(), s.title.get(decision.language).to_string()))
        .collect()
}
