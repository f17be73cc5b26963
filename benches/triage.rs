//! Per-message triage time on the shipped knowledge base and on synthetic
//! bases with 100, 1,000 and 10,000 more scenarios, and the time to load
//! the shipped base and train its model. Run: `cargo bench --bench triage`
//! (`-- shipped` for the shipped base only: building the 10,000-scenario
//! engine takes a while). Results in README.md, "Speed".
//!
//! Bases above `TrainParams::dense_max_classes` train the model's
//! large-base form (hashed weights, a shortlist per message); the shipped
//! base and +100 use the dense one.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use kyc_triage::knowledge::{
    default_dir, load_dir, KnowledgeBase, Localized, LocalizedList, Scenario,
};
use kyc_triage::triage::{Engine, Thresholds};

const MESSAGES: &[&str] = &[
    "my id photo keeps saying image unclear, tried 4 times already",
    "人脸识别一直失败，提示验证超时，怎么办",
    "kyc一直显示information mismatch，我名字是用拼音填的",
    "it says this document has already been registered but i never registered before",
    "how long does the verifcation reveiw take? submitted yesterday",
    "wen moon ser",
];

/// A tiny deterministic generator, so runs are comparable.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

/// A base of `n` scenarios with 20 English and 20 Chinese phrasings each,
/// over a vocabulary that grows with the base (as a real one would), plus
/// the shipped base's real scenarios and shared texts.
fn synthetic(real: &KnowledgeBase, n: usize) -> KnowledgeBase {
    let mut rng = Lcg(42);
    let vocab: Vec<String> = (0..(n * 10).max(2000))
        .map(|i| {
            let len = 4 + (i % 6);
            (0..len)
                .map(|_| (b'a' + (rng.next() % 26) as u8) as char)
                .collect()
        })
        .collect();
    let mut scenarios = real.scenarios.clone();
    for i in 0..n {
        let mut en = Vec::new();
        let mut zh = Vec::new();
        for _ in 0..20 {
            let words: Vec<&str> = (0..8)
                .map(|_| vocab[rng.next() as usize % vocab.len()].as_str())
                .collect();
            en.push(words.join(" "));
            let chars: String = (0..10)
                .map(|_| char::from_u32(0x4E00 + (rng.next() % 3000) as u32).unwrap())
                .collect();
            zh.push(chars);
        }
        scenarios.push(Scenario {
            id: format!("synthetic-{i}"),
            title: Localized {
                en: format!("Synthetic {i}"),
                zh: format!("合成 {i}"),
            },
            escalate: false,
            related: Vec::new(),
            refines: None,
            signals: LocalizedList::default(),
            prompts: LocalizedList::default(),
            examples: LocalizedList { en, zh },
            answer: Localized {
                en: "answer".into(),
                zh: "回答".into(),
            },
        });
    }
    KnowledgeBase {
        scenarios,
        shared: real.shared.clone(),
    }
}

/// Whether criterion's name filter (the first free argument) can match a
/// benchmark of this base, so that building the big bases is skipped when
/// only the small ones are asked for.
fn filter_allows(label: &str) -> bool {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    filter.is_none_or(|f| label.contains(&f) || format!("triage_per_message/{label}").contains(&f))
}

fn bench(c: &mut Criterion) {
    let (kb, _) = load_dir(&default_dir()).expect("shipped knowledge base loads");
    let mut group = c.benchmark_group("triage_per_message");
    for (label, more) in [
        ("shipped", 0),
        ("100_more_scenarios", 100),
        ("1000_more_scenarios", 1000),
        ("10000_more_scenarios", 10_000),
    ] {
        if !filter_allows(label) {
            continue;
        }
        let started = std::time::Instant::now();
        let engine = Engine::new(synthetic(&kb, more), Thresholds::default());
        eprintln!("{label}: built in {:.1?}", started.elapsed());
        group.bench_with_input(BenchmarkId::from_parameter(label), &engine, |b, engine| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % MESSAGES.len();
                black_box(engine.triage(black_box(MESSAGES[i])))
            })
        });
    }
    group.finish();
    c.bench_function("load_and_train_shipped_base", |b| {
        b.iter(|| {
            let (kb, _) = load_dir(&default_dir()).unwrap();
            black_box(Engine::new(kb, Thresholds::default()))
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
