#!/usr/bin/env bash
# Times gonpm against the real npm CLI on a large package, side by side:
#
#   - pack: wall time, tarball size and peak memory (5,000 files, 20 MB)
#   - publish of that package to a local Verdaccio and to gonpm's test
#     registry: wall time and peak memory
#   - publish of a 200 MB package to Verdaccio: gonpm's peak memory (and
#     npm's with BENCH_NPM_LARGE=1)
#
# Everything runs on 127.0.0.1: a private Verdaccio without uplinks and
# the test registry, both started here and stopped at the end. Slow (a few
# minutes), so it is not part of CI. Each timing is the best of $RUNS runs
# (default 3); peak memory is the largest resident set of that best run,
# from /usr/bin/time -v (or VmHWM when GNU time is missing).
#
# Usage: bench/compare.sh            (from anywhere in the repository)
# Env:   RUNS=<n>  BENCH_NPM_LARGE=1  GONPM_VERDACCIO=<bin/verdaccio>
#        KEEP=1 keeps the work folder.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${RUNS:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/gonpm-bench.XXXXXX")"
pids=()

cleanup() {
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	if [ "${KEEP:-}" = 1 ]; then
		echo "work folder kept: $work" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

log() { echo "compare: $*" >&2; }
need() { command -v "$1" >/dev/null || { log "$1 is not on PATH"; exit 1; }; }
need go
need node
need npm
need curl

free_port() {
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# measure <label> <dir> <cmd...>: runs the command, records wall seconds
# and peak RSS (KiB) in $work/m/<label>.{wall,rss}; fails loudly.
measure() {
	local label="$1" dir="$2"
	shift 2
	mkdir -p "$work/m"
	local out="$work/m/$label.time"
	if [ -x /usr/bin/time ]; then
		(cd "$dir" && /usr/bin/time -f '%e %M' -o "$out" "$@" >"$work/m/$label.out" 2>"$work/m/$label.err") || {
			log "$label failed:"; tail -5 "$work/m/$label.err" >&2; exit 1; }
		read -r wall rss <"$out"
	else
		local start end peak=0
		start=$(date +%s.%N)
		(cd "$dir" && exec "$@" >"$work/m/$label.out" 2>"$work/m/$label.err") &
		local pid=$!
		while kill -0 "$pid" 2>/dev/null; do
			local hwm
			hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
			[ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
			sleep 0.05
		done
		wait "$pid" || { log "$label failed:"; tail -5 "$work/m/$label.err" >&2; exit 1; }
		end=$(date +%s.%N)
		wall=$(echo "$end - $start" | bc)
		rss=$peak
	fi
	echo "$wall" >"$work/m/$label.wall"
	echo "$rss" >"$work/m/$label.rss"
}

# best <label> <n> <setup-fn> <cmd...>: the fastest of n runs; setup-fn is
# called with the run number before each run (to bump versions).
best() {
	local label="$1" n="$2" setup="$3" dir="$4"
	shift 4
	local bw="" brss=""
	for i in $(seq 1 "$n"); do
		"$setup" "$i"
		measure "$label.$i" "$dir" "$@"
		local w r
		w=$(cat "$work/m/$label.$i.wall")
		r=$(cat "$work/m/$label.$i.rss")
		if [ -z "$bw" ] || awk "BEGIN{exit !($w < $bw)}"; then bw=$w brss=$r; fi
	done
	echo "$bw" >"$work/m/$label.wall"
	echo "$brss" >"$work/m/$label.rss"
}

val() { cat "$work/m/$1.$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN{ printf "%.1f MiB", k / 1024 }'; }

log "building gonpm, the package generator and the test registry"
mkdir -p "$work/bin"
(cd "$root" && go build -o "$work/bin/gonpm" ./cmd/gonpm &&
	go build -o "$work/bin/genpkg" ./bench/genpkg &&
	go build -o "$work/bin/gonpm-testregistry" ./cmd/gonpm-testregistry)

log "starting Verdaccio"
verdaccio="${GONPM_VERDACCIO:-}"
if [ -z "$verdaccio" ]; then
	verdaccio="$("$root/scripts/install-verdaccio.sh")"
fi
vport="$(free_port)"
mkdir -p "$work/verdaccio/storage"
: >"$work/verdaccio/htpasswd"
cat >"$work/verdaccio/config.yaml" <<YAML
storage: $work/verdaccio/storage
auth:
  htpasswd:
    file: $work/verdaccio/htpasswd
    max_users: 100
packages:
  '@*/*':
    access: \$all
    publish: \$authenticated
    unpublish: \$authenticated
  '**':
    access: \$all
    publish: \$authenticated
    unpublish: \$authenticated
listen: 127.0.0.1:$vport
max_body_size: 1000mb
log:
  type: stdout
  format: pretty
  level: error
YAML
node "$verdaccio" --config "$work/verdaccio/config.yaml" >"$work/verdaccio/log" 2>&1 &
pids+=($!)
vurl="http://127.0.0.1:$vport/"
for _ in $(seq 1 100); do
	curl -sf "${vurl}-/ping" >/dev/null 2>&1 && break
	sleep 0.2
done
curl -sf "${vurl}-/ping" >/dev/null || { log "Verdaccio did not start:"; tail "$work/verdaccio/log" >&2; exit 1; }

log "starting the test registry"
"$work/bin/gonpm-testregistry" --listen 127.0.0.1:0 >"$work/testregistry.log" 2>&1 &
pids+=($!)
turl=""
for _ in $(seq 1 100); do
	turl="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/testregistry.log")"
	[ -n "$turl" ] && break
	sleep 0.1
done
[ -n "$turl" ] || { log "the test registry did not start"; exit 1; }

# signup <registry>: creates user "bench" and prints its token.
signup() {
	curl -sf -X PUT -H 'content-type: application/json' \
		-d '{"_id":"org.couchdb.user:bench","name":"bench","password":"bench-password-1","email":"bench@example.com","type":"user","roles":[]}' \
		"${1}-/user/org.couchdb.user:bench" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).token))'
}
nerf() { echo "$1" | sed 's#^http:##'; }
home="$work/home"
mkdir -p "$home"
{
	echo "$(nerf "$vurl"):_authToken=$(signup "$vurl")"
	echo "$(nerf "$turl"):_authToken=$(signup "$turl")"
} >"$home/.npmrc"
chmod 600 "$home/.npmrc"
export HOME="$home" NPM_CONFIG_USERCONFIG="$home/.npmrc" NPM_CONFIG_CACHE="$work/npm-cache"
export NPM_CONFIG_UPDATE_NOTIFIER=false NO_UPDATE_NOTIFIER=1 NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false
export NPM_CONFIG_REGISTRY="$vurl" NPM_CONFIG_LOGLEVEL=warn
unset NPM_CONFIG_OTP

log "generating a 5,000-file, 20 MB package and a 200 MB package"
"$work/bin/genpkg" -dir "$work/pkg20" -name bench-20 -files 5000 -size $((20 << 20))
"$work/bin/genpkg" -dir "$work/pkg200" -name bench-200 -files 2000 -size $((200 << 20)) -seed 2

# setname <dir> <name> <version>: rewrites the generated package.json.
setname() {
	printf '{\n  "name": "%s",\n  "version": "%s",\n  "main": "index.js",\n  "license": "MIT"\n}\n' "$2" "$3" >"$1/package.json"
}
noop() { :; }

log "pack ($runs runs each)"
mkdir -p "$work/out/gonpm" "$work/out/npm"
setname "$work/pkg20" bench-20 1.0.0
best pack.gonpm "$runs" noop "$work/pkg20" "$work/bin/gonpm" pack --pack-destination "$work/out/gonpm"
best pack.npm "$runs" noop "$work/pkg20" npm pack --pack-destination "$work/out/npm"
gsize=$(wc -c <"$work/out/gonpm/bench-20-1.0.0.tgz")
nsize=$(wc -c <"$work/out/npm/bench-20-1.0.0.tgz")
# The same files must be packed: compare the uncompressed tar streams.
if ! cmp -s <(gzip -dc "$work/out/gonpm/bench-20-1.0.0.tgz") <(gzip -dc "$work/out/npm/bench-20-1.0.0.tgz"); then
	log "warning: the uncompressed tarballs differ"
	tar_same=no
else
	tar_same=yes
fi

log "publish to Verdaccio ($runs runs each)"
pub_g() { setname "$work/pkg20" bench-gonpm "1.0.$1"; }
pub_n() { setname "$work/pkg20" bench-npm "1.0.$1"; }
best publish.gonpm "$runs" pub_g "$work/pkg20" "$work/bin/gonpm" publish
best publish.npm "$runs" pub_n "$work/pkg20" npm publish

log "publish to the test registry ($runs runs each)"
best tpublish.gonpm "$runs" pub_g "$work/pkg20" "$work/bin/gonpm" publish --registry "$turl"
best tpublish.npm "$runs" pub_n "$work/pkg20" npm publish --registry "$turl"

log "publish of a 200 MB package to Verdaccio"
setname "$work/pkg200" bench-200-gonpm 1.0.0
measure large.gonpm "$work/pkg200" "$work/bin/gonpm" publish
large_tgz=$(awk '/package size:/ {print $(NF-1), $NF}' "$work/m/large.gonpm.err")
if [ "${BENCH_NPM_LARGE:-}" = 1 ]; then
	setname "$work/pkg200" bench-200-npm 1.0.0
	measure large.npm "$work/pkg200" npm publish
fi

echo
echo "gonpm vs npm $(npm --version) (node $(node --version)), $(nproc) cores, best of $runs"
echo
printf '%-36s %14s %14s %8s\n' "" gonpm npm ratio
printf '%-36s %14s %14s %8s\n' "pack 20 MB / 5,000 files: wall (s)" "$(val pack.gonpm wall)" "$(val pack.npm wall)" "$(ratio "$(val pack.gonpm wall)" "$(val pack.npm wall)")"
printf '%-36s %14s %14s %8s\n' "pack: tarball (bytes)" "$gsize" "$nsize" "$(ratio "$gsize" "$nsize")"
printf '%-36s %14s %14s %8s\n' "pack: peak memory" "$(mib "$(val pack.gonpm rss)")" "$(mib "$(val pack.npm rss)")" "$(ratio "$(val pack.gonpm rss)" "$(val pack.npm rss)")"
printf '%-36s %14s %14s %8s\n' "publish to Verdaccio: wall (s)" "$(val publish.gonpm wall)" "$(val publish.npm wall)" "$(ratio "$(val publish.gonpm wall)" "$(val publish.npm wall)")"
printf '%-36s %14s %14s %8s\n' "publish to Verdaccio: peak memory" "$(mib "$(val publish.gonpm rss)")" "$(mib "$(val publish.npm rss)")" "$(ratio "$(val publish.gonpm rss)" "$(val publish.npm rss)")"
printf '%-36s %14s %14s %8s\n' "publish to test registry: wall (s)" "$(val tpublish.gonpm wall)" "$(val tpublish.npm wall)" "$(ratio "$(val tpublish.gonpm wall)" "$(val tpublish.npm wall)")"
if [ "${BENCH_NPM_LARGE:-}" = 1 ]; then
	printf '%-36s %14s %14s %8s\n' "publish 200 MB: peak memory" "$(mib "$(val large.gonpm rss)")" "$(mib "$(val large.npm rss)")" "$(ratio "$(val large.gonpm rss)" "$(val large.npm rss)")"
	printf '%-36s %14s %14s %8s\n' "publish 200 MB: wall (s)" "$(val large.gonpm wall)" "$(val large.npm wall)" "$(ratio "$(val large.gonpm wall)" "$(val large.npm wall)")"
else
	printf '%-36s %14s %14s %8s\n' "publish 200 MB: peak memory" "$(mib "$(val large.gonpm rss)")" "-" "-"
	printf '%-36s %14s %14s %8s\n' "publish 200 MB: wall (s)" "$(val large.gonpm wall)" "-" "-"
fi
echo
echo "uncompressed tar identical to npm's: $tar_same; 200 MB package tarball: $large_tgz"
echo "targets: pack <= 0.25 of npm's wall time, tarball <= 1.01, pack < 30 MiB;"
echo "         publish to Verdaccio <= 0.30 of npm's wall time; 200 MB publish < 64 MiB"
