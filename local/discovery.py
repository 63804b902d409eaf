"""Finds the event handlers registered on the Chalice app in app.py, without knowing their names:
Chalice records each decorated handler in `app.event_sources` with its `handler_string` ("module.attr")."""
from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalice.app import ScheduledEventConfig, SQSEventConfig


@dataclass(frozen=True, slots=True)
class SqsSource:
    name: str  # the Lambda function's name in Chalice
    handler_string: str
    queue: str  # queue name (from `queue`, or the last part of `queue_arn`)
    batch_size: int


@dataclass(frozen=True, slots=True)
class ScheduleSource:
    name: str
    handler_string: str
    expression: str


def load_app(root: Path) -> Any | None:
    """The Chalice app object of root/app.py, or None when there is no app.py yet."""
    if not (root / "app.py").is_file():
        return None
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return importlib.import_module("app").app


def sqs_sources(app: Any) -> list[SqsSource]:
    out = []
    for source in getattr(app, "event_sources", []):
        if isinstance(source, SQSEventConfig):
            queue = source.queue or (source.queue_arn or "").rsplit(":", 1)[-1]
            out.append(SqsSource(source.name, source.handler_string, queue, source.batch_size or 1))
    return out


def schedule_sources(app: Any) -> list[ScheduleSource]:
    out = []
    for source in getattr(app, "event_sources", []):
        if isinstance(source, ScheduledEventConfig):
            expression = source.schedule_expression
            text = expression if isinstance(expression, str) else expression.to_string()
            out.append(ScheduleSource(source.name, source.handler_string, text))
    return out


def resolve(handler_string: str) -> Any:
    """The callable Lambda would invoke for "module.attr" (Chalice's wrapper taking (event, context))."""
    module, _, attr = handler_string.rpartition(".")
    return getattr(importlib.import_module(module), attr)
