#!/usr/bin/env bash
# SIGKILLs `fmm import` and `fmm search` at random moments, ROUNDS times each (default 100),
# and requires `fmm verify` to pass and every entry stored before the kill to be intact.
#   tools/kill-tests.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-100}
fmm=${FMM:-.build/release/fmm}
[ -x "$fmm" ] || swift build -c release >/dev/null
data=../shared/data
files=$(find "$data" \( -name '*.exp' -o -name '*.m' \) 2>/dev/null | sort)
[ -n "$files" ] || { echo "no scheme files under $data"; exit 2; }
failures=0
for round in $(seq 1 "$rounds"); do
  for job in import search; do
    store=$(mktemp -d)
    cp -r catalogue proofs "$store"/
    before=$(cd "$store" && find catalogue proofs -type f -exec sha256sum {} + | sort)
    if [ $job = import ]; then
      "$fmm" import --keep-all --store "$store" $files >/dev/null 2>&1 &
    else
      "$fmm" search 3x3x3 --seconds 30 --seed "$round" --store "$store" --checkpoint "$store/ck" --checkpoint-interval 0.1 >/dev/null 2>&1 &
    fi
    pid=$!
    sleep "0.$(( (RANDOM % 9) + 1 ))$(( RANDOM % 10 ))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # Entries present before the kill are byte-for-byte intact unless replaced by a better one
    # (then their file is gone, never half-written); everything present verifies.
    if ! "$fmm" verify --store "$store" >/dev/null; then
      echo "round $round ($job): verify FAILED in $store"; failures=$((failures + 1)); continue
    fi
    while read -r sum path; do
      [ -z "$path" ] && continue
      if [ -f "$store/$path" ] && [ "$(sha256sum "$store/$path" | cut -d' ' -f1)" != "$sum" ]; then
        echo "round $round ($job): $path changed"; failures=$((failures + 1))
      fi
    done <<< "$before"
    rm -rf "$store"
  done
done
echo "$((rounds * 2 - failures)) passed, $failures failed"
[ "$failures" -eq 0 ]
