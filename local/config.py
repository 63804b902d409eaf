"""Where the local stack listens and keeps its data: defaults, overridable by environment variables and
command-line options (the integration test runs a second stack on free ports in a temporary folder)."""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from chalicelib.settings import AUTH_KEY_FILE

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REGION = "us-east-1"
ACCOUNT_ID = "123456789012"  # moto's default account

_PORTS = {"dynamodb_port": 4567, "moto_port": 5000, "api_port": 8000, "web_port": 8001}


@dataclass(frozen=True, slots=True)
class StackConfig:
    root: Path
    data_dir: Path
    dynamodb_port: int
    moto_port: int
    api_port: int
    web_port: int
    demo: bool = True
    demo_days: int = 60
    portfolio_demo: bool = True  # the 14 portfolio client domains (local/demo/portfolio.py), after the demo
    schedule_seconds: float = 60.0
    chalice_reload: bool = False

    @property
    def dynamodb_url(self) -> str:
        return f"http://{HOST}:{self.dynamodb_port}"

    @property
    def moto_url(self) -> str:
        return f"http://{HOST}:{self.moto_port}"

    @property
    def api_url(self) -> str:
        return f"http://{HOST}:{self.api_port}"

    @property
    def web_url(self) -> str:
        return f"http://{HOST}:{self.web_port}"

    @property
    def mirror_dir(self) -> Path:
        return self.data_dir / "s3"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def child_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """Environment for every process of the stack: emulator endpoints and dummy credentials, never a
        real profile, so nothing started here can reach an AWS account."""
        env = dict(os.environ if base is None else base)
        for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_SQS",
                    "AWS_ENDPOINT_URL_SNS"):
            env.pop(var, None)
        env.update({
            "AWS_ENDPOINT_URL": self.moto_url,
            "AWS_ENDPOINT_URL_DYNAMODB": self.dynamodb_url,
            "AWS_ACCESS_KEY_ID": "local",
            "AWS_SECRET_ACCESS_KEY": "local",
            "AWS_DEFAULT_REGION": REGION,
            "AWS_REGION": REGION,
            "AWS_EC2_METADATA_DISABLED": "true",
            "POWERTOOLS_METRICS_NAMESPACE": env.get("POWERTOOLS_METRICS_NAMESPACE", "AlignedLocal"),
            "POWERTOOLS_SERVICE_NAME": env.get("POWERTOOLS_SERVICE_NAME", "aligned"),
            "PYTHONPATH": str(self.root),
            "PYTHONUNBUFFERED": "1",
        })
        env.setdefault(AUTH_KEY_FILE, str(self.data_dir / "auth-token.key"))  # ALIGNED_AUTH=local signs with it
        return env


def parse_args(argv: list[str] | None = None) -> StackConfig:
    env = os.environ
    parser = argparse.ArgumentParser(prog="python -m local.stack", description="Run Aligned on this machine.")
    parser.add_argument("--data-dir", type=Path,
                        default=Path(env.get("ALIGNED_LOCAL_DATA", ROOT / "local" / "data")),
                        help="persistent data (DynamoDB files, raw-mail archive); env ALIGNED_LOCAL_DATA")
    for name, default in _PORTS.items():
        var = "ALIGNED_LOCAL_" + name.upper()
        parser.add_argument("--" + name.replace("_", "-"), type=int, default=int(env.get(var, default)),
                            help=f"default {default}; env {var}")
    parser.add_argument("--no-demo", action="store_true", default=env.get("ALIGNED_LOCAL_DEMO") == "0",
                        help="do not import the demo data set (env ALIGNED_LOCAL_DEMO=0)")
    parser.add_argument("--demo-days", type=int, default=int(env.get("ALIGNED_LOCAL_DEMO_DAYS", 60)),
                        help="days of demo reports imported on first start (default 60)")
    parser.add_argument("--no-portfolio-demo", action="store_true",
                        default=env.get("ALIGNED_LOCAL_PORTFOLIO_DEMO") == "0",
                        help="do not onboard and import the 14 portfolio demo domains (env "
                             "ALIGNED_LOCAL_PORTFOLIO_DEMO=0)")
    parser.add_argument("--schedule-seconds", type=float,
                        default=float(env.get("ALIGNED_LOCAL_SCHEDULE_SECONDS", 60)),
                        help="how often the driver plays @app.schedule handlers (default 60)")
    parser.add_argument("--reload", action="store_true",
                        help="chalice local auto-reload (its stat watcher walks the whole repository, .venv "
                             "included, every second, and restarts on any change, local/data too: best with "
                             "--data-dir outside the repository)")
    args = parser.parse_args(argv)
    return StackConfig(ROOT, args.data_dir.resolve(), args.dynamodb_port, args.moto_port, args.api_port,
                       args.web_port, demo=not args.no_demo, demo_days=args.demo_days,
                       portfolio_demo=not args.no_portfolio_demo,
                       schedule_seconds=args.schedule_seconds, chalice_reload=args.reload)
