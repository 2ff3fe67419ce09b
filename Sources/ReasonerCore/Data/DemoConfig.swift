// DemoConfig: the embedded demo's tiny Llama and its recommended SFT/RL/eval settings. These numbers are
// reasoned guesses (see DemoTask.swift's design notes and ../shared/notes/demo-findings.md) until the
// integration run of `reasoner demo` measures them. Tested in Tests/ReasonerCoreTests/DataDemoTaskTests.swift
// (the model config validates and matches the tokenizer).

// Measured so far (scratch run of main's engine at 1a070dc+model+sampling, release, OPENBLAS_CORETYPE=ZEN,
// on the shared, heavily loaded machine): one SFT step of 32 examples (~1.4k tokens) on this model costs
// ~1 CPU-second (20 steps: 19–20 s CPU with 1 or 2 OpenBLAS threads), and the loss fell 3.68 → 1.59 in
// 20 steps at lr 1e-2. At that cost 1500 SFT steps alone are ~25 CPU-minutes: over the 10-minute budget.
// Either the engine's small-shape overhead comes down (the PyTorch reference did ~35k tok/s on a 0.22M
// model) or the demo shrinks (fewer SFT steps at lr 1e-2, d = 96, 2–3 layers). RL was not measured.

/// Everything `reasoner demo` needs besides the task itself.
public struct DemoConfig: Equatable, Sendable {
  /// A 4-layer, 128-wide Llama (RMSNorm, RoPE, SwiGLU, tied embeddings) over the 37-token demo
  /// vocabulary: ~0.8M parameters. The reference's 0.22M model (d = 96, 2 layers) learned 2-digit sums;
  /// this task adds a product table and a comparison, so one more pair of layers and d = 128.
  public var model: LlamaConfig

  // SFT. The findings: the learning rate decides everything early (3e-3 sat on a plateau for 570 steps,
  // 1e-2 left it after ~600), so start high with a short warm-up and decay.
  public var sftSteps = 1500
  public var sftBatchSize = 32
  public var sftLearningRate = 5e-3
  public var sftWarmupSteps = 50
  /// Fresh examples each step (the task is generated), so there is no epoch to overfit.
  public var sftSeed: UInt64 = 1

  // RL (T1 recipe on the demo). K = 16 and lr 1e-3 are the findings' untested levers; 16 prompts × 16
  // samples of ~60 characters should take ~1 s a step, so 150 steps fit in ~3 minutes.
  public var rlSteps = 150
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
      vocabSize: tokenizer.vocabularySize, hiddenSize: 128, intermediateSize: 352, numHiddenLayers: 4,
      numAttentionHeads: 4, numKeyValueHeads: 4, maxPositionEmbeddings: 192, rmsNormEps: 1e-5,
      ropeTheta: 10000, tieWordEmbeddings: true, bosTokenId: Int(tokenizer.bosId),
      eosTokenId: Int(tokenizer.eosId))
  }

  /// The default demo: the task's default difficulty and the settings above.
  public static let recommended = DemoConfig()
}
