"""``motcua serve``: the production web server (gunicorn, sync workers) in front of the WSGI app.

The process becomes gunicorn's master (``exec``), so a supervisor's signals reach it directly:
SIGHUP reloads the configuration and replaces the workers gracefully, SIGTERM stops after the
requests under way (within the timeout), SIGTTIN/SIGTTOU add or remove a worker.

The master loads the application before it starts the workers (``--preload``): each worker is a
copy of it and shares its pages until it writes them, and reads from the disk only the parts of
the libraries it runs, which leaves every worker several MiB smaller, counted whole (RSS) as by
share (PSS). A worker that replaces another (SIGHUP, ``--max-requests``) is a copy of the same
loaded code: a new release is served after a restart of the master (SIGTERM and start; or
SIGUSR2, which starts a new master beside the old, then SIGQUIT to the old one).

``--server granian`` serves the same application with granian instead (HTTP in Rust, connections
kept alive), for ``motcua bench http --servers gunicorn,granian`` to measure side by side.
"""

import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

#: Method, path without the query string (a lookup's query carries a personal ID), status, bytes,
#: duration. No client address, user, referrer or user agent: the access log holds no personal
#: data, and the reverse proxy in front keeps what the law asks of it.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
#: Seconds an idle kept-alive connection from the reverse proxy stays open.
KEEPALIVE_SECONDS = 5


def cpu_count() -> int:
    """CPUs this process may run on (a container's or ``taskset``'s limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(cpus: int) -> int:
    """Sync workers wait on the database for part of each request: 2 per CPU keep the CPUs busy,
    plus 1 so that a worker being replaced leaves none idle (gunicorn's own advice)."""
    return 2 * cpus + 1


def gunicorn_argv(
    *,
    bind: str,
    workers: int,
    timeout: int,
    max_requests: int,
    access_log: bool = True,
) -> list[str]:
    """The command line of the gunicorn master serving ``motcua.config.wsgi``."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "motcua.config.wsgi:application",
        "--name",
        "motcua",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        # Workers forked from the loaded application (see the module's docstring).
        "--preload",
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        str(timeout),
        "--keep-alive",
        str(KEEPALIVE_SECONDS),
        "--error-logfile",
        "-",
        # Signals control the master; one socket path per user would be shared by every instance.
        "--no-control-socket",
        # Hooks of the master (a stopped worker's metrics).
        "--config",
        "python:motcua.core.gunicorn_conf",
    ]
    if access_log:
        argv += ["--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT]
    if max_requests > 0:
        # Jitter so that the workers are not all replaced at the same moment.
        argv += [
            "--max-requests",
            str(max_requests),
            "--max-requests-jitter",
            str(max(1, max_requests // 10)),
        ]
    if Path("/dev/shm").is_dir():  # noqa: S108 (the heartbeat file, kept off a slow disk)
        argv += ["--worker-tmp-dir", "/dev/shm"]  # noqa: S108
    return argv


#: Granian's access log: the same fields but the size, which it does not report.
GRANIAN_ACCESS_LOG_FORMAT = '[%(time)s] "%(method)s %(path)s" %(status)d %(dt_ms).0fms'
#: The production server first; the other is measured against it (``motcua bench http --servers``).
SERVERS = ("gunicorn", "granian")


def granian_argv(*, bind: str, workers: int, timeout: int, access_log: bool = True) -> list[str]:
    """The command line of a granian master serving ``motcua.config.wsgi`` with the workers of
    gunicorn's sync ones (one request at a time each, so one database connection each), HTTP
    parsed in Rust and connections kept alive.

    Not the default: its workers are larger (its Rust library alone is 12 MiB of each worker's
    resident memory), it has no per-request timeout (``timeout`` only bounds a graceful stop) and
    no recycling after a number of requests, and a stopped worker's gauges stay in the metrics.
    """
    if bind.startswith("unix:"):
        address = ["--uds", bind.removeprefix("unix:")]
    else:
        host, _, port = bind.rpartition(":")
        address = ["--host", host.strip("[]") or "0.0.0.0", "--port", port]  # noqa: S104
    argv = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "motcua.config.wsgi:application",
        *address,
        "--workers",
        str(workers),
        # One request at a time in Python; the connections waiting are held by the Rust side
        # (a lower backpressure would hold a kept-alive connection per permit and starve the rest).
        "--blocking-threads",
        "1",
        "--runtime-threads",
        "1",
        "--http",
        "1",
        "--no-ws",
        "--workers-kill-timeout",
        str(timeout),
        "--respawn-failed-workers",
        "--log-level",
        "warning",
    ]
    if access_log:
        argv += ["--access-log", "--access-log-fmt", GRANIAN_ACCESS_LOG_FORMAT]
    return argv


def metrics_dir(*, configured: str, var_dir: Path, bind: str) -> Path:
    """Where this server's workers keep their metrics: one folder per bound address, so that two
    nodes on one machine never count into (or empty) each other's files."""
    if configured:
        return Path(configured)
    return var_dir / "metrics" / re.sub(r"[^A-Za-z0-9.-]+", "_", bind)


def metrics_dir_reset(path: Path) -> None:
    """Emptied at start: the files of a previous run's workers would be summed in otherwise."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)


class Command(BaseCommand):
    help = (
        "Serve motcua in production with gunicorn: sync workers (MOTCUA_WEB_WORKERS, by default "
        "2 per CPU plus 1), bound to MOTCUA_WEB_BIND, graceful reload on SIGHUP, an access log "
        "without personal data. Use the production settings (--settings or "
        "DJANGO_SETTINGS_MODULE=motcua.config.settings.production) and run collectstatic first "
        "(or pass --collectstatic)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=None, help="host:port; default MOTCUA_WEB_BIND.")
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Worker processes; default MOTCUA_WEB_WORKERS.",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=None,
            help="Seconds per request; default MOTCUA_WEB_TIMEOUT_SECONDS.",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=None,
            help="Requests before a worker is replaced; default MOTCUA_WEB_MAX_REQUESTS.",
        )
        parser.add_argument(
            "--server",
            choices=SERVERS,
            default=SERVERS[0],
            help="gunicorn (the default, for production) or granian (measured against it by "
            "motcua bench http --servers; installed with motcua[bench]).",
        )
        parser.add_argument(
            "--no-access-log", action="store_true", help="Write no access log (benchmarks)."
        )
        parser.add_argument(
            "--collectstatic",
            action="store_true",
            help="Collect the static files (hashed and compressed) before serving.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workers = options["workers"]
        if workers is None:
            workers = settings.MOTCUA_WEB_WORKERS or default_workers(cpu_count())
        if workers < 1:
            message = f"--workers must be 1 or more, got {workers}"
            raise CommandError(message, returncode=2)
        if options["server"] == "granian" and importlib.util.find_spec("granian") is None:
            message = "--server granian: granian is not installed (pip install motcua[bench])"
            raise CommandError(message, returncode=2)
        if options["collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        bind = options["bind"] or settings.MOTCUA_WEB_BIND
        metrics = metrics_dir(
            configured=settings.MOTCUA_METRICS_DIR, var_dir=settings.VAR_DIR, bind=bind
        )
        metrics_dir_reset(metrics)
        # Read by prometheus-client when each worker first imports it: the workers then count
        # into files of this folder, which /metrics sums.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
        timeout = options["timeout"] or settings.MOTCUA_WEB_TIMEOUT_SECONDS
        access_log = not options["no_access_log"]
        if options["server"] == "granian":
            argv = granian_argv(bind=bind, workers=workers, timeout=timeout, access_log=access_log)
        else:
            argv = gunicorn_argv(
                bind=bind,
                workers=workers,
                timeout=timeout,
                max_requests=(
                    settings.MOTCUA_WEB_MAX_REQUESTS
                    if options["max_requests"] is None
                    else options["max_requests"]
                ),
                access_log=access_log,
            )
        # The workers load the same settings as this command (--settings sets the variable).
        os.environ["DJANGO_SETTINGS_MODULE"] = os.environ.get(
            "DJANGO_SETTINGS_MODULE", "motcua.config.settings.production"
        )
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(argv[0], argv)  # noqa: S606 (the server with arguments built above)
