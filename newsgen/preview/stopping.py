"""How newsgen serve stops: Ctrl-C (SIGINT) or SIGTERM, every time."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable


class StopFlag:
    """The watch loop's stop request, as threading.Event's is_set/set/wait
    but without a lock. Ctrl-C raises KeyboardInterrupt between any two
    bytecodes of the main thread, also inside Event.wait() after it took
    its lock and before it could give it back: Event.set() in stop() could
    then wait for that lock for ever.
    Here set() is an assignment, safe anywhere, in a signal handler too;
    wait() sleeps in slices of 50 ms."""

    SLICE = 0.05

    def __init__(self) -> None:
        self.requested = False

    def set(self) -> None:
        self.requested = True

    def is_set(self) -> bool:
        return self.requested

    def wait(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.requested:
            left = self.SLICE if deadline is None else min(self.SLICE, deadline - time.monotonic())
            if left <= 0:
                break
            time.sleep(left)
        return self.requested


def stop_on_signals(request_stop: Callable[[], None]) -> dict:
    """Ctrl-C (SIGINT) and SIGTERM stop the server: the request is recorded
    first, then KeyboardInterrupt interrupts whatever runs (a long build at
    once). Python runs a signal handler between any two bytecodes of the
    main thread, also inside a __del__ or a generator's finalisation, where a
    KeyboardInterrupt is printed and dropped: then the recorded request still
    ends the watch loop at its next look (a quarter of a second). Returns
    the handlers it replaced (none when not in the main thread)."""

    def handler(signum, frame):
        request_stop()
        raise KeyboardInterrupt

    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[number] = signal.signal(number, handler)
        except ValueError:  # not the main thread
            break
    return previous
