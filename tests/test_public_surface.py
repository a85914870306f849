"""The ``public_surface`` import-linter contract reports each import of another app's internals.

A small project is written to a temporary folder, grimp builds its graph from the files as
``lint-imports`` does, and the contract (``motcua_dev.contracts``) is checked on it.
"""

from pathlib import Path

import grimp
import pytest

from motcua_dev.contracts import PublicSurfaceContract, Violation

ROOT = "surface_fixture"

FILES = {
    "__init__.py": "",
    "alpha/__init__.py": "",
    "alpha/models.py": "class Thing: ...\n\n\ndef _helper() -> None: ...\n",
    "alpha/internals.py": "VALUE = 1\n",
    "alpha/faces.py": "FACE = 1\n",
    "alpha/_hidden.py": "SECRET = 1\n",
    "alpha/services/__init__.py": "from surface_fixture.alpha.services.inner import act\n",
    "alpha/services/inner.py": "def act() -> None: ...\n",
    "alpha/tests/__init__.py": "",
    "beta/__init__.py": "",
    "beta/fine.py": (
        "from surface_fixture.alpha import faces\n"
        "from surface_fixture.alpha.models import Thing\n"
        "from surface_fixture.alpha.services import act\n"
        "from surface_fixture.beta.own import _mine\n"
    ),
    "beta/own.py": "def _mine() -> None: ...\n",
    "beta/wrong.py": (
        "from surface_fixture.alpha.internals import VALUE\n"
        "from surface_fixture.alpha.models import (\n"
        "    Thing,\n"
        "    _helper,\n"
        ")\n"
        "from surface_fixture.alpha.services.inner import act\n"
        "\n"
        "\n"
        "def late() -> None:\n"
        "    import surface_fixture.alpha._hidden\n"
    ),
    "beta/tests/__init__.py": "",
    "beta/tests/test_alpha.py": "from surface_fixture.alpha.internals import VALUE\n",
}


@pytest.fixture
def graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> grimp.ImportGraph:
    for name, text in FILES.items():
        path = tmp_path / ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return grimp.build_graph(ROOT, cache_dir=None)


def contract(public_modules: list[str]) -> PublicSurfaceContract:
    return PublicSurfaceContract(
        name="public surface",
        session_options={},
        contract_options={
            "containers": [ROOT],
            "conventional": ["models", "services"],
            "public_modules": public_modules,
        },
    )


def test_each_import_of_a_private_module_or_name_is_reported(graph: grimp.ImportGraph) -> None:
    check = contract([f"{ROOT}.alpha.faces"]).check(graph, verbose=False)

    assert check.kept is False
    assert check.metadata["unknown"] == []
    assert check.metadata["violations"] == [
        Violation(f"{ROOT}.beta.wrong", f"{ROOT}.alpha._hidden", 10, "private module"),
        Violation(f"{ROOT}.beta.wrong", f"{ROOT}.alpha.internals", 1, "private module"),
        Violation(f"{ROOT}.beta.wrong", f"{ROOT}.alpha.models._helper", 2, "private name"),
        Violation(f"{ROOT}.beta.wrong", f"{ROOT}.alpha.services.inner", 6, "private module"),
    ]


def test_a_declared_module_is_public_but_an_underscore_stays_private(
    graph: grimp.ImportGraph,
) -> None:
    check = contract([f"{ROOT}.alpha.*"]).check(graph, verbose=False)

    assert [(v.imported, v.reason) for v in check.metadata["violations"]] == [
        (f"{ROOT}.alpha._hidden", "private module"),
        (f"{ROOT}.alpha.models._helper", "private name"),
    ]


def test_a_declared_module_that_does_not_exist_breaks_the_contract(
    graph: grimp.ImportGraph,
) -> None:
    check = contract([f"{ROOT}.alpha.faces", f"{ROOT}.alpha.gone"]).check(graph, verbose=False)

    assert check.kept is False
    assert check.metadata["unknown"] == [f"{ROOT}.alpha.gone"]
