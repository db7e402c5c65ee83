#!/usr/bin/env bash
# Runs SHARDS shards of one `fmm grow` campaign with GNU parallel, each in its own copy of the
# main store (each shard takes every SHARDS-th shape), then merges entries and journals back.
#   tools/cluster/grow-parallel.sh SHARDS HOURS [MAIN_STORE] [MAX]
# Rerunning it resumes: the merged journals tell every shard what was tried.
set -euo pipefail
shards=$1; hours=$2; main=${3:-.}; max=${4:-8}
work=$(mktemp -d grow-shards.XXXXXX)
seq 0 $((shards - 1)) | parallel --line-buffer \
  "mkdir -p $work/{} && cp -r $main/catalogue $main/proofs $work/{}/ && { cp -r $main/campaign $work/{}/ 2>/dev/null || true; } && fmm grow --max $max --hours $hours --shard {}/$shards --store $work/{} --json > $work/{}/summary.json"
fmm merge --store "$main" "$work"/*
fmm verify --store "$main"
