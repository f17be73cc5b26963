//! Scripted `chat` conversations against a real store in a fresh file:
//! the follow-up rules of the conversation (feedback in free text, menu
//! picks, requests for a human) as a member would try them.

use kyc_triage::cli::chat::{run, Session};
use kyc_triage::conversation::{Conversation, Member};
use kyc_triage::knowledge::{default_dir, load_dir};
use kyc_triage::store::{Escalation, ListFilter, Reporter, ScenarioStats, Store};
use kyc_triage::triage::{Engine, EscalationReason, Thresholds};
use tempfile::TempDir;

struct Chat {
    _dir: TempDir,
    runtime: tokio::runtime::Runtime,
    store: Store,
    conversation: Conversation,
}

impl Chat {
    fn new() -> Chat {
        let dir = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let store = runtime
            .block_on(Store::open(dir.path().join("kyc.db")))
            .unwrap();
        let (kb, _) = load_dir(&default_dir()).unwrap();
        let engine = Engine::new(kb, Thresholds::default());
        let conversation = Conversation::new(engine, store.clone());
        Chat {
            _dir: dir,
            runtime,
            store,
            conversation,
        }
    }

    /// Plays `lines` as one member's session; returns what the bot printed.
    fn say(&self, lines: &str) -> String {
        let member = Member {
            reporter: Reporter::Terminal {
                user: "alice".into(),
            },
            display_name: Some("alice".into()),
        };
        let mut session = Session::new(&self.runtime, &self.conversation, member);
        let mut out = Vec::new();
        run(&mut session, lines.as_bytes(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn cases(&self) -> Vec<Escalation> {
        let mut cases = self
            .runtime
            .block_on(self.store.list(ListFilter::default()))
            .unwrap();
        cases.reverse();
        cases
    }

    fn stats_of(&self, scenario: &str) -> ScenarioStats {
        self.runtime
            .block_on(self.store.stats(None))
            .unwrap()
            .scenarios
            .into_iter()
            .find(|s| s.scenario.as_deref() == Some(scenario))
            .unwrap_or_else(|| panic!("no statistics for {scenario}"))
    }
}

const FACE: &str = "face scan keeps failing";

#[test]
fn a_free_text_no_after_an_answer_escalates_with_that_answers_scenario() {
    for reply in [
        "no",
        "no it didnt",
        "nope, still failing",
        "didn't work",
        "stil not wroking",
    ] {
        let chat = Chat::new();
        let out = chat.say(&format!("{FACE}\n{reply}\n"));
        let cases = chat.cases();
        assert_eq!(cases.len(), 1, "{reply}: {out}");
        let case = &cases[0];
        assert_eq!(case.reason, EscalationReason::NotHelped, "{reply}");
        assert_eq!(case.scenario.as_deref(), Some("face-failed"), "{reply}");
        assert!(out.contains("#1"), "{reply}: {out}");
        // Never the suspected-misuse advice for a plain "no".
        assert!(!out.contains("used by someone else"), "{reply}: {out}");
        assert_eq!(chat.stats_of("face-failed").not_helped, 1, "{reply}");
    }
}

#[test]
fn chinese_feedback_after_an_answer_is_feedback_not_a_new_question() {
    let chat = Chat::new();
    let out = chat.say("人脸识别一直失败，验证超时\n还是不行\n");
    assert_eq!(
        out.matches("== ").count(),
        1,
        "the answer is not repeated: {out}"
    );
    assert!(out.contains("工单编号是 #1"), "{out}");
    assert_eq!(chat.cases()[0].reason, EscalationReason::NotHelped);

    let chat = Chat::new();
    let out = chat.say("人脸识别一直失败，验证超时\n没用\n");
    assert_eq!(chat.cases().len(), 1, "{out}");
}

#[test]
fn yes_thanks_counts_as_helped_in_stats() {
    for reply in [
        "yes thanks",
        "yes it did, thanks!",
        "solved",
        "好了",
        "thnks",
    ] {
        let chat = Chat::new();
        let out = chat.say(&format!("{FACE}\n{reply}\n"));
        assert!(
            out.contains("Glad it worked") || out.contains("很高兴"),
            "{reply}: {out}"
        );
        let s = chat.stats_of("face-failed");
        assert_eq!((s.helped, s.not_helped), (1, 0), "{reply}");
        assert!(chat.cases().is_empty(), "{reply}");
    }
}

#[test]
fn a_new_complaint_after_an_answer_is_triaged_as_one() {
    let chat = Chat::new();
    let out = chat.say(&format!(
        "{FACE}\nnow it says my id photo is blurry, image unclear\n"
    ));
    assert_eq!(out.matches("== ").count(), 2, "two answers: {out}");
    assert!(out.contains("Document photo could not be read"), "{out}");
    assert!(chat.cases().is_empty(), "{out}");
}

#[test]
fn suspected_misuse_after_an_answer_only_when_the_member_says_so() {
    let chat = Chat::new();
    chat.say(&format!(
        "{FACE}\nno, it says my ID is already registered but I never signed up\n"
    ));
    let cases = chat.cases();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].scenario.as_deref(), Some("id-misuse"));
    assert_eq!(cases[0].reason, EscalationReason::KnowledgeBase);
}

#[test]
fn an_out_of_range_menu_number_asks_again_and_opens_nothing() {
    let chat = Chat::new();
    let out = chat.say("my kyc failed\n5\n");
    assert!(out.contains("0. None of these"), "{out}");
    assert!(out.contains("Please pick one of these"), "{out}");
    assert!(chat.cases().is_empty(), "{out}");
    // ...and the menu still works afterwards.
    let out = chat.say("my kyc failed\n5\n1\n");
    assert_eq!(out.matches("== ").count(), 1, "{out}");
    assert!(chat.cases().is_empty(), "{out}");
}

#[test]
fn none_of_these_twice_opens_one_case() {
    let chat = Chat::new();
    let out = chat.say("my kyc failed\n0\n0\n");
    let cases = chat.cases();
    assert_eq!(cases.len(), 1, "{out}");
    assert_eq!(cases[0].reason, EscalationReason::NoMatch);
    assert_eq!(cases[0].scenario, None);
}

#[test]
fn a_menu_takes_words_that_pick_an_option() {
    let chat = Chat::new();
    // "my kyc failed" offers face, attempts and photo; the detail picks one.
    let out = chat.say("my kyc failed\nit says image unclear\ny\n");
    assert!(out.contains("Which of these"), "{out}");
    assert!(
        out.contains("== Document photo could not be read =="),
        "{out}"
    );
    assert_eq!(chat.stats_of("photo-unreadable").helped, 1, "{out}");
    assert!(chat.cases().is_empty());
}

#[test]
fn a_menu_answer_that_is_neither_asks_again() {
    let chat = Chat::new();
    let out = chat.say("my kyc failed\nhmm what\n");
    assert!(out.contains("Please pick one of these"), "{out}");
    assert!(chat.cases().is_empty(), "{out}");
}

#[test]
fn a_request_for_a_human_escalates_with_no_scenario() {
    for text in [
        "talk to a real person pls",
        "i want a human",
        "转人工客服，我要找真人",
    ] {
        let chat = Chat::new();
        let out = chat.say(&format!("{text}\n"));
        let cases = chat.cases();
        assert_eq!(cases.len(), 1, "{text}: {out}");
        assert_eq!(cases[0].reason, EscalationReason::AskedForHuman, "{text}");
        assert_eq!(cases[0].scenario, None, "{text}");
        assert!(!out.contains("== "), "no scenario's steps: {out}");
    }
    // After an answer too: a person, not the answer's scenario.
    let chat = Chat::new();
    chat.say(&format!("{FACE}\ni want a human\n"));
    let cases = chat.cases();
    assert_eq!(cases[0].reason, EscalationReason::AskedForHuman);
    assert_eq!(cases[0].scenario, None);
    assert!(cases[0].context.as_deref().unwrap().contains("face-failed"));
}

#[test]
fn suspected_misuse_gets_a_case_number_before_anything_else() {
    let chat = Chat::new();
    let out = chat.say("it says my ID is already registered but I never signed up\n");
    let first = out.lines().next().unwrap();
    assert!(first.contains("#1"), "{out}");
    assert_eq!(chat.cases()[0].scenario.as_deref(), Some("id-misuse"));
}

#[test]
fn when_the_store_is_down_the_member_is_told_so_and_never_given_a_number() {
    let chat = Chat::new();
    chat.runtime.block_on(chat.store.close());
    for text in [
        "it says my ID is already registered but I never signed up",
        "i want a human",
        "get me a human, my verification is stuck",
    ] {
        let out = chat.say(&format!("{text}\n"));
        assert!(out.contains("could not record your case"), "{text}: {out}");
        assert!(!out.contains("case number"), "{text}: {out}");
        assert!(
            !out.contains("passed it to the moderators"),
            "{text}: {out}"
        );
    }
}

#[test]
fn chat_commands_are_not_messages() {
    let chat = Chat::new();
    let out = chat.say("/help\n/frobnicate\n/quit\nface scan keeps failing\n");
    assert!(out.contains("/reset"), "{out}");
    assert!(out.contains("Unknown command /frobnicate"), "{out}");
    assert!(!out.contains("== "), "nothing after /quit is read: {out}");
    assert!(chat.cases().is_empty());
    // /reset forgets the answer: a "no" afterwards is not feedback on it
    // (alone it is whatever triage makes of it).
    let out = chat.say(&format!("{FACE}\n/reset\nno\n"));
    assert!(
        chat.cases()
            .iter()
            .all(|c| c.reason != EscalationReason::NotHelped),
        "{out}"
    );
    assert_eq!(chat.stats_of("face-failed").not_helped, 0);
}

#[test]
fn a_phone_number_is_redacted_before_triage_as_on_discord() {
    let chat = Chat::new();
    chat.say("my phone is +86 138 1234 5678 and someone used my ID, I never registered\n");
    let cases = chat.cases();
    let text = cases[0].text.as_deref().unwrap();
    assert!(
        text.contains("[PHONE") && !text.contains("138 1234"),
        "{text}"
    );
    assert_eq!(cases[0].scenario.as_deref(), Some("id-misuse"));
}

#[test]
fn a_bare_no_with_nothing_pending_never_opens_a_misuse_case() {
    let chat = Chat::new();
    let out = chat.say("no\nno it didnt\n");
    assert!(chat.cases().is_empty(), "{out}");
    assert!(!out.contains("used by someone else"), "{out}");
}

#[test]
fn a_menu_takes_an_options_title_typed_out() {
    let chat = Chat::new();
    let menu = chat.say("my kyc failed\n");
    let title = menu
        .lines()
        .find_map(|l| l.trim().strip_prefix("2. "))
        .unwrap_or_else(|| panic!("a second option: {menu}"))
        .to_string();
    let chat = Chat::new();
    let out = chat.say(&format!("my kyc failed\n{}\n", title.to_lowercase()));
    assert!(out.contains(&format!("== {title} ==")), "{title}: {out}");
    assert!(chat.cases().is_empty());
}
