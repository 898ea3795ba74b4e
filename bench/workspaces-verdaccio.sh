#!/usr/bin/env bash
# Figure: `publish --workspaces` of 50 generated packages (40 files,
# about 160 KB each) to a local Verdaccio, gonpm and npm in one run:
# wall time and peak memory. Target: gonpm at most 0.25 of npm's time.
#
# Twice: with Verdaccio issuing JWT tokens (the target's row), and with
# its default legacy tokens, which it checks with scrypt on every
# authenticated request (about 70 ms of its one core): there Verdaccio's
# CPU sets the pace for both tools and the row shows it.
#
# Usage: bench/workspaces-verdaccio.sh   Env: PACKAGES=<n> (default 50),
#        TOKENS="jwt legacy" (default both), GONPM_VERDACCIO=<bin/verdaccio>,
#        BENCH_WORK=<dir> (shared, kept)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
count="${PACKAGES:-50}"

build_tools
for tokens in ${TOKENS:-jwt legacy}; do
	log "starting Verdaccio ($tokens tokens)"
	start_verdaccio "$tokens"
	use_home "$vurl" "$(signup "$vurl")"

	g="v$tokens-g" n="v$tokens-n"
	log "generating two workspaces of $count packages"
	make_workspace "$work/$g" "$count" "$g"
	make_workspace "$work/$n" "$count" "$n"

	log "gonpm publish --workspaces ($count packages)"
	measure "verdaccio.$tokens.gonpm" "$work/$g" "$work/bin/gonpm" publish --workspaces --registry "$vurl"
	log "npm publish --workspaces ($count packages)"
	measure "verdaccio.$tokens.npm" "$work/$n" npm publish --workspaces --registry "$vurl"

	published_g=$(grep -c "^+ $g-" "$work/m/verdaccio.$tokens.gonpm.out" || true)
	published_n=$(grep -c "^+ $n-" "$work/m/verdaccio.$tokens.npm.out" || true)
	[ "$published_g" = "$count" ] && [ "$published_n" = "$count" ] || {
		log "not everything was published: gonpm $published_g, npm $published_n of $count"
		exit 1
	}
	gw="$(val "verdaccio.$tokens.gonpm" wall)" nw="$(val "verdaccio.$tokens.npm" wall)"
	gr="$(val "verdaccio.$tokens.gonpm" rss)" nr="$(val "verdaccio.$tokens.npm" rss)"
	printf '%-52s %12s %12s %8s\n' "publish --workspaces, $count pkgs, Verdaccio ($tokens): wall (s)" "$gw" "$nw" "$(ratio "$gw" "$nw")"
	printf '%-52s %12s %12s %8s\n' "publish --workspaces, $count pkgs, Verdaccio ($tokens): memory" "$(mib "$gr")" "$(mib "$nr")" "$(ratio "$gr" "$nr")"
done
