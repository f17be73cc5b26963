//! One retry layer for every Discord REST call the bot makes: replies,
//! interaction callbacks, edits and follow-ups, notices, threads and their
//! members, DMs, channel edits, command registration. A 429 Too Many
//! Requests is waited out and the same request sent again, so a reply is
//! late, never lost. Only 429 is retried: Discord did not act on such a
//! request, so sending it again cannot post a message twice; any other
//! error goes back to the caller at once.
//!
//! Why this layer exists at all: with `discord.api_base` set (a
//! twilight-http-proxy in production, the fake Discord in tests) serenity's
//! own rate limiter must be off, because in serenity 0.12.5
//! `Ratelimiter::perform` builds every request without the proxy and would
//! go to discord.com directly. Without the limiter serenity hands a 429 back
//! as an error. (With it, serenity retries 429s itself and none reach here.)

use serenity::all::HttpError;
use std::future::Future;
use std::time::Duration;

/// How long to wait before each retry after a 429, in milliseconds.
///
/// Discord says how long to wait (the `Retry-After` header and the body's
/// `retry_after`), but serenity 0.12.5 does not let us read it: its
/// `ErrorResponse` keeps the status, the URL and a `DiscordJsonError` of
/// `code`, `message` and `errors` only; the headers and `retry_after` are
/// dropped when the body is decoded. So the wait is a bounded schedule:
/// short at first (a route's bucket resets within a second or two, and an
/// interaction's first answer must land within Discord's 3 seconds:
/// 250 + 500 + 1000 ms fit), then long enough to outlast a global limit.
/// The sum, about 8 minutes, stays inside an interaction token's
/// 15-minute life, so an edit or follow-up retried to the last attempt is
/// still accepted.
const BACKOFF_MS: [u64; 15] = [
    250, 500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000, 60_000, 60_000, 60_000, 60_000,
    60_000, 60_000,
];

/// Sends a request through `send` (called again for each attempt) and
/// returns its result, retrying after a 429 on the schedule above.
/// `request` names it in the logs: Discord's operation id
/// (`create_message`, `create_interaction_response`, ...), never the URL,
/// which holds an interaction's token.
pub async fn call<T, Fut>(request: &'static str, send: impl FnMut() -> Fut) -> serenity::Result<T>
where
    Fut: Future<Output = serenity::Result<T>>,
{
    let schedule = BACKOFF_MS.map(Duration::from_millis);
    call_on(&schedule, request, is_rate_limited, send).await
}

/// [`call`] with its waits and its test for a 429 given, so that tests
/// need neither sleep nor build serenity's (non-exhaustive) errors.
async fn call_on<T, E, Fut>(
    schedule: &[Duration],
    request: &'static str,
    rate_limited: impl Fn(&E) -> bool,
    mut send: impl FnMut() -> Fut,
) -> Result<T, E>
where
    Fut: Future<Output = Result<T, E>>,
{
    let mut waits = schedule.iter();
    let mut attempt = 1;
    loop {
        match send().await {
            Err(e) if rate_limited(&e) => {
                let Some(wait) = waits.next() else {
                    tracing::error!(
                        request,
                        attempts = attempt,
                        "Discord kept answering 429 Too Many Requests; giving up on this request"
                    );
                    return Err(e);
                };
                tracing::warn!(
                    request,
                    attempt,
                    wait_ms = wait.as_millis() as u64,
                    "Discord answered 429 Too Many Requests; waiting, then sending the request again"
                );
                tokio::time::sleep(*wait).await;
                attempt += 1;
            }
            done => {
                if attempt > 1 && done.is_ok() {
                    tracing::info!(request, attempts = attempt, "sent after a rate limit");
                }
                return done;
            }
        }
    }
}

/// True for Discord's 429 Too Many Requests.
pub fn is_rate_limited(e: &serenity::Error) -> bool {
    matches!(
        e,
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) if r.status_code.as_u16() == 429
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// An HTTP status standing in for serenity's error.
    #[derive(Debug, PartialEq)]
    struct Status(u16);

    fn limited(e: &Status) -> bool {
        e.0 == 429
    }

    #[test]
    fn the_whole_schedule_fits_inside_an_interaction_tokens_life() {
        let total: u64 = BACKOFF_MS.iter().sum();
        assert!(total < 15 * 60 * 1000, "{total} ms");
        assert!(
            BACKOFF_MS[..3].iter().sum::<u64>() < 3000,
            "a first answer retried three times still meets the 3-second deadline"
        );
        assert!(BACKOFF_MS.windows(2).all(|w| w[0] <= w[1]));
    }

    #[tokio::test]
    async fn a_429_is_sent_again_until_it_passes() {
        let tries = Cell::new(0);
        let schedule = [Duration::ZERO; 4];
        let result = call_on(&schedule, "create_message", limited, || {
            tries.set(tries.get() + 1);
            let n = tries.get();
            async move {
                if n < 3 {
                    Err(Status(429))
                } else {
                    Ok(n)
                }
            }
        })
        .await;
        assert_eq!(result, Ok(3));
        assert_eq!(tries.get(), 3);
    }

    #[tokio::test]
    async fn other_errors_are_not_retried() {
        let tries = Cell::new(0);
        let schedule = [Duration::ZERO; 4];
        let result: Result<(), Status> = call_on(&schedule, "create_message", limited, || {
            tries.set(tries.get() + 1);
            async { Err(Status(403)) }
        })
        .await;
        assert_eq!(result, Err(Status(403)));
        assert_eq!(tries.get(), 1);
    }

    #[tokio::test]
    async fn the_retries_are_bounded() {
        let tries = Cell::new(0);
        let schedule = [Duration::ZERO; 2];
        let result: Result<(), Status> = call_on(&schedule, "create_message", limited, || {
            tries.set(tries.get() + 1);
            async { Err(Status(429)) }
        })
        .await;
        assert_eq!(result, Err(Status(429)));
        assert_eq!(tries.get(), 3, "the first try and one per wait");
    }
}
