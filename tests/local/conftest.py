"""The moto-backed alert stack of tests/alerting, for the demo alert rules' tests."""
from tests.alerting.stack import alert_stack  # noqa: F401
