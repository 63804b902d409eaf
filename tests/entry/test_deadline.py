"""Each message of an ingest batch has its time: a slow one is cut and retried alone, the ones that could not
get their whole limit before the invocation ends go back to the queue unstarted (not errors), and a batch
never raises because of deferred messages."""
from __future__ import annotations

import contextlib
import threading
import time

import pytest

from chalicelib.entry.deadline import RESERVE_SECONDS, Budget, MessageTimedOut, time_limit
from chalicelib.entry.sqs_batch import BatchFailed, process_batch
from chalicelib.services.ingest import IngestResult
from tests.entry.test_sqs_batch import Observer, message

pytestmark = pytest.mark.unit


class Clock:
    """The invocation's remaining time, consumed by the fake ingest as it 'works'."""

    def __init__(self, remaining: float) -> None:
        self.left = remaining

    def remaining(self) -> float:
        return self.left


def working(clock: Clock, seconds: dict[str, float]):  # type: ignore[no-untyped-def]
    def ingest(bucket: str, key: str) -> IngestResult:
        clock.left -= seconds.get(key, 1.0)
        return IngestResult(key, ())
    return ingest


def test_a_message_starts_only_while_its_whole_limit_fits_before_the_reserve() -> None:
    clock = Clock(300)
    budget = Budget(clock.remaining, per_message=60)
    assert budget.reserve == RESERVE_SECONDS
    assert budget.next_limit() == 60
    clock.left = RESERVE_SECONDS + 60
    assert budget.next_limit() == 60
    clock.left -= 0.001
    assert budget.next_limit() is None


def test_the_first_message_takes_what_there_is_and_short_invocations_keep_a_tenth() -> None:
    clock = Clock(30)  # a function configured shorter than one message's limit
    budget = Budget(clock.remaining, per_message=60)
    assert budget.reserve == 3 and budget.next_limit() == 27
    assert budget.next_limit() is None
    short = Budget(lambda: 3.0, per_message=60)  # the local test client's 3 s context
    assert short.reserve == pytest.approx(0.3) and short.next_limit() == pytest.approx(2.7)


def test_messages_without_time_left_go_back_unstarted_and_are_not_errors() -> None:
    clock, seen = Clock(RESERVE_SECONDS + 3 * 20), Observer()
    ingest = working(clock, {"a": 15, "b": 15, "c": 15, "d": 15})
    event = {"Records": [message(f"m{n}", key) for n, key in enumerate("abcd")]}
    answer = process_batch(event, ingest, seen, Budget(clock.remaining, per_message=20))
    # after a and b 30 s are left: c still gets its 20 s; after c, 15 s are left: d waits for the next batch
    assert answer == {"batchItemFailures": [{"itemIdentifier": "m3"}]}
    assert seen.seen == [("ingested", "a"), ("ingested", "b"), ("ingested", "c"), ("deferred", "m3")]


def test_a_batch_of_only_deferred_messages_does_not_raise() -> None:
    seen = Observer()
    answer = process_batch({"Records": [message("m1", "a")]}, working(Clock(0), {}), seen,
                           Budget(lambda: 0.0, per_message=20))
    assert answer == {"batchItemFailures": [{"itemIdentifier": "m1"}]} and seen.seen == [("deferred", "m1")]


def test_a_message_over_its_limit_is_cut_and_retried_while_the_others_go_through() -> None:
    def ingest(bucket: str, key: str) -> IngestResult:
        if key == "huge":
            time.sleep(5)  # interrupted after 0.2 s
        return IngestResult(key, ())

    seen = Observer()
    started = time.monotonic()
    event = {"Records": [message("m1", "a"), message("m2", "huge"), message("m3", "c")]}
    answer = process_batch(event, ingest, seen, Budget(lambda: 100.0, per_message=0.2))
    assert time.monotonic() - started < 2
    assert answer == {"batchItemFailures": [{"itemIdentifier": "m2"}]}
    assert seen.seen == [("ingested", "a"), ("timed out", "m2"), ("ingested", "c")]


def test_code_under_the_limit_cannot_swallow_the_timeout() -> None:
    def ingest(bucket: str, key: str) -> IngestResult:
        with contextlib.suppress(Exception):  # what a careless library might do
            time.sleep(5)
        return IngestResult(key, ())

    with pytest.raises(BatchFailed):
        process_batch({"Records": [message("m1", "a")]}, ingest, Observer(), Budget(lambda: 100.0, 0.2))


def test_the_timer_is_cleared_and_the_previous_handler_restored() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with time_limit(0.5):
        pass
    time.sleep(0.6)  # would raise here if the timer were still armed
    assert signal.getsignal(signal.SIGALRM) == before
    with pytest.raises(MessageTimedOut), time_limit(0.1):
        time.sleep(1)


def test_no_limit_outside_the_main_thread_and_without_a_lambda_context() -> None:
    done: list[bool] = []

    def run() -> None:
        with time_limit(0.01):
            time.sleep(0.05)
        done.append(True)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert done == [True]
    assert Budget.of_lambda(None, 60) is None

    class Context:
        def get_remaining_time_in_millis(self) -> int:
            return 90_000

    budget = Budget.of_lambda(Context(), 60)
    assert budget is not None and budget.remaining() == 90.0 and budget.next_limit() == 60
