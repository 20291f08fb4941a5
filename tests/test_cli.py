"""The command line, as staff and the scorer use it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str = "", env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=120,
    )


def test_knowledge_check_passes_on_the_shipped_data():
    done = run("knowledge", "check")
    assert done.returncode == 0, done.stdout
    assert "ok: 36 services" in done.stdout
    assert "warning" in done.stdout  # the head-office address to review, old facts


def test_knowledge_check_fails_on_broken_data(kb_copy):
    (kb_copy / "helplines.yaml").write_text("helplines:\n  - id: x\n    number: abc\n", encoding="utf-8")
    done = run("knowledge", "check", str(kb_copy))
    assert done.returncode == 1
    assert "helplines.yaml:3 x.number: 'abc' is not a Luxembourg or international phone number" in done.stdout


def test_knowledge_export_json_and_hsds():
    data = json.loads(run("knowledge", "export").stdout)
    assert {"services", "places", "helplines", "partners"} <= set(data)
    assert len(data["services"]) == 36 and data["services"][0]["examples"]["fr"]
    adem = next(p for p in data["partners"] if p["id"] == "adem-job-seekers")
    assert adem["phones"] == [] and "247-88888" in adem["review"][0]["note"]
    hsds = json.loads(run("knowledge", "export", "--format", "hsds").stdout)
    central = next(s for s in hsds["services"] if s["id"] == "inter-actions")
    assert central["phones"][0]["number"] == "+352 49 26 60" and central["email"] == "inter-actions@inter-actions.lu"


def test_ask_json_contract():
    done = run("ask", "--json", stdin="où aide aux dettes?\ngeo:49.5860,6.1210\njeveux mourir\n")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["kind"] for r in lines] == ["answer", "nearest", "emergency"]
    assert lines[0]["services"][0] == "surendettement" and lines[1]["services"][0] == "mj-gasperich"
    assert all({"lang", "kind", "services", "confidence"} <= set(r) for r in lines)


def test_chat_reads_stdin_and_exits_at_the_end():
    done = run("chat", stdin="où aide aux dettes?\nmaison des jeunes\n/location 49.586 6.121\n")
    assert done.returncode == 0
    assert "+352 49 26 60" in done.stdout and "Gasperich" in done.stdout


def test_run_without_token_is_a_one_line_error(tmp_path):
    done = run("run", env={"TELEGRAM_BOT_TOKEN": ""}, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: TELEGRAM_BOT_TOKEN is not set (see .env.example)"


def test_run_with_malformed_token_is_a_one_line_error(tmp_path):
    done = run("run", env={"TELEGRAM_BOT_TOKEN": "not-a-token"}, cwd=tmp_path)
    assert done.returncode == 2 and "not-a-token" not in done.stderr
    assert done.stderr.strip().startswith("error: TELEGRAM_BOT_TOKEN is malformed")


def test_qr_code_for_a_poster(tmp_path):
    done = run("qr", "surendettement", "--bot-username", "hellef_bot", "-o", str(tmp_path / "q.png"))
    assert done.returncode == 0 and "https://t.me/hellef_bot?start=surendettement" in done.stdout
    assert (tmp_path / "q.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ask_json_conversations_carry_the_chat_and_an_empty_line_starts_a_new_one():
    done = run(
        "ask", "--json", "--conversations", stdin="maison des jeunes à Bonnevoie ?\net à Gasperich ?\n\nà Gasperich ?\n"
    )
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(replies) == 3  # one object per non-empty line
    assert replies[1]["services"][0] == "mj-gasperich"  # the youth-house topic carried to the follow-up
    assert replies[2]["topic"] != "youth"  # a new chat: nothing pending
    assert all(r["helplines"] is False for r in replies)


def test_ask_json_without_conversations_keeps_lines_independent():
    done = run("ask", "--json", stdin="maison des jeunes à Bonnevoie ?\nà Gasperich ?\n")
    second = json.loads(done.stdout.splitlines()[1])
    assert second["topic"] != "youth"


def test_ask_into_a_closed_pipe_exits_cleanly():
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    reader = f"{sys.executable} -m bot ask --json | head -1"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", reader],
        input="où aide aux dettes?\n" * 3000,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.stdout.count("\n") == 1 and '"surendettement"' in done.stdout
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
    assert done.returncode == 0


def test_train_keeps_the_models_and_a_later_start_loads_them_without_training(tmp_path):
    models = tmp_path / "models"
    trained = run("train", env={"MODEL_DIR": str(models), "DATA_DIR": str(tmp_path / "data")}, cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    kept = list(models.glob("models-*.npz"))
    assert len(kept) == 1 and str(kept[0]) in trained.stdout
    probe = "import sys; from bot.__main__ import main; main(['train']); print('sklearn' in sys.modules)"
    again = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "MODEL_DIR": str(models)},
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith("False")  # loaded, not trained: scikit-learn never imported


def test_train_reports_a_folder_it_cannot_write(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    done = run("train", env={"MODEL_DIR": str(blocked / "models")}, cwd=tmp_path)
    assert done.returncode == 1
    assert "could not be kept" in done.stderr
