"""Value objects of provenance: what SES computed for a report mail (MailAuth) and the verdict (Provenance)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Trust(StrEnum):
    VERIFIED = "verified"
    OPERATOR = "operator"
    UNVERIFIED = "unverified"


# The stable reason codes (documented in the package docstring; the UI translates them).
VERIFIED = "verified"
ALLOWED_REPORTER = "allowed_reporter"
OPERATOR_IMPORT = "operator_import"
NO_SES_HEADER = "no_ses_header"
VIRUS = "virus"
NO_FROM = "no_from"
DMARC_FAIL = "dmarc_fail"
FROM_MISMATCH = "from_mismatch"
REASONS = (VERIFIED, ALLOWED_REPORTER, OPERATOR_IMPORT, NO_SES_HEADER, VIRUS, NO_FROM, DMARC_FAIL, FROM_MISMATCH)


@dataclass(frozen=True, slots=True)
class MailAuth:
    """What SES computed for the report e-mail, read from the headers it prepended."""
    from_domain: str | None  # the RFC5322.From domain (lower case, IDNA A-labels); None when absent or ambiguous
    spf: str | None  # result words, lower case: "pass", "fail", "none", ...
    dkim: str | None  # "pass" when any signature passed, else the first result
    dmarc: str | None
    dkim_domains: tuple[str, ...]  # header.d / header.i domains of the signatures that passed
    spam: str | None  # X-SES-Spam-Verdict (upper case: PASS, FAIL, GRAY, PROCESSING_FAILED)
    virus: str | None  # X-SES-Virus-Verdict
    problems: tuple[str, ...]  # anything odd, for the log
    dmarc_domain: str | None = None  # header.from of SES's dmarc result: the domain the dmarc verdict is about


@dataclass(frozen=True, slots=True)
class Provenance:
    trust: Trust
    reason: str  # one of REASONS
    from_domain: str | None
    detail: str = ""  # short English detail for operators

    @property
    def trusted(self) -> bool:
        return self.trust is not Trust.UNVERIFIED
