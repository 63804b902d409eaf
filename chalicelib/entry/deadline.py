"""The time of one SQS batch, shared out per message, so that one slow (or hostile, huge) message cannot use
up the invocation and fail the whole batch: a Lambda timeout returns every message of the batch, and after
the queue's maxReceiveCount the innocent ones would land in the dead-letter queue with it.

- Each message runs under a time limit (`per_message` seconds; a SIGALRM timer, as the Lambda runtime calls
  the handler in the main thread). A message over it raises MessageTimedOut: it is retried like any transient
  error, and after the queue's maxReceiveCount it is the only one in the dead-letter queue.
- A message starts only while the invocation has time left for all of it plus `reserve` (to answer the
  partial-batch response and flush metrics); the ones not started are returned to the queue untouched."""
from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

RESERVE_SECONDS = 10.0  # kept back at the end of an invocation for the response, logs and metrics


class MessageTimedOut(BaseException):
    """One message took longer than its share of the invocation. A BaseException (like KeyboardInterrupt), so
    that the `except Exception` of code under the limit cannot take it for an error of its own."""


@dataclass(frozen=True)
class Budget:
    remaining: Callable[[], float]  # seconds the invocation has left (from the Lambda context)
    per_message: float  # the most one message may take
    reserve: float = RESERVE_SECONDS

    def may_start(self) -> bool:
        """Whether a message started now could use its whole time limit before the reserve."""
        return self.remaining() - self.reserve >= self.per_message

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
