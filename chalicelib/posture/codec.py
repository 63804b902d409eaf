"""PostureCheck / RecordChange <-> plain JSON data (the stored items and the API share it)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.posture.model import Finding, PostureCheck, RecordChange, RecordValue, Severity
from chalicelib.posture.texts import render


def finding_dict(f: Finding, texts: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"area": f.area, "code": f.code, "severity": f.severity.label, "record": f.record,
                           "params": dict(f.params)}
    if texts:
        out["text"] = render(f)
    return out


def check_dict(check: PostureCheck, texts: bool = False) -> dict[str, Any]:
    return {"domain": check.domain, "at": check.at.isoformat(),
            "worst": check.worst.label if check.worst is not None else None,
            "findings": [finding_dict(f, texts) for f in check.findings],
            "records": [{"name": r.name, "kind": r.kind, "values": None if r.values is None else list(r.values)}
                        for r in check.records]}


def check_from(doc: dict[str, Any]) -> PostureCheck:
    findings = tuple(Finding(f["area"], f["code"], Severity.parse(f["severity"]), f["record"],
                             tuple(f["params"].items())) for f in doc["findings"])
    records = tuple(RecordValue(r["name"], r["kind"], None if r["values"] is None else tuple(r["values"]))
                    for r in doc["records"])
    return PostureCheck(doc["domain"], datetime.fromisoformat(doc["at"]), findings, records)


def change_dict(c: RecordChange) -> dict[str, Any]:
    return {"domain": c.domain, "at": c.at.isoformat(), "name": c.name, "kind": c.kind,
            "before": None if c.before is None else list(c.before),
            "after": None if c.after is None else list(c.after)}


def change_from(doc: dict[str, Any]) -> RecordChange:
    return RecordChange(doc["domain"], datetime.fromisoformat(doc["at"]), doc["name"], doc["kind"],
                        None if doc["before"] is None else tuple(doc["before"]),
                        None if doc["after"] is None else tuple(doc["after"]))
