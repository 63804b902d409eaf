"""Memory, timeout and concurrency of each function, and why (the figures: `python -m bench.apimemory`, which
runs each heavy API call in a fresh process on the bench's 365-day domain, 972,758 facts, and on a day with
100,000 sources; measured on the 2-core dev machine, one core per call, before the per-day summaries).

API. Peak RSS per call: imports 45 MiB; overview 90 d 127 MiB (2.6 s); overview / patterns / tags /
spoofing 365 d 257-259 MiB (12-28 s); facts CSV 30 d 158 MiB; the 100k-source day 120 (overview), 137
(patterns), 214 MiB (facts CSV). A warm container also keeps up to ALIGNED_FACT_CACHE_SIZE (2,000,000) decoded
facts, about 220 bytes each by the 365-day figure: ~430 MiB, so ~600 MiB at worst. Lambda gives CPU in
proportion to memory, a whole vCPU at 1,769 MB; the calls are CPU-bound single-threaded Python, so below that
they run longer for the same GB-seconds (at 128 MB a 2.6 s call takes ~36 s) and above it they gain nothing.
1,769 MB: one full vCPU and ~3x the worst warm footprint. Timeout 28 s: API Gateway gives up at 29 s, so a
longer Lambda only burns time nobody waits for; the year-long analyses need the per-day summaries to fit.

Ingest. A batch of INGEST_BATCH_SIZE (app.py) messages, each under ALIGNED_INGEST_MESSAGE_SECONDS
(chalicelib/entry/deadline.py); the timeout is the batch's worth of limits plus the reserve, so every message
of a batch can start and none is cut by the Lambda timeout (which would return the whole batch). The parser
peaks at 30 MiB on the 40,000-record report; 1,024 MB leaves room for the records of a large report and gives
0.58 vCPU. At most INGEST_CONCURRENCY invocations read the queue (the event source's maximum concurrency,
also reserved for the function by default): a burst of huge reports holds at most that many slots, each for at
most one message limit per receive, while the API keeps the rest of the account's concurrency.

Schedules (alerts hourly, digest hourly, DNS posture daily) read a few weeks of one domain at a time and ask the
DNS with a 2 s lifetime per question: the API's memory for the same fact reads, and time for many domains."""
from __future__ import annotations

from infra.cfn import Json, if_, ref
from infra.discover import Function

API_MEMORY_MB = 1769
API_TIMEOUT_S = 28  # API Gateway's integration timeout is 29 s
INGEST_MEMORY_MB = 1024
SCHEDULE_MEMORY_MB = 1024
SCHEDULE_TIMEOUT_S = 900
LAMBDA_MAX_TIMEOUT_S = 900
INGEST_CONCURRENCY = "IngestConcurrency"  # template parameter
RESERVE_INGEST = "ReserveIngestConcurrency"  # template parameter
PARAMETERS: Json = {
    INGEST_CONCURRENCY: {"Type": "Number", "Default": 5, "MinValue": 2, "MaxValue": 100,
                         "Description": "Ingest invocations at most (the SQS event source's maximum concurrency)"},
    RESERVE_INGEST: {"Type": "String", "Default": "true", "AllowedValues": ["true", "false"],
                     "Description": "Reserve IngestConcurrency for the ingest function (false in accounts whose "
                                    "concurrency limit leaves less than 100 unreserved)"},
}
CONDITIONS: Json = {"ReservesIngestConcurrency": {"Fn::Equals": [ref(RESERVE_INGEST), "true"]}}


def ingest_timeout(batch_size: int, message_seconds: int) -> int:
    from chalicelib.entry.deadline import RESERVE_SECONDS

    timeout = int(batch_size * message_seconds + RESERVE_SECONDS)
    if timeout > LAMBDA_MAX_TIMEOUT_S:
        raise ValueError(f"{batch_size} messages x {message_seconds} s do not fit Lambda's {LAMBDA_MAX_TIMEOUT_S} s")
    return timeout


def function_size(fn: Function, message_seconds: int) -> Json:
    """The MemorySize / Timeout (and for ingest the concurrency) properties of one function."""
    if fn.kind == "api":
        return {"MemorySize": API_MEMORY_MB, "Timeout": API_TIMEOUT_S}
    if fn.kind == "ingest":
        return {"MemorySize": INGEST_MEMORY_MB, "Timeout": ingest_timeout(fn.batch_size, message_seconds),
                "ReservedConcurrentExecutions": if_("ReservesIngestConcurrency", ref(INGEST_CONCURRENCY),
                                                   ref("AWS::NoValue"))}
    return {"MemorySize": SCHEDULE_MEMORY_MB, "Timeout": SCHEDULE_TIMEOUT_S}
