#!/usr/bin/env bash
# Builds a gonpm release, and publishes its npm packages with gonpm itself.
#
#   scripts/release.sh <version> <outdir>
#   scripts/release.sh --publish <version> <outdir> [-- <gonpm publish flags>]
#
# The build writes into <outdir> (which must not exist yet, or be empty):
#   gonpm_<version>_<os>_<arch>.tar.gz (.zip for windows)  binary, README.md, LICENSE
#   gonpm_<version>_<os>_<arch>.sbom.cdx.json             CycloneDX SBOM of the Go modules in it
#   SHA256SUMS                                            checksums of the above
#   npm/                                                  a private workspaces root holding
#     platforms/<os>-<cpu>/   @gonpm/<os>-<cpu>: the binary, with npm's "os" and "cpu"
#     gonpm/                  gonpm: a node launcher, optionalDependencies on all of them
#
# The bytes depend only on the commit and the version: -trimpath, no cgo, no
# VCS stamp, the build date is the commit time (SOURCE_DATE_EPOCH overrides
# it), and archive entries have fixed times, owners, modes and order.
#
# The platforms are built side by side, up to GONPM_RELEASE_JOBS at once;
# the bytes do not depend on the order.
#
# --publish builds (or, when <outdir> already holds this version's build,
# checks it against SHA256SUMS) and then runs, in <outdir>/npm,
#   <outdir's gonpm for this machine> publish --workspaces [flags after --]
# which publishes every platform package and then the wrapper, last, so that
# the wrapper never points at packages that are not there; one one-time
# password or browser approval serves them all. The registry, scope
# registry and token come from npm configuration (npmrc, NPM_CONFIG_*).
#
# In a CI job that can get an ID token (GitHub Actions with "id-token:
# write", GitLab CI with SIGSTORE_ID_TOKEN) it publishes with --provenance:
# each version carries a signed SLSA provenance statement, which
# `gonpm provenance verify` checks.
#
# When the registry takes the versions only as staged publishes (a token
# that may only stage, or one that bypasses 2FA once the registry stops
# those publishing directly: gonpm exits 6), it stages them instead with
#   gonpm stage publish --workspaces [the same flags]
# and prints the stage ids and the command a maintainer runs to publish
# them, with two-factor authentication:
#   gonpm stage approve <id>... (the wrapper's id last)
#
# Environment:
#   GONPM_RELEASE_PLATFORMS   os/arch pairs to build (default: all six)
#   GONPM_RELEASE_JOBS        platforms built at once (default: the CPUs)
#   GONPM_RELEASE_SCOPE       scope of the platform packages (default @gonpm)
#   GONPM_RELEASE_REPOSITORY  source repository named in the packages, which
#                             provenance must match (default
#                             https://github.com/gonpm/gonpm)
#   GONPM_RELEASE_TAG         dist-tag (default latest; next for a prerelease)
#   GONPM_RELEASE_PROVENANCE  unset: provenance in CI with an ID token;
#                             1: always (fails without one); 0: never
#   GONPM_RELEASE_STAGE       1: always stage, even when the registry would
#                             publish directly, so that a maintainer
#                             approves every release
#   SOURCE_DATE_EPOCH         build date (default: the commit's time)
set -euo pipefail

all_platforms="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"
cyclonedx="github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod@v1.10.0"

die() {
	echo "release.sh: $*" >&2
	exit 1
}
usage() {
	echo "release.sh: usage: scripts/release.sh [--publish] <version> <outdir> [-- <gonpm publish flags>]
(see the comment at the top of scripts/release.sh)" >&2
	exit 2
}

publish=false
stage="" tools="" epoch="" ldflags="" archive=() gonpm="" flags=()
if [ "${1:-}" = "--publish" ]; then
	publish=true
	shift
fi
[ $# -ge 2 ] || usage
given_version="$1"
version="${1#v}"
outdir="$2"
shift 2
publish_flags=()
if [ $# -gt 0 ]; then
	[ "$1" = "--" ] || usage
	shift
	publish_flags=("$@")
fi

semver='^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$'
[[ "$version" =~ $semver ]] ||
	die "invalid version \"$given_version\": give a semantic version such as 1.2.3 or v1.2.3-rc.1 (no build metadata)"
scope="${GONPM_RELEASE_SCOPE:-@gonpm}"
[[ "$scope" =~ ^@[a-z0-9][a-z0-9._-]*$ ]] ||
	die "invalid GONPM_RELEASE_SCOPE \"$scope\": give an npm scope such as @gonpm"
platforms="${GONPM_RELEASE_PLATFORMS:-$all_platforms}"
for p in $platforms; do
	[[ " $all_platforms " == *" $p "* ]] ||
		die "unknown platform \"$p\" in GONPM_RELEASE_PLATFORMS: use some of: $all_platforms"
done
repository="${GONPM_RELEASE_REPOSITORY:-https://github.com/gonpm/gonpm}"
[[ "$repository" =~ ^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._-]+)+$ ]] ||
	die "invalid GONPM_RELEASE_REPOSITORY \"$repository\": give the repository's https URL, such as https://github.com/gonpm/gonpm"
jobs="${GONPM_RELEASE_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}"
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] ||
	die "invalid GONPM_RELEASE_JOBS \"$jobs\": give how many platforms to build at once, 1 or more"
case "${GONPM_RELEASE_PROVENANCE:-}" in
"" | 0 | 1) ;;
*) die "invalid GONPM_RELEASE_PROVENANCE \"$GONPM_RELEASE_PROVENANCE\": leave it unset (provenance in CI with an ID token), or use 1 (always) or 0 (never)" ;;
esac
case "${GONPM_RELEASE_STAGE:-}" in
"" | 0 | 1) ;;
*) die "invalid GONPM_RELEASE_STAGE \"$GONPM_RELEASE_STAGE\": use 1 to always stage, or leave it unset" ;;
esac

case "$outdir" in /*) ;; *) outdir="$PWD/$outdir" ;; esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# The user's GOFLAGS (-race, -cover, ...) would change the binaries.
export GOFLAGS=-mod=readonly CGO_ENABLED=0

# npm's names for Go's operating systems and architectures.
npm_os() { case "$1" in windows) echo win32 ;; *) echo "$1" ;; esac; }
npm_cpu() { case "$1" in amd64) echo x64 ;; *) echo "$1" ;; esac; }

# built reports whether $outdir holds a finished build of $version.
built() {
	[ -f "$outdir/SHA256SUMS" ] && [ -f "$outdir/npm/gonpm/package.json" ] &&
		grep -q "\"version\": \"$version\"" "$outdir/npm/gonpm/package.json"
}

build() {
	local commit date
	commit="$(git rev-parse HEAD)"
	if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
		echo "release.sh: warning: the work tree has uncommitted changes; the build is not that of commit $commit" >&2
	fi
	epoch="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct HEAD)}"
	[[ "$epoch" =~ ^[0-9]+$ ]] || die "invalid SOURCE_DATE_EPOCH \"$epoch\": give seconds since 1970"
	date="$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$epoch" +%Y-%m-%dT%H:%M:%SZ)"

	mkdir -p "$(dirname "$outdir")"
	# Global, not local: the EXIT trap may run after build has returned.
	stage="$(mktemp -d "$(dirname "$outdir")/.release.XXXXXX")"
	tools="$(mktemp -d)"
	trap 'rm -rf "$stage" "$tools"' EXIT
	chmod 755 "$stage"
	go build -o "$tools/archive" ./scripts/release/archive
	# Global, not local: build_platform reads them.
	archive=("$tools/archive")
	local pkg="github.com/gonpm/gonpm/cmd"
	ldflags="-s -w -buildid= -X $pkg.Version=$version -X $pkg.Commit=$commit -X $pkg.BuildDate=$date"
	local files=() deps=() p goos goarch name
	mkdir -p "$stage/npm/platforms" "$stage/npm/gonpm/bin"
	# cyclonedx-gomod reads the version from a git tag with go-git, which
	# cannot open git worktrees: give it a plain clone of the commit, tagged.
	git clone --quiet --no-checkout "$root" "$tools/src"
	git -C "$tools/src" -c advice.detachedHead=false checkout --quiet "$commit"
	git -C "$tools/src" tag "v$version"
	# Built for this machine with -trimpath: its hash is in every SBOM.
	GOBIN="$tools" go install -trimpath "$cyclonedx"

	# Linking, compressing and the SBOM's hashing each keep about one CPU
	# busy, so the platforms are built in $jobs lanes at once, taking the
	# platforms in turn (bash 3.2, macOS's, has no wait -n).
	local lanes=() pids=() i=0 failed=0
	for p in $platforms; do
		lanes[i % jobs]="${lanes[i % jobs]:-} $p"
		i=$((i + 1))
		goos="${p%/*}" goarch="${p#*/}"
		name="gonpm_${version}_${goos}_${goarch}"
		if [ "$goos" = windows ]; then
			files+=("$stage/$name.zip")
		else
			files+=("$stage/$name.tar.gz")
		fi
		files+=("$stage/$name.sbom.cdx.json")
		deps+=("\"$scope/$(npm_os "$goos")-$(npm_cpu "$goarch")\": \"$version\"")
	done
	for i in "${!lanes[@]}"; do
		(for p in ${lanes[i]}; do build_platform "$p"; done) &
		pids+=($!)
	done
	for i in "${!pids[@]}"; do
		wait "${pids[i]}" || failed=1
	done
	[ "$failed" = 0 ] || die "building gonpm $version failed (see above)"

	"${archive[@]}" sha256sums -o "$stage/SHA256SUMS" "${files[@]}"

	write_wrapper_package "$stage/npm/gonpm" "${deps[@]}"
	cat >"$stage/npm/package.json" <<-EOF
		{
		  "name": "gonpm-release",
		  "private": true,
		  "workspaces": ["platforms/*", "gonpm"]
		}
	EOF

	rmdir "$outdir" 2>/dev/null || true
	mv "$stage" "$outdir"
	rm -rf "$tools"
	trap - EXIT
	echo "release.sh: gonpm $version for $platforms is in $outdir" >&2
}

# build_platform builds, archives and describes one os/arch into $stage:
# the binary in its npm package folder, the archive and the SBOM.
build_platform() {
	local goos="${1%/*}" goarch="${1#*/}"
	local exe=gonpm name dir
	[ "$goos" = windows ] && exe=gonpm.exe
	dir="$stage/npm/platforms/$(npm_os "$goos")-$(npm_cpu "$goarch")"
	mkdir -p "$dir/bin"
	echo "release.sh: building $goos/$goarch" >&2
	GOOS="$goos" GOARCH="$goarch" go build -trimpath -buildvcs=false -ldflags "$ldflags" \
		-o "$dir/bin/$exe" ./cmd/gonpm
	chmod 755 "$dir/bin/$exe"
	cp README.md LICENSE "$dir/"

	name="gonpm_${version}_${goos}_${goarch}"
	if [ "$goos" = windows ]; then
		"${archive[@]}" zip -mtime "$epoch" -prefix "$name" -o "$stage/$name.zip" "$dir/bin/$exe" README.md LICENSE
	else
		"${archive[@]}" tar.gz -mtime "$epoch" -prefix "$name" -o "$stage/$name.tar.gz" "$dir/bin/$exe" README.md LICENSE
	fi
	# The SBOM of the modules linked for this platform (windows adds
	# one), without serial number or timestamp, which differ every run.
	(cd "$tools/src" && GOOS="$goos" GOARCH="$goarch" "$tools/cyclonedx-gomod" app -json -licenses \
		-noserial -notimestamp -main cmd/gonpm -output "$stage/$name.sbom.cdx.json" .)
	write_platform_package "$dir" "$goos" "$goarch"
}

write_platform_package() {
	local dir="$1" goos="$2" goarch="$3"
	local os cpu
	os="$(npm_os "$goos")" cpu="$(npm_cpu "$goarch")"
	cat >"$dir/package.json" <<-EOF
		{
		  "name": "$scope/$os-$cpu",
		  "version": "$version",
		  "description": "The gonpm binary for $os $cpu; install gonpm instead",
		  "license": "MIT",
		  "repository": { "type": "git", "url": "git+$repository.git" },
		  "os": ["$os"],
		  "cpu": ["$cpu"],
		  "preferUnplugged": true,
		  "publishConfig": { "access": "public" }
		}
	EOF
}

write_wrapper_package() {
	local dir="$1"
	shift
	local deps
	deps="$(printf '    %s,\n' "$@")"
	cp scripts/release/npm/gonpm.js "$dir/bin/gonpm.js"
	chmod 755 "$dir/bin/gonpm.js"
	cp README.md LICENSE "$dir/"
	cat >"$dir/package.json" <<-EOF
		{
		  "name": "gonpm",
		  "version": "$version",
		  "description": "An npm-compatible client for registry accounts and packages, as one binary",
		  "license": "MIT",
		  "repository": { "type": "git", "url": "git+$repository.git" },
		  "bin": { "gonpm": "bin/gonpm.js" },
		  "engines": { "node": ">=18" },
		  "optionalDependencies": {
		${deps%,}
		  },
		  "publishConfig": { "access": "public" }
		}
	EOF
}

publish_npm() {
	local host_os host_arch exe tag
	host_os="$(go env GOHOSTOS)" host_arch="$(go env GOHOSTARCH)"
	exe=gonpm
	[ "$host_os" = windows ] && exe=gonpm.exe
	gonpm="$(cd "$outdir" && pwd)/npm/platforms/$(npm_os "$host_os")-$(npm_cpu "$host_arch")/bin/$exe"
	[ -x "$gonpm" ] ||
		die "$outdir has no gonpm for this machine ($host_os/$host_arch) to publish with: include it in GONPM_RELEASE_PLATFORMS"
	[ "$("$gonpm" --version)" = "$version" ] || die "$gonpm is not gonpm $version"

	tag="${GONPM_RELEASE_TAG:-}"
	if [ -z "$tag" ] && [[ "$version" == *-* ]]; then
		tag=next
	fi
	[ -n "$tag" ] && flags+=(--tag "$tag")
	case "${GONPM_RELEASE_PROVENANCE:-}" in
	1) flags+=(--provenance) ;;
	"")
		if ci_id_token; then
			echo "release.sh: a CI job with an ID token: publishing with provenance (GONPM_RELEASE_PROVENANCE=0 turns it off)" >&2
			flags+=(--provenance)
		fi
		;;
	esac
	if [ "${GONPM_RELEASE_STAGE:-}" = 1 ]; then
		stage_npm
		return
	fi

	local rc=0
	run_gonpm publish --workspaces || rc=$?
	case "$rc" in
	0) ;;
	6)
		# gonpm's exit status when every refusal was "stage it instead".
		echo "release.sh: the registry accepts these versions only as staged publishes; staging them" >&2
		stage_npm
		;;
	*) exit "$rc" ;;
	esac
}

# ci_id_token says whether this is a CI job that can sign provenance:
# GitHub Actions with the id-token permission, or GitLab CI with an ID
# token for Sigstore.
ci_id_token() {
	if [ "${GITHUB_ACTIONS:-}" = true ]; then
		[ -n "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ] && [ -n "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" ]
	else
		[ "${GITLAB_CI:-}" = true ] && [ -n "${SIGSTORE_ID_TOKEN:-}" ]
	fi
}

# run_gonpm runs the release's gonpm in <outdir>/npm with the publish flags.
run_gonpm() {
	echo "release.sh: running $gonpm $* ${flags[*]-} ${publish_flags[*]-}" >&2
	(cd "$outdir/npm" && "$gonpm" "$@" ${flags[@]+"${flags[@]}"} ${publish_flags[@]+"${publish_flags[@]}"})
}

# stage_npm stages every package (the wrapper last) and says how a
# maintainer publishes them: gonpm stage approve with their ids, which
# approves them in that order with one code.
stage_npm() {
	local out rc=0 ids registry approve
	out="$(run_gonpm stage publish --workspaces)" || rc=$?
	[ -z "$out" ] || printf '%s\n' "$out"
	[ "$rc" = 0 ] || exit "$rc"
	ids="$(printf '%s\n' "$out" | sed -n 's/^+ .* (staged with id \([0-9A-Fa-f-]*\))$/\1/p' | tr '\n' ' ')"
	ids="${ids% }"
	[ -n "$ids" ] || return 0
	approve="gonpm stage approve $ids"
	registry="$(cd "$outdir/npm" && "$gonpm" config get registry)"
	if [[ "$registry" =~ ^https?:// ]]; then
		approve+=" --registry $registry"
	fi
	printf 'release.sh: staged, not published: a maintainer publishes them (the wrapper last) with two-factor authentication:\n  %s\n' "$approve"
	if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
		# shellcheck disable=SC2016 # the backquotes are Markdown's
		printf '### gonpm %s is staged\n\nA maintainer publishes it with two-factor authentication:\n\n```\n%s\n```\n' "$version" "$approve" >>"$GITHUB_STEP_SUMMARY"
	fi
}

# verify checks an existing build against its SHA256SUMS before publishing.
verify() {
	echo "release.sh: $outdir already holds gonpm $version; checking it against SHA256SUMS" >&2
	if command -v sha256sum >/dev/null; then
		(cd "$outdir" && sha256sum --check --quiet SHA256SUMS)
	else
		(cd "$outdir" && shasum -a 256 --check --quiet SHA256SUMS)
	fi
}

if [ -d "$outdir" ] && [ -n "$(ls -A "$outdir")" ]; then
	if $publish && built; then
		verify ||
			die "$outdir does not match its SHA256SUMS; build again into an empty folder"
	else
		die "$outdir is not empty: give a new or empty folder"
	fi
else
	build
fi
if $publish; then
	publish_npm
fi
