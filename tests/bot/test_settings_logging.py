"""Settings, log redaction and the staff report."""

from __future__ import annotations

import logging

import pytest

from bot.logsafe import NetworkErrorsInOneLine, RedactFilter
from bot.settings import SettingsError, load_settings
from bot.unanswered import group, report

TOKEN = "123456789:AAHsecretsecretsecretsecret_xyz"


def test_settings_from_environment_and_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(f'TELEGRAM_BOT_TOKEN="{TOKEN}"\nADMIN_CHAT_IDS=1, 2\n# comment\nDEFAULT_LANGUAGE=lb\n')
    settings = load_settings({"LOG_LEVEL": "debug"}, dotenv)
    assert settings.token == TOKEN and settings.admin_chat_ids == {1, 2}
    assert settings.default_language == "lb" and settings.log_level == "DEBUG"
    assert TOKEN not in repr(settings)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "abc"}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_MODE": "push"}, "BOT_MODE must be polling or webhook"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "BOT_MODE": "webhook", "WEBHOOK_URL": "https://x.lu"}, "WEBHOOK_SECRET"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "DEFAULT_LANGUAGE": "it"}, "DEFAULT_LANGUAGE must be one of"),
    ],
)
def test_bad_settings_name_the_setting(tmp_path, env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env, tmp_path / "none")


def record(msg: str, *args, exc: BaseException | None = None, name: str = "x") -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord(name, logging.ERROR, __file__, 1, msg, args, exc_info)


def test_token_is_redacted_from_messages_args_and_tracebacks():
    f = RedactFilter([TOKEN])
    r = record("POST https://api.telegram.org/bot%s/getUpdates", TOKEN)
    f.filter(r)
    assert TOKEN not in r.getMessage() and "[REDACTED]" in r.getMessage()
    try:
        raise RuntimeError(f"url /bot{TOKEN}/x")
    except RuntimeError as exc:
        r = record("boom", exc=exc)
    f.filter(r)
    assert TOKEN not in (r.exc_text or "")


def test_any_token_shaped_string_is_redacted_even_if_unknown():
    r = record("Set Bot API URL: https://api.telegram.org/bot987654321:AAFzzzzzzzzzzzzzzzzzzzzzzzzz")
    RedactFilter([]).filter(r)
    assert "987654321:AAF" not in r.getMessage()


def test_network_errors_are_one_line():
    from telegram.error import NetworkError

    try:
        raise NetworkError("Bad Gateway")
    except NetworkError as exc:
        r = record("Error while getting Updates", exc=exc)
    NetworkErrorsInOneLine().filter(r)
    assert r.exc_info is None and r.getMessage() == "Error while getting Updates (NetworkError: Bad Gateway)"


def test_unanswered_questions_grouped_by_similarity():
    texts = ["pizza quatre fromages", "pizza 4 fromages svp", "horaire du bus 16", "pizza quatre fromages"]
    groups = group(texts)
    assert groups[0][0] == 3 and "pizza" in groups[0][1]
    assert "horaire du bus 16" in report(texts)


SECRET = "webhook-secret-abcdefghijklmnopqrstuvwxyz-0123"


@pytest.fixture
def real_logging():
    """The bot's real logging set-up (its handler, formatter and filters), its stream read back by the test."""
    import io

    from bot.logsafe import setup_logging

    root = logging.getLogger()
    saved = (root.handlers[:], root.level, {n: logging.getLogger(n).level for n in ("telegram", "telegram.ext")})
    setup_logging("DEBUG", [TOKEN, SECRET])
    stream = io.StringIO()
    root.handlers[0].setStream(stream)  # type: ignore[attr-defined]
    yield stream.getvalue
    root.handlers[:], root.level = saved[0], saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def test_the_real_handler_redacts_the_token_in_a_traceback(real_logging):
    try:
        raise RuntimeError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getMe")
    except RuntimeError:
        logging.getLogger("hellef.test").exception("start-up failed")
    out = real_logging()
    assert "start-up failed" in out and "RuntimeError" in out and "Traceback" in out
    assert TOKEN not in out and TOKEN.split(":")[1] not in out and "[REDACTED]" in out


def test_the_real_handler_redacts_the_webhook_secret(real_logging):
    logging.getLogger("hellef.test").warning("webhook header was %s", SECRET)
    out = real_logging()
    assert SECRET not in out and "[REDACTED]" in out


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.ERROR, logging.CRITICAL])
def test_telegram_records_never_carry_what_people_wrote(real_logging, level):
    from telegram import Update

    from bot.local_api import UpdateFactory

    raw = UpdateFactory(chat_id=55).text("ma dette est de 12345 euros")
    logging.getLogger("telegram.ext.Updater").setLevel(logging.DEBUG)
    logger = logging.getLogger("telegram.ext.Updater")
    logger.log(level, "Received data was *not* processed! Received data was: %r", raw)
    logger.log(level, "Processing update %s", Update.de_json(raw, None))
    logger.log(level, "Calling Bot API endpoint `%s` with parameters `%s`", "sendMessage", {"text": "12345"})
    try:
        raise ValueError(f"cannot parse {raw}")
    except ValueError:
        logger.log(level, "unreadable", exc_info=True)
    out = real_logging()
    assert "12345" not in out and "dette" not in out
    assert "Received data was *not* processed!" in out and "sendMessage" in out
    assert "builtins.ValueError" in out and "test_settings_logging.py:" in out  # where, not what
