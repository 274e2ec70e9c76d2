#!/usr/bin/env bash
# `npm test`: every suite — unit and integration. Integration suites need the real stack
# (PostgreSQL, Kafka, Fabric): this script starts whichever component is not already running
# (network/stack.sh installs what is missing), exports the connection settings
# (DATABASE_URL, KAFKA_BROKERS, FABRIC_*), runs Vitest, and stops exactly what it started — on
# failure and on Ctrl-C too — so the machine is left as it was.
#
# A component that cannot be installed here (a registry refused a download) is reported loudly at
# the end and its reason exported as LOTLEDGER_<COMPONENT>_UNAVAILABLE; everything else still runs.
# LOTLEDGER_TEST_STACK="pg kafka" limits which components are brought up (default: pg kafka fabric;
# "none" for none). Extra arguments go to `vitest run`.
set -euo pipefail
cd "$(dirname "$0")/.."

read -r -a components <<<"${LOTLEDGER_TEST_STACK:-pg kafka fabric}"
[[ "${components[*]}" == none ]] && components=()
started=()

unavailable=()

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local c
  for c in "${unavailable[@]}"; do
    echo "run-all: ************************************************************************" >&2
    echo "run-all: BLOCKED: $c could not be installed, so the suites that need it had no stack:" >&2
    echo "run-all:   $(cat "${LOTLEDGER_STACK_DIR:-.stack}/$c/unavailable.txt" 2>/dev/null || echo 'see the stack log above')" >&2
    if [[ "$c" == fabric ]]; then
      echo "run-all: not run for that reason (set FABRIC_BIN to release binaries to run them):" >&2
      git ls-files '*.fabric.int.test.ts' | sed 's/^/run-all:   /' >&2
    fi
    echo "run-all: ************************************************************************" >&2
  done
  if ((${#started[@]})); then
    echo "run-all: stopping what this run started: ${started[*]}" >&2
    bash network/stack.sh down "${started[@]}" || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for c in "${components[@]}"; do
  if bash network/stack.sh status "$c" >/dev/null 2>&1; then
    echo "run-all: $c already running, leaving it as it is" >&2
    continue
  fi
  started+=("$c")
  code=0
  bash network/stack.sh up "$c" || code=$?
  if ((code == 3)); then
    # A registry refused a download (see the message above): the suites that need this component
    # find its settings missing and say so; everything else still runs, and the summary at the end
    # repeats why.
    unavailable+=("$c")
    export "LOTLEDGER_$(tr '[:lower:]' '[:upper:]' <<<"$c")_UNAVAILABLE=$(cat "${LOTLEDGER_STACK_DIR:-.stack}/$c/unavailable.txt" 2>/dev/null || echo unavailable)"
  elif ((code != 0)); then
    echo "run-all: could not start $c (exit $code)" >&2
    exit "$code"
  fi
done

if ((${#components[@]})); then
  while IFS= read -r line; do
    [[ "$line" =~ ^[A-Z_][A-Z0-9_]*= ]] && export "${line?}"
  done < <(bash network/stack.sh env "${components[@]}")
fi

# The consumer and regulator pages are tested in real headless Chromium (Debian's package).
bash gateway/scripts/ensure-chromium.sh

# Vitest's own summary is not one CI readers know, so the run also ends with a plain
# "tests: N passed, N failed" line taken from its JSON report.
mkdir -p .cache
rc=0
npx vitest run --reporter=default --reporter=json --outputFile=.cache/vitest-results.json "$@" || rc=$?
node -e 'const r = JSON.parse(require("fs").readFileSync(".cache/vitest-results.json", "utf8")); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);' || true
exit "$rc"
