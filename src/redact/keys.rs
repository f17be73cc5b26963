//! Private keys, in the shapes wallets export them: 64 hex digits with or
//! without `0x`, WIF (`5…` of 51 or `K…`/`L…` of 52 base58 characters),
//! extended private keys (`xprv…`, `yprv…`, `zprv…`, testnet `tprv…`) and
//! 86–88 base58 characters (a Solana secret key).
//!
//! Shape is all there is to go on, and other things share it: a 64-hex
//! transaction hash looks exactly like a key, a Solana signature like a
//! Solana key. Those are redacted too. Support loses a hash it could ask
//! for again; a key that reaches the logs empties a wallet. No checksum is
//! required (a WIF key with a typo is still most of a key). Ethereum
//! addresses (40 hex) and xpub keys are public and stay.

use super::scan::{alnum_tokens, Hit};
use super::Kind;

pub(super) fn find(text: &str, hits: &mut Vec<Hit>) {
    for (s, e) in alnum_tokens(text) {
        if is_private_key(&text[s..e]) {
            hits.push(Hit::new(Kind::PrivateKey, s, e));
        }
    }
}

fn is_private_key(t: &str) -> bool {
    let hex = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
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
        51 => t.starts_with('5'),
        52 => t.starts_with('K') || t.starts_with('L'),
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
        assert!(found(&hex[..63]).is_empty());
        assert!(found(&format!("{hex}0")).is_empty());
    }
}
