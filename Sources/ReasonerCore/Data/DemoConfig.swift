// DemoConfig: the embedded demo's tiny Llama and its SFT/RL/eval settings. These defaults were first
// guesses; `DemoSettings` (Demo/DemoPipeline.swift) overrides them with the measured ones, and every
// tuning run is recorded below. Tested in Tests/ReasonerCoreTests/DataDemoTaskTests.swift (the model
// config validates and matches the tokenizer).

// Measured so far (scratch runs of main's engine after the model/sampling merges, release build,
// OPENBLAS_CORETYPE=ZEN, 1 OpenBLAS thread, on the shared and heavily loaded machine): one SFT step of
// 32 examples (~1.4k tokens) costs 0.33 CPU-s at d = 96, 2 layers (0.22M parameters) and ~1.0 CPU-s at
// d = 128, 4 layers (0.8M); the loss fell 3.68 → 1.59 in 20 steps at lr 1e-2 on the larger one. The larger
// model would spend ~25 CPU-minutes on 1500 SFT steps, over the demo's 10-minute budget, so the default
// is the reference's size. The engine runs these small shapes at ~4k tok/CPU-s, about 4× slower than the
// PyTorch reference per core: speeding it up buys SFT steps or a larger model.
// One short end-to-end run (d = 96, 2 layers, 600 SFT steps at lr 1e-2, then 15 RL steps of 16×16 at
// lr 1e-3, 100 held-out problems, seed 1): after SFT greedy 0.28 (checks 0% — commits, as designed),
// sampled τ=1 0.20 (checks 40%, but checked chains were right only ~20%: arithmetic not yet learned).
// RL then moved the branch the WRONG way (checks 41% → 7%; reward 0.22 → 0.29 from better guesses):
// while checking is unreliable and long chains risk the −1 truncation penalty, committing wins. The
// lever needs check-path accuracy ≫ the lucky-guess rate (~0.2) before RL: more SFT steps (1200+) or
// easier arithmetic (e.g. coefficients 2…5, offsets ≤ 9). Sampler/trainer log-prob gap: 1e-5…2.4e-5.

// Tuning session 2 ("demotune", release build, τ_eval 1.0 × 8 samples on the 42 held-out problems of
// DemoSettings' task: a 2…3, b ≤ 9, 3 × 96 model; headline = sampled pass@1 before → after RL). EVERY run:
// - DemoSettings defaults (SFT 600, RL 40 × 16 prompts × 16 at τ 1.2, lr 1e-3), previous session, loaded
//   machine: seed 1 20.2 → 21.7 (greedy 33.3 → 19.0), seed 2 22.3 → 17.9 (16.7 → 19.0), seed 3
//   24.4 → 26.5 (42.9 → 23.8); 236, 238, 267 CPU s.
// - SFT 1500, RL τ 1.0, seeds 1–3 together: stopped at SFT step ~70 (would not end before the deadline on
//   the loaded machine); no result.
// - SFT 1000, RL τ 1.0, seed 1: 20.5 → 26.5 (+6.0), greedy 31.0 → 26.2; 318 CPU s (326 s wall). RL again
//   shortened responses (mean 36 → 16 characters) instead of checking more; training reward noisy 0.07–0.41.
// - The same SFT start (--sft-weights), branch split by DemoBranchStats (logged by every demo run now):
//   τ 1.0 checks 44.9% of 336 responses, right 21.9% when checked vs 21.1% when not; after 1 RL step at
//   lr 1e-3: checks 35.4%, right 17.6% / 18.0%.
// ROOT CAUSE (read from the logged examples): products and sums are mostly right, but the verdict
// low/high/ok is close to random — the model does not compare its value with c from the prompt:
// "2x+8=24 → try 6: 2*6+8=12+8=21 ok | \boxed{6}", "3x+9=30 → try 6: 3*6+9=18+9=30 high | …",
// "3x+9=30 → try 9: …=36 low | try 9: …=36 ok". More SFT steps (600 → 1000) did not fix it and
// no RL setting can, since checking pays no more than guessing. Next step (not done): make the
// comparison local in DemoTask's chain, e.g. "try 6: 2*6+8=12+8=20<24 low" (copy c next to the value,
// then compare two adjacent numbers), re-check that DemoBranchStats shows ≥ ~80% right when checked
// after SFT, and only then tune RL (τ 1.0 vs 1.2, lr, steps). No default was changed by this session.
// Tried once, uncommitted (seed 1, SFT 1000, --max-new-tokens 112): check lines "…=20 to 24 low". After SFT
// sampled 28.9%, greedy 47.6%, checks 43.5%, right 23.3% when checked vs 27.4% not — no better: the model
// also fails to COPY c ("2x-1=1 → …=5 to 3 high") and to compare adjacent numbers ("20 to 24 high"), with
// SFT loss ~0.1. Suspect the model/attention at these positions before the task: test a pure copy task.

// Session 3 (AVX-512 machine, release build; the machine shared with a perf helper and other runs at
// load 4–8, so wall times are upper bounds; idle, the old 600-step demo ran in 47 s wall):
// - Old format, more SFT (3000 → 2400 steps, 60 RL steps), seed 1: 36.0 → 61.9 sampled (+25.9), greedy
//   54.8 → 66.7; checked chains right 47.8% vs 23.5% unchecked at τ 1.2. Seed 2 (3000 SFT): checked
//   right only 45.7% — verdicts on held-out problems near random ("2x-1=1 → …=5 ok"): with ~160 training
//   problems the model memorised verdicts instead of comparing the value with c.
// - Check lines that restate the equation ("try 6: 2*6+8=24? 12+8=20 low"; the copy of c is aligned
//   with the prompt, an induction pattern), 3000 SFT, 100 RL steps, max 128 characters: seed 1
//   43.5 → 74.1 sampled (+30.6), greedy 57.1 → 73.8, checked right 67.9% → 72.6%, checking 47% → 100%;
//   with coefficients 2–4: 37.7 → 60.5 (+22.8). Seeds 2 and 3 with that setting: 34.5 → 45.8 (+11.3;
//   checked right only 44.6%) and 49.1 → 82.4 (+33.3).
// - SFT lr 5e-3 instead of 1e-2 makes the checked path reliable on every seed (checked right 84.6%, 77.0%,
//   73.5% for seeds 1–3), but RL at lr 1e-3 × 100 steps then drifted (KL to the start up to 27 nats a
//   response), memorised the training problems and lost held-out check accuracy (→ 58%, 50%, 58%):
//   +8.3, +6.5, +14.0. RL at lr 5e-4 × 60 steps, seed 2: 42.3 → 78.9 (+36.6), checked right 74% after
//   RL. These (SFT lr 5e-3, RL lr 5e-4 × 60) are the defaults. Seeds 1 and 3 with them: 47.9 → 75.9
//   (+28.0; greedy 38.1 → 78.6) and 45.5 → 73.5 (+28.0; greedy 35.7 → 73.8); 369–378 CPU s a run.
// - OpenBLAS with 2 threads on these tiny matrices collapses when the machine is busy (1.6 SFT steps/s
//   against 10 with one thread at load 7): the demo runs OpenBLAS single-threaded.

/// Everything `reasoner demo` needs besides the task itself.
public struct DemoConfig: Equatable, Sendable {
  /// A 2-layer, 96-wide Llama (RMSNorm, RoPE, SwiGLU, tied embeddings) over the 37-token demo
  /// vocabulary: ~0.22M parameters, the reference's size, which learned 2-digit sums. This task adds a
  /// one-digit product table and a comparison; d = 128 and 4 layers would be safer for that but cost 3×
  /// (see above).
  public var model: LlamaConfig

  // SFT. The findings: the learning rate decides everything early (3e-3 sat on a plateau for 570 steps,
  // 1e-2 left it after ~600), so start high with a short warm-up and decay.
  public var sftSteps = 1200
  public var sftBatchSize = 32
  public var sftLearningRate = 1e-2
  public var sftWarmupSteps = 50
  /// Fresh examples each step (the task is generated), so there is no epoch to overfit.
  public var sftSeed: UInt64 = 1

  // RL (T1 recipe on the demo). K = 16 and lr 1e-3 are the findings' untested levers; 16 prompts × 16
  // samples of ~45 characters: ~8× an SFT step's tokens (training) plus sampling, so ~2.5 CPU-s a step
  // at the measured speed; 120 steps ≈ 5 CPU-minutes.
  public var rlSteps = 120
  public var rlPromptsPerStep = 16
  public var rlSamplesPerPrompt = 16
  public var rlLearningRate = 1e-3
  public var rlMaxNewTokens = 128
  /// T1's objective with its defaults (τ 1.2, k1 KL in the reward with λ 2e-4, token-mean, override),
  /// plus a small entropy bonus.
  public var objective = RLObjective(entropyCoef: 1e-3)
  /// β of the EMA reference, updated every step.
  public var emaBeta = 0.99
  /// Skip groups whose rewards are all equal (no signal; they only dilute the token-mean).
  public var skipAllEqualGroups = true

  // Evaluation on held-out problems: greedy, and pass@1 averaged over samples at τ = 1.
  public var evalProblems = 256
  public var evalSamples = 4
  public var evalTemperature = 1.0

  public init(tokenizer: DemoTokenizer = DemoTokenizer()) {
    model = LlamaConfig(
      vocabSize: tokenizer.vocabularySize, hiddenSize: 96, intermediateSize: 256, numHiddenLayers: 2,
      numAttentionHeads: 4, numKeyValueHeads: 4, maxPositionEmbeddings: 192, rmsNormEps: 1e-5,
      ropeTheta: 10000, tieWordEmbeddings: true, bosTokenId: Int(tokenizer.bosId),
      eosTokenId: Int(tokenizer.eosId))
  }

  /// The default demo: the task's default difficulty and the settings above.
  public static let recommended = DemoConfig()
}
