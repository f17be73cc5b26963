//! Home addresses, when the user says that is what follows: "address:",
//! "home address is", "地址：", "住址". Free-form addresses cannot be told
//! from prose without a label, so only labelled ones are redacted, from
//! after the label to the end of the line or sentence (at most
//! [`MAX_ADDRESS`] bytes). Wallet, deposit, e-mail and IP addresses are not
//! home addresses and stay.

use super::scan::Hit;
use super::Kind;
use regex::Regex;
use std::sync::OnceLock;

/// A longer "address" is a paragraph that mentions one.
const MAX_ADDRESS: usize = 200;

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(
            r"(?i)(?:\b(?:home\s+|residential\s+|street\s+|mailing\s+|postal\s+)?(?:address|addr)(?:\s+is|\s*[:：=])|(?:家庭|居住|家|现|現)?(?:地址|住址)(?:是|为|為|在)?\s*[:：]?)\s*",
        )
        .expect("valid regex")
    });
    for label in re.find_iter(text) {
        let preceding = &text[..label.start()];
        // The word before the label ("wallet address:", "e-mail address").
        let before = preceding
            .trim_end()
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if NOT_HOME.contains(&before.as_str()) {
            continue;
        }
        if NOT_HOME_ZH
            .iter()
            .any(|w| preceding.trim_end().ends_with(w))
        {
            continue;
        }
        let start = label.end();
        let end = address_end(text, start);
        let found = &text[start..end];
        if plausible(found) {
            hits.push(Hit::new(Kind::Address, start, end));
        }
    }
}

/// Words before "address" that make it another kind of address.
const NOT_HOME: &[&str] = &[
    "wallet",
    "deposit",
    "withdrawal",
    "withdraw",
    "email",
    "e-mail",
    "mail",
    "ip",
    "contract",
    "btc",
    "eth",
    "usdt",
    "trc20",
    "erc20",
    "bep20",
    "receiving",
    "sending",
    "my-wallet",
    "web",
    "url",
    "mac",
];

/// The same, written before 地址 (`钱包地址：…` is a wallet address).
const NOT_HOME_ZH: &[&str] = &[
    "钱包",
    "錢包",
    "充值",
    "充币",
    "提币",
    "提幣",
    "提现",
    "提現",
    "收款",
    "合约",
    "合約",
    "邮箱",
    "郵箱",
    "电子邮件",
    "網址",
    "网址",
    "链接",
    "鏈接",
    "IP",
    "ip",
];

/// Where the address ends: a line break, `?`/`!`/`。`, or a full stop that
/// ends a sentence (followed by a space and a capital letter, after a word
/// longer than an abbreviation like `St.` or `No.`).
fn address_end(text: &str, start: usize) -> usize {
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        let at = start + i;
        if at - start >= MAX_ADDRESS
            || matches!(
                c,
                '\n' | '\r' | '?' | '!' | '。' | '？' | '！' | '；' | ';' | '，'
            )
        {
            break;
        }
        if c == '.' {
            let next = text[at + 1..].chars().take(2).collect::<Vec<_>>();
            let word_before = text[start..at]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let sentence_end = next.first().is_none_or(|c| c.is_whitespace())
                && next.get(1).is_none_or(|c| c.is_uppercase())
                && !ABBREVIATIONS.contains(&word_before.as_str());
            if sentence_end {
                break;
            }
        }
        end = at + c.len_utf8();
    }
    end
}

/// Abbreviations in addresses whose dot does not end the address.
const ABBREVIATIONS: &[&str] = &[
    "st", "no", "rd", "ave", "dr", "apt", "blk", "bldg", "fl", "flat", "ln", "mt", "ft", "p.o",
    "po", "n", "s", "e", "w",
];

/// Enough to be an address: eight characters or more, with a digit (a
/// house number, a postcode) or a Chinese place word.
fn plausible(found: &str) -> bool {
    let t = found.trim();
    t.chars().count() >= 8
        && (t.chars().any(|c| c.is_ascii_digit())
            || [
                "省", "市", "区", "區", "县", "縣", "路", "街", "号", "號", "村", "镇", "鎮",
            ]
            .iter()
            .any(|w| t.contains(w)))
        && !looks_like_crypto(t)
}

/// One long token of letters and digits (`0x5290…`, `TQn9Y2…`, `bc1q…`):
/// a wallet address someone labelled loosely, not a home.
fn looks_like_crypto(t: &str) -> bool {
    let token = t.split_whitespace().next().unwrap_or("");
    t.starts_with("0x") || (token.len() >= 25 && token.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::redact::scan::texts_found_by(find, text)
    }

    #[test]
    fn labelled_addresses() {
        assert_eq!(
            found("my address: 12 Allen Avenue, Ikeja, Lagos\nwhy rejected"),
            ["12 Allen Avenue, Ikeja, Lagos"]
        );
        assert_eq!(
            found("Home address is 221B Baker St. London NW1 6XE. Please help"),
            ["221B Baker St. London NW1 6XE"]
        );
        assert_eq!(
            found("地址：北京市朝阳区建国路88号3单元，帮我看看"),
            ["北京市朝阳区建国路88号3单元"]
        );
        assert_eq!(
            found("住址 上海市浦东新区世纪大道100号。谢谢"),
            ["上海市浦东新区世纪大道100号"]
        );
    }

    #[test]
    fn other_addresses_and_mentions_stay() {
        assert!(found("wallet address: 0x52908400098527886E0F7030069857D2E4169EE7").is_empty());
        assert!(found("email address: a@b.com").is_empty());
        assert!(found("address proof rejected twice").is_empty());
        assert!(found("地址证明被拒绝").is_empty());
        assert!(found("address: same as before").is_empty());
        assert!(found("钱包地址：TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE").is_empty());
        assert!(found("address: bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh").is_empty());
    }
}
