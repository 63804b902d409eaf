"""Browser tests: the local stack (python -m local.stack, demo data) on free ports in a temporary folder, and the
system Chromium driven by Python Playwright. Nothing is downloaded: without /usr/bin/chromium they skip."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from local.processes import free_ports

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
DEMO_DOMAIN = "aligned-demo.example"
STACK_TIMEOUT = 300


def _missing() -> str | None:
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (CI's .ci/run does)"
    modules = ROOT / "node_modules"
    if not (modules / "dynalite" / "cli.js").is_file() or not (modules / "esbuild").is_dir():
        return "node_modules is not installed: run `make setup` (npm ci)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed: run `make setup`"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing()
    for item in items:
        if item.get_closest_marker("browser") and reason:
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class Stack:
    data_dir: Path
    log: Path
    dynamodb_port: int
    moto_port: int
    api_port: int
    web_port: int

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def api(self, path: str, method: str = "GET", body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.web_url}/api{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            raw = resp.read()
        return json.loads(raw) if raw else None

    def env_value(self, name: str) -> str:
        for line in (self.data_dir / "env.sh").read_text().splitlines():
            if line.startswith(f"export {name}="):
                return line.split("=", 1)[1].strip("'\"")
        raise KeyError(name)

    def s3(self) -> Any:
        import boto3
        return boto3.client("s3", region_name="us-east-1", aws_access_key_id="local", aws_secret_access_key="local",
                            endpoint_url=f"http://127.0.0.1:{self.moto_port}")


def _wait_for_demo(stack: Stack, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STACK_TIMEOUT
    while True:
        text = stack.text()
        if "demo: ingested in" in text or "demo data set already imported" in text:
            return
        if proc.poll() is not None:
            raise RuntimeError(f"the local stack exited early:\n{text[-5000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the demo data was not imported within {STACK_TIMEOUT} s:\n{text[-5000:]}")
        time.sleep(0.5)


@contextmanager
def running_stack(base: Path, extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    """`python -m local.stack` with the demo data set, on free ports, in folder `base`; `extra_env` on top."""
    built = subprocess.run(["node", "web/build.mjs"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    ports = free_ports(4)
    stack = Stack(base / "data", base / "stack.log", *ports)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    env.update(extra_env or {})
    args = ["--data-dir", str(stack.data_dir), "--dynamodb-port", str(ports[0]), "--moto-port", str(ports[1]),
            "--api-port", str(ports[2]), "--web-port", str(ports[3])]
    with open(stack.log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "local.stack", *args], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
        try:
            _wait_for_demo(stack, proc)
            print(f"\nbrowser tests: local stack at {stack.web_url} (log {stack.log})")
            yield stack
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The local stack as `make run` starts it (no sign-in), shared by the browser tests."""
    with running_stack(tmp_path_factory.mktemp("stack")) as started:
        yield started


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """Everything the page did that a test may want to assert on: requests to other hosts, dialogs
    (alert/confirm/prompt), uncaught errors."""

    def __init__(self, page: Any, origin: str) -> None:
        self.origin = origin
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.accept_confirm = True
        page.on("request", self._request)
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _request(self, request: Any) -> None:
        url = request.url
        if not (url.startswith(self.origin + "/") or url.startswith(("data:", "blob:"))):
            self.foreign.append(url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        if dialog.type == "confirm" and self.accept_confirm:
            dialog.accept()
        else:
            dialog.dismiss()


@pytest.fixture
def page(browser: Any, stack: Stack) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.watch = PageWatch(page, stack.web_url)
    yield page
    assert not page.watch.foreign, f"the UI requested other hosts: {page.watch.foreign}"
    assert not page.watch.errors, f"uncaught errors in the page: {page.watch.errors}"
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    print(f"\nbrowser tests: screenshots in {SCREENSHOTS}")
    return SCREENSHOTS


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SCREENSHOTS.is_dir() and any(SCREENSHOTS.glob("*.png")):
        terminalreporter.write_line(f"browser tests: screenshots of the main views in {SCREENSHOTS}")
