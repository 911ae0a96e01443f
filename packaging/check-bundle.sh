#!/usr/bin/env bash
# Runs the station's verbs from the built bundle (not from .venv), on a scratch database, the way
# CI and an installer's smoke test do:  packaging/check-bundle.sh [dist/lineside/lineside]
set -euo pipefail
cd "$(dirname "$0")/.."
exe=$(realpath "${1:-dist/lineside/lineside}")
[ -x "$exe" ] || { echo "no bundle at $exe: run packaging/build-bundle.sh" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"  # nothing of the checkout is on the bundle's path
export QT_QPA_PLATFORM=offscreen LINESIDE_MUTE=1
db="$work/station.sqlite"
step() { printf '\033[1m[check-bundle]\033[0m %s\n' "$*" >&2; }

step "translations (Lineside's German, Spanish and English plurals; Qt's own German and Spanish)"
bundle=$(dirname "$exe")
for qm in lineside_de.qm lineside_es.qm lineside_en.qm qtbase_de.qm qtbase_es.qm; do
  find "$bundle" -name "$qm" | grep -q . || { echo "the bundle has no $qm" >&2; exit 1; }
done

step "--version"
"$exe" --version | tee version.txt
grep -q "^lineside " version.txt && grep -q "^schema " version.txt
step "init";             "$exe" init --db "$db"
step "demo-data";        "$exe" demo-data --db "$db" --units 50 --quiet
step "verify";           "$exe" verify --db "$db"
step "udi parse";        "$exe" udi parse --json $'\x5dd2010088812345678817301231101234A\x1d21S1' | tee udi.json
grep -q '"di": "00888123456788"' udi.json
step "export epcis";     "$exe" export epcis --db "$db" --out epcis.json
python3 -c "import json,sys; d=json.load(open('epcis.json')); assert d['epcisBody']['eventList'], 'no events'"
step "demo --headless";  "$exe" demo --headless --db "$work/headless.sqlite" --units 20
step "demo --autopilot"; "$exe" demo --autopilot 2 --db "$work/autopilot.sqlite" --screenshots "$work/shots"
ls "$work/shots"/*.png >/dev/null
step "trace | head (a closed pipe ends quietly)"
lot=$(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT id FROM lots LIMIT 1").fetchone()[0])' "$db")
set +o pipefail  # head closes the pipe early on purpose
"$exe" trace --db "$db" --lot "$lot" 2>trace.err | head -n 1 >/dev/null
set -o pipefail
if grep -q "Traceback" trace.err; then cat trace.err >&2; exit 1; fi
step "validate (IQ against the bundle's release manifest, OQ on a scratch database)"
# A newly installed station: the demo database configures serial instruments (/dev/ttyUSB*) that
# this build machine does not have, and IQ-05 rightly fails on those.
"$exe" init --db "$work/installed.sqlite"
"$exe" validate --out "$work/validation" --db "$work/installed.sqlite" --signed-by check-bundle | tee validate.txt
grep -q "^IQ-02  pass" validate.txt  # every bundle file matches the manifest written at build time
test -s "$work/validation/validation-report.pdf"
step "ok: every verb ran from $exe"
