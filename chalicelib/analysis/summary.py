"""The per-day summary: what the overview, pattern, tag, spoofing and readiness analyses reduce one domain-day's
facts to, before any registry lookup. Made at ingest (and on reprocess) next to the day's facts, so an analysis of
N days reads N small summaries instead of every fact.

The registry-free part is counted per day; what needs the registry (which tag a source's mail has) is kept per
*source key* (source IP, sending service): the columns below, one value per key. ``analysis.tagged`` folds them
with a registry into the day's per-tag part. Presence is kept apart from sums (a fact may count 0 messages, and
the analyses list a source or a tag once any fact names it), in the FLAGS column and the index lists."""
from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from socket import inet_aton, inet_ntoa

from chalicelib.analysis.facts import FAIL_PATTERNS, Fact, Pattern, is_indirect, pattern_of

# Day totals (DaySummary.totals)
T_MESSAGES, T_PASS, T_UNKNOWN, T_SPF_AUTH, T_SPF_ALIGNED, T_DKIM_AUTH, T_DKIM_ALIGNED = range(7)
# Per source key columns (DaySummary.columns): all facts of the key, then its direct (not indirect) facts
(K_MESSAGES, K_SPF_AUTH, K_DKIM_AUTH, K_PASS, K_SPF_ALIGNED, K_DKIM_ALIGNED, K_P1, K_P2, K_P3, K_P4, K_UNKNOWN,
 K_DIRECT, K_DIRECT_SPF_FAIL, K_DIRECT_DKIM_FAIL, K_DIRECT_P1, K_DIRECT_P2, K_DIRECT_P3, K_DIRECT_P4,
 K_FLAGS) = range(19)
KEY_COLUMNS = 19
F_DIRECT = 16  # K_FLAGS: the key has a direct fact; bit p - 1: a direct fact in failure pattern p (1..4)
SEEN_FIELDS = ("header_from", "envelope_from", "dkim_domains", "reporter")


@dataclass(slots=True)
class DaySummary:
    totals: list[int]  # T_* above
    dispositions: dict[str, int]
    reporters: dict[str, int]
    via: dict[str, int]  # indirect failing messages per "route service" (patterns.FORWARDED)
    ips: list[int | str]  # the day's distinct source IPs as keys (ip_key): the IPv4 ones first, then the others
    pattern_ips: list[Sequence[int]]  # failure patterns 1..4: indexes (in ips) of sources failing directly in it
    key_ip: Sequence[int]  # per source key, sorted by (ip index, service): its ip index
    key_service: list[str]  # and its service (SenderDetail.service)
    columns: list[Sequence[int]]  # K_* above, one value per key
    strings: list[str] = field(default_factory=list)  # the strings of the seen rows
    seen_ip: Sequence[int] = ()  # per distinct (ip, header_from, envelope_from, dkim_domains, reporter) of the
    seen: list[Sequence[int]] = field(default_factory=list)  # direct facts: ip index; the four (SEEN_FIELDS) in strings
    has_sources: bool = True  # False: read without its key and seen columns (storage reads them apart)

    def without_sources(self) -> DaySummary:
        """The part every analysis reads (storage keeps the rest apart)."""
        return replace(self, key_ip=(), key_service=[], columns=[], strings=[], seen_ip=(), seen=[],
                       has_sources=False)

    def key_range(self, ip_index: int) -> range:
        """The key rows of one source IP (keys are sorted by ip index)."""
        from bisect import bisect_left, bisect_right

        return range(bisect_left(self.key_ip, ip_index), bisect_right(self.key_ip, ip_index))

    def ip_index(self, ip: str) -> int | None:
        from bisect import bisect_left

        key, ips = ip_key(ip), self.ips
        v4 = bisect_left(ips, _NOT_V4, key=_is_text)  # ips holds the ints first
        lo, hi = (0, v4) if isinstance(key, int) else (v4, len(ips))
        at = bisect_left(ips, key, lo, hi)  # type: ignore[arg-type]
        return at if at < hi and ips[at] == key else None


_NOT_V4 = True


def _is_text(key: int | str) -> bool:
    return isinstance(key, str)


def ip_key(ip: str) -> int | str:
    """The source IP as a summary key: an IPv4 address in its canonical dotted form as its 32-bit value (4 bytes a
    day summary, no text to split), anything else as its text. One key per distinct text."""
    try:
        packed = inet_aton(ip)
    except OSError:
        return ip
    return int.from_bytes(packed, "big") if inet_ntoa(packed) == ip else ip


def ip_text(key: int | str) -> str:
    return key if isinstance(key, str) else inet_ntoa(key.to_bytes(4, "big"))


def sorted_keys(ips: Iterable[str]) -> list[int | str]:
    keys = {ip_key(ip) for ip in ips}
    return [*sorted(k for k in keys if isinstance(k, int)), *sorted(k for k in keys if isinstance(k, str))]


def summarize(facts: Iterable[Fact]) -> DaySummary:
    """The summary of one day's facts (any order; equal keys need not be merged). One pass: the facts may come a
    stored part at a time and are not held (a 100k-source day is summarized from its parts)."""
    totals = [0] * 7
    dispositions: dict[str, int] = {}
    reporters: dict[str, int] = {}
    via: dict[str, int] = {}
    keys: dict[tuple[str, str], array[int]] = {}  # (source IP text, service) -> K_* columns
    pattern_sets: list[set[str]] = [set() for _ in FAIL_PATTERNS]
    seen: set[tuple[str, str, str, str, str]] = set()
    for f in facts:
        n, pattern = f.count, pattern_of(f)
        _add_totals(totals, f, n, pattern)
        dispositions[f.disposition] = dispositions.get(f.disposition, 0) + n
        reporters[f.reporter] = reporters.get(f.reporter, 0) + n
        ip = f.source_ip
        row = keys.get((ip, f.detail.service))
        if row is None:
            row = keys[ip, f.detail.service] = array("q", _ZEROS)
        _add_key(row, f, n, pattern)
        if is_indirect(f):
            name = f"{f.route} {f.service}".strip()
            via[name] = via.get(name, 0) + n
            continue
        row[K_DIRECT] += n
        row[K_FLAGS] |= F_DIRECT
        if not f.spf_auth:
            row[K_DIRECT_SPF_FAIL] += n
        if not f.dkim_auth:
            row[K_DIRECT_DKIM_FAIL] += n
        if pattern.is_failure:
            row[K_DIRECT_P1 + pattern - 1] += n
            row[K_FLAGS] |= 1 << (pattern - 1)
            pattern_sets[pattern - 1].add(ip)
        seen.add((ip, f.header_from, f.envelope_from, f.dkim_domains, f.reporter))
    ips = sorted_keys({ip for ip, _ in keys})
    index = {ip_text(ip): n for n, ip in enumerate(ips)}
    ordered = sorted(keys, key=lambda k: (index[k[0]], k[1]))
    columns = [array("q", bytes(8 * len(ordered))) for _ in range(KEY_COLUMNS)]
    for at, k in enumerate(ordered):
        for c, v in enumerate(keys.pop(k)):  # each key's row freed as it is copied
            columns[c][at] = v
    strings = sorted({text for row in seen for text in row[1:]})
    text_at = {text: n for n, text in enumerate(strings)}
    seen_rows = sorted((index[r[0]], *(text_at[t] for t in r[1:])) for r in seen)
    del seen
    return DaySummary(
        totals=totals, dispositions=dispositions, reporters=reporters, via=via, ips=ips,
        pattern_ips=[sorted(index[ip] for ip in s) for s in pattern_sets],
        key_ip=array("q", (index[ip] for ip, _ in ordered)), key_service=[service for _, service in ordered],
        columns=list(columns), strings=strings, seen_ip=array("q", (r[0] for r in seen_rows)),
        seen=[array("q", (r[c] for r in seen_rows)) for c in range(1, 5)],
    )


_ZEROS = [0] * KEY_COLUMNS


def _add_totals(totals: list[int], f: Fact, n: int, pattern: Pattern) -> None:
    totals[T_MESSAGES] += n
    if pattern is Pattern.PASS:
        totals[T_PASS] += n
    elif pattern is Pattern.UNKNOWN:
        totals[T_UNKNOWN] += n
    if f.spf_auth:
        totals[T_SPF_AUTH] += n
    if f.spf_aligned:
        totals[T_SPF_ALIGNED] += n
    if f.dkim_auth:
        totals[T_DKIM_AUTH] += n
    if f.dkim_aligned:
        totals[T_DKIM_ALIGNED] += n


def _add_key(row: array[int], f: Fact, n: int, pattern: Pattern) -> None:
    row[K_MESSAGES] += n
    if f.spf_auth:
        row[K_SPF_AUTH] += n
    if f.dkim_auth:
        row[K_DKIM_AUTH] += n
    if pattern is Pattern.PASS:
        row[K_PASS] += n
        if f.spf_aligned:
            row[K_SPF_ALIGNED] += n
        if f.dkim_aligned:
            row[K_DKIM_ALIGNED] += n
    elif pattern is Pattern.UNKNOWN:
        row[K_UNKNOWN] += n
    else:
        row[K_P1 + pattern - 1] += n
