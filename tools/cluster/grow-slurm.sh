#!/usr/bin/env bash
# A Slurm job array running the shards of one `fmm grow` campaign, one core each, each in its
# own copy of the store (shard i takes every N-th shape).
# Submit:  sbatch --array=0-31 tools/cluster/grow-slurm.sh 8 12     (MAX, HOURS)
# Merge:   fmm merge --store . grow-shards/*  &&  fmm verify   (entries and campaign journals)
#SBATCH --job-name=fmm-grow
#SBATCH --cpus-per-task=1
#SBATCH --time=13:00:00
#SBATCH --output=grow-shards/%A_%a.log
set -euo pipefail
max=$1; hours=$2
shards=${SLURM_ARRAY_TASK_COUNT:?run as a job array}
i=${SLURM_ARRAY_TASK_ID:?run as a job array}
store=grow-shards/$i
mkdir -p "$store"
cp -r catalogue proofs "$store"/ 2>/dev/null || true
cp -r campaign "$store"/ 2>/dev/null || true
fmm grow --max "$max" --hours "$hours" --shard "$i/$shards" --store "$store" --json > "$store/summary.json"
