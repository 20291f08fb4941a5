"""libyaml reads the knowledge base (fast); the pure-Python parser words the errors. Both must see the same."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import knowledge
from knowledge import yamlsource

FILES = sorted(Path(knowledge.DEFAULT_DIR).rglob("*.yaml"))


def _same(fast, slow) -> None:
    assert type(fast) is type(slow)
    if isinstance(fast, dict):
        assert (fast.line, fast.key_lines, list(fast)) == (slow.line, slow.key_lines, list(slow))
        for key in fast:
            _same(fast[key], slow[key])
    elif isinstance(fast, list):
        assert (fast.line, fast.item_lines) == (slow.line, slow.item_lines)
        for a, b in zip(fast, slow, strict=True):
            _same(a, b)
    else:
        assert fast == slow


@pytest.mark.skipif(yamlsource._Fast is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", FILES[:: max(1, len(FILES) // 8)], ids=lambda p: p.name)
def test_libyaml_reads_the_same_values_and_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _same(yaml.load(text, Loader=yamlsource._Fast), yaml.load(text, Loader=yamlsource._Loader))


def test_a_syntax_error_is_worded_by_the_pure_python_parser(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    with pytest.raises(yamlsource.YamlError) as caught:
        yamlsource.read_yaml(broken)
    assert caught.value.line == 2 and "expected ',' or ']'" in caught.value.message
