"""Command line: `python -m chalicelib.cli parse PATH...` and `senders PATH... [--resolve]` (pure, no AWS
imports; `senders` prints one JSON line per record: its sending service and evidence), `import PATH...` and
`reprocess [--domain D] [--since DAY]` and `summaries [--domain D]` (against the stack the environment points at;
see chalicelib.cli_ingest), and `token --user U [--org O --role R] [--operator]` (a local-mode sign-in token; see
chalicelib.cli_token).

`parse` prints one JSON object per line: one per report found, or one per input that yields no report.
Exit status: 0 when every input gave at least one report (import: every message went through), 1 when any gave
an error, 2 on usage errors."""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chalicelib.dmarc.reader import Outcome

USAGE_ERROR = 2
DESCRIPTION = "Parse DMARC aggregate reports, import them into a stack, or rebuild its data from the raw mail."


def parser() -> argparse.ArgumentParser:
    """The one parser of the three commands (argparse exits with USAGE_ERROR on bad arguments)."""
    parser = argparse.ArgumentParser(prog="python -m chalicelib.cli", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True,
                                     metavar="{parse,senders,import,reprocess,summaries,token}")
    parse = commands.add_parser("parse", help="parse report files and print one JSON line per report")
    parse.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (walked recursively)")
    senders = commands.add_parser("senders", help="name the sending service of every record, one JSON line each "
                                                   "(offline unless --resolve)")
    senders.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (walked recursively)")
    senders.add_argument("--resolve", action="store_true", help="look up forward-confirmed reverse names (DNS)")
    imp = commands.add_parser("import", help="ingest files, directories, mbox files and Maildir folders into the "
                                             "stack the environment points at")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    rep = commands.add_parser("reprocess", help="rebuild the stored data from the raw-mail archive")
    rep.add_argument("--domain", help="only reports for this policy domain")
    rep.add_argument("--since", type=date.fromisoformat, metavar="DAY",
                     help="only raw objects stored on or after this UTC day (YYYY-MM-DD)")
    summ = commands.add_parser("summaries", help="write the day summaries of days stored before they existed and "
                                                  "the policy log of reports stored before it (otherwise made on "
                                                  "each domain's first analysis)")
    summ.add_argument("--domain", help="only this domain")
    tok = commands.add_parser("token", help="print a sign-in token for ALIGNED_AUTH=local (and record the role)")
    tok.add_argument("--user", required=True, help="the user id (the token's sub)")
    tok.add_argument("--org", help="an organization to make the user a member of (created if missing)")
    tok.add_argument("--role", choices=("owner", "admin", "analyst", "viewer"), default="viewer")
    tok.add_argument("--operator", action="store_true", help="in the aligned-operators group: sees everything")
    tok.add_argument("--email", default="")
    tok.add_argument("--hours", type=float, default=12.0, help="validity (default 12)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "parse":
        return parse_command(args.paths)
    if args.command == "senders":
        return senders_command(args.paths, args.resolve)
    from chalicelib import cli_ingest  # AWS-bound: imported only when asked for

    if args.command == "token":
        from chalicelib.cli_token import make_token

        print(make_token(args.user, args.org, args.role, args.operator, args.email, args.hours))
        return 0
    if args.command == "import":
        return cli_ingest.import_paths(args.paths)
    if args.command == "summaries":
        return cli_ingest.summaries(args.domain)
    return cli_ingest.reprocess(args.domain, args.since)


def parse_command(paths: list[str]) -> int:
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        print(f"error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return USAGE_ERROR
    from chalicelib.dmarc.reader import read_path

    failed = False
    for path in _walk(paths):
        for line in _describe(path, read_path):
            failed |= not line["ok"]
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 1 if failed else 0


def senders_command(paths: list[str], resolve: bool = False) -> int:
    missing = [p for p in paths if not os.path.exists(p)]
    if missing:
        print(f"error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return USAGE_ERROR
    from chalicelib.dmarc.reader import read_path
    from chalicelib.senders.lines import sender_lines

    names = None
    if resolve:
        from chalicelib.adapters.dns import DnsPythonResolver
        from chalicelib.services.senders import ReverseNames

        names = ReverseNames(DnsPythonResolver())
    failed = False
    for path in _walk(paths):
        lines = _describe(path, read_path)
        if not lines[0]["ok"]:
            failed = True
            sys.stdout.write(json.dumps(lines[0], ensure_ascii=False) + "\n")
            continue
        for report in read_path(path).reports:
            for line in sender_lines(report, names):
                sys.stdout.write(json.dumps({"file": str(path), **line}, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 1 if failed else 0


def _walk(paths: list[str]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def _describe(path: Path, read_path: Callable[[Path], Outcome]) -> list[dict[str, Any]]:
    try:
        outcome = read_path(path)
        if not outcome.found:
            problem = outcome.main_problem()
            return [{"file": str(path), "ok": False, "error": problem.kind.value, "message": problem.message}]
    except OSError as exc:
        return [{"file": str(path), "ok": False, "error": "empty", "message": f"cannot read the file: {exc.strerror}"}]
    except Exception as exc:  # a parser bug must still not end the run with a traceback
        return [{"file": str(path), "ok": False, "error": "malformed",
                 "message": f"unexpected parser failure ({type(exc).__name__}); please report this file"}]
    lines: list[dict[str, Any]] = []
    for report in outcome.reports:
        meta = report.metadata
        lines.append({
            "file": str(path), "ok": True, "kind": "aggregate", "org_name": meta.org_name, "report_id": meta.report_id,
            "policy_domain": report.policy.domain, "begin": meta.begin.isoformat(), "end": meta.end.isoformat(),
            "records": len(report.records), "messages": report.message_count, "warnings": list(report.warnings),
            "schema": report.schema,
        })
    for tls in outcome.tls:
        lines.append({
            "file": str(path), "ok": True, "kind": "tls", "org_name": tls.org_name, "report_id": tls.report_id,
            "policy_domains": list(tls.policy_domains), "begin": tls.begin.isoformat(), "end": tls.end.isoformat(),
            "sessions_success": tls.sessions_success, "sessions_failure": tls.sessions_failure,
            "warnings": list(tls.warnings),
        })
    for problem in outcome.problems:  # parts of the input that yielded nothing, beside the reports it gave
        lines[-1]["warnings"].append(f"{problem.kind.value}: {problem.message}")
    return lines


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
