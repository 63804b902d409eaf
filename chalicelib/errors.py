"""Every error a user can be told about, in one module (standard library only, so the pure core raises them).

An error carries a stable machine-readable `code`, the request `field` at fault (or None) and the `params` its
text is made from. The English text comes from `MESSAGES`; clients translate `code` + `params` themselves (the
web UI has a Japanese and an English text for every code here: tests/api/test_error_codes.py checks it).
chalicelib/api/errors.py turns the kinds into HTTP 400, 401, 403, 404 and 409, in one place."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

# code -> English text; "{name}" is filled from params (lists are joined with ", ").
MESSAGES: Mapping[str, str] = {
    # request values
    "required": "is required",
    "not_text": "must be text",
    "invalid_json": "must be a JSON object",
    "invalid_integer": "must be a whole number from {min} to {max}",
    "invalid_number": "must be a number from {min} to {max}",
    "invalid_limit": "must be a whole number from {min} to {max}",
    "invalid_offset": "must be a whole number from 0 to {max}",
    "invalid_boolean": "must be true or false",
    "invalid_choice": "must be one of {allowed}",
    "invalid_page_token": "is not a page token this service handed out",
    "invalid_day": "'{value}' is not a day in the form YYYY-MM-DD",
    "range_reversed": "{from} is after to ({to})",
    "range_too_long": "the range may span at most {max_days} days",
    "beyond_drill_window": "pages reach the first {max} records only; the CSV download (format=csv) holds them all",
    "invalid_pattern": "must be 0 (DMARC pass), 1 to 4 (failure patterns) or 5 (unknown), or a comma-separated list",
    "invalid_ip": "'{value}' is not an IPv4 or IPv6 address",
    "policy_unknown": "no report in the range says which policy is published: give p (and any other tag)",
    "too_long": "is longer than {max} characters",
    "control_characters": "must not contain control characters or line breaks",
    "surrounding_spaces": "must not start or end with spaces",
    # domains
    "invalid_domain": "'{value}' is not a valid domain name",
    "unknown_domain": "'{domain}' is not an analysis domain",
    "duplicate_domain": "{domain} duplicates line {line}",
    "onboarding_empty": "no domain in the file: write one domain per line (optionally: domain,display_name)",
    "onboarding_header": "a header line may name only these columns: {allowed}",
    "body_too_large": "the file is larger than {max_bytes} bytes; split it",
    # ingest failures
    "unknown_failure": "no failure {failure_id} (dismissed, or the mail was read in full since)",
    "raw_mail_gone": "the raw mail {object_key} is no longer in the bucket",
    # the source-IP registry
    "invalid_cidr": "'{value}' is not a valid IPv4 or IPv6 network",
    "cidr_host_bits": "'{value}' has host bits set; did you mean {network} (the network) or a single address?",
    "cidr_zone_id": "'{value}': zone (scope) ids are not allowed",
    "unknown_service": "'{value}' is not a service of the catalogue (write service:<id>, e.g. service:sendgrid)",
    "cidr_too_broad": "'{value}' is too broad: the shortest prefix allowed is /{min_prefix}",
    "unknown_entry": "{cidr} is not in the registry",
    "entry_exists": "{cidr} is already in the registry",
    "import_rejected": "{count} problem(s) found; nothing was imported",
    "import_rejected_more": "{count} problem(s) found, the first {shown} listed; nothing was imported",
    "csv_encoding": "the file is neither UTF-8 nor Shift_JIS text",
    "csv_header": "the first line must be the header cidr,tag,comment",
    "csv_empty": "the file is empty: expected the header cidr,tag,comment",
    "csv_too_many_rows": "more than {max} entries; the rest was not read",
    "csv_malformed": "malformed CSV: {detail}",
    "csv_too_many_fields": "expected at most {max} fields, found {found}",
    "csv_duplicate": "{cidr} duplicates line {line}",
    "csv_more_errors": "the check stopped there: {count} more lines were not checked",
    "import_too_large": "the file has {size} bytes; at most {max} bytes can be imported",
    # reports and their provenance
    "unknown_report": "no stored report {report}",
    "report_not_held": "report {report} is {status}, not held: only held reports can be rejected",
    "invalid_report_id": "is not a report id this service handed out",
    # alert rules
    "unknown_rule_field": "is not a field of a {kind} rule",
    "kind_immutable": "cannot be changed; create a new rule instead",
    "history_too_short": "must be longer than days",
    "too_many_rules": "a domain can have at most {max} rules",
    "unknown_rule": "no rule {rule_id} for this domain",
    "rule_exists": "rule {rule_id} exists already",
    "unknown_tag": "no registry entry has the tag '{tag}'; register a source with it first",
    # who may do what (chalicelib/access)
    "unauthenticated": "sign in first: the request carries no valid token",
    "forbidden": "your role does not allow this ({permission})",
    "unknown_org": "'{org}' is not an organization you belong to",
    "org_exists": "organization '{org}' exists already",
    "invalid_org": "'{value}' is not an organization id (lower-case letters, digits and -, 2 to 40 characters)",
    "invalid_role": "must be one of {allowed}",
    "unknown_member": "'{user}' is not a member of '{org}'",
    "last_owner": "'{org}' must keep at least one owner",
    "org_required": "name the organization the domain belongs to (you belong to several)",
    "domain_held": "'{domain}' is registered by another organization: publish TXT {record_name} "
                   "\"{record_value}\" and verify it to claim the domain",
    "domain_proven_elsewhere": "'{domain}' is proven to belong to another organization; only the operator can move it",
    "verification_failed": "no TXT record \"{record_value}\" at {record_name} yet (DNS may take a while)",
    "domain_claim_changed": "'{domain}' changed owner or proof while this request was checking it; nothing was "
                            "changed: reload and try again",
}


class AppError(Exception):
    """Base of every user-facing error: `code` (a key of MESSAGES), `field` (or None) and `params`."""

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        if code not in MESSAGES:
            raise KeyError(f"no message for error code {code!r}: add it to chalicelib.errors.MESSAGES")
        self.code, self.field, self.params = code, field, params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The English text, prefixed with the field it is about."""
        text = render(self.code, self.params)
        return f"{self.field}: {text}" if self.field else text


class InvalidInput(AppError):
    """A value of the request (query, path or body) is invalid: HTTP 400."""


class NotFound(AppError):
    """The thing named does not exist (or is not the caller's to see): HTTP 404."""


class Conflict(AppError):
    """The change collides with what is stored: HTTP 409."""


class Unauthenticated(AppError):
    """No valid identity (missing, malformed, expired or wrongly signed token): HTTP 401."""

    def __init__(self) -> None:
        super().__init__("unauthenticated")


class Forbidden(AppError):
    """The caller may see the thing but their role does not allow the action: HTTP 403."""

    def __init__(self, permission: str) -> None:
        super().__init__("forbidden", None, permission=permission)


class UnknownOrganization(NotFound):
    def __init__(self, org: str) -> None:
        super().__init__("unknown_org", "org", org=org)


class RegistryError(InvalidInput):
    """An invalid registry entry (cidr, tag or comment)."""


class RuleError(InvalidInput):
    """An invalid field of an alert rule."""


class BadToken(InvalidInput):
    """A page token this service did not hand out (or one that was altered)."""

    def __init__(self) -> None:
        super().__init__("invalid_page_token", "next")


class UnknownDomain(NotFound):
    def __init__(self, name: str) -> None:
        super().__init__("unknown_domain", "domain", domain=name)


class UnknownReport(NotFound):
    def __init__(self, key: str) -> None:
        super().__init__("unknown_report", "report", report=key)


class ReportNotHeld(Conflict):
    def __init__(self, key: str, status: str) -> None:
        super().__init__("report_not_held", "report", report=key, status=status)


class UnknownEntry(NotFound):
    def __init__(self, cidr: str) -> None:
        super().__init__("unknown_entry", "cidr", cidr=cidr)


class EntryExists(Conflict):
    def __init__(self, cidr: str) -> None:
        super().__init__("entry_exists", "cidr", cidr=cidr)


class RuleNotFound(NotFound):
    def __init__(self, rule_id: str) -> None:
        super().__init__("unknown_rule", "rule_id", rule_id=rule_id)


class ClaimChanged(Conflict):
    """A domain's owner or proof changed between reading and claiming it (another proof or assignment won)."""

    def __init__(self, domain: str) -> None:
        super().__init__("domain_claim_changed", "name", domain=domain)


class RuleConflict(Conflict):
    def __init__(self, rule_id: str) -> None:
        super().__init__("rule_exists", "rule_id", rule_id=rule_id)


@dataclasses.dataclass(frozen=True, slots=True)
class LineError:
    """One problem of an imported file: `line` is 1-based (0: the file as a whole)."""
    line: int
    code: str
    field: str | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        text = render(self.code, self.params)
        return f"{self.field}: {text}" if self.field else text

    @classmethod
    def of(cls, line: int, error: AppError) -> LineError:
        return cls(line, error.code, error.field, error.params)


class ImportRejected(InvalidInput):
    """A file with errors: nothing was written. `problems` lists the bad lines (the first ones); `more` counts the
    further problems found but not listed, `count` every problem found (by default the listed and the more)."""

    def __init__(self, problems: Iterable[LineError], more: int = 0, count: int | None = None) -> None:
        self.problems, self.more = tuple(problems), more
        count = len(self.problems) + more if count is None else count
        if more:
            super().__init__("import_rejected_more", "file", count=count, shown=len(self.problems))
        else:
            super().__init__("import_rejected", "file", count=count)


def render(code: str, params: Mapping[str, Any]) -> str:
    values = {k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in params.items()}
    return MESSAGES[code].format(**values)
