#!/usr/bin/env bash
# Installs dist/lineside_*.deb on this machine (root or sudo), runs the station from the
# installed path (--version, a headless autopilot unit, validate), then removes the package.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls dist/lineside_*.deb | tail -n1)
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
work=$(mktemp -d)
cleanup() { $sudo dpkg -r lineside >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "./$deb" >/dev/null
test "$(readlink -f /usr/bin/lineside)" = /opt/lineside/lineside
test -f /usr/share/applications/lineside.desktop
cd "$work"
lineside --version
QT_QPA_PLATFORM=offscreen LINESIDE_MUTE=1 lineside demo --autopilot 1 --db "$work/s.sqlite" 2>&1 \
  | grep -E "^autopilot: (passed|.*recorded)"
lineside init --db "$work/clean.sqlite" >/dev/null
lineside validate --out "$work/report" --db "$work/clean.sqlite" | grep -E "^IQ-02|^(PASS|FAIL)"
echo "ok: $deb installed, ran from /usr/bin/lineside and was removed"
