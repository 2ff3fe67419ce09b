// DemoBranchStats: how often sampled demo responses take the checked path ("try g: …") versus committing
// to the first guess unchecked, and how often each path ends correct — the quantity RL needs to flip.
// Tested through Tests/ReasonerCoreTests/DemoTests.swift (the pipeline logs it on a shortened run).
import Foundation
import ReasonerReward

public struct DemoBranchStats: Sendable {
  /// Share of responses whose first line checks its guess (contains ':').
  public var checkedShare: Double
  /// Accuracy of the checked responses (0 when there are none).
  public var checkedAccuracy: Double
  /// Accuracy of the unchecked responses (0 when there are none).
  public var uncheckedAccuracy: Double
  public var responses: Int
  /// A few checked responses ("problem → response [right/wrong]"), to see how the check chains break.
  public var checkedExamples: [String] = []

  /// Samples `samples` responses per record at `temperature` and splits them by branch.
  public static func measure(model: LlamaModel, codec: RLTextCodec, records: [RLRecord], samples: Int,
                             temperature: Double, maxNewTokens: Int, seed: UInt64) throws -> DemoBranchStats {
    let prompts = try records.map { try codec.encodePrompt($0.problem) }
    let parameters = SamplingParameters(
      temperature: Float(temperature), maxNewTokens: maxNewTokens, seed: seed, stopTokenIDs: codec.stopTokenIDs)
    let completions = try Generator(model: model, maxConcurrentSlots: 512, threads: defaultThreadCount)
      .generate(prompts: prompts, samplesPerPrompt: temperature == 0 ? 1 : samples, parameters: parameters)
    var checked = 0, checkedRight = 0, uncheckedRight = 0, examples: [String] = []
    for c in completions {
      let text = codec.decode(c.tokenIDs)
      let right = verify(response: text, gold: records[c.promptIndex].answer).isCorrect
      let firstLine = text.split(separator: "\n", maxSplits: 1).first ?? ""
      if firstLine.contains(":") {
        checked += 1
        if right { checkedRight += 1 }
        if examples.count < 6 {
          examples.append("\(records[c.promptIndex].problem) → \(text.replacingOccurrences(of: "\n", with: " | ")) "
            + (right ? "[right]" : "[wrong]"))
        }
      } else if right {
        uncheckedRight += 1
      }
    }
    let n = completions.count, unchecked = n - checked
    return DemoBranchStats(
      checkedShare: Double(checked) / Double(max(1, n)),
      checkedAccuracy: Double(checkedRight) / Double(max(1, checked)),
      uncheckedAccuracy: Double(uncheckedRight) / Double(max(1, unchecked)), responses: n,
      checkedExamples: examples)
  }

  public var line: String {
    String(format: "checked %.1f%% of %d responses (right %.1f%% when checked, %.1f%% when not)",
           100 * checkedShare, responses, 100 * checkedAccuracy, 100 * uncheckedAccuracy)
      + checkedExamples.map { "\n  e.g. " + $0 }.joined()
  }
}
