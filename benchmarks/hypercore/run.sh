#!/bin/sh
# Installs Hypercore 11 (pinned in package.json) and runs the replication baseline for the same
# entry counts and sizes as org.walkaway.benchmarks.sync.SyncBenchmark.
#   benchmarks/hypercore/run.sh            # 100,000 entries, 1 KiB and 256 B
#   benchmarks/hypercore/run.sh 10000      # fewer entries
set -eu
cd "$(dirname "$0")"
[ -d node_modules/hypercore ] || npm install --no-audit --no-fund
total="${1:-100000}"
node replicate.js "$total" 1024
node replicate.js "$total" 256
