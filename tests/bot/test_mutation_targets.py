"""Exact behaviour of the small pieces under mutation testing (make mutation): the per-chat limit's arithmetic,
the renderer's output, the log filters' edges."""

from __future__ import annotations

import logging

import pytest

from bot.core.reply import Button, Card, PhoneLine, Phones, Reply, Text
from bot.core.state import ChatState
from bot.logsafe import NetworkErrorsInOneLine, NoUpdateContent, RedactFilter
from handlers.render import (
    block_text,
    card_html,
    card_text,
    html_to_text,
    phones_html,
    reply_html_messages,
    reply_text,
)
from handlers.runtime import ChatRateLimiter

PHONE = PhoneLine(label="Accueil", number="49 26 60", dial="+35249266", note="lun-ven")
SHORT = PhoneLine(label="SOS", number="113", dial="113")


@pytest.mark.parametrize(
    ("this", "last", "second", "verdict"),
    [
        (3, 0, 0, "ok"),  # exactly the limit
        (4, 0, 0, "notice"),  # the first one over
        (5, 0, 0, "drop"),
        (1, 3, 0, "notice"),  # at the start of a minute the whole last one still counts
        (2, 2, 30, "ok"),  # half-way, half of it: 2 + 1 = 3
        (2, 3, 30, "notice"),  # 2 + 1.5 = 3.5: over, by less than one update
        (3, 3, 30, "drop"),  # 3 + 1.5 = 4.5
        (1, 100, 59.9, "ok"),  # 1 + 100 / 600
        (3, 6, 59.99, "notice"),  # a sliver of the last minute still counts
    ],
)
def test_the_sliding_minute(this, last, second, verdict):
    assert ChatRateLimiter(per_minute=3).verdict(this, last, 600 * 60 + second) == verdict


def test_card_html_in_full():
    card = Card(
        service_id="x",
        title="T & co",
        description="D",
        lines=("l1", "l2"),
        address="5, rue <Kiem>",
        phones=(PHONE, SHORT),  # phones travel in their own block (Phones), not in the card
        email="a@b.lu",
        url="https://www.inter-actions.lu/",
    )
    assert card_html(card) == "\n".join(
        [
            "<b>T &amp; co</b>",
            "D",
            "• l1",
            "• l2",
            "📍 5, rue &lt;Kiem&gt;",
            "✉️ a@b.lu",
            '🌐 <a href="https://www.inter-actions.lu/">www.inter-actions.lu</a>',
        ]
    )
    assert card_html(Card(service_id="x", title="T", description="D")) == "<b>T</b>\nD"


def test_phones_html_and_text():
    block = Phones(lines=(PHONE, SHORT))
    assert phones_html(block) == "📞 <b>49 26 60</b> Accueil — lun-ven\n📞 <b>113</b> SOS"
    assert block_text(block) == "  49 26 60 Accueil (lun-ven)\n  113 SOS"
    local = PhoneLine(label="L", number="49 26 60", dial="49266000")  # a full number written without +352
    assert phones_html(Phones(lines=(local,))) == "📞 <b>49266000</b> L"


def test_card_text_in_full():
    card = Card(
        service_id="x",
        title="Titre",
        description="D",
        lines=("l",),
        address="A",
        phones=(PHONE,),
        email="e@x.lu",
        url="https://x.lu",
    )
    assert card_text(card) == "TITRE\nD\n  - l\n  📍 A\n  ✉️ e@x.lu\n  🌐 https://x.lu"


def reply(*blocks, **fields) -> Reply:
    return Reply(kind="info", lang="fr", state=ChatState(), blocks=tuple(blocks), **fields)


def test_long_replies_are_split_between_blocks_within_the_limit():
    blocks = [Text("a" * 10), Text("b" * 10), Text("c" * 10)]
    assert reply_html_messages(reply(*blocks), limit=22) == ["a" * 10 + "\n\n" + "b" * 10, "c" * 10]
    assert reply_html_messages(reply(*blocks), limit=21) == ["a" * 10, "b" * 10, "c" * 10]
    assert reply_html_messages(reply(Text("x" * 30)), limit=25) == ["x" * 25]
    assert reply_html_messages(reply()) == [""]
    assert reply_html_messages(reply(Text("<&>"))) == ["&lt;&amp;&gt;"]


def test_reply_text_numbers_the_buttons():
    r = reply(Text("a"), Text("b"), buttons=((Button("x", "t:x"), Button("y", "t:y")), (Button("z", "t:z"),)))
    assert reply_text(r) == "a\n\nb\n\n  [1] x\n  [2] y\n  [3] z"
    assert reply_text(reply(Text("a"))) == "a"


def test_html_to_text():
    assert html_to_text('<b>a &amp; b</b> <a href="x">c</a>') == "a & b c"


def record(name: str, msg: str, *args, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord(name, logging.INFO, __file__, 1, msg, args, exc_info)


def test_update_content_filter_keeps_numbers_and_words_only_for_telegram_records():
    f = NoUpdateContent()
    r = record(
        "telegram.ext.Application",
        "%s %s %s %s %s %s %s",
        12,
        1.5,
        None,
        True,
        "sendMessage",
        "two words",
        ValueError("ma dette"),
    )
    assert f.filter(r) is True
    assert r.getMessage() == "12 1.5 None True sendMessage [removed] ValueError"
    r = record("telegram", "%s", "a" * 65)
    f.filter(r)
    assert r.getMessage() == "[removed]"
    r = record("hellef.updates", "%s", "two words")
    f.filter(r)
    assert r.getMessage() == "two words"  # our own records are built without text in the first place


def test_network_errors_from_other_loggers_keep_their_traceback():
    try:
        raise ValueError("boom")
    except ValueError as exc:
        r = record("hellef.x", "failed", exc=exc)
    NetworkErrorsInOneLine().filter(r)
    assert r.exc_info is not None and r.getMessage() == "failed"


def test_redaction_replaces_each_secret_and_keeps_the_rest():
    f = RedactFilter(["s3cr3t", ""])
    r = record("x", "a %s b %s", "s3cr3t", "s3cr3t")
    f.filter(r)
    assert r.getMessage() == "a [REDACTED] b [REDACTED]" and r.args is None


def test_a_token_in_a_message_or_a_traceback_is_replaced_by_the_marker():
    token = "123456789:AAFakeTokenFakeTokenFakeTokenFake12345"
    f = RedactFilter([])
    r = record("x", f"url /bot{token}/getMe")
    f.filter(r)
    assert "[REDACTED]" in r.getMessage() and token not in r.getMessage()
    try:
        raise RuntimeError(f"bad {token}")
    except RuntimeError:
        import sys

        r = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, sys.exc_info())
    r.exc_text = logging.Formatter().formatException(r.exc_info)
    f.filter(r)
    assert "[REDACTED]" in r.exc_text and token not in r.exc_text


def test_where_lists_each_chained_exception_with_its_frames_and_no_message():
    from bot.logsafe import where

    def inner() -> None:
        raise KeyError("the person's words")

    try:
        try:
            inner()
        except KeyError as exc:
            raise ValueError("more words") from exc
    except ValueError as error:
        text = where(error)
    first, cause = text.split("\n caused by ")
    assert first.startswith("builtins.ValueError\n  at tests/bot/test_mutation_targets.py:")
    assert cause.startswith("builtins.KeyError\n  at tests/bot/test_mutation_targets.py:")
    assert "in inner" in cause and "words" not in text


def test_where_follows_an_exception_raised_while_handling_another():
    from bot.logsafe import where

    try:
        try:
            raise KeyError("a")
        except KeyError:
            raise TypeError("b")  # noqa: B904  (the implicit context is what this checks)
    except TypeError as error:
        assert where(error).count(" caused by ") == 1


def test_a_frame_outside_the_project_is_named_from_its_package():
    from bot.logsafe import _short

    assert _short("/usr/lib/python3/site-packages/telegram/ext/_application.py") == "telegram/ext/_application.py"
    assert _short("/somewhere/else/module.py") == "module.py"


def test_console_text_shows_the_header_the_reach_a_listing_and_the_location_question():
    from bot.core.reply import Listing, LocationRequest

    card = Card(service_id="s", title="Dettes", description="Conseil.", reach="📞 49 26 60")
    reply = Reply(
        kind="answer",
        lang="fr",
        state=ChatState(),
        blocks=(card, Listing("Près de vous :", ("MJ Gare — 1 km", "MJ Grund — 2 km"))),
        header="⚠️ 112",
        location=LocationRequest(text="Où êtes-vous ?", button="📍", text_only="Écrivez le lieu"),
    )
    assert reply_text(reply) == (
        "⚠️ 112\n\nDETTES — 📞 49 26 60\nConseil.\n\nPrès de vous :\n  - MJ Gare — 1 km\n  - MJ Grund — 2 km"
        "\n\nOù êtes-vous ?  (/location LAT LON)"
    )


def test_short_urls_drop_only_the_scheme_and_the_last_slash():
    from handlers.render import _short_url

    assert _short_url("https://www.kjt.lu/") == "www.kjt.lu"
    assert _short_url("https://a.lu/next?u=http://b.lu/") == "a.lu/next?u=http://b.lu"
    assert _short_url("kjt.lu") == "kjt.lu"
