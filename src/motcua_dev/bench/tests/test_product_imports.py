"""The bench's server imports what a production install has, not the development tools."""

import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path

import pytest

from motcua_dev.bench.product_imports import (
    OutsideTheProduct,
    deployed_closure,
    product_closure,
    refused_modules,
)


def test_the_closure_holds_the_products_dependencies_and_the_extras_it_asks_for() -> None:
    closure = product_closure()
    assert {"motcua", "django", "djangorestframework", "gunicorn", "psycopg"} <= closure
    # Asked as psycopg[binary,pool] and pyhanko[pkcs11]: the extras' packages come along.
    assert {"psycopg-binary", "psycopg-pool", "python-pkcs11"} <= closure
    # Development and test tools, and the product's own extras, do not.
    assert not {"pytest", "ruff", "mypy", "pygments", "jinja2", "spiffworkflow"} & closure


def test_only_modules_of_distributions_outside_the_closure_are_refused() -> None:
    refused = refused_modules(product_closure())
    assert {"pytest", "_pytest", "ruff"} <= refused
    assert not {"django", "rest_framework", "psycopg", "psycopg_binary", "pikepdf"} & refused


def test_the_server_the_bench_runs_is_never_refused() -> None:
    """``motcua serve --server granian`` looks granian up under the bench's settings."""
    refused = refused_modules(deployed_closure())
    assert not {"gunicorn", "granian"} & refused
    assert {"pytest", "pygments"} <= refused


def test_a_refused_module_and_its_submodules_are_missing_and_others_are_left_alone() -> None:
    finder = OutsideTheProduct(frozenset({"jinja2"}))
    with pytest.raises(ModuleNotFoundError, match=r"jinja2\.ext"):
        finder.find_spec("jinja2.ext", None)
    assert finder.find_spec("jinja2x", None) is None
    assert finder.find_spec("django.test", None) is None


def test_under_the_guard_rest_framework_finds_no_pygments() -> None:
    """REST framework imports pygments whenever it can; in the bench's server it cannot."""
    code = (
        "from motcua_dev.bench.product_imports import refuse_imports_outside_the_product\n"
        "refuse_imports_outside_the_product()\n"
        "import sys, rest_framework.compat as compat\n"
        "print(compat.pygments is None, 'pygments' in sys.modules, 'django' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.split() == ["True", "False", "True"], done.stderr


def test_the_bench_settings_install_the_guard_before_the_product_settings() -> None:
    spec = find_spec("motcua_dev.bench.settings")
    assert spec is not None
    assert spec.origin is not None
    source = Path(spec.origin).read_text(encoding="utf-8")
    assert source.index("refuse_imports_outside_the_product()") < source.index(
        "from motcua.config.settings.production import"
    )
