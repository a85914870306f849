"""The distributions a production install of the product brings, and the modules installed only
by others: what :mod:`motcua_dev.bench.product_imports` refuses in the bench's server.

Read from the installed distributions' metadata by the bench before it starts the server, which
gets the answer in its environment: the server's workers neither import these readers nor keep
what they read.
"""

import re
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution, packages_distributions

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


def refused_modules(closure: frozenset[str]) -> frozenset[str]:
    """Top-level modules installed only by distributions outside ``closure``."""
    return frozenset(
        module
        for module, dists in packages_distributions().items()
        if not any(canonical(dist) in closure for dist in dists)
    )


def refused_for(server: str) -> frozenset[str]:
    """What a server process may not import when it runs ``server`` (``motcua serve --server``):
    the product's closure and that server's, which a deployment running it installs (granian is
    no dependency of the product). The bench's own package stays: its URLconf is served."""
    closure = product_closure() | product_closure(server)
    return refused_modules(closure) - {"motcua_dev"}
