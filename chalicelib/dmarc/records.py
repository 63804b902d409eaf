"""The hot path: one <record> element -> Record. Written for speed (a report can hold 100,000 records): one
pass over each level of children, memoised normalisation of repeated values, a cache for repeated addresses.
Behaviour equals the plain functions in `normalize`; the caches only skip repeated work."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.dmarc import normalize as norm
from chalicelib.dmarc.model import DkimAuth, IPAddress, PolicyOverride, Record, SpfAuth

Warn = Callable[[str], None]
_CACHE_MAX = 65536
_new = object.__new__
_RECORD_SETTERS = tuple(Record.__dict__[name].__set__ for name in Record.__dataclass_fields__)  # type: ignore[attr-defined]


def _make_record(*values: Any) -> Record:
    """Record(*values) without the per-field frozen-dataclass overhead; same object, same invariants."""
    record = _new(Record)
    for setter, value in zip(_RECORD_SETTERS, values, strict=True):
        setter(record, value)
    return record


class _Memo:
    """Memoises a normaliser that returns (value, warning); warnings are re-emitted on every hit."""

    def __init__(self, fn: Callable[[str | None], tuple[Any, str | None]], warn: Warn) -> None:
        self._fn = fn
        self._warn = warn
        self._cache: dict[str | None, tuple[Any, str | None]] = {}

    def __call__(self, text: str | None) -> Any:
        hit = self._cache.get(text)
        if hit is None:
            hit = self._fn(text)
            if len(self._cache) < _CACHE_MAX:
                self._cache[text] = hit
        if hit[1]:
            self._warn(hit[1])
        return hit[0]


class RecordReader:
    def __init__(self, warn: Warn, max_text: int) -> None:
        self._max_text = max_text
        self._ips: dict[str | None, IPAddress] = {}
        self._domains: dict[str | None, str | None] = {}
        self._local: dict[str, str] = {}
        self._disposition = _Memo(norm.disposition, warn)
        self._dmarc = _Memo(norm.dmarc_pass, warn)
        self._dkim_result = _Memo(norm.dkim_result, warn)
        self._spf_result = _Memo(norm.spf_result, warn)
        self._scope = _Memo(norm.spf_scope, warn)
        self._override = _Memo(norm.override_type, warn)

    def read(self, record: Any) -> Record:
        """Raises ValueError (the reason the record is dropped) for a record that cannot be valid."""
        local = self._names
        ip_text = count_text = disposition = dkim = spf = None
        header_from = envelope_from = envelope_to = None
        reasons: list[PolicyOverride] = []
        dkims: list[DkimAuth] = []
        spfs: list[SpfAuth] = []
        for section in record:
            name = local(section.tag)
            if name == "row":
                for child in section:
                    tag = local(child.tag)
                    if tag == "source_ip":
                        ip_text = child.text
                    elif tag == "count":
                        count_text = child.text
                    elif tag == "policy_evaluated":
                        for item in child:
                            key = local(item.tag)
                            if key == "disposition":
                                disposition = item.text
                            elif key == "dkim":
                                dkim = item.text
                            elif key == "spf":
                                spf = item.text
                            elif key == "reason":
                                reasons.append(self._reason(item))
            elif name == "identifiers":
                for child in section:
                    tag = local(child.tag)
                    if tag == "header_from":
                        header_from = self._domain(child.text)
                    elif tag == "envelope_from":
                        envelope_from = self._domain(child.text)
                    elif tag == "envelope_to":
                        envelope_to = self._domain(child.text)
            elif name == "auth_results":
                self._auth(section, dkims, spfs)
        ip = self._ip(ip_text)
        number = norm.count(count_text)
        return _make_record(
            ip, number, self._disposition(disposition), self._dmarc(dkim), self._dmarc(spf),
            header_from, envelope_from, envelope_to, tuple(reasons), tuple(dkims), tuple(spfs),
        )

    def _names(self, tag: Any) -> str:
        name = self._local.get(tag)
        if name is None:
            name = tag[tag.rfind("}") + 1:] if isinstance(tag, str) else ""
            if len(self._local) < 256:
                self._local[tag] = name
        return name

    def _check(self, text: str | None) -> None:
        if text is not None and len(text) > self._max_text:
            raise ValueError(f"an element's text is longer than {self._max_text} characters")

    def _ip(self, text: str | None) -> IPAddress:
        ip = self._ips.get(text)
        if ip is None:
            ip = norm.ip(text)
            if len(self._ips) < _CACHE_MAX:
                self._ips[text] = ip
        return ip

    def _domain(self, text: str | None) -> str | None:
        try:
            return self._domains[text]
        except KeyError:
            self._check(text)
            value = self._domains[text] = norm.domain(text)
            if len(self._domains) > _CACHE_MAX:
                self._domains.clear()
            return value

    def _reason(self, elem: Any) -> PolicyOverride:
        fields = self._fields(elem)
        return PolicyOverride(self._override(fields.get("type")), self._free_text(fields.get("comment")))

    def _auth(self, elem: Any, dkims: list[DkimAuth], spfs: list[SpfAuth]) -> None:
        local = self._names
        for child in elem:
            kind = local(child.tag)
            if kind != "dkim" and kind != "spf":
                continue
            domain = result = selector = scope = human = None
            for field in child:
                tag = local(field.tag)
                if tag == "domain":
                    domain = field.text
                elif tag == "result":
                    result = field.text
                elif tag == "selector":
                    selector = field.text
                elif tag == "scope":
                    scope = field.text
                elif tag == "human_result":
                    human = self._free_text(field.text)
            name = self._domain(domain)
            if name is None and not (result or "").strip():
                continue  # an all-empty <dkim/> or <spf/> says nothing
            if kind == "dkim":
                dkims.append(DkimAuth(name, self._free_text(selector), self._dkim_result(result), human))
            else:
                spfs.append(SpfAuth(name, self._scope(scope), self._spf_result(result), human))

    def _free_text(self, text: str | None) -> str | None:
        if not text:
            return None
        self._check(text)
        return text.strip() or None

    def _fields(self, elem: Any) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for child in elem:
            out.setdefault(self._names(child.tag), child.text)
        return out
