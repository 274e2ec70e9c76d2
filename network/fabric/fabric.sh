#!/usr/bin/env bash
# Hyperledger Fabric, natively: three Raft orderers (OrdererMSP, 127.0.0.1:7050/8050/9050, admin
# 7053/8053/9053), one peer per organisation with the Gateway service on (Org1MSP 7051, Org2MSP 8051,
# RegulatorMSP 9051), TLS everywhere, channel `trace` through the channel participation API, and the
# chaincode as a service (one chaincode process per peer, CCaaS ports 9999/9998/9997), approved by all
# three organisations with the channel's default MAJORITY endorsement policy.
#
# Usage: fabric.sh install|start|stop|status|env|clean
#        fabric.sh compose-artifacts|compose-setup                 (for docker-compose.yml)
# Environment: FABRIC_BIN (use these binaries instead of building), FABRIC_CFG_DIR (sampleconfig).
#        fabric.sh start-node|stop-node peer ORG | orderer N | chaincode ORG      (ORG: org1 org2 regulator)
#
# Binaries: `go install` of the pinned release commit from the Go module proxy into
# ~/.cache/lotledger/fabric-<commit>/bin. If the proxy refuses, this exits 3 (unavailable): nothing
# is faked.
set -euo pipefail
# shellcheck source=../lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

# FABRIC_COMMIT (network/stack.env) is the v3.1.5 release commit: the module path has no /v3 suffix,
# so the tag cannot be named, the commit resolves as a pseudo-version.
FABRIC_COMMIT="${LOTLEDGER_FABRIC_COMMIT:-$FABRIC_COMMIT}"
# FABRIC_BIN: a directory that already holds the five binaries (e.g. an operator's official release
# download); when unset they are built into the cache. FABRIC_CFG_DIR: where core.yaml/orderer.yaml
# come from; by default ../config or ../sampleconfig beside FABRIC_BIN, else the Go module cache.
FABRIC_BIN_GIVEN="${FABRIC_BIN:-}"
FABRIC_BIN="${FABRIC_BIN:-$CACHE_DIR/fabric-$FABRIC_COMMIT/bin}"
FABRIC_TOOLS=(peer orderer configtxgen cryptogen osnadmin)
FAB="$STACK_DIR/fabric"
CRYPTO="$FAB/crypto"
CFG="$FAB/config"
CHANNEL="$FABRIC_CHANNEL"
CC_NAME="$FABRIC_CHAINCODE"
CC_VERSION=1.0
CC_SEQUENCE=1
ORDERER_DOMAIN=orderer.lotledger.test
# native: every node here on 127.0.0.1. compose: the same channel for docker-compose.yml, whose
# nodes publish the same ports on 127.0.0.1 but dial each other (and the chaincode) by host name.
MODE=native
BLOCK="$FAB/$CHANNEL.block"
CC_DIR="$FAB/cc"
read -r -a ORGS <<<"$FABRIC_ORGS"

# Ports and names come from network/stack.env (ORG1_PEER_PORT, ORDERER2_ADMIN_PORT, …).
org_key() { case "$1" in org1 | org2 | regulator) tr '[:lower:]' '[:upper:]' <<<"$1" ;; *) die "unknown org '$1' (org1, org2, regulator)" ;; esac; }
org_var() { local v; v="$(org_key "$1")_$2"; printf '%s' "${!v}"; }
org_msp() { org_var "$1" MSP; }
peer_port() { org_var "$1" PEER_PORT; }
peer_cc_port() { org_var "$1" PEER_CC_PORT; }
peer_ops_port() { org_var "$1" PEER_OPS_PORT; }
ccaas_port() { org_var "$1" CCAAS_PORT; }
orderer_var() { local v="ORDERER$1_$2"; printf '%s' "${!v}"; }
orderer_port() { orderer_var "$1" PORT; }
orderer_admin_port() { orderer_var "$1" ADMIN_PORT; }
orderer_ops_port() { orderer_var "$1" OPS_PORT; }

org_dir() { echo "$CRYPTO/peerOrganizations/$1.lotledger.test"; }
peer_dir() { echo "$(org_dir "$1")/peers/peer0.$1.lotledger.test"; }
orderer_dir() { echo "$CRYPTO/ordererOrganizations/$ORDERER_DOMAIN/orderers/orderer$1.$ORDERER_DOMAIN"; }
orderer_ca() { echo "$CRYPTO/ordererOrganizations/$ORDERER_DOMAIN/tlsca/tlsca.$ORDERER_DOMAIN-cert.pem"; }
orderer_admin_tls() { echo "$CRYPTO/ordererOrganizations/$ORDERER_DOMAIN/users/Admin@$ORDERER_DOMAIN/tls"; }

# Say why Fabric cannot run here, keep the reason for test/run-all.sh's summary, exit 3.
unavailable() {
  log "Fabric is unavailable: $*"
  mkdir -p "$FAB"
  printf '%s\n' "$*" >"$FAB/unavailable.txt"
  exit "$EXIT_UNAVAILABLE"
}

install_binaries() {
  local t missing=0
  for t in "${FABRIC_TOOLS[@]}"; do [[ -x "$FABRIC_BIN/$t" ]] || missing=1; done
  if ((missing)) && [[ -n "$FABRIC_BIN_GIVEN" ]]; then
    unavailable "FABRIC_BIN=$FABRIC_BIN_GIVEN does not hold all of ${FABRIC_TOOLS[*]}"
  fi
  if ((missing)); then
    command -v go >/dev/null || unavailable "the go command is not installed"
    mkdir -p "$FABRIC_BIN"
    local pkgs=() out
    for t in "${FABRIC_TOOLS[@]}"; do pkgs+=("github.com/hyperledger/fabric/cmd/$t@$FABRIC_COMMIT"); done
    log "building Fabric ${FABRIC_TOOLS[*]} at $FABRIC_COMMIT (go install, several minutes when cold)"
    if ! out="$(GOBIN="$FABRIC_BIN" GOFLAGS=-buildvcs=false go install "${pkgs[@]}" 2>&1)"; then
      printf '%s\n' "$out" >"$LOG_DIR/fabric-install.log"
      printf '%s\n' "$out" | tail -n 3 >&2
      unavailable "go install of github.com/hyperledger/fabric@$FABRIC_COMMIT failed: $(grep -m 1 -oE '[0-9]{3} [A-Za-z ]+$' <<<"$out" || true) $(grep -m 1 -o 'server response: .*' <<<"$out" || true) (see $LOG_DIR/fabric-install.log)"
    fi
  fi
}

# The default core.yaml / orderer.yaml of exactly this release, from the Go module cache. Everything
# node-specific is set through CORE_* / ORDERER_* variables; the one structured setting that an
# environment variable cannot express well, the external builder list, is rewritten to our builder.
install_config() {
  [[ -f "$CFG/core.yaml" && -f "$CFG/orderer.yaml" ]] && return 0
  local modcache src="" d
  for d in "${FABRIC_CFG_DIR:-}" "$FABRIC_BIN/../config" "$FABRIC_BIN/../sampleconfig"; do
    [[ -n "$d" && -f "$d/core.yaml" && -f "$d/orderer.yaml" ]] && { src="$d"; break; }
  done
  if [[ -z "$src" ]]; then
    command -v go >/dev/null || unavailable "no core.yaml/orderer.yaml: set FABRIC_CFG_DIR"
    modcache="$(go env GOMODCACHE)"
    src="$(ls -d "$modcache"/github.com/hyperledger/fabric@*"${FABRIC_COMMIT:0:12}"/sampleconfig 2>/dev/null | head -n 1 || true)"
  fi
  if [[ -z "$src" ]]; then
    GOFLAGS=-modcacherw go mod download -x "github.com/hyperledger/fabric@$FABRIC_COMMIT" >>"$LOG_DIR/fabric-install.log" 2>&1 \
      || unavailable "could not download github.com/hyperledger/fabric@$FABRIC_COMMIT"
    src="$(ls -d "$modcache"/github.com/hyperledger/fabric@*"${FABRIC_COMMIT:0:12}"/sampleconfig 2>/dev/null | head -n 1 || true)"
    [[ -n "$src" ]] || unavailable "no sampleconfig for $FABRIC_COMMIT in the Go module cache"
  fi
  mkdir -p "$CFG"
  cp "$src/core.yaml" "$src/orderer.yaml" "$CFG/"
  chmod u+w "$CFG"/*.yaml
  # sampleconfig names /opt/hyperledger/ccaas_builder; point it at network/fabric/ccaas-builder.
  sed -i "s#path: /opt/hyperledger/ccaas_builder#path: $NETWORK_DIR/fabric/ccaas-builder#" "$CFG/core.yaml"
  grep -q "$NETWORK_DIR/fabric/ccaas-builder" "$CFG/core.yaml" || die "core.yaml: external builder entry not found"
}

# render_configtx [native|compose]: configtx.yaml with @CRYPTO@, every @NAME@ of network/stack.env
# and the node host names filled in (127.0.0.1 natively, TLS host names on the compose network).
render_configtx() {
  local mode="${1:-native}" args=(-e "s#@CRYPTO@#$CRYPTO#g") name n org host
  for n in 1 2 3; do
    host=127.0.0.1
    [[ "$mode" == compose ]] && host="orderer$n.$ORDERER_DOMAIN"
    args+=(-e "s#@ORDERER${n}_HOST@#$host#g")
  done
  for org in "${ORGS[@]}"; do
    host=127.0.0.1
    [[ "$mode" == compose ]] && host="peer0.$org.lotledger.test"
    args+=(-e "s#@$(org_key "$org")_PEER_HOST@#$host#g")
  done
  while IFS= read -r name; do args+=(-e "s#@$name@#${!name}#g"); done \
    < <(sed -n 's/^\([A-Z][A-Z0-9_]*\)=.*/\1/p' "$NETWORK_DIR/stack.env")
  sed "${args[@]}" "$NETWORK_DIR/fabric/configtx.yaml"
}

generate_material() {
  if [[ ! -d "$CRYPTO/peerOrganizations" ]]; then
    log "cryptogen: three organisations and the orderer organisation"
    "$FABRIC_BIN/cryptogen" generate --config="$NETWORK_DIR/fabric/crypto-config.yaml" --output="$CRYPTO" >>"$LOG_DIR/fabric.log" 2>&1 \
      || die "cryptogen failed (see $LOG_DIR/fabric.log)"
  fi
  if [[ ! -f "$BLOCK" ]]; then
    mkdir -p "$FAB/configtx" "$(dirname "$BLOCK")"
    render_configtx "$MODE" >"$FAB/configtx/configtx.yaml"
    FABRIC_CFG_PATH="$FAB/configtx" "$FABRIC_BIN/configtxgen" -profile TraceChannel -channelID "$CHANNEL" \
      -outputBlock "$BLOCK" >>"$LOG_DIR/fabric.log" 2>&1 || die "configtxgen failed (see $LOG_DIR/fabric.log)"
  fi
  # Load the generated MSPs once before any node starts: a bad certificate fails here, plainly.
  FABRIC_CFG_PATH="$FAB/configtx" "$FABRIC_BIN/configtxgen" -inspectBlock "$BLOCK" >/dev/null 2>>"$LOG_DIR/fabric.log" \
    || die "the channel block does not load (see $LOG_DIR/fabric.log)"
}

# ---- orderers -----------------------------------------------------------------------------------
start_orderer() {
  local n="$1" name="orderer$1" dir
  dir="$(orderer_dir "$n")"
  is_running "$name" && return 0
  require_free_port "$name" "$(orderer_port "$n")"
  mkdir -p "$FAB/$name"
  spawn "$name" "$LOG_DIR/$name.log" env FABRIC_CFG_PATH="$CFG" \
    ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 \
    ORDERER_GENERAL_LISTENPORT="$(orderer_port "$n")" \
    ORDERER_GENERAL_LOCALMSPID=OrdererMSP \
    ORDERER_GENERAL_LOCALMSPDIR="$dir/msp" \
    ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
    ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_PRIVATEKEY="$dir/tls/server.key" \
    ORDERER_GENERAL_TLS_CERTIFICATE="$dir/tls/server.crt" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$dir/tls/ca.crt]" \
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$dir/tls/server.crt" \
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$dir/tls/server.key" \
    ORDERER_GENERAL_CLUSTER_ROOTCAS="[$dir/tls/ca.crt]" \
    ORDERER_FILELEDGER_LOCATION="$FAB/$name/ledger" \
    ORDERER_CONSENSUS_WALDIR="$FAB/$name/etcdraft/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$FAB/$name/etcdraft/snapshot" \
    ORDERER_CHANNELPARTICIPATION_ENABLED=true \
    ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$(orderer_admin_port "$n")" \
    ORDERER_ADMIN_TLS_ENABLED=true \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$dir/tls/server.key" \
    ORDERER_ADMIN_TLS_CERTIFICATE="$dir/tls/server.crt" \
    ORDERER_ADMIN_TLS_ROOTCAS="[$dir/tls/ca.crt]" \
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$dir/tls/ca.crt]" \
    ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$(orderer_ops_port "$n")" \
    ORDERER_METRICS_PROVIDER=prometheus \
    "$FABRIC_BIN/orderer"
  wait_port "$name" "$(orderer_admin_port "$n")" 60
}

osnadmin_to() {
  local n="$1" tls
  shift
  tls="$(orderer_admin_tls)"
  "$FABRIC_BIN/osnadmin" channel "$@" -o "127.0.0.1:$(orderer_admin_port "$n")" --ca-file "$(orderer_ca)" \
    --client-cert "$tls/client.crt" --client-key "$tls/client.key"
}

join_orderers() {
  local n
  for n in 1 2 3; do
    # osnadmin exits 0 whatever the HTTP status: read the status it prints.
    if ! osnadmin_to "$n" list --channelID "$CHANNEL" 2>&1 | grep -q '^Status: 200'; then
      osnadmin_to "$n" join --channelID "$CHANNEL" --config-block "$BLOCK" 2>&1 | tee -a "$LOG_DIR/fabric.log" \
        | grep -q '^Status: 201' || die "orderer$n could not join $CHANNEL (see $LOG_DIR/fabric.log)"
    fi
  done
  # Wait for a Raft leader: until then the channel refuses transactions. The metrics endpoint says
  # which node leads (consensus_etcdraft_is_leader 1).
  local i
  for ((i = 0; i < 120; i++)); do
    for n in 1 2 3; do
      if (exec 3<>"/dev/tcp/127.0.0.1/$(orderer_ops_port "$n")" && printf 'GET /metrics HTTP/1.0\r\n\r\n' >&3 && cat <&3) 2>/dev/null \
        | grep -Eq "^consensus_etcdraft_is_leader\{channel=\"$CHANNEL\"\} 1"; then
        log "raft leader: orderer$n"
        return 0
      fi
    done
    sleep 0.5
  done
  die "no Raft leader on $CHANNEL after 60 s (see $LOG_DIR/orderer*.log)"
}

# ---- peers --------------------------------------------------------------------------------------
peer_env() {
  local org="$1" dir
  dir="$(peer_dir "$org")"
  printf '%s\n' \
    "FABRIC_CFG_PATH=$CFG" \
    "CORE_PEER_ID=peer0.$org.lotledger.test" \
    "CORE_PEER_LOCALMSPID=$(org_msp "$org")" \
    "CORE_PEER_MSPCONFIGPATH=$dir/msp" \
    "CORE_PEER_LISTENADDRESS=127.0.0.1:$(peer_port "$org")" \
    "CORE_PEER_ADDRESS=127.0.0.1:$(peer_port "$org")" \
    "CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:$(peer_cc_port "$org")" \
    "CORE_PEER_CHAINCODEADDRESS=127.0.0.1:$(peer_cc_port "$org")" \
    "CORE_PEER_GOSSIP_BOOTSTRAP=127.0.0.1:$(peer_port "$org")" \
    "CORE_PEER_GOSSIP_EXTERNALENDPOINT=127.0.0.1:$(peer_port "$org")" \
    "CORE_PEER_FILESYSTEMPATH=$FAB/peer-$org" \
    "CORE_PEER_GATEWAY_ENABLED=true" \
    "CORE_PEER_TLS_ENABLED=true" \
    "CORE_PEER_TLS_CERT_FILE=$dir/tls/server.crt" \
    "CORE_PEER_TLS_KEY_FILE=$dir/tls/server.key" \
    "CORE_PEER_TLS_ROOTCERT_FILE=$dir/tls/ca.crt" \
    "CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:$(peer_ops_port "$org")" \
    "CORE_METRICS_PROVIDER=prometheus" \
    "CORE_LEDGER_STATE_STATEDATABASE=goleveldb" \
    "CORE_CHAINCODE_EXECUTETIMEOUT=60s"
}

start_peer() {
  local org="$1" name="peer-$1"
  is_running "$name" && return 0
  require_free_port "$name" "$(peer_port "$org")"
  mkdir -p "$FAB/peer-$org"
  local envs=()
  mapfile -t envs < <(peer_env "$org")
  spawn "$name" "$LOG_DIR/$name.log" env "${envs[@]}" "$FABRIC_BIN/peer" node start
  wait_port "$name" "$(peer_port "$org")" 60
}

# as_admin ORG CMD…: run a peer CLI command as ORG's admin against ORG's peer.
as_admin() {
  local org="$1" envs=()
  shift
  mapfile -t envs < <(peer_env "$org")
  env "${envs[@]}" "CORE_PEER_MSPCONFIGPATH=$(org_dir "$org")/users/Admin@$org.lotledger.test/msp" FABRIC_LOGGING_SPEC=warn "$@"
}

join_peers() {
  local org
  for org in "${ORGS[@]}"; do
    if ! as_admin "$org" "$FABRIC_BIN/peer" channel getinfo -c "$CHANNEL" >/dev/null 2>&1; then
      as_admin "$org" "$FABRIC_BIN/peer" channel join -b "$BLOCK" >>"$LOG_DIR/fabric.log" 2>&1 \
        || die "peer of $org could not join $CHANNEL (see $LOG_DIR/fabric.log)"
    fi
  done
}

# ---- chaincode as a service -----------------------------------------------------------------------
ORDERER_ARGS=()
orderer_args() { ORDERER_ARGS=(-o "127.0.0.1:$ORDERER1_PORT" --tls --cafile "$(orderer_ca)"); }

chaincode_ready() { [[ -f "$ROOT_DIR/chaincode/scripts/package-ccaas.sh" ]] && grep -q '"start:ccaas"' "$ROOT_DIR/chaincode/package.json"; }

# The chaincode server runs the compiled contract (chaincode/dist): bring it up to date once per run
# (tsc -b is incremental, so this costs little when nothing changed).
CHAINCODE_BUILT=0
build_chaincode() {
  ((CHAINCODE_BUILT)) && return 0
  log "building the chaincode (tsc -b chaincode)"
  (cd "$ROOT_DIR" && npx tsc -b chaincode) >>"$LOG_DIR/fabric.log" 2>&1 || die "chaincode build failed (see $LOG_DIR/fabric.log)"
  CHAINCODE_BUILT=1
}

package_id_of() { sed -n 's/^Package ID: \([^,]*\), Label: .*/\1/p' | head -n 1; }

install_chaincode() {
  local org="$1" pkg="$CC_DIR/$CC_NAME-$1.tgz" label="${CC_NAME}_${CC_VERSION}_$1" host=127.0.0.1
  [[ "$MODE" == compose ]] && host="chaincode-$org"
  mkdir -p "$CC_DIR"
  # One package per peer: each names its own chaincode server in connection.json.
  [[ -f "$pkg" ]] || bash "$ROOT_DIR/chaincode/scripts/package-ccaas.sh" "$pkg" "$label" "$host:$(ccaas_port "$org")" \
    >>"$LOG_DIR/fabric.log" 2>&1 || die "packaging the chaincode failed (see $LOG_DIR/fabric.log)"
  local id
  id="$(as_admin "$org" "$FABRIC_BIN/peer" lifecycle chaincode queryinstalled 2>/dev/null | grep "Label: $label\$" | package_id_of || true)"
  if [[ -z "$id" ]]; then
    as_admin "$org" "$FABRIC_BIN/peer" lifecycle chaincode install "$pkg" >>"$LOG_DIR/fabric.log" 2>&1 \
      || die "chaincode install on $org failed (see $LOG_DIR/fabric.log)"
    id="$(as_admin "$org" "$FABRIC_BIN/peer" lifecycle chaincode queryinstalled | grep "Label: $label\$" | package_id_of)"
  fi
  printf '%s' "$id" >"$CC_DIR/$org.package-id"
}

start_chaincode() {
  local org="$1" name="chaincode-$1"
  is_running "$name" && return 0
  build_chaincode
  [[ -s "$CC_DIR/$org.package-id" ]] || install_chaincode "$org"
  require_free_port "$name" "$(ccaas_port "$org")"
  spawn "$name" "$LOG_DIR/$name.log" env -C "$ROOT_DIR/chaincode" \
    CHAINCODE_SERVER_ADDRESS="127.0.0.1:$(ccaas_port "$org")" CHAINCODE_ID="$(<"$CC_DIR/$org.package-id")" \
    npm run --silent start:ccaas
  wait_port "$name" "$(ccaas_port "$org")" 60
}

deploy_chaincode() {
  orderer_args
  local org committed
  for org in "${ORGS[@]}"; do
    install_chaincode "$org"
    if [[ "$MODE" == native ]]; then
      start_chaincode "$org"
    else
      echo "CHAINCODE_ID=$(<"$CC_DIR/$org.package-id")" >"$CC_DIR/chaincode-$org.env"
    fi
  done
  [[ "$MODE" == native ]] || log "package ids in $CC_DIR/chaincode-*.env: recreate the chaincode-* services now"
  committed="$(as_admin org1 "$FABRIC_BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" 2>/dev/null || true)"
  if ! grep -q "Sequence: $CC_SEQUENCE," <<<"$committed"; then
    local readiness
    readiness="$(as_admin org1 "$FABRIC_BIN/peer" lifecycle chaincode checkcommitreadiness -C "$CHANNEL" -n "$CC_NAME" \
      -v "$CC_VERSION" --sequence "$CC_SEQUENCE" --output json 2>>"$LOG_DIR/fabric.log" | tr -d ' \n' || true)"
    for org in "${ORGS[@]}"; do
      # Approving the same definition twice is an error: skip organisations that already approved.
      grep -q "\"$(org_msp "$org")\":true" <<<"$readiness" && continue
      as_admin "$org" "$FABRIC_BIN/peer" lifecycle chaincode approveformyorg "${ORDERER_ARGS[@]}" -C "$CHANNEL" \
        -n "$CC_NAME" -v "$CC_VERSION" --sequence "$CC_SEQUENCE" --package-id "$(<"$CC_DIR/$org.package-id")" \
        >>"$LOG_DIR/fabric.log" 2>&1 || die "approval by $org failed (see $LOG_DIR/fabric.log)"
    done
    local peers=()
    for org in "${ORGS[@]}"; do
      peers+=(--peerAddresses "127.0.0.1:$(peer_port "$org")" --tlsRootCertFiles "$(peer_dir "$org")/tls/ca.crt")
    done
    # No --signature-policy: the definition keeps the channel's default, /Channel/Application/Endorsement
    # = MAJORITY Endorsement.
    as_admin org1 "$FABRIC_BIN/peer" lifecycle chaincode commit "${ORDERER_ARGS[@]}" -C "$CHANNEL" -n "$CC_NAME" \
      -v "$CC_VERSION" --sequence "$CC_SEQUENCE" "${peers[@]}" >>"$LOG_DIR/fabric.log" 2>&1 \
      || die "chaincode commit failed (see $LOG_DIR/fabric.log)"
  fi
  # In compose mode the chaincode containers answer only once restarted with their package ids.
  [[ "$MODE" == native ]] || return 0
  local i
  for ((i = 0; i < 60; i++)); do
    if as_admin org1 "$FABRIC_BIN/peer" chaincode query -C "$CHANNEL" -n "$CC_NAME" \
      -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}' >/dev/null 2>>"$LOG_DIR/fabric.log"; then
      log "chaincode $CC_NAME answers on $CHANNEL"
      return 0
    fi
    sleep 1
  done
  die "chaincode $CC_NAME does not answer (see $LOG_DIR/chaincode-*.log, $LOG_DIR/peer-*.log)"
}

# The settings the services read (names defined with the ledger adapter): one client identity per
# organisation (its User1).
write_connection_env() {
  local f="$FAB/connection.env" org msp up user
  {
    echo "# Generated by network/fabric/fabric.sh — $(date -u +%FT%TZ)"
    echo "FABRIC_CHANNEL=$CHANNEL"
    echo "FABRIC_CHAINCODE=$CC_NAME"
    echo "FABRIC_IDENTITIES=$ORG1_MSP,$ORG2_MSP,$REGULATOR_MSP"
    for org in "${ORGS[@]}"; do
      msp="$(org_msp "$org")"
      up="$(tr '[:lower:]' '[:upper:]' <<<"$msp")"
      user="$(org_dir "$org")/users/User1@$org.lotledger.test/msp"
      echo "FABRIC_${up}_PEER_ENDPOINT=127.0.0.1:$(peer_port "$org")"
      echo "FABRIC_${up}_PEER_HOST_ALIAS=peer0.$org.lotledger.test"
      echo "FABRIC_${up}_TLS_CA=$(peer_dir "$org")/tls/ca.crt"
      echo "FABRIC_${up}_CERT=$(ls "$user"/signcerts/*.pem | head -n 1)"
      echo "FABRIC_${up}_KEY=$(ls "$user"/keystore/* | head -n 1)"
    done
  } >"$f.tmp"
  mv "$f.tmp" "$f"
  log "connection settings in $f"
}

# ---- commands -----------------------------------------------------------------------------------
cmd_install() {
  rm -f "$FAB/unavailable.txt"
  install_binaries
  install_config
  generate_material
}

cmd_start() {
  cmd_install
  local n org
  for n in 1 2 3; do start_orderer "$n"; done
  join_orderers
  for org in "${ORGS[@]}"; do start_peer "$org"; done
  join_peers
  if chaincode_ready; then
    deploy_chaincode
    write_connection_env
  else
    rm -f "$FAB/connection.env"
    log "network and channel $CHANNEL are up; the chaincode is not deployed (chaincode/scripts/package-ccaas.sh or the start:ccaas script is missing)"
  fi
}

# For docker-compose.yml (see its header): crypto material and the channel block with host names.
cmd_compose_artifacts() {
  MODE=compose
  BLOCK="$STACK_DIR/compose/$CHANNEL.block"
  install_binaries
  generate_material
  log "compose artifacts: $CRYPTO and $BLOCK"
}

# After `docker compose up -d`: join the orderers and peers (through their ports published on
# 127.0.0.1), install the CCaaS packages that name the chaincode-* services, approve and commit.
cmd_compose_setup() {
  MODE=compose
  BLOCK="$STACK_DIR/compose/$CHANNEL.block"
  CC_DIR="$STACK_DIR/compose/cc"
  install_binaries
  install_config
  [[ -f "$BLOCK" ]] || die "run: $0 compose-artifacts (then docker compose up -d) first"
  join_orderers
  join_peers
  chaincode_ready || die "chaincode/scripts/package-ccaas.sh is missing"
  deploy_chaincode
}

all_nodes() {
  local org n
  for org in "${ORGS[@]}"; do echo "chaincode-$org"; done
  for org in "${ORGS[@]}"; do echo "peer-$org"; done
  for n in 1 2 3; do echo "orderer$n"; done
}

cmd_stop() {
  local name
  while read -r name; do
    if [[ "$name" == chaincode-* ]]; then stop_pid "$name" TERM 30 group; else stop_pid "$name" TERM 30; fi
  done < <(all_nodes)
}

cmd_status() {
  local name up=0 total=0
  while read -r name; do
    total=$((total + 1))
    if is_running "$name"; then
      up=$((up + 1))
      printf 'fabric   %-20s running  pid %s\n' "$name" "$(<"$(pid_file "$name")")"
    fi
  done < <(all_nodes)
  if ((up == 0)); then
    echo "fabric   stopped"
    return 1
  fi
  ((up == total)) || { echo "fabric   partly running ($up of $total processes)"; return 1; }
}

cmd_env() { [[ -f "$FAB/connection.env" ]] && grep -E '^[A-Z_]+=' "$FAB/connection.env"; return 0; }

cmd_clean() {
  cmd_status >/dev/null 2>&1 && die "stop fabric before removing its state"
  rm -rf "$FAB"
}

node_name() {
  case "$1" in
    peer) org_msp "$2" >/dev/null && echo "peer-$2" ;;
    chaincode) org_msp "$2" >/dev/null && echo "chaincode-$2" ;;
    orderer) [[ "$2" =~ ^[123]$ ]] || die "orderer 1, 2 or 3"; echo "orderer$2" ;;
    *) die "peer ORG | orderer N | chaincode ORG" ;;
  esac
}

cmd_start_node() {
  local name
  name="$(node_name "$1" "$2")"
  install_binaries
  case "$1" in
    peer) start_peer "$2" ;;
    orderer) start_orderer "$2" ;;
    chaincode) start_chaincode "$2" ;;
  esac
  log "$name started (pid $(<"$(pid_file "$name")"))"
}

cmd_stop_node() {
  local name
  name="$(node_name "$1" "$2")"
  if [[ "$1" == chaincode ]]; then stop_pid "$name" TERM 30 group; else stop_pid "$name" TERM 30; fi
}

case "${1:-}" in
  install | start | stop | status | env | clean) "cmd_$1" ;;
  compose-artifacts | compose-setup) "cmd_${1//-/_}" ;;
  start-node | stop-node)
    [[ $# -eq 3 ]] || die "usage: $0 $1 peer ORG | orderer N | chaincode ORG"
    "cmd_${1//-/_}" "$2" "$3"
    ;;
  *) die "usage: $0 install|start|stop|status|env|clean | start-node|stop-node peer ORG|orderer N|chaincode ORG" ;;
esac
