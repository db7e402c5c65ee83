#!/usr/bin/env bash
# Runs N independent shards of a flip-graph search with GNU parallel, each in its own store,
# then merges the verified results into the main catalogue.
#   tools/cluster/gnu-parallel.sh SHAPE SHARDS SECONDS [MAIN_STORE]
# FMM_SEARCH_OPTIONS adds options to every shard's search, e.g. "--from restriction --scramble
# 1000000" (each shard then restricts a differently scrambled larger entry).
set -euo pipefail
shape=$1; shards=$2; seconds=$3; main=${4:-.}
work=$(mktemp -d shards.XXXXXX)
seq 0 $((shards - 1)) | parallel --line-buffer \
  "mkdir -p $work/{} && cp -r $main/catalogue $main/proofs $work/{}/ 2>/dev/null; fmm search $shape --method flip --seconds $seconds --shard {}/$shards --store $work/{} --checkpoint $work/{}/checkpoints --json ${FMM_SEARCH_OPTIONS:-}"
fmm merge --store "$main" "$work"/*
fmm verify --store "$main"
