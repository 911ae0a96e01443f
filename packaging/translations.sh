#!/usr/bin/env bash
# Updates the translation sources from the code and compiles them (README "Languages").
#   packaging/translations.sh          lupdate (new strings appear as unfinished) + lrelease
#   packaging/translations.sh release  lrelease only (the .qm files from the .ts files)
# The .qm files are committed: the wheel, the PyInstaller bundle and the .deb carry them as data
# of the resources package, and a test fails when one is older than its .ts.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
DIR=resources/i18n
LANGS=(de es)
if [ "${1:-}" != release ]; then
  mapfile -t SOURCES < <(find app/ui -name '*.py' | sort)
  for lang in "${LANGS[@]}"; do
    "$BIN/pyside6-lupdate" -no-obsolete -locations none -target-language "$lang" "${SOURCES[@]}" -ts "$DIR/lineside_$lang.ts"
  done
  # English needs only its plural forms ("1 record", "2 records").
  "$BIN/pyside6-lupdate" -no-obsolete -locations none -pluralonly -target-language en "${SOURCES[@]}" -ts "$DIR/lineside_en.ts"
fi
for ts in "$DIR"/lineside_*.ts; do
  "$BIN/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
