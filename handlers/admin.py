"""Admin commands (/stats, /reload), for ADMIN_CHAT_IDS only; anyone else gets the ordinary help."""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import ContextTypes

from handlers.commands import help_command
from handlers.runtime import Runtime, runtime


def stats_text(rt: Runtime) -> str:
    def line(title: str, counter) -> str:
        return f"{title}: " + (", ".join(f"{k} {v}" for k, v in counter.most_common(12)) or "-")

    votes = ", ".join(f"{s}/{lang} {vote}{n}" for s, lang, vote, n in rt.store.feedback()[:20]) or "-"
    return "\n".join(
        [
            line("kinds", rt.stats.kinds),
            line("languages", rt.stats.langs),
            line("services", rt.stats.services),
            f"feedback: {votes}",
        ]
    )


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Counts by kind, language and service since start, and 👍/👎 by service; no text."""
    rt = runtime(context)
    if not rt.is_admin(update):
        await help_command(update, context)
        return
    await context.bot.send_message(update.effective_chat.id, stats_text(rt))


async def reload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reload knowledge/; a broken file keeps the previous knowledge and the errors go to the admins."""
    rt = runtime(context)
    if not rt.is_admin(update):
        await help_command(update, context)
        return
    started = time.perf_counter()
    errors = rt.reload() if rt.reload else ["reload is not available here"]
    if errors:
        text = "Knowledge NOT reloaded (still serving the previous one):\n" + "\n".join(errors[:30])
    else:
        text = f"Knowledge reloaded in {(time.perf_counter() - started) * 1000:.0f} ms."
    await context.bot.send_message(update.effective_chat.id, text[:4000])
