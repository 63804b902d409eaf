"""The composition root. `bootstrap(settings, **overrides)` returns a Container that builds the real adapters
(each given its table name or client) on first use, unless a fake was passed under the same name; the Chalice
handlers use one process-wide container, built lazily by `container()`. Nothing here runs at import."""
from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chalicelib.settings import Settings
from chalicelib.settings import settings as process_settings

if TYPE_CHECKING:
    from chalicelib.ports.access import AccessStore
    from chalicelib.ports.alerts import Notifier, TagSources
    from chalicelib.ports.analyses import DaySummaries, Policies
    from chalicelib.ports.dns import NameCache, Resolver
    from chalicelib.ports.exports import ExportStore
    from chalicelib.ports.https import Fetcher
    from chalicelib.ports.ingest import Domains, Failures, RawMail, Reports, Rollups, TrustedReporters, Unclaimed
    from chalicelib.ports.policylog import PolicyLog
    from chalicelib.ports.portfolio import PortfolioDigests
    from chalicelib.ports.posture import PostureStore
    from chalicelib.ports.registry import RegistryStore
    from chalicelib.ports.tls import TlsReports
    from chalicelib.services.access import AccessService
    from chalicelib.services.alert_rules import AlertRuleService
    from chalicelib.services.alerts import AlertService, AlertStores
    from chalicelib.services.analyses import AnalysesService, FactCache
    from chalicelib.services.domains import DomainService
    from chalicelib.services.exports import ExportService
    from chalicelib.services.failures import FailureService
    from chalicelib.services.handover import Handover
    from chalicelib.services.held import HeldReportsService
    from chalicelib.services.ingest import IngestResult, IngestService
    from chalicelib.services.onboarding import OnboardingService
    from chalicelib.services.plan import PlanService
    from chalicelib.services.policy import PolicyService
    from chalicelib.services.policy_log import PolicyLogService
    from chalicelib.services.portfolio import PortfolioService
    from chalicelib.services.portfolio_digest import DigestKeeper
    from chalicelib.services.posture import PostureService
    from chalicelib.services.providers import ProvidersService
    from chalicelib.services.registry import RegistryService
    from chalicelib.services.reprocess import ReprocessService
    from chalicelib.services.simulation import SimulationService
    from chalicelib.services.summaries import SummaryReader
    from chalicelib.services.tls import TlsService


class Container:
    """Adapters and use cases, each built once on first access. Any of them can be passed to `bootstrap`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    # --- clients and adapters (the ports' real implementations) -------------------------------------------
    @cached_property
    def s3_client(self) -> Any:
        import boto3

        return boto3.client("s3")

    @cached_property
    def sns_client(self) -> Any:
        import boto3

        return boto3.client("sns")

    @cached_property
    def export_store(self) -> ExportStore:
        import boto3
        from botocore.config import Config

        from chalicelib.aws.exports import S3Exports

        exports = self.settings.exports  # presigned URLs must be SigV4 (the only signature newer regions take)
        return S3Exports(boto3.client("s3", config=Config(signature_version="s3v4")), exports.bucket, exports.prefix)

    @cached_property
    def raw_mail(self) -> RawMail:
        from chalicelib.aws.s3mail import S3RawMail

        return S3RawMail(self.s3_client)

    @cached_property
    def reports(self) -> Reports:
        from chalicelib.storage.reports import DynamoReports

        return DynamoReports(self.settings.tables.reports)

    @cached_property
    def rollups(self) -> Rollups:
        from chalicelib.storage.rollups import DynamoRollups

        return DynamoRollups(self.settings.tables.rollups)

    @cached_property
    def summaries(self) -> DaySummaries:
        from chalicelib.storage.summaries import DynamoSummaries

        return DynamoSummaries(self.settings.tables.rollups)

    @cached_property
    def digests(self) -> PortfolioDigests:
        from chalicelib.storage.digests import DynamoDigests

        return DynamoDigests(self.settings.tables.rollups)

    @cached_property
    def tls_reports(self) -> TlsReports:
        from chalicelib.storage.posture import DynamoTlsReports

        return DynamoTlsReports(self.settings.tables.posture)

    @cached_property
    def resolver(self) -> Resolver:
        from chalicelib.adapters.dns import DnsPythonResolver, NoResolver, ZoneResolver

        mode = self.settings.dns.mode
        if mode == "off":
            return NoResolver()
        if mode == "live":
            return DnsPythonResolver(self.settings.dns.lifetime)
        return ZoneResolver.from_files(Path(p.strip()) for p in mode.split(","))

    @cached_property
    def name_cache(self) -> NameCache:
        from chalicelib.storage.dnscache import DynamoNameCache

        return DynamoNameCache(self.settings.tables.dns_cache)

    @cached_property
    def fetcher(self) -> Fetcher:
        from chalicelib.adapters.https import NoFetcher, UrllibFetcher, ZoneFetcher

        mode = self.settings.dns.mode  # the same switch as DNS: the local zone files hold the documents too
        if mode == "off":
            return NoFetcher()
        if mode == "live":
            return UrllibFetcher()
        return ZoneFetcher.from_files(Path(p.strip()) for p in mode.split(","))

    @cached_property
    def posture_store(self) -> PostureStore:
        from chalicelib.storage.posture import DynamoPostureStore

        return DynamoPostureStore(self.settings.tables.posture)

    @cached_property
    def trusted_reporters(self) -> TrustedReporters:
        from chalicelib.storage.domains import DynamoTrustedReporters

        return DynamoTrustedReporters(self.settings.tables.domains)

    @cached_property
    def access(self) -> AccessStore:
        from chalicelib.storage.access import DynamoAccess

        return DynamoAccess(self.settings.tables.access)

    @cached_property
    def domains(self) -> Domains:
        from chalicelib.storage.domains import DynamoDomains

        return DynamoDomains(self.settings.tables.domains)

    @cached_property
    def failures(self) -> Failures:
        from chalicelib.storage.failures import DynamoFailures

        return DynamoFailures(self.settings.tables.failures)

    @cached_property
    def unclaimed(self) -> Unclaimed:
        from chalicelib.storage.unclaimed import DynamoUnclaimed

        return DynamoUnclaimed(self.settings.tables.reports)

    @cached_property
    def report_policies(self) -> Policies:
        from chalicelib.storage.policies import DynamoReportPolicies

        return DynamoReportPolicies(self.settings.tables.reports)

    @cached_property
    def policy_log(self) -> PolicyLog:
        from chalicelib.storage.policylog import DynamoPolicyLog

        return DynamoPolicyLog(self.settings.tables.rollups)

    @cached_property
    def registry(self) -> RegistryStore:
        from chalicelib.storage.registry import DynamoRegistry

        return DynamoRegistry(self.settings.tables.registry)

    @cached_property
    def tags(self) -> TagSources:
        from chalicelib.storage.alert_tags import RegistryTags

        return RegistryTags(self.registry)  # type: ignore[arg-type]

    @cached_property
    def alert_stores(self) -> AlertStores:
        from chalicelib.services.alerts import AlertStores
        from chalicelib.storage import alerts

        table, keep = self.settings.tables.alerts, self.settings.alerts.notification_log_days
        log = alerts.DynamoNotificationLog(table, keep) if keep else None
        return AlertStores(alerts.DynamoAlertRules(table), alerts.DynamoAlertStates(table),
                           alerts.DynamoAlertHistory(table), log)

    @cached_property
    def notifier(self) -> Notifier:
        from chalicelib.aws.sns import NoTopic, SnsNotifier

        arn = self.settings.topic.alerts_arn
        return SnsNotifier(self.sns_client, arn, self.domain_owner) if arn else NoTopic()

    def domain_owner(self, name: str) -> str | None:
        """The organization a domain belongs to (None: unregistered, or no organization's)."""
        found = self.domains.get(name)
        return None if found is None else found.org

    @cached_property
    def fact_cache(self) -> FactCache:
        from chalicelib.services.analyses import FactCache

        return FactCache(self.settings.cache.fact_cache_size)

    # --- use cases -------------------------------------------------------------------------------------------
    @cached_property
    def policies(self) -> PolicyLogService:
        """The Policies port the analyses, the plan, the drift view and the alerts read: the policy log."""
        from chalicelib.services.policy_log import PolicyLogService

        return PolicyLogService(self.policy_log, self.report_policies)

    @cached_property
    def ingest(self) -> IngestService:
        from chalicelib.provenance import load_reporters
        from chalicelib.services.ingest import IngestService, TrustPolicy
        from chalicelib.services.senders import ReverseNames, SenderNaming

        trust = self.settings.trust
        policy = TrustPolicy(load_reporters(), trust.reporters, self.trusted_reporters, trust.count_unverified)
        cache = None if self.settings.dns.mode == "off" else self.name_cache
        naming = SenderNaming(ReverseNames(self.resolver, cache, self.settings.dns.budget))
        return IngestService(self.raw_mail, self.reports, self.rollups, self.domains, self.failures, policy=policy,
                             naming=naming, tls=self.tls_reports, caps=self.settings.caps, policy_log=self.policies,
                             digests=self.digest_keeper)

    @cached_property
    def reprocess(self) -> ReprocessService:
        from chalicelib.services.reprocess import ReprocessService

        return ReprocessService(self.ingest)

    @cached_property
    def held_reports(self) -> HeldReportsService:
        from chalicelib.services.held import HeldReportsService

        return HeldReportsService(self.ingest, self.reports, self.trusted_reporters)

    @cached_property
    def domain_service(self) -> DomainService:
        from chalicelib.services.domains import DomainService, Ownership

        ownership = Ownership(self.resolver, self.access.secret, self.access.organization)
        return DomainService(self.domains, lambda name: self.reprocess.claim(name), self.settings.mail.rua_address,
                             self.reports, self.unclaimed, lambda name: self.alerts.close_domain(name), ownership,
                             lambda name: self.handover.forget(name))

    @cached_property
    def handover(self) -> Handover:
        from chalicelib.services.handover import Handover

        return Handover(self.registry, self.alert_stores)

    @cached_property
    def access_service(self) -> AccessService:
        from chalicelib.services.access import AccessService

        return AccessService(self.access)

    @cached_property
    def failure_service(self) -> FailureService:
        from chalicelib.services.failures import FailureService

        return FailureService(self.failures, self.reprocess, self.settings.raw_mail.bucket)

    @cached_property
    def registry_service(self) -> RegistryService:
        from chalicelib.services.registry import RegistryService

        return RegistryService(self.registry, self.domains)

    @cached_property
    def analyses(self) -> AnalysesService:
        from chalicelib.services.analyses import AnalysesService

        return AnalysesService(self.domains, self.rollups, self.policies, self.registry_service,  # type: ignore[arg-type]
                               self.fact_cache, self.summary_reader)

    @cached_property
    def summary_reader(self) -> SummaryReader:
        from chalicelib.services.summaries import SummaryCache, SummaryReader

        return SummaryReader(self.summaries, self.rollups, self.registry_service,  # type: ignore[arg-type]
                             SummaryCache(self.settings.cache.fact_cache_size),
                             on_tagged=lambda domain, days: self.digest_keeper.retag(domain, days))

    @cached_property
    def portfolio(self) -> PortfolioService:
        from chalicelib.services.portfolio import PortfolioService

        return PortfolioService(self.analyses, self.alert_stores.states, self.domains, digests=self.digest_keeper,
                                registry=self.registry_service)

    @cached_property
    def digest_keeper(self) -> DigestKeeper:
        from chalicelib.services.portfolio_digest import DigestKeeper

        return DigestKeeper(self.digests, self.summary_reader, self.policies, self.rollups)  # type: ignore[arg-type]

    @cached_property
    def onboarding(self) -> OnboardingService:
        from chalicelib.services.onboarding import OnboardingService

        return OnboardingService(self.domain_service)

    @cached_property
    def exports(self) -> ExportService:
        from chalicelib.services.exports import ExportService

        return ExportService(self.export_store, self.settings.exports.inline_bytes, self.settings.exports.url_seconds)

    @cached_property
    def simulation(self) -> SimulationService:
        from chalicelib.services.simulation import SimulationService

        return SimulationService(self.analyses, self.resolver)

    @cached_property
    def plan(self) -> PlanService:
        from chalicelib.analysis.plan import PlanRules
        from chalicelib.services.plan import PlanService

        rules = self.settings.plan
        return PlanService(self.analyses, self.resolver, self.settings.mail.rua_address,
                           PlanRules(rules.tolerance_pct, rules.days, rules.min_volume, rules.min_reporters))

    @cached_property
    def policy(self) -> PolicyService:
        from chalicelib.services.policy import PolicyService

        return PolicyService(self.domains, self.policies)

    @cached_property
    def providers(self) -> ProvidersService:
        from chalicelib.services.providers import ProvidersService

        return ProvidersService(self.analyses)

    @cached_property
    def tls(self) -> TlsService:
        from chalicelib.services.tls import TlsService

        return TlsService(self.domains, self.tls_reports)

    @cached_property
    def posture(self) -> PostureService:
        from chalicelib.services.ingest import utcnow
        from chalicelib.services.posture import PostureService

        return PostureService(self.domains, self.reports, self.resolver, self.fetcher, self.posture_store,
                              self.settings.mail.rua_address, utcnow)

    @cached_property
    def alerts(self) -> AlertService:
        from chalicelib.services.alerts import AlertConfig, AlertService

        config = AlertConfig(self.settings.ui.base_url, self.settings.alerts.cooldown_hours,
                             self.settings.alerts.settled_hours)
        return AlertService(self.alert_stores, self.notifier, self.domains, self.rollups, self.reports, self.tags,
                            config, tls=self.tls_reports, posture=self.posture_store, policies=self.policies,
                            on_open_alerts=self.digest_keeper.open_alerts)

    @cached_property
    def alert_rules(self) -> AlertRuleService:
        from chalicelib.services.alert_rules import AlertRuleService

        stores = self.alert_stores
        return AlertRuleService(stores.rules, stores.states, stores.history, stores.log, self.domains,
                                tags=self.tags, on_open_alerts=self.digest_keeper.open_alerts)

    def ingest_object(self, bucket: str, key: str) -> IngestResult:
        return self.ingest.ingest_object(bucket, key)


_NAMES = frozenset(name for name, value in vars(Container).items() if isinstance(value, cached_property))


def bootstrap(settings: Settings | None = None, **overrides: Any) -> Container:
    """A container on `settings` (default: the process settings); `overrides` replace adapters or use cases by
    name, e.g. `bootstrap(domains=FakeDomains(), raw_mail=FakeRawMail())`."""
    unknown = set(overrides) - _NAMES
    if unknown:
        raise TypeError(f"bootstrap: unknown overrides {sorted(unknown)}; known: {sorted(_NAMES)}")
    built = Container(settings if settings is not None else process_settings())
    built.__dict__.update(overrides)  # cached_property reads the instance dict first
    return built


_process: Container | None = None


def container() -> Container:
    """The process-wide container the handlers use, built on first call."""
    global _process
    if _process is None:
        _process = bootstrap()
    return _process


def install(built: Container | None) -> Container | None:
    """Makes `built` the process-wide container (None: build a fresh one on next use); returns the previous.
    For tests and tools that run the handlers on their own container."""
    global _process
    previous, _process = _process, built
    return previous


# --- Shortcuts on the process container (chalicelib.cli_ingest, the local driver, tests) ----------------------
def config() -> Settings:
    return container().settings


def ingest_service() -> IngestService:
    return container().ingest


def reprocess_service() -> ReprocessService:
    return container().reprocess


def failures() -> Failures:
    return container().failures


def ingest_object(bucket: str, key: str) -> IngestResult:
    """The local-driver contract: ingest one raw-mail object with the process container's adapters."""
    return container().ingest_object(bucket, key)
