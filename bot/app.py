"""Build the Telegram Application: every handler wired in plain sight, persistence, rate limiter, errors."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from typing import Any

from telegram import BotCommand, Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

import knowledge
from bot.core.engine import Engine
from bot.logsafe import setup_logging
from bot.privacy import ChatHasher, load_key
from bot.serving import ChatOrderedProcessor, HellefApplication
from bot.settings import Settings, SettingsError, load_settings
from bot.store import MemoryStore, ResilientStore, open_store
from handlers import admin, callbacks, commands, messages, staff
from handlers.errors import on_error
from handlers.runtime import ChatRateLimiter, Runtime

log = logging.getLogger("hellef")
COMMANDS = (
    ("start", "cmd_start"),
    ("help", "cmd_help"),
    ("contact", "cmd_contact"),
    ("language", "cmd_language"),
    ("privacy", "cmd_privacy"),
    ("forget", "cmd_forget"),
)


def make_runtime(settings: Settings, data_dir_enabled: bool = True, engine: Engine | None = None) -> Runtime:
    """`engine`: one built already on these settings' knowledge (an engine is immutable; tests share one)."""
    if engine is None:
        kb = knowledge.load(settings.knowledge_dir)
        engine = Engine(kb, default_lang=settings.default_language, model_store=settings.models)
    data_dir = settings.data_dir if data_dir_enabled else None
    store = open_store(settings.state_location()) if data_dir else ResilientStore(MemoryStore())
    rt = Runtime(
        engine=engine,
        store=store,
        hasher=ChatHasher(settings.chat_hash_key or load_key(data_dir)),
        settings=settings,
        limiter=ChatRateLimiter(settings.rate_limit_per_minute),
    )
    rt.reload = lambda: reload_knowledge(rt)
    return rt


def reload_knowledge(rt: Runtime) -> list[str]:
    """Swap in freshly validated knowledge; on any error keep serving the previous one."""
    kb, report = knowledge.check(rt.settings.knowledge_dir)
    if kb is None:
        log.warning("knowledge reload refused: %d error(s); previous knowledge kept", len(report.errors))
        return [str(p) for p in report.errors]
    rt.engine = Engine(kb, default_lang=rt.settings.default_language, model_store=rt.settings.models)
    log.info("knowledge reloaded: %d services", len(kb.services))
    return []


def build_application(
    rt: Runtime,
    request: BaseRequest | None = None,
    updates_request: BaseRequest | None = None,
    rate_limiter: bool = True,
) -> Application:
    builder = (
        ApplicationBuilder()
        .token(rt.settings.token or "123456:console-token-0000000000000")
        .base_url(rt.settings.api_base_url)
        .application_class(HellefApplication)
        .post_init(_post_init)
        .concurrent_updates(ChatOrderedProcessor())
    )
    if rate_limiter and rt.settings.outgoing_per_second > 0:
        # Flood control is waited out here (every chat held, as Telegram asks), and then not again in deliver().
        builder = builder.rate_limiter(AIORateLimiter(overall_max_rate=rt.settings.outgoing_per_second, max_retries=5))
    if request is not None:
        builder = builder.request(request).get_updates_request(updates_request or request)
    app = builder.build()
    app.bot_data["runtime"] = rt
    add_handlers(app)
    return app


def add_handlers(app: Application) -> None:
    private_or_mention = filters.ChatType.PRIVATE | filters.Entity("mention")
    staff_chat = app.bot_data["runtime"].settings.staff_chat_id
    if staff_chat is not None:  # first: the staff group's replies and /done are for the hand-offs only
        in_staff = filters.Chat(staff_chat)
        app.add_handler(CommandHandler("done", staff.done, filters=in_staff))
        app.add_handler(
            MessageHandler(in_staff & filters.REPLY & filters.TEXT & ~filters.COMMAND, staff.relay_to_person)
        )
    app.add_handler(CommandHandler("start", commands.start))
    app.add_handler(CommandHandler("help", commands.help_command))
    app.add_handler(CommandHandler("contact", commands.contact))
    app.add_handler(CommandHandler(["language", "langue", "sprooch", "sprache", "lingua"], commands.language))
    app.add_handler(CommandHandler("privacy", commands.privacy))
    app.add_handler(CommandHandler("forget", commands.forget))
    app.add_handler(CommandHandler("stats", admin.stats))
    app.add_handler(CommandHandler("reload", admin.reload))
    app.add_handler(CallbackQueryHandler(callbacks.button))
    app.add_handler(MessageHandler(filters.LOCATION & ~filters.UpdateType.EDITED, messages.location))
    app.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & private_or_mention, messages.text)  # edits answered as new
    )
    app.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, commands.help_command))
    # Last: everything else. Edits of non-text (live-location updates after the first) are ignored silently.
    app.add_handler(MessageHandler(~filters.COMMAND & ~filters.UpdateType.EDITED, messages.other))
    app.add_error_handler(on_error)


async def _post_init(app: Application) -> None:
    """Polling: register the command list (webhook mode does it in bot.webhook, on one replica only)."""
    await register_commands(app)


async def register_commands(app: Application) -> None:
    """The command list in each language; a failure here must not stop the bot."""
    rt: Runtime = app.bot_data["runtime"]
    front = rt.front
    for lang in front.languages():
        menu = [BotCommand(name, front.text(lang, key)) for name, key in COMMANDS]
        code = None if lang == rt.settings.default_language else lang
        try:
            await app.bot.set_my_commands(menu, language_code=code)
            # What an empty chat shows ("What can this bot do?") and the bot's profile line.
            await app.bot.set_my_description(front.text(lang, "bot_description")[:512], language_code=code)
            await app.bot.set_my_short_description(front.text(lang, "bot_short_description")[:120], language_code=code)
        except TelegramError as exc:
            log.warning("could not register the %s commands and description: %s", lang, type(exc).__name__)
    log.info("bot ready: @%s", app.bot.username)


def run_bot(environ: dict[str, str] | None = None) -> int:
    """`inter-actions-bot run`: polling by default, webhook with BOT_MODE=webhook."""
    try:
        settings = load_settings(environ)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, [settings.token, settings.webhook_secret])
    try:
        rt = make_runtime(settings)
    except knowledge.KnowledgeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    app = build_application(rt)
    _install_sighup(app, rt)
    try:
        _run(app, settings)
    except InvalidToken:
        log.error("the Bot API refused TELEGRAM_BOT_TOKEN")
        return 2
    return 0


def _run(app: Application, settings: Settings) -> None:
    common: dict[str, Any] = {
        "allowed_updates": Update.ALL_TYPES,
        "bootstrap_retries": -1,
        "drop_pending_updates": False,
    }
    if settings.mode == "webhook":
        from bot.webhook import run_webhook

        run_webhook(app, settings)
    else:
        app.run_polling(poll_interval=0.0, timeout=30, **common)


def _install_sighup(app: Application, rt: Runtime) -> None:
    """SIGHUP reloads the knowledge, like /reload; errors go to the admins."""

    async def reload_aside() -> None:
        # Built aside in a thread (seconds of retraining), then swapped: the bot keeps answering meanwhile.
        errors = await asyncio.to_thread(reload_knowledge, rt)
        if errors:
            text = admin.reload_report(rt, None, errors, 0.0)
            for chat_id in rt.settings.admin_chat_ids:
                await app.bot.send_message(chat_id, text)

    def on_hup(*_: object) -> None:
        app.create_task(reload_aside())

    try:
        signal.signal(signal.SIGHUP, on_hup)
    except (ValueError, AttributeError):
        pass  # not the main thread, or no SIGHUP on this platform


__all__ = ["build_application", "make_runtime", "run_bot"]
