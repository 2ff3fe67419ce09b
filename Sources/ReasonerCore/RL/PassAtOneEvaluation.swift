// Held-out evaluation for RL runs: sample k responses per problem (or one greedy response at temperature
// 0), judge them with the same correctness reward the trainer uses, and report pass@1 averaged over the k
// samples (T1's metric) with the box rate. Tested in Tests/ReasonerCoreTests/DemoTests.swift.
import Foundation
import ReasonerReward

public struct PassAtOneEvaluation: Sendable, Codable, Equatable {
  /// mean over problems of (correct samples / k).
  public var passAt1: Double
  /// Share of responses with a final answer the verifier could extract.
  public var answeredRate: Double
  /// Share of responses that hit max_new_tokens.
  public var truncatedRate: Double
  public var problems: Int
  public var samplesPerProblem: Int
  public var temperature: Double

  enum CodingKeys: String, CodingKey {
    case passAt1 = "pass_at_1", answeredRate = "answered_rate", truncatedRate = "truncated_rate"
    case problems, samplesPerProblem = "samples_per_problem", temperature
  }

  /// Evaluates `model` on `records`: `samples` per problem at `temperature` (0: greedy, one sample).
  public static func run(model: LlamaModel, codec: RLTextCodec, records: [RLRecord], samples: Int,
                         temperature: Double, maxNewTokens: Int, seed: UInt64,
                         threads: Int = defaultThreadCount) throws -> PassAtOneEvaluation {
    let k = temperature == 0 ? 1 : samples
    let prompts = try records.map { try codec.encodePrompt($0.problem) }
    let parameters = SamplingParameters(
      temperature: Float(temperature), maxNewTokens: maxNewTokens, seed: seed, stopTokenIDs: codec.stopTokenIDs)
    let completions = try Generator(model: model, maxConcurrentSlots: 512, threads: threads)
      .generate(prompts: prompts, samplesPerPrompt: k, parameters: parameters)
    var correct: [Bool] = [], answered = 0, truncated = 0
    for c in completions {
      let verdict = verify(response: codec.decode(c.tokenIDs), gold: records[c.promptIndex].answer)
      correct.append(verdict.isCorrect)
      if verdict.extracted != nil { answered += 1 }
      if c.finishReason == .length { truncated += 1 }
    }
    let report = try passAtOne(correct: correct, k: k)
    let n = Double(max(1, completions.count))
    return PassAtOneEvaluation(
      passAt1: report.overall.passAt1, answeredRate: Double(answered) / n, truncatedRate: Double(truncated) / n,
      problems: records.count, samplesPerProblem: k, temperature: temperature)
  }
}
