"""TlsReport <-> compact bytes (zlib-compressed JSON), for the stored item. Pure: no pynamodb."""
from __future__ import annotations

import json
import zlib
from dataclasses import asdict
from datetime import datetime
from typing import Any

from chalicelib.dmarc.tls_model import TlsFailure, TlsPolicy, TlsReport


def encode(report: TlsReport) -> bytes:
    doc = asdict(report)
    doc["begin"], doc["end"] = report.begin.isoformat(), report.end.isoformat()
    return zlib.compress(json.dumps(doc, separators=(",", ":")).encode(), 6)


def decode(data: bytes) -> TlsReport:
    doc: dict[str, Any] = json.loads(zlib.decompress(data))
    policies = tuple(_policy(p) for p in doc["policies"])
    return TlsReport(doc["org_name"], doc["report_id"], datetime.fromisoformat(doc["begin"]),
                     datetime.fromisoformat(doc["end"]), doc["contact_info"], policies, tuple(doc["warnings"]))


def _policy(doc: dict[str, Any]) -> TlsPolicy:
    return TlsPolicy(doc["policy_type"], doc["policy_domain"], doc["successful_sessions"], doc["failed_sessions"],
                     tuple(doc["policy_strings"]), tuple(doc["mx_hosts"]),
                     tuple(TlsFailure(**f) for f in doc["failures"]))
