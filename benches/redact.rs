//! How long `redact` takes on 100 KB messages: a realistic mixed chat log
//! full of personal data, and inputs built to make each detector work as
//! hard as it can (long digit chains, list words, hex, spaced Chinese,
//! `@` and `+` everywhere). The budget is 50 ms for 100 KB.
//!
//! `cargo bench --bench redact`

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use kyc_triage::redact::redact;

const SIZE: usize = 100 * 1024;

fn repeat_to_size(unit: &str) -> String {
    let mut s = String::with_capacity(SIZE + unit.len());
    while s.len() < SIZE {
        s.push_str(unit);
    }
    s
}

fn inputs() -> Vec<(&'static str, String)> {
    let chat = "你好，我的身份证号11010519491231002X一直审核失败，护照E12345678也不行。\
                My phone is +86 138 0013 8000, email zhangsan@163.com, card 4242 4242 4242 4242. \
                The selfie step keeps saying face mismatch 人脸识别失败 since 2026-11-26 order #88231940017. \
                seed abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about ok\n";
    vec![
        ("mixed chat", repeat_to_size(chat)),
        (
            "plain english",
            repeat_to_size("why does the verification keep failing on my phone? "),
        ),
        (
            "plain chinese",
            repeat_to_size("为什么我的实名认证一直失败，请帮我看看怎么回事。"),
        ),
        ("digit chains", repeat_to_size("12 34 56 78 ")),
        ("one long number", repeat_to_size("1234567890")),
        (
            "list words",
            repeat_to_size("abandon ability able about above "),
        ),
        ("hex", repeat_to_size("0123456789abcdef")),
        ("spaced chinese", repeat_to_size("的 一 是 在 ")),
        ("at and plus", repeat_to_size("a@b.co +1 ")),
        ("full width", repeat_to_size("１２３４５６７８９０　")),
        // Issue 9's normalisations and detectors, at their worst.
        ("chinese numerals", repeat_to_size("一二三四五六七八九〇 ")),
        (
            "one digit per space",
            repeat_to_size("1 2 3 4 5 6 7 8 9 0 "),
        ),
        ("dots and slashes", repeat_to_size("12.34/56.78 ")),
        ("spelt e-mail", repeat_to_size("name at gmail dot com ")),
        (
            "labels",
            repeat_to_size("passport which is address: nin 12 "),
        ),
        ("near words", repeat_to_size("abandn abilty abel abuot ")),
    ]
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("redact 100 KB");
    for (name, text) in inputs() {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| redact(black_box(&text))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
