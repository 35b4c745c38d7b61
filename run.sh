#!/usr/bin/env bash
# The README's main command.
#   ./run.sh        set up (first time), seed the synthetic demo programme and one demo user per
#                   role into the embedded SQLite registry if it is empty, print the address and the
#                   demo sign-ins, and serve the web app until Ctrl-C (ZHASSYL_HOST/ZHASSYL_PORT,
#                   default 127.0.0.1:8000).
#   ./run.sh demo   the printed tables instead: demo programme, regional weather and ET0, the
#                   management systems compared (zhassyl demo).
# The database is ./var/zhassyl.db unless ZHASSYL_HOME or ZHASSYL_DATABASE_URL says otherwise.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup-venv.sh
export ZHASSYL_HOME="${ZHASSYL_HOME:-$PWD/var}"
mkdir -p "$ZHASSYL_HOME"
if [ "${1:-}" = "demo" ]; then
    shift
    exec .venv/bin/zhassyl demo "$@"
fi
scripts/install-pdf-deps.sh || echo "warning: field plan PDFs need Pango and DejaVu fonts" \
    "(scripts/install-pdf-deps.sh as root)" >&2
# The demo password and the session key live next to the database (readable by you only), so
# that they survive restarts; set ZHASSYL_DEMO_PASSWORD / ZHASSYL_SECRET_KEY to choose them.
keep() {  # keep NAME FILE: export $NAME from FILE, creating FILE with a random value
    if [ -z "${!1:-}" ]; then
        [ -s "$2" ] || (umask 077 && .venv/bin/python -c \
            'import secrets; print(secrets.token_urlsafe(18))' > "$2")
        export "$1=$(cat "$2")"
    fi
}
keep ZHASSYL_DEMO_PASSWORD "$ZHASSYL_HOME/demo-password"
keep ZHASSYL_SECRET_KEY "$ZHASSYL_HOME/secret-key"
exec .venv/bin/zhassyl serve --demo --host "${ZHASSYL_HOST:-127.0.0.1}" \
    --port "${ZHASSYL_PORT:-8000}" "$@"
