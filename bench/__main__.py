"""`make bench`: our parser against the floor (bare lxml iterparse) and parsedmarc (offline), on the shared
corpus and on a generated large report. Prints a table, the ratios and the goals; writes bench/out/results.json.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from bench.contenders import Contender, available
from bench.corpus import CORPUS, OUT, ROOT, corpus_files, generated_report
from bench.measure import ChildFailed, measure
from bench.report import Table, figures, render, write_json

Input = tuple[str, list[Path], list[str]]  # label, files, options for the child
CORPUS_SECONDS = 2.0  # each corpus run repeats whole passes (after one untimed pass) until this much time


def main(argv: list[str] | None = None) -> None:
    args = _arguments().parse_args(argv)
    if args.coldstart_only:
        from bench import coldstart

        coldstart.main()
        return
    if args.analyses_only:
        from bench import analyses

        analyses.main(args.analyses_before, args.analyses_url)
        return
    if args.portfolio_only:
        from bench import portfolio

        portfolio.main()
        return
    if args.bigday_only:
        from bench import bigday

        bigday.main()
        return
    notes: list[str] = []
    files, expected = corpus_files()
    if not files:
        notes.append(f"corpus skipped: no MANIFEST.tsv at {CORPUS} (set ALIGNED_CORPUS)")
    large = generated_report(args.records)
    large_label = f"generated {args.records:,}"
    contenders = available(args.no_parsedmarc, notes)
    inputs = _inputs(files, large, large_label)
    table = _run_all(contenders, inputs, args.repeats, notes)
    notes += _count_notes(table, expected)
    found = figures(table, inputs[0][0] if files else None, large_label)
    print()
    print(render(table, found))
    for note in notes:
        print(f"note: {note}")
    described = {"corpus": {"folder": str(CORPUS), "files": len(files), "manifest_records": expected},
                 large_label: {"path": str(large.relative_to(ROOT)), "bytes": large.stat().st_size}}
    write_json(OUT / "results.json", table, found, notes, described)
    print(f"\nresults: {(OUT / 'results.json').relative_to(ROOT)}")
    if not args.no_analyses:
        from bench import analyses

        print()
        analyses.main(args.analyses_before, args.analyses_url)
    if not args.no_portfolio:
        from bench import portfolio

        print()
        portfolio.main()

    if not args.no_bigday:
        from bench import bigday

        print()
        bigday.main()
    if not args.no_coldstart:
        from bench import coldstart

        print()
        coldstart.main()


def _run_all(contenders: list[Contender], inputs: list[Input], repeats: int, notes: list[str]) -> Table:
    table: Table = {}
    for label, paths, options in inputs:
        for contender in contenders:
            if not contender.runs_on(label):
                continue
            runs = contender.repeats or repeats
            print(f"bench: {contender.name} on {label} ({runs} run{'s' * (runs > 1)}) ...", flush=True)
            argv = [*contender.command, *options, *map(str, paths)]
            try:
                table[(contender.name, label)] = measure(contender.name, label, argv, runs)
            except ChildFailed as error:
                notes.append(f"{contender.name} on {label} failed: {error}")
    return table


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--records", type=int, default=40_000, help="records in the generated report")
    parser.add_argument("--repeats", type=int, default=5, help="fresh runs of the fast contenders (best taken)")
    parser.add_argument("--no-parsedmarc", action="store_true", help="skip parsedmarc (and its install)")
    parser.add_argument("--no-analyses", action="store_true", help="skip the analyses section (bench/analyses.py)")
    parser.add_argument("--analyses-only", action="store_true", help="run only the analyses section")
    parser.add_argument("--no-portfolio", action="store_true", help="skip the portfolio section (bench/portfolio.py)")
    parser.add_argument("--portfolio-only", action="store_true", help="run only the 200-domain portfolio section")
    parser.add_argument("--no-bigday", action="store_true", help="skip the 100k-source day (bench/bigday.py)")
    parser.add_argument("--bigday-only", action="store_true", help="run only the 100k-source day section")
    parser.add_argument("--analyses-before", action="store_true",
                        help="also time the fact folds (the analyses' read path before day summaries)")
    parser.add_argument("--analyses-url", metavar="URL",
                        help="time the analyses on a dynalite loaded by an earlier run (no loading)")
    parser.add_argument("--no-coldstart", action="store_true", help="skip the cold import section (bench/coldstart.py)")
    parser.add_argument("--coldstart-only", action="store_true", help="run only the cold import section")
    return parser


def _inputs(files: list[Path], large: Path, large_label: str) -> list[Input]:
    found = [(f"corpus ({len(files)} files)", files, ["--warmup", "--min-seconds", str(CORPUS_SECONDS)])]
    return [*(found if files else []), (large_label, [large], [])]


def _count_notes(table: Table, expected: int) -> list[str]:
    notes = []
    for (contender, label), m in table.items():
        if m.failures:
            names = "; ".join(m.extras.get("failed", []))
            notes.append(f"{contender} rejected {m.failures} of {m.files} files on {label}: {names}")
        if label.startswith("corpus") and contender != "floor" and expected and m.records != expected:
            notes.append(f"{contender} found {m.records} records on {label}; MANIFEST.tsv lists {expected}")
        if m.extras.get("network_attempts"):
            notes.append(f"{contender} tried the network {m.extras['network_attempts']} times (refused)")
    return notes


if __name__ == "__main__":
    main()
