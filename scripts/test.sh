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

# Thanos, which the national view's end-to-end test runs (deploy/national_e2e_test.go), built
# once into a cache folder before the tests, so that their timeout is not spent building it:
# from scratch some 9 minutes of CPU (26 minutes on a 2-core machine shared with other builds);
# then nothing.
bash scripts/thanos.sh >/dev/null

go vet ./...
go test -count=1 -timeout 20m ./...

# The rules again with the promtool of the Prometheus that docker-compose.yml pins (the tests above
# use Debian's 2.42). Prometheus 3.x is the Go module github.com/prometheus/prometheus at v0.3xx:
# v0.305.0 is 3.5.0 (its VERSION file). Built once into a cache folder: from scratch about 11
# minutes of CPU (some 6 minutes on 2 idle cores); the Go build cache keeps its packages between
# runs, and then only the link is redone.
prometheus_module=v0.305.0
pinned=$(sed -n 's|^ *image: prom/prometheus:v\(.*\)$|\1|p' docker-compose.yml)
promtool3="${XDG_CACHE_HOME:-$HOME/.cache}/chitieu/promtool-$prometheus_module"
if [ ! -x "$promtool3" ]; then
  src=$(go mod download -json "github.com/prometheus/prometheus@$prometheus_module" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  if [ "$(cat "$src/VERSION")" != "$pinned" ]; then
    echo "github.com/prometheus/prometheus@$prometheus_module is Prometheus $(cat "$src/VERSION"), docker-compose.yml pins $pinned: update prometheus_module in $0" >&2
    exit 1
  fi
  mkdir -p "$(dirname "$promtool3")"
  (cd "$src" && go build -ldflags "-X github.com/prometheus/common/version.Version=$pinned" -o "$promtool3.tmp" ./cmd/promtool)
  mv "$promtool3.tmp" "$promtool3"
fi
if ! "$promtool3" --version | grep -q "version $pinned "; then
  echo "$promtool3 is not Prometheus $pinned's promtool: remove it to rebuild" >&2
  exit 1
fi
"$promtool3" check config deploy/prometheus/prometheus.yml
(cd deploy/prometheus/tests && "$promtool3" test rules ./*.test.yml)
(cd deploy/national/tests && "$promtool3" test rules ./*.test.yml)

# A short run of the spreadsheet readers' fuzz tests, beyond their committed seed corpus. The
# budget is a count of inputs, not a time: Go 1.26's fuzzing may report "context deadline
# exceeded" as a failure when a timed run ends on a busy machine (go.dev/issue/75804).
go test -run XXX -fuzz FuzzReadCSV -fuzztime 60000x ./internal/spreadsheet
go test -run XXX -fuzz FuzzReadXLSX -fuzztime 100000x ./internal/spreadsheet
go test -run XXX -fuzz FuzzDecodeJSON -fuzztime 20000x ./internal/httpapi
go test -run XXX -fuzz FuzzParseDate -fuzztime 20000x ./internal/chitieu
go test -run XXX -fuzz FuzzCleanText -fuzztime 20000x ./internal/chitieu
go test -run XXX -fuzz FuzzRemoteRead -fuzztime 20000x ./internal/remoteread
go test -run XXX -fuzz FuzzXLSXParts -fuzztime 20000x ./internal/spreadsheet
