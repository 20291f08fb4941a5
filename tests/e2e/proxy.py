"""A small round-robin HTTP load balancer on 127.0.0.1, as in front of webhook replicas.

Each request goes to the next backend; a backend that refuses the connection is skipped (as a load balancer's
health check would), so a killed replica's share goes to the others.
"""

from __future__ import annotations

import asyncio
import itertools
import threading

import aiohttp
from aiohttp import web


class RoundRobinProxy:
    def __init__(self, backends: list[str]) -> None:
        self.backends = backends
        self._next = itertools.cycle(range(len(backends)))
        self.port = 0
        self.served: list[str] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> RoundRobinProxy:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("proxy did not start")
        return self

    def stop(self) -> None:
        if self._loop and self._runner:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _serve(self) -> None:
        self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        async with aiohttp.ClientSession() as session:
            for _ in range(len(self.backends)):
                backend = self.backends[next(self._next)]
                try:
                    async with session.request(
                        request.method,
                        backend + request.path_qs,
                        data=body,
                        headers=headers,
                        timeout=aiohttp.ClientTimeout(total=30),
                    ) as answer:
                        self.served.append(backend)
                        return web.Response(status=answer.status, body=await answer.read())
                except aiohttp.ClientConnectionError:
                    continue
        return web.Response(status=502)
