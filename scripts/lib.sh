# Shared shell functions for scripts/run.sh and scripts/test.sh (source it; bash only).
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HOST=127.0.0.1
AZURITE_TABLE_PORT=10002
BOT_PORT=3978
PLAYGROUND_PORT=56150
BOT_DLL="$REPO_ROOT/src/TeamsDxBot/bin/Release/net10.0/TeamsDxBot.dll"
AZURITE_TABLE_JS="$REPO_ROOT/node_modules/azurite/dist/src/table/main.js"
PLAYGROUND_CLI="$REPO_ROOT/node_modules/@microsoft/m365agentsplayground/cli.js"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- background processes
# start_bg NAME LOGFILE CMD... : starts CMD in its own session/process group, output to LOGFILE
# ("-" = inherit the terminal). Its pid goes to BG_PIDS and BG_PID_<NAME>.
BG_PIDS=()
start_bg() {
  local name="$1" logfile="$2"; shift 2
  if [ "$logfile" = "-" ]; then
    setsid "$@" &
  else
    mkdir -p "$(dirname "$logfile")"
    setsid "$@" >>"$logfile" 2>&1 </dev/null &
  fi
  local pid=$!
  BG_PIDS+=("$pid")
  printf -v "BG_PID_${name//[^A-Za-z0-9_]/_}" '%s' "$pid"
  log "started $name (pid $pid)${logfile:+, log: ${logfile#"$REPO_ROOT"/}}"
}

# stop_bg PID : SIGTERM to its process group, SIGKILL after 5 s.
stop_bg() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# stop_all_bg : stops every process started with start_bg, newest first. Used by the EXIT traps.
stop_all_bg() {
  local i
  for ((i=${#BG_PIDS[@]}-1; i>=0; i--)); do stop_bg "${BG_PIDS[$i]}"; done
  BG_PIDS=()
}

# is_running PID
is_running() { kill -0 "$1" 2>/dev/null; }

# ---------------------------------------------------------------- ports
# assert_port_free PORT : fails when something listens on PORT (any address).
assert_port_free() {
  local port="$1"
  if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
    die "port $port is busy: $(ss -Hltnp "sport = :$port" 2>/dev/null | head -1 | tr -s ' ')"
  fi
}

# wait_port PORT TIMEOUT_S [PID] : waits until 127.0.0.1:PORT accepts connections.
wait_port() {
  local port="$1" timeout="$2" pid="${3:-}" end=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$end" ]; do
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! is_running "$pid"; then log "process $pid exited while waiting for port $port"; return 1; fi
    sleep 0.2
  done
  log "port $port not open after ${timeout}s"; return 1
}

# wait_http URL TIMEOUT_S [PID] : waits until URL answers 200.
wait_http() {
  local url="$1" timeout="$2" pid="${3:-}" end=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$end" ]; do
    if node -e 'fetch(process.argv[1],{signal:AbortSignal.timeout(2000)}).then(r=>process.exit(r.status===200?0:1),()=>process.exit(1))' "$url" 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! is_running "$pid"; then log "process $pid exited while waiting for $url"; return 1; fi
    sleep 0.5
  done
  log "$url did not answer 200 within ${timeout}s"; return 1
}

# ---------------------------------------------------------------- tools
# ensure_apt_packages PKG... : apt-get install only what is missing (apt-get update first).
ensure_apt_packages() {
  local missing=() p
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      as_root=(sudo -n)
    else
      log "missing system packages: ${missing[*]}. Install them once as root:"
      log "  sudo apt-get install -y --no-install-recommends ${missing[*]}"
      return 1
    fi
  fi
  log "installing ${missing[*]} (apt-get)"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# node_modules_current : true when node_modules holds exactly what package-lock.json names, as npm itself
# recorded it (node_modules/.package-lock.json, written by every npm ci / npm install), so an `npm ci` run
# by hand counts as much as one run by these scripts. Optional packages for other platforms (fsevents) are
# not installed and not missed.
node_modules_current() {
  local hidden="$REPO_ROOT/node_modules/.package-lock.json"
  [ -f "$hidden" ] || return 1
  node -e '
    const [lock, hidden] = process.argv.slice(1).map((f) => require(f).packages || {});
    const same = (a, b) => a.version === b.version && (a.resolved || "") === (b.resolved || "") && (a.integrity || "") === (b.integrity || "");
    for (const [path, pkg] of Object.entries(lock)) {
      if (path === "") continue;
      if (!hidden[path]) { if (pkg.optional || pkg.devOptional) continue; process.exit(1); }
      if (!same(pkg, hidden[path])) process.exit(1);
    }
    for (const path of Object.keys(hidden)) if (!(path in lock)) process.exit(1);
  ' "$REPO_ROOT/package-lock.json" "$hidden" 2>/dev/null
}

# ensure_node_modules [always] : npm ci when node_modules does not match package-lock.json
# ("always": every time, as CI does).
ensure_node_modules() {
  if [ "${1:-}" = "always" ] || ! node_modules_current; then
    log "npm ci"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  fi
}

# ---------------------------------------------------------------- services
# start_azurite NAME LOGFILE [azurite args...] : Azurite table service on 127.0.0.1:10002.
start_azurite() {
  local name="$1" logfile="$2"; shift 2
  assert_port_free "$AZURITE_TABLE_PORT"
  start_bg "$name" "$logfile" node "$AZURITE_TABLE_JS" --disableTelemetry --skipApiVersionCheck \
    --tableHost "$HOST" --tablePort "$AZURITE_TABLE_PORT" "$@"
  local var="BG_PID_${name//[^A-Za-z0-9_]/_}"
  wait_port "$AZURITE_TABLE_PORT" 30 "${!var}" || die "Azurite did not start (see $logfile)"
}

# admin_aad_object_id : the aadObjectId of the bot admin in playground/people.json.
admin_aad_object_id() {
  node -e 'const t=require(process.argv[1]);const a=t.people.find(p=>p.botAdmin);process.stdout.write(a?a.aadObjectId:"")' "$REPO_ROOT/playground/people.json"
}

# people_keys : every person's key in playground/people.json, in its order (one per line).
people_keys() {
  node -e 'for (const p of require(process.argv[1]).people) console.log(p.key)' "$REPO_ROOT/playground/people.json"
}

# person_index KEY : the person's place in playground/people.json (0-based): their ports stay the same
# whoever else is started.
person_index() {
  node -e 'const i=require(process.argv[1]).people.findIndex(p=>p.key===process.argv[2]);if(i<0)process.exit(1);process.stdout.write(String(i))' \
    "$REPO_ROOT/playground/people.json" "$1"
}

# person_field KEY FIELD : a field of a person in playground/people.json.
person_field() {
  node -e 'const t=require(process.argv[1]);const p=t.people.find(p=>p.key===process.argv[2]);if(!p){console.error("unknown person "+process.argv[2]+"; known: "+t.people.map(p=>p.key).join(", "));process.exit(1)}process.stdout.write(String(p[process.argv[3]]??""))' \
    "$REPO_ROOT/playground/people.json" "$1" "$2"
}
