// Every parameter tensor's gradient from the hand-written backward against central finite differences
// of ReferenceLlama's Double loss, on tiny models (plain; bias + untied head). For each tensor we check
// the entry with the largest |gradient| and 3 random entries. Tolerance: |g − fd| ≤ 5e-6 + 1e-4·|fd|
// (fp32 backward vs Double differences with h = 1e-4, whose own error is ~1e-9; observed max ~2.5e-7).
// Also: CrossEntropyLoss values and its per-row log-probs, and overfitting one small batch.
import Foundation
import Testing

@testable import ReasonerCore

struct ModelGradientTests {
  @Test(arguments: [("plain", TinyModels.plain), ("bias+untied", TinyModels.biasedUntied)])
  func everyGradientMatchesFiniteDifferences(label: String, config: LlamaConfig) throws {
    let model = TinyModels.model(config, seed: 21)
    let (B, T) = (2, 5)
    let batch = try TrainingBatch(
      tokens: TinyModels.tokens(B * T, vocab: config.vocabSize, seed: 8), batchSize: B, sequenceLength: T)
    var targets = CrossEntropyLoss.nextTokenTargets(batch: batch)
    targets[1] = -1  // a masked row must contribute nothing
    let normalizer = 7.0
    let loss = try CrossEntropyLoss(targets: targets, vocabularySize: config.vocabSize, normalizer: normalizer)
    let grads = model.parameters.makeZeroedSibling()
    let fastLoss = model.forwardBackward(batch: batch, loss: loss, gradients: grads)

    var reference = ReferenceLlama(config: config, weights: model.exportWeights())
    let refLoss = reference.crossEntropy(batch: batch, targets: targets, normalizer: normalizer)
    #expect(abs(fastLoss - refLoss) < 1e-5, "\(label): loss \(fastLoss) vs reference \(refLoss)")

    var rng = SplitMix64(seed: 99)
    var worst = (diff: 0.0, name: "", index: 0, grad: 0.0, fd: 0.0)
    var failures: [String] = []
    for e in model.parameters.layout.entries {
      let g = grads.view(e.name)
      var indices = [(0..<e.count).max { abs(g[$0]) < abs(g[$1]) }!]
      for _ in 0..<3 { indices.append(Int(rng.next() % UInt64(e.count))) }
      for i in indices {
        let h = 1e-4, original = reference.weights[e.name]![i]
        reference.weights[e.name]![i] = original + h
        let up = reference.crossEntropy(batch: batch, targets: targets, normalizer: normalizer)
        reference.weights[e.name]![i] = original - h
        let down = reference.crossEntropy(batch: batch, targets: targets, normalizer: normalizer)
        reference.weights[e.name]![i] = original
        let fd = (up - down) / (2 * h), diff = abs(Double(g[i]) - fd)
        if diff > worst.diff { worst = (diff, e.name, i, Double(g[i]), fd) }
        if diff > 5e-6 + 1e-4 * abs(fd) { failures.append("\(e.name)[\(i)]: \(g[i]) vs fd \(fd)") }
      }
    }
    print("\(label): max |g − fd| = \(worst.diff) at \(worst.name)[\(worst.index)]")
    #expect(
      failures.isEmpty,
      "\(label): \(failures.count) gradients off; max |g − fd| = \(worst.diff) at \(worst.name)[\(worst.index)] (g \(worst.grad), fd \(worst.fd)); \(failures.prefix(5))")
  }

  @Test func crossEntropyRecordsLogProbsAndGradientSumsToZero() throws {
    let V = 5
    var logits: [Float] = [1, 2, 3, 4, 5, 0, 0, 0, 0, 0]
    let loss = try CrossEntropyLoss(targets: [4, -1], vocabularySize: V, normalizer: 2, recordLogProbs: true)
    let value = logits.withUnsafeMutableBufferPointer {
      loss.apply(rows: 0..<2, logits: $0.baseAddress!, vocabularySize: V, wantGradient: true)
    }
    let logZ = log((1...5).reduce(0.0) { $0 + exp(Double($1)) })
    #expect(abs(value - (logZ - 5) / 2) < 1e-6)
    #expect(abs(Double(loss.tokenLogProbs![0]) - (5 - logZ)) < 1e-5)
    #expect(abs(logits[0..<5].reduce(0, +)) < 1e-6, "softmax − onehot sums to 0")
    #expect(logits[5..<10].allSatisfy { $0 == 0 }, "masked row has zero gradient")
    #expect(throws: ReasonerError.self) { try CrossEntropyLoss(targets: [7], vocabularySize: V, normalizer: 1) }
  }

  @Test func overfittingOneBatchDrivesLossNearZero() throws {
    let config = TinyModels.plain
    let model = LlamaModel.randomInit(config: config, seed: 4)
    let batch = try TrainingBatch(
      tokens: TinyModels.tokens(2 * 12, vocab: config.vocabSize, seed: 17), batchSize: 2, sequenceLength: 12)
    let targets = CrossEntropyLoss.nextTokenTargets(batch: batch)
    let loss = try CrossEntropyLoss(targets: targets, vocabularySize: 300, normalizer: 22)
    let grads = model.parameters.makeZeroedSibling()
    let m = grads.makeZeroedSibling(), v = grads.makeZeroedSibling()
    var first = 0.0, last = 0.0
    // Plain Adam over the flat buffers: one loop, as the layout intends.
    for step in 1...150 {
      grads.zero()
      last = model.forwardBackward(batch: batch, loss: loss, gradients: grads)
      if step == 1 { first = last }
      let lr: Float = 1e-2, b1: Float = 0.9, b2: Float = 0.999
      let c1 = 1 - pow(b1, Float(step)), c2 = 1 - pow(b2, Float(step))
      let p = model.parameters.storage
      for i in 0..<p.count {
        m.storage[i] = b1 * m.storage[i] + (1 - b1) * grads.storage[i]
        v.storage[i] = b2 * v.storage[i] + (1 - b2) * grads.storage[i] * grads.storage[i]
        p[i] -= lr * (m.storage[i] / c1) / ((v.storage[i] / c2).squareRoot() + 1e-8)
      }
    }
    #expect(first > 5 && last < 0.05, "loss went \(first) → \(last)")
  }
}
