#!/usr/bin/env bash
# Measures chitieu at the national size of issue 17 beside the SQL way (sql_exporter's five
# aggregates per unit on the same database file): scrape, freshness, memory, start, import, size.
# The large database is built once (through chitieu's own import, several minutes) and kept in
# the cache folder below, so a second run starts at once. Flags are passed on:
#   bash scripts/bench-scale.sh -scrapes 30 -stream-for 20s
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${CHITIEU_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chitieu-bench-scale}"
exec go run ./cmd/chitieu-bench -cache "$cache" "$@"
