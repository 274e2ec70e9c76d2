#!/usr/bin/env bash
# Writes a Fabric chaincode-as-a-service package: metadata.json {type:"ccaas", label} and
# code.tar.gz holding connection.json. The peer's external builder reads connection.json and
# dials the chaincode server there (started with `npm run start:ccaas`).
# usage: package-ccaas.sh <out.tgz> <label> <host:port> [dial_timeout]
set -euo pipefail
if [[ $# -lt 3 ]]; then
  echo "usage: $0 <out.tgz> <label> <host:port> [dial_timeout, default 10s]" >&2
  exit 2
fi
out=$1 label=$2 address=$3 dial_timeout=${4:-10s}
if [[ ! $label =~ ^[A-Za-z0-9_.+-]+$ ]]; then echo "label '$label' may hold only letters, digits, _ . + -" >&2; exit 2; fi
if [[ ! $address =~ ^[^:]+:[0-9]+$ ]]; then echo "address '$address' must be host:port" >&2; exit 2; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/code" "$work/pkg"
printf '{"address":"%s","dial_timeout":"%s","tls_required":false}\n' "$address" "$dial_timeout" > "$work/code/connection.json"
printf '{"type":"ccaas","label":"%s"}\n' "$label" > "$work/pkg/metadata.json"
# Fixed owner, mode and mtime so the same inputs give the same package id.
tar_opts=(--sort=name --owner=0 --group=0 --numeric-owner --mtime='1970-01-01 00:00:00Z')
tar "${tar_opts[@]}" -C "$work/code" -czf "$work/pkg/code.tar.gz" connection.json
mkdir -p "$(dirname "$out")"
tar "${tar_opts[@]}" -C "$work/pkg" -czf "$out" metadata.json code.tar.gz
echo "$out"
