#!/usr/bin/env bash
# Runs the monorepo figures of the README's performance table in one run,
# sharing one build and work folder: workspace publish to Verdaccio, the
# same against a registry 150 ms away (and the one-code window with 2FA),
# peak memory at 50 and 200 packages, and start-up. Prints the machine's
# load average before and after, since the machine may be shared.
#
# Usage: bench/monorepo.sh   (slow: a few minutes; not part of CI)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export BENCH_WORK="${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/gonpm-bench.XXXXXX")}"
echo "gonpm vs npm $(npm --version) (node $(node --version)), $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-52s %12s %12s %8s\n' "" gonpm npm ratio
"$here/workspaces-verdaccio.sh"
"$here/workspaces-latency.sh"
"$here/workspaces-memory.sh"
"$here/startup.sh"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "${KEEP:-}" = 1 ] || rm -rf "$BENCH_WORK"
