#!/usr/bin/env bash
# Re-resolves packaging/requirements.lock (exact versions + hashes for Linux and Windows, Python
# 3.11) from pyproject.toml and packaging/build-requirements.in. Run after changing a dependency,
# then `packaging/dev.sh test` and `packaging/build-bundle.sh`, and commit the lock.
#   packaging/lock.sh                 keep every pin that still satisfies pyproject.toml
#   packaging/lock.sh --upgrade       move everything to the newest allowed versions
#   packaging/lock.sh --upgrade-package NAME
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q "uv==0.13.9"
.venv/bin/uv pip compile pyproject.toml packaging/build-requirements.in \
  --extra dev --extra bundle --universal --python-version 3.11 --generate-hashes \
  --custom-compile-command "packaging/lock.sh" -o packaging/requirements.lock "$@"
