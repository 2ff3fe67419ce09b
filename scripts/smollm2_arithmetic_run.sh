#!/usr/bin/env bash
# The documented real run: the T1 recipe on SmolLM2-135M-Instruct with procedurally generated arithmetic
# (two-digit sums and differences, one-digit × two-digit products): held-out eval of the base model,
# SFT on place-value chains of thought, eval, T1 RL (τ 1.2, RLOO, penalties, EMA-reference KL), eval,
# curves. Every phase is a `reasoner` command; a phase whose output exists is skipped, so a stopped run
# continues where it was (RL resumes from its last checkpoint).
#
#   scripts/smollm2_arithmetic_run.sh [OUT]        (default OUT: runs/smollm2-arithmetic)
#
# Knobs (environment): SFT_STEPS, RL_STEPS, RL_B, RL_K, RL_LR, RL_TOKENS, EVAL_PROBLEMS, EVAL_EVERY, and
# RL_FROM=sft|base: base skips SFT and runs RL on the pretrained model itself (into OUT/rl_from_base), where
# the base model's loops and truncations give the penalties work to do.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-runs/smollm2-arithmetic}
R=.build/release/reasoner
source scripts/run_lib.sh
MODEL=$(scripts/fetch-model.sh)
SFT_STEPS=${SFT_STEPS:-40} RL_STEPS=${RL_STEPS:-16} RL_B=${RL_B:-4} RL_K=${RL_K:-8}
RL_LR=${RL_LR:-2e-6} RL_TOKENS=${RL_TOKENS:-96} EVAL_PROBLEMS=${EVAL_PROBLEMS:-128} EVAL_EVERY=${EVAL_EVERY:-8}
RL_FROM=${RL_FROM:-sft}
case "$RL_FROM" in sft | base) ;; *) echo "error: RL_FROM must be sft or base, got '$RL_FROM'" >&2; exit 2 ;; esac
mkdir -p "$OUT"
[ -s "$OUT/data/held_out.jsonl" ] || python3 scripts/make_arithmetic.py --out "$OUT/data" --train 4000 --held-out 256

evaluate base "$MODEL" "$OUT/data/held_out.jsonl" "$EVAL_PROBLEMS" 256
if [ "$RL_FROM" = sft ]; then
  [ -s "$OUT/sft/checkpoint/model.safetensors" ] ||
    $R sft --model "$MODEL" --data "$OUT/data/train.jsonl" --prompt-field prompt --completion-field solution \
      --out "$OUT/sft" --steps "$SFT_STEPS" --batch-size 8 --micro-batch-size 8 --seq-len 160 --lr 2e-5 \
      --warmup 4 --seed 0
  evaluate sft "$OUT/sft/checkpoint" "$OUT/data/held_out.jsonl" "$EVAL_PROBLEMS" 256
  START="$OUT/sft/checkpoint" RL=rl TITLE="after SFT"
else
  START="$MODEL" RL=rl_from_base TITLE="from the pretrained model, no SFT"
fi

done_steps=$(completed_rl_steps "$OUT/$RL/checkpoint") resume=()
[ "$done_steps" -gt 0 ] && resume=(--resume "$OUT/$RL/checkpoint")
if [ "$done_steps" -lt "$RL_STEPS" ]; then
  $R rl --model "$START" --data "$OUT/data/train.jsonl" --out "$OUT/$RL" \
    --batch-size "$RL_B" --k "$RL_K" --temperature 1.2 --max-new-tokens "$RL_TOKENS" --lr "$RL_LR" \
    --steps "$RL_STEPS" --micro-batch-size 16 --track-initial-kl false --checkpoint-every 5 \
    --eval-data "$OUT/data/held_out.jsonl" --eval-every "$EVAL_EVERY" --eval-problems 64 --eval-samples 1 \
    --eval-temperature 1.0 --seed 0 "${resume[@]}"
fi
evaluate "$RL" "$OUT/$RL/checkpoint" "$OUT/data/held_out.jsonl" "$EVAL_PROBLEMS" 256
python3 scripts/plot_rl_metrics.py "$OUT/$RL/metrics.jsonl" --out "$OUT/${RL}_curves.png" \
  --title "T1 RL on SmolLM2-135M-Instruct ($TITLE), procedurally generated arithmetic"
phases=(base sft rl)
[ "$RL_FROM" = base ] && phases=(base rl_from_base)
summarize "${phases[@]}"
