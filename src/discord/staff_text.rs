//! What moderators read, in English, Simplified or Traditional Chinese:
//! the notice (posted in the server's preferred locale, so that one shared
//! message does not change language with whoever pressed a button), and
//! the private answers to a moderator's commands and buttons (in that
//! moderator's own Discord locale). Written by hand: these are short,
//! fixed sentences, and Taiwan's words differ (使用者, 訊息, 稽核).

use super::embeds::NoticeState;

/// The three languages moderators are answered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Staff {
    #[default]
    En,
    ZhCn,
    ZhTw,
}

impl Staff {
    /// A Discord locale (`zh-CN`, `zh-TW`, `en-US`, ...): Chinese in its
    /// script, everything else English.
    pub fn from_locale(locale: &str) -> Staff {
        let lower = locale.to_ascii_lowercase();
        if crate::conversation::locale_reads_traditional(locale) {
            Staff::ZhTw
        } else if lower.starts_with("zh") {
            Staff::ZhCn
        } else {
            Staff::En
        }
    }

    pub fn text(self) -> &'static StaffText {
        match self {
            Staff::En => &EN,
            Staff::ZhCn => &ZH_CN,
            Staff::ZhTw => &ZH_TW,
        }
    }

    /// The name of a case state (`open`, `待处理`, ...).
    pub fn state_word(self, state: &NoticeState) -> &'static str {
        let code = state.word();
        let row = super::command_names::STATUS_CHOICES
            .iter()
            .find(|(value, ..)| *value == code);
        match (self, row) {
            (Staff::ZhCn, Some(&(_, _, cn, _))) => cn,
            (Staff::ZhTw, Some(&(_, _, _, tw))) => tw,
            _ => code,
        }
    }

    /// The notice's status line: "claimed by <@1>", "已由 <@1> 解决：note".
    pub fn status_line(self, state: &NoticeState) -> String {
        let t = self.text();
        match state {
            NoticeState::Open => self.state_word(state).to_string(),
            NoticeState::Claimed { by } => t.claimed_by.replace("{by}", by),
            NoticeState::Resolved { by, note } => {
                t.resolved_by.replace("{by}", by).replace("{note}", note)
            }
            NoticeState::Dismissed { by, note } => {
                t.dismissed_by.replace("{by}", by).replace("{note}", note)
            }
        }
    }

    pub fn case_title(self, id: i64) -> String {
        self.text().case_title.replace("{id}", &id.to_string())
    }

    /// "Case #3 is now claimed."
    pub fn now_state(self, id: i64, state: &NoticeState) -> String {
        self.text()
            .now_state
            .replace("{id}", &id.to_string())
            .replace("{state}", self.state_word(state))
    }

    pub fn you_hold(self, id: i64) -> String {
        self.text().you_hold.replace("{id}", &id.to_string())
    }

    /// The takeover question for a case `holder` (a mention) claimed.
    pub fn held(self, id: i64, holder: &str) -> String {
        self.text()
            .held
            .replace("{id}", &id.to_string())
            .replace("{holder}", holder)
    }
}

/// The sentences and labels, one table per language.
pub struct StaffText {
    pub case_title: &'static str,
    pub user: &'static str,
    pub scenario: &'static str,
    pub reason: &'static str,
    pub status: &'static str,
    pub already_tried: &'static str,
    pub message: &'static str,
    pub talk: &'static str,
    pub history: &'static str,
    pub no_scenario: &'static str,
    pub no_text: &'static str,
    pub claimed_by: &'static str,
    pub resolved_by: &'static str,
    pub dismissed_by: &'static str,
    pub claim: &'static str,
    pub unclaim: &'static str,
    pub resolve: &'static str,
    pub dismiss: &'static str,
    pub reopen: &'static str,
    pub take_over: &'static str,
    pub newer: &'static str,
    pub older: &'static str,
    pub now_state: &'static str,
    pub you_hold: &'static str,
    pub held: &'static str,
    pub no_older: &'static str,
    pub no_cases: &'static str,
    pub no_status_cases: &'static str,
    pub list_head: &'static str,
    pub terminal: &'static str,
    pub resolve_title: &'static str,
    pub dismiss_title: &'static str,
    pub note_label: &'static str,
    pub reason_label: &'static str,
    pub note_placeholder: &'static str,
    pub reason_placeholder: &'static str,
    pub unknown_subcommand: &'static str,
    pub not_allowed: &'static str,
}

const EN: StaffText = StaffText {
    case_title: "Case #{id}",
    user: "User",
    scenario: "Scenario",
    reason: "Reason",
    status: "Status",
    already_tried: "Already tried",
    message: "Message",
    talk: "Talk with the member",
    history: "History",
    no_scenario: "none",
    no_text: "(no text)",
    claimed_by: "claimed by {by}",
    resolved_by: "resolved by {by}: {note}",
    dismissed_by: "dismissed by {by}: {note}",
    claim: "Claim",
    unclaim: "Unclaim",
    resolve: "Resolve",
    dismiss: "Dismiss",
    reopen: "Reopen",
    take_over: "Take over",
    newer: "Newer",
    older: "Older",
    now_state: "Case #{id} is now {state}.",
    you_hold: "You now hold case #{id}.",
    held: "Case #{id} is claimed by {holder}. Take it over? The audit will say you did.",
    no_older: "No older cases.",
    no_cases: "No cases.",
    no_status_cases: "No {status} cases.",
    list_head: "Cases {from}–{to}, newest first:",
    terminal: "terminal",
    resolve_title: "Resolve case #{id}",
    dismiss_title: "Dismiss case #{id}",
    note_label: "Note",
    reason_label: "Reason",
    note_placeholder: "What was done for this user",
    reason_placeholder: "Why no action is needed",
    unknown_subcommand: "Unknown subcommand.",
    not_allowed: "Sorry, only moderators can do that.",
};

const ZH_CN: StaffText = StaffText {
    case_title: "案件 #{id}",
    user: "用户",
    scenario: "问题类型",
    reason: "原因",
    status: "状态",
    already_tried: "已尝试",
    message: "消息",
    talk: "与成员沟通",
    history: "历史",
    no_scenario: "无",
    no_text: "（无内容）",
    claimed_by: "已由 {by} 认领",
    resolved_by: "已由 {by} 解决：{note}",
    dismissed_by: "已由 {by} 驳回：{note}",
    claim: "认领",
    unclaim: "取消认领",
    resolve: "解决",
    dismiss: "驳回",
    reopen: "重新打开",
    take_over: "接手",
    newer: "较新",
    older: "较早",
    now_state: "案件 #{id} 现在的状态：{state}。",
    you_hold: "你现在负责案件 #{id}。",
    held: "案件 #{id} 已由 {holder} 认领。要接手吗？审计记录会写明是你接手的。",
    no_older: "没有更早的案件。",
    no_cases: "没有案件。",
    no_status_cases: "没有{status}的案件。",
    list_head: "案件 {from}–{to}，最新的在前：",
    terminal: "终端",
    resolve_title: "解决案件 #{id}",
    dismiss_title: "驳回案件 #{id}",
    note_label: "备注",
    reason_label: "原因",
    note_placeholder: "为这位用户做了什么",
    reason_placeholder: "为什么不需要处理",
    unknown_subcommand: "未知的子命令。",
    not_allowed: "抱歉，只有管理员可以执行这个操作。",
};

const ZH_TW: StaffText = StaffText {
    case_title: "案件 #{id}",
    user: "使用者",
    scenario: "問題類型",
    reason: "原因",
    status: "狀態",
    already_tried: "已嘗試",
    message: "訊息",
    talk: "與成員溝通",
    history: "歷史",
    no_scenario: "無",
    no_text: "（無內容）",
    claimed_by: "已由 {by} 認領",
    resolved_by: "已由 {by} 解決：{note}",
    dismissed_by: "已由 {by} 駁回：{note}",
    claim: "認領",
    unclaim: "取消認領",
    resolve: "解決",
    dismiss: "駁回",
    reopen: "重新開啟",
    take_over: "接手",
    newer: "較新",
    older: "較早",
    now_state: "案件 #{id} 目前的狀態：{state}。",
    you_hold: "你現在負責案件 #{id}。",
    held: "案件 #{id} 已由 {holder} 認領。要接手嗎？稽核紀錄會寫明是你接手的。",
    no_older: "沒有更早的案件。",
    no_cases: "沒有案件。",
    no_status_cases: "沒有{status}的案件。",
    list_head: "案件 {from}–{to}，最新的在前：",
    terminal: "終端",
    resolve_title: "解決案件 #{id}",
    dismiss_title: "駁回案件 #{id}",
    note_label: "備註",
    reason_label: "原因",
    note_placeholder: "為這位使用者做了什麼",
    reason_placeholder: "為什麼不需要處理",
    unknown_subcommand: "未知的子指令。",
    not_allowed: "抱歉，只有管理員可以執行這個操作。",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::script::count;

    #[test]
    fn locales_map_to_their_language() {
        assert_eq!(Staff::from_locale("zh-CN"), Staff::ZhCn);
        assert_eq!(Staff::from_locale("zh-TW"), Staff::ZhTw);
        assert_eq!(Staff::from_locale("en-US"), Staff::En);
        assert_eq!(Staff::from_locale("fr"), Staff::En);
    }

    #[test]
    fn each_chinese_table_is_in_its_own_script() {
        let claimed = NoticeState::Claimed { by: "<@1>".into() };
        for staff in [Staff::ZhCn, Staff::ZhTw] {
            let t = staff.text();
            let all = [
                t.user,
                t.scenario,
                t.status,
                t.already_tried,
                t.message,
                t.talk,
                t.history,
                t.claimed_by,
                t.resolved_by,
                t.dismissed_by,
                t.unclaim,
                t.resolve,
                t.dismiss,
                t.reopen,
                t.newer,
                t.older,
                t.now_state,
                t.you_hold,
                t.held,
                t.no_older,
                t.no_status_cases,
                t.list_head,
                t.terminal,
                t.note_label,
                t.note_placeholder,
                t.reason_placeholder,
                t.unknown_subcommand,
                t.not_allowed,
            ]
            .join(" ")
                + staff.state_word(&claimed);
            let n = count(&all);
            match staff {
                Staff::ZhCn => assert_eq!(n.traditional, 0, "{all}"),
                _ => assert_eq!(n.simplified, 0, "{all}"),
            }
        }
    }

    #[test]
    fn sentences_fill_their_placeholders() {
        let claimed = NoticeState::Claimed { by: "<@1>".into() };
        assert_eq!(Staff::En.now_state(3, &claimed), "Case #3 is now claimed.");
        assert_eq!(
            Staff::ZhCn.now_state(3, &claimed),
            "案件 #3 现在的状态：已认领。"
        );
        assert_eq!(Staff::ZhTw.status_line(&claimed), "已由 <@1> 認領");
        assert!(Staff::ZhTw.held(4, "<@2>").contains("<@2>"));
        assert_eq!(Staff::En.status_line(&NoticeState::Open), "open");
    }
}
