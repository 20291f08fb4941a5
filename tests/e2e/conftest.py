"""End-to-end: the real bot process, over real HTTP on 127.0.0.1, against the fake Bot API server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import seed_models
from tests.e2e.fake_bot_api import FakeBotApi

TOKEN = "123456789:AAE2e-test-token-abcdefghijklmnop"
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BotProcess:
    """`python -m bot run` with its own environment; stderr (the log) kept in a file."""

    def __init__(self, tmp: Path, api: FakeBotApi, models: Path | None = None, **env: str) -> None:
        """`models`: trained models to start with (tests.conftest.model_store), as after a first start."""
        if models is not None:
            seed_models(models, tmp / "data")
        self.log_path = tmp / "bot.log"
        self.env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "DATA_DIR": str(tmp / "data"),
            "LOG_LEVEL": "DEBUG",
            "ADMIN_CHAT_IDS": "1",
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.tmp = tmp
        self.proc: subprocess.Popen | None = None

    def start(self) -> BotProcess:
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=self.tmp,
                env=self.env,
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
            )
        return self

    def stop(self, sig: int = signal.SIGINT) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        return self.proc.returncode

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


def wait_until(predicate, timeout: float = 20.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


@pytest.fixture(scope="module")
def api():
    server = FakeBotApi(token=TOKEN).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bot(api, tmp_path_factory, model_store):
    process = BotProcess(tmp_path_factory.mktemp("bot"), api, model_store).start()
    assert wait_until(lambda: "getUpdates" in api.calls, 30), process.log()[-3000:]
    yield process
    process.stop()
