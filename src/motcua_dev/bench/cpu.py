"""Where the CPU of a measurement goes: the client processes (motcua, or the raw-SQL loop, or the
peer) and the database server, when it runs on this machine.

On the bench machine the clients and PostgreSQL share the same cores, so a throughput figure
mixes the engine's own cost (which a deployment spreads over web nodes) with the database's (which
it cannot). Splitting the CPU per operation tells them apart.

The clients' CPU comes from ``getrusage`` (children, once they are joined, or this process for
threads). The database's is sampled from ``/proc`` every few tens of milliseconds for every process
named ``postgres`` that serves the measured database (its backends, and the shared WAL writer and
checkpointer, which other work on the same server also keeps busy): backends come and go with the clients' connections, so each process counts from
when it was first seen to when it was last seen (a backend's last few milliseconds before it exits
may be missed). The kernel counts a process's CPU in clock ticks (usually 10 ms), so a
measurement of a handful of short operations may read as none. Where ``/proc`` shows no database process (another machine, another OS) the
database figure is ``nan``.
"""

import math
import os
import resource
import threading
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
SAMPLE_SECONDS = 0.05
DATABASE_PROCESS = "postgres"


def _ticks(pid: str) -> int | None:
    try:
        text = (PROC / pid / "stat").read_text()
    except OSError:
        return None
    # Fields after the command name in parentheses: utime and stime are the 12th and 13th.
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _serves(pid: str, name: str, database: str) -> bool:
    """A process of the database server working for ``database``: its client backends and
    autovacuum workers (their titles name it), or a shared one (WAL writer, checkpointer)."""
    try:
        if (PROC / pid / "comm").read_text().strip() != name:
            return False
        title = (PROC / pid / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    words = title.split()
    if database in words:
        return True
    return "(" not in title and "worker" not in words


LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


def database_is_local(*, vendor: str, host: str) -> bool:
    """A PostgreSQL server on this machine (a socket directory or a loopback address)."""
    return vendor == "postgresql" and (host in LOCAL_HOSTS or host.startswith("/"))


class DatabaseCpuSampler:
    """CPU seconds used by the database server's processes between :meth:`start` and :meth:`stop`;
    ``nan`` when ``enabled`` is false (SQLite runs inside the clients; a remote server is not
    seen)."""

    def __init__(
        self,
        *,
        enabled: bool,
        database: str = "",
        name: str = DATABASE_PROCESS,
        every: float = SAMPLE_SECONDS,
    ) -> None:
        self.enabled = enabled
        self.database_name = database
        self.name = name
        self.every = every
        self._first: dict[str, int] = {}
        self._last: dict[str, int] = {}
        self._others: set[str] = set()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        try:
            pids = [p for p in os.listdir(PROC) if p.isdigit()]
        except OSError:
            return
        for pid in pids:
            if pid in self._others:
                continue
            if pid not in self._first and not _serves(pid, self.name, self.database_name):
                self._others.add(pid)
                continue
            ticks = _ticks(pid)
            if ticks is None:
                continue
            self._first.setdefault(pid, ticks)
            self._last[pid] = ticks

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def start(self) -> None:
        if not self.enabled:
            return
        self._sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._stop.set()
        if self._thread is None:
            return math.nan
        self._thread.join()
        self._sample()
        if not self._first:
            return math.nan
        ticks = sum(self._last[pid] - self._first[pid] for pid in self._first)
        return ticks / os.sysconf("SC_CLK_TCK")


def _rusage_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class CpuSplit:
    client_seconds: float
    database_seconds: float


class CpuMeter:
    """The clients' and the database's CPU over one measurement."""

    def __init__(self, *, processes: bool, database: DatabaseCpuSampler) -> None:
        self.who = resource.RUSAGE_CHILDREN if processes else resource.RUSAGE_SELF
        self.database = database
        self._client_start = 0.0

    def start(self) -> None:
        self._client_start = _rusage_seconds(self.who)
        self.database.start()

    def stop(self) -> CpuSplit:
        database = self.database.stop()
        return CpuSplit(
            client_seconds=_rusage_seconds(self.who) - self._client_start,
            database_seconds=database,
        )


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (a server's master and its workers), as ``/proc`` shows them;
    a process's CPU in ``/proc`` covers all its threads (granian's Rust runtime and Python's)."""
    found = [pid]
    for parent in found:
        # Each thread lists the children it started: a master may start workers from any.
        try:
            threads = list((PROC / str(parent) / "task").iterdir())
        except OSError:
            continue
        for thread in threads:
            try:
                children = (thread / "children").read_text()
            except OSError:
                continue
            found.extend(int(child) for child in children.split() if int(child) not in found)
    return found


def process_tree_seconds(pid: int) -> float:
    """CPU seconds used so far by ``pid`` and its descendants; processes that already exited are
    not counted, so a measurement must keep its processes (a server with no worker recycling)."""
    ticks = sum(_ticks(str(p)) or 0 for p in process_tree(pid))
    return ticks / os.sysconf("SC_CLK_TCK")


def resident_mib(pid: int) -> float:
    """Resident memory of one process, in MiB; ``nan`` when it is gone."""
    try:
        status = (PROC / str(pid) / "status").read_text()
    except OSError:
        return math.nan
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def shared_and_own_mib(pid: int) -> tuple[float, float]:
    """Proportional (PSS: each shared page divided among the processes that map it) and unique
    (USS: pages no other process maps) memory of one process, in MiB; ``nan`` when it is gone.
    Workers forked from a master that loaded the application share its pages: RSS counts them
    whole in every worker, PSS by share, USS not at all."""
    try:
        rollup = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return math.nan, math.nan
    fields = {}
    for line in rollup.splitlines()[1:]:
        name, _, rest = line.partition(":")
        fields[name] = int(rest.split()[0])
    own = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields.get("Pss", 0) / 1024, own / 1024
