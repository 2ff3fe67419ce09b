// The embedded demo, end to end: a tiny Llama over the demo task's characters, SFT on trial-and-error
// chains of thought, held-out pass@1, the T1 RL recipe (real verifier, penalties, EMA KL, RLOO), pass@1
// again; writes metrics.jsonl, report.html and summary.json. Tested in Tests/ReasonerCoreTests/DemoTests.swift
// (a shortened run writes every file with consistent numbers).
import Foundation
import ReasonerReward

/// Everything the demo does, with the defaults `reasoner demo` uses: the task's `DemoConfig.recommended`
/// shrunk to one-digit coefficients 2–3 and offsets ≤ 9, a 3-layer, 96-wide model (336k parameters),
/// 3000 SFT steps at lr 5e-3, then 60 RL steps of 16 prompts × 16 samples at τ 1.2 and lr 5e-4.
///
/// What made RL pay (measured per seed in DemoConfig's notes): (1) enough SFT that the checked path is
/// reliable — at 600 steps checked chains were right no more often than guesses, after 3000 steps at
/// lr 5e-3 they are right ~3× as often; (2) check lines that restate the equation with the trial
/// substituted ("try 6: 2*6+8=24? 12+8=20 low"), so c sits beside the value it is compared with; (3) a
/// gentle RL phase — at lr 1e-3 × 100 steps the policy drifted (KL to the start 20+ nats per response),
/// memorised the ~150 training problems and lost held-out check accuracy; (4) one BLAS thread for these
/// tiny matrices. RL then flips the branch from ~40% checked to ~100%.
public struct DemoSettings: Sendable {
  public var config = DemoConfig.recommended
  public var difficulty = DemoDifficulty()
  public var seed: UInt64 = 1
  public var out = "runs/demo"
  /// A file holding the SFT'd weights (flat float32): loaded instead of running SFT when it exists with
  /// the model's size, written after SFT otherwise — so RL settings can be iterated from one SFT start.
  public var sftWeights: String? = nil

  public init() {
    difficulty.coefficients = 2...3
    difficulty.offsets = 1...9
    setModel(hidden: 96, layers: 3, ffn: 256)
    config.sftSteps = 3000
    config.sftBatchSize = 32
    config.sftLearningRate = 5e-3
    config.sftWarmupSteps = 30
    config.rlSteps = 60
    config.rlPromptsPerStep = 16
    config.rlSamplesPerPrompt = 16
    config.rlLearningRate = 5e-4
    config.rlMaxNewTokens = 128
    config.evalProblems = 256
    config.evalSamples = 8
    config.evalTemperature = 1.0
  }

  /// A Llama of `layers` × `hidden` (4 heads) with SwiGLU width `ffn` over the demo's characters.
  public mutating func setModel(hidden: Int, layers: Int, ffn: Int) {
    let tokenizer = DemoTokenizer()
    config.model = LlamaConfig(
      vocabSize: tokenizer.vocabularySize, hiddenSize: hidden, intermediateSize: ffn, numHiddenLayers: layers,
      numAttentionHeads: 4, numKeyValueHeads: 4, maxPositionEmbeddings: 160, rmsNormEps: 1e-5,
      ropeTheta: 10000, tieWordEmbeddings: true, bosTokenId: Int(tokenizer.bosId), eosTokenId: Int(tokenizer.eosId))
  }
}

/// What `summary.json` holds.
public struct DemoSummary: Codable, Sendable {
  /// The headline: held-out pass@1 from samples (see `headline`), before and after RL.
  public var accuracyBefore: Double
  public var accuracyAfter: Double
  public var greedyBefore: Double
  public var greedyAfter: Double
  public var headline: String
  public var seconds: Double
  /// CPU time of the process (user + system): what the run costs on a machine shared with other jobs.
  public var cpuSeconds: Double
  public var secondsSFT: Double
  public var secondsRL: Double
  public var seed: UInt64
  public var heldOutProblems: Int
  public var sftSteps: Int
  public var rlSteps: Int
  public var parameters: Int

  enum CodingKeys: String, CodingKey {
    case accuracyBefore = "accuracy_before", accuracyAfter = "accuracy_after"
    case greedyBefore = "greedy_before", greedyAfter = "greedy_after", headline, seconds, cpuSeconds = "cpu_seconds"
    case secondsSFT = "seconds_sft", secondsRL = "seconds_rl", seed
    case heldOutProblems = "held_out_problems", sftSteps = "sft_steps", rlSteps = "rl_steps", parameters
  }
}

public enum DemoPipeline {
  /// Runs the whole demo; `log` receives one line per phase. Leaves the BLAS thread count alone: that is
  /// process-wide state, set by the caller (`reasoner demo` uses one thread; see Demo.swift).
  public static func run(
    _ settings: DemoSettings, log: (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
  ) throws -> DemoSummary {
    let start = Date()
    let c = settings.config
    let tokenizer = DemoTokenizer()
    let task = try DemoTask(difficulty: settings.difficulty)
    try FileManager.default.createDirectory(atPath: settings.out, withIntermediateDirectories: true)

    // 1. A tiny Llama with the task's character vocabulary.
    let model = LlamaModel.randomInit(config: c.model, seed: settings.seed)
    log("demo: model \(c.model.numHiddenLayers) layers × \(c.model.hiddenSize) wide, "
      + "\(model.parameters.count) parameters, vocabulary \(c.model.vocabSize) characters")

    // 2. SFT on generated chains of thought (trial, check, adjust; some guesses committed unchecked).
    if let path = settings.sftWeights, let data = FileManager.default.contents(atPath: path),
      data.count == model.parameters.count * 4
    {
      data.withUnsafeBytes { _ = model.parameters.storage.update(fromContentsOf: $0.bindMemory(to: Float.self)) }
      log("demo: loaded the SFT weights from \(path) (SFT skipped)")
    } else {
      let sftProgress = ProgressLine("sft", total: c.sftSteps)
      try DemoSFT.train(
        model: model, task: task, tokenizer: tokenizer,
        settings: DemoSFTSettings(steps: c.sftSteps, batchSize: c.sftBatchSize, learningRate: Float(c.sftLearningRate),
                                  warmupSteps: c.sftWarmupSteps, seed: settings.seed &+ c.sftSeed)
      ) { step, loss in sftProgress.update(done: step, extra: String(format: "loss %.4f", loss)) }
      if let path = settings.sftWeights {
        try AtomicFile.write(Data(buffer: UnsafeBufferPointer(model.parameters.storage)), to: path)
      }
    }
    let sftDone = Date()

    // 3. Held-out evaluation before RL.
    let codec = RLTextCodec.demo(tokenizer)
    let heldOut = task.distinct(c.evalProblems, from: .heldOut, seed: 7).enumerated().map { i, p in
      RLRecord(problem: p.text, answer: p.answer, columns: ["subject": p.subject, "level": "\(p.level)"], index: i)
    }
    func evaluate(_ temperature: Double) throws -> PassAtOneEvaluation {
      try PassAtOneEvaluation.run(
        model: model, codec: codec, records: heldOut, samples: c.evalSamples, temperature: temperature,
        maxNewTokens: c.rlMaxNewTokens, seed: settings.seed ^ 0xE7A1)
    }
    func branches(_ temperature: Double) throws -> String {
      try DemoBranchStats.measure(
        model: model, codec: codec, records: heldOut, samples: c.evalSamples, temperature: temperature,
        maxNewTokens: c.rlMaxNewTokens, seed: settings.seed ^ 0xB7A4).line
    }
    let sampledBefore = try evaluate(c.evalTemperature), greedyBefore = try evaluate(0)
    log("demo: before RL, τ \(c.evalTemperature): \(try branches(c.evalTemperature))")
    if c.objective.temperature != c.evalTemperature {
      log("demo: before RL, τ \(c.objective.temperature) (RL's): \(try branches(c.objective.temperature))")
    }
    log(String(format: "demo: after SFT (%.0f s): held-out pass@1 %.1f%% (sampled, τ %.1f, %d samples), greedy %.1f%%",
               sftDone.timeIntervalSince(start), 100 * sampledBefore.passAt1, c.evalTemperature, c.evalSamples,
               100 * greedyBefore.passAt1))

    // 4. The T1 recipe on training problems.
    var rl = RLConfig()
    rl.batchSize = c.rlPromptsPerStep
    rl.k = c.rlSamplesPerPrompt
    rl.maxNewTokens = c.rlMaxNewTokens
    rl.lr = c.rlLearningRate
    rl.steps = c.rlSteps
    rl.emaBeta = c.emaBeta
    rl.skipEqualGroups = c.skipAllEqualGroups
    rl.objective = c.objective
    rl.microBatchSize = 64
    rl.maxGradNorm = 1.0
    rl.seed = settings.seed
    rl.out = settings.out
    let trainer = try RLTrainer(
      policy: model, codec: codec, config: rl,
      penalties: ResponsePenalties(repetitionDetector: demoRepetitionDetector))
    let trainRecords = task.records(.train).enumerated().map { i, r in
      RLRecord(problem: r.problem, answer: r.answer, columns: ["subject": r.subject, "level": "\(r.level)"], index: i)
    }
    let run = try RLRun(trainer: trainer, records: trainRecords)
    try run.run()
    let rlDone = Date()

    // 5. Held-out evaluation after RL.
    let sampledAfter = try evaluate(c.evalTemperature), greedyAfter = try evaluate(0)
    log("demo: after RL, τ \(c.evalTemperature): \(try branches(c.evalTemperature))")
    let seconds = Date().timeIntervalSince(start)
    let summary = DemoSummary(
      accuracyBefore: sampledBefore.passAt1, accuracyAfter: sampledAfter.passAt1,
      greedyBefore: greedyBefore.passAt1, greedyAfter: greedyAfter.passAt1,
      headline: "held-out pass@1 averaged over \(c.evalSamples) samples at temperature \(c.evalTemperature) "
        + "(\(heldOut.count) problems); greedy_* is one greedy response per problem",
      seconds: seconds, cpuSeconds: processCPUSeconds(), secondsSFT: sftDone.timeIntervalSince(start), secondsRL: rlDone.timeIntervalSince(sftDone),
      seed: settings.seed, heldOutProblems: heldOut.count, sftSteps: c.sftSteps, rlSteps: c.rlSteps,
      parameters: model.parameters.count)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(try encoder.encode(summary), to: "\(settings.out)/summary.json")
    func pct(_ v: Double) -> String { String(format: "%.1f%%", 100 * v) }
    run.summary = [
      ("held-out pass@1 (sampled) before → after RL", "\(pct(summary.accuracyBefore)) → \(pct(summary.accuracyAfter))"),
      ("held-out greedy accuracy before → after RL", "\(pct(summary.greedyBefore)) → \(pct(summary.greedyAfter))"),
      ("seconds (SFT, RL, total)", String(format: "%.0f, %.0f, %.0f", summary.secondsSFT, summary.secondsRL, seconds)),
    ]
    try run.writeReport()
    log(String(format: "demo: after RL (%.0f s, %.0f CPU s): held-out pass@1 %@ → %@ (sampled), greedy %@ → %@",
               seconds, summary.cpuSeconds, pct(summary.accuracyBefore), pct(summary.accuracyAfter), pct(summary.greedyBefore),
               pct(summary.greedyAfter)))
    log("demo: wrote \(settings.out)/summary.json, \(run.metricsPath), \(run.reportPath) and \(run.checkpointPath)")
    return summary
  }

  /// The repetition rule set for characters: a correct check line repeats short n-grams ("try ", "+5=")
  /// a few times, so only long loops (a unit repeated ≥ 4 times over ≥ 60 characters) count.
  public static var demoRepetitionDetector: RepetitionDetector {
    RepetitionDetector(n: 24, maxRepeatedFraction: 0.9, minTokens: 100, maxPeriod: 60, minRunRepeats: 4,
                       minRunTokens: 60, minTailRepeats: 3, minTailTokens: 45)
  }
}

/// User + system CPU seconds of this process so far.
func processCPUSeconds() -> Double {
  var usage = rusage()
  getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
  func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
  return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
