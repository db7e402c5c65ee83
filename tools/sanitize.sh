#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer, and the parallel search code under ThreadSanitizer.
#   tools/sanitize.sh [address|thread|all]
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
if [ "$mode" = address ] || [ "$mode" = all ]; then
  LSAN_OPTIONS=suppressions=$PWD/tools/lsan.supp:print_suppressions=0 swift test --sanitize=address --scratch-path .build-asan "${@:2}"
fi
if [ "$mode" = thread ] || [ "$mode" = all ]; then
  # The CLI tests run the fmm binary built in the same scratch path, so the search's walker
  # threads and the main thread's lifting run under TSan too.
  swift test --sanitize=thread --scratch-path .build-tsan --filter 'SearchCommandTests|FlipWalkTests|FlipSearchTests'
fi
