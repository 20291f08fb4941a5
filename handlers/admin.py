"""Admin commands (/stats, /reload), for ADMIN_CHAT_IDS only; anyone else gets the ordinary help."""

from __future__ import annotations

import asyncio
import time

from telegram import Update
from telegram.ext import ContextTypes

from handlers.commands import help_command
from handlers.runtime import Runtime, runtime


async def stats_text(rt: Runtime, lang: str) -> str:
    def counts(counter) -> str:
        return ", ".join(f"{k} {v}" for k, v in counter.most_common(12)) or "-"

    votes = ", ".join(f"{s}/{lg} {vote}{n}" for s, lg, vote, n in (await rt.store.feedback())[:20]) or "-"
    return rt.front.text(
        lang,
        "admin_stats",
        kinds=counts(rt.stats.kinds),
        langs=counts(rt.stats.langs),
        services=counts(rt.stats.services),
        feedback=votes,
    )


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Counts by kind, language and service since start, and 👍/👎 by service; no text."""
    rt = runtime(context)
    if not rt.is_admin(update):
        await help_command(update, context)
        return
    lang = rt.front.lang(rt.state(update))
    await context.bot.send_message(update.effective_chat.id, await stats_text(rt, lang))


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reload knowledge/; a broken file keeps the previous knowledge and the errors go to the admins."""
    rt = runtime(context)
    if not rt.is_admin(update):
        await help_command(update, context)
        return
    started = time.perf_counter()
    # Validating and retraining takes seconds: built aside in a thread, then swapped; other chats go on meanwhile.
    errors = await asyncio.to_thread(rt.reload) if rt.reload else []
    await context.bot.send_message(
        update.effective_chat.id, reload_report(rt, rt.state(update).lang, errors, time.perf_counter() - started)
    )


def reload_report(rt: Runtime, lang: str | None, errors: list[str], seconds: float) -> str:
    """What the admins read after a reload: the time it took, or every validation error (file:line)."""
    t = rt.front.text
    lang = lang or rt.settings.default_language
    if errors:
        return (t(lang, "admin_reload_failed") + "\n" + "\n".join(errors[:30]))[:4000]
    return t(lang, "admin_reload_ok", ms=f"{seconds * 1000:.0f}")
