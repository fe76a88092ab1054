#!/usr/bin/env bash
# Issue 13's scale simulation (docs/benchmarks.md, "The national view at scale"): the series of
# 34 provinces at the large size pushed into Thanos (Receive, Query, Ruler); ingestion, the
# slowest dashboard query, the rules' evaluation and each process's peak memory. The large
# database comes from scripts/bench-scale.sh's cache, which is built (and its benchmark run)
# the first time. CHITIEU_NATIONAL_PROVINCES=N simulates N provinces instead.
set -euo pipefail
cd "$(dirname "$0")/.."
cache="${CHITIEU_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/chitieu-bench-scale}"
if [ ! -f "$cache/chitieu-large.db" ]; then
  bash scripts/bench-scale.sh -scrapes 1
fi
export CHITIEU_BENCH_CACHE="$cache"
exec go test -run XXX -bench BenchmarkNationalScale -benchtime 1x -timeout 60m ./deploy/
