#!/usr/bin/env bash
# Runs TeamsDxBot locally for a person to try it in the Microsoft 365 Agents Playground (Teams emulator):
#   Azurite (tables, data kept in .data/azurite)  127.0.0.1:10002
#   the bot (Release build, Development)           127.0.0.1:3978
#   a locale proxy (Playground -> bot)              127.0.0.1:3979   (the Playground always says en-US)
#   the Agents Playground                           127.0.0.1:56150  -> open http://127.0.0.1:56150
# Ctrl-C stops all of them.
#
# Options:
#   --no-seed        do not seed the demo data (Demo__Seed=false; default true)
#   --as KEY         whose Playground to open (a key in playground/people.json; default sato = 佐藤 花子,
#                    the promoter/bot admin; e.g. --as emily for the English-speaking user)
#   --locale LOCALE  override the locale the bot sees (default: that person's locale, e.g. ja-JP)
#   --no-build       do not build the bot first
# Extra bot settings can be given as environment variables (e.g. Directory__Admins__0=...).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

SEED=true
WHO=sato
LOCALE=
BUILD=1
PROXY_PORT=3979
while [ "$#" -gt 0 ]; do
  case "$1" in
    --no-seed) SEED=false ;;
    --as) WHO="${2:?--as needs a person key}"; shift ;;
    --locale) LOCALE="${2:?--locale needs a value like ja-JP}"; shift ;;
    --no-build) BUILD=0 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done

PERSON_NAME="$(person_field "$WHO" name)" || exit 1
[ -n "$LOCALE" ] || LOCALE="$(person_field "$WHO" locale)"
TIMEZONE="$(person_field "$WHO" timeZone)"
PG_DIR="$REPO_ROOT/playground/$WHO"
[ -f "$PG_DIR/.m365agentsplayground.yml" ] || die "$PG_DIR/.m365agentsplayground.yml is missing (node playground/generate.mjs)"

RUN_LOGS="$REPO_ROOT/artifacts/run"
mkdir -p "$RUN_LOGS" "$REPO_ROOT/.data/azurite"

trap stop_all_bg EXIT
trap 'echo; log "stopping"; exit 0' INT TERM

command -v node >/dev/null || die "node (20+) is not installed"
command -v dotnet >/dev/null || die "dotnet (10 SDK) is not installed"
ensure_node_modules

for port in "$AZURITE_TABLE_PORT" "$BOT_PORT" "$PROXY_PORT" "$PLAYGROUND_PORT"; do assert_port_free "$port"; done

if [ "$BUILD" -eq 1 ]; then
  log "building the bot (dotnet build -c Release)"
  dotnet build src/TeamsDxBot/TeamsDxBot.csproj -c Release --nologo -v:minimal >"$RUN_LOGS/build.log" 2>&1 \
    || { tail -40 "$RUN_LOGS/build.log"; die "build failed (full log: artifacts/run/build.log)"; }
fi
[ -f "$BOT_DLL" ] || die "${BOT_DLL#"$REPO_ROOT"/} is missing; build it (drop --no-build)"

start_azurite azurite "$RUN_LOGS/azurite.log" --location "$REPO_ROOT/.data/azurite"

ADMIN="${Directory__Admins__0:-$(admin_aad_object_id)}"
log "bot: Development, Demo__Seed=$SEED, admin $ADMIN (its log follows here)"
start_bg bot - env \
  ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
  Storage__ConnectionString="${Storage__ConnectionString:-UseDevelopmentStorage=true}" \
  Demo__Seed="$SEED" Directory__Admins__0="$ADMIN" \
  bash -c 'cd "$(dirname "$1")" && exec dotnet "$1" --urls "$2"' bot "$BOT_DLL" "http://$HOST:$BOT_PORT"
wait_http "http://$HOST:$BOT_PORT/readyz" 120 "$BG_PID_bot" || die "the bot did not become ready"

start_bg locale-proxy "$RUN_LOGS/locale-proxy.log" node tests/Journeys/lib/locale-proxy.mjs \
  --port "$PROXY_PORT" --target "http://$HOST:$BOT_PORT" --locale "$LOCALE"
wait_port "$PROXY_PORT" 15 "$BG_PID_locale_proxy" || die "the locale proxy did not start"

start_bg playground "$RUN_LOGS/playground.log" env \
  TEAMSAPPTESTER_BROWSER=none APPLICATION_INSIGHTS_NO_STATSBEAT=true TZ="$TIMEZONE" \
  NODE_OPTIONS="--require $REPO_ROOT/playground/loopback-only.cjs" \
  bash -c 'cd "$1" && shift && exec node "$@"' playground "$PG_DIR" "$PLAYGROUND_CLI" \
  -e "http://$HOST:$PROXY_PORT/api/messages" -c msteams -p "$PLAYGROUND_PORT" --dt \
  --service-url "http://$HOST:$PLAYGROUND_PORT/_connector"
PG_PID="$BG_PID_playground"
wait_http "http://$HOST:$PLAYGROUND_PORT/" 60 "$PG_PID" || die "the Playground did not start (see artifacts/run/playground.log)"
grep -q "Listening on $PLAYGROUND_PORT" "$RUN_LOGS/playground.log" || die "the Playground is not on port $PLAYGROUND_PORT (see artifacts/run/playground.log)"

cat >&2 <<EOF

  TeamsDxBot is running. Open:  http://$HOST:$PLAYGROUND_PORT
  You are $PERSON_NAME ($WHO), locale $LOCALE. Every reload of the page sends the bot the
  personal-chat installationUpdate + conversationUpdate again. Ctrl-C stops everything.
  Logs: artifacts/run/ (Azurite, proxy, Playground); data: .data/azurite

EOF
# Wait until Ctrl-C or until one of the services dies.
while :; do
  for pid in "${BG_PIDS[@]}"; do
    is_running "$pid" || die "a service (pid $pid) stopped; see artifacts/run/*.log"
  done
  sleep 2 & wait $! || true   # `wait` lets the Ctrl-C trap run at once
done
