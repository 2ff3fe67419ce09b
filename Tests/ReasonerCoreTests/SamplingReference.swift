// Independent Double-precision reference for the sampler tests: log-softmax at temperature τ, the
// filtered distribution (top-k → top-p → min-p, written straight from their definitions), and a
// chi-square goodness-of-fit check with critical values at p = 0.001.
import Foundation

@testable import ReasonerCore

enum SamplingReference {
  /// log softmax(logits/τ) in Double (τ = 0 → τ = 1, as greedy reports).
  static func logSoftmax(_ logits: [Float], temperature: Double) -> [Double] {
    let t = temperature == 0 ? 1 : temperature
    let scaled = logits.map { Double($0) / t }
    let m = scaled.max()!
    let logZ = m + log(scaled.reduce(0) { $0 + exp($1 - m) })
    return scaled.map { $0 - logZ }
  }

  /// The distribution a token is drawn from: softmax(logits/τ), then top-k (ties → lower id), top-p
  /// (keep a token while the mass before it is < p), min-p (p ≥ minP·p_max), renormalised.
  static func distribution(_ logits: [Float], temperature: Double, topK: Int = 0, topP: Double = 1,
                           minP: Double = 0) -> [Double] {
    var p = logSoftmax(logits, temperature: temperature).map { exp($0) }
    let order = p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }
    var keep = Set(p.indices)
    if topK > 0 { keep = Set(order.prefix(topK)) }
    if topP < 1 {
      let mass = keep.reduce(0) { $0 + p[$1] }
      var before = 0.0
      var nucleus = Set<Int>()
      for i in order where keep.contains(i) {
        if before / mass >= topP { break }
        nucleus.insert(i)
        before += p[i]
      }
      keep = nucleus
    }
    if minP > 0 {
      let top = keep.map { p[$0] }.max()!
      keep = keep.filter { p[$0] >= minP * top }
    }
    for i in p.indices where !keep.contains(i) { p[i] = 0 }
    let total = p.reduce(0, +)
    return p.map { $0 / total }
  }

  /// χ² critical values at p = 0.001 for 1…30 degrees of freedom (standard tables).
  static let chiSquareCritical001: [Double] = [
    10.828, 13.816, 16.266, 18.467, 20.515, 22.458, 24.322, 26.124, 27.877, 29.588,
    31.264, 32.909, 34.528, 36.123, 37.697, 39.252, 40.790, 42.312, 43.820, 45.315,
    46.797, 48.268, 49.728, 51.179, 52.620, 54.052, 55.476, 56.892, 58.301, 59.703,
  ]

  /// Pearson's χ² of observed counts against expected probabilities. Categories with probability 0
  /// must never be observed (returned separately); the others give degrees of freedom = n − 1.
  static func chiSquare(counts: [Int], expected: [Double]) -> (statistic: Double, degrees: Int,
                                                                 impossibleDraws: Int) {
    let total = Double(counts.reduce(0, +))
    var statistic = 0.0
    var categories = 0
    var impossible = 0
    for (observed, probability) in zip(counts, expected) {
      if probability == 0 {
        impossible += observed
        continue
      }
      let e = probability * total
      statistic += (Double(observed) - e) * (Double(observed) - e) / e
      categories += 1
    }
    return (statistic, categories - 1, impossible)
  }
}
