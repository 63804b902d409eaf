"""`cli import` over files, directories, mbox and Maildir; `cli reprocess` (moto)."""
from __future__ import annotations

import io
import mailbox
from pathlib import Path

from chalicelib import cli, cli_ingest, wiring
from chalicelib.settings import Settings
from tests.ingest.helpers import day_totals
from tests.ingest.reportgen import DAY0, report, to_mail, to_xml

D = DAY0.date()


def test_import_every_kind_of_path(moto_stack: Settings, tmp_path: Path) -> None:
    wiring.container().domains.add("example.com")
    (tmp_path / "one.eml").write_bytes(to_mail(report("a", count=1)))
    nested = tmp_path / "dir" / "sub"
    nested.mkdir(parents=True)
    (nested / "b.xml").write_bytes(to_xml(report("b", count=10)))
    (nested / "junk.txt").write_bytes(b"hello")
    box = mailbox.mbox(tmp_path / "box.mbox")
    for rid in ("c", "d"):
        box.add(to_mail(report(rid, count=100)))
    box.add(to_mail(report("a", count=1)))  # a duplicate of one.eml
    box.flush()
    md = mailbox.Maildir(tmp_path / "dir" / "Maildir")
    md.add(to_mail(report("e", count=1000)))
    md.add(to_mail(report("f", domain="unknown.example")))
    md.flush()
    out, err = io.StringIO(), io.StringIO()
    rc = cli_ingest.import_paths([str(tmp_path / "one.eml"), str(tmp_path / "dir"), str(tmp_path / "box.mbox")],
                                 out, err)
    assert rc == 1  # junk.txt
    summary = out.getvalue()
    assert "8 message(s): 5 report(s) ingested, 1 duplicate(s), 1 unclaimed" in summary
    assert "not_a_report: 1" in summary
    assert "[" in err.getvalue() and "8/8" in err.getvalue()
    expected = sum(report(r, count=c).message_count
                   for r, c in (("a", 1), ("b", 10), ("c", 100), ("d", 100), ("e", 1000)))
    assert day_totals("example.com", D, D) == {D: expected}
    keys = list(wiring.ingest_service().raw.keys(moto_stack.raw_mail.bucket, moto_stack.raw_mail.prefix))
    assert len(keys) == 8


def test_reprocess_from_the_archive(moto_stack: Settings, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.eml").write_bytes(to_mail(report("a", domain="late.example", count=5)))
    assert cli_ingest.import_paths([str(tmp_path)], io.StringIO(), io.StringIO()) == 0
    assert day_totals("late.example", D, D) == {}
    wiring.container().domains.add("late.example")
    assert cli.main(["reprocess", "--domain", "late.example", "--since", "2000-01-01"]) == 0
    assert "1 object(s), 1 report(s), 0 changed, 1 day(s) rebuilt, 0 failure(s)" in capsys.readouterr().out
    assert day_totals("late.example", D, D) == {D: 15}
    assert cli.main(["reprocess"]) == 0
    assert day_totals("late.example", D, D) == {D: 15}


def test_missing_path(moto_stack: Settings) -> None:
    err = io.StringIO()
    assert cli_ingest.import_paths(["/nonexistent/x"], io.StringIO(), err) == 2
    assert "no such file" in err.getvalue()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def screen(text: str) -> list[str]:
    """What a terminal shows for `text`: "\\r" returns to the line's start, later characters overwrite."""
    lines, line, col = [], [], 0
    for ch in text:
        if ch == "\n":
            lines.append("".join(line).rstrip())
            line, col = [], 0
        elif ch == "\r":
            col = 0
        else:
            line[col:col + 1] = [ch]
            col += 1
    return lines + ["".join(line).rstrip()]


def test_a_note_on_a_terminal_erases_the_progress_bar_first() -> None:
    term = Terminal()
    progress = cli_ingest.Progress(3, term)
    progress.step()
    progress.note("a: gone")  # shorter than the bar: it used to leave the bar's tail behind it
    progress.step()
    progress.step()
    progress.done()
    assert screen(term.getvalue()) == ["a: gone", "[" + "#" * 30 + "] 3/3", ""]


def test_a_note_in_a_log_file_starts_on_its_own_line() -> None:
    log = io.StringIO()
    progress = cli_ingest.Progress(60, log)
    for _ in range(50):
        progress.step()
    progress.note("x.eml: error (OSError): gone")
    for _ in range(10):
        progress.step()
    progress.done()
    lines = log.getvalue().replace("\r", "").split("\n")
    assert lines[1] == "x.eml: error (OSError): gone" and lines[0].endswith("] 50/60") and lines[2].endswith("60/60")
    assert log.getvalue().endswith("\n")


def test_one_parser_for_the_three_commands(moto_stack: Settings, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    for argv in (["import"], ["reprocess", "--since", "yesterday"], ["parse"], []):
        try:
            cli.main(argv)
        except SystemExit as exc:
            assert exc.code == 2, argv
        else:
            raise AssertionError(f"{argv} was accepted")
    (tmp_path / "junk.txt").write_bytes(b"hello")
    assert cli.main(["import", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "1 message(s): 0 report(s) ingested" in captured.out
    assert "junk.txt: not_a_report: " in captured.err


def test_importing_the_same_files_again_adds_no_failure_rows(moto_stack: Settings, tmp_path: Path) -> None:
    (tmp_path / "junk.eml").write_bytes(b"Subject: hello\r\nFrom: someone@example.net\r\n\r\nno report")
    (tmp_path / "empty.xml").write_bytes(b"")
    (tmp_path / "late.eml").write_bytes(to_mail(report("a", domain="late.example")))
    outs = [io.StringIO(), io.StringIO()]
    for out in outs:
        assert cli_ingest.import_paths([str(tmp_path)], out, io.StringIO()) == 1
        rows = wiring.failures().page(100).items
        assert sorted((r.name, r.subject) for r in rows) == [("empty.xml", ""), ("junk.eml", "hello")]
    assert "unclaimed (register the domain to merge its reports): late.example (1)" in outs[0].getvalue()
