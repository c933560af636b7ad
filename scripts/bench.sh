#!/usr/bin/env bash
# Runs a benchmark on this machine and prints its one JSON line:
#   ./scripts/bench.sh delivery [--recipients N --tenant-rps R --latency-ms L]
#   ./scripts/bench.sh intake   [--answers N --concurrency C --latency-ms L --last-seen-hours H]
#   ./scripts/bench.sh report   [--people N --runs R --departments D --samples S]
#   ./scripts/bench.sh monday   [--people N --instances 1|2 --latency-ms L --answer-window-s W --tenant-rps R]
#   ./scripts/bench.sh usage    [--people N --import-weeks W --report-weeks W --concurrency C --samples S]
# Starts Azurite (tables, in memory) on its own loopback port, builds in Release, runs the benchmark
# (which starts the fake Bot Connector and the bot host itself), and stops what it started. "monday" runs
# its bots as separate processes (this benchmark program again) on the one Azurite, and stops them itself.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

[ $# -ge 1 ] || die "usage: $0 delivery [--recipients N] [--tenant-rps R] [--latency-ms L]
       $0 intake [--answers N] [--concurrency C] [--latency-ms L] [--last-seen-hours H]
       $0 report [--people N] [--runs R] [--departments D] [--samples S]
       $0 monday [--people N] [--instances 1|2] [--latency-ms L] [--answer-window-s W] [--tenant-rps R]
       $0 usage [--people N] [--import-weeks W] [--report-weeks W] [--concurrency C] [--samples S]"
BENCH_AZURITE_PORT=10102

trap stop_all_bg EXIT INT TERM
ensure_node_modules
assert_port_free "$BENCH_AZURITE_PORT"
log "building (Release)"
dotnet build tests/TeamsDxBot.Benchmarks -c Release --nologo -v quiet --disable-build-servers >&2
start_bg azurite "$REPO_ROOT/artifacts/bench/azurite.log" node "$AZURITE_TABLE_JS" --skipApiVersionCheck \
  --inMemoryPersistence --disableTelemetry --tableHost "$HOST" --tablePort "$BENCH_AZURITE_PORT"
wait_port "$BENCH_AZURITE_PORT" 30
# The intake benchmark reports Azurite's CPU per answer (it reads /proc/<pid>/stat).
export TEAMSDXBOT_BENCH_AZURITE_PID="$BG_PID_azurite"

export TEAMSDXBOT_BENCH_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://$HOST:$BENCH_AZURITE_PORT/devstoreaccount1;"
dotnet tests/TeamsDxBot.Benchmarks/bin/Release/net10.0/TeamsDxBot.Benchmarks.dll "$@"
