#!/usr/bin/env bash
# Builds dist/lineside/ (one folder; executable dist/lineside/lineside) with PyInstaller from the
# locked environment, then writes dist/lineside/release-manifest.json (versions and a SHA-256 of
# every file) that `lineside validate` checks the installation against.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/dev.sh setup
started=$(date +%s)
rm -rf build/lineside dist/lineside
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build packaging/lineside.spec
.venv/bin/python -m app.validation.manifest write dist/lineside
took=$(( $(date +%s) - started ))
size=$(du -sm dist/lineside | cut -f1)
echo "bundle: dist/lineside/lineside (${size} MB, built in ${took} s; try: dist/lineside/lineside demo)"
