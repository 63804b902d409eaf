"""The moto-backed alert stack of tests/alerting, shared with the API tests."""
from tests.alerting.stack import alert_stack  # noqa: F401
