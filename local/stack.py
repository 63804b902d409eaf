"""`make run`: Aligned on this machine, on 127.0.0.1 only.

Starts dynalite (DynamoDB, data kept in <data>/dynamodb) and moto server (S3, SQS, SNS; memory only), creates
what is missing (tables, raw-mail bucket restored from <data>/s3, queue + dead-letter queue, S3 -> SQS
notification, alerts topic), runs the trigger driver (local.driver) and `chalice local`, serves web/ when it
exists, imports the demo data set on first start, prints the URLs, and on Ctrl-C (or SIGTERM) stops every
process it started. Options: `python -m local.stack --help`."""
from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import IO, Any

from local import bootstrap, dynalite
from local.config import HOST, StackConfig, parse_args
from local.processes import Child, http_answers, port_free, wait_until

MIRROR_SYNC_SECONDS = 60


class StackError(RuntimeError):
    pass


def say(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} stack: {text}", flush=True)


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.children: list[Child] = []
        self.web: Any = None
        self.app: Any = None
        self.app_error: str | None = None
        self.topology: Any = None
        self.queue_url: str | None = None
        self._lock: IO[str] | None = None
        self._seeder: threading.Thread | None = None

    # -- start ---------------------------------------------------------------------------------------------
    def start(self) -> None:
        cfg = self.config
        cfg.data_dir.mkdir(parents=True, exist_ok=True)
        self._take_lock()
        serve_web = (cfg.root / "web" / "index.html").is_file()
        ports = [cfg.dynamodb_port, cfg.moto_port, cfg.api_port] + ([cfg.web_port] if serve_web else [])
        busy = [p for p in ports if not port_free(p)]
        if busy:
            raise StackError(f"port(s) {busy} already in use on {HOST}; stop what uses them or pick others "
                             "(python -m local.stack --help)")
        env = cfg.child_env({**os.environ, **bootstrap.chalice_env(cfg.root)})
        os.environ.clear()
        os.environ.update(env)  # this process talks to the emulators too (tables, bucket, demo import)
        self._start_emulators()
        bootstrap.create_tables(say)
        self._discover_app()
        self.queue_url = bootstrap.create_aws_resources(self.topology, cfg.mirror_dir, say)
        self._start_driver()
        self._start_api()
        if serve_web:
            from local.webserver import build_if_stale, serve
            problem = build_if_stale(cfg.root / "web")
            if problem:
                say(f"building the web UI failed (serving what is there):\n{problem}")
            self.web = serve(cfg.root / "web", cfg.web_port, cfg.api_port)

    def _take_lock(self) -> None:
        self._lock = open(self.config.data_dir / ".stack.lock", "w")  # noqa: SIM115 (held until stop)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StackError(f"another local stack is already using {self.config.data_dir}") from None

    def _spawn(self, name: str, argv: list[str], log: bool) -> Child:
        child = Child(name, argv, dict(os.environ), self.config.root,
                      self.config.log_dir / f"{name}.log" if log else None).start()
        self.children.append(child)
        return child

    def _start_emulators(self) -> None:
        cfg = self.config
        moto = self._spawn("moto", [str(Path(sys.executable).parent / "moto_server"), "-H", HOST,
                                    "-p", str(cfg.moto_port)], log=True)
        db = dynalite.start(cfg.data_dir / "dynamodb", cfg.dynamodb_port, log=cfg.log_dir / "dynalite.log",
                            root=cfg.root)
        self.children.append(db.child)
        wait_until(lambda: http_answers(cfg.moto_url + "/moto-api/"), "moto server", 60, moto)
        say(f"dynalite {db.url} (data in {db.path}), moto server {cfg.moto_url}")

    def _discover_app(self) -> None:
        from local import topology
        from local.discovery import load_app, schedule_sources, sqs_sources
        try:
            self.app = load_app(self.config.root)
        except Exception:
            self.app_error = traceback.format_exc(limit=-3)
            say(f"app.py failed to import; running without the driver and the API:\n{self.app_error}")
        self.topology = topology.derive(self.app, dict(os.environ))
        ui_url = self.config.web_url if (self.config.root / "web" / "index.html").is_file() else None
        os.environ.update(topology.resource_env(self.topology, ui_url, dict(os.environ)))
        if self.app is None and self.app_error is None:
            say("no app.py yet: no driver, no API")
        elif self.app is not None:
            handlers = [s.handler_string for s in sqs_sources(self.app) + schedule_sources(self.app)]
            say(f"handlers found in app.py: {', '.join(handlers) or 'none'}")

    def _start_driver(self) -> None:
        from local.discovery import schedule_sources, sqs_sources
        if self.app is None or not (sqs_sources(self.app) or schedule_sources(self.app)):
            return
        self._spawn("driver", [sys.executable, "-m", "local.driver", "--mirror-dir", str(self.config.mirror_dir),
                               "--schedule-seconds", str(self.config.schedule_seconds),
                               "--log-file", str(self.config.log_dir / "handlers.log")], log=False)

    def _start_api(self) -> None:
        cfg = self.config
        if self.app is None:
            return
        argv = [str(Path(sys.executable).parent / "chalice"), "local", "--host", HOST, "--port", str(cfg.api_port),
                "--stage", "local"] + ([] if cfg.chalice_reload else ["--no-autoreload"])
        api = self._spawn("chalice-local", argv, log=False)
        wait_until(lambda: http_answers(cfg.api_url + "/"), "chalice local", 90, api)

    # -- demo data -----------------------------------------------------------------------------------------
    def seed_demo(self) -> None:
        from local.discovery import sqs_sources
        if not self.config.demo or self.app is None or not sqs_sources(self.app) or self.queue_url is None:
            if self.config.demo:
                say("demo data set: waiting for app.py's ingest handler; not imported this time")
            return
        from local.seed import seed
        self._seeder = threading.Thread(target=seed, name="demo", daemon=True,
                                        args=(self.config, self.topology, self.queue_url, say))
        self._seeder.start()

    # -- run and stop --------------------------------------------------------------------------------------
    def print_urls(self) -> None:
        cfg = self.config
        lines = ["", "Aligned is running on this machine:"]
        if self.app is not None:
            lines.append(f"  API          {cfg.api_url}/api/")
        if self.web is not None:
            lines.append(f"  Web UI       {cfg.web_url}/")
        lines += [f"  DynamoDB     {cfg.dynamodb_url}   (dynalite, data in {cfg.data_dir / 'dynamodb'})",
                  f"  S3/SQS/SNS   {cfg.moto_url}   (moto; raw mail mirrored in {cfg.mirror_dir})",
                  f"  Logs         {cfg.log_dir}   (handlers.log: what the Lambda handlers print)",
                  f"  CLI against this stack:  source {self._env_file()}  then  {self._cli()} ...",
                  "Ctrl-C stops everything.", ""]
        print("\n".join(lines), flush=True)

    def _cli(self) -> str:
        """The command line as it runs here: with the Python running this stack (the venv's), not `python`."""
        exe = Path(sys.executable)
        with contextlib.suppress(ValueError):
            exe = exe.relative_to(Path.cwd())
        return f"{exe} -m chalicelib.cli"

    def _env_file(self) -> Path:
        return bootstrap.write_env_file(self.config.data_dir / "env.sh", self.config.root, self.topology)

    def watch(self) -> None:
        next_sync = time.monotonic() + MIRROR_SYNC_SECONDS
        while True:
            for child in self.children:
                if child.exited() is not None:
                    raise StackError(f"{child.name} stopped unexpectedly (status {child.exited()})"
                                     + (f"; see {child.log}" if child.log else ""))
            if time.monotonic() > next_sync:
                self._sync_mirror()
                next_sync = time.monotonic() + MIRROR_SYNC_SECONDS
            time.sleep(0.5)

    def _sync_mirror(self) -> None:
        if self.topology is None:
            return
        import boto3

        from local.mirror import RawMailMirror
        try:
            RawMailMirror(self.config.mirror_dir, self.topology.bucket).sync(boto3.client("s3"))
        except Exception as exc:
            say(f"could not copy the raw-mail bucket to {self.config.mirror_dir}: {exc}")

    def stop(self) -> None:
        if self.web is not None:
            self.web.shutdown()
        emulators = [c for c in self.children if c.name in ("dynalite", "moto")]
        for child in reversed([c for c in self.children if c not in emulators]):
            child.stop()
        if any(c.name == "moto" and c.exited() is None for c in emulators):
            self._sync_mirror()
        for child in reversed(emulators):
            child.stop()
        if self._lock is not None:
            self._lock.close()


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    config = parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    signal.signal(signal.SIGINT, _raise_interrupt)  # also when started with SIGINT ignored (background job)
    stack = Stack(config)
    status = 0
    try:
        stack.start()
        stack.print_urls()
        stack.seed_demo()
        stack.watch()
    except KeyboardInterrupt:
        pass
    except (StackError, RuntimeError) as exc:
        say(str(exc))
        status = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        say("stopping...")
        stack.stop()
        say("stopped")
    return status


if __name__ == "__main__":
    with contextlib.suppress(BrokenPipeError):
        sys.exit(main())
