// The demo pipeline, shortened (a 1-layer model, a few SFT and RL steps): it writes summary.json,
// metrics.jsonl and report.html with numbers that agree with each other; and the built-in reward and
// penalties on hand-written responses.
import Foundation
import ReasonerReward
import Testing

@testable import ReasonerCore

@Suite struct DemoTests {
  @Test func shortenedDemoWritesConsistentOutputs() throws {
    var settings = DemoSettings()
    settings.setModel(hidden: 32, layers: 1, ffn: 64)
    settings.config.sftSteps = 3
    settings.config.sftBatchSize = 8
    settings.config.rlSteps = 2
    settings.config.rlPromptsPerStep = 2
    settings.config.rlSamplesPerPrompt = 4
    settings.config.rlMaxNewTokens = 24
    settings.config.evalProblems = 6
    settings.config.evalSamples = 2
    settings.out = NSTemporaryDirectory() + "demo-test-\(getpid())"
    settings.sftWeights = settings.out + "-sft.f32"
    defer {
      try? FileManager.default.removeItem(atPath: settings.out)
      try? FileManager.default.removeItem(atPath: settings.sftWeights!)
    }
    var lines: [String] = []
    let summary = try DemoPipeline.run(settings) { lines.append($0) }
    let data = try Data(contentsOf: URL(fileURLWithPath: settings.out + "/summary.json"))
    let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    #expect(json["accuracy_before"] as? Double == summary.accuracyBefore)
    #expect(json["accuracy_after"] as? Double == summary.accuracyAfter)
    #expect((json["seconds"] as? Double ?? 0) > 0)
    #expect((0...1).contains(summary.accuracyBefore) && (0...1).contains(summary.greedyAfter))
    let metrics = try String(contentsOfFile: settings.out + "/metrics.jsonl", encoding: .utf8).split(separator: "\n")
    #expect(metrics.count == 2)
    let html = try String(contentsOfFile: settings.out + "/report.html", encoding: .utf8)
    #expect(html.contains("before → after RL") && html.contains("<svg"))
    #expect(lines.last?.contains(settings.out + "/summary.json") == true)
    #expect(lines.contains { $0.contains("before RL") && $0.contains("when checked") })
    // The SFT weights were saved; a second run starts from them and skips SFT.
    let saved = try Data(contentsOf: URL(fileURLWithPath: settings.sftWeights!))
    #expect(saved.count == summary.parameters * 4)
    var again: [String] = []
    let second = try DemoPipeline.run(settings) { again.append($0) }
    #expect(again.contains { $0.contains("SFT skipped") })
    #expect(second.accuracyBefore == summary.accuracyBefore && second.greedyBefore == summary.greedyBefore)
    // pass@1 of 6 problems × 2 samples is a multiple of 1/12.
    #expect(abs(summary.accuracyBefore * 12 - (summary.accuracyBefore * 12).rounded()) < 1e-9)
  }

  @Test func correctnessRewardAndPenaltiesOnHandWrittenResponses() throws {
    let batch = RewardBatch(
      prompts: ["2x+1=7", "2x+1=7", "2x+1=7"], completions: ["try 3: 2*3+1=7? 6+1=7 ok\n\\boxed{3}", "try 2\n\\boxed{2}", "no answer"],
      answers: ["3", "3", "3"], recordIndex: [0, 0, 0], truncated: [false, false, true])
    #expect(try CorrectnessReward().rewards(for: batch) == [1, 0, 0])
    let weighted = WeightedRewards([(CorrectnessReward(), 1), (FirstCharacterReward(target: "t"), 0.5)])
    #expect(try weighted.rewards(for: batch) == [1.5, 0.5, 0])
    let penalties = ResponsePenalties(repetitionDetector: DemoPipeline.demoRepetitionDetector)
    let tokenizer = DemoTokenizer()
    let checked = try tokenizer.encode("try 3: 2*3+1=7? 6+1=7 ok\n\\boxed{3}")
    #expect(penalties.flags(tokens: checked, text: batch.completions[0], hitLength: false) == .none)
    #expect(penalties.flags(tokens: checked, text: "x", hitLength: true).truncated)
    let loop = try tokenizer.encode(String(repeating: "try 3: ", count: 12))
    #expect(penalties.flags(tokens: loop, text: "", hitLength: false).repetitive)
    #expect(penalties.flags(tokens: [], text: "ok\u{FFFD}", hitLength: false).garbled)
    let off = ResponsePenalties(truncated: false, repetitive: false, garbled: false)
    #expect(off.flags(tokens: loop, text: "ok\u{FFFD}", hitLength: true) == .none)
  }
}
