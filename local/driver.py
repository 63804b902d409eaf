"""The trigger driver: plays locally what AWS does for the Lambda handlers of app.py.

- SQS: long-polls each `@app.on_sqs_message` queue on moto, invokes the handler with the event an event
  source mapping sends (batches up to the handler's batch_size), deletes what succeeded (honouring a
  partial-batch `batchItemFailures` answer); a failed message comes back after the visibility timeout and,
  as in AWS, moves to the dead-letter queue after the redrive policy's receive count.
- Schedules: invokes every `@app.schedule` handler each `--schedule-seconds` (the local stand-in for
  EventBridge), whatever its expression says.
- Before a raw mail is handed to the handler, the driver copies the S3 object to the raw-mail mirror.

Run by `python -m local.stack`; it finds its endpoints in the standard AWS_ENDPOINT_URL* variables."""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import unquote_plus

import boto3

from local.config import ROOT
from local.discovery import ScheduleSource, SqsSource, load_app, resolve, schedule_sources, sqs_sources
from local.lambda_events import LambdaContext, schedule_event, sqs_event
from local.mirror import RawMailMirror

POLL_SECONDS = 2
SUMMARY_SECONDS = 5  # successes are summed up; failures are logged one by one


_terminal: TextIO | None = None  # where the driver's own lines go when the handlers' output goes to a file


def log(text: str) -> None:
    line = f"{time.strftime('%H:%M:%S')} driver: {text}"
    print(line, flush=True)
    if _terminal is not None:
        print(line, file=_terminal, flush=True)


def send_output_to(path: Path) -> None:
    """Handlers log a lot (Powertools JSON lines, metrics): their stdout/stderr go to `path`; the driver's
    own summaries and errors still reach the terminal."""
    global _terminal
    _terminal = os.fdopen(os.dup(1), "w", buffering=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as out:
        os.dup2(out.fileno(), 1)
        os.dup2(out.fileno(), 2)


def s3_keys(body: str) -> list[tuple[str, str]]:
    """(bucket, key) of each S3 notification record in an SQS message body; [] for anything else."""
    try:
        records = json.loads(body).get("Records", [])
        return [(r["s3"]["bucket"]["name"], unquote_plus(r["s3"]["object"]["key"])) for r in records]
    except (ValueError, KeyError, TypeError, AttributeError):
        return []


class SqsPump:
    def __init__(self, source: SqsSource, mirror_dir: Path | None) -> None:
        self.source = source
        self.handler = resolve(source.handler_string)
        self.sqs = boto3.client("sqs")
        self.s3 = boto3.client("s3")
        self.mirror_dir = mirror_dir
        self.url = self.sqs.get_queue_url(QueueName=source.queue)["QueueUrl"]
        attrs = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["QueueArn"])["Attributes"]
        self.arn = attrs["QueueArn"]
        self._handled = 0
        self._since = time.monotonic()

    def run(self, stop: threading.Event) -> None:
        log(f"polling queue {self.source.queue} for {self.source.handler_string}")
        while not stop.is_set():
            try:
                self.poll_once()
            except Exception:  # keep driving: one bad batch must not stop the stack
                log(f"error while polling {self.source.queue}:\n{traceback.format_exc()}")
                stop.wait(POLL_SECONDS)

    def poll_once(self) -> int:
        messages = self.sqs.receive_message(
            QueueUrl=self.url, MaxNumberOfMessages=max(1, min(10, self.source.batch_size)),
            WaitTimeSeconds=POLL_SECONDS, AttributeNames=["All"], MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not messages:
            self._summary(force=True)
            return 0
        self._mirror(messages)
        try:
            result = self.handler(sqs_event(self.arn, messages), LambdaContext(self.source.name))
        except Exception:
            log(f"{self.source.name} raised; {len(messages)} message(s) will be retried:\n{traceback.format_exc()}")
            return 0
        failed = _failed_ids(result)
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            self.sqs.delete_message_batch(QueueUrl=self.url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)])
        for m in messages:
            if m["MessageId"] in failed:
                names = ", ".join(k for _, k in s3_keys(m["Body"])) or m["MessageId"]
                log(f"{self.source.name}: {names} failed; it will be retried")
        self._handled += len(done)
        self._summary(force=False)
        return len(done)

    def _summary(self, force: bool) -> None:
        elapsed = time.monotonic() - self._since
        if self._handled and (force or elapsed >= SUMMARY_SECONDS):
            log(f"{self.source.name}: {self._handled} message(s) handled in {elapsed:.1f} s")
        if force or elapsed >= SUMMARY_SECONDS:
            self._handled, self._since = 0, time.monotonic()

    def _mirror(self, messages: list[dict[str, Any]]) -> None:
        if self.mirror_dir is None:
            return
        for m in messages:
            for bucket, key in s3_keys(m["Body"]):
                try:
                    RawMailMirror(self.mirror_dir, bucket).copy_from_s3(self.s3, key)
                except Exception as exc:  # the object may be gone; the handler will say so
                    log(f"could not mirror s3://{bucket}/{key}: {exc}")


def _failed_ids(result: Any) -> set[str]:
    if isinstance(result, dict):
        return {str(f.get("itemIdentifier")) for f in result.get("batchItemFailures") or []}
    return set()


class Scheduler:
    def __init__(self, sources: list[ScheduleSource], every: float) -> None:
        self.sources = [(s, resolve(s.handler_string)) for s in sources]
        self.every = every

    def run(self, stop: threading.Event) -> None:
        names = ", ".join(f"{s.name} [{s.expression}]" for s, _ in self.sources)
        log(f"playing schedules every {self.every:g} s: {names}")
        while not stop.wait(self.every):
            for source, handler in self.sources:
                started = time.monotonic()
                try:
                    handler(schedule_event(source.name), LambdaContext(source.name))
                    log(f"{source.name}: ok ({(time.monotonic() - started) * 1000:.0f} ms)")
                except Exception:
                    log(f"{source.name} raised:\n{traceback.format_exc()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.driver")
    parser.add_argument("--mirror-dir", type=Path, help="copy each notified S3 object here (see local.mirror)")
    parser.add_argument("--schedule-seconds", type=float, default=60.0)
    parser.add_argument("--log-file", type=Path, help="handlers' output goes here; the driver's to the terminal")
    args = parser.parse_args(argv)
    if args.log_file:
        send_output_to(args.log_file)
    app = load_app(ROOT)
    if app is None:
        log("no app.py yet: nothing to drive")
        return 0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    workers = [SqsPump(s, args.mirror_dir).run for s in sqs_sources(app)]
    if schedule_sources(app):
        workers.append(Scheduler(schedule_sources(app), args.schedule_seconds).run)
    else:
        log("no @app.schedule handlers in app.py: no schedules to play")
    if not workers:
        log("no SQS or schedule handlers in app.py: nothing to drive")
    threads = [threading.Thread(target=w, args=(stop,), daemon=True) for w in workers]
    for t in threads:
        t.start()
    stop.wait()
    for t in threads:
        t.join(POLL_SECONDS + 3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
