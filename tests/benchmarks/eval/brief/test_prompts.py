"""The blind writers' prompts: what each is told to read and write, and that no two get the same people."""

from __future__ import annotations

from pathlib import Path

from benchmarks.eval.brief.prompts import write


def test_each_writer_gets_its_own_people_the_brief_and_a_sealed_file_to_write(tmp_path: Path) -> None:
    out, sealed = tmp_path / "prompts", tmp_path / "sealed"
    paths = write(out, "round-99", sealed, ["single", "conv"], "ab", seed=7)
    assert [p.name for p in paths] == ["single_a.txt", "single_b.txt", "conv_a.txt", "conv_b.txt"]
    assert "(round-99)" in (out / "common.md").read_text() and (out / "tasks.md").exists()
    texts = [p.read_text() for p in paths]
    assert f"{out}/common.md and {out}/tasks.md" in texts[0]
    assert f"Write the file {sealed}/single_a.tsv" in texts[0] and "ids b01 to b12" in texts[3]
    people = [next(line for line in t.splitlines() if line.startswith("People:")) for t in texts]
    assert len(set(people)) == 4
    assert write(out, "round-99", sealed, ["single"], "a", seed=7)[0].read_text() == texts[0]  # the same seed: the same
