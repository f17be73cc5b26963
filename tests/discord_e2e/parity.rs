//! Discord and `chat` give the same decisions on the same messages: one
//! scripted exchange is played through the real bot against the fake
//! Discord and through the terminal conversation (`chat`'s own session,
//! with its own store), and each step is reduced to what was decided:
//! which answer, which menu, a case and why, thanks, not ours.

use crate::bot::*;
use crate::support::fake_discord::payloads::*;
use kyc_triage::cli::chat::Session;
use kyc_triage::conversation::{Conversation, Member, Turn};
use kyc_triage::knowledge::{default_dir, load_dir, Lang};
use kyc_triage::render::ui;
use kyc_triage::store::{ListFilter, Reporter, Store};
use kyc_triage::triage::{Engine, Thresholds};
use serde_json::Value;

/// One member's session, as a new user would try it: answers, feedback in
/// free text in both languages, a menu with a wrong number then a right
/// one, a request for a person, suspected misuse.
const SCRIPT: &[&str] = &[
    "face scan keeps failing",
    "no it didnt",
    "my verification failed",
    "5",
    "1",
    "yes thanks",
    "人脸识别一直失败，验证超时",
    "还是不行",
    "my kyc failed",
    "it says image unclear",
    "nope, still failing",
    "i want a human",
    "it says my ID is already registered but I never signed up",
];

/// What a step decided, whatever the transport.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Answer(String),
    Menu(Vec<String>),
    Case,
    StoreDown,
    Thanks,
    NotOurs,
}

/// A Discord reply, reduced.
fn discord_step(b: &Value) -> Step {
    let ids = custom_ids(b);
    if let Some(stuck) = ids.iter().find(|id| id.starts_with("stuck:")) {
        return Step::Answer(stuck.rsplit(':').next().unwrap().to_string());
    }
    if ids.iter().any(|id| id.starts_with("pick:")) {
        let options = b["components"][0]["components"][0]["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["value"].as_str().unwrap().to_string())
            .filter(|v| v != "_none")
            .collect();
        return Step::Menu(options);
    }
    let content = b["content"].as_str().unwrap_or("");
    let lang = if content
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        Lang::Zh
    } else {
        Lang::En
    };
    let ui = ui(lang);
    if content.contains('#') && (content.contains("case number") || content.contains("工单编号"))
    {
        Step::Case
    } else if content == ui.store_down {
        Step::StoreDown
    } else if content == ui.thanks {
        Step::Thanks
    } else if content == ui.ignored {
        Step::NotOurs
    } else {
        panic!("unexpected reply: {b}")
    }
}

fn chat_step(turn: &Turn) -> Step {
    match turn {
        Turn::Answer { reply, .. } => Step::Answer(reply.scenario.clone()),
        Turn::Menu { options, .. } => {
            Step::Menu(options.iter().map(|(id, _)| id.clone()).collect())
        }
        Turn::Escalated { .. } => Step::Case,
        Turn::StoreDown { .. } => Step::StoreDown,
        Turn::Thanks => Step::Thanks,
        Turn::NotOurs | Turn::Silent => Step::NotOurs,
    }
}

/// The script through `chat`'s session: the steps and the cases opened
/// (scenario, reason), oldest first.
fn through_chat() -> (Vec<Step>, Vec<(Option<String>, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = runtime
        .block_on(Store::open(dir.path().join("chat.db")))
        .unwrap();
    let (kb, _) = load_dir(&default_dir()).unwrap();
    let conversation = Conversation::new(Engine::new(kb, Thresholds::default()), store.clone());
    let member = Member {
        reporter: Reporter::Terminal {
            user: "alice".into(),
        },
        display_name: Some("alice".into()),
    };
    let mut session = Session::new(&runtime, &conversation, member);
    let mut steps = Vec::new();
    for line in SCRIPT {
        let said = session.say(line);
        steps.push(chat_step(&said.turn));
    }
    let cases = runtime.block_on(cases_of(&store));
    runtime.block_on(store.close());
    (steps, cases)
}

async fn cases_of(store: &Store) -> Vec<(Option<String>, String)> {
    let mut list = store.list(ListFilter::default()).await.unwrap();
    list.reverse();
    list.into_iter()
        .map(|c| (c.scenario, c.reason.code().to_string()))
        .collect()
}

#[test]
fn discord_and_chat_decide_the_same_on_the_same_messages() {
    // chat first, on a runtime of its own (it blocks on each step).
    let (chat_steps, chat_cases) = through_chat();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (discord_steps, discord_cases) = runtime.block_on(async {
        let mut bot = Bot::start().await;
        let mut steps = Vec::new();
        for line in SCRIPT {
            bot.say(line).await;
            let reply = bot.next_post(SUPPORT_CHANNEL_ID).await;
            steps.push(discord_step(body(&reply)));
        }
        bot.stop().await;
        let store = bot.store().await;
        let cases = cases_of(&store).await;
        store.close().await;
        (steps, cases)
    });
    for (n, line) in SCRIPT.iter().enumerate() {
        assert_eq!(
            discord_steps[n], chat_steps[n],
            "step {n} ({line}): discord vs chat"
        );
    }
    assert_eq!(discord_cases, chat_cases);
    // The script exercises what it claims to.
    assert!(chat_steps.contains(&Step::Thanks));
    assert!(chat_cases
        .iter()
        .any(|(s, r)| s.as_deref() == Some("face-failed") && r == "not-helped"));
    assert!(chat_cases
        .iter()
        .any(|(s, r)| s.is_none() && r == "asked-for-human"));
}
