#!/usr/bin/env bash
# Set up (first time) and run the main job on the embedded defaults: the demo programme in the
# SQLite registry (./var/zhassyl.db unless ZHASSYL_HOME or ZHASSYL_DATABASE_URL says otherwise),
# generated weather and ET0 for the seven regions, and the management systems compared.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup-venv.sh
export ZHASSYL_HOME="${ZHASSYL_HOME:-$PWD/var}"
mkdir -p "$ZHASSYL_HOME"
exec .venv/bin/zhassyl demo "$@"
