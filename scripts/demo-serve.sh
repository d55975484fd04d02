#!/bin/sh
# Serve the demo with the insights rollups kept current: the updater counts new responses
# into the dashboards every few seconds, and stops when the server does.
set -eu
bin="$1"
"$bin/govcx" update-rollups --watch 5 &
updater=$!
trap 'kill "$updater" 2>/dev/null || true' EXIT INT TERM
"$bin/govcx" runserver --noreload 127.0.0.1:8000
