"""Value objects for SMTP TLS reports (RFC 8460). Frozen and slotted like the aggregate model; the parser has
already normalised them (lower-case result and policy types and host names, UTC times, None for absent fields)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

POLICY_TYPES = ("sts", "tlsa", "no-policy-found")
RESULT_TYPES = (  # RFC 8460 section 4.3
    "starttls-not-supported", "certificate-host-mismatch", "certificate-expired", "certificate-not-trusted",
    "validation-failure", "tlsa-invalid", "dnssec-invalid", "dane-required", "sts-policy-fetch-error",
    "sts-policy-invalid", "sts-webpki-invalid",
)


@dataclass(frozen=True, slots=True)
class TlsFailure:
    result_type: str
    failed_sessions: int
    sending_mta_ip: str | None = None
    receiving_mx_hostname: str | None = None
    receiving_mx_helo: str | None = None
    receiving_ip: str | None = None
    additional_information: str | None = None
    failure_reason_code: str | None = None


@dataclass(frozen=True, slots=True)
class TlsPolicy:
    policy_type: str
    policy_domain: str
    successful_sessions: int
    failed_sessions: int
    policy_strings: tuple[str, ...] = ()
    mx_hosts: tuple[str, ...] = ()
    failures: tuple[TlsFailure, ...] = ()


@dataclass(frozen=True, slots=True)
class TlsReport:
    org_name: str
    report_id: str
    begin: datetime
    end: datetime
    contact_info: str | None
    policies: tuple[TlsPolicy, ...]
    warnings: tuple[str, ...] = ()

    @property
    def policy_domains(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.policy_domain for p in self.policies))

    @property
    def sessions_success(self) -> int:
        return sum(p.successful_sessions for p in self.policies)

    @property
    def sessions_failure(self) -> int:
        return sum(p.failed_sessions for p in self.policies)

    def for_domain(self, domain: str) -> TlsReport:
        """The part of the report about one policy domain (how it is stored: per policy domain and day)."""
        return TlsReport(self.org_name, self.report_id, self.begin, self.end, self.contact_info,
                         tuple(p for p in self.policies if p.policy_domain == domain), self.warnings)
