// End to end: the full RL loop (sampling, scoring, EMA-reference KL, RLOO, PolicyLoss, AdamW) on a tiny
// task — answer with the digit 3 first — raises the mean reward from near chance to most of the batch
// within a few dozen steps (fixed seed; a statistical assertion, not a timing).
import Foundation
import Testing

@testable import ReasonerCore

@Suite struct EndToEndRLTests {
  @Test func rewardRisesOnATinyTask() throws {
    var config = RLTestSupport.config(steps: 30)
    config.k = 8
    config.skipEqualGroups = true
    let model = LlamaModel.randomInit(config: RLTestSupport.modelConfig, seed: 11, std: 0.1)
    let trainer = try RLTrainer(policy: model, codec: .demo(), config: config, reward: FirstCharacterReward(target: "3"))
    let run = try RLRun(trainer: trainer, records: RLTestSupport.records(16))
    run.showProgress = false
    defer { try? FileManager.default.removeItem(atPath: config.out) }
    let history = try run.run()
    let rewards = history.map(\.rewardMean)
    let early = rewards.prefix(5).reduce(0, +) / 5, late = rewards.suffix(5).reduce(0, +) / 5
    // Chance is ~1/37 per response; 30 steps of 32 samples at lr 1e-2 should make "3" the usual first token.
    #expect(early < 0.2 && late > 0.6, "reward per step: \(rewards.map { String(format: "%.2f", $0) })")
    let lines = try String(contentsOfFile: run.metricsPath, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 30)
    #expect(FileManager.default.fileExists(atPath: run.reportPath))
    let html = try String(contentsOfFile: run.reportPath, encoding: .utf8)
    #expect(html.contains("<svg") && html.contains("reward_mean"))
  }
}
