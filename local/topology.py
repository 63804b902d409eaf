"""The names of the stack's resources and the environment that tells the app about them.

The app's own settings module (chalicelib.settings: the one list of variable names and their defaults) is
the source; the queue of the `@app.on_sqs_message` handler wins when the app declares one. An alerts topic
variable is picked up once settings defines one (any name containing TOPIC)."""
from __future__ import annotations

import importlib
from typing import Any

from local.discovery import sqs_sources
from local.resources import Topology

FALLBACK = Topology(bucket="aligned-raw-mail", incoming_prefix="incoming/", queue="aligned-raw-mail",
                    topic="aligned-alerts")


def _settings_module() -> Any | None:
    try:
        return importlib.import_module("chalicelib.settings")
    except ImportError:
        return None


def _topic_var(module: Any) -> str | None:
    names = [n for n in dir(module) if n.isupper() and "TOPIC" in n and isinstance(getattr(module, n), str)]
    return getattr(module, sorted(names)[0]) if names else None


def derive(app: Any | None, env: dict[str, str]) -> Topology:
    module = _settings_module()
    sources = sqs_sources(app) if app is not None else []
    if module is None or not hasattr(module, "Settings"):
        queue = sources[0].queue if sources else FALLBACK.queue
        return Topology(FALLBACK.bucket, FALLBACK.incoming_prefix, queue, FALLBACK.topic)
    settings = module.Settings.from_env(env)
    topic = FALLBACK.topic
    var = _topic_var(module)
    if var and env.get(var):
        topic = env[var].rsplit(":", 1)[-1]
    return Topology(settings.raw_bucket, settings.raw_prefix, sources[0].queue if sources else settings.ingest_queue,
                    topic)


def resource_env(topology: Topology, ui_url: str | None = None, env_now: dict[str, str] | None = None
                 ) -> dict[str, str]:
    """Environment variables naming the resources, for every process of the stack and for env.sh; plus the
    UI's address for links in alert messages when settings has such a variable and nothing set it."""
    module = _settings_module()
    if module is None:
        return {}
    env = {}
    ui_var = getattr(module, "UI_BASE_URL", None)
    if ui_url and isinstance(ui_var, str) and not (env_now or {}).get(ui_var):
        env[ui_var] = ui_url
    for const, value in (("RAW_BUCKET", topology.bucket), ("RAW_PREFIX", topology.incoming_prefix),
                         ("INGEST_QUEUE", topology.queue)):
        if isinstance(getattr(module, const, None), str):
            env[getattr(module, const)] = value
    var = _topic_var(module)
    if var and topology.topic:
        env[var] = str(topology.topic_arn) if var.endswith("ARN") else topology.topic
    return env
