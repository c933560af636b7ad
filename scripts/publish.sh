#!/usr/bin/env bash
# Builds the bot for Azure App Service (Linux, .NET 10) and packs it for zip deployment:
#   ./scripts/publish.sh
#   az webapp deploy -g <group> -n <web app> --src-path artifacts/publish/TeamsDxBot.zip --type zip
# Output: artifacts/publish/TeamsDxBot.zip (the published app at the root of the archive).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

out="$REPO_ROOT/artifacts/publish"
rm -rf "$out"
mkdir -p "$out/app"
log "dotnet publish (Release, linux-x64 framework-dependent)"
dotnet publish src/TeamsDxBot/TeamsDxBot.csproj -c Release -r linux-x64 --self-contained false \
  --nologo --disable-build-servers -v:minimal -o "$out/app"
python3 - "$out/app" "$out/TeamsDxBot.zip" <<'PY'
import os, sys, zipfile
root, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            path = os.path.join(folder, name)
            z.write(path, os.path.relpath(path, root))
PY
log "wrote ${out#"$REPO_ROOT"/}/TeamsDxBot.zip ($(du -h "$out/TeamsDxBot.zip" | cut -f1))"
