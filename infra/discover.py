"""What the template is built from, read from the code itself: the Chalice app's functions and the stage's
settings (as `chalice package` sees them), and the DynamoDB tables: the ALIGNED_TABLE_* variables of
chalicelib.settings.VARIABLES with the models chalicelib.storage.tables.SCHEMA keeps in each."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Function:
    name: str  # the Chalice function name ("api_handler" for the routes)
    logical_id: str  # its resource in the packaged template
    kind: str  # "api" | "ingest" | "schedule" (memory and timeout: infra/sizing.py)
    event: str | None = None  # the SAM event (the SQS event source of the ingest function)
    batch_size: int = 1  # messages per invocation (the ingest function)


@dataclass(frozen=True)
class Stage:
    name: str
    functions: tuple[Function, ...]
    environment: Mapping[str, str]  # the stage's environment variables (global + stage)
    api_stage: str  # API Gateway stage name (first path segment of the execute-api URL)

    def of_kind(self, kind: str) -> list[Function]:
        return [f for f in self.functions if f.kind == kind]


def stage(project_dir: str = ".", chalice_stage: str = "dev") -> Stage:
    """Loads the app the way `chalice package --stage <chalice_stage>` does (stage variables set first)."""
    from chalice.app import CloudWatchEventConfig, ScheduledEventConfig, SQSEventConfig
    from chalice.cli.factory import CLIFactory
    from chalice.utils import to_cfn_resource_name

    config = CLIFactory(project_dir).create_config_obj(chalice_stage)
    app = config.chalice_app

    functions = []
    if app.routes:
        functions.append(Function("api_handler", "APIHandler", "api"))
    for source in app.event_sources:
        logical = to_cfn_resource_name(source.name)
        if isinstance(source, SQSEventConfig):
            event = to_cfn_resource_name(source.name + "-sqs-event-source")
            functions.append(Function(source.name, logical, "ingest", event, source.batch_size))
        elif isinstance(source, ScheduledEventConfig | CloudWatchEventConfig):
            functions.append(Function(source.name, logical, "schedule"))
        else:
            raise NotImplementedError(f"{source.name}: {type(source).__name__} has no role in infra/iam.py yet")
    if app.pure_lambda_functions or getattr(app, "websocket_handlers", None):
        raise NotImplementedError("plain Lambda functions and websockets have no role in infra/iam.py yet")
    if len([f for f in functions if f.kind == "ingest"]) > 1:
        raise NotImplementedError("one SQS ingest handler expected (the raw-mail queue)")
    return Stage(chalice_stage, tuple(functions), dict(config.environment_variables), config.api_gateway_stage)


@dataclass(frozen=True)
class Table:
    env: str  # the variable that names it, e.g. ALIGNED_TABLE_REPORTS
    models: tuple[type, ...]
    schema: Mapping[str, Any]  # pynamodb's create_table schema, merged over the table's models
    ttl: str | None

    @property
    def suffix(self) -> str:  # "reports"
        return self.env.removeprefix("ALIGNED_TABLE_").lower().replace("_", "-")

    @property
    def logical_id(self) -> str:  # "ReportsTable"
        return "".join(p.capitalize() for p in self.suffix.split("-")) + "Table"


def tables() -> list[Table]:
    """One Table per `tables.*` variable of chalicelib.settings.VARIABLES, with the models
    chalicelib.storage.tables.SCHEMA stores in it."""
    from chalicelib.settings import VARIABLES
    from chalicelib.storage.tables import SCHEMA

    out = []
    for var in VARIABLES:
        group, field = var.setting.split(".")
        if group != "tables":
            continue
        models = SCHEMA[field]
        ttls = {m._ttl_attribute().attr_name for m in models if m._ttl_attribute() is not None}
        if len(ttls) > 1:
            raise ValueError(f"{var.name}: models disagree on the TTL attribute {ttls}")
        out.append(Table(var.name, tuple(models), merged_schema(list(models)), next(iter(ttls), None)))
    if {t.models for t in out} != set(SCHEMA.values()):
        raise LookupError("chalicelib.storage.tables.SCHEMA and the ALIGNED_TABLE_* variables disagree")
    return sorted(out, key=lambda t: t.env)


def merged_schema(models: list[Any]) -> dict[str, Any]:
    schemas = [m._get_schema() for m in models]
    keys = {_key_tuple(s["key_schema"]) for s in schemas}
    if len(keys) != 1:
        raise ValueError(f"models {models} share a table but not its key schema: {keys}")
    attributes: dict[str, str] = {}
    indexes: dict[str, Any] = {}
    for schema in schemas:
        for definition in schema["attribute_definitions"]:
            attributes[definition["AttributeName"]] = definition["AttributeType"]
        for index in schema["global_secondary_indexes"]:
            indexes[index["index_name"]] = index
        if schema["local_secondary_indexes"]:
            raise NotImplementedError("local secondary indexes are not in the template yet")
    return {"key_schema": schemas[0]["key_schema"], "attributes": attributes, "indexes": indexes}


def _key_tuple(key_schema: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k["KeyType"], k["AttributeName"]) for k in key_schema))
