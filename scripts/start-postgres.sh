#!/usr/bin/env bash
# Start a throw-away local PostgreSQL server for the registry tests and print its URL.
#
# Installs PostgreSQL from Debian's packages (apt-get) when no server binaries are found,
# initialises a cluster under $ZHASSYL_PG_DIR (default /tmp/zhassyl-postgres) owned by the
# `postgres` user when run as root, starts it on a free port bound to 127.0.0.1 only, creates
# the database `zhassyl_test` and prints, as its only line on stdout:
#     export ZHASSYL_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/zhassyl_test
# Running it again reuses (and if needed restarts) the same cluster.  Stop it with
#     pg_ctl -D "$ZHASSYL_PG_DIR/data" stop    (as the cluster's owner)
# Usage in CI:  eval "$(scripts/start-postgres.sh)"
set -euo pipefail

state_dir="${ZHASSYL_PG_DIR:-/tmp/zhassyl-postgres}"
data_dir="$state_dir/data"
db_name="zhassyl_test"

log() { echo "start-postgres: $*" >&2; }

find_bindir() {
    local d best=""
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best="$d"
    done
    if [ -z "$best" ] && command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        best="$(dirname "$(command -v initdb)")"
    fi
    echo "$best"
}

bindir="$(find_bindir)"
if [ -z "$bindir" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        log "PostgreSQL is not installed and this script is not root: install 'postgresql'"
        exit 1
    fi
    log "installing PostgreSQL from the Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    bindir="$(find_bindir)"
    [ -n "$bindir" ] || { log "PostgreSQL binaries still not found"; exit 1; }
fi

# Run a command as the cluster owner (postgres when we are root: initdb refuses root).
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir "$state_dir" --shell /bin/sh postgres
    fi
    as_owner() { su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; }
else
    as_owner() { "$@"; }
fi

mkdir -p "$state_dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$state_dir"
chmod 700 "$state_dir"

if [ ! -f "$data_dir/PG_VERSION" ]; then
    log "initialising a cluster in $data_dir"
    as_owner "$bindir/initdb" -D "$data_dir" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
        || as_owner "$bindir/initdb" -D "$data_dir" -U postgres --auth=trust \
            --encoding=UTF8 --locale=C >&2
fi

port_file="$state_dir/port"
if as_owner "$bindir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1 && [ -f "$port_file" ]; then
    port="$(cat "$port_file")"
    log "already running on port $port"
else
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    echo "$port" > "$port_file"
    log "starting the server on 127.0.0.1:$port"
    as_owner "$bindir/pg_ctl" -D "$data_dir" -l "$state_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$state_dir -c fsync=off" \
        start >/dev/null
fi

psql_cmd=("$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtA)
if [ -z "$("${psql_cmd[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$db_name'")" ]; then
    "${psql_cmd[@]}" -c "CREATE DATABASE $db_name" >/dev/null
fi
echo "export ZHASSYL_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:$port/$db_name"
