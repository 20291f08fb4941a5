"""The hash of the knowledge files: the engine keeps readings under it, so any change of a file must change it."""

from __future__ import annotations

import knowledge
from tests.conftest import TODAY


def test_the_same_files_give_the_same_digest_and_any_change_another(kb_copy) -> None:
    first = knowledge.load(kb_copy, today=TODAY).digest
    assert len(first) == 64 and knowledge.load(kb_copy, today=TODAY).digest == first
    corpus = next((kb_copy / "crisis_corpus").glob("*.yaml"))
    corpus.write_text(corpus.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    changed = knowledge.load(kb_copy, today=TODAY).digest
    assert changed != first
    (kb_copy / "spelling" / "extra.txt").write_text("moien\n", encoding="utf-8")
    assert knowledge.load(kb_copy, today=TODAY).digest not in (first, changed)


def test_knowledge_built_in_code_has_no_digest(kb) -> None:
    from dataclasses import replace

    assert kb.digest and replace(kb, digest="").digest == ""
    assert replace(kb, digest="") == kb  # the digest says where it came from, not what it is
