#!/usr/bin/env python3
"""Compare kyc-triage with off-the-shelf matchers on the same knowledge base.

Each baseline sees exactly the phrases the engine indexes (scenario titles,
prompts and examples, plus the off-topic examples) and labels a message with
the owner of its best phrase. To be fair to the baselines, each gets the
decision threshold that maximises its own score on the dev set (right minus
wrong minus unrelated answered); below it, they abstain (clarify/ignore).

    pip install rapidfuzz rank_bm25 pyyaml
    cargo build --release
    python3 benches/baselines.py tests/eval/dev.yaml tests/eval/holdout.yaml
"""
import glob, json, os, re, subprocess, sys, time
import yaml
from rapidfuzz import fuzz, process, utils
from rank_bm25 import BM25Okapi

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OFF = "ignore"


def load_kb():
    phrases, owners = [], []
    for path in sorted(glob.glob(os.path.join(ROOT, "knowledge", "*.yaml"))):
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        if os.path.basename(path) == "_shared.yaml":
            for lang in ("en", "zh"):
                for p in doc["off_topic"][lang]:
                    phrases.append(p); owners.append(OFF)
            continue
        texts = [doc["title"]["en"], doc["title"]["zh"]]
        for key in ("prompts", "examples"):
            for lang in ("en", "zh"):
                texts += (doc.get(key) or {}).get(lang) or []
        for t in texts:
            phrases.append(t); owners.append(doc["id"])
    return phrases, owners


def tokens(text):
    """Words plus CJK character bigrams, as BM25 needs for Chinese."""
    text = text.lower()
    out = re.findall(r"[a-z0-9]+", text)
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        out += [run[i:i + 2] for i in range(len(run) - 1)] or [run]
    return out


def outcome(expect, label):
    if label is None:
        return "abstain"
    if label == expect:
        return "right"
    return "wrong"


def summarise(cases, labels):
    ins = [(c, l) for c, l in zip(cases, labels) if c["expect"] != OFF]
    outs = [(c, l) for c, l in zip(cases, labels) if c["expect"] == OFF]
    right = sum(1 for c, l in ins if l == c["expect"]) / max(1, len(ins))
    wrong = sum(1 for c, l in ins if l not in (None, OFF, c["expect"])) / max(1, len(ins))
    unrelated = sum(1 for c, l in outs if l not in (None, OFF)) / max(1, len(outs))
    return right, wrong, unrelated


def threshold_labels(best, threshold):
    return [lab if score >= threshold else None for lab, score in best]


def tune(cases, best, grid):
    def value(t):
        r, w, u = summarise(cases, threshold_labels(best, t))
        return r - w - u
    return max(grid, key=value)


def main(files):
    phrases, owners = load_kb()
    sets = {f: yaml.safe_load(open(f, encoding="utf-8")) for f in files}
    dev = sets[files[0]]
    bm25 = BM25Okapi([tokens(p) for p in phrases])
    scorers = {
        "rapidfuzz WRatio": lambda q: process.extractOne(q, phrases, scorer=fuzz.WRatio, processor=utils.default_process),
        "rapidfuzz token_set_ratio": lambda q: process.extractOne(q, phrases, scorer=fuzz.token_set_ratio, processor=utils.default_process),
    }

    def bm25_best(q):
        scores = bm25.get_scores(tokens(q))
        i = max(range(len(scores)), key=scores.__getitem__)
        return (phrases[i], scores[i], i)

    scorers["BM25 (words + CJK bigrams)"] = bm25_best
    rows = []
    for name, fn in scorers.items():
        def run(cases):
            t0 = time.perf_counter()
            best = []
            for c in cases:
                _, score, i = fn(c["text"])
                best.append((owners[i], score))
            return best, (time.perf_counter() - t0) / len(cases)
        dev_best, _ = run(dev)
        top = max(s for _, s in dev_best) or 1
        grid = [top * k / 100 for k in range(0, 101, 2)]
        t = tune(dev, dev_best, grid)
        for f, cases in sets.items():
            best, per = run(cases)
            r, w, u = summarise(cases, threshold_labels(best, t))
            rows.append((name, os.path.basename(f), r, w, u, per))
    exe = os.path.join(ROOT, "target", "release", "kyc-triage")
    for f, cases in sets.items():
        text = "\n".join(c["text"].replace("\n", " ") for c in cases) + "\n"
        t0 = time.perf_counter()
        out = subprocess.run([exe, "ask", "--json", "--batch"], input=text.encode(), capture_output=True, check=True)
        per = (time.perf_counter() - t0) / len(cases)  # includes process start and KB load
        labels = []
        for line in out.stdout.decode().splitlines():
            d = json.loads(line)
            labels.append(d["scenario"] if d["decision"] in ("answer", "escalate") and d["scenario"] else (OFF if d["decision"] == "ignore" else None))
        r, w, u = summarise(cases, labels)
        rows.append(("kyc-triage", os.path.basename(f), r, w, u, per))
    print(f"| matcher | set | in-scope right | in-scope wrong | unrelated answered | time/message |")
    print(f"|---|---|---|---|---|---|")
    for name, f, r, w, u, per in rows:
        print(f"| {name} | {f} | {r:.1%} | {w:.1%} | {u:.1%} | {per * 1e6:.0f} µs |")


if __name__ == "__main__":
    main(sys.argv[1:] or [os.path.join(ROOT, "tests/eval/dev.yaml"), os.path.join(ROOT, "tests/eval/holdout.yaml")])
