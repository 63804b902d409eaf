"""pynamodb models. Table names are bound from Settings by chalicelib.storage.tables.bind (at first use)."""
from __future__ import annotations

from pynamodb.attributes import (
    BinaryAttribute,
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex, IncludeProjection
from pynamodb.models import Model

from chalicelib.settings import DEFAULTS, TABLE_DOMAINS, TABLE_FAILURES, TABLE_REPORTS, TABLE_ROLLUPS

HEAD = "report"  # sort key of a report's main item; its record chunks sort under "chunk#<digest>#<n>"


class _Meta:
    billing_mode = "PAY_PER_REQUEST"


class ReportsByDomain(GlobalSecondaryIndex["ReportItem"]):
    class Meta(_Meta):
        index_name = "by-domain"
        projection = IncludeProjection(["org_name", "report_id", "end", "raw_key", "status", "record_count",
                                        "message_count", "warnings", "digest", "trust", "reason", "from_domain",
                                        "content"])

    domain = UnicodeAttribute(hash_key=True)
    begin = UTCDateTimeAttribute(range_key=True)


class HeldReports(GlobalSecondaryIndex["ReportItem"]):
    """Sparse: only held (unauthenticated) reports carry `held`, so this index lists exactly them."""

    class Meta(_Meta):
        index_name = "held"
        projection = IncludeProjection(["domain", "org_name", "report_id", "begin", "end", "raw_key", "status",
                                        "record_count", "message_count", "warnings", "digest", "trust", "reason",
                                        "from_domain", "content"])

    held = UnicodeAttribute(hash_key=True)
    stored = UTCDateTimeAttribute(range_key=True)


class ReportItem(Model):
    """A report: metadata, policy, status and records (inline, or in `chunks` chunk items)."""

    class Meta(_Meta):
        table_name = DEFAULTS[TABLE_REPORTS]

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True, default=HEAD)
    domain = UnicodeAttribute()
    org_name = UnicodeAttribute()
    report_id = UnicodeAttribute()
    begin = UTCDateTimeAttribute()
    end = UTCDateTimeAttribute()
    raw_key = UnicodeAttribute()
    status = UnicodeAttribute()
    record_count = NumberAttribute()
    message_count = NumberAttribute()
    warnings = ListAttribute(of=UnicodeAttribute, default=list)
    description = JSONAttribute()
    digest = UnicodeAttribute()
    records = BinaryAttribute(null=True, legacy_encoding=False)  # when they fit in the item
    chunks = NumberAttribute(default=0)
    stored = UTCDateTimeAttribute()
    trust = UnicodeAttribute(null=True)  # null: stored before provenance was kept (counted as operator)
    reason = UnicodeAttribute(null=True)
    from_domain = UnicodeAttribute(null=True)
    content = UnicodeAttribute(null=True)  # services.trust.content_digest
    held = UnicodeAttribute(null=True)  # "held" while status is held: the sparse HeldReports index
    by_domain = ReportsByDomain()
    held_reports = HeldReports()


class ChunkItem(Model):
    """Part of a large report's records. Immutable; keyed by the records' digest, so rewriting is harmless."""

    class Meta(_Meta):
        table_name = DEFAULTS[TABLE_REPORTS]

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    records = BinaryAttribute(legacy_encoding=False)


class RollupItem(Model):
    """A (domain, UTC day) rollup head (sk = "YYYY-MM-DD"), or one of its immutable overflow blobs
    (sk = "YYYY-MM-DD#x#<id>"), which count only while the head lists them in `overflow`."""

    class Meta(_Meta):
        table_name = DEFAULTS[TABLE_ROLLUPS]

    domain = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    facts = BinaryAttribute(null=True, legacy_encoding=False)
    units = UnicodeSetAttribute(null=True)  # report keys merged into the day
    overflow = UnicodeSetAttribute(null=True)
    messages = NumberAttribute(default=0)
    version = VersionAttribute()


class DomainItem(Model):
    """An analysis domain; the same table holds the operator's trusted reporter domains under REPORTER + name
    (a '#' never occurs in a domain name)."""

    class Meta(_Meta):
        table_name = DEFAULTS[TABLE_DOMAINS]

    name = UnicodeAttribute(hash_key=True)
    created = UTCDateTimeAttribute()
    removed = UTCDateTimeAttribute(null=True)
    display_name = UnicodeAttribute(null=True)
    org = UnicodeAttribute(null=True)  # the owning organization (chalicelib/access)
    proven = UTCDateTimeAttribute(null=True)  # ownership proven or assigned by the operator


REPORTER = "reporter#"


class FailuresByTime(GlobalSecondaryIndex["FailureItem"]):
    class Meta(_Meta):
        index_name = "by-time"
        projection = IncludeProjection(["kind", "message"])

    listing = UnicodeAttribute(hash_key=True)
    at = UTCDateTimeAttribute(range_key=True)


class FailureItem(Model):
    """One per raw mail. The hash key is the mail's digest (`Failure.id`); it keeps the stored attribute name
    "object_key" of the rows that were keyed by object key before, so the table's schema is unchanged."""

    class Meta(_Meta):
        table_name = DEFAULTS[TABLE_FAILURES]

    failure_id = UnicodeAttribute(hash_key=True, attr_name="object_key")
    raw_key = UnicodeAttribute(null=True)  # the latest object the mail was read from (older rows: failure_id)
    kind = UnicodeAttribute()
    message = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    digest = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    subject = UnicodeAttribute(null=True)
    sender = UnicodeAttribute(null=True)
    reports = NumberAttribute(default=0)
    listing = UnicodeAttribute(default="all")  # one GSI partition: failures are few, listed newest first
    by_time = FailuresByTime()
