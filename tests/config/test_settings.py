"""The one configuration table: defaults, parsers, errors naming the variable, and .chalice/config.json."""
from __future__ import annotations

import json
from dataclasses import FrozenInstanceError

import pytest

from chalicelib import settings as s
from chalicelib.settings import Settings, SettingsError
from tests.conftest import ROOT


def test_defaults_need_no_variables() -> None:
    config = Settings.from_env({})
    assert config.tables.reports == "aligned-reports" and config.tables.alerts == "aligned-alerts"
    assert (config.raw_mail.bucket, config.raw_mail.prefix, config.queue.ingest) == (
        "aligned-raw-mail", "incoming/", "aligned-raw-mail")
    assert config.mail.rua_address == "dmarc-reports@aligned.invalid"
    assert not config.auth.cognito and config.cache.fact_cache_size == 2_000_000
    assert (config.alerts.cooldown_hours, config.alerts.notification_log_days) == (24, 30)


def test_values_are_parsed_once_into_groups() -> None:
    config = Settings.from_env({s.RAW_PREFIX: "in", s.MAIL_DOMAIN: "Mail.Example.", s.AUTH_MODE: " Cognito ",
                                s.ALERT_COOLDOWN_HOURS: "0", s.TABLE_REGISTRY: "  "})
    assert config.raw_mail.prefix == "in/"
    assert config.mail.rua_address == "dmarc-reports@mail.example"
    assert config.auth.cognito and config.alerts.cooldown_hours == 0
    assert config.tables.registry == "aligned-registry"  # blank: the default
    assert Settings.from_env({s.RUA_ADDRESS: "Reports@X.example"}).mail.rua_address == "reports@x.example"
    with pytest.raises(FrozenInstanceError):
        config.auth = config.auth  # type: ignore[misc]


@pytest.mark.parametrize(("name", "value"), [(s.FACT_CACHE_SIZE, "lots"), (s.ALERT_COOLDOWN_HOURS, "-1"),
                                             (s.NOTIFICATION_LOG_DAYS, "1.5"), (s.AUTH_MODE, "iam")])
def test_a_bad_value_names_its_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^{name}: .*{value!r}"):
        Settings.from_env({name: value})


def test_every_variable_fills_one_setting() -> None:
    names = [v.name for v in s.VARIABLES]
    assert len(names) == len(set(names))
    settings_paths = [v.setting for v in s.VARIABLES]
    assert len(settings_paths) == len(set(settings_paths))


def test_chalice_config_uses_only_known_variables_and_parses() -> None:
    config = json.loads((ROOT / ".chalice" / "config.json").read_text())
    known = {v.name for v in s.VARIABLES}
    for stage, body in config["stages"].items():
        env = {**config.get("environment_variables", {}), **body.get("environment_variables", {})}
        assert set(env) <= known, f"{stage}: {set(env) - known} are not in chalicelib.settings.VARIABLES"
        Settings.from_env(env)
