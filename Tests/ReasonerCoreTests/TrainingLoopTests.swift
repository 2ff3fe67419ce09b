// The SFT loop: validation before any work (messages name the flag), gradient accumulation equal to one
// big batch (one normaliser; losses within 1e-5), and NaN handling (a non-finite step never reaches the
// weights or the Adam moments; three in a row stop the run).
import Foundation
import Testing

@testable import ReasonerCore

enum TrainingData {
  /// Random pairs of varied lengths (so rows get padded) over the tiny vocabulary.
  static func pairs(_ n: Int, seed: UInt64) -> [(prompt: [Int32], completion: [Int32])] {
    var rng = SplitMix64(seed: seed)
    return (0..<n).map { _ in
      let p = 1 + Int(rng.next() % 5), c = 1 + Int(rng.next() % 6)
      return ((0..<p).map { _ in Int32(rng.next() % 250) }, (0..<c).map { _ in Int32(rng.next() % 250) })
    }
  }

  static func dataset(_ n: Int = 6, seed: UInt64 = 5) throws -> SFTDataset {
    try SFTDataset(pairs: pairs(n, seed: seed), sequenceLength: 12, endToken: 256)
  }
}

struct TrainingLoopTests {
  func message(_ config: SFTConfig) throws -> String {
    let model = TinyModels.model(TinyModels.plain, seed: 1)
    do { _ = try SFTTrainer(model: model, dataset: try TrainingData.dataset(), config: config) } catch {
      return "\(error)"
    }
    return ""
  }

  @Test func badSettingsAreRejectedNamingTheFlag() throws {
    let base = SFTConfig(steps: 2, batchSize: 4, microBatchSize: 2, sequenceLength: 12, learningRate: 1e-3)
    var c = base
    c.sequenceLength = 0
    #expect(try message(c).contains("seq-len"))
    c = base
    c.learningRate = .nan
    #expect(try message(c).contains("lr: expected a positive finite number"))
    c = base
    c.microBatchSize = 3
    #expect(try message(c).contains("micro-batch-size"))
    c = base
    c.steps = 0
    #expect(try message(c).contains("steps"))
    c = base
    c.sequenceLength = 65  // the tiny model's context is 64
    #expect(try message(c).contains("max_position_embeddings"))
    c = base
    c.adamW.weightDecay = -1
    #expect(try message(c).contains("weight-decay"))
    #expect(try message(base) == "")
  }

  @Test func accumulatedMicroBatchesEqualOneBigBatch() throws {
    var curves: [[Double]] = []
    for micro in [4, 2, 1] {
      let model = TinyModels.model(TinyModels.plain, seed: 2)
      let config = SFTConfig(
        steps: 3, batchSize: 4, microBatchSize: micro, sequenceLength: 12, learningRate: 1e-2, warmupSteps: 1,
        schedule: .cosine, gradClip: 1.0, seed: 9)
      let trainer = try SFTTrainer(model: model, dataset: try TrainingData.dataset(), config: config)
      var losses: [Double] = []
      try trainer.run { losses.append($0.loss) }
      curves.append(losses)
    }
    let diff = zip(curves[0], curves[2]).map { abs($0 - $1) }.max()!
    let diff2 = zip(curves[0], curves[1]).map { abs($0 - $1) }.max()!
    print("accumulation: losses \(curves[0]); max |Δ| M=1 vs M=4: \(diff), M=2: \(diff2)")
    #expect(diff <= 1e-5 && diff2 <= 1e-5)
  }

  @Test func nonFiniteStepsNeverReachTheWeightsAndThreeStopTheRun() throws {
    let model = TinyModels.model(TinyModels.plain, seed: 3)
    let config = SFTConfig(steps: 10, batchSize: 2, microBatchSize: 1, sequenceLength: 12, learningRate: 1e-2)
    let trainer = try SFTTrainer(model: model, dataset: try TrainingData.dataset(), config: config)
    _ = try trainer.trainStep()  // one real update so the moments are non-zero
    let norm = model.parameters.view("model.norm.weight")
    let saved = norm[0]
    norm[0] = .nan
    let before = Array(model.parameters.storage), m = Array(trainer.adamM.storage), v = Array(trainer.adamV.storage)
    let skipped = try trainer.trainStep()
    #expect(skipped.skipped == "non-finite loss")
    #expect(trainer.optimizerStep == 1 && trainer.step == 2)
    // Bit-equal (NaN compared by pattern): nothing moved.
    #expect(Array(model.parameters.storage).map(\.bitPattern) == before.map(\.bitPattern))
    #expect(Array(trainer.adamM.storage) == m && Array(trainer.adamV.storage) == v)
    var logged: [SFTStepMetrics] = []
    do {
      try trainer.run { logged.append($0) }
      Issue.record("the run did not stop")
    } catch let e as ReasonerError {
      #expect(e.kind == .numerical)
      #expect(e.message.contains("3 steps in a row"))
    }
    #expect(logged.count == 2 && logged.allSatisfy { $0.skipped != nil })
    #expect(trainer.step == 4)
    // With the weight restored training goes on and the skipped steps left no trace in the moments.
    norm[0] = saved
    let next = try trainer.trainStep()
    #expect(next.skipped == nil && next.loss.isFinite && trainer.optimizerStep == 2)
    #expect(next.jsonObject["loss"] is Double)
    #expect(skipped.jsonObject["loss"] is NSNull)
  }

  @Test func inMemoryFinetuneLearnsAPairTask() throws {
    let model = TinyModels.model(TinyModels.plain, seed: 4, std: 0.02)
    let pairs: [(prompt: [Int32], completion: [Int32])] = [([10, 11], [12, 13]), ([20, 21], [22, 23])]
    let config = SFTConfig(steps: 40, batchSize: 2, microBatchSize: 2, sequenceLength: 8, learningRate: 1e-2,
                           warmupSteps: 2, schedule: .constant, seed: 1)
    let metrics = try SFTTrainer.finetune(model: model, pairs: pairs, endToken: 256, config: config)
    print("finetune: \(metrics.first!.loss) → \(metrics.last!.loss)")
    #expect(metrics.count == 40 && metrics[0].lossTokens == 6)
    #expect(metrics.last!.loss < 0.05)
  }
}
