#!/usr/bin/env bash
# Packs the bundle (dist/lineside/, from packaging/build-bundle.sh) as a Debian package:
#   /opt/lineside/            the bundle as built (its release manifest included)
#   /usr/bin/lineside         a link to /opt/lineside/lineside
#   /usr/share/applications/lineside.desktop and the hicolor icon, so the station is in the menu
# Output: dist/lineside_<version>_<arch>.deb. Install: sudo apt install ./dist/lineside_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x dist/lineside/lineside ] || { echo "no bundle: run packaging/build-bundle.sh first" >&2; exit 2; }
version=$(dist/lineside/lineside --version | awk '$1 == "lineside" {print $2}')
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/lineside_${version}_${arch}"

mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/doc/lineside"
cp -a dist/lineside "$root/opt/lineside"
ln -s /opt/lineside/lineside "$root/usr/bin/lineside"
install -m 644 resources/icons/lineside.png "$root/usr/share/icons/hicolor/256x256/apps/lineside.png"
install -m 644 packaging/lineside.desktop "$root/usr/share/applications/lineside.desktop"
printf 'Lineside %s\nProprietary. Third-party licences: /opt/lineside/_internal/*.dist-info\n' \
  "$version" > "$root/usr/share/doc/lineside/copyright"

# The bundle carries its Python libraries and Qt; these are the system libraries it loads
# (the same list packaging/dev.sh installs for a checkout).
depends="libc6, libegl1, libgl1, libglx0, libfontconfig1, libfreetype6, libglib2.0-0, libxkbcommon0,
 libx11-6, libxcb1, libdbus-1-3, libx11-xcb1, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4,
 libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render0, libxcb-render-util0, libxcb-shape0,
 libxcb-shm0, libxcb-sync1, libxcb-util1, libxcb-xfixes0, libxcb-xkb1, libpulse0, fonts-dejavu-core"
cat > "$root/DEBIAN/control" <<CONTROL
Package: lineside
Version: ${version}
Architecture: ${arch}
Maintainer: Lineside maintainers <lineside@localhost>
Section: misc
Priority: optional
Installed-Size: $(du -sk "$root" | cut -f1)
Depends: $(echo "$depends" | tr -d '\n')
Description: Traceability station for medical-device assembly lines
 Binds operator, unit and component lots, station and step, and the environmental
 conditions into one tamper-evident record at the moment of assembly.
 Run "lineside validate --out DIR" after installing for the IQ/OQ report.
CONTROL
# Members of the dialout group may open serial ports (scanners, instruments): say so once.
cat > "$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
echo "lineside: station users need the dialout group for serial scanners and instruments"
POSTINST
chmod 755 "$root/DEBIAN/postinst"

started=$(date +%s)
dpkg-deb --root-owner-group -Zzstd --build "$root" dist/ >/dev/null
deb="dist/lineside_${version}_${arch}.deb"
echo "package: $deb ($(du -m "$deb" | cut -f1) MB, packed in $(( $(date +%s) - started )) s)"
