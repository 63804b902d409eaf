"""The parse command as scripts use it: JSON lines, exit codes, no traceback, no AWS imports."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.dmarc.builders import gz, record, report

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chalicelib.cli", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_reports_and_errors_as_json_lines(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.xml.gz").write_bytes(gz(report(record(count=4), org="&lt;script&gt;x&lt;/script&gt;")))
    (tmp_path / "b.txt").write_bytes(b"\x89PNG not a report")
    result = run("parse", str(tmp_path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    by_name = {Path(x["file"]).name: x for x in lines}
    ok = by_name["a.xml.gz"]
    assert ok["ok"] is True and ok["kind"] == "aggregate" and ok["messages"] == 4 and ok["records"] == 1
    assert ok["begin"] == "2023-11-15T00:00:00+00:00" and ok["policy_domain"] == "example.com"
    bad = by_name["b.txt"]
    assert bad == {"file": bad["file"], "ok": False, "error": "not_a_report", "message": bad["message"]}


def test_tls_reports_as_json_lines(tmp_path: Path) -> None:
    from tests.dmarc.test_tls import encode
    from tests.dmarc.test_tls import report as tls_report

    doc = tls_report()
    doc["policies"][0]["failure-details"][0]["result-type"] = "odd"
    (tmp_path / "t.json.gz").write_bytes(gz(encode(doc)))
    result = run("parse", str(tmp_path / "t.json.gz"))
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    assert line == {"file": line["file"], "ok": True, "kind": "tls", "org_name": "Example Mail", "report_id": "r-1",
                    "policy_domains": ["example.com"], "begin": "2026-03-01T00:00:00+00:00",
                    "end": "2026-03-01T23:59:59+00:00", "sessions_success": 90, "sessions_failure": 10,
                    "warnings": ["policies[0].failure-details[0]: unknown result-type 'odd'"]}


def test_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "r.xml"
    good.write_bytes(report(record()))
    assert run("parse", str(good)).returncode == 0
    assert run("parse", str(tmp_path / "missing.xml")).returncode == 2
    assert run().returncode == 2
    assert run("frobnicate").returncode == 2


def test_parse_does_not_import_boto3_or_pynamodb(tmp_path: Path) -> None:
    good = tmp_path / "r.xml"
    good.write_bytes(report(record()))
    code = (f"import sys, runpy; sys.argv=['cli','parse',{str(good)!r}]\n"
            "try:\n    runpy.run_module('chalicelib.cli', run_name='__main__')\n"
            "except SystemExit: pass\n"
            "bad=[m for m in ('boto3','botocore','pynamodb','chalice') if m in sys.modules]\n"
            "assert not bad, bad\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
