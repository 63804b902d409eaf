"""Report items: one head item per report, plus immutable record chunks when the records do not fit."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from pynamodb.exceptions import PutError
from pynamodb.expressions.update import Action

from chalicelib.dmarc.model import AggregateReport
from chalicelib.ports.ingest import Page, Status, StoredReport
from chalicelib.ports.rows import fill
from chalicelib.provenance import Provenance, Trust, operator
from chalicelib.storage import recordcodec
from chalicelib.storage.binding import bind_model
from chalicelib.storage.models import HEAD, ChunkItem, ReportItem, ReportsByDomain
from chalicelib.storage.paging import decode_token, encode_token

INLINE_MAX = 300_000  # compressed records kept in the head item up to this size
CHUNK_MAX = 350_000  # each chunk item's records blob (DynamoDB's item limit is 400 KB)
MAX_WARNINGS, MAX_WARNING_CHARS = 50, 500
HELD = "held"  # the value of the sparse `held` attribute
BEFORE_PROVENANCE = "stored_before_provenance"  # reports stored before provenance was kept: they counted then


class DynamoReports:
    def __init__(self, table_name: str) -> None:
        self._reports = bind_model(ReportItem, table_name)
        self._chunks = bind_model(ChunkItem, table_name)

    def get(self, key: str) -> StoredReport | None:
        try:
            return _stored(self._reports.get(key, HEAD, consistent_read=True))
        except self._reports.DoesNotExist:
            return None

    def create(self, key: str, report: AggregateReport, raw_key: str, status: Status,
               provenance: Provenance | None = None, content: str | None = None) -> bool:
        item = self._write(key, report, raw_key, status, provenance, content)
        try:
            item.save(condition=self._reports.pk.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def create_many(self, reports: Iterable[tuple[str, AggregateReport]], raw_key: str, status: Status) -> int:
        """Writes new report items in batches, without `create`'s condition: for filling a table that holds none
        of them (the analyses bench's 10,950 reports). Returns how many."""
        count = 0
        with self._reports.batch_write() as batch:
            for key, report in reports:
                batch.save(self._write(key, report, raw_key, status, None, None))
                count += 1
        return count

    def replace(self, key: str, report: AggregateReport, raw_key: str, status: Status,
                provenance: Provenance | None = None, content: str | None = None) -> bool:
        """Overwrites the item unless it already holds exactly this content (then False, nothing written)."""
        before = self._head(key)
        blobs = recordcodec.encode_records(report.records, CHUNK_MAX)
        if before is not None and before.digest == recordcodec.digest(blobs) \
                and before.description == _description(report):
            return False
        self._write(key, report, raw_key, status, provenance, content, blobs).save()
        if before is not None and before.chunks and before.digest != recordcodec.digest(blobs):
            self._drop_chunks(key, before.digest, int(before.chunks))
        return True

    def set_status(self, key: str, status: Status, provenance: Provenance | None = None) -> None:
        items = self._reports
        actions: list[Action] = [items.status.set(status.value),
                   items.held.set(HELD) if status is Status.HELD else items.held.remove()]
        if provenance is not None:
            actions += [items.trust.set(provenance.trust.value), items.reason.set(provenance.reason),
                        items.from_domain.set(provenance.from_domain) if provenance.from_domain
                        else items.from_domain.remove()]
        items(key, HEAD).update(actions=actions, condition=items.pk.exists())

    def held(self, limit: int, token: str | None = None) -> Page[StoredReport]:
        return fill(self.held_rows(token, limit + 1), limit)

    def held_rows(self, token: str | None, batch: int) -> Iterator[tuple[StoredReport, str | None]]:
        index = self._reports.held_reports
        start = decode_token(token, self._reports, HELD, index)
        result = index.query(HELD, scan_index_forward=False, last_evaluated_key=start, page_size=batch)
        for item in result:  # pynamodb makes the key of an item within a page (its last_evaluated_key)
            yield _stored(item), encode_token(result.last_evaluated_key)

    def load(self, key: str) -> AggregateReport:
        head = self._reports.get(key, HEAD, consistent_read=True)
        if head.records is not None:
            blobs = [head.records]
        else:
            chunks = self._chunks.query(key, self._chunks.sk.startswith(f"chunk#{head.digest}#"), consistent_read=True)
            blobs = [c.records for c in chunks][: int(head.chunks)]
            if len(blobs) != head.chunks:
                raise LookupError(f"report {key}: {len(blobs)} of {head.chunks} record chunks found")
        return recordcodec.rebuild(head.description, recordcodec.decode_records(blobs))

    def by_domain(self, domain: str, begin_from: datetime | None = None,
                  begin_to: datetime | None = None) -> Iterator[StoredReport]:
        condition = None
        if begin_from is not None or begin_to is not None:
            condition = ReportsByDomain.begin.between(begin_from or datetime(1970, 1, 1, tzinfo=UTC),
                                                           begin_to or datetime(9999, 1, 1, tzinfo=UTC))
        for item in self._reports.by_domain.query(domain, condition):
            yield _stored(item)

    def page(self, domain: str, limit: int, token: str | None = None) -> Page[StoredReport]:
        start = decode_token(token, self._reports, domain, self._reports.by_domain)
        result = self._reports.by_domain.query(domain, limit=limit, scan_index_forward=False, last_evaluated_key=start)
        items = tuple(_stored(i) for i in result)
        return Page(items, encode_token(result.last_evaluated_key) if len(items) == limit else None)

    def _head(self, key: str) -> ReportItem | None:
        try:
            return self._reports.get(key, HEAD, consistent_read=True)
        except self._reports.DoesNotExist:
            return None

    def _write(self, key: str, report: AggregateReport, raw_key: str, status: Status,
               provenance: Provenance | None, content: str | None, blobs: list[bytes] | None = None) -> ReportItem:
        """The head item to save, after writing the chunk items it refers to (when needed)."""
        provenance = provenance or operator()
        blobs = blobs if blobs is not None else recordcodec.encode_records(report.records, CHUNK_MAX)
        digest = recordcodec.digest(blobs)
        inline = blobs[0] if len(blobs) == 1 and len(blobs[0]) <= INLINE_MAX else None
        if inline is None:
            with self._chunks.batch_write() as batch:
                for n, blob in enumerate(blobs):
                    batch.save(self._chunks(key, f"chunk#{digest}#{n:05d}", records=blob))
        meta = report.metadata
        return self._reports(
            key, HEAD, domain=report.domain, org_name=meta.org_name, report_id=meta.report_id, begin=meta.begin,
            end=meta.end, raw_key=raw_key, status=status.value, record_count=len(report.records),
            message_count=report.message_count,
            warnings=_warnings(report.warnings), description=_description(report), digest=digest, records=inline,
            chunks=0 if inline is not None else len(blobs), stored=datetime.now(UTC), trust=provenance.trust.value,
            reason=provenance.reason, from_domain=provenance.from_domain, content=content,
            held=HELD if status is Status.HELD else None)

    def _drop_chunks(self, key: str, digest: str, count: int) -> None:
        with self._chunks.batch_write() as batch:
            for n in range(count):
                batch.delete(self._chunks(key, f"chunk#{digest}#{n:05d}"))


def _stored(item: ReportItem) -> StoredReport:
    return StoredReport(
        key=item.pk, domain=item.domain, org_name=item.org_name, report_id=item.report_id, begin=item.begin,
        end=item.end, raw_key=item.raw_key, status=Status(item.status), record_count=int(item.record_count),
        message_count=int(item.message_count), warnings=tuple(str(w) for w in item.warnings or ()), digest=item.digest,
        provenance=_provenance(item), content=item.content)


def _provenance(item: ReportItem) -> Provenance:
    if item.trust is None:
        return Provenance(Trust.OPERATOR, BEFORE_PROVENANCE, None)
    return Provenance(Trust(item.trust), item.reason or "", item.from_domain)


def _warnings(warnings: tuple[str, ...] | list[str]) -> list[str]:
    return [w[:MAX_WARNING_CHARS] for w in warnings[:MAX_WARNINGS]]


def _description(report: AggregateReport) -> dict:  # type: ignore[type-arg]
    description = recordcodec.describe(report)
    description["warnings"] = _warnings(description["warnings"])
    return description
