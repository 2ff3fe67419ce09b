// Shared helpers of the model tests: tiny configurations and a loss that captures the logits it sees.
import Foundation

@testable import ReasonerCore

enum TinyModels {
  /// 2 layers, width 64, 4 heads, 2 KV heads, vocab 300 (tied, no bias) — the tiny model.
  static let plain = LlamaConfig(
    vocabSize: 300, hiddenSize: 64, intermediateSize: 96, numHiddenLayers: 2, numAttentionHeads: 4,
    numKeyValueHeads: 2, maxPositionEmbeddings: 64, rmsNormEps: 1e-5, ropeTheta: 10000)
  /// Qwen2-style: q/k/v biases and an untied head.
  static let biasedUntied = LlamaConfig(
    vocabSize: 300, hiddenSize: 64, intermediateSize: 96, numHiddenLayers: 2, numAttentionHeads: 4,
    numKeyValueHeads: 2, maxPositionEmbeddings: 64, rmsNormEps: 1e-6, ropeTheta: 1_000_000,
    tieWordEmbeddings: false, attentionBias: true, modelType: "qwen2")

  /// Random weights with biases made non-zero too (randomInit leaves them 0), so they are exercised.
  static func model(_ config: LlamaConfig, seed: UInt64, std: Float = 0.1) -> LlamaModel {
    let m = LlamaModel.randomInit(config: config, seed: seed, std: std)
    var rng = SplitMix64(seed: seed ^ 0xB1A5)
    for e in m.parameters.layout.entries where e.name.hasSuffix(".bias") || e.name.hasSuffix("norm.weight") {
      let v = m.parameters.view(e.name)
      for i in 0..<v.count { v[i] += 0.1 * rng.nextGaussian() }
    }
    return m
  }

  static func tokens(_ n: Int, vocab: Int, seed: UInt64) -> [Int32] {
    var rng = SplitMix64(seed: seed)
    return (0..<n).map { _ in Int32(rng.next() % UInt64(vocab)) }
  }
}

/// An OutputLoss that records the logits rows it is given and returns 0 (no gradient).
final class LogitsCapture: OutputLoss, @unchecked Sendable {
  var rows: [[Float]]
  init(rowCount: Int) { rows = Array(repeating: [], count: rowCount) }

  func apply(rows r: Range<Int>, logits: UnsafeMutablePointer<Float>, vocabularySize: Int,
             wantGradient: Bool) -> Double {
    for (i, row) in r.enumerated() {
      rows[row] = Array(UnsafeBufferPointer(start: logits + i * vocabularySize, count: vocabularySize))
    }
    if wantGradient { logits.update(repeating: 0, count: r.count * vocabularySize) }
    return 0
  }
}
