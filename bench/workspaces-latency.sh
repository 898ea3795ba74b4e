#!/usr/bin/env bash
# Figures: `publish --workspaces` of 50 generated packages to the test
# registry with 150 ms added to every request (a distant registry), gonpm
# and npm in one run, without 2FA; then gonpm alone against the same kind
# of registry with two-factor authentication for writes, the code given
# once (an otp-command that notes when it runs): every package must be
# published within 30 s of that code being used.
# Targets: gonpm at most 0.10 of npm's wall time; the code window < 30 s.
#
# Usage: bench/workspaces-latency.sh   Env: PACKAGES=<n> (default 50),
#        LATENCY=<duration> (default 150ms), BENCH_WORK=<dir>
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
count="${PACKAGES:-50}"
latency="${LATENCY:-150ms}"

build_tools
log "starting two test registries with $latency of latency per request"
start_testregistry lurl --latency "$latency"
start_testregistry ourl --latency "$latency"
ltoken="$(signup "$lurl")"
otoken="$(signup "$ourl")"

log "turning on two-factor authentication (auth-and-writes) on the second one"
otpauth="$(curl -sf -X POST -H "authorization: Bearer $otoken" -H 'content-type: application/json' \
	-d '{"tfa":{"password":"bench-password-1","mode":"auth-and-writes"}}' "${ourl}-/npm/v1/user" | json_field tfa)"
secret="$(node -e 'console.log(new URL(process.argv[1]).searchParams.get("secret"))' "$otpauth")"
export GONPM_TOTP_SECRET="$secret"
code="$("$work/bin/gonpm-testregistry" totp)"
curl -sf -X POST -H "authorization: Bearer $otoken" -H 'content-type: application/json' \
	-d "{\"tfa\":[\"$code\"]}" "${ourl}-/npm/v1/user" >/dev/null

use_home "$lurl" "$ltoken" "$ourl" "$otoken"

log "generating workspaces of $count packages"
make_workspace "$work/lg" "$count" lg
make_workspace "$work/ln" "$count" ln
make_workspace "$work/og" "$count" og

log "gonpm publish --workspaces, $latency per request"
measure latency.gonpm "$work/lg" "$work/bin/gonpm" publish --workspaces --registry "$lurl"
log "npm publish --workspaces, $latency per request"
measure latency.npm "$work/ln" npm publish --workspaces --registry "$lurl"

log "gonpm publish --workspaces with 2FA, one code"
: >"$work/otp-times"
otp_cmd="date +%s.%N >> '$work/otp-times'; '$work/bin/gonpm-testregistry' totp"
measure latency.otp "$work/og" "$work/bin/gonpm" publish --workspaces --registry "$ourl" --otp-command "$otp_cmd"
end=$(date +%s.%N)
first=$(head -1 "$work/otp-times")
runs=$(wc -l <"$work/otp-times")
window=$(awk -v a="$first" -v b="$end" 'BEGIN{printf "%.2f", b - a}')

for l in latency.gonpm:lg latency.npm:ln latency.otp:og; do
	n=$(grep -c "^+ ${l#*:}-" "$work/m/${l%%:*}.out" || true)
	[ "$n" = "$count" ] || { log "${l%%:*}: $n of $count published"; exit 1; }
done
printf '%-52s %12s %12s %8s\n' "publish --workspaces, $count pkgs, +$latency/request: wall (s)" "$(val latency.gonpm wall)" "$(val latency.npm wall)" "$(ratio "$(val latency.gonpm wall)" "$(val latency.npm wall)")"
printf '%-52s %12s %12s %8s\n' "the same with 2FA, code given once: wall (s)" "$(val latency.otp wall)" "-" "-"
printf '%-52s %12s %12s %8s\n' "  all published within (s) of the code's first use" "$window" "-" "-"
printf '%-52s %12s %12s %8s\n' "  times the code was asked for" "$runs" "-" "-"
