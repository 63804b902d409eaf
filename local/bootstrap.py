"""What the stack creates or writes before anything runs: the environment of the `local` stage, the DynamoDB
tables, the AWS resources on moto (with the raw-mail archive restored) and env.sh for shells."""
from __future__ import annotations

import json
import os
import shlex
from collections.abc import Callable
from pathlib import Path

from local.resources import Topology

Log = Callable[[str], None]


def chalice_env(root: Path) -> dict[str, str]:
    """The `local` stage's environment variables from .chalice/config.json (chalice local applies them too)."""
    path = root / ".chalice" / "config.json"
    if not path.is_file():
        return {}
    config = json.loads(path.read_text())
    env = dict(config.get("environment_variables", {}))
    env.update(config.get("stages", {}).get("local", {}).get("environment_variables", {}))
    return {k: str(v) for k, v in env.items()}


def create_tables(log: Log) -> None:
    """Every table of chalicelib.storage.tables.SCHEMA, named by the environment. Existing ones are left alone."""
    from chalicelib.settings import Settings
    from chalicelib.storage import tables

    created = tables.create_all(Settings.from_env().tables, wait=True)
    log("DynamoDB tables ready" + (f" (created {', '.join(created)})" if created else ""))


def create_aws_resources(topology: Topology, mirror_dir: Path, log: Log) -> str:
    """Bucket (archive restored *before* the notification exists), queues, notification, topic. Returns the
    ingest queue's URL."""
    import boto3

    from local import resources
    from local.mirror import RawMailMirror

    s3, sqs, sns = boto3.client("s3"), boto3.client("sqs"), boto3.client("sns")
    resources.ensure_bucket(s3, topology)
    resources.ensure_exports_bucket(s3, topology)
    restored = RawMailMirror(mirror_dir, topology.bucket).restore(s3)
    queue_url = resources.ensure_queue(sqs, topology)
    resources.ensure_notification(s3, topology)
    resources.ensure_topic(sns, topology)
    log(f"s3://{topology.bucket} ({restored} raw mails restored from {mirror_dir}), s3://{topology.exports_bucket}, "
        f"queue {topology.queue} (+ {topology.dead_letter_queue}), topic {topology.topic}")
    return queue_url


def write_env_file(path: Path, root: Path, topology: Topology | None) -> Path:
    """A shell snippet exporting this stack's endpoints, credentials and resource names (from os.environ)."""
    names = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
             "AWS_DEFAULT_REGION", "AWS_REGION"]
    names += sorted(chalice_env(root))
    if topology is not None:
        from local.topology import resource_env
        names += sorted(set(resource_env(topology)) - set(names))
    path.write_text("".join(f"export {n}={shlex.quote(os.environ[n])}\n" for n in names if n in os.environ)
                    + "unset AWS_PROFILE\n")
    return path
