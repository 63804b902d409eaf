"""Day rollups: per (domain, UTC day) one head item with the encoded facts, the set of merged report keys
(hashed) and a version. Facts that outgrow the head move to immutable overflow items, written *before* the
conditional head write that lists them, so every change of a day is one conditional single-item write. After it,
the day's summary (chalicelib.storage.summaries) is written from the same facts."""
from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from pynamodb.exceptions import PutError

from chalicelib.analysis.facts import Fact
from chalicelib.analysis.summary import summarize
from chalicelib.ports.ingest import DayState
from chalicelib.storage import factcodec
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import RollupItem
from chalicelib.storage.summaries import DynamoSummaries

ITEM_BUDGET = 330_000  # bytes of facts + unit set + overflow list kept in one head item
OVERFLOW_MAX = 350_000
MAX_ATTEMPTS = 100
CHUNK_PAGE = 4  # items per query page of fact_chunks (each up to ~350 KB)


class ConflictError(RuntimeError):
    """A day's head kept changing: MAX_ATTEMPTS conditional writes lost in a row."""


def unit_token(unit: str) -> str:
    """A short fixed-size stand-in for a report key in a day's set (120 bits of SHA-256)."""
    return base64.urlsafe_b64encode(hashlib.sha256(unit.encode()).digest()[:15]).decode()


class DynamoRollups:
    def __init__(self, table_name: str) -> None:
        self._rollups = bind_model(RollupItem, table_name)
        self._summaries = DynamoSummaries(table_name)

    def merge(self, domain: str, day: date, unit: str, facts: Sequence[Fact]) -> bool:
        token = unit_token(unit)
        for _ in range(MAX_ATTEMPTS):
            head = self._head(domain, day)
            if head is not None and token in (head.units or ()):
                self._repair_summary(head, day)
                return False
            item = head or self._rollups(domain, day.isoformat())
            current = factcodec.decode(item.facts, day) if item.facts else []
            units = set(item.units or ()) | {token}
            messages = int(item.messages or 0) + sum(f.count for f in facts)
            if self._save(item, units, [*current, *facts], messages):
                return True
        raise ConflictError(f"{domain} {day}: {MAX_ATTEMPTS} merges lost in a row")

    def state(self, domain: str, day: date) -> DayState:
        head = self._head(domain, day)
        if head is None:
            return DayState(None, frozenset())
        return DayState(int(head.version), frozenset(head.units or ()))

    def replace(self, domain: str, day: date, expected: DayState, units: frozenset[str],
                facts: Sequence[Fact]) -> bool:
        head = self._head(domain, day)
        if (None if head is None else int(head.version)) != expected.version:
            return False
        item = head or self._rollups(domain, day.isoformat())
        old_overflow = set(item.overflow or ())
        item.overflow = None
        if not self._save(item, {unit_token(u) for u in units}, list(facts), sum(f.count for f in facts)):
            return False
        self._delete(domain, old_overflow)
        return True

    def facts(self, domain: str, start: date, end: date) -> list[Fact]:
        heads: dict[str, RollupItem] = {}
        overflow: dict[str, RollupItem] = {}
        for item in self._rollups.query(domain, self._rollups.sk.between(start.isoformat(), end.isoformat() + "~")):
            (overflow if "#" in item.sk else heads)[item.sk] = item
        out: list[Fact] = []
        for sk, head in sorted(heads.items()):
            day = date.fromisoformat(sk)
            if head.facts:
                out.extend(factcodec.decode(head.facts, day))
            for ref in sorted(head.overflow or ()):
                blob = overflow.get(ref)
                if blob is None:  # listed but not returned yet (eventual read): fetch it directly
                    blob = self._rollups.get(domain, ref, consistent_read=True)
                out.extend(factcodec.decode(blob.facts or b"", day))
        return out

    def days(self, domain: str) -> list[date]:
        items = self._rollups.query(domain, attributes_to_get=["domain", "sk"])
        return [date.fromisoformat(i.sk) for i in items if "#" not in i.sk]

    def span(self, domain: str) -> tuple[date, date] | None:
        """The first and last day with a rollup: two one-item reads (an overflow item sorts by its day too)."""
        ends = [next(iter(self._rollups.query(domain, limit=1, scan_index_forward=forward,
                                              attributes_to_get=["domain", "sk"])), None) for forward in (True, False)]
        if ends[0] is None or ends[1] is None:
            return None
        return date.fromisoformat(ends[0].sk[:10]), date.fromisoformat(ends[1].sk[:10])

    # --- Added for the analyses API's in-memory fact cache (services.analyses); reads only. ---------------
    def versions(self, domain: str, start: date, end: date) -> dict[date, int]:
        """{day: version} of the days start..end that have a rollup: one small read per day, no facts."""
        items = self._rollups.query(domain, self._rollups.sk.between(start.isoformat(), end.isoformat() + "~"),
                                 attributes_to_get=["domain", "sk", "version"])
        return {date.fromisoformat(i.sk): int(i.version) for i in items if "#" not in i.sk}

    def range_facts(self, domain: str, start: date, end: date) -> dict[date, tuple[int, list[Fact]]]:
        """{day: (version, facts)} of the days start..end: one query, one item per day (plus overflow items)."""
        heads: list[RollupItem] = []
        blobs: dict[str, RollupItem] = {}
        for item in self._rollups.query(domain, self._rollups.sk.between(start.isoformat(), end.isoformat() + "~")):
            if "#" in item.sk:
                blobs[item.sk] = item
            else:
                heads.append(item)
        missing = [(domain, ref) for h in heads for ref in (h.overflow or ()) if ref not in blobs]
        if missing:  # listed by a head but not returned by the (eventually consistent) query yet
            blobs.update((i.sk, i) for i in self._rollups.batch_get(missing, consistent_read=True))
        return {date.fromisoformat(h.sk): (int(h.version), self._decoded(h, blobs)) for h in heads}

    @staticmethod
    def _decoded(head: RollupItem, blobs: dict[str, RollupItem]) -> list[Fact]:
        day = date.fromisoformat(head.sk)
        facts = factcodec.decode(head.facts, day) if head.facts else []
        for ref in sorted(head.overflow or ()):
            facts.extend(factcodec.decode(blobs[ref].facts or b"", day))
        return facts

    def day_facts(self, domain: str, days: Iterable[date]) -> dict[date, tuple[int, list[Fact]]]:
        """{day: (version, facts)} of the given days that have a rollup (head, then its overflow items)."""
        heads = list(self._rollups.batch_get([(domain, d.isoformat()) for d in days], consistent_read=True))
        refs = [(domain, ref) for h in heads for ref in sorted(h.overflow or ())]
        blobs = {i.sk: i for i in self._rollups.batch_get(refs, consistent_read=True)} if refs else {}
        return {date.fromisoformat(h.sk): (int(h.version), self._decoded(h, blobs)) for h in heads}

    def fact_chunks(self, domain: str, start: date, end: date) -> Iterator[list[Fact]]:
        """The facts of the days start..end, one stored item at a time (a head, then each overflow item it
        lists), day by day: a reader holds one item's facts (<= ~350 KB encoded), never a whole day."""
        listed: set[str] = set()
        pending: list[str] = []  # refs of the current head not seen yet (the query is eventually consistent)
        query = self._rollups.query(domain, self._rollups.sk.between(start.isoformat(), end.isoformat() + "~"),
                                    page_size=CHUNK_PAGE)
        for item in query:
            if "#" not in item.sk:
                yield from self._late(domain, pending)
                listed, pending = set(item.overflow or ()), sorted(item.overflow or ())
                if item.facts:
                    yield factcodec.decode(item.facts, date.fromisoformat(item.sk))
            elif item.sk in listed:  # overflow items sort after their head; unlisted ones are leftovers
                yield from self._late(domain, [ref for ref in pending if ref < item.sk])
                pending = [ref for ref in pending if ref > item.sk]
                yield factcodec.decode(item.facts or b"", date.fromisoformat(item.sk[:10]))
        yield from self._late(domain, pending)

    def _late(self, domain: str, refs: list[str]) -> Iterator[list[Fact]]:
        for ref in refs:
            blob = self._rollups.get(domain, ref, consistent_read=True)
            yield factcodec.decode(blob.facts or b"", date.fromisoformat(ref[:10]))

    def _save(self, item: RollupItem, units: set[str], facts: list[Fact], messages: int) -> bool:
        """Writes `item` with the given units and inline facts (moved to new overflow items when they do not
        fit), conditional on its version. False on a conflict, leaving no new overflow item behind."""
        blob = factcodec.encode(facts)
        overflow = set(item.overflow or ())
        budget = ITEM_BUDGET - sum(len(u) + 1 for u in units) - sum(len(o) + 1 for o in overflow)
        written: set[str] = set()
        if len(blob) > budget:
            for part in factcodec.encode_parts(facts, OVERFLOW_MAX):
                ref = f"{item.sk}#x#{uuid.uuid4().hex}"
                self._rollups(item.domain, ref, facts=part).save()
                written.add(ref)
            blob = b""
        item.facts = blob or None
        item.units = units or None
        item.overflow = (overflow | written) or None
        item.messages = messages
        try:
            item.save()
        except PutError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
            self._delete(item.domain, written)
            return False
        self._summaries.put_summary(item.domain, date.fromisoformat(item.sk), int(item.version), summarize(facts))
        return True

    def _repair_summary(self, head: RollupItem, day: date) -> None:
        """A retried merge finds its unit merged: the try before it may have stopped between the rollup write
        and the summary write, so the summary is written now if it is behind the rollup."""
        stored = self._summaries.versions(head.domain, day, day).get(day)
        if stored is None or stored[0] < int(head.version):
            facts = self._decoded(head, {ref: self._rollups.get(head.domain, ref, consistent_read=True)
                                         for ref in head.overflow or ()})
            self._summaries.put_summary(head.domain, day, int(head.version), summarize(facts))

    def _head(self, domain: str, day: date) -> RollupItem | None:
        try:
            return self._rollups.get(domain, day.isoformat(), consistent_read=True)
        except self._rollups.DoesNotExist:
            return None

    def _delete(self, domain: str, refs: Iterable[str]) -> None:
        refs = list(refs)
        if refs:
            with self._rollups.batch_write() as batch:
                for ref in refs:
                    batch.delete(self._rollups(domain, ref))
