"""`import` and `reprocess`: the AWS-bound commands of chalicelib.cli (which parses their arguments), against the
stack the environment points at (AWS_ENDPOINT_URL* for the local stack, the usual credentials for an account).

`import PATH...` stores each message in the raw-mail bucket under the incoming prefix (as SES does) and puts
it through the same ingest use case as the Lambda. In a deployed stack the S3 notification also triggers the
Lambda for that object; the second ingest of it is a no-op. `reprocess [--domain D] [--since DAY]` rebuilds
report items and day rollups from the raw archive."""
from __future__ import annotations

import os
import sys
import uuid
from collections import Counter
from datetime import UTC, date, datetime
from typing import TextIO

from chalicelib import wiring
from chalicelib.mailfiles import messages


def import_paths(paths: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        print(f"error: no such file or directory: {', '.join(missing)}", file=err)
        return 2
    found = list(messages(paths))
    config, service, raw = wiring.config(), wiring.ingest_service(), wiring.ingest_service().raw
    batch = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]
    verdicts: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    unclaimed: Counter[str] = Counter()
    partial = 0
    progress = Progress(len(found), err)
    for n, (label, load) in enumerate(found):
        key = f"{config.raw_mail.prefix}cli-{batch}-{n:06d}"
        try:
            raw.put(config.raw_mail.bucket, key, load())
            result = service.ingest_object(config.raw_mail.bucket, key, name=os.path.basename(label) or label)
        except Exception as exc:  # keep going: one unreachable object must not stop a large import
            failures[f"error ({type(exc).__name__})"] += 1
            progress.note(f"{label}: {exc}")
        else:
            if result.failure is not None:
                failures[result.failure.kind] += 1
                progress.note(f"{label}: {result.failure.kind}: {result.failure.message}")
            verdicts.update(r.verdict.value for r in result.reports)
            unclaimed.update(r.domain for r in result.reports if r.verdict.value == "unclaimed")
            if result.problems:
                partial += 1
                progress.note(f"{label}: read in part: {'; '.join(result.problems)}")
        progress.step()
    progress.done()
    print(f"{len(found)} message(s): {verdicts['ingested']} report(s) ingested, {verdicts['duplicate']} "
          f"duplicate(s), {verdicts['unclaimed']} unclaimed (domain not registered), "
          f"{sum(failures.values())} failure(s)", file=out)
    for kind, count in sorted(failures.items()):
        print(f"  {kind}: {count}", file=out)
    if partial:
        print(f"{partial} message(s) read in part (listed with the failures)", file=out)
    if unclaimed:
        print("unclaimed (register the domain to merge its reports): "
              + ", ".join(f"{d} ({n})" for d, n in sorted(unclaimed.items())), file=out)
    return 1 if failures else 0


def reprocess(domain: str | None, since: date | None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    config = wiring.config()
    seen, stream = [0], err

    def tick(key: str) -> None:
        seen[0] += 1
        if stream.isatty() or seen[0] % 100 == 0:
            print(f"\r{seen[0]} object(s) read", end="", file=stream, flush=True)

    summary = wiring.reprocess_service().run(config.raw_mail.bucket, config.raw_mail.prefix, domain, since, tick)
    print(file=err)
    print(f"{summary.objects} object(s), {summary.reports} report(s), {summary.changed} changed, "
          f"{summary.days_rebuilt} day(s) rebuilt, {sum(summary.failures.values())} failure(s)", file=out)
    for kind, count in sorted(summary.failures.items()):
        print(f"  {kind}: {count}", file=out)
    return 0


def summaries(domain: str | None, out: TextIO | None = None) -> int:
    """The day summaries of the days stored without one and the policy log of the reports stored before it (each
    domain's first analysis would make them), then the domain's portfolio digest (its first portfolio row would
    write back the range it read)."""
    out = out or sys.stdout
    built = wiring.container()
    names = [domain] if domain else [d.name for d in built.domains.list()]
    for name in names:
        written = built.analyses.summaries.ensure(name, force=True)
        logged = built.policies.ensure(name, force=True)
        built.digest_keeper.build(name)
        print(f"{name}: {written} day summary(ies) written, {logged} day(s) of the policy log; portfolio digest made",
              file=out)
    return 0


class Progress:
    """A one-line progress bar on stderr. A note first ends the bar's line (cleared on a terminal, where the
    next step redraws it; a newline elsewhere), so notes never run into the bar."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.stream, self.count = total, stream, 0
        self.shown = 0  # length of the bar on the current line; 0: the line is empty

    def step(self) -> None:
        self.count += 1
        if self.stream.isatty() or self.count == self.total or self.count % 50 == 0:
            filled = self.WIDTH * self.count // max(1, self.total)
            bar = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.count}/{self.total}"
            print(f"\r{bar}", end="", file=self.stream, flush=True)
            self.shown = len(bar)

    def note(self, text: str) -> None:
        self._end_line(clear=self.stream.isatty())
        print(text, file=self.stream, flush=True)

    def done(self) -> None:
        self._end_line(clear=False)

    def _end_line(self, clear: bool) -> None:
        """Erases the bar (clear) or leaves it and starts a new line."""
        if self.shown:
            self.stream.write(f"\r{' ' * self.shown}\r" if clear else "\n")
            self.stream.flush()
            self.shown = 0
