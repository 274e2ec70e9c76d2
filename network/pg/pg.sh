#!/usr/bin/env bash
# PostgreSQL: Debian's server package, a project-owned cluster in .stack/pg on 127.0.0.1:55432, run by
# an unprivileged user (PostgreSQL refuses to run as root).
# Usage: pg.sh install|start|stop|status|env|clean
set -euo pipefail
# shellcheck source=../lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

# A local development password for a loopback-only cluster; override it to use another.
PG_PASSWORD="${LOTLEDGER_PG_PASSWORD:-lotledger}"
PG_HOME="$STACK_DIR/pg"

# True when every existing folder on the way to $1 lets other users through (o+x).
others_can_reach() {
  local p="$1" perm
  while [[ "$p" != / && -n "$p" ]]; do
    if [[ -e "$p" ]]; then
      perm="$(stat -c %A "$p")"
      [[ "${perm:9:1}" == x || "${perm:9:1}" == t ]] || return 1
    fi
    p="$(dirname "$p")"
  done
}

# The server runs as `postgres` when we are root. A checkout inside a private folder (a `mktemp -d`
# is 0700) is out of that user's reach, so the cluster then lives in /var/tmp, one per checkout.
if [[ "$(id -u)" == 0 ]] && ! others_can_reach "$STACK_DIR"; then
  PG_HOME="/var/tmp/lotledger-pg-$(printf '%s' "$STACK_DIR" | sha256sum | cut -c1-12)"
fi
PG_DATA="$PG_HOME/data"
PG_SOCK="$PG_HOME/run"
PG_LOG="$LOG_DIR/pg.log"

pg_bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$d" && -x "$d/initdb" ]] && printf '%s' "$d"
}

# The server runs as `postgres` when we are root (Debian's package creates that user), else as us.
# setpriv execs in place (runuser would stay as a parent), so the recorded PID is the postmaster's.
server_cmd() {
  if [[ "$(id -u)" == 0 ]]; then
    printf '%s\0' setpriv --reuid=postgres --regid=postgres --init-groups --reset-env -- "$@"
  else
    printf '%s\0' "$@"
  fi
}

as_server_user() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

cmd_install() {
  if [[ -z "$(pg_bindir)" ]]; then
    log "installing Debian's postgresql package"
    apt_install postgresql
  fi
  [[ -n "$(pg_bindir)" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
  if [[ "$(id -u)" == 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
  fi
  if [[ ! -s "$PG_DATA/PG_VERSION" ]]; then
    local bindir
    bindir="$(pg_bindir)"
    mkdir -p "$PG_HOME" "$PG_SOCK"
    chmod 0700 "$PG_HOME"
    [[ "$(id -u)" == 0 ]] && chown -R postgres: "$PG_HOME"
    log "initdb $PG_DATA"
    # Superuser `postgres` over the Unix socket only (trust, socket dir is private); the app user
    # connects over TCP with a password.
    as_server_user "$bindir/initdb" -D "$PG_DATA" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >>"$PG_LOG" 2>&1 || die "initdb failed (see $PG_LOG)"
    chmod 0700 "$PG_SOCK"
    cat >>"$PG_DATA/postgresql.conf" <<CONF

# lotledger: loopback only, project-owned socket directory
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
max_connections = 200
shared_buffers = 128MB
fsync = on
CONF
  fi
}

psql_su() { as_server_user psql -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres "$@"; }

ensure_app_role() {
  local sql
  # CREATEDB so that test suites can make throw-away databases.
  sql="DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END \$\$;"
  psql_su -d postgres -c "$sql" >>"$PG_LOG" 2>&1 || die "could not create role $PG_USER (see $PG_LOG)"
  if [[ "$(psql_su -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]]; then
    psql_su -d postgres -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\"" >>"$PG_LOG" 2>&1 \
      || die "could not create database $PG_DB"
  fi
}

cmd_start() {
  cmd_install
  if is_running pg; then
    log "pg already running (pid $(<"$(pid_file pg)"))"
    return 0
  fi
  require_free_port pg "$PG_PORT"
  # A crash leaves postmaster.pid behind; PostgreSQL itself checks whether that PID is alive.
  local cmd=()
  mapfile -d '' cmd < <(server_cmd "$(pg_bindir)/postgres" -D "$PG_DATA")
  spawn pg "$PG_LOG" "${cmd[@]}"
  wait_port pg "$PG_PORT" 60
  local i
  for ((i = 0; i < 100; i++)); do
    as_server_user "$(pg_bindir)/pg_isready" -q -h "$PG_SOCK" -p "$PG_PORT" && break
    sleep 0.2
  done
  ensure_app_role
  log "pg up on 127.0.0.1:$PG_PORT (pid $(<"$(pid_file pg)"))"
}

cmd_stop() {
  # SIGINT = PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
  stop_pid pg INT 60
}

cmd_status() {
  if is_running pg; then
    echo "pg       running  pid $(<"$(pid_file pg)")  127.0.0.1:$PG_PORT"
  else
    echo "pg       stopped"
    return 1
  fi
}

cmd_env() {
  printf 'DATABASE_URL=postgresql://%s:%s@127.0.0.1:%s/%s\n' "$PG_USER" "$PG_PASSWORD" "$PG_PORT" "$PG_DB"
}

cmd_clean() {
  is_running pg && die "stop pg before removing its data"
  rm -rf "$PG_HOME"
}

case "${1:-}" in
  install | start | stop | status | env | clean) "cmd_$1" ;;
  *) die "usage: $0 install|start|stop|status|env|clean" ;;
esac
