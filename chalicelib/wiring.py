"""The composition root: builds the real adapters lazily, once per process. Nothing here runs at import."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from chalicelib.settings import Settings, settings

if TYPE_CHECKING:
    from chalicelib.services.ingest import IngestService
    from chalicelib.services.ports import Domains, Failures
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


def reset() -> None:
    """Forgets every built adapter and the settings (tests that change the environment call this)."""
    for getter in (s3_client, ingest_service, reprocess_service, domains, failures, settings):
        getter.cache_clear()
