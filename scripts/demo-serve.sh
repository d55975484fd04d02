#!/bin/sh
# Serve the demo with the insights rollups and the comment analysis kept current: the updaters
# count new responses into the dashboards and read new comments every few seconds, and stop
# when the server does.
set -eu
bin="$1"
"$bin/govcx" update-rollups --watch 5 &
rollups=$!
"$bin/govcx" analyse-comments --watch 5 &
comments=$!
trap 'kill "$rollups" "$comments" 2>/dev/null || true' EXIT INT TERM
"$bin/govcx" runserver --noreload 127.0.0.1:8000
