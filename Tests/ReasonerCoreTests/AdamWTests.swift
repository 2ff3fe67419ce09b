// AdamW, schedules and clipping against Double transcriptions of torch.optim.AdamW and the formulas.
// Tolerance: 1e-6 relative on parameters after 10 steps (fp32 vs Double rounding).
import Foundation
import Testing

@testable import ReasonerCore

struct AdamWTests {
  /// torch.optim.AdamW's update, transcribed in Double.
  func referenceAdamW(
    params: inout [Double], grads: [[Double]], lr: Double, b1: Double, b2: Double, eps: Double,
    wd: Double, decay: [Bool]
  ) {
    var m = [Double](repeating: 0, count: params.count)
    var v = m
    for (t, g) in grads.enumerated() {
      let step = Double(t + 1)
      for i in params.indices {
        if decay[i] { params[i] *= 1 - lr * wd }
        m[i] = b1 * m[i] + (1 - b1) * g[i]
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
        let mHat = m[i] / (1 - pow(b1, step))
        let denom = (v[i] / (1 - pow(b2, step))).squareRoot() + eps
        params[i] -= lr * mHat / denom
      }
    }
  }

  @Test func tenStepsMatchTorchFormula() {
    let n = 300
    var seed: UInt64 = 3
    func next() -> Double {
      seed = seed &* 6364136223846793005 &+ 1442695040888963407
      return Double(Int64(bitPattern: seed >> 11) % 2000 - 1000) / 1000
    }
    let start = (0..<n).map { _ in next() }
    let grads = (0..<10).map { _ in (0..<n).map { _ in next() } }
    let decay = (0..<n).map { $0 < 200 }  // elements 200..<300 play "norms and biases"
    var ref = start
    referenceAdamW(params: &ref, grads: grads, lr: 1e-2, b1: 0.9, b2: 0.95, eps: 1e-8, wd: 0.1,
                   decay: decay)

    var p = start.map(Float.init), m = [Float](repeating: 0, count: n), v = m
    let config = AdamWConfig(beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1)
    for (t, g) in grads.enumerated() {
      let gf = g.map(Float.init)
      p.withUnsafeMutableBufferPointer { pp in
        m.withUnsafeMutableBufferPointer { mp in
          v.withUnsafeMutableBufferPointer { vp in
            gf.withUnsafeBufferPointer { gp in
              adamWStep(parameters: pp, gradients: gp, m: mp, v: vp, decayRanges: [0..<200],
                        learningRate: 1e-2, step: t + 1, config: config)
            }
          }
        }
      }
    }
    var maxDiff = 0.0
    for i in 0..<n { maxDiff = max(maxDiff, abs(Double(p[i]) - ref[i])) }
    #expect(maxDiff < 1e-5, "max |AdamW − torch formula| = \(maxDiff)")
  }

  @Test func scheduleWarmupAndCosine() {
    let s = LearningRateSchedule(peak: 1e-3, warmupSteps: 10, totalSteps: 110, kind: .cosine, minRatio: 0)
    #expect(abs(s.learningRate(atStep: 0) - 1e-4) < 1e-9)
    #expect(abs(s.learningRate(atStep: 9) - 1e-3) < 1e-9)
    #expect(abs(s.learningRate(atStep: 10) - 1e-3) < 1e-9)
    #expect(abs(s.learningRate(atStep: 60) - 5e-4) < 1e-7)  // halfway down the cosine
    #expect(abs(s.learningRate(atStep: 110)) < 1e-9)
    let c = LearningRateSchedule(peak: 2e-3, warmupSteps: 0, totalSteps: 5, kind: .constant)
    #expect(c.learningRate(atStep: 4) == 2e-3)
    #expect(throws: ReasonerError.self) {
      try LearningRateSchedule(peak: .nan, warmupSteps: 0, totalSteps: 5, kind: .constant).validate()
    }
  }

  @Test func clippingScalesToMaxNorm() {
    var g: [Float] = [3, 4, 0, 0]
    let before = g.withUnsafeMutableBufferPointer { clipGradients($0, maxNorm: 1) }
    #expect(abs(before - 5) < 1e-9)
    let after = g.withUnsafeBufferPointer { globalNorm($0) }
    #expect(abs(after - 1) < 1e-5)
    var bad: [Float] = [1, .nan]
    #expect(bad.withUnsafeMutableBufferPointer { globalNorm(UnsafeBufferPointer($0)) }.isNaN)
  }
}
