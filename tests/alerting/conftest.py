"""The moto-backed alert stack (see stack.py) for the integration tests of this folder."""
from tests.alerting.stack import alert_stack  # noqa: F401
