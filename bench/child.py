"""One contender in its own process: `python -m bench.child floor|ours|ours-path [--min-seconds S] [--warmup] PATH...`

`ours` reads the file's bytes and calls read_message (what the ingest Lambda does with an S3 object);
`ours-path` calls read_path, which streams from the file. The contender's modules are imported before the clock
starts."""
from __future__ import annotations

import sys

from bench import timing


def load(name: str) -> timing.ParseOne:
    if name == "floor":
        from bench.floor import count_file

        return count_file
    from chalicelib.dmarc import Outcome, read_message

    def counts(outcome: Outcome) -> tuple[int, int]:
        reports = outcome.require()
        return sum(len(r.records) for r in reports), sum(r.message_count for r in reports)

    if name == "ours-path":
        from chalicelib.dmarc.reader import read_path

        return lambda path: counts(read_path(path))
    return lambda path: counts(read_message(path.read_bytes(), name=path.name))


if __name__ == "__main__":
    timing.main(load(sys.argv[1]), sys.argv[2:])
