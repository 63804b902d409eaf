"""Streaming, hardened reading of one aggregate-report XML document into an AggregateReport.

lxml's iterparse runs with no DTD loading, no entity resolution and no network; a document with a DOCTYPE is
refused. Whitespace between elements is dropped by libxml2 (remove_blank_text: ~half the nodes of a
pretty-printed report, ~10% of the parse); every value read is stripped, so a blank text and no text read alike.
Each <record> is turned into a Record as soon as it ends and its element is freed, so memory does not grow with
the size of the XML. Element order inside a record or the metadata is not relied on."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from lxml import etree

from chalicelib.dmarc import normalize as norm
from chalicelib.dmarc.builder import ReportBuilder
from chalicelib.dmarc.errors import ErrorKind, LimitExceeded, ReportError
from chalicelib.dmarc.limits import Limits
from chalicelib.dmarc.model import AggregateReport
from chalicelib.dmarc.streams import Source

NS_RFC9990 = ("urn:ietf:params:xml:ns:dmarc-2.0", "http://dmarc.org/dmarc-xml/0.2")
_HANDLED = frozenset({"record", "report_metadata", "policy_published", "version"})


class _Broken(Exception):
    """The strict parse failed on syntax: worth one retry in recovery mode."""


def parse_aggregate(source: Source, limits: Limits, name: str | None = None, skip: int = 0) -> AggregateReport:
    try:
        report = _parse(source, limits, name, skip, recover=False)
    except _Broken as exc:
        reason = str(exc)
    else:
        if skip:
            note = f"{skip} bytes of whitespace before the XML declaration were skipped"
            report = replace(report, warnings=(note, *report.warnings))
        return report
    try:
        report = _parse(source, limits, name, skip, recover=True)
    except (_Broken, ReportError) as exc:
        if isinstance(exc, ReportError) and exc.kind is not ErrorKind.MALFORMED:
            raise
        raise ReportError(ErrorKind.MALFORMED, f"the XML is not well-formed: {reason}") from None
    note = f"the XML is not well-formed ({reason}); the report was recovered and may be incomplete"
    return replace(report, warnings=(note, *report.warnings))


def _parse(source: Source, limits: Limits, name: str | None, skip: int, recover: bool) -> AggregateReport:
    # Errors are raised only after the parser is dropped: a traceback that pins the iterparse context would keep
    # its buffers (up to libxml2's 10 MB text limit) alive until the cyclic garbage collector runs.
    stream = source()
    builder = ReportBuilder(limits, name)
    failure: ReportError | _Broken | None = None
    context = None
    try:
        if skip:
            stream.read(skip)
        context = etree.iterparse(
            stream, events=("end",), tag=_TAGS, resolve_entities=False, no_network=True, load_dtd=False,
            huge_tree=False, recover=recover, remove_comments=True, remove_pis=True, remove_blank_text=True,
        )
        _walk(context, builder, limits)
    except etree.XMLSyntaxError as exc:
        if getattr(exc, "code", None) == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            failure = LimitExceeded(f"the XML exceeds a parser limit: {_syntax_message(exc)}")
        else:
            failure = _Broken(_syntax_message(exc))
    except ReportError as exc:
        failure = exc.detached()
    except (LookupError, ValueError, UnicodeError) as exc:  # e.g. an unknown declared encoding
        failure = ReportError(ErrorKind.MALFORMED, f"the XML cannot be decoded: {str(exc)[:200]}")
    finally:
        context = None
        stream.close()
    if failure is not None:
        raise failure
    return builder.build()


# "{*}name" matches the name in any namespace and in none.
_TAGS = ("{*}feedback", "{*}record", "{*}report_metadata", "{*}policy_published", "{*}version", "{*}extension")


def _walk(context: Any, builder: ReportBuilder, limits: Limits) -> None:
    # Only the elements handled here surface in Python (lxml filters the rest in C). Each is removed from the
    # tree once read, with any junk siblings before it, so memory stays flat. Depth is capped by libxml2 (256).
    checked = False
    add_record = builder.add_record
    for _event, elem in context:
        tag = elem.tag
        if tag == builder.record_tag:  # the hot path: every record but the first comes here
            add_record(elem, tag)
        else:
            if not checked:
                _check_root(elem.getroottree().getroot(), builder)
                checked = True
            local = tag[tag.rfind("}") + 1:]
            if local == "record":
                add_record(elem, tag)
            elif local == "report_metadata":
                builder.set_metadata(elem)
            elif local == "policy_published":
                builder.set_policy(elem)
            elif local == "version":
                parent = elem.getparent()
                if parent is not None and _local(parent.tag) == "feedback":
                    builder.version = norm.optional_text(elem.text)
            elif local == "feedback":
                builder.saw_feedback = True
                builder.set_namespace(etree.QName(tag).namespace)
                continue
        parent = elem.getparent()
        if parent is not None:
            while elem.getprevious() is not None:
                del parent[0]
            parent.remove(elem)
    if not checked:
        builder.root_tag = _root_name(context)


def _root_name(context: Any) -> str:
    root = getattr(context, "root", None)
    return _local(root.tag) if root is not None and isinstance(root.tag, str) else "?"


def _check_root(root: Any, builder: ReportBuilder) -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise ReportError(ErrorKind.MALFORMED, "the XML has a DOCTYPE declaration, which reports never need and "
                                               "which is refused for safety (entities, external DTDs)")
    builder.root_tag = _local(root.tag) if isinstance(root.tag, str) else "?"


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1:]


def _syntax_message(exc: etree.XMLSyntaxError) -> str:
    msg = str(exc.msg or exc).strip()
    return msg[:200]
