"""The names of the stack's resources and the environment that tells the app about them.

chalicelib.settings is the source (its VARIABLES table: names, defaults, parsers); the queue of the
`@app.on_sqs_message` handler wins when the app declares one."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from chalicelib.settings import (
    ALERTS_TOPIC_ARN,
    DNS_MODE,
    EXPORTS_BUCKET,
    INGEST_QUEUE,
    RAW_BUCKET,
    RAW_PREFIX,
    UI_BASE_URL,
    Settings,
)
from local.discovery import sqs_sources
from local.resources import Topology

DEFAULT_TOPIC = "aligned-alerts"
DEMO_ZONES = Path(__file__).resolve().parent / "demo" / "dns"  # one JSON zone file per topic (adapters.dns)


def derive(app: Any | None, env: dict[str, str]) -> Topology:
    config = Settings.from_env(env)
    sources = sqs_sources(app) if app is not None else []
    topic = config.topic.alerts_arn.rsplit(":", 1)[-1] if config.topic.alerts_arn else DEFAULT_TOPIC
    return Topology(config.raw_mail.bucket, config.raw_mail.prefix,
                    sources[0].queue if sources else config.queue.ingest, topic, config.exports.bucket)


def resource_env(topology: Topology, ui_url: str | None = None, env_now: dict[str, str] | None = None
                 ) -> dict[str, str]:
    """Environment variables naming the resources, for every process of the stack and for env.sh; plus the
    UI's address for links in alert messages and the demo's DNS zone files, when nothing set them."""
    env = {RAW_BUCKET: topology.bucket, RAW_PREFIX: topology.incoming_prefix, INGEST_QUEUE: topology.queue,
           EXPORTS_BUCKET: topology.exports_bucket}
    if ui_url and not (env_now or {}).get(UI_BASE_URL):
        env[UI_BASE_URL] = ui_url
    if topology.topic:
        env[ALERTS_TOPIC_ARN] = str(topology.topic_arn)
    if not (env_now or {}).get(DNS_MODE):  # no network locally: the demo's zone answers every DNS question
        env[DNS_MODE] = ",".join(str(p) for p in sorted(DEMO_ZONES.glob("*.json")))
    return env
