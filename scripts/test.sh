#!/usr/bin/env bash
# Runs the whole test suite the way CI does: installs Verdaccio when it is
# missing, checks formatting and vet, cross-builds for linux, darwin and
# windows on amd64 and arm64 (scripts/cross-build.sh), then runs go test with the race
# detector. Extra arguments go to go test, e.g.
#   scripts/test.sh -run TestPublish ./config/...
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# Go and npm keep their caches under HOME; a bare CI container may not set it.
if [ -z "${HOME:-}" ]; then
	export HOME="$root/.cache/home"
	mkdir -p "$HOME"
	# Keep the module cache writable so removing .cache/ just works.
	export GOFLAGS="${GOFLAGS:+$GOFLAGS }-modcacherw"
fi

stage="setup"
started=$SECONDS
summary() {
	local rc=$?
	local took=$((SECONDS - started))
	if [ "$rc" -eq 0 ]; then
		echo "test.sh: PASS (gofmt, go vet, cross-build, go test, fuzz) in ${took}s"
	else
		echo "test.sh: FAIL at ${stage} (exit ${rc}) after ${took}s" >&2
	fi
}
trap summary EXIT

stage="installing verdaccio"
t0=$SECONDS
GONPM_VERDACCIO="$(scripts/install-verdaccio.sh | tail -n 1)"
echo "test.sh: verdaccio ready at ${GONPM_VERDACCIO#"$root"/} ($((SECONDS - t0))s)"
# Tests that need Verdaccio or npm fail instead of skipping.
export GONPM_VERDACCIO GONPM_REQUIRE_VERDACCIO=1 GONPM_REQUIRE_NPM=1

stage="gofmt"
unformatted="$(find . \( -name '.?*' -o -name testdata -o -name node_modules \) -prune -o \
	-name '*.go' -type f -print0 | xargs -0 -r gofmt -l)"
if [ -n "$unformatted" ]; then
	echo "test.sh: these files need gofmt -w:" >&2
	echo "$unformatted" >&2
	exit 1
fi

stage="go vet"
go vet ./...

stage="cross-build"
t0=$SECONDS
scripts/cross-build.sh
echo "test.sh: cross-builds took $((SECONDS - t0))s"

# The race detector needs cgo, which Go turns off when there is no C compiler.
race=(-race)
if [ "$(go env CGO_ENABLED)" != "1" ]; then
	echo "test.sh: WARNING: cgo is off (no C compiler?), running without -race" >&2
	race=()
fi

# Without package patterns among the arguments, test the whole module.
has_packages=false
for arg in "$@"; do
	case "$arg" in
	-*) ;;
	*... | github.com/gonpm/gonpm*) has_packages=true ;;
	*) if [ -d "$arg" ]; then has_packages=true; fi ;;
	esac
done
packages=()
if [ "$has_packages" = false ]; then
	packages=(./...)
fi

stage="go test"
t0=$SECONDS
# Defaults first so that arguments given to this script override them.
go test ${race[@]+"${race[@]}"} -count=1 -timeout 20m "$@" ${packages[@]+"${packages[@]}"}
echo "test.sh: go test took $((SECONDS - t0))s"

# The full run also fuzzes every target briefly (the seed corpora already
# ran with go test); scripts/fuzz.sh with more seconds is the long run.
if [ "$#" -eq 0 ]; then
	stage="fuzz"
	t0=$SECONDS
	fuzzlog="$(mktemp)"
	if ! scripts/fuzz.sh "${GONPM_FUZZ_SECONDS:-8}" >"$fuzzlog" 2>&1; then
		cat "$fuzzlog"
		exit 1
	fi
	tail -n 28 "$fuzzlog"
	echo "test.sh: fuzzing took $((SECONDS - t0))s"
fi
stage="done"
