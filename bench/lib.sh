# Shared helpers of the bench scripts (sourced, not run): a work folder,
# gonpm and the test registry built from this checkout, a private
# Verdaccio and test registries on 127.0.0.1, a user on each, wall time
# and peak memory of one command, and generated workspaces.
#
# Everything started here is stopped when the sourcing script exits.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/gonpm-bench.XXXXXX")}"
mkdir -p "$work"
pids=()

bench_cleanup() {
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	if [ "${KEEP:-}" = 1 ] || [ -n "${BENCH_WORK:-}" ]; then
		echo "work folder kept: $work" >&2
	else
		rm -rf "$work"
	fi
}
trap bench_cleanup EXIT

log() { echo "bench: $*" >&2; }
need() { command -v "$1" >/dev/null || { log "$1 is not on PATH"; exit 1; }; }
need go
need node
need npm
need curl

# build_tools builds gonpm, genpkg and the test registry into $work/bin
# (once per work folder).
build_tools() {
	[ -x "$work/bin/gonpm" ] && return
	log "building gonpm, the package generator and the test registry"
	mkdir -p "$work/bin"
	(cd "$bench_root" && go build -o "$work/bin/gonpm" ./cmd/gonpm &&
		go build -o "$work/bin/genpkg" ./bench/genpkg &&
		go build -o "$work/bin/gonpm-testregistry" ./cmd/gonpm-testregistry)
}

free_port() {
	node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# start_verdaccio [jwt|legacy]: a private Verdaccio without uplinks; sets
# $vurl. Its tokens are JWTs (security.api.jwt), or with "legacy" the
# default AES tokens, which Verdaccio 6.8 checks with scrypt: about 70 ms
# of its single core on every authenticated request, whoever the client.
start_verdaccio() {
	local tokens="${1:-jwt}" security=""
	if [ "$tokens" = jwt ]; then
		security=$'security:\n  api:\n    jwt:\n      sign:\n        expiresIn: 7d'
	fi
	local verdaccio="${GONPM_VERDACCIO:-}"
	if [ -z "$verdaccio" ]; then
		verdaccio="$("$bench_root/scripts/install-verdaccio.sh")"
	fi
	local port dir="$work/verdaccio-$tokens"
	port="$(free_port)"
	mkdir -p "$dir/storage"
	: >"$dir/htpasswd"
	cat >"$dir/config.yaml" <<YAML
storage: $dir/storage
auth:
  htpasswd:
    file: $dir/htpasswd
    max_users: 100
packages:
  '@*/*':
    access: \$all
    publish: \$authenticated
  '**':
    access: \$all
    publish: \$authenticated
listen: 127.0.0.1:$port
max_body_size: 1000mb
$security
log:
  type: stdout
  format: pretty
  level: error
YAML
	node "$verdaccio" --config "$dir/config.yaml" >"$dir/log" 2>&1 &
	pids+=($!)
	vurl="http://127.0.0.1:$port/"
	for _ in $(seq 1 150); do
		curl -sf "${vurl}-/ping" >/dev/null 2>&1 && return
		sleep 0.2
	done
	log "Verdaccio did not start:"
	tail "$dir/log" >&2
	exit 1
}

# start_testregistry <var> [flags...]: a test registry; sets $<var> to its URL.
start_testregistry() {
	local var="$1" logf="$work/testregistry.$1.log"
	shift
	"$work/bin/gonpm-testregistry" --listen 127.0.0.1:0 "$@" >"$logf" 2>&1 &
	pids+=($!)
	local url=""
	for _ in $(seq 1 100); do
		url="$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$logf")"
		[ -n "$url" ] && break
		sleep 0.1
	done
	[ -n "$url" ] || { log "the test registry did not start"; exit 1; }
	printf -v "$var" '%s' "$url"
}

# signup <registry>: creates user "bench" and prints its token.
signup() {
	curl -sf -X PUT -H 'content-type: application/json' \
		-d '{"_id":"org.couchdb.user:bench","name":"bench","password":"bench-password-1","email":"bench@example.com","type":"user","roles":[]}' \
		"${1}-/user/org.couchdb.user:bench" | json_field token
}

# json_field <field>: prints a top-level field of the JSON on stdin.
json_field() {
	node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s)[process.argv[1]];console.log(typeof v==="string"?v:JSON.stringify(v))})' "$1"
}

nerf() { echo "$1" | sed 's#^http:##'; }

# use_home <url> <token> [<url> <token>...]: an npmrc that both tools
# read, with a token for each registry.
use_home() {
	local home="$work/home"
	mkdir -p "$home"
	: >"$home/.npmrc"
	while [ $# -ge 2 ]; do
		[ -n "$2" ] || { log "no token for $1"; exit 1; }
		echo "$(nerf "$1"):_authToken=$2" >>"$home/.npmrc"
		shift 2
	done
	chmod 600 "$home/.npmrc"
	export HOME="$home" NPM_CONFIG_USERCONFIG="$home/.npmrc" NPM_CONFIG_CACHE="$work/npm-cache"
	export NPM_CONFIG_UPDATE_NOTIFIER=false NO_UPDATE_NOTIFIER=1 NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false
	export NPM_CONFIG_LOGLEVEL=warn
	unset NPM_CONFIG_OTP NPM_CONFIG_REGISTRY
}

# measure <label> <dir> <cmd...>: runs the command once, records wall
# seconds and peak RSS (KiB) in $work/m/<label>.{wall,rss}; fails loudly.
measure() {
	local label="$1" dir="$2"
	shift 2
	mkdir -p "$work/m"
	local out="$work/m/$label.time"
	(cd "$dir" && /usr/bin/time -f '%e %M' -o "$out" "$@" >"$work/m/$label.out" 2>"$work/m/$label.err") || {
		log "$label failed:"
		tail -5 "$work/m/$label.err" >&2
		exit 1
	}
	local wall rss
	read -r wall rss <"$out"
	echo "$wall" >"$work/m/$label.wall"
	echo "$rss" >"$work/m/$label.rss"
}

val() { cat "$work/m/$1.$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b == 0) print "n/a"; else printf "%.3f", a / b }'; }
mib() { awk -v k="$1" 'BEGIN{ printf "%.1f MiB", k / 1024 }'; }

# make_workspace <dir> <count> <prefix>: a project of <count> generated
# packages of 40 files, about 160 KB each, named <prefix>-NNN.
make_workspace() {
	local dir="$1" count="$2" prefix="$3"
	mkdir -p "$dir/packages"
	printf '{\n  "name": "%s-root",\n  "private": true,\n  "workspaces": ["packages/*"]\n}\n' "$prefix" >"$dir/package.json"
	for i in $(seq -f '%03g' 1 "$count"); do
		local p="$dir/packages/p$i"
		[ -d "$p" ] || "$work/bin/genpkg" -dir "$p" -name "$prefix-$i" -files 40 -size 160000 -seed "$((10#$i))"
		printf '{\n  "name": "%s-%s",\n  "version": "1.0.0",\n  "main": "index.js",\n  "license": "MIT"\n}\n' "$prefix" "$i" >"$p/package.json"
	done
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
