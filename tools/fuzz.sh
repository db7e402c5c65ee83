#!/usr/bin/env bash
# Fuzzes every reader and `check` end to end with libFuzzer + AddressSanitizer.
#   tools/fuzz.sh SECONDS_PER_TARGET [TARGET...]
#   (targets: json exp m npz digest perminov algorithm flipcpd notebook check)
# Corpora start from ../shared/data (when present) and the regression inputs in
# Tests/FuzzRegressions/<target>/; new crashes land in .fuzz/<target>/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}; shift || true
targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(json exp m npz digest perminov algorithm flipcpd notebook check)
swift build -c release --product fmm-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld >/dev/null
binary=$(swift build -c release --product fmm-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld --show-bin-path)/fmm-fuzz
data=../shared/data
status=0
for target in "${targets[@]}"; do
  corpus=.fuzz/$target/corpus; crashes=.fuzz/$target/crashes
  mkdir -p "$corpus" "$crashes"
  case $target in
    json) seeds=$(find "$data" -name '*.json' ! -path '*fmm-digest*' 2>/dev/null | awk "NR<=40") ;;
    exp) seeds=$(find "$data" -name '*.exp' 2>/dev/null | awk "NR<=40") ;;
    m) seeds=$(find "$data" -name '*.m' 2>/dev/null | awk "NR<=40") ;;
    npz) seeds=$(find "$data" -name '*.npz' 2>/dev/null) ;;
    digest) seeds=$(find "$data" -name 'fmm_sota.json' 2>/dev/null) ;;
    perminov) seeds=$(find "$data/ternary-flip-graph" -name '*.txt' 2>/dev/null) ;;
    algorithm) seeds=$(find "$data/flip-cpd" -name '*.txt' 2>/dev/null) ;;
    flipcpd) seeds=$(find "$data/flip-cpd" -name '*.npy' 2>/dev/null) ;;
    notebook) seeds=$(find "$data/alphaevolve" -name '*.ipynb' 2>/dev/null) ;;
    check) seeds=$(find "$data" \( -name '*.exp' -o -name '*.m' -o -name '*.txt' \) 2>/dev/null | awk "NR<=24") ;;
  esac
  for f in $seeds; do cp "$f" "$corpus/" 2>/dev/null || true; done
  regressions=$target; [ "$target" = check ] && regressions="json exp m"
  for folder in $regressions; do cp Tests/FuzzRegressions/"$folder"/* "$corpus/" 2>/dev/null || true; done
  echo "== $target: ${seconds}s"
  if ! FMM_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 "$binary" "$corpus" -max_total_time="$seconds" \
       -rss_limit_mb=4096 -timeout=10 -max_len=1048576 -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 \
       | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+.*DONE|.*cov: )" | tail -3; then
    status=1
  fi
  if [ -n "$(ls -A "$crashes" 2>/dev/null)" ]; then echo "!! $target: findings in $crashes"; status=1; fi
done
exit $status
