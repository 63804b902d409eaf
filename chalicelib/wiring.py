"""The composition root: builds the real adapters lazily, once per process. Nothing here runs at import."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from chalicelib.settings import Settings, settings

if TYPE_CHECKING:
    from chalicelib.services.alert_rules import AlertRuleService  # alerts
    from chalicelib.services.alerts import AlertService, AlertStores  # alerts
    from chalicelib.services.analyses import AnalysesService
    from chalicelib.services.domains import DomainService
    from chalicelib.services.ingest import IngestService
    from chalicelib.services.ports import Domains, Failures
    from chalicelib.services.registry import RegistryService
    from chalicelib.services.reprocess import ReprocessService


@lru_cache(maxsize=1)
def s3_client() -> Any:
    import boto3

    return boto3.client("s3")


@lru_cache(maxsize=1)
def ingest_service() -> IngestService:
    from chalicelib.aws.s3mail import S3RawMail
    from chalicelib.services.ingest import IngestService
    from chalicelib.storage.reports import DynamoReports
    from chalicelib.storage.rollups import DynamoRollups

    return IngestService(S3RawMail(s3_client()), DynamoReports(), DynamoRollups(), domains(), failures())


@lru_cache(maxsize=1)
def reprocess_service() -> ReprocessService:
    from chalicelib.services.reprocess import ReprocessService

    return ReprocessService(ingest_service())


@lru_cache(maxsize=1)
def domains() -> Domains:
    from chalicelib.storage.domains import DynamoDomains

    return DynamoDomains()


@lru_cache(maxsize=1)
def failures() -> Failures:
    from chalicelib.storage.failures import DynamoFailures

    return DynamoFailures()


def config() -> Settings:
    return settings()


def ingest_object(bucket: str, key: str):  # type: ignore[no-untyped-def]
    """The local-driver contract: ingest one raw-mail object with the real adapters. Returns IngestResult."""
    return ingest_service().ingest_object(bucket, key)


# --- The HTTP API's use cases (chalicelib.api) ---------------------------------------------------------------
@lru_cache(maxsize=1)
def domain_service() -> DomainService:
    from chalicelib.services.domains import DomainService
    from chalicelib.settings import api_settings

    return DomainService(domains(), lambda name: reprocess_service().claim(name), api_settings().rua_address)


@lru_cache(maxsize=1)
def registry_service() -> RegistryService:
    from chalicelib.services.registry import RegistryService
    from chalicelib.storage.registry import DynamoRegistry

    return RegistryService(DynamoRegistry(), domains())


@lru_cache(maxsize=1)
def analyses_service() -> AnalysesService:
    from chalicelib.services.analyses import AnalysesService, FactCache
    from chalicelib.settings import api_settings
    from chalicelib.storage.policies import DynamoPolicies
    from chalicelib.storage.rollups import DynamoRollups

    cache = FactCache(api_settings().fact_cache_size)
    return AnalysesService(domains(), DynamoRollups(), DynamoPolicies(), registry_service(), cache)


def reset() -> None:
    """Forgets every built adapter and the settings (tests that change the environment call this)."""
    from chalicelib.settings import api_settings

    for getter in (s3_client, ingest_service, reprocess_service, domains, failures, settings,
                   domain_service, registry_service, analyses_service, api_settings):
        getter.cache_clear()
    _reset_alerts()


# --- Alerts (chalicelib.alerting, services.alerts / alert_rules): rules, evaluation, SNS -------------------
@lru_cache(maxsize=1)
def sns_client() -> Any:
    import boto3

    return boto3.client("sns")


@lru_cache(maxsize=1)
def alert_stores() -> AlertStores:
    from chalicelib.services.alerts import AlertStores
    from chalicelib.settings import alert_settings
    from chalicelib.storage.alerts import DynamoAlertHistory, DynamoAlertRules, DynamoAlertStates, DynamoNotificationLog

    keep = alert_settings().notification_log_days
    return AlertStores(DynamoAlertRules(), DynamoAlertStates(), DynamoAlertHistory(),
                       DynamoNotificationLog(keep) if keep else None)


@lru_cache(maxsize=1)
def alert_service() -> AlertService:
    from chalicelib.aws.sns import NoTopic, SnsNotifier
    from chalicelib.services.alerts import AlertConfig, AlertService
    from chalicelib.settings import alert_settings
    from chalicelib.storage.alert_tags import RegistryTags
    from chalicelib.storage.reports import DynamoReports
    from chalicelib.storage.rollups import DynamoRollups

    config = alert_settings()
    notifier = SnsNotifier(sns_client(), config.topic_arn) if config.topic_arn else NoTopic()
    return AlertService(alert_stores(), notifier, domains(), DynamoRollups(), DynamoReports(), RegistryTags(),
                        AlertConfig(config.ui_base_url, config.cooldown_hours))


@lru_cache(maxsize=1)
def alert_rule_service() -> AlertRuleService:
    from chalicelib.services.alert_rules import AlertRuleService

    stores = alert_stores()
    return AlertRuleService(stores.rules, stores.states, stores.history, stores.log, domains())


def _reset_alerts() -> None:
    from chalicelib.settings import alert_settings

    for getter in (sns_client, alert_stores, alert_service, alert_rule_service, alert_settings):
        getter.cache_clear()
