"""Deterministic RFC 7489 aggregate report of any size, shaped like a large real one: pretty-printed with two
spaces, ~670 bytes a record (40,000 records: 26.8 MB), IPv4 and IPv6 sources, one or two DKIM results, SPF with
and without scope, envelope_from on some records, override reasons on a few.

    python -m bench.generate 40000 bench/out/generated.xml
"""
from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

VERSION = 1  # bump when the output changes, so cached files are rebuilt
DAY_START = 1_735_689_600  # 2025-01-01T00:00:00Z
DOMAIN = "example.com"
INDENT = "  "  # two spaces, as the largest reporters send

# (weight, source address maker) pairs: big senders' netblocks repeat, the long tail is spread out.
_IPV4_BLOCKS = ("209.85.{}.{}", "40.107.{}.{}", "54.240.{}.{}", "185.12.{}.{}", "198.2.{}.{}")
_IPV6_BLOCKS = ("2a00:1450:4864:{:x}::{:x}", "2a01:111:f400:{:x}::{:x}", "2001:67c:2e8:{:x}::{:x}")
_SENDERS = ("example.com", "mail.example.com", "bounce.example.com", "news.example.com", "forwarder.example.net")
_SELECTORS = ("s1", "s2", "google", "selector1", "selector2", "k1", "mx2025")
_DKIM_RESULTS = ("pass", "pass", "pass", "fail", "neutral", "temperror", "none")
_SPF_RESULTS = ("pass", "pass", "pass", "softfail", "fail", "neutral", "none", "temperror")
_OVERRIDES = ("forwarded", "mailing_list", "local_policy", "trusted_forwarder", "sampled_out")

_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<feedback>
  <version>1.0</version>
  <report_metadata>
    <org_name>bench.invalid</org_name>
    <email>noreply-dmarc-support@bench.invalid</email>
    <extra_contact_info>https://bench.invalid/dmarc</extra_contact_info>
    <report_id>bench-{seed}-{records}</report_id>
    <date_range>
      <begin>{begin}</begin>
      <end>{end}</end>
    </date_range>
  </report_metadata>
  <policy_published>
    <domain>{domain}</domain>
    <adkim>r</adkim>
    <aspf>r</aspf>
    <p>quarantine</p>
    <sp>reject</sp>
    <pct>100</pct>
    <fo>1</fo>
  </policy_published>
"""
_TAIL = "</feedback>\n"


def report_chunks(records: int, seed: int = 7489) -> Iterator[str]:
    """The report as text pieces: the head, one piece per record, the tail."""
    rng = random.Random(seed)
    yield _HEAD.format(seed=seed, records=records, begin=DAY_START, end=DAY_START + 86399, domain=DOMAIN)
    for _ in range(records):
        yield _record(rng)
    yield _TAIL


def write_report(path: Path, records: int, seed: int = 7489) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(report_chunks(records, seed))
    return path


def _source_ip(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        return rng.choice(_IPV6_BLOCKS).format(rng.randrange(0x10000), rng.randrange(1, 0x10000))
    if roll < 0.7:
        return rng.choice(_IPV4_BLOCKS).format(rng.randrange(256), rng.randrange(1, 255))
    return f"{rng.randrange(1, 224)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def _record(rng: random.Random) -> str:
    envelope = rng.choice(_SENDERS)
    dkim = [(rng.choice((DOMAIN, envelope, "esp.example.org")), rng.choice(_SELECTORS), rng.choice(_DKIM_RESULTS))
            for _ in range(1 if rng.random() < 0.85 else 2)]
    spf_result = rng.choice(_SPF_RESULTS)
    dkim_aligned = any(r == "pass" and d == DOMAIN for d, _, r in dkim)
    spf_aligned = spf_result == "pass" and envelope.endswith(DOMAIN)
    disposition = "none" if dkim_aligned or spf_aligned else rng.choice(("none", "quarantine", "reject"))
    lines = [
        (1, "<record>"), (2, "<row>"),
        (3, f"<source_ip>{_source_ip(rng)}</source_ip>"),
        (3, f"<count>{max(1, int(rng.expovariate(0.2)))}</count>"),
        (3, "<policy_evaluated>"),
        (4, f"<disposition>{disposition}</disposition>"),
        (4, f"<dkim>{'pass' if dkim_aligned else 'fail'}</dkim>"),
        (4, f"<spf>{'pass' if spf_aligned else 'fail'}</spf>"),
    ]
    if rng.random() < 0.08:
        lines += [(4, "<reason>"), (5, f"<type>{rng.choice(_OVERRIDES)}</type>"), (5, "<comment>arc=pass</comment>"),
                  (4, "</reason>")]
    lines += [(3, "</policy_evaluated>"), (2, "</row>"), (2, "<identifiers>"),
              *([(3, f"<envelope_from>{envelope}</envelope_from>")] if rng.random() < 0.4 else []),
              (3, f"<header_from>{DOMAIN}</header_from>"), (2, "</identifiers>"), (2, "<auth_results>")]
    for domain, selector, result in dkim:
        lines += [(3, "<dkim>"), (4, f"<domain>{domain}</domain>"), (4, f"<selector>{selector}</selector>"),
                  (4, f"<result>{result}</result>"), (3, "</dkim>")]
    lines += [(3, "<spf>"), (4, f"<domain>{envelope}</domain>"),
              *([(4, "<scope>mfrom</scope>")] if rng.random() < 0.4 else []),
              (4, f"<result>{spf_result}</result>"), (3, "</spf>"), (2, "</auth_results>"), (1, "</record>")]
    return "".join(f"{INDENT * depth}{text}\n" for depth, text in lines)


def main(argv: list[str]) -> None:
    records = int(argv[0]) if argv else 40_000
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).parent / "out" / f"generated-{records}.xml"
    write_report(path, records)
    print(f"{path}: {records} records, {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
