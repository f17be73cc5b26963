//! Which gateway shards this process runs. A large server is served by
//! several `serve` processes on one database, each with a range of the
//! bot's shards: `discord.shard_count` is the total across all processes,
//! `discord.shards = "0-3"` (inclusive, or one number) this process's part.
//! Discord sends a guild's events to shard `(guild_id >> 22) % shard_count`
//! and direct messages to shard 0, so every process must agree on the count.

/// The shards of this process: `first..=last` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardRange {
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

/// Discord's own ceiling is far below this; more is a typo.
const MAX_SHARDS: u32 = 65_536;

impl ShardRange {
    /// The shards one process runs when nothing is configured: all of one.
    pub const SINGLE: ShardRange = ShardRange {
        first: 0,
        last: 0,
        total: 1,
    };

    /// How many shards this process connects.
    pub fn len(&self) -> u32 {
        self.last - self.first + 1
    }

    /// Always false: a range holds at least one shard (clippy's pair to `len`).
    pub fn is_empty(&self) -> bool {
        false
    }

    pub fn contains(&self, shard: u32) -> bool {
        (self.first..=self.last).contains(&shard)
    }

    /// The shard Discord delivers `guild`'s events to (`None`: direct messages).
    pub fn shard_of(total: u32, guild: Option<u64>) -> u32 {
        match guild {
            Some(g) => ((g >> 22) % u64::from(total.max(1))) as u32,
            None => 0,
        }
    }
}

impl std::fmt::Display for ShardRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.first == self.last {
            write!(f, "shard {} of {}", self.first, self.total)
        } else {
            write!(f, "shards {}-{} of {}", self.first, self.last, self.total)
        }
    }
}

/// `discord.shards` as written: `"0-3"`, `"2"` or `2`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub(super) enum RawShards {
    Number(u64),
    Text(String),
}

/// Validates `discord.shard_count` and `discord.shards` together; the
/// error names the key and says what to write.
pub(super) fn parse(count: Option<u64>, shards: Option<RawShards>) -> Result<ShardRange, String> {
    let total = match count {
        None if shards.is_some() => {
            return Err(
                "discord.shards needs discord.shard_count, the number of shards \
                 across all processes (for example shard_count = 4, shards = \"0-1\")"
                    .into(),
            )
        }
        None => return Ok(ShardRange::SINGLE),
        Some(n) if n == 0 || n > u64::from(MAX_SHARDS) => {
            return Err(format!(
                "discord.shard_count must be between 1 and {MAX_SHARDS}, not {n}"
            ))
        }
        Some(n) => n as u32,
    };
    let (first, last) = match shards {
        None => (0, u64::from(total) - 1),
        Some(RawShards::Number(n)) => (n, n),
        Some(RawShards::Text(text)) => parse_range(&text).ok_or_else(|| {
            format!(
                "discord.shards: `{text}` is not a shard range; write \"0-3\" (first to last, \
                 inclusive) or one shard number such as \"2\""
            )
        })?,
    };
    if first > last {
        return Err(format!(
            "discord.shards: the range {first}-{last} is backwards; write the lower shard first"
        ));
    }
    if last >= u64::from(total) {
        return Err(format!(
            "discord.shards: shard {last} does not exist with shard_count = {total} \
             (shards are numbered 0 to {})",
            total - 1
        ));
    }
    Ok(ShardRange {
        first: first as u32,
        last: last as u32,
        total,
    })
}

fn parse_range(text: &str) -> Option<(u64, u64)> {
    let text = text.trim();
    let number = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    match text.split_once('-') {
        Some((a, b)) => Some((number(a)?, number(b)?)),
        None => number(text).map(|n| (n, n)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<RawShards> {
        Some(RawShards::Text(s.into()))
    }

    #[test]
    fn nothing_configured_is_one_shard() {
        assert_eq!(parse(None, None), Ok(ShardRange::SINGLE));
    }

    #[test]
    fn a_count_alone_runs_every_shard() {
        let r = parse(Some(4), None).unwrap();
        assert_eq!((r.first, r.last, r.total, r.len()), (0, 3, 4, 4));
    }

    #[test]
    fn ranges_and_single_shards() {
        assert_eq!(
            parse(Some(4), text(" 2 - 3 ")).unwrap(),
            ShardRange {
                first: 2,
                last: 3,
                total: 4
            }
        );
        let one = parse(Some(4), Some(RawShards::Number(1))).unwrap();
        assert_eq!((one.first, one.last), (1, 1));
        assert_eq!(parse(Some(4), text("0")).unwrap().len(), 1);
    }

    #[test]
    fn mistakes_name_the_key() {
        for (count, shards, says) in [
            (None, text("0-1"), "needs discord.shard_count"),
            (Some(0), None, "between 1 and"),
            (Some(2), text("0-2"), "does not exist"),
            (Some(4), text("3-1"), "backwards"),
            (Some(4), text("a-b"), "not a shard range"),
            (Some(4), text("-1"), "not a shard range"),
            (Some(4), text("1-"), "not a shard range"),
            (Some(4), text(""), "not a shard range"),
        ] {
            let err = parse(count, shards).unwrap_err();
            assert!(err.contains("discord.shard") && err.contains(says), "{err}");
        }
    }

    #[test]
    fn guilds_map_to_shards_as_discord_does() {
        // Discord's formula: (guild_id >> 22) % num_shards.
        assert_eq!(ShardRange::shard_of(2, Some(1 << 22)), 1);
        assert_eq!(ShardRange::shard_of(2, Some(2 << 22)), 0);
        assert_eq!(ShardRange::shard_of(2, None), 0);
        assert_eq!(ShardRange::shard_of(1, Some(u64::MAX)), 0);
    }
}
