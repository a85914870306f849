#!/usr/bin/env bash
# The product wheel alone: build it (motcua without its tests; motcua_dev stays out), install it
# into a virtualenv holding nothing but its runtime dependencies, and start the production
# settings from it with `motcua check --deploy`, outside the checkout. Fails when the wheel lacks
# something production needs, or when production needs something only the checkout has.
#
# The virtualenv is kept in var/wheel-check/ and made again when pyproject.toml changes, so that a
# second run only builds and swaps the wheel (pip may download the dependencies the first time).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
WORK="${WHEEL_CHECK_DIR:-$PWD/var/wheel-check}"
VENV="$WORK/venv"
STAMP="$VENV/.pyproject.sha256"
mkdir -p "$WORK"

# Built from a copy, so that the build leaves no build/ or egg-info folder in the checkout.
rm -rf "$WORK/source" "$WORK/dist"
mkdir -p "$WORK/source"
cp -r pyproject.toml README.md src "$WORK/source/"
find "$WORK/source" -name __pycache__ -type d -prune -exec rm -rf {} +
"$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$WORK/dist" "$WORK/source"
wheel=$(ls "$WORK"/dist/motcua-*.whl)

listed=$("$PYTHON" -m zipfile -l "$wheel")
for absent in "motcua_dev/" "/tests/"; do
  if grep -q -- "$absent" <<<"$listed"; then
    echo "wheel-check: the product wheel contains $absent" >&2
    exit 1
  fi
done

wanted=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$wanted" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
fi
"$VENV/bin/pip" uninstall --quiet --yes motcua >/dev/null 2>&1 || true
"$VENV/bin/pip" install --quiet "$wheel"
echo "$wanted" >"$STAMP"

# Run from an empty folder, with nothing of the checkout on the path.
run_dir="$WORK/run"
rm -rf "$run_dir"
mkdir -p "$run_dir/var"
cd "$run_dir"
unset PYTHONPATH DJANGO_SETTINGS_MODULE DATABASE_URL
export MOTCUA_VAR_DIR="$run_dir/var"

if "$VENV/bin/python" -c "import motcua_dev" 2>/dev/null; then
  echo "wheel-check: motcua_dev is importable from the product's virtualenv" >&2
  exit 1
fi
# A fresh value for every secret the settings declare (production refuses the published defaults),
# and what a deployment sets besides; nothing connects to the cache during the checks.
eval "$("$VENV/bin/python" -c '
import motcua.config.settings.base
from motcua.core.env import secrets_generated
for name, value in secrets_generated().items():
    print(f"export {name}={value}")
')"
export MOTCUA_ALLOWED_HOSTS=dichvucong.example.gov.vn
export MOTCUA_CACHE_URL=redis://127.0.0.1:6379/0
export DJANGO_SETTINGS_MODULE=motcua.config.settings.production
"$VENV/bin/motcua" check --deploy --fail-level ERROR
"$VENV/bin/python" -W ignore -c '
import sys
from motcua.config.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns
assert not [m for m in sys.modules if m.startswith("motcua_dev")], "motcua_dev loaded"
print("wheel-check: the production settings start from the product wheel alone")
'
