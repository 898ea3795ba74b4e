#!/usr/bin/env bash
# Runs every fuzz target of the module for a while and prints a table of
# executions and findings:
#   scripts/fuzz.sh [seconds-per-target] [package...]
# Seconds default to 60, packages to the whole module. A failing input is
# written by go test to the package's testdata/fuzz/<Target>/ directory:
# commit it as a regression seed once the bug is fixed (plain go test runs
# every seed, so CI replays them without fuzzing).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds="${1:-60}"
shift || true
case "$seconds" in
'' | *[!0-9]*)
	echo "usage: scripts/fuzz.sh [seconds-per-target] [package...]" >&2
	exit 2
	;;
esac
packages=("$@")
if [ "${#packages[@]}" -eq 0 ]; then
	packages=(./...)
fi

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

# Every package's fuzz targets, as "package target" lines.
targets=()
for pkg in $(go list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' "${packages[@]}"); do
	for name in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		# GONPM_FUZZ_SKIP: space-separated targets left out (known open findings).
		case " ${GONPM_FUZZ_SKIP:-} " in *" $name "*) continue ;; esac
		targets+=("$pkg $name")
	done
done
if [ "${#targets[@]}" -eq 0 ]; then
	echo "fuzz.sh: no fuzz targets found" >&2
	exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, ${seconds}s each"

rows=()
failed=0
flaked=0
for entry in "${targets[@]}"; do
	read -r pkg name <<<"$entry"
	log="$logs/${pkg//\//_}.$name.log"
	started=$SECONDS
	status=ok
	# A short minimisation time keeps the workers fuzzing: by default every
	# new interesting input is minimised for up to a minute, during which
	# no executions are counted.
	if ! go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "${seconds}s" \
		-fuzzminimizetime 5s >"$log" 2>&1; then
		status=FAIL
		# Go's coordinator can report its own -fuzztime deadline as a
		# failure (golang/go#75804, unfixed in Go 1.26): no input is
		# written and nothing can be reproduced. Report it, but as such.
		if grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; then
			status=deadline
			flaked=$((flaked + 1))
		else
			failed=$((failed + 1))
		fi
	fi
	took=$((SECONDS - started))
	# The last progress line holds the total: "fuzz: elapsed: 60s, execs: 123 (...)".
	# A short run may end while the seed corpus is still being read, with no
	# progress line at all.
	execs="$(grep -o 'execs: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2 || true)"
	execs="${execs:-0}"
	finding="-"
	if [ "$status" = deadline ]; then
		finding="none (engine deadline race, golang/go#75804)"
	elif [ "$status" = FAIL ]; then
		input="$(grep -o 'testdata/fuzz/[^ ]*' "$log" | tail -n 1 || true)"
		finding="${input:-see output}"
		echo "--- $pkg $name failed:"
		grep -v '^fuzz: elapsed' "$log" | head -n 40
	fi
	printf '%-45s %-28s %5ss %12s execs  %s\n' "${pkg#github.com/gonpm/gonpm/}" "$name" "$took" "$execs" "$finding"
	rows+=("$(printf '%s\t%s\t%s\t%s\t%s' "${pkg#github.com/gonpm/gonpm/}" "$name" "$took" "$execs" "$finding")")
done

echo
printf '%-22s %-28s %8s %14s  %s\n' PACKAGE TARGET SECONDS EXECS FINDINGS
total=0
for row in "${rows[@]}"; do
	IFS=$'\t' read -r pkg name took execs finding <<<"$row"
	printf '%-22s %-28s %8s %14s  %s\n' "$pkg" "$name" "$took" "$execs" "$finding"
	total=$((total + execs))
done
echo "fuzz.sh: ${#rows[@]} targets, $total executions, $failed with findings, $flaked stopped by the engine's deadline race"
[ "$failed" -eq 0 ]
