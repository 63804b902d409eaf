"""Configuration: one table of environment variables (name, default, parser, the setting it fills), read once
into a frozen, typed `Settings` grouped by resource.

`.chalice/config.json` sets these names per stage; infra/ and local/ import VARIABLES (never os.environ
reflection). Defaults are what a fresh deployment uses, so `chalice package` needs no variables set. No other
module of the app reads os.environ."""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

# Environment variable names (the infrastructure template and the local stack use these constants).
TABLE_REPORTS = "ALIGNED_TABLE_REPORTS"
TABLE_ROLLUPS = "ALIGNED_TABLE_ROLLUPS"
TABLE_DOMAINS = "ALIGNED_TABLE_DOMAINS"
TABLE_FAILURES = "ALIGNED_TABLE_FAILURES"
TABLE_REGISTRY = "ALIGNED_TABLE_REGISTRY"
TABLE_ALERTS = "ALIGNED_TABLE_ALERTS"
TABLE_DNS_CACHE = "ALIGNED_TABLE_DNS_CACHE"
TABLE_POSTURE = "ALIGNED_TABLE_POSTURE"
TABLE_ACCESS = "ALIGNED_TABLE_ACCESS"
AUTH_KEY_FILE = "ALIGNED_AUTH_KEY_FILE"
RAW_BUCKET = "ALIGNED_RAW_BUCKET"
RAW_PREFIX = "ALIGNED_RAW_PREFIX"
INGEST_QUEUE = "ALIGNED_INGEST_QUEUE"
ALERTS_TOPIC_ARN = "ALIGNED_ALERTS_TOPIC_ARN"
UI_BASE_URL = "ALIGNED_UI_BASE_URL"
ALERT_COOLDOWN_HOURS = "ALIGNED_ALERT_COOLDOWN_HOURS"
ALERT_SETTLED_HOURS = "ALIGNED_ALERT_SETTLED_HOURS"
NOTIFICATION_LOG_DAYS = "ALIGNED_NOTIFICATION_LOG_DAYS"
RUA_ADDRESS = "ALIGNED_RUA_ADDRESS"
MAIL_DOMAIN = "ALIGNED_MAIL_DOMAIN"
FACT_CACHE_SIZE = "ALIGNED_FACT_CACHE_SIZE"
AUTH_MODE = "ALIGNED_AUTH"
TRUSTED_REPORTERS = "ALIGNED_TRUSTED_REPORTERS"
DNS_MODE = "ALIGNED_DNS"
DNS_LIFETIME = "ALIGNED_DNS_LIFETIME_SECONDS"
DNS_BUDGET = "ALIGNED_DNS_BUDGET_SECONDS"
COUNT_UNVERIFIED = "ALIGNED_COUNT_UNVERIFIED"
PLAN_TOLERANCE_PCT = "ALIGNED_PLAN_TOLERANCE_PCT"
PLAN_DAYS = "ALIGNED_PLAN_DAYS"
PLAN_MIN_VOLUME = "ALIGNED_PLAN_MIN_VOLUME"
PLAN_MIN_REPORTERS = "ALIGNED_PLAN_MIN_REPORTERS"
INGEST_MESSAGE_SECONDS = "ALIGNED_INGEST_MESSAGE_SECONDS"
EXPORTS_BUCKET = "ALIGNED_EXPORTS_BUCKET"
EXPORTS_PREFIX = "ALIGNED_EXPORTS_PREFIX"
EXPORT_INLINE_BYTES = "ALIGNED_EXPORT_INLINE_BYTES"
EXPORT_URL_SECONDS = "ALIGNED_EXPORT_URL_SECONDS"
MAX_REPORT_RECORDS = "ALIGNED_MAX_REPORT_RECORDS"
MAX_DAY_SOURCES = "ALIGNED_MAX_DAY_SOURCES"
SERVICE_NAME = "POWERTOOLS_SERVICE_NAME"
METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE"


class SettingsError(ValueError):
    """An environment variable holds a value its parser rejects; the message names the variable."""


# --- Parsers: text in, typed value out; ValueError with a reason on a bad value -----------------------------
def text(raw: str) -> str:
    return raw


def folder(raw: str) -> str:
    return raw if raw.endswith("/") else raw + "/"


def whole_number(raw: str) -> int:
    if not raw.isdigit():
        raise ValueError("must be a whole number of 0 or more")
    return int(raw)


def domain_name(raw: str) -> str:
    return raw.rstrip(".").lower()


def lowercase(raw: str) -> str:
    return raw.lower()


def domain_list(raw: str) -> frozenset[str]:
    names = [part.strip().rstrip(".").lower() for part in raw.split(",") if part.strip()]
    bad = [n for n in names if "." not in n or " " in n]
    if bad:
        raise ValueError(f"must be a comma-separated list of domain names ({', '.join(bad)} is not one)")
    return frozenset(names)


def yes_no(raw: str) -> bool:
    value = raw.lower()
    if value not in ("true", "false"):
        raise ValueError("must be true or false")
    return value == "true"


def dns_mode(raw: str) -> str:
    if raw.lower() in ("live", "off"):
        return raw.lower()
    missing = [p for p in raw.split(",") if not Path(p.strip()).is_file()]
    if missing:
        raise ValueError(f"must be live, off, or comma-separated zone files (JSON); not found: {', '.join(missing)}")
    return raw


def seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 30:
        raise ValueError("must be a number of seconds above 0 and at most 30")
    return value


def percentage(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise ValueError("must be a percentage from 0 to 100")
    return value


def message_seconds(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 80:
        raise ValueError("must be a whole number of seconds from 1 to 80 (a batch must fit Lambda's 900 s)")
    return int(raw)


AUTH_MODES = ("none", "local", "cognito")


def positive(raw: str) -> int:
    if not raw.isdigit() or int(raw) == 0:
        raise ValueError("must be a whole number of 1 or more")
    return int(raw)


def url_seconds(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 3600:
        raise ValueError("must be a whole number of seconds from 1 to 3600")
    return int(raw)


def auth_mode(raw: str) -> str:
    mode = raw.lower()
    if mode not in AUTH_MODES:
        raise ValueError(f"must be one of {', '.join(AUTH_MODES)}")
    return mode


@dataclass(frozen=True, slots=True)
class Variable:
    name: str  # the environment variable
    setting: str  # "group.field" of Settings it fills
    default: str  # used when the variable is unset or blank
    parse: Callable[[str], Any]
    doc: str = ""


VARIABLES: tuple[Variable, ...] = (
    Variable(TABLE_REPORTS, "tables.reports", "aligned-reports", text),
    Variable(TABLE_ROLLUPS, "tables.rollups", "aligned-rollups", text),
    Variable(TABLE_DOMAINS, "tables.domains", "aligned-domains", text),
    Variable(TABLE_FAILURES, "tables.failures", "aligned-failures", text),
    Variable(TABLE_REGISTRY, "tables.registry", "aligned-registry", text),
    Variable(TABLE_ALERTS, "tables.alerts", "aligned-alerts", text),
    Variable(TABLE_DNS_CACHE, "tables.dns_cache", "aligned-dns-cache", text,
             "reverse-DNS names of source IPs, shared by the ingest functions; items expire after 30 days"),
    Variable(TABLE_POSTURE, "tables.posture", "aligned-posture", text),
    Variable(TABLE_ACCESS, "tables.access", "aligned-access", text,
             "organizations, their members and roles, and the domain-verification secret"),
    Variable(RAW_BUCKET, "raw_mail.bucket", "aligned-raw-mail", text),
    Variable(RAW_PREFIX, "raw_mail.prefix", "incoming/", folder),
    Variable(INGEST_QUEUE, "queue.ingest", "aligned-raw-mail", text),
    Variable(ALERTS_TOPIC_ARN, "topic.alerts_arn", "", text, '"": nothing published (the log still records)'),
    Variable(UI_BASE_URL, "ui.base_url", "", text, 'links in alert messages; "": no link'),
    Variable(ALERT_COOLDOWN_HOURS, "alerts.cooldown_hours", "24", whole_number,
             "reminder interval while an alert stays active; 0: never"),
    Variable(NOTIFICATION_LOG_DAYS, "alerts.notification_log_days", "30", whole_number,
             "how long sent notifications stay listed; 0: not kept"),
    Variable(ALERT_SETTLED_HOURS, "alerts.settled_hours", "48", whole_number,
             "hours after a UTC day's end when its reports count as all in, even if a usual reporter's is missing"),
    Variable(MAIL_DOMAIN, "mail.domain", "aligned.invalid", domain_name, "the domain SES receives the reports at"),
    Variable(RUA_ADDRESS, "mail.rua_override", "", lowercase, '"": dmarc-reports@<ALIGNED_MAIL_DOMAIN>'),
    Variable(AUTH_MODE, "auth.mode", "none", auth_mode,
             "none: one local operator, no sign-in; local: HS256 tokens signed with the key file; "
             "cognito: the API routes carry the Cognito authorizer"),
    Variable(AUTH_KEY_FILE, "auth.key_file", "local/data/auth-token.key", text,
             "ALIGNED_AUTH=local: the file holding the token signing key (made on first use)"),
    Variable(TRUSTED_REPORTERS, "trust.reporters", "", domain_list,
             "reporter mail domains trusted without checking org_name (the operator's own relays); \"\": none"),
    Variable(COUNT_UNVERIFIED, "trust.count_unverified", "false", yes_no,
             "true: reports that are not authenticated count too (only behind a gateway that checks them)"),
    Variable(DNS_MODE, "dns.mode", "live", dns_mode,
             "live: the real DNS (dnspython); off: no lookups; or zone files (JSON) to answer from (local stack)"),
    Variable(DNS_LIFETIME, "dns.lifetime", "2", seconds, "the time one DNS question may take, in seconds"),
    Variable(DNS_BUDGET, "dns.budget", "5", seconds,
             "the time the reverse-DNS lookups of one report may take at ingest; names not found by then stay empty"),
    Variable(INGEST_MESSAGE_SECONDS, "batch.message_seconds", "60", message_seconds,
             "the most one raw-mail message may take at ingest; over it, it is retried (then the dead-letter "
             "queue), and the ingest function's timeout is the batch size times this plus 10 s"),
    Variable(FACT_CACHE_SIZE, "cache.fact_cache_size", "2000000", whole_number,
             "decoded facts kept in Lambda memory across calls; 0: no cache"),
    Variable(PLAN_TOLERANCE_PCT, "plan.tolerance_pct", "0.5", percentage,
             "the plan: the share of own mail (%) the next policy stage may hit and still count as ready"),
    Variable(PLAN_DAYS, "plan.days", "14", whole_number,
             "the plan: consecutive days the own mail hit must stay within the tolerance"),
    Variable(PLAN_MIN_VOLUME, "plan.min_volume", "100", whole_number,
             "the plan: own senders with at least this many messages in the range must each be within the tolerance"),
    Variable(PLAN_MIN_REPORTERS, "plan.min_reporters", "2", whole_number,
             "the plan: distinct reporters needed in the range before a step counts as ready"),
    Variable(EXPORTS_BUCKET, "exports.bucket", "aligned-exports", text,
             "where CSV downloads larger than ALIGNED_EXPORT_INLINE_BYTES are written (objects expire after a day)"),
    Variable(EXPORTS_PREFIX, "exports.prefix", "exports/", folder),
    Variable(EXPORT_INLINE_BYTES, "exports.inline_bytes", "4000000", positive,
             "CSV downloads up to this size are answered directly; larger ones go to the exports bucket and the "
             "answer is a presigned URL (a Lambda response may hold 6 MB)"),
    Variable(EXPORT_URL_SECONDS, "exports.url_seconds", "300", url_seconds,
             "how long the presigned URL of an export stays valid"),
    Variable(MAX_REPORT_RECORDS, "caps.report_records", "100000", positive,
             "records of one aggregate report that count: the first ones in the file; the rest are dropped and "
             "recorded as a limit_exceeded failure with their message count"),
    Variable(MAX_DAY_SOURCES, "caps.day_sources", "100000", positive,
             "distinct source IPs one domain-day holds; records from further sources are dropped and recorded as "
             "a limit_exceeded failure"),
    Variable(SERVICE_NAME, "telemetry.service_name", "aligned", text),
    Variable(METRICS_NAMESPACE, "telemetry.metrics_namespace", "Aligned", text),
)
DEFAULTS: Mapping[str, str] = {v.name: v.default for v in VARIABLES}


@dataclass(frozen=True, slots=True)
class Tables:
    reports: str
    rollups: str
    domains: str
    failures: str
    registry: str
    alerts: str
    dns_cache: str = "aligned-dns-cache"
    posture: str = "aligned-posture"  # SMTP TLS reports and DNS posture checks
    access: str = "aligned-access"  # organizations, members, the domain-verification secret


@dataclass(frozen=True, slots=True)
class RawMail:
    bucket: str
    prefix: str


@dataclass(frozen=True, slots=True)
class Queue:
    ingest: str


@dataclass(frozen=True, slots=True)
class Topic:
    alerts_arn: str


@dataclass(frozen=True, slots=True)
class Alerts:
    cooldown_hours: int
    notification_log_days: int
    settled_hours: int = 48


@dataclass(frozen=True, slots=True)
class Ui:
    base_url: str


@dataclass(frozen=True, slots=True)
class Mail:
    domain: str
    rua_override: str

    @property
    def rua_address(self) -> str:
        return self.rua_override or f"dmarc-reports@{self.domain}"


@dataclass(frozen=True, slots=True)
class Auth:
    mode: str
    key_file: str = "local/data/auth-token.key"

    @property
    def cognito(self) -> bool:
        return self.mode == "cognito"


@dataclass(frozen=True, slots=True)
class Trust:
    reporters: frozenset[str]
    count_unverified: bool


@dataclass(frozen=True, slots=True)
class Dns:
    mode: str  # "live", "off", or comma-separated zone file paths
    lifetime: float
    budget: float = 5.0  # seconds for the reverse lookups of one report


@dataclass(frozen=True, slots=True)
class Batch:
    message_seconds: int  # the time limit of one raw-mail message in an ingest batch


@dataclass(frozen=True, slots=True)
class Cache:
    fact_cache_size: int


@dataclass(frozen=True, slots=True)
class Plan:
    """The criteria of the plan's next step (chalicelib.analysis.plan.PlanRules)."""
    tolerance_pct: float = 0.5
    days: int = 14
    min_volume: int = 100
    min_reporters: int = 2


@dataclass(frozen=True, slots=True)
class Exports:
    bucket: str
    prefix: str
    inline_bytes: int = 4_000_000
    url_seconds: int = 300


@dataclass(frozen=True, slots=True)
class Caps:
    report_records: int = 100_000
    day_sources: int = 100_000


@dataclass(frozen=True, slots=True)
class Telemetry:
    service_name: str
    metrics_namespace: str


@dataclass(frozen=True, slots=True)
class Settings:
    tables: Tables
    raw_mail: RawMail
    queue: Queue
    topic: Topic
    alerts: Alerts
    ui: Ui
    mail: Mail
    auth: Auth
    trust: Trust
    dns: Dns
    cache: Cache
    telemetry: Telemetry
    batch: Batch
    plan: Plan = Plan()
    exports: Exports = Exports("aligned-exports", "exports/")
    caps: Caps = Caps()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **changes: Any) -> Settings:
        """Parses every variable of VARIABLES from `env` (default: os.environ). `changes` replace whole groups,
        e.g. `Settings.from_env({}, tables=Tables(...))`."""
        env = os.environ if env is None else env
        groups: dict[str, dict[str, Any]] = {}
        for var in VARIABLES:
            raw = env.get(var.name, "").strip() or var.default
            try:
                value = var.parse(raw)
            except ValueError as exc:
                raise SettingsError(f"{var.name}: {exc}, not {raw!r}") from None
            group, field = var.setting.split(".")
            groups.setdefault(group, {})[field] = value
        built = {f.name: _GROUPS[f.name](**groups[f.name]) for f in fields(cls)}
        return replace(cls(**built), **changes)


_GROUPS: dict[str, type] = {"tables": Tables, "raw_mail": RawMail, "queue": Queue, "topic": Topic,
                            "alerts": Alerts, "ui": Ui, "mail": Mail, "auth": Auth, "trust": Trust, "dns": Dns,
                            "cache": Cache, "telemetry": Telemetry, "plan": Plan, "batch": Batch,
                            "exports": Exports, "caps": Caps}


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings.from_env()
