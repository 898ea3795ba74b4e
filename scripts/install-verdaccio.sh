#!/usr/bin/env bash
# Installs Verdaccio into .cache/verdaccio/ under the repository root so the
# test suite can start private registries on 127.0.0.1. It uses whatever
# registry npm is configured with and prints the path of bin/verdaccio.
set -euo pipefail

# 6.9 and later need Node 22; 6.8.0 is the last release that runs on Node 20.
readonly version="6.8.0"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/.cache/verdaccio"
bin="$prefix/node_modules/verdaccio/bin/verdaccio"

installed_version() {
	[ -f "$bin" ] || return 1
	node "$bin" --version 2>/dev/null | tr -d 'v[:space:]'
}

if [ "$(installed_version || true)" = "$version" ]; then
	echo "$bin"
	exit 0
fi

command -v node >/dev/null || { echo "install-verdaccio: node is not on PATH" >&2; exit 1; }
command -v npm >/dev/null || { echo "install-verdaccio: npm is not on PATH" >&2; exit 1; }

mkdir -p "$prefix"
# A throwaway package: the override is needed because Verdaccio's audit plugin
# asks for a node-fetch dist-tag that no longer exists (ETARGET otherwise).
cat >"$prefix/package.json" <<JSON
{
  "name": "gonpm-test-verdaccio",
  "private": true,
  "dependencies": { "verdaccio": "$version" },
  "overrides": { "node-fetch": "2.7.0" }
}
JSON

echo "install-verdaccio: installing verdaccio@$version into $prefix" >&2
(
	cd "$prefix"
	npm install --no-audit --no-fund --no-update-notifier --loglevel=error >&2
)

got="$(installed_version || true)"
if [ "$got" != "$version" ]; then
	echo "install-verdaccio: expected verdaccio $version, found '${got:-nothing}' at $bin" >&2
	exit 1
fi
echo "$bin"
