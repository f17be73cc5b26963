//! The terminal conversation, step by step, against a recording backend:
//! the same flow the Discord bot offers (answer, "did this help?",
//! clarifying menu, escalation with a case number).

use kyc_triage::cli::chat::{run, ChatBackend, ChatEscalation};
use kyc_triage::knowledge::{default_dir, load_dir};
use kyc_triage::triage::{Decision, Engine, EscalationReason, Thresholds};

#[derive(Default)]
struct Recorder {
    cases: Vec<ChatEscalation>,
    logged: usize,
    feedback: Vec<(i64, bool)>,
    fail_escalations: bool,
}

impl ChatBackend for Recorder {
    fn escalate(&mut self, case: &ChatEscalation) -> Result<i64, String> {
        if self.fail_escalations {
            return Err("disk full".into());
        }
        self.cases.push(case.clone());
        Ok(100 + self.cases.len() as i64)
    }
    fn log_decision(&mut self, _text: &str, _decision: &Decision) -> Option<i64> {
        self.logged += 1;
        Some(self.logged as i64)
    }
    fn feedback(&mut self, log_id: i64, helped: bool) {
        self.feedback.push((log_id, helped));
    }
}

fn converse(backend: &mut Recorder, lines: &str) -> String {
    let (kb, _) = load_dir(&default_dir()).unwrap();
    let engine = Engine::new(kb, Thresholds::default());
    let mut out = Vec::new();
    run(&engine, backend, lines.as_bytes(), &mut out, false).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn an_answer_that_did_not_help_escalates_with_what_was_tried() {
    let mut backend = Recorder::default();
    let out = converse(&mut backend, "my id photo keeps saying image unclear\nn\n");
    assert!(out.contains("Did this help?"), "{out}");
    assert!(out.contains("#101"), "{out}");
    assert_eq!(backend.feedback, [(1, false)]);
    let case = &backend.cases[0];
    assert_eq!(case.reason, EscalationReason::NotHelped);
    assert_eq!(case.scenario.as_deref(), Some("photo-unreadable"));
    assert!(case
        .context
        .as_deref()
        .unwrap()
        .contains("photo-unreadable"));
}

#[test]
fn a_helpful_answer_is_recorded_and_nothing_escalates() {
    let mut backend = Recorder::default();
    let out = converse(&mut backend, "人脸识别一直失败，验证超时\n是\n");
    assert!(
        out.contains("这个回答有帮助吗"),
        "Chinese UI for a Chinese message: {out}"
    );
    assert!(out.contains("很高兴"), "{out}");
    assert_eq!(backend.feedback, [(1, true)]);
    assert!(backend.cases.is_empty());
}

#[test]
fn clarifying_menu_then_none_of_these_escalates() {
    let mut backend = Recorder::default();
    let out = converse(&mut backend, "kyc\n0\n");
    assert!(out.contains("0. None of these"), "{out}");
    assert_eq!(backend.cases.len(), 1, "{out}");
    assert_eq!(backend.cases[0].reason, EscalationReason::NoMatch);
}

#[test]
fn clarifying_menu_pick_shows_that_answer() {
    let mut backend = Recorder::default();
    let out = converse(&mut backend, "kyc\n1\ny\n");
    assert!(out.matches("== ").count() == 1, "one answer shown: {out}");
    assert!(backend.cases.is_empty());
}

#[test]
fn suspected_misuse_gets_a_case_number_before_anything_else() {
    let mut backend = Recorder::default();
    let out = converse(
        &mut backend,
        "it says my ID is already registered but I never signed up\n",
    );
    let first = out.lines().next().unwrap();
    assert!(first.contains("#101"), "{out}");
    assert_eq!(backend.cases[0].scenario.as_deref(), Some("id-misuse"));
    assert_eq!(backend.cases[0].reason, EscalationReason::KnowledgeBase);
}

#[test]
fn a_failed_write_is_never_acknowledged_as_a_case() {
    let mut backend = Recorder {
        fail_escalations: true,
        ..Recorder::default()
    };
    let out = converse(
        &mut backend,
        "it says my ID is already registered but I never signed up\n",
    );
    assert!(!out.contains("case number"), "{out}");
    assert!(out.contains("could not record your case"), "{out}");
}

#[test]
fn a_request_for_a_human_escalates() {
    let mut backend = Recorder::default();
    converse(&mut backend, "转人工客服，我要找真人\n");
    assert_eq!(backend.cases.len(), 1);
    assert_eq!(backend.cases[0].reason, EscalationReason::AskedForHuman);
}
