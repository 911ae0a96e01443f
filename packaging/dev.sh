#!/usr/bin/env bash
# Sets up a Lineside checkout on Debian/Ubuntu and runs one job. Safe to run again.
#   packaging/dev.sh demo [ARGS]   set up, then open the demo station (simulated instruments)
#   packaging/dev.sh test          set up, then lint, type-check, run the whole test suite, build
#                                  the bundle and run its verbs
#   packaging/dev.sh setup         set up only
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt (offscreen and xcb under Xvfb), QtMultimedia sounds, the barcode libraries pyzbar/pylibdmtx load,
# xdotool (XTest keystrokes into the real window under Xvfb in tests/ui/test_real_keyboard.py) and
# poppler-utils (pdftotext: the tests read back the PDFs Lineside writes).
APT_PACKAGES=(
  python3-venv python3-dev
  libegl1 libgl1 libglx0 libglvnd0 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 libx11-6 libxcb1
  libdbus-1-3 libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
  libxcb-xfixes0 libxcb-xkb1 libpulse0 libzbar0 libdmtx0b fonts-dejavu-core xvfb xauth xdotool
  poppler-utils
)

say() { printf '\033[1m[lineside]\033[0m %s\n' "$*" >&2; }

ensure_debian_packages() {
  command -v dpkg-query >/dev/null || { say "not a Debian/Ubuntu system: install the Qt/xcb libraries yourself"; return; }
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_venv() {
  local py=${PYTHON:-python3}
  if [ ! -x .venv/bin/python ]; then
    say "creating the virtual environment .venv"
    "$py" -m venv .venv
  fi
  # Exactly the locked versions, each checked against its hash; the package itself is built
  # with the locked setuptools (no build isolation, so nothing unhashed is downloaded).
  # Reinstall only when the lock or the package metadata changed since the last install.
  local stamp=.venv/.lineside-installed want
  want=$(cat pyproject.toml packaging/requirements.lock | sha256sum | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing the locked Python packages into .venv (packaging/requirements.lock)"
    .venv/bin/python -m pip install -q --require-hashes -r packaging/requirements.lock
    .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
    echo "$want" > "$stamp"
  fi
}

ensure_postgres() {
  if command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; then return; fi
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return; sleep 1; done
  fi
  say "PostgreSQL is not reachable at 127.0.0.1:5432: the upstream tests will fail"
}

run_tests() {
  ensure_postgres
  export QT_QPA_PLATFORM=offscreen
  local bin=.venv/bin
  say "ruff (lint and format)"
  $bin/ruff check .
  $bin/ruff format --check .
  say "mypy"
  $bin/mypy
  say "import-linter (only app/ui imports Qt; layers point one way)"
  $bin/lint-imports
  say "pytest"
  $bin/python -m pytest -q
  say "autopilot: the real UI, simulated scans and instruments, then verify"
  local shots; shots=$(mktemp -d)
  $bin/lineside demo --autopilot 3 --screenshots "$shots" --db "$shots/autopilot.sqlite"
  say "bundle: build dist/lineside with PyInstaller, then run the verbs from it"
  packaging/build-bundle.sh
  packaging/check-bundle.sh dist/lineside/lineside
  say "Debian package of the bundle"
  packaging/build-deb.sh
  if [ "${CI:-}" = "true" ] && [ "$(id -u)" -eq 0 ]; then
    say "install the .deb, run the station from /usr/bin/lineside, remove it (CI only: it changes the system)"
    packaging/check-deb.sh
  fi
}

job=${1:-demo}
[ $# -gt 0 ] && shift
ensure_debian_packages
ensure_venv
case "$job" in
  demo) exec .venv/bin/lineside demo "$@" ;;
  test) run_tests ;;
  setup) say "ready: .venv/bin/lineside" ;;
  *) say "unknown job '$job': use demo, test or setup"; exit 2 ;;
esac
