//! What the bot says, in the user's language, independent of transport: the
//! terminal prints a [`Reply`] as text, Discord turns it into an embed.

use crate::knowledge::{KnowledgeBase, Lang, Scenario};
use crate::text::script::Script;
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

/// Written by hand rather than converted: Taiwan's words for the
/// interface (訊息, 帳戶, 頻道, 張貼, 身分證字號), where a converter keeps
/// the mainland's.
const ZH_HANT: Ui = Ui {
    related: "相關問題：",
    clarify: "為了給你正確的解決辦法，請選擇最接近你情況的一項：",
    none_of_these: "都不是",
    pick_again: "請回覆下面選項的編號；如果都不符合，請回覆 0。",
    helped_question: "這個回答有幫助嗎？",
    solved: "已解決",
    still_stuck: "仍未解決 — 聯絡管理員",
    thanks: "很高興問題解決了，祝認證順利！",
    escalated: "管理員會跟進處理，你的工單編號是 #{id}。",
    misuse_advice: "你的身分證件可能被他人冒用。請立即透過 App 內客服向官方支援檢舉，並保護好你的帳戶（修改密碼、開啟雙重驗證）。任何人聯絡你時，都不要提供證件、驗證碼或助記詞。",
    no_match: "我沒能把這個問題對應到已知的認證問題，已轉交管理員處理。",
    ignored: "這看起來不是身分認證（KYC）相關的問題，我只能協助處理認證問題。",
    too_long: "這則訊息太長了（最多 {max} 個字元）。請用幾句話描述問題，不要貼上證件內容。",
    sensitive_warning: "請不要在公開頻道張貼身分證字號、助記詞或私鑰，任何人都看得到。工作人員絕不會在這裡索取這些資訊。",
    image_warning: "請不要在公開頻道張貼證件照片。證件只能在 App 的認證流程中上傳。",
    cooldown: "請稍等幾秒再傳送下一則訊息。",
    store_down: "暫時無法記錄你的工單，請一分鐘後重試；如果一直失敗，請透過 App 聯絡官方客服。",
    not_yours: "這些按鈕屬於提問的使用者。請描述你自己的問題，我會回答你。",
    not_allowed: "抱歉，只有管理員可以執行這個操作。",
    unknown_scenario: "我不認識這個問題類型。請輸入關鍵字，並從清單中選擇一項。",
};

/// The interface sentences in `lang` (Chinese: Simplified).
pub fn ui(lang: Lang) -> &'static Ui {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

/// A language and, for Chinese, its script: how a reply is written. The
/// knowledge base holds Simplified only; [`Voice::write`] turns its text
/// into Traditional when the member reads Traditional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Voice {
    pub lang: Lang,
    pub script: Script,
}

impl Voice {
    pub fn new(lang: Lang, script: Script) -> Voice {
        Voice { lang, script }
    }

    /// How the conversation said `said` should be written.
    pub fn of(said: &crate::conversation::Said) -> Voice {
        Voice::new(said.language, said.script)
    }

    /// Simplified Chinese or English, as before scripts were told apart.
    pub fn plain(lang: Lang) -> Voice {
        Voice::new(lang, Script::Simplified)
    }

    fn traditional(self) -> bool {
        self.lang == Lang::Zh && self.script == Script::Traditional
    }

    /// The interface sentences in this voice.
    pub fn ui(self) -> &'static Ui {
        if self.traditional() {
            &ZH_HANT
        } else {
            ui(self.lang)
        }
    }

    /// Knowledge-base text (titles, answers) in this voice.
    pub fn write(self, text: &str) -> String {
        if self.traditional() {
            crate::text::script::to_traditional(text)
        } else {
            text.to_string()
        }
    }
}

/// The message telling a user their case was recorded; suspected misuse
/// also gets the advice to report it and secure their account.
pub fn escalation_notice(lang: Lang, case_id: i64, suspected_misuse: bool) -> String {
    escalation_notice_in(Voice::plain(lang), case_id, suspected_misuse)
}

/// [`escalation_notice`] in `voice`.
pub fn escalation_notice_in(voice: Voice, case_id: i64, suspected_misuse: bool) -> String {
    let ui = voice.ui();
    let mut text = ui.escalated.replace("{id}", &case_id.to_string());
    if suspected_misuse {
        text.push_str("\n\n");
        text.push_str(ui.misuse_advice);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::script::count;

    /// Every sentence of a table, by name, for checks over all of them.
    fn sentences(ui: &Ui) -> Vec<&'static str> {
        vec![
            ui.related,
            ui.clarify,
            ui.none_of_these,
            ui.pick_again,
            ui.helped_question,
            ui.solved,
            ui.still_stuck,
            ui.thanks,
            ui.escalated,
            ui.misuse_advice,
            ui.no_match,
            ui.ignored,
            ui.too_long,
            ui.sensitive_warning,
            ui.image_warning,
            ui.cooldown,
            ui.store_down,
            ui.not_yours,
            ui.not_allowed,
            ui.unknown_scenario,
        ]
    }

    #[test]
    fn the_traditional_interface_has_no_simplified_only_character() {
        for (hant, hans) in sentences(&ZH_HANT).into_iter().zip(sentences(&ZH)) {
            let n = count(hant);
            assert_eq!(n.simplified, 0, "{hant}");
            // Same placeholders as the Simplified sentence it stands for.
            for p in ["{id}", "{max}"] {
                assert_eq!(hant.contains(p), hans.contains(p), "{hant}");
            }
        }
    }

    #[test]
    fn a_traditional_voice_writes_traditional_and_leaves_english_alone() {
        let tw = Voice::new(Lang::Zh, Script::Traditional);
        assert_eq!(tw.write("身份证验证失败"), "身份證驗證失敗");
        assert_eq!(tw.ui().solved, "已解決");
        assert!(escalation_notice_in(tw, 7, true).contains("#7"));
        assert_eq!(
            Voice::new(Lang::En, Script::Traditional).ui().solved,
            EN.solved
        );
        assert_eq!(Voice::plain(Lang::Zh).write("身份证"), "身份证");
    }
}
