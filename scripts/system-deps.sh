#!/usr/bin/env bash
# Debian/Ubuntu libraries that Qt needs (offscreen and on a real screen), a font, poppler's tools and
# LibreOffice (the tests open exported workbooks and documents with it, as a user would).
# Installs only what is missing; does nothing on systems without apt-get (Windows, macOS).
set -euo pipefail
PACKAGES=(libegl1 libgl1 libxkbcommon0 libdbus-1-3 libfontconfig1 fonts-dejavu-core
          libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xkb1
          libxkbcommon-x11-0 libxcb-shape0 poppler-utils libreoffice-calc-nogui libreoffice-writer-nogui)
command -v apt-get >/dev/null 2>&1 || exit 0
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installation des bibliothèques système manquantes : ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
