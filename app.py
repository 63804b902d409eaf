"""Aligned's Chalice app: registers the blueprints and event handlers, nothing else. Heavy modules (boto3,
pynamodb, lxml, Powertools) are imported on first use, not here, to keep the cold start short."""
from __future__ import annotations

from typing import Any

from chalice import Chalice
from chalice.app import CloudWatchEvent, Cron, Rate, SQSEvent

from chalicelib.api.access import access_api
from chalicelib.api.alerts import alerts_api
from chalicelib.api.analyses import analyses_api
from chalicelib.api.docs import docs_api
from chalicelib.api.domains import domains_api
from chalicelib.api.ingest import ingest_api
from chalicelib.api.mailflow import mailflow_api
from chalicelib.api.plan import plan_api
from chalicelib.api.portfolio import portfolio_api
from chalicelib.api.posture import posture_api
from chalicelib.api.registry import registry_api
from chalicelib.api.reports import reports_api
from chalicelib.api.senders import senders_api
from chalicelib.api.simulation import simulation_api
from chalicelib.api.tls import tls_api
from chalicelib.settings import settings

# Raw-mail messages per ingest invocation. Small, so that a crash (memory) of one returns few innocent ones with
# it; each message's time is bounded (ALIGNED_INGEST_MESSAGE_SECONDS, chalicelib/entry/deadline.py), and the
# function's timeout (infra/sizing.py) is this times that limit plus a reserve.
INGEST_BATCH_SIZE = 5

app = Chalice(app_name="aligned")
app.register_blueprint(ingest_api)
app.register_blueprint(alerts_api)
app.register_blueprint(domains_api)
app.register_blueprint(registry_api)
app.register_blueprint(analyses_api)
app.register_blueprint(senders_api)
app.register_blueprint(reports_api)
app.register_blueprint(docs_api)
app.register_blueprint(simulation_api)
app.register_blueprint(plan_api)
app.register_blueprint(tls_api)
app.register_blueprint(posture_api)
app.register_blueprint(mailflow_api)
app.register_blueprint(portfolio_api)
app.register_blueprint(access_api)


@app.on_sqs_message(queue=settings().queue.ingest, batch_size=INGEST_BATCH_SIZE)
def handle_raw_mail(event: SQSEvent) -> dict[str, Any]:
    """Ingests the raw mails named by the S3 notifications in an SQS batch (s3:TestEvent is ignored).

    Returns a partial-batch response {"batchItemFailures": [{"itemIdentifier": messageId}, ...]} naming the
    messages to retry; raises when all of them failed. Each message has its time limit and starts only while
    the invocation has time for it (a Budget from the Lambda context). A local driver calls the decorated
    object directly with a raw Lambda SQS event dict and any context (None works: no time limit):
    `app.handle_raw_mail({"Records": [{"messageId": ..., "receiptHandle": ..., "body": ...}]}, None)`."""
    from chalicelib import wiring
    from chalicelib.entry.deadline import Budget
    from chalicelib.entry.sqs_batch import process_batch
    from chalicelib.entry.telemetry import IngestTelemetry

    telemetry = IngestTelemetry()
    budget = Budget.of_lambda(event.context, settings().batch.message_seconds)
    try:
        return process_batch(event.to_dict(), wiring.container().ingest_object, telemetry, budget)
    finally:
        telemetry.flush()


@app.schedule(Rate(1, unit=Rate.HOURS))
def evaluate_alerts(event: CloudWatchEvent) -> dict[str, Any]:
    """Evaluates every enabled alert rule; firings, reminders and resolutions go to the alerts topic."""
    from chalicelib import wiring

    return wiring.container().alerts.evaluate_all().to_dict()


@app.schedule(Cron(30, "*", "?", "*", "*", "*"))
def send_weekly_digest(event: CloudWatchEvent) -> dict[str, Any]:
    """Hourly (UTC): last week's digest to each opted-in domain, at most once per week,
    in the first run after that week's reports are in (Sunday complete; at the latest Sunday + the settled lag)."""
    from chalicelib import wiring

    return wiring.container().alerts.send_digests().to_dict()


@app.schedule(Cron(15, 4, "*", "*", "?", "*"))
def check_dns_posture(event: CloudWatchEvent) -> dict[str, Any]:
    """Daily (04:15 UTC): the DNS posture of every registered domain, stored with its record changes."""
    from chalicelib import wiring

    return wiring.container().posture.run_all()
