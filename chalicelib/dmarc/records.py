"""The hot path: one <record> element -> Record. Written for speed and memory (a report can hold 100,000
records): direct tag comparisons, one pass over each level of children (through lxml's child iterator, one
element object at a time: `elem[:]` would be a little faster but holds an object per child of a record stuffed
with junk), and memo tables keyed by the raw texts,
so the repeated parts of records (policy results, identifiers, DKIM/SPF results) are normalised once and their
value objects shared. Behaviour equals the plain functions in `normalize`; warnings are re-emitted on every hit."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.dmarc import normalize as norm
from chalicelib.dmarc.model import DkimAuth, PolicyOverride, Record, SpfAuth
from chalicelib.slots import slot_setters

Warn = Callable[[str], None]
_CACHE_MAX = 65536
_new = object.__new__
# Records are built without the frozen __init__ (see chalicelib.slots); the names are checked against Record at
# import, so a changed field fails loudly instead of filling the wrong slot.
(_set_ip, _set_count, _set_disposition, _set_dkim_aligned, _set_spf_aligned, _set_header_from, _set_envelope_from,
 _set_envelope_to, _set_reasons, _set_dkim, _set_spf) = slot_setters(Record, (
    "source_ip", "count", "disposition", "dkim_aligned", "spf_aligned", "header_from", "envelope_from",
    "envelope_to", "reasons", "dkim", "spf"), "dmarc.records")


class RecordReader:
    def __init__(self, warn: Warn, max_text: int, namespace: str | None = None) -> None:
        self._warn = warn
        self._max_text = max_text
        self._memo: dict[Any, tuple[Any, tuple[str, ...]]] = {}
        p = "{%s}" % namespace if namespace else ""  # noqa: UP031
        (self._row, self._identifiers, self._auth_results, self._source_ip, self._count, self._policy_evaluated,
         self._disposition, self._dkim, self._spf, self._reason, self._header_from, self._envelope_from,
         self._envelope_to, self._domain, self._selector, self._result, self._scope, self._human_result,
         self._type, self._comment) = (p + n for n in (
            "row", "identifiers", "auth_results", "source_ip", "count", "policy_evaluated", "disposition", "dkim",
            "spf", "reason", "header_from", "envelope_from", "envelope_to", "domain", "selector", "result", "scope",
            "human_result", "type", "comment"))
        self._record_tags = (self._row, self._identifiers, self._auth_results, self._source_ip, self._count,
                             self._policy_evaluated, self._disposition, self._dkim, self._spf, self._reason)
        self._field_tags = (self._dkim, self._spf, self._domain, self._result, self._selector, self._scope,
                            self._human_result)

    def read(self, record: Any) -> Record:
        """Raises ValueError (the reason the record is dropped) for a record that cannot be valid."""
        ip_text = count_text = disposition = dkim = spf = header_from = envelope_from = envelope_to = None
        reasons: tuple[PolicyOverride, ...] = ()
        auth: tuple[tuple[DkimAuth, ...], tuple[SpfAuth, ...]] = ((), ())
        row_t, ident_t, auth_t, ip_t, count_t, pe_t, disp_t, dkim_t, spf_t, reason_t = self._record_tags
        for section in record:
            name = section.tag
            if name == row_t:
                for child in section:
                    tag = child.tag
                    if tag == ip_t:
                        ip_text = child.text
                    elif tag == count_t:
                        count_text = child.text
                    elif tag == pe_t:
                        for item in child:
                            key = item.tag
                            if key == disp_t:
                                disposition = item.text
                            elif key == dkim_t:
                                dkim = item.text
                            elif key == spf_t:
                                spf = item.text
                            elif key == reason_t:
                                reasons += (self._override(item),)
                    elif tag == ident_t:  # misplaced inside <row> by some reporters
                        header_from, envelope_from, envelope_to = self._ident_texts(child)
                    elif tag == auth_t:
                        auth = self._auth(child)
            elif name == ident_t:
                header_from, envelope_from, envelope_to = self._ident_texts(section)
            elif name == auth_t:
                auth = self._auth(section)
        try:
            count = int(count_text)  # type: ignore[arg-type]
            if count < 0 or count > norm.MAX_COUNT:
                raise ValueError
        except (TypeError, ValueError):
            count = norm.count(count_text)  # raises with the reason
        ip = norm.ip(ip_text)  # no cache: most addresses occur once, and a cache would hold them all
        memo = self._memo  # the hits inlined (the hot path); a miss goes through _memoised
        key = ("pe", disposition, dkim, spf)
        hit = memo.get(key) or self._memoised(key, _policy_evaluated)
        if hit[1]:
            self._emit(hit[1])
        evaluated = hit[0]
        key = ("id", header_from, envelope_from, envelope_to)
        identifiers = (memo.get(key) or self._memoised(key, _identifiers))[0]  # identifiers give no warnings
        out = _new(Record)
        _set_ip(out, ip)
        _set_count(out, count)
        _set_disposition(out, evaluated[0])
        _set_dkim_aligned(out, evaluated[1])
        _set_spf_aligned(out, evaluated[2])
        _set_header_from(out, identifiers[0])
        _set_envelope_from(out, identifiers[1])
        _set_envelope_to(out, identifiers[2])
        _set_reasons(out, reasons)
        _set_dkim(out, auth[0])
        _set_spf(out, auth[1])
        return out

    def _memoised(self, key: tuple[Any, ...], build: Callable[..., tuple[Any, tuple[str, ...]]]
                  ) -> tuple[Any, tuple[str, ...]]:
        """The memo's (value, warnings) for `key`, built on a miss; the caller emits the warnings."""
        hit = self._memo.get(key)
        if hit is None:
            self._check_length(key[1:])
            hit = build(*key[1:])
            if len(self._memo) >= _CACHE_MAX:
                self._memo.clear()
            self._memo[key] = hit
        return hit

    def _emit(self, warnings: tuple[str, ...]) -> None:
        for warning in warnings:
            self._warn(warning)

    def _check_length(self, texts: Any) -> None:
        for text in texts:
            if isinstance(text, str) and len(text) > self._max_text:
                raise ValueError(f"an element's text is longer than {self._max_text} characters")

    def _ident_texts(self, elem: Any) -> tuple[str | None, str | None, str | None]:
        header_from = envelope_from = envelope_to = None
        for child in elem:
            tag = child.tag
            if tag == self._header_from:
                header_from = child.text
            elif tag == self._envelope_from:
                envelope_from = child.text
            elif tag == self._envelope_to:
                envelope_to = child.text
        return header_from, envelope_from, envelope_to

    def _override(self, elem: Any) -> PolicyOverride:
        kind = comment = None
        for child in elem:
            if child.tag == self._type:
                kind = child.text
            elif child.tag == self._comment:
                comment = child.text
        value, warnings = self._memoised(("reason", kind, comment), _reason)
        self._emit(warnings)
        return value  # type: ignore[no-any-return]

    def _auth(self, elem: Any) -> tuple[tuple[DkimAuth, ...], tuple[SpfAuth, ...]]:
        dkims: tuple[DkimAuth, ...] = ()
        spfs: tuple[SpfAuth, ...] = ()
        dkim_t, spf_t, domain_t, result_t, selector_t, scope_t, human_t = self._field_tags
        memo = self._memo
        for child in elem:
            kind = child.tag
            is_dkim = kind == dkim_t
            if not is_dkim and kind != spf_t:
                continue
            domain = result = extra = human = None
            for field in child:
                tag = field.tag
                if tag == domain_t:
                    domain = field.text
                elif tag == result_t:
                    result = field.text
                elif tag == selector_t or tag == scope_t:  # noqa: SIM109 (two compares beat a tuple here)
                    extra = field.text
                elif tag == human_t:
                    human = field.text
            key = ("dkim" if is_dkim else "spf", domain, extra, result, human)
            hit = memo.get(key) or self._memoised(key, _dkim if is_dkim else _spf)
            if hit[1]:
                self._emit(hit[1])
            shared = hit[0]
            if shared is not None:  # (entry, (entry,)): the one-entry tuple is shared too, the common case
                if is_dkim:
                    dkims = dkims + shared[1] if dkims else shared[1]
                else:
                    spfs = spfs + shared[1] if spfs else shared[1]
        return dkims, spfs


def _warnings(*pairs: tuple[Any, str | None]) -> tuple[str, ...]:
    return tuple(w for _, w in pairs if w)


def _policy_evaluated(disposition: str | None, dkim: str | None, spf: str | None) -> tuple[Any, tuple[str, ...]]:
    d, k, s = norm.disposition(disposition), norm.dmarc_pass(dkim), norm.dmarc_pass(spf)
    return (d[0], k[0], s[0]), _warnings(d, k, s)


def _identifiers(header_from: str | None, envelope_from: str | None, envelope_to: str | None
                 ) -> tuple[Any, tuple[str, ...]]:
    return (norm.domain(header_from), norm.domain(envelope_from), norm.domain(envelope_to)), ()


def _reason(kind: str | None, comment: str | None) -> tuple[Any, tuple[str, ...]]:
    value = norm.override_type(kind)
    return PolicyOverride(value[0], norm.optional_text(comment)), _warnings(value)


def _dkim(domain: str | None, selector: str | None, result: str | None, human: str | None
          ) -> tuple[Any, tuple[str, ...]]:
    name = norm.domain(domain)
    if name is None and not (result or "").strip():
        return None, ()  # an all-empty <dkim/> says nothing
    value = norm.dkim_result(result)
    entry = DkimAuth(name, norm.optional_text(selector), value[0], norm.optional_text(human))
    return (entry, (entry,)), _warnings(value)


def _spf(domain: str | None, scope: str | None, result: str | None, human: str | None) -> tuple[Any, tuple[str, ...]]:
    name = norm.domain(domain)
    if name is None and not (result or "").strip():
        return None, ()
    value, where = norm.spf_result(result), norm.spf_scope(scope)
    entry = SpfAuth(name, where[0], value[0], norm.optional_text(human))
    return (entry, (entry,)), _warnings(value, where)
