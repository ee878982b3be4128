#!/bin/sh
# Copies every current-shape fixture of package event to samples/, the
# payloads `kefu trigger` sends. Run by `go generate ./cmd/kefu`;
# TestSamplesAreTheFixtures fails when they differ.
set -eu
for f in ../../event/testdata/*.current.json; do
	n=$(basename "$f" .current.json)
	cp "$f" "samples/$n.json"
done
