// Shared by `reasoner eval` and `reasoner filter`: load the model, sample k responses per problem with a
// progress line (rate and ETA), judge them. Tested in Tests/ReasonerCLITests/EvalCLITests.swift.
import ArgumentParser
import Foundation
import ReasonerCore

enum EvalSampling {
  /// Loads `config.model`, samples `config.samples` responses per problem and judges them.
  static func run(config: EvaluationConfig, problems: [EvaluationProblem], label: String, maxBatch: Int) throws
    -> (summary: EvaluationSummary, responses: [ScoredResponse], seconds: Double, tokens: Int)
  {
    let lm = try LanguageModel.load(path: config.model, decodeWeights: DecodeWeightPrecision(rawValue: config.decodeWeights) ?? .fp32)
    let codec = try lm.evaluationCodec(template: config.promptTemplate)
    let total = problems.count * config.samples
    let progress = ProgressLine(label, total: total, unit: "responses")
    let start = Date()
    let sampled = try lm.sampleResponses(
      problems: problems, codec: codec, samplesPerProblem: config.samples, parameters: config.samplingParameters,
      source: config.data, maxConcurrentSlots: maxBatch
    ) { p in
      let seconds = Date().timeIntervalSince(start)
      progress.update(
        done: p.finishedCompletions,
        extra: String(format: "%d tokens, %.1f tokens/s", p.generatedTokens, Double(p.generatedTokens) / max(seconds, 1e-9)))
    }
    let seconds = Date().timeIntervalSince(start)
    progress.update(done: total)
    let (summary, responses) = try Evaluator.score(
      problems: problems, responses: sampled, samplesPerProblem: config.samples, budgets: config.budgets)
    return (summary, responses, seconds, sampled.reduce(0) { $0 + $1.tokenCount })
  }

  /// Runs `body`, printing a ReasonerError as "error: …" and exiting with status 1.
  static func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let e as ReasonerError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8))
      throw ExitCode(1)
    }
  }
}
