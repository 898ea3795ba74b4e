#!/usr/bin/env bash
# Builds gonpm and type-checks every package and test binary (go vet
# compiles the _test.go files too) for each platform gonpm ships on:
# linux, darwin and windows on amd64 and arm64. Pass targets to check
# fewer, e.g. scripts/cross-build.sh windows/arm64.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
	targets=(linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64)
fi
for target in "${targets[@]}"; do
	goos="${target%/*}" goarch="${target#*/}"
	t0=$SECONDS
	# With several main packages go build checks them and keeps nothing.
	# -trimpath as scripts/release.sh builds: its compiled packages are in
	# the build cache for the release (and TestRelease) to link.
	GOOS="$goos" GOARCH="$goarch" CGO_ENABLED=0 go build -trimpath ./cmd/...
	GOOS="$goos" GOARCH="$goarch" CGO_ENABLED=0 go vet ./...
	# The shipped binary must not carry the config write test hook.
	GOOS="$goos" GOARCH="$goarch" CGO_ENABLED=0 go list -f '{{join .GoFiles " "}}' ./config |
		tr ' ' '\n' | grep -qx testhook_off.go ||
		{ echo "cross-build: $target: the config test hook is compiled into the binary" >&2; exit 1; }
	echo "cross-build: $target ok ($((SECONDS - t0))s)"
done
