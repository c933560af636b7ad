#!/usr/bin/env bash
# Runs TeamsDxBot locally in the Microsoft 365 Agents Playground (Teams emulator), one Playground per
# person, so a question can be followed from staff to key user to promoter in separate browser tabs:
#   Azurite (tables, data kept in .data/azurite)   127.0.0.1:10002
#   the bot (Release build, Development)            127.0.0.1:3978
#   per person (N = their place in playground/people.json: sato 0, suzuki 1, ... emily 5):
#     a locale proxy (Playground -> bot)            127.0.0.1:3979+N   (the Playground always says en-US)
#     their Agents Playground                       127.0.0.1:56150+N  -> open the URL printed for them
# Every server listens on 127.0.0.1 only. Ctrl-C stops all of them. The bot's development clock offset
# (POST /_dev/clock/advance) is kept in .data/dev-clock-offset and set again at the next start.
#
# Options:
#   --people a,b     whose Playgrounds to start (keys in playground/people.json; default: everyone)
#   --as KEY         only this person's Playground (same as --people KEY)
#   --no-seed        do not seed the demo data (Demo__Seed=false; default true)
#   --locale LOCALE  override the locale the bot sees for everyone (default: each person's own, e.g. ja-JP)
#   --no-build       do not build the bot first
# Extra bot settings can be given as environment variables (e.g. Directory__Admins__0=...).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

SEED=true
PEOPLE=
LOCALE_OVERRIDE=
BUILD=1
PROXY_BASE_PORT=3979
while [ "$#" -gt 0 ]; do
  case "$1" in
    --no-seed) SEED=false ;;
    --people) PEOPLE="${2:?--people needs keys like sato,tanaka}"; shift ;;
    --as) PEOPLE="${2:?--as needs a person key}"; shift ;;
    --locale) LOCALE_OVERRIDE="${2:?--locale needs a value like ja-JP}"; shift ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done

command -v node >/dev/null || die "node (20+) is not installed"
command -v dotnet >/dev/null || die "dotnet (10 SDK) is not installed"

if [ -n "$PEOPLE" ]; then
  IFS=',' read -r -a KEYS <<<"$PEOPLE"
else
  mapfile -t KEYS < <(people_keys)
fi
[ "${#KEYS[@]}" -gt 0 ] || die "no people to start (see --people)"
declare -A NAME LOCALE TIMEZONE PG_PORT PROXY_PORT
for key in "${KEYS[@]}"; do
  NAME[$key]="$(person_field "$key" name)" || exit 1
  LOCALE[$key]="${LOCALE_OVERRIDE:-$(person_field "$key" locale)}"
  TIMEZONE[$key]="$(person_field "$key" timeZone)"
  index="$(person_index "$key")"
  PG_PORT[$key]=$((PLAYGROUND_PORT + index))
  PROXY_PORT[$key]=$((PROXY_BASE_PORT + index))
  [ -f "$REPO_ROOT/playground/$key/.m365agentsplayground.yml" ] \
    || die "playground/$key/.m365agentsplayground.yml is missing (node playground/generate.mjs)"
done

RUN_LOGS="$REPO_ROOT/artifacts/run"
DATA="$REPO_ROOT/.data"
CLOCK_FILE="$DATA/dev-clock-offset"
mkdir -p "$RUN_LOGS" "$DATA/azurite"
# Fresh tables (the folder was deleted to start over) start on today's clock too.
if [ -z "$(ls -A "$DATA/azurite")" ]; then rm -f "$CLOCK_FILE"; fi

BOT_URL="http://$HOST:$BOT_PORT"
BOT_READY=0

# The development clock lives in the bot's memory; it is read (by moving it a few milliseconds, the only
# way the endpoint answers) and written down before the bot stops, so data written "in the future" stays
# in the past after a restart.
save_dev_clock() {
  [ "$BOT_READY" -eq 1 ] && is_running "$BG_PID_bot" || return 0
  local minutes
  minutes="$(node -e '
    fetch(process.argv[1] + "/_dev/clock/advance?minutes=0.0001", { method: "POST", signal: AbortSignal.timeout(3000) })
      .then((r) => r.json()).then((j) => {
        const m = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(j.offset || "");
        if (!m) process.exit(1);
        process.stdout.write(String(((+(m[1] || 0) * 24 + +m[2]) * 60 + +m[3]) + +m[4] / 60));
      }).catch(() => process.exit(1))' "$BOT_URL")" || { log "could not read the development clock; its offset is not kept"; return 0; }
  if node -e 'process.exit(+process.argv[1] >= 1 ? 0 : 1)' "$minutes"; then
    printf '%s\n' "$minutes" >"$CLOCK_FILE"
    log "development clock offset kept: $minutes minutes (.data/dev-clock-offset)"
  else
    rm -f "$CLOCK_FILE"
  fi
}

restore_dev_clock() {
  [ -s "$CLOCK_FILE" ] || return 0
  local minutes
  minutes="$(tr -d '[:space:]' <"$CLOCK_FILE")"
  node -e '
    fetch(process.argv[1] + "/_dev/clock/advance?minutes=" + process.argv[2], { method: "POST", signal: AbortSignal.timeout(3000) })
      .then((r) => r.json()).then((j) => { console.log(j.now); process.exit(j.now ? 0 : 1); }).catch(() => process.exit(1))' "$BOT_URL" "$minutes" >/dev/null \
    && log "development clock moved forward again by $minutes minutes (delete .data/dev-clock-offset to start on today)" \
    || log "WARNING: could not set the development clock offset from .data/dev-clock-offset"
}

on_exit() { save_dev_clock; stop_all_bg; }
trap on_exit EXIT
trap 'echo; log "stopping"; exit 0' INT TERM

ensure_node_modules

for port in "$AZURITE_TABLE_PORT" "$BOT_PORT"; do assert_port_free "$port"; done
for key in "${KEYS[@]}"; do assert_port_free "${PG_PORT[$key]}"; assert_port_free "${PROXY_PORT[$key]}"; done

if [ "$BUILD" -eq 1 ]; then
  log "building the bot (dotnet build -c Release)"
  dotnet build src/TeamsDxBot/TeamsDxBot.csproj -c Release --nologo -v:minimal >"$RUN_LOGS/build.log" 2>&1 \
    || { tail -40 "$RUN_LOGS/build.log"; die "build failed (full log: artifacts/run/build.log)"; }
fi
[ -f "$BOT_DLL" ] || die "${BOT_DLL#"$REPO_ROOT"/} is missing; build it (drop --no-build)"

start_azurite azurite "$RUN_LOGS/azurite.log" --location "$DATA/azurite"

ADMIN="${Directory__Admins__0:-$(admin_aad_object_id)}"
log "bot: Development, Demo__Seed=$SEED, admin $ADMIN (its log follows here)"
start_bg bot - env \
  ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
  Storage__ConnectionString="${Storage__ConnectionString:-UseDevelopmentStorage=true}" \
  Demo__Seed="$SEED" Directory__Admins__0="$ADMIN" \
  bash -c 'cd "$(dirname "$1")" && exec dotnet "$1" --urls "$2"' bot "$BOT_DLL" "$BOT_URL"
wait_http "$BOT_URL/readyz" 120 "$BG_PID_bot" || die "the bot did not become ready"
BOT_READY=1
restore_dev_clock

for key in "${KEYS[@]}"; do
  start_bg "locale-proxy-$key" "$RUN_LOGS/locale-proxy-$key.log" node tests/Journeys/lib/locale-proxy.mjs \
    --port "${PROXY_PORT[$key]}" --target "$BOT_URL" --locale "${LOCALE[$key]}"
  pid_var="BG_PID_locale_proxy_$key"
  wait_port "${PROXY_PORT[$key]}" 15 "${!pid_var}" || die "the locale proxy for $key did not start"

  # Its own directory (the config names the person) and its own port: its mock Bot Connector receives
  # what the bot sends this person, also while nobody looks at the tab.
  start_bg "playground-$key" "$RUN_LOGS/playground-$key.log" env \
    TEAMSAPPTESTER_BROWSER=none APPLICATION_INSIGHTS_NO_STATSBEAT=true TZ="${TIMEZONE[$key]}" \
    M365_AGENTS_PLAYGROUND_LOGFILE="$RUN_LOGS/playground-$key-devtools.log" \
    NODE_OPTIONS="--require $REPO_ROOT/playground/loopback-only.cjs" \
    bash -c 'cd "$1" && shift && exec node "$@"' playground "$REPO_ROOT/playground/$key" "$PLAYGROUND_CLI" \
    -e "http://$HOST:${PROXY_PORT[$key]}/api/messages" -c msteams -p "${PG_PORT[$key]}" --dt \
    --service-url "http://$HOST:${PG_PORT[$key]}/_connector"
done
for key in "${KEYS[@]}"; do
  pid_var="BG_PID_playground_$key"
  wait_http "http://$HOST:${PG_PORT[$key]}/" 90 "${!pid_var}" \
    || die "the Playground of $key did not start (see artifacts/run/playground-$key.log)"
  grep -q "Listening on ${PG_PORT[$key]}" "$RUN_LOGS/playground-$key.log" \
    || die "the Playground of $key is not on port ${PG_PORT[$key]} (see artifacts/run/playground-$key.log)"
done

{
  echo
  echo "  TeamsDxBot is running. One Playground per person (open each in its own tab):"
  for key in "${KEYS[@]}"; do
    printf '    %-22s http://%s:%s\n' "${NAME[$key]} ($key, ${LOCALE[$key]})" "$HOST" "${PG_PORT[$key]}"
  done
  echo "  What the bot sends someone while their tab is closed shows when the tab is opened. Every reload"
  echo "  of a page starts an empty chat and sends the bot that person's installationUpdate again."
  echo "  Ctrl-C stops everything. Logs: artifacts/run/; data: .data/azurite"
  echo
} >&2
# Wait until Ctrl-C or until one of the services dies.
while :; do
  for pid in "${BG_PIDS[@]}"; do
    is_running "$pid" || die "a service (pid $pid) stopped; see artifacts/run/*.log"
  done
  sleep 2 & wait $! || true   # `wait` lets the Ctrl-C trap run at once
done
