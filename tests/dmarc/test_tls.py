"""SMTP TLS reports (RFC 8460): reading, containers, and hostile JSON within the limits."""
from __future__ import annotations

import gzip
import io
import json
import time
import zipfile
from datetime import UTC, datetime
from typing import Any

import pytest

from chalicelib.dmarc import ErrorKind, Limits, read_message

DAY = {"start-datetime": "2026-03-01T00:00:00Z", "end-datetime": "2026-03-01T23:59:59Z"}


def report(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "organization-name": "Example Mail", "date-range": dict(DAY), "contact-info": "tls@mail.example",
        "report-id": "r-1", "policies": [{
            "policy": {"policy-type": "STS", "policy-domain": "Example.COM.", "policy-string": ["version: STSv1"],
                       "mx-host": ["MX1.example.com"]},
            "summary": {"total-successful-session-count": 90, "total-failure-session-count": 10},
            "failure-details": [{"result-type": "certificate-expired", "sending-mta-ip": "192.0.2.1",
                                 "receiving-mx-hostname": "mx1.example.com.", "receiving-ip": "198.51.100.7",
                                 "failed-session-count": 10, "additional-information": "see x"}]}]}
    doc.update(changes)
    return doc


def encode(doc: object) -> bytes:
    return json.dumps(doc).encode()


def mail(body: bytes, ctype: str = "application/tlsrpt+gzip") -> bytes:
    return (b"From: tls@mail.example\r\nSubject: Report Domain: example.com\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/report; report-type=tlsrpt; boundary=B\r\n\r\n--B\r\n"
            b"Content-Type: text/plain\r\n\r\nThis is a TLS report.\r\n--B\r\nContent-Type: " + ctype.encode() +
            b"; name=x.json.gz\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            __import__("base64").encodebytes(body) + b"--B--\r\n")


def test_a_report_reads_into_frozen_dataclasses_normalised() -> None:
    outcome = read_message(encode(report()))
    assert not outcome.reports and not outcome.problems
    tls = outcome.tls[0]
    assert (tls.org_name, tls.report_id, tls.contact_info) == ("Example Mail", "r-1", "tls@mail.example")
    assert tls.begin == datetime(2026, 3, 1, tzinfo=UTC) and tls.end.hour == 23
    policy = tls.policies[0]
    assert (policy.policy_type, policy.policy_domain, policy.mx_hosts) == ("sts", "example.com", ("mx1.example.com",))
    assert (tls.sessions_success, tls.sessions_failure, tls.policy_domains) == (90, 10, ("example.com",))
    failure = policy.failures[0]
    assert (failure.result_type, failure.receiving_mx_hostname, failure.failed_sessions) == (
        "certificate-expired", "mx1.example.com", 10)
    with pytest.raises(AttributeError):
        tls.org_name = "x"  # type: ignore[misc]


@pytest.mark.parametrize("wrap", [
    lambda b: b, gzip.compress, lambda b: mail(gzip.compress(b)), lambda b: mail(b, "application/tlsrpt+json"),
    lambda b: _zip(b),
], ids=["json", "gzip", "mail-gzip", "mail-json", "zip"])
def test_every_container_carries_tls_reports(wrap: Any) -> None:
    outcome = read_message(wrap(encode(report())))
    assert len(outcome.tls) == 1 and not outcome.problems, outcome.problems


def _zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("r.json", data)
    return out.getvalue()


def test_inconsistent_counts_and_unknown_types_are_warnings() -> None:
    doc = report()
    doc["policies"][0]["failure-details"][0]["failed-session-count"] = 50
    doc["policies"][0]["failure-details"][0]["result-type"] = "brand-new"
    doc["policies"][0]["policy"]["mx-host"] = "mx1.example.com"
    del doc["contact-info"]
    warnings = read_message(encode(doc)).tls[0].warnings
    assert any("failure-details count 50" in w for w in warnings)
    assert any("unknown result-type" in w for w in warnings)
    assert any("mx-host is a string" in w for w in warnings)
    assert "contact-info is missing" in warnings


@pytest.mark.parametrize(("mutate", "kind", "text"), [
    (lambda d: d.update({"policies": "x"}), ErrorKind.INVALID_REPORT, "policies is not a list"),
    (lambda d: d.update({"policies": []}), ErrorKind.INVALID_REPORT, "policies is empty"),
    (lambda d: d.update({"organization-name": 7}), ErrorKind.INVALID_REPORT, "organization-name is not a string"),
    (lambda d: d["policies"][0]["summary"].update({"total-failure-session-count": "10"}),
     ErrorKind.INVALID_REPORT, "total-failure-session-count is not a whole number"),
    (lambda d: d["policies"][0]["summary"].update({"total-failure-session-count": True}),
     ErrorKind.INVALID_REPORT, "is not a whole number"),
    (lambda d: d["policies"][0]["summary"].update({"total-failure-session-count": 1.5}),
     ErrorKind.INVALID_REPORT, "is not a whole number"),
    (lambda d: d["policies"][0]["summary"].update({"total-failure-session-count": -1}),
     ErrorKind.INVALID_REPORT, "is negative"),
    (lambda d: d["policies"][0]["failure-details"].append([]), ErrorKind.INVALID_REPORT,
     "failure-details[1] is not an object"),
    (lambda d: d["date-range"].update({"start-datetime": "yesterday"}), ErrorKind.INVALID_REPORT, "RFC 3339"),
    (lambda d: d.update({"date-range": {"start-datetime": "2026-03-02T00:00:00Z",
                                        "end-datetime": "2026-03-01T00:00:00Z"}}), ErrorKind.INVALID_REPORT,
     "before it starts"),
    (lambda d: d["policies"][0]["policy"].update({"policy-domain": ""}), ErrorKind.INVALID_REPORT, "empty"),
])
def test_wrong_types_name_the_field(mutate: Any, kind: ErrorKind, text: str) -> None:
    doc = report()
    mutate(doc)
    problem = read_message(encode(doc)).main_problem()
    assert problem.kind is kind and text in problem.message, problem


@pytest.mark.parametrize(("data", "kind"), [
    (b"[" * 200_000 + b"]" * 200_000, ErrorKind.LIMIT_EXCEEDED),
    (b'{"policies": [' + b"9" * 5000 + b"]}", ErrorKind.MALFORMED),
    (b'{"policies": [NaN]}', ErrorKind.MALFORMED),
    (b'{"policies": [1e999999]}', ErrorKind.INVALID_REPORT),
    (b'{"policies": "\xff\xfe"}', ErrorKind.MALFORMED),
    (b'{"policies": [', ErrorKind.MALFORMED),
    (b'{"a": 1}', ErrorKind.NOT_A_REPORT),
    (b"[1, 2]", ErrorKind.NOT_A_REPORT),
], ids=["deep", "huge-number", "nan", "huge-float", "not-utf8", "truncated", "other-json", "json-list"])
def test_hostile_json_gives_a_clear_outcome(data: bytes, kind: ErrorKind) -> None:
    started = time.monotonic()
    outcome = read_message(data)
    assert not outcome.tls and outcome.main_problem().kind is kind, outcome.problems
    assert time.monotonic() - started < 2


def test_deep_nesting_inside_a_valid_field_is_refused() -> None:
    doc = encode(report())[:-1] + b', "x": ' + b"{\"a\":" * 100_000 + b"1" + b"}" * 100_000 + b"}"
    assert read_message(doc).main_problem().kind is ErrorKind.LIMIT_EXCEEDED


def test_100_mb_of_whitespace_stops_at_the_json_limit() -> None:
    data = b"{" + b" " * (100 * 1024 * 1024) + b"}"
    started = time.monotonic()
    problem = read_message(gzip.compress(data, 1), Limits(max_ratio=1_000_000)).main_problem()
    assert problem.kind is ErrorKind.LIMIT_EXCEEDED and "JSON payload" in problem.message
    assert time.monotonic() - started < 10


def test_the_message_limit_still_applies_to_bare_json() -> None:
    data = encode(report())
    problem = read_message(data, Limits(max_message_bytes=len(data) - 1)).main_problem()
    assert problem.kind is ErrorKind.LIMIT_EXCEEDED


def test_too_many_failure_details_trip_the_record_limit() -> None:
    doc = report()
    doc["policies"][0]["failure-details"] *= 20
    problem = read_message(encode(doc), Limits(max_records=10)).main_problem()
    assert problem.kind is ErrorKind.LIMIT_EXCEEDED
