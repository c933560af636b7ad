#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run):
#   1. tools: Debian chromium + fonts-ipafont-gothic (only when missing), npm ci
#   2. quick checks: generated Playground configs are current; the card validator catches broken cards
#   3. dotnet build TeamsDxBot.sln -c Release (once)
#   4. xunit: Azurite tables in memory on 127.0.0.1:10002 + dotnet test --no-build (trx counted)
#   5. cards the xunit tests wrote to artifacts/cards/ (if any) through tests/Journeys/validate-cards.mjs
#   6. journeys: tests/Journeys/run.mjs (own Azurite, bot, Playgrounds, Chromium)
# Steps 4 and 6 run in a private network namespace (only loopback; see tests/Journeys/in-netns.sh), so
# they cannot reach any other address and do not collide with a scripts/run.sh running on this machine.
# The output ends with one line "N passed, N failed" (xunit tests + card check + journeys); the exit
# code is non-zero when anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

ARTIFACTS="$REPO_ROOT/artifacts"
RESULTS="$ARTIFACTS/test-results"

# ------------------------------------------------------------------ inner step: xunit (in the netns)
if [ "${1:-}" = "--inner-xunit" ]; then
  trap stop_all_bg EXIT
  trap 'exit 143' TERM INT   # this shell is PID 1 of the namespace: without a trap it would ignore them
  start_azurite azurite-xunit "$RESULTS/azurite.log" --inMemoryPersistence
  set +e
  CARDS_DUMP_DIR="$ARTIFACTS/cards" dotnet test TeamsDxBot.sln -c Release --no-build --nologo \
    --logger trx --results-directory "$RESULTS" 2>&1 | tee "$RESULTS/dotnet-test.log"
  rc=${PIPESTATUS[0]}
  set -e
  exit "$rc"
fi

# ------------------------------------------------------------------ outer flow
PASSED=0
FAILED=0
SUMMARY_DONE=0
summary() {
  SUMMARY_DONE=1
  echo "$PASSED passed, $FAILED failed"
}
on_exit() {
  local rc=$?
  stop_all_bg
  if [ "$SUMMARY_DONE" -eq 0 ]; then
    [ "$rc" -ne 0 ] && [ "$FAILED" -eq 0 ] && FAILED=1
    summary
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'log "interrupted"; exit 130' INT TERM

# fatal MESSAGE : count one failure and stop here (the summary line is still printed).
fatal() { log "FAILED: $*"; FAILED=$((FAILED + 1)); summary; exit 1; }

step() { log "=== $* ==="; }

mkdir -p "$ARTIFACTS"
rm -rf "$RESULTS" "$ARTIFACTS/cards" "$ARTIFACTS/journeys"
mkdir -p "$RESULTS"

step "tools"
command -v dotnet >/dev/null || fatal "dotnet (10 SDK) is not installed"
command -v node >/dev/null || fatal "node (20+) is not installed"
command -v npm >/dev/null || fatal "npm is not installed"
# Root (or sudo) is needed only to install a missing system package; the tests themselves run as
# whoever starts them (tests/Journeys/in-netns.sh uses an unprivileged user namespace then).
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'IPAGothic'; then
  ensure_apt_packages chromium fonts-ipafont-gothic || fatal "chromium and fonts-ipafont-gothic are needed (see above)"
fi
ensure_node_modules always

step "quick checks"
node playground/generate.mjs --check || fatal "playground/*/.m365agentsplayground.yml are stale: node playground/generate.mjs"
node tests/Journeys/validate-cards.mjs --quiet tests/Journeys/fixtures/cards/good >/dev/null \
  || fatal "validate-cards rejects the good fixture cards"
for f in tests/Journeys/fixtures/cards/broken/*.json; do
  if node tests/Journeys/validate-cards.mjs --quiet "$f" >/dev/null; then fatal "validate-cards accepted the broken card $f"; fi
done
log "validate-cards: good fixtures pass, broken fixtures are rejected"

step "build"
[ -f TeamsDxBot.sln ] || fatal "TeamsDxBot.sln is missing"
[ -f src/TeamsDxBot/TeamsDxBot.csproj ] || fatal "src/TeamsDxBot/TeamsDxBot.csproj is missing"
# No build servers: nothing may outlive this script.
dotnet build TeamsDxBot.sln -c Release --nologo --disable-build-servers -v:minimal 2>&1 | tee "$RESULTS/dotnet-build.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || fatal "dotnet build failed"
[ -f "$BOT_DLL" ] || fatal "${BOT_DLL#"$REPO_ROOT"/} was not built"

step "xunit (dotnet test; Azurite in memory on $HOST:$AZURITE_TABLE_PORT; private network namespace)"
set +e
bash tests/Journeys/in-netns.sh bash scripts/test.sh --inner-xunit
xunit_rc=$?
set -e
# Count the results from the trx files (one per test project).
read -r x_passed x_failed x_files < <(node -e '
  const fs = require("fs"), path = require("path");
  let passed = 0, failed = 0, files = 0;
  const walk = (d) => fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]) : [];
  for (const f of walk(process.argv[1]).filter((f) => f.endsWith(".trx"))) {
    const m = /<Counters\b([^>]*)>/.exec(fs.readFileSync(f, "utf8"));
    if (!m) continue;
    files++;
    const a = Object.fromEntries([...m[1].matchAll(/(\w+)="(\d+)"/g)].map((x) => [x[1], Number(x[2])]));
    passed += a.passed || 0;
    failed += (a.failed || 0) + (a.error || 0) + (a.timeout || 0) + (a.aborted || 0);
  }
  console.log(passed, failed, files);
' "$RESULTS")
if [ "$x_files" -eq 0 ]; then
  # No trx (e.g. the run crashed): fall back to the console summary "Failed: N, Passed: N".
  x_passed=$( (grep -Eo 'Passed: *[0-9]+' "$RESULTS/dotnet-test.log" 2>/dev/null || true) | awk -F: '{s+=$2} END {print s+0}')
  x_failed=$( (grep -Eo 'Failed: *[0-9]+' "$RESULTS/dotnet-test.log" 2>/dev/null || true) | awk -F: '{s+=$2} END {print s+0}')
fi
if [ "$xunit_rc" -ne 0 ] && [ "$x_failed" -eq 0 ]; then x_failed=1; log "dotnet test exited $xunit_rc without failed tests in its results: counted as 1 failure"; fi
if [ "$x_passed" -eq 0 ] && [ "$x_failed" -eq 0 ]; then x_failed=1; log "dotnet test ran no test: counted as 1 failure"; fi
log "xunit results: passed=$x_passed failed=$x_failed (trx files: $x_files)"
PASSED=$((PASSED + x_passed)); FAILED=$((FAILED + x_failed))

step "cards written by the xunit tests (artifacts/cards)"
if [ -d "$ARTIFACTS/cards" ] && [ -n "$(find "$ARTIFACTS/cards" -name '*.json' -print -quit)" ]; then
  if node tests/Journeys/validate-cards.mjs --quiet "$ARTIFACTS/cards"; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
else
  log "none (tests may write Adaptive Card JSON to \$CARDS_DUMP_DIR to have them validated here)"
fi

step "journeys (Agents Playground + headless Chromium; private network namespace)"
rm -f "$ARTIFACTS/journeys/summary.json"
set +e
JOURNEYS_SUMMARY=kv bash tests/Journeys/in-netns.sh node tests/Journeys/run.mjs
journeys_rc=$?
set -e
if [ -f "$ARTIFACTS/journeys/summary.json" ]; then
  read -r j_passed j_failed < <(node -e 'const s=require(process.argv[1]);console.log(s.passed,s.failed)' "$ARTIFACTS/journeys/summary.json")
else
  j_passed=0; j_failed=1; log "the journey runner wrote no summary (exit $journeys_rc): counted as 1 failure"
fi
if [ "$journeys_rc" -ne 0 ] && [ "$j_failed" -eq 0 ]; then j_failed=1; fi
PASSED=$((PASSED + j_passed)); FAILED=$((FAILED + j_failed))

summary
[ "$FAILED" -eq 0 ]
