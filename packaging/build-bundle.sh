#!/usr/bin/env bash
# Builds dist/lineside/ (one folder, ~180 MB) with PyInstaller for installation on line workstations.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/dev.sh setup
.venv/bin/python -m pip install -q "pyinstaller>=6.10"
.venv/bin/pyinstaller --noconfirm --distpath dist --workpath build packaging/lineside.spec
echo "bundle: dist/lineside/lineside (try: dist/lineside/lineside demo)"
