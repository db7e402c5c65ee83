#!/usr/bin/env bash
# Runs the flip-graph search on every shape 2 <= n <= m <= p <= MAX (default 5) against the
# catalogue in STORE (default: the repository), SECONDS per shape, JOBS shapes at a time.
# Improvements are lifted, checked exactly and stored with certificates by `fmm search` itself.
#   tools/grow-catalogue.sh [SECONDS] [MAX] [JOBS] [STORE]
set -euo pipefail
seconds=${1:-30}; max=${2:-5}; jobs=${3:-2}; store=${4:-$(cd "$(dirname "$0")/.." && pwd)}
fmm=${FMM:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/fmm}
shapes=()
for n in $(seq 2 "$max"); do for m in $(seq "$n" "$max"); do for p in $(seq "$m" "$max"); do
  shapes+=("${n}x${m}x${p}")
done; done; done
printf '%s\n' "${shapes[@]}" | xargs -P "$jobs" -I{} sh -c \
  "\"$fmm\" search {} --method flip --ring Z --seconds $seconds --seed \$(echo {} | cksum | cut -d' ' -f1) --store \"$store\" --json 2>/dev/null | tr -d '\n ' ; echo"
"$fmm" verify --store "$store"
