"""Shared fixtures: the shipped knowledge and engine are built once per test session (they are immutable)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

import knowledge
from bot.core.engine import Engine

KNOWLEDGE_DIR = Path(knowledge.__file__).resolve().parent
ROOT = KNOWLEDGE_DIR.parent
TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="session")
def kb() -> knowledge.Knowledge:
    return knowledge.load(KNOWLEDGE_DIR, today=TODAY)


@pytest.fixture(scope="session")
def model_store(tmp_path_factory, kb) -> Path:
    """The learned models trained once for the session; tests that start a bot copy them (seed_models).
    HELLEF_MODEL_CACHE names a folder kept between sessions (mutation testing runs the suite hundreds of times)."""
    kept = os.environ.get("HELLEF_MODEL_CACHE")
    store = Path(kept) if kept else tmp_path_factory.mktemp("models")
    if not kept:
        # `make` trains the models once at install (data/models); they are named by a hash of everything they are
        # trained from, so a copy is loaded only if it fits today's knowledge, and trained anew otherwise.
        _copy_models(ROOT / "data" / "models", store)
    Engine(kb, model_store=store)
    return store


def _copy_models(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for path in (*source.glob("models-*.npz"), *source.glob("readings-*.txt")):
        shutil.copy(path, target / path.name)


def seed_models(store: Path, data_dir: Path) -> None:
    """Put the session's trained models where a bot with this DATA_DIR looks for them (as after a first start)."""
    _copy_models(store, data_dir / "models")


@pytest.fixture
def trained_data_dir(tmp_path: Path, model_store: Path) -> Path:
    """A DATA_DIR holding the session's trained models: a bot started on it loads them instead of training."""
    seed_models(model_store, tmp_path / "data")
    return tmp_path / "data"


@pytest.fixture(scope="session")
def engine(kb, model_store) -> Engine:
    return Engine(kb, model_store=model_store)


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge, to break on purpose."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the whole session (started by the suite, stopped at the end).

    Its folder is not under pytest's own temporary folder: that one is private to root, and pgserver runs the
    server as its own system user when the tests run as root.
    """
    import tempfile

    from tests.pg import Postgres

    folder = Path(tempfile.mkdtemp(prefix="hellef-pg-"))
    folder.chmod(0o755)
    server = Postgres(folder / "data")
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_url(postgres) -> str:
    return postgres.new_database()
