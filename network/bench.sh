#!/usr/bin/env bash
# `network/stack.sh bench`: install time (cold = empty download cache, warm = cache present), start
# time (first start on empty state, restart on existing state) and idle RSS of each process, written
# to bench-results/stack.json. Runs on private state and cache directories and on ports shifted by
# 10000, so a running stack is left alone; the warm runs use (and may fill) the real download cache.
# Fabric throughput/latency with one event per transaction comes from the ledger bench (bench:ledger).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

OUT="$ROOT_DIR/bench-results/stack.json"
WORK="$(mktemp -d /tmp/lotledger-bench.XXXXXX)"
chmod 0755 "$WORK"
REAL_CACHE="$CACHE_DIR"

cleanup() {
  local c
  for c in fabric kafka pg; do
    LOTLEDGER_STACK_DIR="$WORK/warm" bash "$HERE/stack.sh" down "$c" >/dev/null 2>&1 || true
    LOTLEDGER_STACK_DIR="$WORK/cold" LOTLEDGER_CACHE_DIR="$WORK/cache" bash "$HERE/stack.sh" down "$c" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# The bench stack runs beside any running one: every *_PORT of network/stack.env shifted by 10000.
while IFS='=' read -r key value; do
  [[ "$key" =~ ^[A-Z][A-Z0-9_]*_PORT$ ]] || continue
  export "LOTLEDGER_$key=$((value + 10000))"
  port_open "$((value + 10000))" && die "127.0.0.1:$((value + 10000)) (bench $key) is in use"
done <"$NETWORK_DIR/stack.env"

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# timed VAR CMD…: run CMD, store its wall time in VAR ("null" + note when it fails).
declare -A NOTE=()
timed() {
  local var="$1" t0 code=0
  shift
  t0="$(now)"
  "$@" >>"$WORK/bench.log" 2>&1 || code=$?
  if ((code == 0)); then
    printf -v "$var" '%s' "$(secs "$t0" "$(now)")"
  else
    printf -v "$var" 'null'
    NOTE[$var]="exit $code: $(grep -v '^\s*$' "$WORK/bench.log" | tail -n 2 | tr '\n"' ' ' | cut -c1-300)"
  fi
}

stack_in() { # stack_in DIR CACHE ARGS…
  local dir="$1" cache="$2"
  shift 2
  LOTLEDGER_STACK_DIR="$dir" LOTLEDGER_CACHE_DIR="$cache" bash "$HERE/stack.sh" "$@"
}

mkdir -p "$WORK/cache"
for c in pg kafka fabric; do
  log "bench: $c cold install"
  timed "cold_$c" stack_in "$WORK/cold" "$WORK/cache" up "$c"
  stack_in "$WORK/cold" "$WORK/cache" down "$c" >/dev/null 2>&1 || true
  log "bench: $c warm install + first start"
  timed "first_$c" stack_in "$WORK/warm" "$REAL_CACHE" up "$c"
done

# Idle RSS: let the JVM and PostgreSQL settle, then read /proc.
sleep 15
tree_rss() { # tree_rss PID → kB of PID and all its descendants (npm → sh → node for the chaincode)
  local total child
  total="$(rss_kb "$1")"
  for child in $(pgrep -P "$1" || true); do total=$((total + $(tree_rss "$child"))); done
  echo "$total"
}
rss_of() { # rss_of NAME → kB of the recorded process tree, or null
  local f="$WORK/warm/pids/$1.pid" pid
  [[ -s "$f" ]] || { echo null; return; }
  pid="$(<"$f")"
  kill -0 "$pid" 2>/dev/null || { echo null; return; }
  tree_rss "$pid"
}
declare -A RSS=()
for name in pg kafka orderer1 orderer2 orderer3 peer-org1 peer-org2 peer-regulator chaincode-org1 chaincode-org2 chaincode-regulator; do
  RSS[$name]="$(rss_of "$name")"
done

log "bench: restart on existing state"
stack_in "$WORK/warm" "$REAL_CACHE" down >/dev/null 2>&1 || true
for c in pg kafka fabric; do timed "restart_$c" stack_in "$WORK/warm" "$REAL_CACHE" up "$c"; done
stack_in "$WORK/warm" "$REAL_CACHE" down >/dev/null 2>&1 || true

json_num() { [[ "$1" == null || -z "$1" ]] && echo null || echo "$1"; }
json_str() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
{
  echo "{"
  echo "  \"measured_at\": \"$(date -u +%FT%TZ)\","
  echo "  \"machine\": { \"cores\": $(nproc), \"mem_gb\": $(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo), \"kernel\": $(json_str "$(uname -r)") },"
  echo "  \"versions\": { \"postgresql\": $(json_str "$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)"), \"kafka\": $(json_str "$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/kafka/pom.xml")"), \"fabric\": $(json_str "$FABRIC_VERSION ($FABRIC_COMMIT)") },"
  echo "  \"seconds\": {"
  first=1
  for c in pg kafka fabric; do
    cold="cold_$c" warm="first_$c" re="restart_$c"
    ((first)) || echo ","
    first=0
    printf '    "%s": { "install_and_first_start_cold_cache": %s, "install_and_first_start_warm_cache": %s, "restart_existing_state": %s }' \
      "$c" "$(json_num "${!cold}")" "$(json_num "${!warm}")" "$(json_num "${!re}")"
  done
  echo
  echo "  },"
  echo "  \"idle_rss_kb\": {"
  first=1
  for name in pg kafka orderer1 orderer2 orderer3 peer-org1 peer-org2 peer-regulator chaincode-org1 chaincode-org2 chaincode-regulator; do
    ((first)) || echo ","
    first=0
    printf '    "%s": %s' "$name" "$(json_num "${RSS[$name]}")"
  done
  echo
  echo "  },"
  echo "  \"notes\": {"
  echo "    \"pg_cold\": \"Debian's postgresql package is preinstalled on this machine image: cold = initdb + first start, no apt download.\","
  echo "    \"rss\": \"each process with all its descendants (pg: postmaster + background workers; chaincode: npm + node); null = not running.\","
  echo "    \"fabric_throughput\": \"one-event-per-transaction throughput and p50/p99 latency come from npm run bench:ledger (ledger adapter), not from this script.\""
  if [[ -n "${FABRIC_BIN:-}" ]]; then
    printf '    ,"fabric_binaries": %s\n' "$(json_str "taken from FABRIC_BIN=$FABRIC_BIN, not built: fabric install times exclude the go build")"
  fi
  for k in "${!NOTE[@]}"; do printf '    ,%s: %s\n' "$(json_str "$k")" "$(json_str "${NOTE[$k]}")"; done
  echo "  }"
  echo "}"
} >"$OUT.tmp"
mkdir -p "$(dirname "$OUT")"
mv "$OUT.tmp" "$OUT"
node -e "JSON.parse(require('fs').readFileSync('$OUT', 'utf8'))" || die "bench wrote invalid JSON"
log "bench results in $OUT"
cat "$OUT"
