//! The Chinese names of the slash commands, their subcommands, options and
//! choices, in one table, so that a member whose Discord is set to
//! Simplified (`zh-CN`) or Traditional (`zh-TW`) Chinese sees `/认证` or
//! `/認證` where others see `/kyc`. Discord routes every localised name to
//! the command's one real (English) name: the handlers never see these.
//!
//! Discord's rule for command and option names (not in its OpenAPI
//! description, which only bounds the length): 1 to 32 characters of
//! `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]$`, lower case where the script
//! has case, and unique among their siblings in each locale. Chinese has
//! no case and no spaces: the names below are single words.

use serenity::all::{CreateCommand, CreateCommandOption};

/// English name -> (zh-CN, zh-TW), for commands, subcommands and options.
const NAMES: &[(&str, &str, &str)] = &[
    ("kyc", "认证", "認證"),
    ("triage", "诊断", "診斷"),
    ("escalations", "案件", "案件"),
    ("kb", "知识库", "知識庫"),
    // Subcommands.
    ("list", "列表", "列表"),
    ("show", "查看", "查看"),
    ("claim", "认领", "認領"),
    ("unclaim", "取消认领", "取消認領"),
    ("resolve", "解决", "解決"),
    ("dismiss", "驳回", "駁回"),
    ("reopen", "重新打开", "重新開啟"),
    ("reload", "重新载入", "重新載入"),
    // Options.
    ("scenario", "问题", "問題"),
    ("text", "描述", "描述"),
    ("id", "编号", "編號"),
    ("note", "备注", "備註"),
    ("status", "状态", "狀態"),
];

/// Choice value -> (English label, zh-CN, zh-TW): the case states of
/// `/escalations list status`.
pub const STATUS_CHOICES: &[(&str, &str, &str, &str)] = &[
    ("open", "open", "待处理", "待處理"),
    ("claimed", "claimed", "已认领", "已認領"),
    ("resolved", "resolved", "已解决", "已解決"),
    ("dismissed", "dismissed", "已驳回", "已駁回"),
];

fn names_of(name: &str) -> Option<(&'static str, &'static str)> {
    NAMES
        .iter()
        .find(|(en, _, _)| *en == name)
        .map(|&(_, cn, tw)| (cn, tw))
}

/// `command` with its Chinese names, if the table has them.
pub fn command(command: CreateCommand, name: &str) -> CreateCommand {
    match names_of(name) {
        Some((cn, tw)) => command
            .name_localized("zh-CN", cn)
            .name_localized("zh-TW", tw),
        None => command,
    }
}

/// `option` (or subcommand) with its Chinese names, if the table has them.
pub fn option(option: CreateCommandOption, name: &str) -> CreateCommandOption {
    match names_of(name) {
        Some((cn, tw)) => option
            .name_localized("zh-CN", cn)
            .name_localized("zh-TW", tw),
        None => option,
    }
}

/// `option` with the case states as its choices, labelled in each locale.
pub fn status_choices(mut option: CreateCommandOption) -> CreateCommandOption {
    for &(value, en, cn, tw) in STATUS_CHOICES {
        option = option.add_string_choice_localized(en, value, [("zh-CN", cn), ("zh-TW", tw)]);
    }
    option
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Discord's rule for command and option names (developer docs,
    /// application-commands#application-command-object-application-command-naming).
    fn valid_name(name: &str) -> bool {
        let pattern = regex::Regex::new(r"^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$").unwrap();
        pattern.is_match(name) && name.to_lowercase() == name
    }

    #[test]
    fn every_name_follows_discords_naming_rule() {
        for &(en, cn, tw) in NAMES {
            for name in [en, cn, tw] {
                assert!(valid_name(name), "{name:?}");
            }
        }
        assert!(!valid_name("two words"), "the check can fail");
        assert!(!valid_name("Kyc"));
    }

    #[test]
    fn names_are_unique_in_each_locale() {
        for column in 0..3 {
            let mut seen = std::collections::HashSet::new();
            for row in NAMES {
                let name = [row.0, row.1, row.2][column];
                assert!(seen.insert(name), "{name} twice");
            }
        }
    }

    #[test]
    fn choices_have_a_label_per_locale() {
        for &(value, en, cn, tw) in STATUS_CHOICES {
            assert!(crate::store::Status::parse(value).is_some(), "{value}");
            assert!(!en.is_empty() && !cn.is_empty() && !tw.is_empty());
        }
    }
}
