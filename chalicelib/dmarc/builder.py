"""Turns the elements of one aggregate report into value objects, collecting warnings as it goes."""
from __future__ import annotations

from collections import Counter
from typing import Any

from chalicelib.dmarc import normalize as norm
from chalicelib.dmarc.errors import ErrorKind, LimitExceeded, ReportError
from chalicelib.dmarc.limits import Limits
from chalicelib.dmarc.model import AggregateReport, PolicyPublished, Record, ReportMetadata, Schema
from chalicelib.dmarc.records import RecordReader
from chalicelib.dmarc.verdicts import complete_verdicts

MAX_DISTINCT_WARNINGS = 50
_NS_RFC9990 = ("urn:ietf:params:xml:ns:dmarc-2.0", "http://dmarc.org/dmarc-xml/0.2")


def _children(elem: Any) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for child in elem:
        tag = child.tag
        if isinstance(tag, str):
            out.setdefault(tag[tag.rfind("}") + 1:], []).append(child)
    return out


class ReportBuilder:
    def __init__(self, limits: Limits, name: str | None) -> None:
        self._limits = limits
        self._name = name
        self._warnings: Counter[str] = Counter()
        self._records: list[Record] = []
        self._max_records = limits.max_records
        self._reader: RecordReader | None = None  # made at the first record, for its namespace
        self.record_tag = "\0"  # set from the first record seen (its namespace decides the tag names)
        self._metadata: dict[str, list[Any]] | None = None
        self._policy: PolicyPublished | None = None
        self._namespace: str | None = None
        self.version: str | None = None
        self.root_tag = "?"
        self.saw_feedback = False

    # -- element handlers -------------------------------------------------------------------------------------
    def set_namespace(self, namespace: str | None) -> None:
        self._namespace = namespace

    def warn(self, message: str) -> None:
        if message in self._warnings or len(self._warnings) < MAX_DISTINCT_WARNINGS:
            self._warnings[message] += 1

    def _text(self, elems: list[Any] | None) -> str | None:
        if not elems:
            return None
        text = elems[0].text
        if text is not None and len(text) > self._limits.max_text_bytes:
            raise LimitExceeded(f"an element's text is longer than {self._limits.max_text_bytes} characters")
        return text

    def set_metadata(self, elem: Any) -> None:
        fields = _children(elem)
        for key in ("date_range", "data_range"):
            if key in fields:
                fields.update(_children(fields[key][0]))
                if key == "data_range":
                    self.warn("report_metadata has <data_range> instead of <date_range>; read as date_range")
                break
        fields["error"] = [e for e in fields.get("error", [])]
        self._metadata = {k: [self._text(v)] if k != "error" else [self._text([e]) for e in v]
                          for k, v in fields.items()}

    def set_policy(self, elem: Any) -> None:
        f = _children(elem)
        t = self._text
        pct = None
        try:
            pct = norm.percent(t(f.get("pct")))
        except ValueError as exc:
            self.warn(str(exc))
        domain = norm.domain(t(f.get("domain")))
        self._policy = PolicyPublished(
            domain=domain or "",
            p=_lower(t(f.get("p"))), sp=_lower(t(f.get("sp"))), np=_lower(t(f.get("np"))),
            adkim=_lower(t(f.get("adkim"))), aspf=_lower(t(f.get("aspf"))), pct=pct,
            fo=norm.optional_text(t(f.get("fo"))), testing=_lower(t(f.get("testing"))),
            discovery_method=_lower(t(f.get("discovery_method"))),
        )

    def add_record(self, elem: Any, tag: str) -> None:
        """`tag` is elem.tag, which the caller has already read (each read makes a new string)."""
        if len(self._records) >= self._max_records:
            raise LimitExceeded(f"the report has more than {self._max_records} records")
        if tag != self.record_tag:  # the records' namespace decides the tag names inside them
            self.record_tag = tag
            namespace = tag[1:tag.find("}")] if tag.startswith("{") else None
            self._reader = RecordReader(self.warn, self._limits.max_text_bytes, namespace)
        try:
            record = self._reader.read(elem)  # type: ignore[union-attr]
        except ValueError as exc:
            self.warn(f"record dropped: {exc}")
            return
        self._records.append(record)

    # -- result -----------------------------------------------------------------------------------------------
    def build(self) -> AggregateReport:
        if not self.saw_feedback:
            raise ReportError(ErrorKind.NOT_A_REPORT,
                              f"the XML document <{self.root_tag[:40]}> is not a DMARC aggregate report (<feedback>)")
        metadata = self._build_metadata()
        if self._policy is None or not self._policy.domain:
            raise ReportError(ErrorKind.INVALID_REPORT, "the report has no policy_published/domain")
        records = complete_verdicts(self._records, self._policy, self.warn)
        return AggregateReport(
            schema=self._schema(), version=self.version, metadata=metadata, policy=self._policy,
            records=tuple(records), warnings=self._rendered_warnings(), source_name=self._name,
        )

    def _build_metadata(self) -> ReportMetadata:
        m = self._metadata or {}

        def first(key: str) -> str | None:
            values = m.get(key)
            return values[0] if values else None

        problems = []
        org = norm.optional_text(first("org_name"))
        email = norm.optional_text(first("email"))
        if not org and email and "@" in email:
            org = email.rsplit("@", 1)[1].strip(" >").lower()
            self.warn(f"report_metadata/org_name is empty; the reporter is named after its e-mail domain {org!r}")
        if not org:
            problems.append("org_name")
        rid = norm.report_id(first("report_id"))
        if not rid:
            problems.append("report_id")
        try:
            begin = norm.timestamp(first("begin"), "date_range/begin")
            end = norm.timestamp(first("end"), "date_range/end")
        except ValueError as exc:
            problems.append(str(exc))
        if problems:
            missing = ", ".join(problems)
            raise ReportError(ErrorKind.INVALID_REPORT, f"the report metadata is unusable: {missing}")
        if end < begin:
            self.warn("date_range end is before begin; the two were swapped")
            begin, end = end, begin
        return ReportMetadata(
            org_name=org or "", report_id=rid or "", begin=begin, end=end, email=email,
            extra_contact_info=norm.optional_text(first("extra_contact_info")),
            errors=tuple(e.strip() for e in m.get("error", []) if e and e.strip()),
            generator=norm.optional_text(first("generator")),
        )

    def _schema(self) -> Schema:
        if self._namespace in _NS_RFC9990 or (self.version or "").startswith("2"):
            return "rfc9990"
        return "rfc7489" if self.version else "draft"

    def _rendered_warnings(self) -> tuple[str, ...]:
        return tuple(m if n == 1 else f"{m} (x{n})" for m, n in self._warnings.items())


def _lower(text: str | None) -> str | None:
    value = norm.optional_text(text)
    return value.lower() if value else None
