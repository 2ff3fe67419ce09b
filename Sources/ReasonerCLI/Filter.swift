// `reasoner filter`: T1's difficulty filter — measure each problem's pass rate over k samples and keep
// those with min-pass ≤ rate ≤ max-pass, written with all original fields plus `pass_rate`.
// Tested in Tests/ReasonerCLITests/FilterCLITests.swift (real model, tiny settings; bad input).
import ArgumentParser
import Foundation
import ReasonerCore

struct Filter: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Keep the problems a model solves at most --max-pass of the time (T1's difficulty filter).",
    discussion: "Prompts are built exactly as in `reasoner rl` (chat template and the \\boxed{} instruction).")

  @Option(help: "A .gguf file or a Hugging Face model directory.") var model: String
  @Option(help: "JSONL with `problem` and `answer`.") var data: String
  @Option(help: "Samples per problem used to measure its pass rate.") var samples = 16
  @Option(help: "Keep problems with pass rate ≤ this.") var maxPass: Double
  @Option(help: "Keep problems with pass rate ≥ this.") var minPass = 0.0
  @Option(help: "Where the kept records go (JSONL).") var out: String
  @Option(help: "Temperature of the samples (T1 samples at 1.2).") var temperature = 1.2
  @Option(help: "Top-p (1: off).") var topP = 1.0
  @Option(help: "The most tokens generated per response.") var maxNewTokens = 1024
  @Option(help: "Seed of the run.") var seed: UInt64 = 0
  @Option(help: "Use only the first N problems.") var limit: Int?
  @Option(help: "\"chat\" or a prompt template with {problem}.") var promptTemplate = "chat"
  @Option(help: "The most sequences decoded at once (bounds KV-cache memory).") var maxBatch = 64

  func run() throws {
    try EvalSampling.reportingErrors {
      let filter = try DifficultyFilter(minPass: minPass, maxPass: maxPass)
      let config = EvaluationConfig(
        model: model, data: data, samples: samples, temperature: temperature, topP: topP,
        maxNewTokens: maxNewTokens, seed: seed, limit: limit, promptTemplate: promptTemplate)
      try config.validate()
      let problems = try EvaluationProblem.load(path: data, limit: limit)
      let run = try EvalSampling.run(config: config, problems: problems, label: "filter", maxBatch: maxBatch)
      let selection = try FilterSelection(
        passRates: run.summary.problemPassRates, samplesPerProblem: samples, filter: filter)
      try AtomicFile.write(Data(try selection.keptLines(problems: problems).utf8), to: out)
      print("pass rates over \(samples) samples (* = kept):")
      print(selection.histogramText(filter: filter))
      print(String(format: "kept %d of %d problems (%g ≤ pass rate ≤ %g); mean pass@1 %.4f; %.1f s",
                   selection.kept.count, problems.count, minPass, maxPass, run.summary.overall.passAt1, run.seconds))
      print("wrote \(out)")
    }
  }
}
