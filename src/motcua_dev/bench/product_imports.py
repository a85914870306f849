"""What the server of ``motcua bench http`` may import: the product's own dependencies, as a
production install has them, and not the development tools installed beside them.

A library imports an optional package whenever it is installed: REST framework imports
``pygments`` (and ``markdown``, ``yaml``) for its browsable API, and ``django.test`` imports
``jinja2``. A production install of the ``motcua`` wheel has none of them, but the development
environment the bench runs in does, and each adds to every worker's memory. The bench measures
the workers as deployed: its settings refuse, in the server's processes only, every top-level
module whose only distributions lie outside the product's dependency closure. The product still
runs (the wheel check starts it without them); a module refused that the product needed would
fail the bench's requests, not be hidden.
"""

import re
import sys
from collections.abc import Sequence
from functools import cache
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from importlib.metadata import PackageNotFoundError, distribution, packages_distributions
from types import ModuleType

from packaging.requirements import Requirement

PRODUCT = "motcua"


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(dist_name: str, extras: frozenset[str]) -> list[tuple[str, frozenset[str]]]:
    """What a distribution requires here, with the extras asked of it: each requirement whose
    marker holds on this machine for no extra or for one of ``extras``."""
    try:
        requires = distribution(dist_name).requires or []
    except PackageNotFoundError:
        return []
    wanted = []
    for line in requires:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": extra}) for extra in {"", *extras}):
            wanted.append((canonical(requirement.name), frozenset(requirement.extras)))
    return wanted


@cache
def product_closure(root: str = PRODUCT) -> frozenset[str]:
    """Every distribution a production install of ``root`` (without its extras) brings, ``root``
    included."""
    seen: set[tuple[str, frozenset[str]]] = set()
    waiting = [(canonical(root), frozenset[str]())]
    while waiting:
        item = waiting.pop()
        if item in seen:
            continue
        seen.add(item)
        waiting.extend(_requirements(*item))
    return frozenset(name for name, _ in seen)


#: The servers ``motcua serve`` can run (``--server``): a deployment installs the one it runs.
SERVERS = ("gunicorn", "granian")


def deployed_closure() -> frozenset[str]:
    """The product's closure with the servers' own: the bench runs whichever it is asked to."""
    return product_closure().union(*(product_closure(server) for server in SERVERS))


def refused_modules(closure: frozenset[str]) -> frozenset[str]:
    """Top-level modules installed only by distributions outside ``closure``."""
    return frozenset(
        module
        for module, dists in packages_distributions().items()
        if not any(canonical(dist) in closure for dist in dists)
    )


class OutsideTheProduct(MetaPathFinder):
    """Answers an import of a refused module as a missing one, as a production install would."""

    def __init__(self, refused: frozenset[str]) -> None:
        self.refused = refused

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0] in self.refused:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        return None


def refuse_imports_outside_the_product() -> None:
    """Install the finder first on ``sys.meta_path`` (once). Modules already imported stay."""
    if any(isinstance(finder, OutsideTheProduct) for finder in sys.meta_path):
        return
    refused = refused_modules(deployed_closure()) - {"motcua_dev"}
    sys.meta_path.insert(0, OutsideTheProduct(refused))
