#!/usr/bin/env bash
# Debian's chromium and chromium-driver for the browser tests (Playwright drives this
# executable; nothing is downloaded by Playwright itself).
set -euo pipefail
pkgs="chromium chromium-driver"
missing=""
for p in $pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq $missing
fi
