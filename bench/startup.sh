#!/usr/bin/env bash
# Figure: start-up of `--version` and `--help`, gonpm against npm: the
# mean wall time of RUNS runs each (default 30), the tools taking turns so
# a change in the machine's load hits both alike, and, when perf is
# installed, the mean CPU time (task-clock), which a busy machine inflates
# less than wall time. Target: gonpm at most 0.03 of npm's time.
#
# Usage: bench/startup.sh   Env: RUNS=<n>, BENCH_WORK=<dir>
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs="${RUNS:-30}"
build_tools
export NPM_CONFIG_UPDATE_NOTIFIER=false NO_UPDATE_NOTIFIER=1

# The floor: a Go program that only prints its version, built by the same
# toolchain. No Go binary starts faster on this machine, so it shows how
# much of the target is left once the process exists.
mkdir -p "$work/floor"
printf 'package main\n\nimport "os"\n\nfunc main() { os.Stdout.WriteString("0.0.0\\n") }\n' >"$work/floor/main.go"
(cd "$work/floor" && GO111MODULE=off go build -o "$work/bin/floor" main.go)

declare -A total
for i in $(seq 1 "$runs"); do
	for label in gonpm.version npm.version gonpm.help npm.help floor.version; do
		case $label in
		gonpm.*) tool="$work/bin/gonpm" ;;
		floor.*) tool="$work/bin/floor" ;;
		npm.*) tool=npm ;;
		esac
		start=$EPOCHREALTIME
		# npm --help exits with status 1; only the time counts.
		"$tool" "--${label#*.}" >/dev/null 2>&1 || true
		end=$EPOCHREALTIME
		total[$label]=$(awk -v t="${total[$label]:-0}" -v a="$start" -v b="$end" 'BEGIN{printf "%.6f", t + b - a}')
	done
done
ms() { awk -v t="${total[$1]}" -v n="$runs" 'BEGIN{printf "%.1f ms", t / n * 1000}'; }
for cmd in version help; do
	printf '%-52s %12s %12s %8s\n' "--$cmd: mean wall of $runs runs" "$(ms "gonpm.$cmd")" "$(ms "npm.$cmd")" "$(ratio "${total[gonpm.$cmd]}" "${total[npm.$cmd]}")"
done
printf '%-52s %12s %12s %8s\n' "floor: a Go program printing one line, mean wall" "$(ms floor.version)" "$(ms npm.version)" "$(ratio "${total[floor.version]}" "${total[npm.version]}")"

if command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then
	cpu() { # cpu <cmd...>: mean task-clock in ms of $runs runs
		{ perf stat -x, -e task-clock -r "$runs" -- "$@" 2>&1 >/dev/null || true; } | awk -F, '/task-clock/ {print $1; exit}'
	}
	for cmd in version help; do
		g=$(cpu "$work/bin/gonpm" "--$cmd")
		n=$(cpu npm "--$cmd")
		printf '%-52s %12s %12s %8s\n' "--$cmd: mean CPU time of $runs runs" "$(printf '%.1f ms' "$g")" "$(printf '%.1f ms' "$n")" "$(ratio "$g" "$n")"
	done
fi

# Where start-up goes: Go initialises every linked package before main,
# whichever command runs. GODEBUG=inittrace=1 times each package's
# initialisation; the sum is split between sigstore-go's dependency tree
# (provenance: Rekor and OpenAPI models, gRPC, protobuf), which no other
# part of gonpm imports, and the rest.
if command -v go >/dev/null; then
	deps() { (cd "$bench_root" && go list -deps "$@" 2>/dev/null | sort -u); }
	deps ./config ./internal/registry ./otpprompt github.com/spf13/cobra >"$work/deps.core"
	deps github.com/sigstore/sigstore-go/pkg/sign github.com/sigstore/sigstore-go/pkg/verify \
		github.com/sigstore/sigstore-go/pkg/root github.com/sigstore/sigstore-go/pkg/bundle \
		github.com/sigstore/sigstore-go/pkg/tuf | comm -23 - "$work/deps.core" >"$work/deps.sigstore"
	for i in $(seq 1 "$runs"); do GODEBUG=inittrace=1 "$work/bin/gonpm" --version 2>&1 >/dev/null; done |
		awk -v runs="$runs" -v sigfile="$work/deps.sigstore" '
			BEGIN { while ((getline p < sigfile) > 0) sig[p] = 1 }
			$1 == "init" { if ($2 in sig) s += $5; else o += $5 }
			END { printf "%-52s %12s\n", "--version: package initialisation, sigstore-go tree", sprintf("%.1f ms", s / runs)
			      printf "%-52s %12s\n", "--version: package initialisation, everything else", sprintf("%.1f ms", o / runs) }'
fi
