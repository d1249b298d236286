"""newsgen serve: build, serve the preview, rebuild on change, reload the tab.

    start()      listen (HTTP thread), first build, watch (serve(): in the main thread)
    watch loop   inputs changed -> settle the burst (~50 ms) -> build() -> new epoch
    HTTP thread  tornado: the preview folder under base_url's path; the error page
                 while the last build failed; a long poll answered when the epoch moves

Tornado (livereload's server) rather than ``livereload.Server``, whose state
lives on classes (a second server in a process never watches; none can be
stopped), whose static handler serves one folder at ``/`` and answers 403
outside it, which drops reloads within 3 s of the last one, and whose
reloads sent before a page's websocket handshake are lost. As in MkDocs,
each page carries the epoch it was served at and long-polls until it moves.

Never half-built: build() stages every file and os.replace()s them only
when all rendered; this server reads each file whole: old page or new one.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from tornado.netutil import bind_sockets

from newsgen.build import BuildOptions, BuildReport, build
from newsgen.build.session import Session
from newsgen.config import DEFAULTS, load_config
from newsgen.console import print_diagnostics, summary_line
from newsgen.errors import error
from newsgen.i18n import ENGLISH_TEXT, Translator, msg
from newsgen.preview.http import HttpThread, State, make_app
from newsgen.preview.stopping import StopFlag, stop_on_signals
from newsgen.preview.watch import EVERYTHING, bursts, make_watcher
from newsgen.publish.folders import standby_path

POOL_FROM = 64  # changed inputs from which the rebuild uses every core


class PreviewBusy(Exception):
    """Another server builds into the same preview folder."""


@dataclass
class Preview:
    root: Path
    host: str = "127.0.0.1"
    port: int = 8000  # 0: any free port
    drafts: bool = False
    out: Path | None = None  # default: <cache_dir>/preview
    debounce: float = 0.05  # a save-all or an atomic save lands well within it
    watch: str = "auto"  # auto | inotify | poll
    search: bool = True  # the search index is made again only where articles changed: search works in the preview
    on_build: Callable[[BuildReport, set], None] = lambda report, changed: None  # after the pages show it
    # before they do: the terminal has a build's errors by the time the browser shows them
    on_report: Callable[[BuildReport, set], None] = lambda report, changed: None
    translator: Translator = ENGLISH_TEXT  # the language of the error page
    state: State = field(init=False)

    def __post_init__(self):
        self.root = Path(os.path.abspath(self.root))
        config, _ = load_config(self.root)
        cache = Path((config or DEFAULTS).cache_dir)
        self.cache = cache if cache.is_absolute() else self.root / cache
        self.out = Path(os.path.abspath(self.out)) if self.out else self.cache / "preview"
        self._session = f"{os.getpid()}.{time.time_ns() % 10**9}"
        self._count = 0
        self._memory = self._new_session()  # what each rebuild keeps of the last one
        self.state = State(self._next_epoch(), None, config.base_path if config else "/")
        self._stop = StopFlag()
        self._http: HttpThread | None = None
        self._watcher = None
        self._thread: threading.Thread | None = None
        self._interrupted = False
        self._locked: tuple[int, Path] | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{quote(unquote(self.state.base_path))}"

    def listen(self) -> None:
        """Bind the port and serve (a "building" page until the first
        build is done); start watching, so no change made during the first
        build is missed."""
        self._lock()
        try:
            sockets = bind_sockets(self.port, address=self.host)
        except OSError:
            self._unlock()
            raise
        self.port = sockets[0].getsockname()[1]
        self._watcher = make_watcher(self.root, [self.out, self.cache], self._stop, self.watch)
        self._http = HttpThread(make_app(self), sockets)
        self._http.start()

    def _lock(self) -> None:
        """One server per preview folder: two would build into it at once."""
        if fcntl is None:  # not POSIX: no lock
            return
        path = self.out.parent / f".{self.out.name}.newsgen-serve.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise PreviewBusy(f"another newsgen serve is using {self.out}; stop it or pass --out") from None
        self._locked = (fd, path)

    def _unlock(self) -> None:
        if self._locked:
            self._locked[1].unlink(missing_ok=True)
            os.close(self._locked[0])
            self._locked = None

    def first_build(self) -> None:
        """Build with all cores (possibly a cold build). When the preview has
        no standby copy yet (publish.py), build once more, unseen (nothing
        changed), to make it now: the first save would wait a second for it
        at 10,000 articles."""
        self._memory.plan_always = True
        try:
            self._rebuild(set(), jobs=0)
            if not standby_path(self.out).is_dir() and not self.state.failed:
                self._build(set(), jobs=0)
        finally:
            self._memory.plan_always = False

    def start(self) -> Preview:
        """listen(), first build, then watch in a background thread."""
        self.listen()
        self.first_build()
        self._thread = threading.Thread(target=self.watch_forever, name="newsgen-watch", daemon=True)
        self._thread.start()
        return self

    def watch_forever(self) -> None:
        """Rebuild after each burst of changes until stop() (or Ctrl-C)."""
        for changed in bursts(self._watcher, self.debounce, self._stop):
            self._rebuild(changed)

    def _rebuild(self, changed: set[str], jobs: int | None = None) -> None:
        report = self._build(changed, jobs)
        self.on_report(report, changed)
        self._publish(report)
        self.on_build(report, changed)

    def _build(self, changed: set[str], jobs: int | None = None) -> BuildReport:
        if jobs is None:
            broad = any(c == EVERYTHING or c == "newsgen.yaml" or c.startswith("themes/") for c in changed)
            jobs = 0 if broad or len(changed) >= POOL_FROM else 1
        # The watcher's list of changed files spares the build a look at every file.
        self._memory.changed = None if not changed or EVERYTHING in changed else set(changed)
        try:
            report = build(
                BuildOptions(self.root, out=self.out, drafts=self.drafts, jobs=jobs, search=self.search), self._memory
            )
        except KeyboardInterrupt:
            self._interrupted = True
            raise
        except Exception as exc:  # a bug in newsgen: shown like a content error, the server keeps going
            self._memory = self._new_session()
            report = BuildReport(
                diagnostics=[
                    error("newsgen", 0, 0, msg("internal error: {error}", error=f"{type(exc).__name__}: {exc}"))
                ]
            )
        return report

    def _new_session(self) -> Session:
        return Session(owns_output=self.out == self.cache / "preview")

    def _publish(self, report: BuildReport) -> None:
        old = self.state
        config, _ = load_config(self.root)
        base_path = config.base_path if config else old.base_path
        moved = (
            old.report is None
            or report.written
            or report.removed
            or report.failed != old.failed
            or (report.failed and report.diagnostics != old.report.diagnostics)
            or base_path != old.base_path
        )
        epoch = self._next_epoch() if moved else old.epoch
        self.state = State(epoch, report, base_path)
        if moved and self._http is not None:
            self._http.notify()

    def _next_epoch(self) -> str:
        self._count += 1
        return f"{self._session}.{self._count}"

    def request_stop(self) -> None:
        """Ask the watch loop to end; safe in a signal handler (no lock)."""
        self._stop.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        """Stop watching (after the build in progress) and serving; remove
        what an interrupted build left. Safe to call more than once."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
            self._thread = None
        if self._http is not None:
            self._http.stop()
            self._http = None
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
        self._sweep()
        self._unlock()

    def _sweep(self) -> None:
        """After a build interrupted by Ctrl-C: this process's staging,
        probe and temporary files, wherever the build puts them."""
        mine = re.compile(rf"\..*newsgen-(staging|probe)-{os.getpid()}[ab]?|\..*\.{os.getpid()}\.tmp")
        for folder in {self.out, self.out.parent, self.cache} if self._interrupted else ():
            for leftover in (p for p in (folder.iterdir() if folder.is_dir() else ()) if mine.fullmatch(p.name)):
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)

    def __enter__(self) -> Preview:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# ---- HTTP ---------------------------------------------------------------


# ---- the command ----------------------------------------------------------


def serve(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    drafts: bool = False,
    out: Path | None = None,
    translator: Translator = ENGLISH_TEXT,
) -> int:
    """newsgen serve: runs until Ctrl-C (or SIGTERM); builds run in this
    (the main) thread, so Ctrl-C also interrupts a long build at once."""

    def on_report(report: BuildReport, changed: set) -> None:
        if changed:
            names = sorted(changed)
            more = translator.text(msg(" and {count} more", count=len(names) - 3)) if len(names) > 3 else ""
            _say(translator.text(msg("changed: {names}{more}", names=", ".join(names[:3]), more=more)))
        print_diagnostics(report.diagnostics, translator)
        _say(summary_line(report, True, translator))

    preview = Preview(Path(root), host, port, drafts, out, on_report=on_report, translator=translator)
    previous = stop_on_signals(preview.request_stop)
    try:
        try:
            preview.listen()
        except (OSError, PreviewBusy) as exc:  # a busy port or preview folder: a usage error
            reason = getattr(exc, "strerror", None) or exc
            _say(
                translator.text(
                    msg("newsgen: cannot serve on {host}:{port}: {reason}", host=host, port=port, reason=reason)
                )
            )
            return 2
        serving = msg("serving {url} (preview folder {out}); Ctrl-C to stop", url=preview.url, out=preview.out)
        print(translator.text(serving), flush=True)
        if not preview.stopping:
            preview.first_build()
        preview.watch_forever()  # returns at once when a signal asked to stop
    except KeyboardInterrupt:
        pass
    finally:
        if preview.stopping:
            _say(translator.text(msg("stopping")))
        preview.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
