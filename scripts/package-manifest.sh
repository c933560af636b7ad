#!/usr/bin/env bash
# Builds the Teams app package (manifest.json + en-us.json + icons) for upload to Teams.
#
#   scripts/package-manifest.sh APP_ID
#
# APP_ID is the bot's Microsoft App ID (a GUID). The committed manifest carries the
# placeholder GUID 00000000-0000-0000-0000-000000000000 for both "id" and "bots[0].botId";
# every occurrence is replaced by APP_ID in the packaged copy (the committed file is untouched).
# Output: artifacts/teams-app/TeamsDxBot-<version>.zip (version from manifest.json).
set -euo pipefail

usage() {
  echo "usage: $0 APP_ID   (APP_ID: the bot's Microsoft App ID, a GUID such as 12345678-90ab-cdef-1234-567890abcdef)" >&2
}

if [[ $# -ne 1 ]]; then
  usage
  exit 2
fi

app_id="$1"
guid_re='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
if [[ ! "$app_id" =~ $guid_re ]]; then
  echo "error: APP_ID '$app_id' is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, hex digits)" >&2
  usage
  exit 2
fi
placeholder='00000000-0000-0000-0000-000000000000'
if [[ "$app_id" == "$placeholder" ]]; then
  echo "error: APP_ID is the placeholder GUID; pass the bot's real Microsoft App ID" >&2
  exit 2
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest_dir="$repo_root/manifest"
out_dir="$repo_root/artifacts/teams-app"
files=(manifest.json en-us.json color.png outline.png)

for f in "${files[@]}"; do
  if [[ ! -f "$manifest_dir/$f" ]]; then
    echo "error: missing $manifest_dir/$f" >&2
    exit 1
  fi
done

# Teams expects GUIDs in lower case; normalise so the app id and bot id match exactly.
app_id="$(printf '%s' "$app_id" | tr 'A-F' 'a-f')"

version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1], encoding="utf-8"))["version"])' "$manifest_dir/manifest.json")"
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "error: manifest.json version '$version' is not MAJOR.MINOR.PATCH" >&2
  exit 1
fi

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

sed "s/$placeholder/$app_id/g" "$manifest_dir/manifest.json" > "$staging/manifest.json"
if grep -q "$placeholder" "$staging/manifest.json"; then
  echo "error: placeholder GUID still present after substitution" >&2
  exit 1
fi
cp "$manifest_dir/en-us.json" "$manifest_dir/color.png" "$manifest_dir/outline.png" "$staging/"

mkdir -p "$out_dir"
zip_path="$out_dir/TeamsDxBot-$version.zip"
rm -f "$zip_path"

if command -v zip >/dev/null 2>&1; then
  (cd "$staging" && zip -q -X "$zip_path" "${files[@]}")
else
  python3 - "$staging" "$zip_path" "${files[@]}" <<'PY'
import os, sys, zipfile
staging, zip_path, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as z:
    for name in names:
        z.write(os.path.join(staging, name), arcname=name)
PY
fi

echo "$zip_path"
