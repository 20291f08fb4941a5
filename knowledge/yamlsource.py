"""Read YAML the way staff edits need: every mapping and list remembers its line, duplicate keys are errors.

PyYAML silently keeps the last of two duplicate keys, so a staff member's edit could vanish without a word; here
it is reported with both lines instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class YamlError(Exception):
    """A file that is not valid YAML, with the line where the parser stopped."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows the line of itself and of each of its items (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    """SafeLoader building LineDict/LineList and refusing duplicate keys."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {result.key_lines[key]}); the first value would be lost",
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

# libyaml's parser, where PyYAML has it, reads the knowledge base several times faster (its corpora are thousands
# of lines); the pure-Python one is the fallback, and words the syntax errors staff read.
_Fast: type | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _Fast(yaml.CSafeLoader):  # type: ignore[no-redef]
        """The same constructors on libyaml's parser."""

    _Fast.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _Fast.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; raise YamlError naming the file and line on any syntax problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(path, 1, f"not UTF-8 text ({exc.reason})") from exc
    except FileNotFoundError as exc:
        raise YamlError(path, 1, "file missing") from exc
    except OSError as exc:
        raise YamlError(path, 1, f"cannot read the file ({exc.strerror})") from exc
    if _Fast is not None:
        try:
            return yaml.load(text, Loader=_Fast)
        except yaml.YAMLError:
            pass  # read again below, for the message
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(path, line, f"YAML syntax error: {problem}") from exc
    except yaml.YAMLError as exc:
        raise YamlError(path, 1, f"YAML error: {exc}") from exc
