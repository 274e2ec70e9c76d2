#!/usr/bin/env bash
# `npm test`: every suite. Unit suites need nothing; suites that need the real stack
# (PostgreSQL, Kafka, Fabric) get it from network/ scripts, which install and start what is
# missing, and stop what this run started so the machine is left as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
npx vitest run "$@"
