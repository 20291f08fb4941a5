"""QR codes of deep links to a service, for posters and leaflets."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import segno

import knowledge

USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")


def deep_link(bot_username: str, service_id: str) -> str:
    return f"https://t.me/{bot_username}?start={service_id}"


def write_qr(service_id: str, bot_username: str | None, output: Path | None, knowledge_dir: str | None) -> int:
    username = (bot_username or os.environ.get("BOT_USERNAME", "")).lstrip("@")
    if not USERNAME.match(username):
        print("error: give the bot's username with --bot-username (or BOT_USERNAME)", file=sys.stderr)
        return 2
    kb = knowledge.load(knowledge_dir)
    if not kb.has_service(service_id):
        print(f"error: unknown service id {service_id!r}", file=sys.stderr)
        return 2
    target = output or Path(f"qr-{service_id}.png")
    link = deep_link(username, service_id)
    segno.make(link, error="m").save(target, scale=10, border=4)
    print(f"{target}: {link}")
    return 0
