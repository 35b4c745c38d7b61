#!/usr/bin/env bash
# Debian packages that PDF output needs: Pango for WeasyPrint, a font with every Kazakh letter
# (DejaVu), and poppler-utils (pdftotext) for the tests that read the PDFs back.
set -euo pipefail
pkgs="libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils"
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing
fi
