"""The engine against a simple baseline on the same service rows.

    python benchmarks/eval/baseline.py benchmarks/eval/test1_single.tsv [more.tsv ...]

The baseline is the ten-line classifier of the understanding issue: character n-gram TF-IDF and a logistic
regression, trained on nothing but the example questions and messages of `inter-actions-bot knowledge export`.
Both are judged on the rows that expect a service or a category (svc:/cat:), like ../shared/eval/score.py judges
them; for the engine, conversations are replayed turn by turn, the baseline reads each turn alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))
from score import judge  # noqa: E402  (the scorer's own judgement)


def baseline():
    exported = subprocess.run(
        [sys.executable, "-m", "bot", "knowledge", "export"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    services = json.loads(exported.stdout)["services"]
    # The bot's own training text: the examples and, since they exist, knowledge/messages (what the engine's
    # learned model reads too), so that the two learn from the same data.
    texts = [t for s in services for part in ("examples", "messages") for ts in s[part].values() for t in ts]
    labels = [s["id"] for s in services for part in ("examples", "messages") for ts in s[part].values() for _ in ts]
    model = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        LogisticRegression(max_iter=2000, C=10),
    )
    return model.fit(texts, labels)


def engine_replies(path: Path, rows: list[dict]) -> list[dict]:
    conversations = "conv" in rows[0]
    cmd = [sys.executable, "-m", "bot", "ask", "--json", *(["--conversations"] if conversations else [])]
    lines, previous = [], None
    for row in rows:
        if conversations and previous is not None and row["conv"] != previous:
            lines.append("")
        lines.append(row["text"])
        previous = row.get("conv")
    done = subprocess.run(cmd, input="\n".join(lines) + "\n", capture_output=True, text=True, check=True, cwd=ROOT)
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", type=Path)
    args = parser.parse_args()
    model = baseline()
    print(f"{'set':34} {'rows':>5} {'engine':>8} {'baseline':>9} {'either':>7}")
    for path in args.sets:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        replies = engine_replies(path, rows)
        judged = [
            (row, reply)
            for row, reply in zip(rows, replies, strict=True)
            if row["expected"].split(":")[0] in ("svc", "cat") and not row["text"].startswith("geo:")
        ]
        guesses = model.predict([row["text"] for row, _ in judged]) if judged else []
        engine = sum(judge(row["expected"], reply) for row, reply in judged)
        base = [
            judge(row["expected"], {"kind": "answer", "services": [g]})
            for (row, _), g in zip(judged, guesses, strict=True)
        ]
        either = sum(judge(row["expected"], reply) or b for (row, reply), b in zip(judged, base, strict=True))
        n = len(judged) or 1
        print(
            f"{path.name:34} {len(judged):>5} {engine / n:>7.1%} {sum(base) / n:>8.1%} {either / n:>6.1%}"
            f"   ({engine}, {sum(base)}, {either})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
