//! The store's public API as the Discord adapter and the terminal use it:
//! concurrency, repeated reports, the moderators' workflow, the triage log,
//! statistics and retention.

mod common;

use common::{case, fresh_location, init_tracing, Db};
use kyc_triage::knowledge::Lang;
use kyc_triage::store::{
    IdentifyTurn, ListFilter, Notice, Reporter, Status, Store, StoreError, StoreOptions,
    Transition, TriageRecord,
};
use kyc_triage::triage::{DecisionKind, EscalationReason};
use std::collections::HashSet;
use std::time::Duration;

async fn fresh(db: Db) -> (tempfile::TempDir, Store) {
    init_tracing();
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_location(db, dir.path()).expect("checked by on_both_backends");
    let store = Store::open_at(location, StoreOptions::default())
        .await
        .unwrap();
    (dir, store)
}

async fn thousand_escalations_from_fifty_tasks_are_all_stored_with_unique_ids(db: Db) {
    let (_dir, store) = fresh(db).await;
    let tasks: Vec<_> = (0..50)
        .map(|t| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut ids = Vec::new();
                for n in 0..20 {
                    let user = format!("user-{t}-{n}");
                    let e = store
                        .escalate(case(&user, Some("id-misuse"), &format!("report {t}/{n}")))
                        .await
                        .unwrap();
                    assert!(e.created);
                    ids.push(e.id);
                }
                ids
            })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.extend(t.await.unwrap());
    }
    let unique: HashSet<i64> = ids.iter().copied().collect();
    assert_eq!(ids.len(), 1000);
    assert_eq!(unique.len(), 1000, "case numbers must be unique");
    let listed = store.list(ListFilter::default()).await.unwrap();
    let listed: HashSet<i64> = listed.iter().map(|c| c.id).collect();
    assert_eq!(listed, unique, "every acknowledged case is stored");
    store.close().await;
}

async fn concurrent_repeated_reports_merge_into_one_case(db: Db) {
    let (_dir, store) = fresh(db).await;
    let tasks: Vec<_> = (0..20)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .escalate(case("alice", Some("id-misuse"), &format!("message {n}")))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let ids: HashSet<i64> = results.iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), 1, "one case, not duplicates: {results:?}");
    assert_eq!(results.iter().filter(|e| e.created).count(), 1);
    let id = results[0].id;
    let c = store.get(id).await.unwrap();
    assert_eq!(c.report_count, 20);
    let text = c.text.unwrap();
    assert!((0..20).all(|n| text.contains(&format!("message {n}"))));
    let trail = store.audit(id).await.unwrap();
    assert_eq!(trail.iter().filter(|a| a.action == "report").count(), 19);

    // Another scenario, another user, or no scenario at all: new cases.
    for other in [
        case("alice", Some("face-failed"), "x"),
        case("bob", Some("id-misuse"), "x"),
        case("alice", None, "x"),
        case("alice", None, "x"),
    ] {
        assert!(store.escalate(other).await.unwrap().created);
    }
    // Once closed, the next report opens a new case.
    store.resolve(id, "mod", "handled").await.unwrap();
    let again = store
        .escalate(case("alice", Some("id-misuse"), "again"))
        .await
        .unwrap();
    assert!(again.created && again.id != id);
}

/// A report racing a moderator's resolve either joins the case before it
/// closes or opens a new one: never lands in a case already closed (on
/// Postgres the open case is row-locked by the merge, the writes otherwise
/// running side by side).
async fn a_report_racing_a_resolve_never_joins_the_closed_case(db: Db) {
    let (_dir, store) = fresh(db).await;
    let id = store
        .escalate(case("alice", Some("id-misuse"), "message first"))
        .await
        .unwrap()
        .id;
    let reports: Vec<_> = (0..20)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .escalate(case("alice", Some("id-misuse"), &format!("message {n}")))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let resolve = {
        let store = store.clone();
        tokio::spawn(async move { store.resolve(id, "mod", "handled").await.unwrap() })
    };
    resolve.await.unwrap();
    let mut results = Vec::new();
    for t in reports {
        results.push(t.await.unwrap());
    }
    // In the closed case's trail, nothing after the resolve.
    let trail = store.audit(id).await.unwrap();
    let closed_at = trail.iter().position(|a| a.action == "resolve").unwrap();
    assert_eq!(
        closed_at,
        trail.len() - 1,
        "a report after the resolve: {trail:?}"
    );
    // Every report is in exactly one case: the closed one (merged before
    // it closed) or one new case opened after.
    let joined = results.iter().filter(|e| e.id == id).count();
    let later: HashSet<i64> = results
        .iter()
        .filter(|e| e.id != id)
        .map(|e| e.id)
        .collect();
    assert!(later.len() <= 1, "one new case at most: {results:?}");
    assert_eq!(
        store.get(id).await.unwrap().report_count as usize,
        1 + joined
    );
    if let Some(&new) = later.iter().next() {
        let c = store.get(new).await.unwrap();
        assert_eq!(c.status, kyc_triage::store::Status::Open);
        assert_eq!(c.report_count as usize, results.len() - joined);
    }
}

async fn two_moderators_cannot_both_claim_a_case(db: Db) {
    let (_dir, store) = fresh(db).await;
    let id = store.escalate(case("u", None, "help")).await.unwrap().id;
    let tasks: Vec<_> = (0..10)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move { store.claim(id, &format!("mod{n}")).await })
        })
        .collect();
    let mut winners = Vec::new();
    let mut refusals = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            Ok(c) => winners.push(c.claimed_by.unwrap()),
            Err(StoreError::ClaimedByOther { holder, .. }) => refusals.push(holder),
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one claim wins");
    assert!(
        refusals.iter().all(|h| *h == winners[0]),
        "refusals name the holder"
    );
    let claims = store.audit(id).await.unwrap();
    assert_eq!(claims.iter().filter(|a| a.action == "claim").count(), 1);
}

async fn workflow_moves_and_refuses_what_makes_no_sense(db: Db) {
    let (_dir, store) = fresh(db).await;
    let id = store
        .escalate(case("u", Some("id-misuse"), "help"))
        .await
        .unwrap()
        .id;
    let c = store.claim(id, "alice").await.unwrap();
    assert_eq!(
        (c.status, c.claimed_by.as_deref()),
        (Status::Claimed, Some("alice"))
    );
    // Claiming again as the holder changes nothing; as someone else fails.
    store.claim(id, "alice").await.unwrap();
    let err = store.claim(id, "bob").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("case #{id} is already claimed by alice")
    );
    assert!(err.is_user_error());

    let err = store.resolve(id, "alice", "   ").await.unwrap_err();
    assert!(matches!(
        err,
        StoreError::EmptyNote {
            action: Transition::Resolve
        }
    ));
    let err = store.claim(id, " ").await.unwrap_err();
    assert!(matches!(err, StoreError::EmptyName));
    let err = store.reopen(id, "alice").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("case #{id} is claimed: it cannot be reopened")
    );

    let c = store.resolve(id, "alice", "sent to support").await.unwrap();
    assert_eq!(c.status, Status::Resolved);
    assert_eq!(c.resolution_note.as_deref(), Some("sent to support"));
    assert!(c.closed_at.is_some());
    for err in [
        store.resolve(id, "alice", "again").await.unwrap_err(),
        store.dismiss(id, "alice", "again").await.unwrap_err(),
        store.claim(id, "alice").await.unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                StoreError::BadTransition {
                    from: Status::Resolved,
                    ..
                }
            ),
            "{err}"
        );
    }
    let c = store.reopen(id, "bob").await.unwrap();
    assert_eq!(c.status, Status::Open);
    assert_eq!(
        (c.claimed_by, c.resolution_note, c.closed_at),
        (None, None, None)
    );
    let c = store
        .dismiss(id, "bob", "duplicate of a ticket")
        .await
        .unwrap();
    assert_eq!(c.status, Status::Dismissed);
    assert_eq!(c.resolved_by.as_deref(), Some("bob"));

    for err in [
        store.get(999).await.unwrap_err(),
        store.claim(999, "a").await.unwrap_err(),
        store.audit(999).await.unwrap_err(),
    ] {
        assert_eq!(err.to_string(), "there is no case #999");
    }

    let actions: Vec<String> = store
        .audit(id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| format!("{} {}", a.actor, a.action))
        .collect();
    assert_eq!(
        actions,
        [
            "u open",
            "alice claim",
            "alice resolve",
            "bob reopen",
            "bob dismiss"
        ]
    );
}

async fn discord_cases_keep_their_ids_and_notice(db: Db) {
    let (_dir, store) = fresh(db).await;
    let mut new = case("ignored", Some("id-misuse"), "help");
    new.reporter = Reporter::Discord {
        guild_id: Some(1_234_567_890_123_456_789),
        channel_id: u64::MAX - 1,
        message_id: 42,
        user_id: 987_654_321_098_765_432,
    };
    new.display_name = Some("Ann".into());
    let id = store.escalate(new.clone()).await.unwrap().id;
    store.set_notice(id, 555, 666).await.unwrap();
    let c = store.get(id).await.unwrap();
    assert_eq!(c.reporter, new.reporter);
    assert_eq!(
        c.notice,
        Some(Notice {
            channel_id: 555,
            message_id: 666
        })
    );
    assert!(matches!(
        store.set_notice(999, 1, 2).await,
        Err(StoreError::UnknownCase(999))
    ));
    // The same Discord user in a direct message is another conversation.
    new.reporter = Reporter::Discord {
        guild_id: None,
        channel_id: 1,
        message_id: 2,
        user_id: 987_654_321_098_765_432,
    };
    assert!(store.escalate(new).await.unwrap().created);
}

async fn statistics_count_decisions_feedback_and_unmatched_messages(db: Db) {
    let (_dir, store) = fresh(db).await;
    let log = |decision, scenario: Option<&str>, reason, text: &str| TriageRecord {
        from_discord: true,
        language: Lang::En,
        decision,
        scenario: scenario.map(Into::into),
        confidence: 0.5,
        reason,
        text: text.into(),
    };
    let a1 = store
        .log_triage(log(DecisionKind::Answer, Some("face-failed"), None, "face"))
        .await
        .unwrap();
    let a2 = store
        .log_triage(log(
            DecisionKind::Answer,
            Some("face-failed"),
            None,
            "face 2",
        ))
        .await
        .unwrap();
    store
        .log_triage(log(DecisionKind::Clarify, None, None, "hmm"))
        .await
        .unwrap();
    // A clarification, then the user picks face-failed and says it helped.
    let picked = store
        .log_triage(log(DecisionKind::Clarify, None, None, "my face?"))
        .await
        .unwrap();
    store.record_choice(picked, "face-failed").await.unwrap();
    store.record_feedback(picked, true).await.unwrap();
    for text in ["weird thing", "Weird thing ", "other thing"] {
        store
            .log_triage(log(
                DecisionKind::Escalate,
                None,
                Some(EscalationReason::NoMatch),
                text,
            ))
            .await
            .unwrap();
    }
    store.record_feedback(a1, true).await.unwrap();
    store.record_feedback(a2, false).await.unwrap();
    assert!(matches!(
        store.record_feedback(999, true).await,
        Err(StoreError::UnknownLogEntry(999))
    ));
    assert!(matches!(
        store.record_choice(999, "x").await,
        Err(StoreError::UnknownLogEntry(999))
    ));

    let s = store.stats(None).await.unwrap();
    assert_eq!(s.triages, 7);
    assert_eq!(
        (
            s.decisions.answer,
            s.decisions.clarify,
            s.decisions.escalate,
            s.decisions.ignore
        ),
        (2, 2, 3, 0)
    );
    let face = s
        .scenarios
        .iter()
        .find(|x| x.scenario.as_deref() == Some("face-failed"))
        .unwrap();
    assert_eq!(
        (face.triages, face.answered, face.helped, face.not_helped),
        (3, 3, 2, 1),
        "the clarified pick counts for its scenario"
    );
    assert_eq!(s.unmatched[0].count, 2, "grouped ignoring case and spaces");
    // "weird thing" x2, "other thing", and "hmm": a menu nobody picked from.
    assert_eq!(s.unmatched.len(), 3);
    assert!(s.unmatched.iter().any(|u| u.text == "hmm"));
    assert!(!s.unmatched.iter().any(|u| u.text == "my face?"));

    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    assert_eq!(store.stats(Some(later)).await.unwrap().triages, 0);
}

async fn retention_erases_text_of_closed_cases_and_keeps_metadata(db: Db) {
    let (_dir, store) = fresh(db).await;
    let closed = store
        .escalate(case("u", Some("id-misuse"), "closed text"))
        .await
        .unwrap()
        .id;
    let open = store
        .escalate(case("v", None, "open text"))
        .await
        .unwrap()
        .id;
    store.resolve(closed, "mod", "the note").await.unwrap();
    store
        .log_triage(TriageRecord {
            from_discord: false,
            language: Lang::En,
            decision: DecisionKind::Ignore,
            scenario: None,
            confidence: 0.1,
            reason: None,
            text: "logged text".into(),
        })
        .await
        .unwrap();

    let nothing = store.purge(Duration::from_secs(86_400)).await.unwrap();
    assert_eq!((nothing.cases, nothing.triage_entries), (0, 0));
    assert!(store.get(closed).await.unwrap().text.is_some());

    let purged = store.purge(Duration::ZERO).await.unwrap();
    assert_eq!((purged.cases, purged.triage_entries), (1, 1));
    let c = store.get(closed).await.unwrap();
    assert_eq!(
        (c.text, c.resolution_note, c.display_name),
        (None, None, None)
    );
    assert!(c.purged_at.is_some());
    assert_eq!(
        (c.status, c.scenario.as_deref()),
        (Status::Resolved, Some("id-misuse"))
    );
    assert_eq!(c.resolved_by.as_deref(), Some("mod"));
    let trail = store.audit(closed).await.unwrap();
    assert!(trail
        .iter()
        .all(|a| a.detail.as_deref() != Some("the note")));
    assert_eq!(trail.last().unwrap().action, "purge");
    assert_eq!(
        store.get(open).await.unwrap().text.as_deref(),
        Some("open text")
    );
    // Purging again finds nothing new.
    assert_eq!(store.purge(Duration::ZERO).await.unwrap().cases, 0);
}

async fn retention_task_purges_at_start_and_stops_on_shutdown(db: Db) {
    let (_dir, store) = fresh(db).await;
    let id = store.escalate(case("u", None, "bye")).await.unwrap().id;
    store.dismiss(id, "mod", "spam").await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = kyc_triage::store::spawn_retention(store.clone(), Duration::ZERO, async {
        let _ = stopped.await;
    });
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while store.get(id).await.unwrap().text.is_some() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "not purged at start"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("stops on shutdown")
        .unwrap();
}

/// What several `serve` processes agree on through the store: an event is
/// claimed by exactly one of many concurrent askers, the IDENTIFY turn has
/// one holder at a time, broadcasts count every bump.
async fn processes_coordinate_through_the_store(db: Db) {
    let (_dir, store) = fresh(db).await;
    let askers: Vec<_> = (0..16)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.claim_event("message:42").await.unwrap() })
        })
        .collect();
    let mut won = 0;
    for a in askers {
        won += usize::from(a.await.unwrap());
    }
    assert_eq!(won, 1, "exactly one process handles the event");
    assert!(store.claim_event("message:43").await.unwrap());
    assert!(!store.claim_event("message:43").await.unwrap());
    assert_eq!(
        store
            .forget_events(Duration::from_secs(3600))
            .await
            .unwrap(),
        0
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(store.forget_events(Duration::ZERO).await.unwrap(), 2);
    assert!(
        store.claim_event("message:42").await.unwrap(),
        "forgotten, claimable again"
    );

    let window = Duration::from_millis(400);
    assert_eq!(
        store.take_identify_turn("a:1", window).await.unwrap(),
        IdentifyTurn::Mine
    );
    match store.take_identify_turn("b:2", window).await.unwrap() {
        IdentifyTurn::Busy { holder, wait } => {
            assert_eq!(holder, "a:1");
            assert!(wait <= window, "{wait:?}");
        }
        IdentifyTurn::Mine => panic!("two holders at once"),
    }
    assert_eq!(
        store.take_identify_turn("a:1", window).await.unwrap(),
        IdentifyTurn::Mine,
        "a holder's own turn is its own (an in-process restart)"
    );
    tokio::time::sleep(window + Duration::from_millis(100)).await;
    assert_eq!(
        store.take_identify_turn("b:2", window).await.unwrap(),
        IdentifyTurn::Mine,
        "a turn whose window passed (its holder died) is free"
    );

    assert_eq!(store.generation("kb").await.unwrap(), 0);
    let bumps: Vec<_> = (0..10)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.broadcast("kb").await.unwrap() })
        })
        .collect();
    let mut seen = HashSet::new();
    for b in bumps {
        assert!(
            seen.insert(b.await.unwrap()),
            "each bump its own generation"
        );
    }
    assert_eq!(store.generation("kb").await.unwrap(), 10);
    assert_eq!(store.generation("other").await.unwrap(), 0);
    store.close().await;
}

on_both_backends! {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async thousand_escalations_from_fifty_tasks_are_all_stored_with_unique_ids;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async concurrent_repeated_reports_merge_into_one_case;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async two_moderators_cannot_both_claim_a_case;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async processes_coordinate_through_the_store;
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)] async a_report_racing_a_resolve_never_joins_the_closed_case;
    #[tokio::test] async workflow_moves_and_refuses_what_makes_no_sense;
    #[tokio::test] async discord_cases_keep_their_ids_and_notice;
    #[tokio::test] async statistics_count_decisions_feedback_and_unmatched_messages;
    #[tokio::test] async retention_erases_text_of_closed_cases_and_keeps_metadata;
    #[tokio::test] async retention_task_purges_at_start_and_stops_on_shutdown;
}
