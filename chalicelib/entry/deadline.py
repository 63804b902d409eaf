"""The time of one SQS batch, shared out per message, so that one slow (or hostile, huge) message cannot use
up the invocation and fail the whole batch: a Lambda timeout returns every message of the batch, and after
the queue's maxReceiveCount the innocent ones would land in the dead-letter queue with it.

- Each message runs under a time limit (`per_message` seconds; a SIGALRM timer, as the Lambda runtime calls
  the handler in the main thread). A message over it raises MessageTimedOut: it is retried like any transient
  error, and after the queue's maxReceiveCount it is the only one in the dead-letter queue.
- A message starts only while the invocation has time left for all of it plus a reserve (to answer the
  partial-batch response and flush metrics); the ones not started are returned to the queue untouched.
  The function's timeout (infra/sizing.py) is the batch size times the limit plus the reserve, so normally
  every message of a batch starts."""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

RESERVE_SECONDS = 10.0  # kept back at the end of an invocation for the response, logs and metrics
RESERVE_SHARE = 0.1


class MessageTimedOut(BaseException):
    """One message took longer than its share of the invocation. A BaseException (like KeyboardInterrupt), so
    that the `except Exception` of code under the limit cannot take it for an error of its own."""


class Budget:
    """The time of one invocation, handed out message by message (built at the start of the batch)."""

    def __init__(self, remaining: Callable[[], float], per_message: float, reserve: float = RESERVE_SECONDS) -> None:
        self.remaining = remaining  # seconds the invocation has left (from the Lambda context)
        self.per_message = per_message  # the most one message may take
        # a tenth of a short invocation at most (the local test client's context has 3 s)
        self.reserve = min(reserve, remaining() * RESERVE_SHARE)
        self.started = 0

    def next_limit(self) -> float | None:
        """The time limit of the next message, or None when it must not start: only a message that can have
        its whole limit before the reserve starts, except the first one, which takes whatever there is (so a
        function configured shorter than one limit still makes progress)."""
        left = self.remaining() - self.reserve
        if left >= self.per_message or (self.started == 0 and left > 0):
            self.started += 1
            return min(self.per_message, left)
        return None

    @classmethod
    def of_lambda(cls, context: Any, per_message: float) -> Budget | None:
        """From a Lambda context (None, or one without a clock, as the local driver passes: no budget)."""
        clock = getattr(context, "get_remaining_time_in_millis", None)
        if clock is None:
            return None
        return cls(lambda: clock() / 1000.0, per_message)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raises MessageTimedOut in the block once `seconds` have passed. No limit when `seconds` is None or
    outside the main thread (signals are delivered to the main thread only)."""
    if seconds is None or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise MessageTimedOut(f"the message took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
