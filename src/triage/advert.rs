//! Advertisements for verification services and verified accounts
//! ("专业代实名认证，不露脸，秒过，私聊", "selling verified accounts, dm
//! me"). They are spam, which moderators remove; they are full of
//! verification words, so the model reads them as a complaint and the bot
//! would answer the spammer in public. What marks them is an offer
//! together with a way to be contacted, or two offers, and no question:
//! a member asking about such an offer ("有人私聊说能代实名，是骗子吗")
//! asks, and stays with the model.

use super::own::TROUBLE_ZH;
use super::remark::is_trouble;
use super::speech::{asks, PROBLEM_PREFIXES};
use crate::text::{latin_words, Unit};

/// Chinese offers of a service or of accounts.
const OFFERS_ZH: &[&str] = &[
    "代实名",
    "代认证",
    "代过",
    "代做",
    "代刷",
    "包过",
    "出售",
    "收购",
    "收号",
    "卖号",
    "出号",
    "不露脸",
    "秒过",
    "价格美丽",
    "价格优惠",
    "实惠",
    "低价",
];

/// Chinese ways to be contacted.
const CONTACT_ZH: &[&str] = &[
    "私聊",
    "私信",
    "加v",
    "加微",
    "vx",
    "威信",
    "薇信",
    "飞机",
    "tg",
    "电报",
    "联系我",
    "扣扣",
];

/// English offers (as units carry them, stemmed: "selling" is "sell").
const OFFERS: &[&[&str]] = &[
    &["sell"],
    &["for", "sale"],
    &["guarante"],
    &["cheap"],
    &["kyc", "service"],
    &["verification", "service"],
    &["verifi", "account"],
    &["100", "pass"],
];

/// English ways to be contacted.
const CONTACT: &[&[&str]] = &[
    &["dm", "me"],
    &["dm", "for"],
    &["hmu"],
    &["telegram"],
    &["whatsapp"],
    &["inbox", "me"],
    &["message", "me"],
    &["contact", "me"],
];

/// True when the message offers verification or accounts for sale.
/// `raw` is the text as written, for the question marks.
pub fn advertises(raw: &str, normalized: &str, written: &[Unit]) -> bool {
    let words = latin_words(written);
    // A member's own trouble beside an offer-like word is a complaint
    // ("kyc service here is dead slow, 8 days pending, admins dm me",
    // "got a dm from someone selling verified accounts… meanwhile my kyc
    // is still pending"): an advert sells, it does not report.
    let own_trouble = words
        .iter()
        .any(|w| *w == "my" || is_trouble(w) || PROBLEM_PREFIXES.iter().any(|p| w.starts_with(p)))
        || TROUBLE_ZH.iter().any(|m| normalized.contains(m));
    if asks(raw, normalized, &words) || own_trouble {
        return false;
    }
    let count = |phrases: &[&[&str]]| {
        phrases
            .iter()
            .filter(|p| words.windows(p.len()).any(|w| w == **p))
            .count()
    };
    let count_zh = |marks: &[&str]| marks.iter().filter(|m| normalized.contains(*m)).count();
    let offers = count(OFFERS) + count_zh(OFFERS_ZH);
    let contacts = count(CONTACT) + count_zh(CONTACT_ZH);
    (offers >= 1 && contacts >= 1) || offers >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{normalize, units};

    fn ad(text: &str) -> bool {
        let n = normalize(text);
        advertises(text, &n, &units(&n))
    }

    #[test]
    fn offers_of_verification_or_accounts_are_adverts() {
        assert!(ad("代实名 不用本人 私聊"));
        assert!(ad("出售已认证账号，价格美丽，加v详谈"));
        assert!(ad("selling verified accounts cheap, dm me"));
        assert!(ad("kyc service, 100% pass, telegram @fastkyc"));
    }

    #[test]
    fn a_question_about_an_offer_or_a_complaint_is_not() {
        assert!(!ad("有人私聊我说可以代实名，是骗子吗"));
        assert!(!ad(
            "someone dm me offering to sell a verified account, is this legit?"
        ));
        assert!(!ad("我的认证一直失败，私聊客服也没人回"));
        assert!(!ad("selfie keeps failing, dm me if you know a fix"));
        assert!(!ad("passport photo blurry"));
        assert!(!ad(
            "kyc service here is dead slow, 8 days pending, admins dm me"
        ));
        assert!(!ad("cheap phone maybe but the photo is sharp and it keeps saying image unreadable, dm me mods"));
        assert!(!ad("got a dm from someone selling verified accounts, reported him. meanwhile my kyc is still pending"));
        assert!(!ad("认证一直失败，秒过个鬼，私信客服也没用"));
    }
}
