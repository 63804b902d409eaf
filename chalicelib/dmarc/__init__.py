"""Pure DMARC report reading: containers (MIME, gzip, zip) -> hardened XML parsing -> frozen dataclasses.

Imports only the standard library and lxml, so the command line starts fast and the code tests without AWS.
"""
from chalicelib.dmarc.errors import ErrorKind, ReportError
from chalicelib.dmarc.limits import Limits
from chalicelib.dmarc.model import (
    AggregateReport,
    DkimAuth,
    PolicyOverride,
    PolicyPublished,
    Record,
    ReportMetadata,
    SpfAuth,
)
from chalicelib.dmarc.reader import Outcome, read_message

__all__ = [
    "AggregateReport", "DkimAuth", "ErrorKind", "Limits", "Outcome", "PolicyOverride", "PolicyPublished",
    "Record", "ReportError", "ReportMetadata", "SpfAuth", "read_message",
]
