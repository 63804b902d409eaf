"""Configuration: every environment variable name in one place, read once into a frozen, typed object.

`.chalice/config.json` sets these names per stage; the local stack and the tests set them too. Defaults are
what a fresh deployment uses, so `chalice package` (which evaluates decorators) needs no variables set."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

# Environment variable names (the one list; the infrastructure template uses the same names).
TABLE_REPORTS = "ALIGNED_TABLE_REPORTS"
TABLE_ROLLUPS = "ALIGNED_TABLE_ROLLUPS"
TABLE_DOMAINS = "ALIGNED_TABLE_DOMAINS"
TABLE_FAILURES = "ALIGNED_TABLE_FAILURES"
RAW_BUCKET = "ALIGNED_RAW_BUCKET"
RAW_PREFIX = "ALIGNED_RAW_PREFIX"
INGEST_QUEUE = "ALIGNED_INGEST_QUEUE"
SERVICE_NAME = "POWERTOOLS_SERVICE_NAME"
METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE"

DEFAULTS: Mapping[str, str] = {
    TABLE_REPORTS: "aligned-reports",
    TABLE_ROLLUPS: "aligned-rollups",
    TABLE_DOMAINS: "aligned-domains",
    TABLE_FAILURES: "aligned-failures",
    RAW_BUCKET: "aligned-raw-mail",
    RAW_PREFIX: "incoming/",
    INGEST_QUEUE: "aligned-raw-mail",
    SERVICE_NAME: "aligned",
    METRICS_NAMESPACE: "Aligned",
}


@dataclass(frozen=True, slots=True)
class Settings:
    reports_table: str
    rollups_table: str
    domains_table: str
    failures_table: str
    raw_bucket: str
    raw_prefix: str
    ingest_queue: str
    service_name: str
    metrics_namespace: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str:
            value = env.get(name, "").strip() or DEFAULTS[name]
            return value

        prefix = get(RAW_PREFIX)
        return cls(
            reports_table=get(TABLE_REPORTS), rollups_table=get(TABLE_ROLLUPS), domains_table=get(TABLE_DOMAINS),
            failures_table=get(TABLE_FAILURES), raw_bucket=get(RAW_BUCKET),
            raw_prefix=prefix if prefix.endswith("/") else prefix + "/",
            ingest_queue=get(INGEST_QUEUE), service_name=get(SERVICE_NAME), metrics_namespace=get(METRICS_NAMESPACE),
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings.from_env()


# --- Alerts (chalicelib.alerting, services.alerts): names, defaults and their own frozen settings ----------
TABLE_ALERTS = "ALIGNED_TABLE_ALERTS"
ALERTS_TOPIC_ARN = "ALIGNED_ALERTS_TOPIC_ARN"  # "" : nothing published (the notification log still records)
UI_BASE_URL = "ALIGNED_UI_BASE_URL"  # links in messages; "" : no link
ALERT_COOLDOWN_HOURS = "ALIGNED_ALERT_COOLDOWN_HOURS"  # reminder interval while an alert stays active; 0: never
NOTIFICATION_LOG_DAYS = "ALIGNED_NOTIFICATION_LOG_DAYS"  # how long sent notifications stay listed; 0: not kept

ALERT_DEFAULTS: Mapping[str, str] = {
    TABLE_ALERTS: "aligned-alerts",
    ALERTS_TOPIC_ARN: "",
    UI_BASE_URL: "",
    ALERT_COOLDOWN_HOURS: "24",
    NOTIFICATION_LOG_DAYS: "30",
}


@dataclass(frozen=True, slots=True)
class AlertSettings:
    alerts_table: str
    topic_arn: str
    ui_base_url: str
    cooldown_hours: int
    notification_log_days: int

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> AlertSettings:
        env = os.environ if env is None else env

        def get(name: str) -> str:
            return env.get(name, "").strip() or ALERT_DEFAULTS[name]

        def number(name: str) -> int:
            raw = get(name)
            if not raw.isdigit():
                raise ValueError(f"{name}: must be a whole number of 0 or more, not {raw!r}")
            return int(raw)

        return cls(alerts_table=get(TABLE_ALERTS), topic_arn=get(ALERTS_TOPIC_ARN), ui_base_url=get(UI_BASE_URL),
                   cooldown_hours=number(ALERT_COOLDOWN_HOURS), notification_log_days=number(NOTIFICATION_LOG_DAYS))


@lru_cache(maxsize=1)
def alert_settings() -> AlertSettings:
    return AlertSettings.from_env()


# --- HTTP API (chalicelib.api, services.analyses / registry / domains): names, defaults, own settings ---------
TABLE_REGISTRY = "ALIGNED_TABLE_REGISTRY"
RUA_ADDRESS = "ALIGNED_RUA_ADDRESS"  # where reports are sent; "" : dmarc-reports@<ALIGNED_MAIL_DOMAIN>
MAIL_DOMAIN = "ALIGNED_MAIL_DOMAIN"  # the domain SES receives the reports at
FACT_CACHE_SIZE = "ALIGNED_FACT_CACHE_SIZE"  # decoded facts kept in Lambda memory across calls; 0: no cache

API_DEFAULTS: Mapping[str, str] = {
    TABLE_REGISTRY: "aligned-registry",
    RUA_ADDRESS: "",
    MAIL_DOMAIN: "aligned.invalid",
    FACT_CACHE_SIZE: "2000000",
}


@dataclass(frozen=True, slots=True)
class ApiSettings:
    registry_table: str
    rua_address: str
    fact_cache_size: int

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ApiSettings:
        env = os.environ if env is None else env

        def get(name: str) -> str:
            return env.get(name, "").strip() or API_DEFAULTS[name]

        cache = get(FACT_CACHE_SIZE)
        if not cache.isdigit():
            raise ValueError(f"{FACT_CACHE_SIZE}: must be a whole number of 0 or more, not {cache!r}")
        rua = get(RUA_ADDRESS) or f"dmarc-reports@{get(MAIL_DOMAIN).rstrip('.').lower()}"
        return cls(registry_table=get(TABLE_REGISTRY), rua_address=rua.lower(), fact_cache_size=int(cache))


@lru_cache(maxsize=1)
def api_settings() -> ApiSettings:
    return ApiSettings.from_env()
