"""One prompt file per blind writer of a round, and the two brief files they may read.

    python -m benchmarks.eval.brief.prompts OUT_DIR ROUND SEALED_DIR [--kinds single crisis conv] [--writers abcd]
                                            [--seed 4500]

Writes OUT_DIR/common.md (this folder's, its title's round set to ROUND), OUT_DIR/tasks.md and OUT_DIR/KIND_W.txt for
each kind and writer: what to write (single: 90 rows, 18 per language; crisis: 65 rows, 40 emergencies and 25
near-misses; conv: 12 chats with ids W01..W12), the people and places of that writer (drawn from people.yaml, other
ones for each writer), and the file to write, SEALED_DIR/KIND_W.tsv. Give each helper only: "Read the file
OUT_DIR/KIND_W.txt and follow its instructions exactly. Do not open any other file except the two it names." Keep
OUT_DIR and SEALED_DIR outside the repository: the writers must see nothing of it.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

TASKS = {
    "single": "Write the SINGLE format (see tasks.md): exactly 90 rows after the header, 18 in each language "
    "(fr, lb, de, en, pt).",
    "crisis": "Write the CRISIS format (see tasks.md): exactly 65 rows after the header: 40 emergencies (exactly 4 of "
    "each of the ten types, spread over the five languages) and 25 near-misses (about 4 of each of the six near-miss "
    "types, spread over the languages).",
    "conv": "Write the CONVERSATIONS format (see tasks.md): exactly 12 conversations of 4 to 7 turns, ids {w}01 to "
    "{w}12, about two or three per language plus some that switch language.",
}
CHECK = "import csv;r=list(csv.reader(open('{target}'),delimiter='\\t'));print(len(r)-1,set(len(x) for x in r))"

PROMPT = """You are a writer of a blind evaluation set ({round}, {kind}, writer {writer}).
Read exactly two files: {out}/common.md and {out}/tasks.md. Do not open, list or search any other file or directory.

{task}

Write the people below (and others like them) and use these places among others:
People: {people}.
Places: {places}.

Write the file {target} (TSV, UTF-8, header first, exactly the columns of the format, no tab inside a text).
Then check it with: python3 -c "{check}"
Reply only with the row count when done. Do not show the messages in your reply.
"""


def write(out: Path, round_name: str, sealed: Path, kinds: list[str], writers: str, seed: int) -> list[Path]:
    """The brief's two files and one prompt per kind and writer, in `out`; the prompts' paths."""
    out.mkdir(parents=True, exist_ok=True)
    common = re.sub(r"\([a-z-]*round-\d+\)", f"({round_name})", (HERE / "common.md").read_text(encoding="utf-8"))
    (out / "common.md").write_text(common, encoding="utf-8")
    (out / "tasks.md").write_text((HERE / "tasks.md").read_text(encoding="utf-8"), encoding="utf-8")
    pool = yaml.safe_load((HERE / "people.yaml").read_text(encoding="utf-8"))
    prompts = []
    for n, (kind, writer) in enumerate(((k, w) for k in kinds for w in writers), start=seed + 1):
        draw, target = random.Random(n), sealed / f"{kind}_{writer}.tsv"
        text = PROMPT.format(
            round=round_name,
            kind=kind,
            writer=writer,
            out=out,
            task=TASKS[kind].format(w=writer),
            people="; ".join(draw.sample(pool["personas"], 6)),
            places=", ".join(draw.sample(pool["places"], 10)),
            target=target,
            check=CHECK.format(target=target),
        )
        path = out / f"{kind}_{writer}.txt"
        path.write_text(text, encoding="utf-8")
        prompts.append(path)
    return prompts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("round")
    parser.add_argument("sealed", type=Path)
    parser.add_argument("--kinds", nargs="+", default=list(TASKS), choices=list(TASKS))
    parser.add_argument("--writers", default="abcd")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for path in write(args.out, args.round, args.sealed, args.kinds, args.writers, args.seed):
        print(path)


if __name__ == "__main__":
    main()
