"""The import-linter contract that keeps each app's internals its own (``public_surface``).

An app is a package directly under a container (``motcua.accounts``, ``motcua.dossiers``, ...).
Another app may import, of it:

- the app package itself and the modules every app keeps public by convention, named once for all
  apps (``models``, ``selectors``, ``services``, ...: the top-level module or package of that name,
  not the modules inside a ``services/`` package, whose ``__init__`` is the face);
- the modules the app declares public in the contract's ``public_modules`` (``motcua.accounts.actors``;
  ``motcua.dossiers.paper.*`` for a package and every module in it).

Nothing else: a module of another app not declared is private, and so is any module or name whose
own name starts with an underscore (``from motcua.dossiers.history import _row`` is refused even
though ``history`` is public). Test packages and migrations import what they test or freeze and are
not checked as importers. The dev package is not a container: its simulators speak the protocols in
an adapter's modules and its test helpers drive internals, as tests do.

Registered in ``pyproject.toml`` (``contract_types``) and run by ``lint-imports`` in ``.ci/run``.
"""

from __future__ import annotations

import ast
import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from grimp import ImportGraph
from importlinter.application import output
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck

#: Packages inside an app that import freely: they test or freeze the app, they are not product code.
NOT_IMPORTERS = ("tests", "migrations")


@dataclass(frozen=True, order=True)
class Violation:
    """One import of another app's private module or name."""

    importer: str
    imported: str
    line_number: int
    reason: str


def app_of(module: str, containers: frozenset[str]) -> str | None:
    """The app ``module`` belongs to (``motcua.dossiers`` for ``motcua.dossiers.services.submit``),
    or None for a container itself or a module outside every container."""
    parts = module.split(".")
    for depth in range(1, len(parts)):
        if ".".join(parts[:depth]) in containers:
            return ".".join(parts[: depth + 1]) if len(parts) > depth + 1 else None
    return None


def is_private_name(name: str) -> bool:
    """``_row`` and ``_helpers`` are private; ``__version__`` and ``__all__`` are not."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def module_is_public(
    module: str, app: str, conventional: frozenset[str], declared: frozenset[str]
) -> bool:
    """Whether another app may import ``module`` of ``app``."""
    inside = module[len(app) + 1 :].split(".") if module != app else []
    if any(is_private_name(part) for part in inside):
        return False
    if not inside or (len(inside) == 1 and inside[0] in conventional):
        return True
    return any(
        module == pattern or (pattern.endswith(".*") and module.startswith(pattern[:-1]))
        for pattern in declared
    )


@cache
def _source_path(module: str) -> Path | None:
    """The file of ``module``, found from its root package without importing the module."""
    root, *rest = module.split(".")
    spec = importlib.util.find_spec(root)
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest)
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@cache
def _imported_names(module: str) -> tuple[tuple[int, str, str], ...]:
    """(line, module, name) of every absolute ``from module import name`` in ``module``'s source."""
    path = _source_path(module)
    if path is None:
        return ()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return tuple(
        (node.lineno, node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
        for alias in node.names
    )


def surface_violations(
    graph: ImportGraph,
    *,
    containers: frozenset[str],
    conventional: frozenset[str],
    declared: frozenset[str],
) -> list[Violation]:
    """Every import, by a module of one app, of another app's private module or name."""
    found: set[Violation] = set()
    for importer in graph.modules:
        importer_app = app_of(importer, containers)
        if importer_app is None:
            continue
        inside = importer[len(importer_app) + 1 :].split(".")
        if inside[0] in NOT_IMPORTERS:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            imported_app = app_of(imported, containers)
            if imported_app is None or imported_app == importer_app:
                continue
            if not module_is_public(imported, imported_app, conventional, declared):
                details = graph.get_import_details(importer=importer, imported=imported)
                for line_number in [detail["line_number"] for detail in details] or [0]:
                    found.add(Violation(importer, imported, line_number, "private module"))
        for line, source, name in _imported_names(importer):
            source_app = app_of(source, containers)
            if source_app is not None and source_app != importer_app and is_private_name(name):
                found.add(Violation(importer, f"{source}.{name}", line, "private name"))
    return sorted(found)


class PublicSurfaceContract(Contract):
    """Apps import each other only through their public modules, never a ``_private`` name.

    Options:
        - containers:   the packages whose children are apps (``motcua``).
        - conventional: module names public in every app (``models``, ``selectors``, ...).
        - public_modules: the further modules each app declares public; ``pkg.*`` for a package
                          and every module in it.
    """

    type_name = "public_surface"

    containers = fields.SetField(subfield=fields.StringField())
    conventional = fields.SetField(subfield=fields.StringField())
    public_modules = fields.SetField(subfield=fields.StringField(), required=False)

    def _strings(self, option: str) -> frozenset[str]:
        """The parsed value of a set option (the fields set it on the instance)."""
        return frozenset(self.__dict__[option] or ())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        declared = self._strings("public_modules")
        unknown = sorted(
            pattern for pattern in declared if pattern.removesuffix(".*") not in graph.modules
        )
        violations = surface_violations(
            graph,
            containers=self._strings("containers"),
            conventional=self._strings("conventional"),
            declared=declared,
        )
        return ContractCheck(
            kept=not violations and not unknown,
            metadata={"violations": violations, "unknown": unknown},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for pattern in check.metadata["unknown"]:
            output.print_error(
                f"{pattern} is declared public but no such module exists.", bold=False
            )
        for violation in check.metadata["violations"]:
            output.print_error(
                f"{violation.importer} (l.{violation.line_number}) imports {violation.imported}: "
                f"{violation.reason} of its app.",
                bold=False,
            )
        if check.metadata["violations"]:
            output.new_line()
            output.print(
                "Import what the app makes public (its services, selectors, models, ...), or move "
                "the name into a public module of its app; declare a module public in pyproject.toml "
                "only when it is a face of its app."
            )
