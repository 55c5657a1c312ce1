#!/bin/sh
# Trunk post_build hook: writes this build's id and file list into the staged sw.js so each
# build gets its own app-shell cache (the old one is dropped on activate).
set -eu
dir="${TRUNK_STAGING_DIR:?run by trunk}"
files=$(cd "$dir" && find . -type f ! -name sw.js | sed 's|^\./|/|' | sort)
id=$(printf '%s' "$files" | cksum | cut -d' ' -f1)
list=$(printf '%s\n' "$files" | sed 's/.*/"&"/' | paste -sd, -)
sed -i "s|__BUILD_ID__|$id|; s|\"__ASSETS__\"|$list|" "$dir/sw.js"
