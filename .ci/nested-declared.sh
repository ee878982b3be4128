#!/usr/bin/env bash
# Builds and tests each nested module against the root version its go.mod
# declares, without the replace that points it at this checkout: what a
# user who requires the nested module gets. Until that root version is on
# the module proxy (before the first release) it says so and skips the
# module. See RELEASING.md.
set -euo pipefail
cd "$(dirname "$0")/.."

root=github.com/kefu-go/kefu
for dir in redisdedup kefuotel; do
  want=$(cd "$dir" && go list -m -f '{{.Version}}' "$root")
  work=$(mktemp -d)
  cp -r "$dir"/. "$work"/
  (
    cd "$work"
    go mod edit -dropreplace "$root"
    if ! out=$(GOFLAGS=-mod=mod GOWORK=off go list -m "$root@$want" 2>&1); then
      echo "$dir: $root $want is not on the module proxy yet: skipped (RELEASING.md, step 3)"
      echo "  (go list -m said: $(printf '%s' "$out" | tail -1))"
      exit 0
    fi
    GOFLAGS=-mod=mod GOWORK=off go build ./...
    GOFLAGS=-mod=mod GOWORK=off go vet ./...
    GOFLAGS=-mod=mod GOWORK=off go test -count=1 -short ./...
    echo "$dir: builds and passes its tests against $root $want"
  )
  rm -rf "$work"
done
