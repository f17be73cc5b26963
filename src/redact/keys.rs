//! Private keys, in the shapes wallets export them: 64 hex digits with or
//! without `0x` (or 63, a key whose leading zero was dropped), also split
//! into groups (`e8f3 2e72 …`) or two halves; WIF (`5…` of 51 or `K…`/`L…`
//! of 52 base58 characters, testnet `9…`/`c…`), extended private keys
//! (`xprv…`, `tprv…`, …), 86–88 base58 characters (a Solana secret key)
//! and a Solana `id.json` (a JSON array of 64 bytes).
//!
//! Shape is all there is to go on, and other things share it: a 64-hex
//! transaction hash looks exactly like a key. The decision: 64 hex right
//! after a word that says it is a transaction ("tx", "txid", "hash",
//! "交易哈希", or an explorer's `/tx/` path) stays, since support needs it
//! and a user says so when pasting one; 64 hex without such a word is a
//! key. Ethereum addresses (40 hex) and xpub keys are public and stay.

use super::scan::{alnum_tokens, labelled_near, Hit};
use super::Kind;
use regex::Regex;
use std::sync::OnceLock;

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    let tokens: Vec<(usize, usize)> = alnum_tokens(text).collect();
    for &(s, e) in &tokens {
        let t = &text[s..e];
        if is_private_key(t) && !(is_hex_key(t) && is_transaction(text, s)) {
            hits.push(Hit::new(Kind::PrivateKey, s, e));
        }
    }
    hex_groups(text, &tokens, hits);
    halves(text, &tokens, hits);
    solana_json(text, hits);
}

/// Words that make a 64-hex string a transaction hash.
const TX_LABELS: &[&str] = &[
    "tx",
    "txid",
    "txhash",
    "tx hash",
    "tx id",
    "txn",
    "hash",
    "transaction",
    "transaction id",
    "transaction hash",
    "交易哈希",
    "交易id",
    "交易ID",
    "哈希",
    "哈希值",
    "交易号",
];

/// Words that make 64 hex a key whatever was said before them.
const KEY_LABELS: &[&str] = &[
    "key",
    "private key",
    "privkey",
    "priv",
    "pk",
    "secret",
    "私钥",
    "私鑰",
    "密钥",
];

fn is_transaction(text: &str, s: usize) -> bool {
    // "tx key 0x…", "hash of my private key: …": the nearest word wins.
    if labelled_near(text, s, KEY_LABELS, 0) {
        return false;
    }
    let before = &text[..s];
    let path =
        before.ends_with("/tx/") || before.ends_with("/tx/0x") || before.ends_with("/transaction/");
    path || labelled_near(text, s, TX_LABELS, 3)
}

fn is_hex_key(t: &str) -> bool {
    let hex = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    matches!(hex.len(), 63 | 64) && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Hex groups of 4–32 digits separated by spaces, dashes, colons or a line
/// break, adding up to 63 or 64 digits: a key typed or copied in pieces.
fn hex_groups(text: &str, tokens: &[(usize, usize)], hits: &mut Vec<Hit>) {
    let b = text.as_bytes();
    let is_hex = |&(s, e): &(usize, usize)| {
        let t = text[s..e].strip_prefix("0x").unwrap_or(&text[s..e]);
        (4..=32).contains(&t.len()) && t.bytes().all(|c| c.is_ascii_hexdigit())
    };
    let joined = |a: (usize, usize), z: (usize, usize)| {
        let gap = &b[a.1..z.0];
        gap.len() <= 3 && gap.iter().all(|c| b" -:\t\r\n,".contains(c))
    };
    let mut i = 0;
    while i < tokens.len() {
        if !is_hex(&tokens[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut len = hex_len(text, tokens[i]);
        while len < 64
            && j + 1 < tokens.len()
            && is_hex(&tokens[j + 1])
            && joined(tokens[j], tokens[j + 1])
        {
            j += 1;
            len += hex_len(text, tokens[j]);
        }
        if j > i && matches!(len, 63 | 64) && !is_transaction(text, tokens[i].0) {
            hits.push(Hit::new(Kind::PrivateKey, tokens[i].0, tokens[j].1));
            i = j + 1;
        } else {
            i += 1;
        }
    }
}

fn hex_len(text: &str, (s, e): (usize, usize)) -> usize {
    text[s..e].strip_prefix("0x").map_or(e - s, str::len)
}

/// Two 32-hex halves anywhere in one message ("first half …", "second
/// half …"): each is half a key. One 32-hex string alone (an MD5, a
/// request id) stays unless a key is mentioned just before it.
fn halves(text: &str, tokens: &[(usize, usize)], hits: &mut Vec<Hit>) {
    let half = |&&(s, e): &&(usize, usize)| {
        (31..=32).contains(&(e - s)) && text[s..e].bytes().all(|c| c.is_ascii_hexdigit())
    };
    let found: Vec<&(usize, usize)> = tokens.iter().filter(half).collect();
    for &&(s, e) in &found {
        if hits.iter().any(|h| h.start <= s && e <= h.end) {
            continue;
        }
        let keyed = labelled_near(
            text,
            s,
            &["key", "private key", "privkey", "私钥", "half", "part"],
            3,
        );
        if found.len() >= 2 || keyed {
            hits.push(Hit::new(Kind::PrivateKey, s, e));
        }
    }
}

/// `[174, 23, 9, …]`: 32 or more numbers 0–255 in brackets, the way the
/// Solana CLI writes a keypair file.
fn solana_json(text: &str, hits: &mut Vec<Hit>) {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"\[\s*(?:\d{1,3}\s*,\s*){31,}\d{1,3}\s*,?\s*\]").expect("valid regex")
    });
    for m in re.find_iter(text) {
        let bytes = m
            .as_str()
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        if bytes
            .clone()
            .all(|n| n.parse::<u32>().is_ok_and(|v| v <= 255))
        {
            hits.push(Hit::new(Kind::PrivateKey, m.start(), m.end()));
        }
    }
}

fn is_private_key(t: &str) -> bool {
    if is_hex_key(t) {
        return true;
    }
    if !t.bytes().all(is_base58) {
        return false;
    }
    let extended = [
        "xprv", "yprv", "zprv", "tprv", "uprv", "vprv", "Yprv", "Zprv", "Uprv", "Vprv",
    ]
    .iter()
    .any(|p| t.starts_with(p));
    match t.len() {
        // Mainnet uncompressed `5…`, testnet `9…`.
        51 => t.starts_with('5') || t.starts_with('9'),
        // Mainnet compressed `K…`/`L…`, testnet `c…`.
        52 => t.starts_with('K') || t.starts_with('L') || t.starts_with('c'),
        86..=88 => true,
        100..=115 => extended,
        _ => false,
    }
}

/// Bitcoin's base58 alphabet: letters and digits but `0`, `O`, `I`, `l`.
fn is_base58(b: u8) -> bool {
    b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Kind, &str)> {
        crate::redact::scan::found_by(find, text)
    }

    #[test]
    fn private_key_shapes() {
        let hex = "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35";
        assert_eq!(found(hex), [(Kind::PrivateKey, hex)]);
        assert_eq!(found(&format!("key=0x{hex};")).len(), 1);
        let wif = "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ";
        assert_eq!(found(wif).len(), 1);
        let wif_c = "KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617";
        assert_eq!(found(wif_c).len(), 1);
        let xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
        assert_eq!(found(xprv).len(), 1);
        // An Ethereum address (40 hex) and a short hash are not keys.
        assert!(found("0x52908400098527886E0F7030069857D2E4169EE7").is_empty());
        assert_eq!(
            found(&hex[..63]).len(),
            1,
            "a key that lost its leading zero"
        );
        assert!(found(&hex[..62]).is_empty());
        assert!(found(&format!("{hex}0")).is_empty());
    }

    #[test]
    fn labelled_transaction_hashes_stay() {
        let hex = "5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060";
        for t in [
            format!("txid: {hex}"),
            format!("tx hash of my deposit 0x{hex}"),
            format!("https://etherscan.io/tx/0x{hex}"),
            format!("交易哈希：{hex}"),
        ] {
            assert!(found(&t).is_empty(), "{t}");
        }
        assert_eq!(found(&format!("here it is {hex}")).len(), 1);
        // The nearest word says what it is: proptest found "tx key <hex>".
        assert_eq!(found(&format!("tx key {hex}")).len(), 1);
    }

    #[test]
    fn keys_in_pieces() {
        let hex = "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35";
        let fours: Vec<&str> = (0..16).map(|i| &hex[i * 4..i * 4 + 4]).collect();
        assert_eq!(found(&fours.join(" ")).len(), 1);
        assert_eq!(found(&fours.join("-")).len(), 1);
        let halves = format!("first half {}\nsecond half {}", &hex[..32], &hex[32..]);
        assert_eq!(found(&halves).len(), 2);
        assert_eq!(found(&format!("{}\n{}", &hex[..32], &hex[32..])).len(), 1);
        assert!(found(&format!("request {}", &hex[..32])).is_empty());
    }

    #[test]
    fn testnet_wif_and_solana_keypair() {
        let wif = "92Pg46rUhgTT7romnV7iGW6W1gbGdeezqdbJCM8PK3vJtDT6NAB";
        assert_eq!(wif.len(), 51);
        assert_eq!(found(wif).len(), 1);
        let wif_c = "cNJFgo1driFnPcBdBX8BrJrpxchBWXwXCvNH5SoSkdcF6JXXwHMm";
        assert_eq!(wif_c.len(), 52);
        assert_eq!(found(wif_c).len(), 1);
        let bytes: Vec<String> = (0..64).map(|i| ((i * 37) % 256).to_string()).collect();
        let json = format!("id.json: [{}]", bytes.join(","));
        assert_eq!(found(&json).len(), 1);
        assert!(found("[1, 2, 3]").is_empty());
    }
}
