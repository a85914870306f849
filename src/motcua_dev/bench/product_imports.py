"""What the server of ``motcua bench http`` may import: the product's own dependencies, as a
production install has them, and not the development tools installed beside them.

A library imports an optional package whenever it is installed: REST framework imports
``pygments`` (and ``markdown``, ``yaml``) for its browsable API, and ``django.test`` imports
``jinja2``. A production install of the ``motcua`` wheel has none of them, but the development
environment the bench runs in does, and each adds to every worker's memory. The bench measures
the workers as deployed: its settings make every top-level module whose only distributions lie
outside the product's dependency closure (:mod:`motcua_dev.bench.product_closure`) missing, in
the server's processes only. The product still runs (the wheel check starts it without them); a
module refused that the product needed would fail the bench's requests, not be hidden.

A refused module is missing the way an uninstalled one is: ``importlib.util.find_spec`` answers
``None`` (libraries probe optional modules so, granian among them) and an import raises
``ModuleNotFoundError``. Both follow from Python's own rule for a ``None`` entry in
``sys.modules``.
"""

import os
import sys
from collections.abc import Iterable

#: The refused modules, comma-separated, as the bench computed them before starting the server.
REFUSED_VARIABLE = "MOTCUA_BENCH_REFUSED_MODULES"


def refuse(modules: Iterable[str]) -> None:
    """Make each module of ``modules`` not imported yet missing. Modules already imported stay."""
    for module in modules:
        sys.modules.setdefault(module, None)  # type: ignore[arg-type]


def refuse_imports_outside_the_product() -> None:
    """Refuse what the bench named in :data:`REFUSED_VARIABLE`, or, in a process it did not
    start (profiling with the bench's settings), what a gunicorn server's process would refuse."""
    named = os.environ.get(REFUSED_VARIABLE)
    if named is not None:
        refuse(name for name in named.split(",") if name)
        return
    # Read here only when no bench named them: the readers cost the process memory it keeps.
    from motcua_dev.bench.product_closure import refused_for

    refuse(refused_for("gunicorn"))
