#!/usr/bin/env bash
# Figure: gonpm's peak memory (largest resident set, /usr/bin/time) for
# `publish --workspaces` of 50 and of 200 generated packages to the test
# registry. Target: under 64 MiB for both (flat in the number of packages).
#
# Usage: bench/workspaces-memory.sh   Env: MEMORY_COUNTS="50 200", BENCH_WORK=<dir>
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_tools
log "starting the test registry"
start_testregistry murl
use_home "$murl" "$(signup "$murl")"

for count in ${MEMORY_COUNTS:-50 200}; do
	log "gonpm publish --workspaces, $count packages"
	make_workspace "$work/m$count" "$count" "m$count"
	measure "memory.$count" "$work/m$count" "$work/bin/gonpm" publish --workspaces --registry "$murl"
	n=$(grep -c "^+ m$count-" "$work/m/memory.$count.out" || true)
	[ "$n" = "$count" ] || { log "$n of $count published"; exit 1; }
	printf '%-52s %12s %12s %8s\n' "publish --workspaces, $count pkgs: gonpm peak memory" "$(mib "$(val "memory.$count" rss)")" "-" "-"
	printf '%-52s %12s %12s %8s\n' "publish --workspaces, $count pkgs: gonpm wall (s)" "$(val "memory.$count" wall)" "-" "-"
done
