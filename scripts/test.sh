#!/usr/bin/env bash
# Runs every test of chitieu. The tests drive real tools (Prometheus, Alertmanager, Chromium);
# this script installs the missing ones from Debian's packages when it runs as root, and otherwise
# stops with the list of packages to install. No test is skipped for a missing tool.
set -euo pipefail
cd "$(dirname "$0")/.."

# command -> Debian package that provides it
declare -A needs=(
  [prometheus]=prometheus
  [promtool]=prometheus
  [amtool]=prometheus-alertmanager
  [chromium]=chromium
)
missing=()
for cmd in "${!needs[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${needs[$cmd]}")
done
# Debian names the Alertmanager server prometheus-alertmanager; elsewhere it is alertmanager.
if ! command -v prometheus-alertmanager >/dev/null 2>&1 && ! command -v alertmanager >/dev/null 2>&1; then
  missing+=(prometheus-alertmanager)
fi
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

go vet ./...
go test -count=1 -timeout 20m ./...

# A short run of the spreadsheet readers' fuzz tests, beyond their committed seed corpus. The
# budget is a count of inputs, not a time: Go 1.26's fuzzing may report "context deadline
# exceeded" as a failure when a timed run ends on a busy machine (go.dev/issue/75804).
go test -run XXX -fuzz FuzzReadCSV -fuzztime 60000x ./internal/spreadsheet
go test -run XXX -fuzz FuzzReadXLSX -fuzztime 100000x ./internal/spreadsheet
go test -run XXX -fuzz FuzzXLSXParts -fuzztime 20000x ./internal/spreadsheet
