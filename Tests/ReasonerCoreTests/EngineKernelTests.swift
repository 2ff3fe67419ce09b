// The decoding engine's own kernels against Double references: the vectorised exp (relative 1e-6 over
// [−87, 88]) and KV-cache attention (grouped heads, mixed slots and positions; 1e-5 absolute) against
// a naive Double softmax-attention loop.
import Foundation
import Testing

@testable import ReasonerCore

struct EngineKernelTests {
  @Test func vectorExpMatchesDoubleExp() {
    var worst = 0.0
    var xs: [Float] = stride(from: -87.0, through: 88.0, by: 0.0137).map { Float($0) }
    xs += [0, -0, 1e-8, -1e-8, 0.5 * Float(M_LN2), -0.5 * Float(M_LN2)]
    var row = xs
    let sum = expShiftedInPlace(&row, row.count, shift: 0)
    var sumRef = 0.0
    for (x, e) in zip(xs, row) {
      let ref = Foundation.exp(Double(x))
      sumRef += ref
      worst = max(worst, abs(Double(e) - ref) / ref)
    }
    #expect(worst < 1e-6, "max relative error of exp = \(worst)")
    #expect(sum == .infinity && sumRef > Double(Float.greatestFiniteMagnitude))
    // Softmax rows are shifted by their max, so every input is ≤ 0 and the sum stays ≤ n.
    var shifted: [Float] = stride(from: -30.0, through: 0.0, by: 0.0371).map { Float($0) }
    let expected = shifted.reduce(0.0) { $0 + Foundation.exp(Double($1) - 1) }
    let shiftedSum = expShiftedInPlace(&shifted, shifted.count, shift: 1)
    #expect(abs(Double(shiftedSum) - expected) / expected < 1e-5, "sum \(shiftedSum) vs \(expected)")
  }

  @Test func cachedAttentionMatchesDoubleReference() {
    let config = LlamaConfig(vocabSize: 16, hiddenSize: 48, intermediateSize: 32, numHiddenLayers: 1,
                             numAttentionHeads: 6, numKeyValueHeads: 2, maxPositionEmbeddings: 40)
    let d = ModelDims(config)
    let slots = 3, capacity = 37, D = d.headDim
    var rng = SplitMix64(seed: 9)
    func randoms(_ n: Int) -> [Float] { (0..<n).map { _ in Float(rng.nextGaussianPair().0) } }
    let keys = randoms(slots * capacity * d.kvDim), values = randoms(slots * capacity * d.kvDim)
    // Rows: a decode row per slot at various depths, plus prefill-like consecutive rows of slot 1.
    let rowSlots: [Int32] = [0, 2, 1, 1, 1, 1], rowPositions: [Int32] = [36, 0, 7, 8, 9, 17]
    let M = rowSlots.count
    let qkv = randoms(M * d.qkvDim)
    var out = [Float](repeating: .nan, count: M * d.qDim)
    cachedAttentionForward(&out, qkv, keys, values, rowSlots, rowPositions, rows: M, capacity: capacity, dims: d)
    var worst = 0.0
    for m in 0..<M {
      for h in 0..<d.heads {
        let base = Int(rowSlots[m]) * capacity * d.kvDim + (h / d.group) * D
        let n = Int(rowPositions[m]) + 1
        let scores = (0..<n).map { s in
          (0..<D).reduce(0.0) { $0 + Double(qkv[m * d.qkvDim + h * D + $1]) * Double(keys[base + s * d.kvDim + $1]) }
            / Double(D).squareRoot()
        }
        let mx = scores.max()!
        let p = scores.map { Foundation.exp($0 - mx) }
        let total = p.reduce(0, +)
        for i in 0..<D {
          let ref = (0..<n).reduce(0.0) { $0 + p[$1] * Double(values[base + $1 * d.kvDim + i]) } / total
          worst = max(worst, abs(ref - Double(out[m * d.qDim + h * D + i])))
        }
      }
    }
    #expect(worst < 1e-5, "max |attention − Double reference| = \(worst)")
  }
}
