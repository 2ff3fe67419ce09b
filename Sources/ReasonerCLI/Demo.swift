// `reasoner demo`: the embedded default — SFT a tiny Llama on a generated arithmetic task, measure
// held-out pass@1, run the T1 RL recipe, measure again; no arguments, no downloads.
// Tested in Tests/ReasonerCLITests (bad flags) and Tests/ReasonerCoreTests/DemoTests.swift (the pipeline).
import ArgumentParser
import Foundation
import ReasonerCore

struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the embedded demo: SFT, held-out accuracy, T1 RL, held-out accuracy again (≤ 10 min on 2 cores).")

  @Option(help: "Output directory for metrics.jsonl, report.html, summary.json and the checkpoint.")
  var out: String = "runs/demo"
  @Option(help: "Seed of the model's initial weights, the SFT data and RL sampling.") var seed: UInt64 = 1
  @Option(help: "SFT steps (default: the demo's recommended number).") var sftSteps: Int?
  @Option(help: "RL steps (default: the demo's recommended number).") var rlSteps: Int?
  @Option(help: "RL learning rate.") var rlLr: Double?
  @Option(help: "Held-out problems evaluated before and after RL.") var evalProblems: Int?
  @Option(help: "Samples per held-out problem for pass@1.") var evalSamples: Int?
  @Option(help: "Model width (tuning).") var hidden: Int?
  @Option(help: "Model layers (tuning).") var layers: Int?
  @Option(help: "SwiGLU width (tuning).") var ffn: Int?
  @Option(help: "SFT learning rate (tuning).") var sftLr: Double?
  @Option(help: "SFT examples per step (tuning).") var sftBatch: Int?
  @Option(help: "RL prompts per step (tuning).") var rlPrompts: Int?
  @Option(help: "RL samples per prompt (tuning).") var rlK: Int?
  @Option(help: "Largest coefficient a of a·x ± b = c (tuning).") var maxCoefficient: Int?
  @Option(help: "SFT weights file: loaded (SFT skipped) when it exists, else written after SFT (tuning).")
  var sftWeights: String?
  @Option(help: "RL sampling temperature τ (tuning; T1: 1.2).") var rlTemperature: Double?
  @Option(help: "Largest offset b of a·x ± b = c (tuning).") var maxOffset: Int?
  @Option(help: "Most characters per sampled response (tuning).") var maxNewTokens: Int?
  @Option(help: "Share of SFT examples that commit without checking (tuning).") var skipRate: Double?

  func validate() throws {
    for (name, value) in [("--sft-steps", sftSteps), ("--rl-steps", rlSteps), ("--eval-problems", evalProblems)] {
      if let value, value < 1 { throw ValidationError("\(name) must be ≥ 1, got \(value)") }
    }
    if let rlLr, !(rlLr > 0 && rlLr.isFinite) { throw ValidationError("--rl-lr must be > 0, got \(rlLr)") }
  }

  func run() throws {
    var settings = DemoSettings()
    settings.out = out
    settings.seed = seed
    if let sftSteps { settings.config.sftSteps = sftSteps }
    if let rlSteps { settings.config.rlSteps = rlSteps }
    if let rlLr { settings.config.rlLearningRate = rlLr }
    if let evalProblems { settings.config.evalProblems = evalProblems }
    if let evalSamples { settings.config.evalSamples = evalSamples }
    if hidden != nil || layers != nil || ffn != nil {
      settings.setModel(hidden: hidden ?? settings.config.model.hiddenSize,
                        layers: layers ?? settings.config.model.numHiddenLayers,
                        ffn: ffn ?? settings.config.model.intermediateSize)
    }
    if let sftLr { settings.config.sftLearningRate = sftLr }
    if let sftBatch { settings.config.sftBatchSize = sftBatch }
    if let rlPrompts { settings.config.rlPromptsPerStep = rlPrompts }
    if let rlK { settings.config.rlSamplesPerPrompt = rlK }
    if let maxCoefficient { settings.difficulty.coefficients = 2...maxCoefficient }
    settings.sftWeights = sftWeights
    if let rlTemperature { settings.config.objective.temperature = rlTemperature }
    if let maxOffset { settings.difficulty.offsets = 1...maxOffset }
    if let maxNewTokens { settings.config.rlMaxNewTokens = maxNewTokens }
    if let skipRate { settings.difficulty.checkSkipRate = skipRate }
    // The demo's matrices are tiny (≤ 96 × 256 per token row): OpenBLAS's own threads cost more than they
    // save there, and on a busy machine they collapse (measured: 1.6 against 10 SFT steps/s at load 7).
    // One BLAS thread; the Swift-side loops (sampling, attention) still use every core. Set here, at the
    // process's entry, not in the library: tests run in parallel, and flipping it mid-run changed the
    // float summation order of a concurrent test that compares two runs bit for bit.
    BLASThreads.set(1)
    do { _ = try DemoPipeline.run(settings) } catch let e as ReasonerError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8))
      throw ExitCode(1)
    }
  }
}
