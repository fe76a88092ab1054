#!/usr/bin/env bash
# Measures chitieu under a held load on this machine (loopback only, 60 s a run, with and without
# a 4 ms commit delay); the figures go in docs/benchmarks.md. Flags are passed on:
#   bash scripts/load.sh -duration 10s -commit-delay 4ms
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./cmd/chitieu-load "$@"
