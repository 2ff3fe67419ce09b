#!/usr/bin/env bash
# The GSM8K stretch of the documented real run: the same T1 recipe as smollm2_arithmetic_run.sh on
# SmolLM2-135M-Instruct, with GSM8K's own worked solutions as SFT data (scripts/make_gsm8k_sft.py) and
# GSM8K train problems for RL; greedy pass@1 on the first EVAL_PROBLEMS of GSM8K test before SFT, after
# SFT and after RL. A phase whose output exists is skipped; RL resumes from its last checkpoint.
#
#   scripts/smollm2_gsm8k_run.sh [OUT]        (default OUT: runs/smollm2-gsm8k)
#
# Knobs (environment): SFT_STEPS, SFT_LR, RL_STEPS, RL_B, RL_K, RL_LR, RL_TOKENS, EVAL_PROBLEMS, DATA.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-runs/smollm2-gsm8k}
R=.build/release/reasoner
source scripts/run_lib.sh
MODEL=$(scripts/fetch-model.sh)
DATA=${DATA:-../shared/data}
SFT_STEPS=${SFT_STEPS:-120} SFT_LR=${SFT_LR:-3e-5} RL_STEPS=${RL_STEPS:-20} RL_B=${RL_B:-4} RL_K=${RL_K:-8}
RL_LR=${RL_LR:-2e-6} RL_TOKENS=${RL_TOKENS:-256} EVAL_PROBLEMS=${EVAL_PROBLEMS:-160}
mkdir -p "$OUT/data"
[ -s "$OUT/data/train.jsonl" ] || python3 scripts/make_gsm8k_sft.py --data "$DATA/gsm8k_train.jsonl" --out "$OUT/data/train.jsonl"
[ -s "$OUT/data/test.jsonl" ] || python3 scripts/make_gsm8k_sft.py --data "$DATA/gsm8k_test.jsonl" --out "$OUT/data/test.jsonl"

evaluate base "$MODEL" "$OUT/data/test.jsonl" "$EVAL_PROBLEMS" 320
[ -s "$OUT/sft/checkpoint/model.safetensors" ] ||
  $R sft --model "$MODEL" --data "$OUT/data/train.jsonl" --prompt-field prompt --completion-field solution \
    --out "$OUT/sft" --steps "$SFT_STEPS" --batch-size 8 --micro-batch-size 8 --seq-len 384 --lr "$SFT_LR" \
    --warmup 10 --seed 0
evaluate sft "$OUT/sft/checkpoint" "$OUT/data/test.jsonl" "$EVAL_PROBLEMS" 320

done_steps=$(completed_rl_steps "$OUT/rl/checkpoint") resume=()
[ "$done_steps" -gt 0 ] && resume=(--resume "$OUT/rl/checkpoint")
if [ "$done_steps" -lt "$RL_STEPS" ]; then
  $R rl --model "$OUT/sft/checkpoint" --data "$OUT/data/train.jsonl" --out "$OUT/rl" \
    --batch-size "$RL_B" --k "$RL_K" --temperature 1.2 --max-new-tokens "$RL_TOKENS" --lr "$RL_LR" \
    --steps "$RL_STEPS" --micro-batch-size 16 --track-initial-kl false --checkpoint-every 5 --seed 0 "${resume[@]}"
fi
evaluate rl "$OUT/rl/checkpoint" "$OUT/data/test.jsonl" "$EVAL_PROBLEMS" 320
python3 scripts/plot_rl_metrics.py "$OUT/rl/metrics.jsonl" --out "$OUT/rl_curves.png" \
  --title "T1 RL on SmolLM2-135M-Instruct after SFT, GSM8K train"
summarize base sft rl
