#!/usr/bin/env bash
# Installs GS1's reference EPCIS event hash generator (PyPI) into a cached virtualenv and runs
# compare.py with the given arguments, e.g.:
#   tools/hash-reference/compare.sh libs/domain/src/hash/vectors --check
set -euo pipefail
REFERENCE_VERSION="1.9.3"
VENV="${LOTLEDGER_CACHE:-$HOME/.cache/lotledger}/hash-reference-${REFERENCE_VERSION}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import epcis_event_hash_generator' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "epcis-event-hash-generator==${REFERENCE_VERSION}"
fi
exec "$VENV/bin/python" "$(dirname "$0")/compare.py" "$@"
