#!/usr/bin/env python3
"""How many messages of tests/data/pasted_personal_data.tsv reach the
database (or stdout/stderr) with their personal data, through `chat`.

    python3 tests/data/measure_pasted.py target/debug/kyc-triage [CORPUS.tsv]

Each message goes to a fresh database as one `chat` line (a message with a
line break is two lines, as a terminal would send it); then every text
column of every table, and the program's stdout and stderr (RUST_LOG=debug),
are searched for the secret, verbatim or undisguised (NFKC, Chinese
numerals, %XX, separators removed), as tests/support/pasted.rs does.
"""
import os, re, sqlite3, subprocess, sys, tempfile, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

def unescape(s):
    return re.sub(r"\\(x[0-9a-f]{2}|.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), chr(int(m.group(1)[1:], 16)) if m.group(1).startswith("x") and len(m.group(1)) == 3 else m.group(1)), s)

def undisguised(t):
    t = re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)) if 32 <= int(m.group(1), 16) < 127 else m.group(0), t)
    t = unicodedata.normalize("NFKC", t)
    out = []
    for c in t:
        if c in "〇一二三四五六七八九":
            out.append(str("〇一二三四五六七八九".index(c)))
        elif c == "×":
            out.append("X")
        elif c.isspace() or unicodedata.category(c) == "Cc" or c in ".-/_":
            continue
        else:
            out.append(c)
    return "".join(out)

def survives(secret, text):
    return secret in text or undisguised(secret) in undisguised(text)

def stored_text(db):
    con = sqlite3.connect(db)
    out = []
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'"):
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[2].upper() == "TEXT"]
        for col in cols:
            out += [v for (v,) in con.execute(f"SELECT {col} FROM {table}") if v]
    con.close()
    return "\n".join(out)

def main(binary, corpus):
    cases = []
    for line in open(corpus, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        secret, message = line.rstrip("\n").split("\t", 1)
        cases.append((None if secret == "-" else unescape(secret), unescape(message)))
    leaked_db = leaked_out = touched = 0
    for secret, message in cases:
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "kyc.db")
            cfg = os.path.join(d, "kyc.toml")
            open(cfg, "w").write(f'[store]\npath = "{db}"\n\n[knowledge]\ndir = "{ROOT}/knowledge"\n')
            p = subprocess.run([binary, "--config", cfg, "chat", "--user", "tester"],
                               input=(message + "\nn\n").encode(), capture_output=True,
                               env={**os.environ, "RUST_LOG": "debug"}, timeout=60)
            if p.returncode != 0:
                sys.exit(f"chat failed on {message!r}: {p.stderr.decode()}")
            text = stored_text(db)
            out = p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
            if secret is None:
                if undisguised(message) not in undisguised(text):
                    touched += 1
                    print("changed:", repr(message), file=sys.stderr)
                continue
            if survives(secret, text):
                leaked_db += 1
                print("in db:", repr(message), file=sys.stderr)
            if survives(secret, out):
                leaked_out += 1
                print("in output:", repr(message), file=sys.stderr)
    n = sum(1 for s, _ in cases if s is not None)
    print(f"{leaked_db} of {n} messages with personal data reached the database unredacted; "
          f"{leaked_out} reached stdout/stderr; "
          f"{touched} of {len(cases) - n} ordinary messages were changed")

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/debug/kyc-triage"),
         sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "pasted_personal_data.tsv"))
