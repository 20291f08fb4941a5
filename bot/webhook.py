"""Webhook mode for any number of replicas behind an HTTP load balancer, all at one WEBHOOK_URL.

Each replica serves, on WEBHOOK_LISTEN:WEBHOOK_PORT:
- `POST /telegram`: an update from Telegram, refused (403) without the right secret-token header;
- `GET /healthz`: 200 once the knowledge is loaded and the store answers, 503 otherwise (and while stopping).
Only the replica holding the store's leader lock calls setWebhook and setMyCommands at start-up.
SIGTERM (or SIGINT) stops taking requests, finishes the updates in flight, then exits.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from collections.abc import Awaitable, Callable

from aiohttp import web
from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.settings import Settings

log = logging.getLogger("hellef.webhook")
PATH = "/telegram"
MAX_BODY = 1 << 20  # bytes; a Telegram update is far smaller
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def web_app(app: Application, settings: Settings, state: dict[str, bool]) -> web.Application:
    expected = settings.webhook_secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not expected or not hmac.compare_digest(given, expected):
            return web.Response(status=403)
        if state["stopping"]:
            return web.Response(status=503)  # Telegram delivers it again, to a replica that is not stopping
        try:
            update = Update.de_json(json.loads(await request.read()), app.bot)
        except (ValueError, TypeError, KeyError, TelegramError):
            log.warning("webhook: a request that is not a readable update was refused")
            return web.Response(status=400)
        await app.update_queue.put(update)
        return web.Response(status=200)

    async def healthz(_: web.Request) -> web.Response:
        rt = app.bot_data["runtime"]
        healthy = not state["stopping"] and rt.engine is not None and await rt.store.ping()
        return web.json_response({"ok": healthy}, status=200 if healthy else 503)

    site = web.Application(client_max_size=MAX_BODY)
    site.router.add_post(PATH, receive)
    site.router.add_get("/healthz", healthz)
    return site


async def _until_answered(what: str, call: Callable[[], Awaitable[object]]) -> None:
    """Start-up calls to the Bot API, retried with back-off through an outage (InvalidToken stops at once)."""
    delay = 1.0
    while True:
        try:
            await call()
            return
        except InvalidToken:
            raise
        except NetworkError as exc:
            log.warning("%s: Bot API unreachable (%s), retrying in %.0f s", what, type(exc).__name__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)


def _set_webhook(app: Application, settings: Settings) -> Awaitable[object]:
    return app.bot.set_webhook(
        settings.webhook_url,
        secret_token=settings.webhook_secret,
        allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=False,
    )


async def serve(app: Application, settings: Settings) -> None:
    from bot.app import register_commands

    await _until_answered("start-up", app.initialize)  # getMe, then the store
    rt = app.bot_data["runtime"]
    state = {"stopping": False}
    runner = web.AppRunner(web_app(app, settings, state), access_log=None, handle_signals=False)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        await app.start()
        await runner.setup()
        await web.TCPSite(runner, settings.webhook_listen, settings.webhook_port).start()
        if await rt.store.try_leader():
            await _until_answered("setWebhook", lambda: _set_webhook(app, settings))
            await register_commands(app)
        else:
            log.info("webhook and commands are registered by another replica")
        log.info("webhook replica ready on %s:%d", settings.webhook_listen, settings.webhook_port)
        await stop.wait()
        log.info("stopping: finishing the updates in flight")
        state["stopping"] = True
    finally:
        await runner.cleanup()  # no new requests; waits for the handlers of requests in progress
        if app.running:
            await app.stop()  # every queued update is handled, every task awaited
        await app.shutdown()
        log.info("stopped")


def run_webhook(app: Application, settings: Settings) -> None:
    asyncio.run(serve(app, settings))
