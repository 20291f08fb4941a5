"""Shared fixtures: the shipped knowledge and engine are built once per test session (they are immutable)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import knowledge
from bot.core.engine import Engine

KNOWLEDGE_DIR = Path(knowledge.__file__).resolve().parent
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def kb() -> knowledge.Knowledge:
    return knowledge.load(KNOWLEDGE_DIR, today=TODAY)


@pytest.fixture(scope="session")
def engine(kb) -> Engine:
    return Engine(kb)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge, to break on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target
