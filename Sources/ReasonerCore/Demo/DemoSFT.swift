// The demo's supervised warm-up: next-token cross-entropy on the completion tokens (EOS included) of
// freshly generated task examples, AdamW with warm-up and cosine decay. The smallest loop the demo needs
// (the general SFT trainer lives in Training/). Tested by Tests/ReasonerCoreTests/DemoTests.swift.
import Foundation

public struct DemoSFTSettings: Sendable, Equatable {
  public var steps: Int
  public var batchSize: Int
  public var learningRate: Float
  public var warmupSteps: Int
  public var seed: UInt64

  public init(steps: Int, batchSize: Int, learningRate: Float, warmupSteps: Int, seed: UInt64) {
    self.steps = steps
    self.batchSize = batchSize
    self.learningRate = learningRate
    self.warmupSteps = warmupSteps
    self.seed = seed
  }
}

public enum DemoSFT {
  /// Trains `model` in place; `progress(step, loss)` after each step. Returns the last step's loss.
  @discardableResult
  public static func train(model: LlamaModel, task: DemoTask, tokenizer: DemoTokenizer,
                           settings: DemoSFTSettings, progress: ((Int, Double) -> Void)? = nil) throws -> Double {
    let gradients = model.parameters.makeZeroedSibling()
    let m = model.parameters.makeZeroedSibling(), v = model.parameters.makeZeroedSibling()
    let decay = model.parameters.layout.entries.filter { !ParameterStore.isNormOrBias($0.name) }
      .map { $0.offset..<($0.offset + $0.count) }
    let schedule = LearningRateSchedule(
      peak: settings.learningRate, warmupSteps: settings.warmupSteps, totalSteps: settings.steps, kind: .cosine)
    var lastLoss = Double.nan
    for step in 0..<settings.steps {
      let examples = task.sftExamples(settings.batchSize, seed: settings.seed &* 1_000_003 &+ UInt64(step))
      // Sorted by length so each row pads little; the order inside a batch does not change the loss.
      var rows = try examples.map { example -> (tokens: [Int32], promptCount: Int) in
        let prompt = try tokenizer.encode(example.prompt, addBOS: true)
        return (prompt + (try tokenizer.encode(example.completion)) + [tokenizer.eosId], prompt.count)
      }
      rows.sort { $0.tokens.count < $1.tokens.count }
      // Two passes (shorter and longer half) so the short unchecked examples are not padded to the
      // longest checked one; the gradient accumulates, normalised by the whole batch's token count.
      let halves = [Array(rows[..<(rows.count / 2)]), Array(rows[(rows.count / 2)...])].filter { !$0.isEmpty }
      let parts = try halves.map { try batchAndTargets($0, tokenizer: tokenizer) }
      let n = parts.reduce(0) { $0 + $1.1.filter { $0 >= 0 }.count }
      gradients.zero()
      lastLoss = 0
      for (batch, targets) in parts {
        let loss = try CrossEntropyLoss(targets: targets, vocabularySize: model.config.vocabSize, normalizer: Double(n))
        lastLoss += model.forwardBackward(batch: batch, loss: loss, gradients: gradients)
      }
      let norm = clipGradients(gradients.storage, maxNorm: 1.0)
      guard norm.isFinite, lastLoss.isFinite else {
        throw ReasonerError(.numerical, "demo SFT step \(step + 1): loss \(lastLoss), gradient norm \(norm)")
      }
      adamWStep(
        parameters: model.parameters.storage, gradients: UnsafeBufferPointer(gradients.storage), m: m.storage,
        v: v.storage, decayRanges: decay, learningRate: schedule.learningRate(atStep: step), step: step + 1,
        config: AdamWConfig(weightDecay: 0.01))
      progress?(step + 1, lastLoss)
    }
    return lastLoss
  }

  /// [B, T] right-padded rows and their next-token targets (−1 outside the completion).
  static func batchAndTargets(_ rows: [(tokens: [Int32], promptCount: Int)], tokenizer: DemoTokenizer) throws
    -> (TrainingBatch, [Int32])
  {
    let T = rows.map(\.tokens.count).max()!
    var tokens = [Int32](repeating: tokenizer.padId, count: rows.count * T)
    var counts = [Bool](repeating: false, count: rows.count * T)
    for (b, row) in rows.enumerated() {
      for (t, id) in row.tokens.enumerated() {
        tokens[b * T + t] = id
        counts[b * T + t] = t >= row.promptCount  // learn the completion and its EOS, not the prompt
      }
    }
    let batch = try TrainingBatch(tokens: tokens, batchSize: rows.count, sequenceLength: T)
    return (batch, CrossEntropyLoss.nextTokenTargets(batch: batch, counts: counts))
  }
}
