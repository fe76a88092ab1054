#!/usr/bin/env bash
# Prints the path of the Thanos binary that the national view's tests run (docs/monitoring.md,
# "The national view"), building it once into a cache folder. Thanos is built from its own
# module source, as its release is: `go install` refuses a module whose go.mod has `replace`
# lines, and building in the module's own folder applies exactly those lines, with no copy of
# them to keep in step. The tags are those of its release: without slicelabels its sidecar
# crashes on Prometheus's answers (thanos-io/thanos#8543). From scratch some 10 minutes on 2
# cores; the Go build cache keeps its packages between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
version=v0.42.4
bin="${XDG_CACHE_HOME:-$HOME/.cache}/chitieu/thanos-$version"
if [ ! -x "$bin" ]; then
  src=$(go mod download -json "github.com/thanos-io/thanos@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  mkdir -p "$(dirname "$bin")"
  echo "building Thanos $version into $bin ..." >&2
  (cd "$src" && go build -tags netgo,slicelabels \
    -ldflags "-X github.com/prometheus/common/version.Version=${version#v}" \
    -o "$bin.tmp" ./cmd/thanos) >&2
  mv "$bin.tmp" "$bin"
fi
if ! "$bin" --version 2>&1 | grep -q "version ${version#v} "; then
  echo "$bin is not Thanos ${version#v}: remove it to rebuild" >&2
  exit 1
fi
echo "$bin"
