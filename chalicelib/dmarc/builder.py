"""Turns the elements of one aggregate report into value objects, collecting warnings as it goes."""
from __future__ import annotations

from collections import Counter
from typing import Any

from chalicelib.dmarc import normalize as norm
from chalicelib.dmarc.errors import ErrorKind, LimitExceeded, ReportError
from chalicelib.dmarc.limits import Limits
from chalicelib.dmarc.model import (
    AggregateReport,
    DkimAuth,
    PolicyOverride,
    PolicyPublished,
    Record,
    ReportMetadata,
    Schema,
    SpfAuth,
)

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

    def add_record(self, elem: Any) -> None:
        if len(self._records) >= self._limits.max_records:
            raise LimitExceeded(f"the report has more than {self._limits.max_records} records")
        try:
            record = self._record(elem)
        except ValueError as exc:
            self.warn(f"record dropped: {exc}")
            return
        self._records.append(record)

    def _record(self, elem: Any) -> Record:
        rec = _children(elem)
        row = _children(rec["row"][0]) if "row" in rec else {}
        t = self._text
        source_ip = norm.ip(t(row.get("source_ip")))
        count = norm.count(t(row.get("count")))
        pe = _children(row["policy_evaluated"][0]) if "policy_evaluated" in row else {}
        disposition, w1 = norm.disposition(t(pe.get("disposition")))
        dkim_aligned, w2 = norm.dmarc_pass(t(pe.get("dkim")))
        spf_aligned, w3 = norm.dmarc_pass(t(pe.get("spf")))
        for w in (w1, w2, w3):
            if w:
                self.warn(w)
        ident = _children((rec.get("identifiers") or row.get("identifiers"))[0]) \
            if ("identifiers" in rec or "identifiers" in row) else {}
        auth = _children((rec.get("auth_results") or row.get("auth_results"))[0]) \
            if ("auth_results" in rec or "auth_results" in row) else {}
        return Record(
            source_ip=source_ip, count=count, disposition=disposition,
            dkim_aligned=dkim_aligned, spf_aligned=spf_aligned,
            header_from=norm.domain(t(ident.get("header_from"))),
            envelope_from=norm.domain(t(ident.get("envelope_from"))),
            envelope_to=norm.domain(t(ident.get("envelope_to"))),
            reasons=tuple(self._reason(r) for r in pe.get("reason", ())),
            dkim=tuple(d for d in (self._dkim(e) for e in auth.get("dkim", ())) if d is not None),
            spf=tuple(s for s in (self._spf(e) for e in auth.get("spf", ())) if s is not None),
        )

    def _reason(self, elem: Any) -> PolicyOverride:
        f = _children(elem)
        kind, warning = norm.override_type(self._text(f.get("type")))
        if warning:
            self.warn(warning)
        return PolicyOverride(kind, norm.optional_text(self._text(f.get("comment"))))

    def _dkim(self, elem: Any) -> DkimAuth | None:
        f = _children(elem)
        t = self._text
        domain, raw_result = norm.domain(t(f.get("domain"))), t(f.get("result"))
        if domain is None and not (raw_result or "").strip():
            return None  # an all-empty <dkim/> says nothing
        result, warning = norm.dkim_result(raw_result)
        if warning:
            self.warn(warning)
        return DkimAuth(domain, norm.optional_text(t(f.get("selector"))), result,
                        norm.optional_text(t(f.get("human_result"))))

    def _spf(self, elem: Any) -> SpfAuth | None:
        f = _children(elem)
        t = self._text
        domain, raw_result = norm.domain(t(f.get("domain"))), t(f.get("result"))
        if domain is None and not (raw_result or "").strip():
            return None
        result, warning = norm.spf_result(raw_result)
        scope, scope_warning = norm.spf_scope(t(f.get("scope")))
        for w in (warning, scope_warning):
            if w:
                self.warn(w)
        return SpfAuth(domain, scope, result, norm.optional_text(t(f.get("human_result"))))

    # -- result -----------------------------------------------------------------------------------------------
    def build(self) -> AggregateReport:
        if not self.saw_feedback:
            raise ReportError(ErrorKind.NOT_A_REPORT,
                              f"the XML document <{self.root_tag[:40]}> is not a DMARC aggregate report (<feedback>)")
        metadata = self._build_metadata()
        if self._policy is None or not self._policy.domain:
            raise ReportError(ErrorKind.INVALID_REPORT, "the report has no policy_published/domain")
        return AggregateReport(
            schema=self._schema(), version=self.version, metadata=metadata, policy=self._policy,
            records=tuple(self._records), warnings=self._rendered_warnings(), source_name=self._name,
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
