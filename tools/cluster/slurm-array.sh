#!/usr/bin/env bash
# A Slurm job array: one flip-graph shard per array task, each in its own store.
# Submit:  sbatch --array=0-63 tools/cluster/slurm-array.sh 5x5x5 3600
# Merge:   fmm merge --store . shards/*  &&  fmm verify
# FMM_SEARCH_OPTIONS (exported to the job) adds search options, e.g. "--from restriction --scramble 1000000".
#SBATCH --job-name=fmm-flip
#SBATCH --cpus-per-task=1
#SBATCH --time=02:00:00
#SBATCH --output=shards/%A_%a.log
set -euo pipefail
shape=$1; seconds=$2
shards=${SLURM_ARRAY_TASK_COUNT:?run as a job array}
i=${SLURM_ARRAY_TASK_ID:?run as a job array}
store=shards/$i
mkdir -p "$store"
cp -r catalogue proofs "$store"/ 2>/dev/null || true
# Checkpoints every 10 s: a preempted task loses at most that; resume with --from the checkpoint.
fmm search "$shape" --method flip --seconds "$seconds" --shard "$i/$shards" --store "$store" \
    --checkpoint "$store/checkpoints" --json ${FMM_SEARCH_OPTIONS:-} > "$store/summary.json"
