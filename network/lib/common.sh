# shellcheck shell=bash
# Shared helpers for network/*.sh. Sourced, never run. Every server process is started by `spawn`,
# which makes the process write its own PID (so the file holds the real server PID, not a wrapper's),
# and stopped by `stop_pid` with that PID — never by process name.

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NETWORK_DIR="$ROOT_DIR/network"
STACK_DIR="${LOTLEDGER_STACK_DIR:-$ROOT_DIR/.stack}"
CACHE_DIR="${LOTLEDGER_CACHE_DIR:-$HOME/.cache/lotledger}"
PID_DIR="$STACK_DIR/pids"
LOG_DIR="$STACK_DIR/logs"
mkdir -p "$PID_DIR" "$LOG_DIR" "$CACHE_DIR"
# The stack's settings (network/stack.env). LOTLEDGER_<KEY> in the environment overrides KEY, so that
# a second stack (the bench) can run beside the usual one on other ports.
load_stack_env() {
  local key value override
  while IFS='=' read -r key value; do
    [[ "$key" =~ ^[A-Z][A-Z0-9_]*$ ]] || continue
    value="${value%\"}"
    value="${value#\"}"
    override="LOTLEDGER_$key"
    [[ -n "${!override:-}" ]] && value="${!override}"
    printf -v "$key" '%s' "$value"
  done <"$NETWORK_DIR/stack.env"
}
load_stack_env

log() { printf '[stack %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Exit code a component script uses when it cannot be installed on this machine (e.g. a registry
# refused the download): distinct from a failure so callers can go on without that component.
# shellcheck disable=SC2034 # used by the scripts that source this file
readonly EXIT_UNAVAILABLE=3

pid_file() { printf '%s/%s.pid' "$PID_DIR" "$1"; }

# is_running NAME: true when NAME's recorded PID is alive.
is_running() {
  local f pid
  f="$(pid_file "$1")"
  [[ -s "$f" ]] || return 1
  pid="$(<"$f")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# spawn NAME LOGFILE CMD…: start CMD detached (own session, stdin closed) and record its PID.
# The child writes $$ before exec-ing CMD, so the recorded PID is the server itself.
spawn() {
  local name="$1" logfile="$2"
  shift 2
  local f
  f="$(pid_file "$name")"
  rm -f "$f"
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$f" "$@" >>"$logfile" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s "$f" ]] && return 0
    sleep 0.1
  done
  die "$name did not record its PID (see $logfile)"
}

# stop_pid NAME [SIGNAL] [TIMEOUT_S] [group]: signal the recorded PID, wait for it to exit, SIGKILL
# after the timeout. Only ever the PID that this project recorded; with `group`, its whole process
# group (spawn makes each process a session leader, so the group is that process and its children —
# for wrappers such as `npm run` that do not pass signals on reliably).
stop_pid() {
  local name="$1" sig="${2:-TERM}" timeout="${3:-30}" group="${4:-}" f pid i target
  f="$(pid_file "$name")"
  if ! is_running "$name"; then
    rm -f "$f"
    return 0
  fi
  pid="$(<"$f")"
  target="$pid"
  [[ "$group" == group ]] && target="-$pid"
  kill "-$sig" -- "$target" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$f"; log "stopped $name (pid $pid)"; return 0; }
    sleep 0.1
  done
  log "$name (pid $pid) ignored SIG$sig for ${timeout}s: SIGKILL"
  kill -KILL -- "$target" 2>/dev/null || true
  rm -f "$f"
}

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_port NAME PORT TIMEOUT_S: wait until PORT answers while NAME's process stays alive.
wait_port() {
  local name="$1" port="$2" timeout="${3:-60}" i
  for ((i = 0; i < timeout * 10; i++)); do
    port_open "$port" && return 0
    is_running "$name" || die "$name exited before 127.0.0.1:$port opened (logs in $LOG_DIR)"
    sleep 0.1
  done
  die "$name: 127.0.0.1:$port did not open within ${timeout}s (logs in $LOG_DIR)"
}

# require_free_port NAME PORT: refuse to start when another program already holds the port.
require_free_port() {
  port_open "$2" && die "$1: 127.0.0.1:$2 is already in use by a process this project did not start"
  return 0
}

# apt_install PKG…: Debian packages, running `apt-get update` once only if a package is not found.
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
  local sudo=()
  [[ "$(id -u)" == 0 ]] || sudo=(sudo)
  if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >>"$LOG_DIR/apt.log" 2>&1; then
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -q >>"$LOG_DIR/apt.log" 2>&1
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q "$@" >>"$LOG_DIR/apt.log" 2>&1 \
      || die "apt-get install $* failed (see $LOG_DIR/apt.log)"
  fi
}

# rss_kb PID: resident set size in kB (0 when gone).
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
