"""Ctrl-C stops newsgen serve every time.

Python runs a signal handler between two bytecodes of the main thread,
wherever they are; when that is inside a generator being finalised (a
generator expression that any() left unfinished, say), the handler's
KeyboardInterrupt is "ignored" (printed, then dropped) and a server that
relied on it kept running. This test makes that happen on purpose: the
server must still stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from conftest import REPO
from test_serve import ARTICLE_URL, cli_page, free_port, wait_for

# serve, with a Ctrl-C that lands inside a generator's finalisation after the first build
LAUNCH = """
import os, signal, sys, time
import newsgen.preview.server as server

def finalised():
    try:
        yield 1
    finally:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0)  # the handler runs here, inside the generator's close: its exception is dropped

first = server.Preview.first_build

def first_build(self):
    first(self)
    g = finalised()
    next(g)
    del g
    print("interrupted while finalising", file=sys.stderr, flush=True)

server.Preview.first_build = first_build
from newsgen.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_ctrl_c_whose_exception_python_drops_still_stops_the_server(site_root):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "serve", "--root", str(site_root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
    )
    try:
        started = time.monotonic()
        out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        raise AssertionError(f"still serving after a Ctrl-C: {err}") from None
    assert "interrupted while finalising" in err and "KeyboardInterrupt" in err  # Python dropped it
    assert proc.returncode == 0 and err.rstrip().endswith("stopping"), err
    assert time.monotonic() - started < 20


def test_ctrl_c_stops_the_server_while_it_waits(site_root):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsgen", "serve", "--root", str(site_root), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
    )
    try:
        assert wait_for(cli_page(proc, port, ARTICLE_URL, 200), timeout=30)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0 and "stopping" in err
