# Shared by the documented real runs (smollm2_arithmetic_run.sh, smollm2_gsm8k_run.sh); sourced, not run.
# Each phase is skipped when its output exists, so a stopped run continues where it was.

# evaluate NAME MODEL DATA LIMIT MAX_NEW_TOKENS: greedy eval into $OUT/eval_NAME unless already there.
evaluate() {
  [ -s "$OUT/eval_$1/results.json" ] && return 0
  $R eval --model "$2" --data "$3" --limit "$4" --max-new-tokens "$5" --out "$OUT/eval_$1"
}

# completed_rl_steps CHECKPOINT_DIR: the RL steps a checkpoint holds (0 without one).
completed_rl_steps() {
  if [ -s "$1/state.json" ]; then
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['completed_steps'])" "$1/state.json"
  else
    echo 0
  fi
}

# summarize PHASE...: one line per phase with pass@1, box rate and truncation from $OUT/eval_PHASE.
summarize() {
  for phase in "$@"; do
    python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; \
print(f\"{sys.argv[2]:12s} pass@1 {r['overall']['passAt1']:.3f}  box rate {r['box_rate']:.3f}  truncated {r['truncated_rate']:.3f}\")" \
      "$OUT/eval_$phase/results.json" "$phase"
  done
}
