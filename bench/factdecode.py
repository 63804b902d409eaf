"""Times chalicelib.storage.factcodec.decode on one synthetic day of facts (`python -m bench.factdecode
[--facts N]`): best of 7 runs, microseconds per fact. Every fact carries the optional detail the current format
keeps since format 4 (SPF domain and scope, DKIM results, service, and a reverse name distinct per source, the
worst case for the string table); `--bare` leaves them out, as format 3 facts had none.

Measured on the 2-core shared machine (20,000 facts, best of 7): format 3 code on bare facts 1.50 us/fact;
format 4 with full detail 2.08-2.23 us/fact, bare facts 1.5 us/fact; a format 3 blob read by format 4 code
decodes as fast as before."""
from __future__ import annotations

import argparse
import random
import time
from datetime import date

from chalicelib.analysis.facts import NO_DETAIL, Fact, SenderDetail
from chalicelib.storage import factcodec

DAY = date(2024, 5, 1)

def day_facts(n: int, seed: int = 7, bare: bool = False) -> list[Fact]:
    rnd = random.Random(seed)
    services = ["sendgrid", "amazon-ses", "microsoft-365", "google-workspace", "own", ""]
    out = []
    for i in range(n):
        ip = f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"
        svc = rnd.choice(services)
        detail = SenderDetail(f"bounce{rnd.randrange(50)}.example.com", "mfrom",
                              f"example.com/s{rnd.randrange(4)}/pass", "", svc, "")

        fact = Fact(day=DAY, source_ip=ip, reporter=rnd.choice(["google.com", "Outlook.com", "Yahoo", "Mail.Ru"]),
                    header_from="example.com", envelope_from=f"bounce{rnd.randrange(50)}.example.com",
                    dkim_domains="example.com", spf_auth=rnd.random() < .9, spf_aligned=rnd.random() < .7,
                    dkim_auth=rnd.random() < .9, dkim_aligned=rnd.random() < .8,
                    disposition=rnd.choice(["none", "none", "quarantine"]), count=rnd.randrange(1, 500),
                    ptr="" if bare else f"mail-{i}.{svc or 'unknown'}.example.net",
                    detail=NO_DETAIL if bare else detail)
        out.append(fact)
    return out

def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--facts", type=int, default=20000)
    args.add_argument("--bare", action="store_true")
    parsed = args.parse_args()
    n = parsed.facts
    blob = factcodec.encode(day_facts(n, bare=parsed.bare))
    best = float("inf")
    for _ in range(7):
        start = time.perf_counter()
        factcodec.decode(blob, DAY)
        best = min(best, time.perf_counter() - start)
    print(f"decode {n} facts: best {best * 1000:.1f} ms, {best / n * 1e6:.2f} us/fact, blob {len(blob)} bytes")

if __name__ == "__main__":
    main()
