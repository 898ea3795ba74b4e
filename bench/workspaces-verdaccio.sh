#!/usr/bin/env bash
# Figure: `publish --workspaces` of 50 generated packages (40 files,
# about 160 KB each) to a local Verdaccio, gonpm and npm in one run:
# wall time and peak memory. Target: gonpm at most 0.25 of npm's time.
#
# Usage: bench/workspaces-verdaccio.sh   Env: PACKAGES=<n> (default 50),
#        GONPM_VERDACCIO=<bin/verdaccio>, BENCH_WORK=<dir> (shared, kept)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
count="${PACKAGES:-50}"

build_tools
log "starting Verdaccio"
start_verdaccio
use_home "$vurl" "$(signup "$vurl")"

log "generating two workspaces of $count packages"
make_workspace "$work/vg" "$count" vg
make_workspace "$work/vn" "$count" vn

log "gonpm publish --workspaces ($count packages)"
measure verdaccio.gonpm "$work/vg" "$work/bin/gonpm" publish --workspaces --registry "$vurl"
log "npm publish --workspaces ($count packages)"
measure verdaccio.npm "$work/vn" npm publish --workspaces --registry "$vurl"

published_g=$(grep -c '^+ vg-' "$work/m/verdaccio.gonpm.out" || true)
published_n=$(grep -c '^+ vn-' "$work/m/verdaccio.npm.out" || true)
[ "$published_g" = "$count" ] && [ "$published_n" = "$count" ] || {
	log "not everything was published: gonpm $published_g, npm $published_n of $count"
	exit 1
}
printf '%-52s %12s %12s %8s\n' "publish --workspaces, $count pkgs, Verdaccio: wall (s)" "$(val verdaccio.gonpm wall)" "$(val verdaccio.npm wall)" "$(ratio "$(val verdaccio.gonpm wall)" "$(val verdaccio.npm wall)")"
printf '%-52s %12s %12s %8s\n' "publish --workspaces, $count pkgs, Verdaccio: memory" "$(mib "$(val verdaccio.gonpm rss)")" "$(mib "$(val verdaccio.npm rss)")" "$(ratio "$(val verdaccio.gonpm rss)" "$(val verdaccio.npm rss)")"
