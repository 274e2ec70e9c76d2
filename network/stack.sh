#!/usr/bin/env bash
# The project's stack, natively (no Docker): PostgreSQL, Kafka, Hyperledger Fabric.
#
#   network/stack.sh up     [pg|kafka|fabric …]   install what is missing, start what is stopped
#   network/stack.sh down   [pg|kafka|fabric …]   stop (by recorded PID), keep state
#   network/stack.sh status [pg|kafka|fabric …]   exit 0 only when all named are running
#   network/stack.sh reset  [pg|kafka|fabric …]   stop and delete state (.stack/), keep caches
#   network/stack.sh env                          print the connection settings (KEY=value lines)
#   network/stack.sh bench                        install/start/RSS figures → bench-results/stack.json
#   network/stack.sh start|stop pg|kafka|fabric
#   network/stack.sh start|stop peer org1|org2|regulator, orderer 1|2|3, chaincode org1|…  (fault tests)
#
# Idempotent; every listener on 127.0.0.1; state in .stack/ (git-ignored); downloads cached in
# ~/.cache/lotledger. Exit code 3 means a component cannot be installed on this machine.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

ALL=(pg kafka fabric)

component_script() {
  case "$1" in
    pg) echo "$HERE/pg/pg.sh" ;;
    kafka) echo "$HERE/kafka/kafka.sh" ;;
    fabric) echo "$HERE/fabric/fabric.sh" ;;
    *) die "unknown component '$1' (pg, kafka, fabric)" ;;
  esac
}

# run_each VERB COMPONENT…: run VERB on each, go on past an unavailable one, return the worst code.
run_each() {
  local verb="$1" rc=0 c code
  shift
  for c in "$@"; do
    code=0
    bash "$(component_script "$c")" "$verb" || code=$?
    if ((code == EXIT_UNAVAILABLE)); then
      log "$c is not available on this machine (see above); going on without it"
      rc=$EXIT_UNAVAILABLE
    elif ((code != 0)); then
      [[ "$verb" == status ]] || log "$c: $verb failed (exit $code)"
      ((rc == 0)) && rc=$code
      [[ "$verb" == status ]] || return "$rc"
    fi
  done
  return "$rc"
}

reverse() {
  local i
  for ((i = $# ; i > 0 ; i--)); do printf '%s\n' "${!i}"; done
}

main() {
  local verb="${1:-}"
  shift || true
  local comps=("$@")
  ((${#comps[@]})) || comps=("${ALL[@]}")
  case "$verb" in
    up) run_each start "${comps[@]}" ;;
    down)
      mapfile -t comps < <(reverse "${comps[@]}")
      run_each stop "${comps[@]}"
      ;;
    status) run_each status "${comps[@]}" ;;
    reset)
      mapfile -t comps < <(reverse "${comps[@]}")
      run_each stop "${comps[@]}"
      run_each clean "${comps[@]}"
      ;;
    env)
      local c
      for c in "${comps[@]}"; do bash "$(component_script "$c")" env 2>/dev/null || true; done
      ;;
    start | stop)
      [[ $# -ge 1 ]] || die "usage: $0 $verb pg|kafka|fabric | peer ORG | orderer N | chaincode ORG"
      case "$1" in
        peer | orderer | chaincode)
          [[ $# -eq 2 ]] || die "usage: $0 $verb $1 <which>"
          bash "$HERE/fabric/fabric.sh" "$verb-node" "$1" "$2"
          ;;
        *) run_each "$verb" "$@" ;;
      esac
      ;;
    bench) bash "$HERE/bench.sh" ;;
    *)
      awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"
      exit 2
      ;;
  esac
}

main "$@"
