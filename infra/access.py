"""Which DynamoDB actions each kind of function may use on which table (by chalicelib.settings' `tables.*`
field). Derived from what the code calls: the Lambda entry points reach these adapters through
chalicelib/wiring.py, and each adapter in chalicelib/storage makes these pynamodb calls (get -> GetItem,
save -> PutItem, update -> UpdateItem, delete -> DeleteItem, query -> Query, scan -> Scan, batch_get ->
BatchGetItem, batch_write -> BatchWriteItem). tests/infra/test_table_access.py records the calls the
ingest, scheduled and API functions make and checks them against this table, and checks that nothing here is
beyond what the storage modules call.

- ingest (handle_raw_mail): IngestService stores reports, days, the policy log (rollups table: GetItem and a
  conditional PutItem per counted report, and an UpdateItem counting the change in its month), failures, TLS reports
  and reverse-DNS names, and reads the registered and trusted domains. After each report's days it makes their
  portfolio digest days (services.portfolio_digest): the days' summaries, their registry part (so it reads the
  registry, and updates the summary item), the policies of the reports beginning those days, and one conditional
  UpdateItem of the domain's digest; each day write also counts a change of its month (UpdateItem). It never reads
  the alerts.
- schedule (alerts, digest, DNS posture): read domains, days, the policy log, reports, the registry's tags and
  TLS reports; write alert rules/states/history/log, DNS posture checks and the policy log's backfill.
- api: everything the UI manages, and reprocessing (the ingest path) from the failures list; the only one that
  reads the access table (organizations and memberships: each request's caller is resolved at the API edge)."""
from __future__ import annotations

from typing import Any

from infra.cfn import Json, allow, att, sub
from infra.discover import Table

GET, PUT, UPDATE, DELETE = "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"
QUERY, SCAN = "dynamodb:Query", "dynamodb:Scan"
BATCH_GET, BATCH_WRITE = "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem"
INGEST_WRITES: dict[str, set[str]] = {  # what storing a report does (ingest, and reprocess in the API)
    "reports": {GET, PUT, UPDATE, QUERY, BATCH_GET, BATCH_WRITE},  # BatchGetItem: the policies (portfolio digest)
    # UpdateItem: a day write counts in its month; a day's registry part; the portfolio digest
    "rollups": {GET, PUT, UPDATE, QUERY, BATCH_GET, BATCH_WRITE},
    "registry": {GET, BATCH_GET},  # the day's registry part at ingest (BatchGetItem: a large snapshot's parts)
    "domains": {GET, SCAN},
    "failures": {GET, PUT, DELETE},
    "dns_cache": {BATCH_GET, BATCH_WRITE},
    "posture": {GET, PUT, DELETE, QUERY},
}
ACCESS: dict[str, dict[str, set[str]]] = {
    "ingest": INGEST_WRITES,
    "schedule": {
        "reports": {GET, QUERY, BATCH_GET},  # BatchGetItem: the policy log's backfill (policy_drift rule)
        # UpdateItem: a day's registry part, a month part made again, the open alert count; PutItem: the policy
        # log's backfill, when a policy drift rule is the first to read a domain after an upgrade
        "rollups": {GET, PUT, QUERY, BATCH_GET, UPDATE},
        "domains": {GET, SCAN},
        "registry": {GET, BATCH_GET},
        "alerts": {GET, PUT, DELETE, QUERY},
        "posture": {GET, PUT, DELETE, QUERY},
    },
    "api": {
        "reports": INGEST_WRITES["reports"] | {SCAN},
        "rollups": INGEST_WRITES["rollups"],  # UpdateItem (ingest's): also a month part made again
        "domains": {GET, PUT, UPDATE, DELETE, SCAN},
        "failures": {GET, PUT, DELETE, QUERY, BATCH_GET},
        "registry": {GET, PUT, BATCH_GET, BATCH_WRITE},
        "alerts": {GET, PUT, DELETE, QUERY, BATCH_WRITE},  # BatchWriteItem: a domain changing hands forgets its alerts
        "dns_cache": INGEST_WRITES["dns_cache"],
        "posture": INGEST_WRITES["posture"],
        "access": {GET, PUT, DELETE, QUERY, SCAN},  # organizations, memberships, the verification secret
    },
}
INDEX_ACTIONS = {QUERY, SCAN}  # the actions that can name an index


def field(table: Table) -> str:
    """The chalicelib.settings `tables.*` field of a table ("dns_cache")."""
    return table.suffix.replace("-", "_")


def table_statements(kind: str, tables: list[Table]) -> list[Json]:
    """One statement per table the kind uses: its actions on the table (and its indexes when it queries)."""
    statements = []
    for table in tables:
        actions = ACCESS.get(kind, {}).get(field(table))
        if not actions:
            continue
        targets: list[Any] = [att(table.logical_id, "Arn")]
        if actions & INDEX_ACTIONS and table.schema["indexes"]:
            targets.append(sub("${" + table.logical_id + ".Arn}/index/*"))
        sid = "".join(part.capitalize() for part in field(table).split("_")) + "Table"
        statements.append(allow(sorted(actions), targets, Sid=sid))
    return statements
