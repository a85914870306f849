"""Start the real ``motcua registry-sim`` process for tests, and talk to its test hooks."""

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen
from typing import Any

from motcua.registry.signing import public_key_file_for
from motcua_dev.testing.processes import free_port, motcua_process


@dataclass(frozen=True)
class RegistrySim:
    port: int
    public_key_file: Path
    process: "Popen[bytes]"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def control(self, **behaviour: Any) -> None:
        request = urllib.request.Request(  # noqa: S310 - the local simulator
            f"{self.url}/_control", data=json.dumps(behaviour).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=5):  # noqa: S310
            pass

    def requests(self) -> list[dict[str, str]]:
        with urllib.request.urlopen(f"{self.url}/_requests", timeout=5) as answer:  # noqa: S310
            data: list[dict[str, str]] = json.loads(answer.read())
        return data


@contextmanager
def run_registry_sim(key_file: Path, *, people: int = 2000) -> Iterator[RegistrySim]:
    port = free_port()
    args = ["registry-sim", "--port", str(port), "--key-file", str(key_file)]
    args += ["--people", str(people), "--businesses", "200"]
    with motcua_process(args, port) as process:
        yield RegistrySim(port=port, public_key_file=public_key_file_for(key_file), process=process)
