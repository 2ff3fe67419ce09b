// RLTrainer: a throwing reward leaves every weight untouched; the metrics line has every field; the
// response rows put each response token where the loss reads it; a checkpoint resumes to the same step.
import Foundation
import Testing

@testable import ReasonerCore

enum RLTestSupport {
  /// 1 layer, width 32, over the demo's 37 characters.
  static let modelConfig = LlamaConfig(
    vocabSize: DemoTokenizer().vocabularySize, hiddenSize: 32, intermediateSize: 64, numHiddenLayers: 1,
    numAttentionHeads: 2, numKeyValueHeads: 2, maxPositionEmbeddings: 64, rmsNormEps: 1e-5, ropeTheta: 10000)

  static func records(_ n: Int) -> [RLRecord] {
    (0..<n).map { RLRecord(problem: "\($0 % 7 + 2)x+1=\(($0 % 7 + 2) * 3 + 1)", answer: "3", index: $0) }
  }

  static func config(steps: Int = 2) -> RLConfig {
    var c = RLConfig()
    c.batchSize = 4
    c.k = 4
    c.maxNewTokens = 6
    c.lr = 1e-2
    c.steps = steps
    c.microBatchSize = 5
    c.penaltyTruncated = false
    c.skipEqualGroups = false
    c.out = NSTemporaryDirectory() + "rl-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    return c
  }
}

/// Rewards completions whose first character is `target`.
struct FirstCharacterReward: RewardFunction {
  var target: Character
  var name: String { "first-character" }
  func rewards(for batch: RewardBatch) throws -> [Double?] {
    batch.completions.map { $0.first == target ? 1 : 0 }
  }
}

struct FailingReward: RewardFunction {
  var name: String { "failing" }
  func rewards(for batch: RewardBatch) throws -> [Double?] {
    throw ReasonerError(.callback, "reward callable raised ValueError")
  }
}

@Suite struct RLTrainerTests {
  @Test func throwingRewardLeavesWeightsUntouched() throws {
    let model = LlamaModel.randomInit(config: RLTestSupport.modelConfig, seed: 3, std: 0.1)
    let trainer = try RLTrainer(policy: model, codec: .demo(), config: RLTestSupport.config(), reward: FailingReward())
    let policyBefore = Array(model.parameters.storage), referenceBefore = Array(trainer.reference.parameters.storage)
    #expect(throws: ReasonerError.self) { _ = try trainer.step(records: RLTestSupport.records(4)) }
    #expect(Array(model.parameters.storage) == policyBefore)
    #expect(Array(trainer.reference.parameters.storage) == referenceBefore)
    #expect(trainer.completedSteps == 0 && trainer.optimizerSteps == 0)
    // A reward that returns the wrong count fails the same way.
    let short = try RLTrainer(policy: model, codec: .demo(), config: RLTestSupport.config(),
                              reward: WeightedRewards([(FirstCharacterReward(target: "3"), 1), (ShortReward(), 1)]))
    #expect(throws: ReasonerError.self) { _ = try short.step(records: RLTestSupport.records(4)) }
    #expect(Array(model.parameters.storage) == policyBefore)
  }

  @Test func metricsLineHasEveryField() throws {
    let model = LlamaModel.randomInit(config: RLTestSupport.modelConfig, seed: 4, std: 0.1)
    let trainer = try RLTrainer(policy: model, codec: .demo(), config: RLTestSupport.config(),
                                reward: FirstCharacterReward(target: "3"))
    let before = Array(model.parameters.storage)
    let metrics = try trainer.step(records: RLTestSupport.records(4))
    let object = try JSONSerialization.jsonObject(with: Data(try metrics.jsonLine().utf8)) as! [String: Any]
    for key in ["step", "lr", "reward_mean", "accuracy", "truncated_rate", "repetitive_rate", "garbled_rate",
                "response_length_mean", "response_length_max", "entropy", "kl_ref", "kl_init",
                "all_equal_fraction", "policy_loss", "grad_norm", "logprob_gap_max", "logprob_gap_mean",
                "seconds_sample", "seconds_score", "seconds_train", "seconds_total"] {
      #expect(object[key] != nil, "missing \(key)")
    }
    #expect(metrics.trainedResponses == 16)
    // The trainer's forward reproduces the sampler's log-probs of the same tokens to float rounding.
    #expect((metrics.logprobGapMax ?? 1) < 1e-4, "gap \(metrics.logprobGapMax ?? .nan)")
    #expect(metrics.entropy! > 0 && metrics.entropy! <= log(37.0) + 1e-6)
    #expect(Array(model.parameters.storage) != before)  // one AdamW step happened
    // The reference moved towards the policy by (1 − β), the initial policy stayed put.
    let ref = trainer.reference.parameters.storage, pol = model.parameters.storage
    var worst = 0.0
    for i in 0..<ref.count {
      let expected = 0.99 * Double(before[i]) + 0.01 * Double(pol[i])
      worst = max(worst, abs(Double(ref[i]) - expected))
    }
    #expect(worst < 1e-6, "EMA max |Δ| \(worst)")
    #expect(Array(trainer.initial!.parameters.storage) == before)
  }

  @Test func responseRowsPlaceEachTokenWhereTheLossReadsIt() throws {
    let a = ResponseRow(prompt: [1, 5, 6], completion: Completion(promptIndex: 0, sampleIndex: 0, tokenIDs: [7, 2], logprobs: [-0.5, -0.25]))
    let b = ResponseRow(prompt: [1, 5], completion: Completion(promptIndex: 1, sampleIndex: 0, tokenIDs: [9, 9, 2], logprobs: [-1, -2, -3]))
    let rows = try ResponseRows(responses: [a, b])
    #expect(rows.batch.sequenceLength == 5)
    #expect(rows.batch.tokens == [1, 5, 6, 7, 2, 1, 5, 9, 9, 2])
    // Row s·T + t predicts token t + 1: a's response starts at t = 2, b's at t = 1.
    #expect(rows.mask == [false, false, true, true, false, false, true, true, true, false])
    #expect(rows.targets == [0, 0, 7, 2, 0, 0, 9, 9, 2, 0])
    #expect(rows.samplerLogProbs == [0, 0, -0.5, -0.25, 0, 0, -1, -2, -3, 0])
    #expect(rows.gather(rows.samplerLogProbs) == [[-0.5, -0.25], [-1, -2, -3]])
    #expect(rows.scatter([[-0.5, -0.25], [-1, -2, -3]]) == rows.samplerLogProbs)
  }

  @Test func checkpointResumesToTheSameNextStep() throws {
    let config = RLTestSupport.config(steps: 3)
    func trainer() throws -> RLTrainer {
      try RLTrainer(policy: LlamaModel.randomInit(config: RLTestSupport.modelConfig, seed: 5, std: 0.1),
                    codec: .demo(), config: config, reward: FirstCharacterReward(target: "3"))
    }
    let records = RLTestSupport.records(4)
    let first = try trainer()
    _ = try first.step(records: records)
    try first.saveCheckpoint(to: config.out + "/checkpoint")
    defer { try? FileManager.default.removeItem(atPath: config.out) }
    let straight = try first.step(records: records)
    let resumed = try trainer()
    try resumed.resume(from: config.out + "/checkpoint")
    #expect(resumed.completedSteps == 1 && resumed.optimizerSteps == 1)
    let again = try resumed.step(records: records)
    #expect(again.rewardMean == straight.rewardMean && again.policyLoss == straight.policyLoss)
    #expect(Array(resumed.policy.parameters.storage) == Array(first.policy.parameters.storage))
  }
}

struct ShortReward: RewardFunction {
  var name: String { "short" }
  func rewards(for batch: RewardBatch) throws -> [Double?] { [1] }
}
