//! What `kyc-triage stats` reports: how messages were triaged, per scenario
//! and overall, whether answers helped, and what the knowledge base misses.

use super::clock::to_text;
use super::model::Status;
use super::{Lost, Store, StoreError};
use chrono::{DateTime, Utc};

/// How many of the most frequent unmatched messages [`Store::stats`] returns.
pub const TOP_UNMATCHED: i64 = 10;

/// Triage and case counts since a point in time.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Stats {
    pub since: Option<DateTime<Utc>>,
    pub triages: u64,
    pub decisions: DecisionCounts,
    /// Per scenario, most triaged first; a clarification counts for the
    /// scenario the user then picked. `scenario: None` gathers the rest
    /// (unanswered clarifications, no-match escalations, ignored messages).
    pub scenarios: Vec<ScenarioStats>,
    /// Messages about verification that nothing in the base fitted (redacted):
    /// escalated as unmatched, or shown a menu from which no scenario was
    /// picked. Most frequent first: what the knowledge base should learn next.
    pub unmatched: Vec<Unmatched>,
    /// Cases opened since, by their status now.
    pub cases: Vec<(Status, u64)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DecisionCounts {
    pub answer: u64,
    pub clarify: u64,
    pub escalate: u64,
    pub ignore: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioStats {
    pub scenario: Option<String>,
    pub triages: u64,
    /// Answers shown: confident answers plus picks from a clarifying menu.
    pub answered: u64,
    pub escalated: u64,
    /// Users who said the answer helped, and who said it did not.
    pub helped: u64,
    pub not_helped: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    pub text: String,
    pub count: u64,
}

impl Store {
    /// Statistics over the triage log and cases since `since` (all time when `None`).
    pub async fn stats(&self, since: Option<DateTime<Utc>>) -> Result<Stats, StoreError> {
        // Before every stored timestamp: the same queries serve "all time".
        let from = since.map_or_else(|| "0".to_string(), to_text);
        let fault = |e| self.fault(e, Lost::Nothing);
        // One read transaction, so the numbers agree with each other.
        let mut conn = self.reader().begin().await.map_err(fault)?;
        let decisions: Vec<(String, i64)> = sqlx::query_as(
            "SELECT decision, count(*) FROM triage_log WHERE at >= $1 GROUP BY decision",
        )
        .bind(&from)
        .fetch_all(&mut *conn)
        .await
        .map_err(fault)?;
        let scenarios: Vec<(Option<String>, i64, i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT coalesce(scenario, chosen) AS s, count(*),
                    count(CASE WHEN decision = 'answer' OR chosen IS NOT NULL THEN 1 END),
                    count(CASE WHEN decision = 'escalate' THEN 1 END),
                    count(CASE WHEN helped = 1 THEN 1 END),
                    count(CASE WHEN helped = 0 THEN 1 END)
             FROM triage_log WHERE at >= $1
             GROUP BY s ORDER BY count(*) DESC, s",
        )
        .bind(&from)
        .fetch_all(&mut *conn)
        .await
        .map_err(fault)?;
        let unmatched: Vec<(String, i64)> = sqlx::query_as(self.backend().pick(
            // SQLite takes a bare column from one row of the group;
            // Postgres is told which: the newest.
            "SELECT text, count(*) FROM triage_log
             WHERE at >= $1 AND text IS NOT NULL
               AND (reason = 'no-match' OR (decision = 'clarify' AND chosen IS NULL))
             GROUP BY lower(trim(text)) ORDER BY count(*) DESC, max(at) DESC LIMIT $2",
            "SELECT (array_agg(text ORDER BY at DESC))[1], count(*) FROM triage_log
             WHERE at >= $1 AND text IS NOT NULL
               AND (reason = 'no-match' OR (decision = 'clarify' AND chosen IS NULL))
             GROUP BY lower(trim(text)) ORDER BY count(*) DESC, max(at) DESC LIMIT $2",
        ))
        .bind(&from)
        .bind(TOP_UNMATCHED)
        .fetch_all(&mut *conn)
        .await
        .map_err(fault)?;
        let cases: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, count(*) FROM escalations WHERE created_at >= $1 GROUP BY status",
        )
        .bind(&from)
        .fetch_all(&mut *conn)
        .await
        .map_err(fault)?;
        conn.commit().await.map_err(fault)?;

        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        let mut stats = Stats {
            since,
            ..Stats::default()
        };
        for (decision, count) in decisions {
            let slot = match decision.as_str() {
                "answer" => &mut stats.decisions.answer,
                "clarify" => &mut stats.decisions.clarify,
                "escalate" => &mut stats.decisions.escalate,
                _ => &mut stats.decisions.ignore,
            };
            *slot += n(count);
            stats.triages += n(count);
        }
        stats.scenarios = scenarios
            .into_iter()
            .map(
                |(scenario, triages, answered, escalated, helped, not_helped)| ScenarioStats {
                    scenario,
                    triages: n(triages),
                    answered: n(answered),
                    escalated: n(escalated),
                    helped: n(helped),
                    not_helped: n(not_helped),
                },
            )
            .collect();
        stats.unmatched = unmatched
            .into_iter()
            .map(|(text, count)| Unmatched {
                text,
                count: n(count),
            })
            .collect();
        stats.cases = Status::ALL
            .into_iter()
            .map(|s| {
                let count = cases.iter().find(|(c, _)| c == s.code()).map_or(0, |c| c.1);
                (s, n(count))
            })
            .collect();
        Ok(stats)
    }
}
