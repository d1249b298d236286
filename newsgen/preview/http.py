"""The preview's HTTP side (tornado, in a thread of its own): the preview
folder under base_url's path, the error page while the last build failed,
and the long poll that tells a tab to reload when the epoch moves."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import mimetypes
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote

from tornado import web
from tornado.httpserver import HTTPServer
from tornado.locks import Condition

from newsgen.build import BuildReport
from newsgen.i18n import ENGLISH_TEXT, Translator, msg


class Served(Protocol):
    """What the handlers read of the preview (server.Preview)."""

    state: State
    out: Path
    translator: Translator
    _http: HttpThread | None


RELOAD_PATH = "/_newsgen/livereload"


HOLD_SECONDS = 25  # a long poll is answered at the latest after this


@dataclass(frozen=True)
class State:
    """What the HTTP thread serves; replaced whole by the watch loop."""

    epoch: str
    report: BuildReport | None = None  # None while the first build runs
    base_path: str = "/"

    @property
    def failed(self) -> bool:
        return self.report is not None and self.report.failed


class HttpThread:
    """A tornado server on its own event loop in a daemon thread."""

    def __init__(self, app: web.Application, sockets: list):
        self.app, self.sockets = app, sockets
        self.ready = threading.Event()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.changed: Condition | None = None
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main()), name="newsgen-http", daemon=True)

    def start(self) -> None:
        self.thread.start()
        if not self.ready.wait(10):
            raise RuntimeError("the preview's HTTP server did not start")

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.changed = Condition()
        self._stopping = asyncio.Event()
        server = HTTPServer(self.app)
        server.add_sockets(self.sockets)
        self.ready.set()
        await self._stopping.wait()
        server.stop()  # closes the listening sockets
        self.changed.notify_all()  # long polls answer now
        await asyncio.sleep(0.05)
        await server.close_all_connections()

    def notify(self) -> None:
        self.loop.call_soon_threadsafe(self.changed.notify_all)

    def stop(self) -> None:
        if self.loop is not None and self.thread.is_alive():
            self.loop.call_soon_threadsafe(self._stopping.set)
            self.thread.join(10)


def make_app(preview: Served) -> web.Application:
    return web.Application(
        [
            (RELOAD_PATH, ReloadHandler, {"preview": preview}),
            (r".*", PageHandler, {"preview": preview}),
        ],
        log_function=lambda handler: None,
        compress_response=False,
    )


class ReloadHandler(web.RequestHandler):
    """Answers with the current epoch once it differs from ``since``."""

    def initialize(self, preview: Served) -> None:
        self.preview = preview

    async def get(self) -> None:
        since = self.get_query_argument("since", "")
        http = self.preview._http
        if since == self.preview.state.epoch and http is not None:
            await http.changed.wait(timeout=dt.timedelta(seconds=HOLD_SECONDS))
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(self.preview.state.epoch)


class PageHandler(web.RequestHandler):
    def initialize(self, preview: Served) -> None:
        self.preview = preview

    def get(self) -> None:
        state = self.preview.state
        kind, target = route(self.request.path, state.base_path, os.path.realpath(self.preview.out))
        if kind == "redirect":
            query = self.request.query
            return self.redirect(target + (f"?{query}" if query else ""))
        is_html = kind == "missing" or target.endswith((".html", ".htm"))
        t = self.preview.translator
        if is_html and state.report is None:
            return self._html(
                503, status_page(t.text(msg("Building…")), [t.text(msg("the first build is running"))], state, t)
            )
        if is_html and state.failed:
            return self._html(
                500, status_page(t.text(msg("Build failed")), [d.render(t) for d in state.report.diagnostics], state, t)
            )
        data = _read(target) if kind == "file" else None
        if data is None:
            return self._html(404, self._not_found(state))
        if is_html:
            return self._html(200, inject(data, state.epoch))
        self.set_header("Content-Type", content_type(target))
        self.set_header("Cache-Control", "no-cache")
        self.write(data)

    head = get

    def _not_found(self, state: State) -> bytes:
        page = _read(os.path.join(self.preview.out, "404.html"))
        if page is None:
            t = self.preview.translator
            return status_page(t.text(msg("404 Not found")), [unquote(self.request.path)], state, t)
        return inject(page, state.epoch)

    def _html(self, status: int, body: bytes) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(body)


def route(raw_path: str, base_path: str, out_real: str) -> tuple[str, str]:
    """A request path (still percent-encoded) -> ("file", absolute path),
    ("redirect", location) or ("missing", ""). Nothing outside the output
    folder, nothing hidden (the build's staging folder), no links out."""
    missing = ("missing", "")
    try:
        path = unquote(raw_path, errors="strict")
    except UnicodeDecodeError:
        return missing
    base = unquote(base_path)
    if path != base and path in ("/", base.rstrip("/")):
        return "redirect", quote(base)
    if not path.startswith(base):
        return missing
    parts = path[len(base) :].split("/")
    if any(p.startswith(".") or "\\" in p or "\x00" in p or ":" in p for p in parts):
        return missing
    full = os.path.realpath(os.path.join(out_real, *parts))
    if full != out_real and not full.startswith(out_real + os.sep):
        return missing
    if os.path.isdir(full):
        if not raw_path.endswith("/"):
            return "redirect", "/" + quote(path.lstrip("/")) + "/"
        full = os.path.join(full, "index.html")
    return ("file", full) if os.path.isfile(full) else missing


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as f:  # whole: a file replaced meanwhile is read old or new
            return f.read()
    except OSError:
        return None


def content_type(path: str) -> str:
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/xml", "image/svg+xml"):
        kind += "; charset=utf-8"
    return kind


def reload_script(epoch: str) -> str:
    """Long-polls RELOAD_PATH; reloads the page once the epoch moved on
    (retrying every second while the server is down)."""
    return (
        '<script>(function(){var e="%s",u="%s?since="+encodeURIComponent(e);'  # noqa: UP031
        'function p(d){setTimeout(function(){fetch(u,{cache:"no-store"})'
        ".then(function(r){if(!r.ok)throw r;return r.text()})"
        ".then(function(t){if(t!==e){location.reload()}else{p(0)}},function(){p(1000)})},d)}"
        "p(0)})();</script>" % (html.escape(epoch), RELOAD_PATH)
    )


def inject(page: bytes, epoch: str) -> bytes:
    script = reload_script(epoch).encode()
    at = page.rfind(b"</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


STATUS_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>h1{{color:#a00}}
body{{font:16px/1.6 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
li{{margin:.4rem 0}} code{{white-space:pre-wrap;word-break:break-word}}</style></head>
<body><h1>{title}</h1>\n<ul class="diagnostics">\n{items}\n</ul>
<p>{reloads}</p>
{script}</body></html>
"""


def status_page(title: str, lines: list[str], state: State, translator: Translator = ENGLISH_TEXT) -> bytes:
    """Shown in place of every HTML page while the build is broken (or not
    done yet): each line (diagnostic) escaped; reloads itself."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    reloads = html.escape(translator.text(msg("The preview reloads by itself when the files are fixed.")))
    lang = "zh-CN" if translator.language == "zh" else "en"
    page = STATUS_PAGE.format(
        title=html.escape(title), items=items, script=reload_script(state.epoch), reloads=reloads, lang=lang
    )
    return page.encode()
