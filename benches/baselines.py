#!/usr/bin/env python3
"""Compare kyc-triage with off-the-shelf matchers on the same knowledge base.

Every baseline learns from exactly the phrases the engine learns from:
scenario titles, prompts and examples; the off-topic, chatter and advice
lists of _shared.yaml (label `ignore`); and the human-request phrases
(label `human`). Each labels a message with the owner of its best phrase (or
its most probable class) when its score reaches its threshold, and abstains
otherwise. Abstaining counts as a menu on a complaint and as silence on a
no-action message, which is generous to the baselines: the bot's own menus
and escalations count as acting.

Baselines:
- rapidfuzz WRatio and token_set_ratio, BM25 (words + CJK bigrams): the
  threshold that maximises right - wrong - acted-on-chatter on the first
  file given (a tuning split), applied to every file.
- learned: scikit-learn TF-IDF over character 1-4-grams and words,
  multinomial logistic regression (C=30), answering when p >= 0.5 — the
  textbook model issue 7 measured.

    pip install rapidfuzz rank_bm25 pyyaml scikit-learn
    cargo build --release
    python3 benches/baselines.py tests/eval/complaints-tune.yaml tests/eval/channel-tune.yaml

`--exe PATH` compares another kyc-triage binary (e.g. an older build).
"""
import argparse, glob, json, os, re, subprocess, time
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OFF, HUMAN = "ignore", "human"
MISUSE = "id-misuse"


def load_kb():
    phrases, owners = [], []
    for path in sorted(glob.glob(os.path.join(ROOT, "knowledge", "*.yaml"))):
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        if os.path.basename(path) == "_shared.yaml":
            for key, owner in (("off_topic", OFF), ("chatter", OFF), ("advice", OFF), ("human_request", HUMAN)):
                for lang in ("en", "zh"):
                    for p in (doc.get(key) or {}).get(lang) or []:
                        phrases.append(p); owners.append(owner)
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


def is_zh(text):
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    latin = sum(1 for c in text if c.isalpha() and not ("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"))
    return cjk > 0 and cjk * 3 >= latin


def summarise(cases, labels):
    """labels: predicted label per case; None = a baseline abstained, OFF = silent,
    "clarify" = the bot showed a menu (acting, neither right nor wrong)."""
    out = {}
    for lang in ("all", "en", "zh"):
        sel = [(c, l) for c, l in zip(cases, labels) if lang == "all" or (lang == "zh") == is_zh(c["text"])]
        comp = [(c, l) for c, l in sel if c["expect"] != OFF]
        noact = [(c, l) for c, l in sel if c["expect"] == OFF]
        n = max(1, len(comp))
        out[lang] = {
            "complaints": len(comp),
            "right": sum(1 for c, l in comp if l == c["expect"]) / n,
            "wrong": sum(1 for c, l in comp if l not in (None, OFF, HUMAN, "clarify", "escalate", c["expect"])) / n,
            "no_action": len(noact),
            "silent": sum(1 for c, l in noact if l in (None, OFF)) / max(1, len(noact)),
            "misuse": sum(1 for c, l in sel if c["expect"] == MISUSE),
            "misuse_hit": sum(1 for c, l in sel if c["expect"] == MISUSE and l == MISUSE),
            "false_misuse": sum(1 for c, l in sel if c["expect"] != MISUSE and l == MISUSE),
        }
    return out


def value(s):
    a = s["all"]
    return a["right"] - a["wrong"] - (1 - a["silent"])


def learned_scorer(phrases, owners):
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 4), sublinear_tf=True, lowercase=True)
    words = TfidfVectorizer(analyzer=tokens, sublinear_tf=True)
    x = hstack([chars.fit_transform(phrases), words.fit_transform(phrases)]).tocsr()
    model = LogisticRegression(C=30, max_iter=3000)
    model.fit(x, owners)

    def best(q):
        p = model.predict_proba(hstack([chars.transform([q]), words.transform([q])]).tocsr())[0]
        i = p.argmax()
        return model.classes_[i], p[i]
    return best


def engine_labels(exe, cases):
    text = "\n".join(c["text"].replace("\n", " ") for c in cases) + "\n"
    t0 = time.perf_counter()
    out = subprocess.run([exe, "ask", "--json", "--batch"], input=text.encode(), capture_output=True, check=True)
    per = (time.perf_counter() - t0) / len(cases)  # includes process start and training
    labels = []
    for line in out.stdout.decode().splitlines():
        d = json.loads(line)
        if d["decision"] == "escalate" and d.get("reason") == "asked-for-human":
            labels.append(HUMAN)
        elif d["decision"] in ("answer", "escalate") and d["scenario"]:
            labels.append(d["scenario"])
        elif d["decision"] == "ignore":
            labels.append(OFF)
        elif d["decision"] == "escalate":
            labels.append("escalate")  # no scenario: a moderator looks
        else:
            labels.append("clarify")  # a menu: acting, but neither right nor wrong
    return labels, per


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--exe", default=os.path.join(ROOT, "target", "release", "kyc-triage"))
    ap.add_argument("--only-learned", action="store_true", help="skip the slow rapidfuzz/BM25 rows")
    args = ap.parse_args()
    from rapidfuzz import fuzz, process, utils
    from rank_bm25 import BM25Okapi
    phrases, owners = load_kb()
    sets = {f: yaml.safe_load(open(f, encoding="utf-8")) for f in args.files}
    tune_set = sets[args.files[0]]
    scorers = {}
    if not args.only_learned:
        bm25 = BM25Okapi([tokens(p) for p in phrases])

        def fuzzy(scorer):
            def best(q):
                _, score, i = process.extractOne(q, phrases, scorer=scorer, processor=utils.default_process)
                return owners[i], score
            return best

        def bm25_best(q):
            scores = bm25.get_scores(tokens(q))
            i = max(range(len(scores)), key=scores.__getitem__)
            return owners[i], scores[i]
        scorers["rapidfuzz WRatio"] = (fuzzy(fuzz.WRatio), None)
        scorers["rapidfuzz token_set_ratio"] = (fuzzy(fuzz.token_set_ratio), None)
        scorers["BM25 (words + CJK bigrams)"] = (bm25_best, None)
    t0 = time.perf_counter()
    scorers["learned (TF-IDF char 1-4 + words, LR C=30, p>=0.5)"] = (learned_scorer(phrases, owners), 0.5)
    print(f"learned baseline trained in {time.perf_counter() - t0:.2f} s on {len(phrases)} phrases")
    rows = []
    for name, (fn, fixed) in scorers.items():
        def run(cases):
            t0 = time.perf_counter()
            best = [fn(c["text"]) for c in cases]
            return best, (time.perf_counter() - t0) / len(cases)

        def labels(best, t):
            return [lab if score >= t else None for lab, score in best]
        threshold = fixed
        if threshold is None:
            tune_best, _ = run(tune_set)
            top = max(s for _, s in tune_best) or 1
            grid = [top * k / 100 for k in range(0, 101, 2)]
            threshold = max(grid, key=lambda t: value(summarise(tune_set, labels(tune_best, t))))
        for f, cases in sets.items():
            best, per = run(cases)
            rows.append((name, os.path.basename(f), summarise(cases, labels(best, threshold)), per))
    for f, cases in sets.items():
        labs, per = engine_labels(args.exe, cases)
        rows.append(("kyc-triage", os.path.basename(f), summarise(cases, labs), per))
    print("| matcher | set | lang | right | wrong | silent on no-action | misuse | false misuse | time/message |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, f, s, per in rows:
        for lang in ("en", "zh"):
            r = s[lang]
            silent = f"{r['silent']:.1%} of {r['no_action']}" if r["no_action"] else "-"
            print(f"| {name} | {f} | {lang} | {r['right']:.1%} | {r['wrong']:.1%} | {silent} | "
                  f"{r['misuse_hit']}/{r['misuse']} | {r['false_misuse']} | {per * 1e6:.0f} µs |")


if __name__ == "__main__":
    main()
