"""The bench's server imports what a production install has, not the development tools."""

import os
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

from motcua_dev.bench.http_server import server_environment
from motcua_dev.bench.product_closure import product_closure, refused_for, refused_modules
from motcua_dev.bench.product_imports import REFUSED_VARIABLE


def test_the_closure_holds_the_products_dependencies_and_the_extras_it_asks_for() -> None:
    closure = product_closure()
    assert {"motcua", "django", "djangorestframework", "gunicorn", "psycopg"} <= closure
    # Asked as psycopg[binary,pool] and pyhanko[pkcs11]: the extras' packages come along.
    assert {"psycopg-binary", "psycopg-pool", "python-pkcs11"} <= closure
    # Development and test tools, and the product's own extras, do not.
    assert not {"pytest", "ruff", "mypy", "pygments", "jinja2", "spiffworkflow"} & closure


def test_only_modules_of_distributions_outside_the_closure_are_refused() -> None:
    refused = refused_modules(product_closure())
    assert {"pytest", "_pytest", "ruff", "granian"} <= refused
    assert not {"django", "rest_framework", "psycopg", "psycopg_binary", "pikepdf"} & refused


def test_the_server_a_bench_runs_is_admitted_with_what_it_brings_and_no_other() -> None:
    """A deployment that runs granian installs it (it is no dependency of the product)."""
    assert "granian" in refused_for("gunicorn")
    assert not {"granian", "click", "gunicorn", "motcua_dev"} & refused_for("granian")
    assert {"pytest", "pygments"} <= refused_for("granian")


def test_the_bench_names_the_refused_modules_to_its_server() -> None:
    env = server_environment(secret_key="k" * 50, mode="60", server="granian")

    named = set(env[REFUSED_VARIABLE].split(","))
    assert named == refused_for("granian")


def _under_the_guard(code: str, refused: str | None) -> list[str]:
    setup = (
        "from motcua_dev.bench.product_imports import refuse_imports_outside_the_product\n"
        "refuse_imports_outside_the_product()\n"
    )
    env = {key: value for key, value in os.environ.items() if key != REFUSED_VARIABLE}
    if refused is not None:
        env[REFUSED_VARIABLE] = refused
    done = subprocess.run(
        [sys.executable, "-c", setup + code], capture_output=True, text=True, check=False, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_refused_module_looks_missing_to_find_spec_and_fails_to_import_as_missing() -> None:
    """Libraries probe optional modules with ``find_spec`` (granian does): a refused module
    answers ``None`` there, as an uninstalled one does, instead of raising."""
    code = (
        "import importlib, importlib.util\n"
        "print(importlib.util.find_spec('jinja2') is None)\n"
        "print(importlib.util.find_spec('yaml') is not None)\n"
        "for name in ('jinja2', 'jinja2.ext'):\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except ModuleNotFoundError as error:\n"
        "        print(type(error).__name__)\n"
    )
    assert _under_the_guard(code, "jinja2,pygments") == [
        "True",
        "True",
        "ModuleNotFoundError",
        "ModuleNotFoundError",
    ]


def test_without_the_benchs_names_the_guard_refuses_what_a_gunicorn_server_lacks() -> None:
    """REST framework imports pygments whenever it can; in the bench's server it cannot."""
    code = (
        "import sys, rest_framework.compat as compat\n"
        "print(compat.pygments is None, sys.modules.get('pygments') is None, 'django' in sys.modules)\n"
    )
    assert _under_the_guard(code, None) == ["True", "True", "True"]


def test_the_bench_settings_install_the_guard_before_the_product_settings() -> None:
    spec = find_spec("motcua_dev.bench.settings")
    assert spec is not None
    assert spec.origin is not None
    source = Path(spec.origin).read_text(encoding="utf-8")
    assert source.index("refuse_imports_outside_the_product()") < source.index(
        "from motcua.config.settings.production import"
    )
