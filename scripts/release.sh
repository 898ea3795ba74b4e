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
# --publish builds (or, when <outdir> already holds this version's build,
# checks it against SHA256SUMS) and then runs, in <outdir>/npm,
#   <outdir's gonpm for this machine> publish --workspaces [flags after --]
# which publishes every platform package and then the wrapper, last, so that
# the wrapper never points at packages that are not there; one one-time
# password or browser approval serves them all. The registry, scope
# registry and token come from npm configuration (npmrc, NPM_CONFIG_*).
#
# Environment:
#   GONPM_RELEASE_PLATFORMS   os/arch pairs to build (default: all six)
#   GONPM_RELEASE_SCOPE       scope of the platform packages (default @gonpm)
#   GONPM_RELEASE_TAG         dist-tag (default latest; next for a prerelease)
#   GONPM_RELEASE_PROVENANCE  1: publish with --provenance (see below)
#   GONPM_RELEASE_STAGE       1: gonpm stage publish --workspaces instead, for
#                             accounts whose releases a maintainer approves
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
stage="" tools=""
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
	local commit epoch date
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
	local archive=("$tools/archive")
	local pkg="github.com/gonpm/gonpm/cmd"
	local ldflags="-s -w -buildid= -X $pkg.Version=$version -X $pkg.Commit=$commit -X $pkg.BuildDate=$date"
	local files=() deps=() p goos goarch exe name dir
	mkdir -p "$stage/npm/platforms" "$stage/npm/gonpm/bin"
	# cyclonedx-gomod reads the version from a git tag with go-git, which
	# cannot open git worktrees: give it a plain clone of the commit, tagged.
	git clone --quiet --no-checkout "$root" "$tools/src"
	git -C "$tools/src" -c advice.detachedHead=false checkout --quiet "$commit"
	git -C "$tools/src" tag "v$version"
	# Built for this machine with -trimpath: its hash is in every SBOM.
	GOBIN="$tools" go install -trimpath "$cyclonedx"
	for p in $platforms; do
		goos="${p%/*}" goarch="${p#*/}"
		exe=gonpm
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
			files+=("$stage/$name.zip")
		else
			"${archive[@]}" tar.gz -mtime "$epoch" -prefix "$name" -o "$stage/$name.tar.gz" "$dir/bin/$exe" README.md LICENSE
			files+=("$stage/$name.tar.gz")
		fi
		# The SBOM of the modules linked for this platform (windows adds
		# one), without serial number or timestamp, which differ every run.
		(cd "$tools/src" && GOOS="$goos" GOARCH="$goarch" "$tools/cyclonedx-gomod" app -json -licenses \
			-noserial -notimestamp -main cmd/gonpm -output "$stage/$name.sbom.cdx.json" .)
		files+=("$stage/$name.sbom.cdx.json")
		write_platform_package "$dir" "$goos" "$goarch"
		deps+=("\"$scope/$(npm_os "$goos")-$(npm_cpu "$goarch")\": \"$version\"")
	done

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
		  "bin": { "gonpm": "bin/gonpm.js" },
		  "engines": { "node": ">=18" },
		  "optionalDependencies": {
		${deps%,}
		  }
		}
	EOF
}

publish_npm() {
	local host_os host_arch exe gonpm tag flags=()
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
	local verb=(publish)
	# Staged: every package goes to the staging area in one run; a
	# maintainer approves each with gonpm stage approve (and 2FA).
	if [ "${GONPM_RELEASE_STAGE:-}" = 1 ]; then
		verb=(stage publish)
	fi
	# HOOK (provenance): gonpm has no --provenance yet. When it does, a CI run
	# with an ID token sets GONPM_RELEASE_PROVENANCE=1 and this passes it on.
	if [ "${GONPM_RELEASE_PROVENANCE:-}" = 1 ]; then
		"$gonpm" "${verb[@]}" --help | grep -q -- '--provenance' ||
			die "GONPM_RELEASE_PROVENANCE=1 but this gonpm cannot publish with provenance yet; unset it"
		flags+=(--provenance)
	fi
	echo "release.sh: running $gonpm ${verb[*]} --workspaces ${flags[*]-} ${publish_flags[*]-}" >&2
	(cd "$outdir/npm" && "$gonpm" "${verb[@]}" --workspaces ${flags[@]+"${flags[@]}"} ${publish_flags[@]+"${publish_flags[@]}"})
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
