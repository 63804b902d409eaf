"""Logging and metrics at the edge (Powertools Logger and Metrics), built lazily once. The use cases never
log; the handlers hand their results to IngestTelemetry."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib.services.ingest import IngestResult
from chalicelib.settings import settings


@lru_cache(maxsize=1)
def logger() -> Any:
    from aws_lambda_powertools import Logger

    return Logger(service=settings().telemetry.service_name)


@lru_cache(maxsize=1)
def metrics() -> Any:
    from aws_lambda_powertools import Metrics

    return Metrics(namespace=settings().telemetry.metrics_namespace, service=settings().telemetry.service_name)


class IngestTelemetry:
    """The sqs_batch Observer: one log line per report / failure, metrics per batch (flushed by `flush`)."""

    def __init__(self) -> None:
        self.log, self.metrics = logger(), metrics()
        self.counted = False

    def ingested(self, result: IngestResult) -> None:
        from aws_lambda_powertools.metrics import MetricUnit

        self.counted = True
        if result.failure is not None:
            self.log.warning("no report in message", extra={"object_key": result.object_key,
                             "kind": result.failure.kind, "reason": result.failure.message})
            self.metrics.add_metric(name=f"failures_{result.failure.kind}", unit=MetricUnit.Count, value=1)
            self.metrics.add_metric(name="failures", unit=MetricUnit.Count, value=1)
        for report in result.reports:
            self.log.append_keys(domain=report.domain, report_id=report.report_id)
            self.log.info("report " + report.verdict.value, extra={
                "object_key": result.object_key, "reporter": report.org_name, "records": report.records,
                "messages": report.messages,
                "provenance": report.provenance.reason if report.provenance is not None else None})
            self.metrics.add_metric(name=f"reports_{report.verdict.value}", unit=MetricUnit.Count, value=1)
            self.metrics.add_metric(name="reports", unit=MetricUnit.Count, value=1)
            self.metrics.add_metric(name="records", unit=MetricUnit.Count, value=report.records)
        for problem in result.problems:
            self.log.warning("part of the message yielded no report",
                             extra={"object_key": result.object_key, "reason": problem})
        self.log.remove_keys(["domain", "report_id"])

    def errored(self, bucket: str, key: str, error: Exception) -> None:
        self.log.exception("ingest failed; the message will be retried",
                           extra={"bucket": bucket, "object_key": key, "error": type(error).__name__})

    def deferred(self, message_id: str) -> None:
        self._count("messages_deferred")
        self.log.info("message not started: too little time left in this invocation; back to the queue",
                      extra={"message_id": message_id})

    def timed_out(self, message_id: str) -> None:
        self._count("messages_timed_out")
        self.log.warning("message took longer than its time limit; it will be retried",
                         extra={"message_id": message_id})

    def _count(self, metric: str) -> None:
        from aws_lambda_powertools.metrics import MetricUnit

        self.counted = True
        self.metrics.add_metric(name=metric, unit=MetricUnit.Count, value=1)

    def ignored(self, message_id: str, reason: str) -> None:
        self.log.info("message ignored", extra={"message_id": message_id, "reason": reason})

    def flush(self) -> None:
        if self.counted:
            self.metrics.flush_metrics(raise_on_empty_metrics=False)
