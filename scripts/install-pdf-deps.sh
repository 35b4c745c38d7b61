#!/usr/bin/env bash
# Debian packages that PDF reports need: Pango for WeasyPrint, DejaVu fonts (every Kazakh
# letter: ә ғ қ ң ө ұ ү һ і) and poppler-utils (pdftotext/pdftoppm, used by the tests).
# Installs only what is missing; needs root (or sudo) for apt-get.
set -euo pipefail
PKGS=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
