// Sampling against the Double reference (SamplingReference.swift): chi-square goodness of fit over
// 20,000 draws per case (threshold: the p = 0.001 critical value for the case's degrees of freedom),
// exact survivor sets, greedy = argmax, log-probabilities = log softmax(logits/τ), bad rows rejected.
import Foundation
import Testing

@testable import ReasonerCore

struct SamplingDistributionTests {
  /// A small fixed distribution without ties (so every filter boundary is unambiguous).
  static let logits: [Float] = [1.0, 2.5, 0.3, -0.7, 1.8, 0.0, 2.2, -1.5, 0.9, 1.4]

  struct Case: CustomTestStringConvertible, Sendable {
    var temperature: Float, topK = 0, topP: Float = 1, minP: Float = 0
    var testDescription: String { "τ=\(temperature) k=\(topK) p=\(topP) minP=\(minP)" }
  }

  static let cases: [Case] = [
    Case(temperature: 1), Case(temperature: 1.2), Case(temperature: 0.7), Case(temperature: 3),
    Case(temperature: 1.2, topK: 4), Case(temperature: 1.2, topP: 0.8),
    Case(temperature: 1.2, minP: 0.2), Case(temperature: 1, topK: 6, topP: 0.9, minP: 0.3),
  ]

  func randomLogits(_ count: Int, scale: Float, seed: UInt64) -> [Float] {
    var generator = Xoshiro256StarStar(seed: seed)
    return (0..<count).map { _ in Float(generator.nextUniform() * 2 - 1) * scale }
  }

  /// Draws `draws` tokens with the pipeline of `parameters`: the pipeline runs once, then the draw is
  /// repeated (what `sample` does per call); a few calls of `sample` itself are checked to agree.
  func drawCounts(_ logits: [Float], _ parameters: SamplingParameters, draws: Int, seed: UInt64) throws
    -> [Int]
  {
    let sampler = try TokenSampler(parameters: parameters)
    let workspace = SamplerWorkspace(vocabularySize: logits.count)
    var generator = Xoshiro256StarStar(seed: seed)
    var counts = [Int](repeating: 0, count: logits.count)
    try logits.withUnsafeBufferPointer { row in
      var candidates = TokenCandidates(logits: row.baseAddress!, workspace: workspace)
      for step in sampler.pipeline { step.process(&candidates) }
      for _ in 0..<draws { counts[Int(candidates.draw(uniform: generator.nextUniform()))] += 1 }
      for u in stride(from: 0.0, to: 1.0, by: 0.05) {
        let direct = try sampler.sample(logits: row.baseAddress!, uniform: u, workspace: workspace)
        var again = TokenCandidates(logits: row.baseAddress!, workspace: workspace)
        for step in sampler.pipeline { step.process(&again) }
        #expect(direct.id == again.draw(uniform: u))
      }
    }
    return counts
  }

  @Test(arguments: cases)
  func frequenciesMatchFilteredDistribution(_ c: Case) throws {
    let parameters = SamplingParameters(temperature: c.temperature, topK: c.topK, topP: c.topP,
                                        minP: c.minP)
    let counts = try drawCounts(Self.logits, parameters, draws: 20_000, seed: 17)
    let expected = SamplingReference.distribution(
      Self.logits, temperature: Double(c.temperature), topK: c.topK, topP: Double(c.topP),
      minP: Double(c.minP))
    let fit = SamplingReference.chiSquare(counts: counts, expected: expected)
    #expect(fit.impossibleDraws == 0, "drew filtered-out tokens: counts \(counts), expected \(expected)")
    let critical = SamplingReference.chiSquareCritical001[max(fit.degrees, 1) - 1]
    #expect(fit.degrees >= 1)
    #expect(fit.statistic < critical,
            "χ² = \(fit.statistic) ≥ \(critical) (df \(fit.degrees)); counts \(counts), p \(expected)")
  }

  @Test func wholeVocabularyWalkAcrossBlocksMatches() throws {
    // V = 600: three 256-token blocks with a partial tail; tokens binned into 20 ranges of 30 ids.
    let logits = randomLogits(600, scale: 2, seed: 3)
    let counts = try drawCounts(logits, SamplingParameters(temperature: 1.2), draws: 20_000, seed: 4)
    let p = SamplingReference.distribution(logits, temperature: 1.2)
    let binCounts = (0..<20).map { b in counts[(b * 30)..<(b * 30 + 30)].reduce(0, +) }
    let binP = (0..<20).map { b in p[(b * 30)..<(b * 30 + 30)].reduce(0, +) }
    let fit = SamplingReference.chiSquare(counts: binCounts, expected: binP)
    let critical = SamplingReference.chiSquareCritical001[fit.degrees - 1]
    #expect(fit.statistic < critical, "χ² = \(fit.statistic) ≥ \(critical) (df \(fit.degrees))")
  }

  @Test(arguments: [true, false])
  func survivorSetsMatchReferenceOnLargeRows(peaked: Bool) throws {
    // Peaked: a dominant token puts most weights under the first gathering thresholds, so top-k and
    // top-p must lower them; equal logits check the lower-id tie rule of top-k. Flat: thousands of
    // tokens are gathered and quickselect runs many partition rounds.
    var logits = randomLogits(3000, scale: peaked ? 3 : 1, seed: 8)
    if peaked { logits[1234] = 14 }
    for i in 100..<110 { logits[i] = 2 }
    let workspace = SamplerWorkspace(vocabularySize: logits.count)
    for (k, p, m): (Int, Float, Float) in [(5, 1, 0), (50, 1, 0), (1000, 1, 0), (0, 0.5, 0), (0, 0.99, 0),
                                           (0, 0.9999, 0), (0, 1, 1e-6), (40, 0.99999, 1e-7),
                                           (2000, 0.8, 0.2)] {
      let sampler = try TokenSampler(parameters: SamplingParameters(temperature: 1, topK: k, topP: p,
                                                                   minP: m))
      let expected = SamplingReference.distribution(logits, temperature: 1, topK: k, topP: Double(p),
                                                    minP: Double(m))
      let kept: Set<Int> = logits.withUnsafeBufferPointer { row in
        var candidates = TokenCandidates(logits: row.baseAddress!, workspace: workspace)
        for step in sampler.pipeline { step.process(&candidates) }
        let n = candidates.survivorCount ?? logits.count
        return Set((0..<n).map { Int(workspace.ids[$0]) })
      }
      let reference = Set(expected.indices.filter { expected[$0] > 0 })
      // Float weights vs Double probabilities may only disagree about a token sitting on the top-p
      // boundary: one whose normalised mass-before is within 1e-6 of p.
      let probabilities = SamplingReference.distribution(logits, temperature: 1, topK: k)
      let order = probabilities.indices.filter { probabilities[$0] > 0 }.sorted {
        probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1)
      }
      var massBefore = [Int: Double]()
      var cumulative = 0.0
      for i in order {
        massBefore[i] = cumulative
        cumulative += probabilities[i]
      }
      let differing = kept.symmetricDifference(reference).sorted()
      let offBoundary = differing.filter { abs((massBefore[$0] ?? -1) - Double(p)) > 1e-6 }
      let before = differing.prefix(3).map { massBefore[$0] ?? -1 }
      #expect(offBoundary.isEmpty && differing.count <= 1,
              "k=\(k) p=\(p) minP=\(m): kept \(kept.count), reference \(reference.count), at \(differing.prefix(10)), mass before \(before)")
    }
  }

  @Test func greedyIsArgmaxWithLowestIdOnTies() throws {
    let sampler = try TokenSampler(parameters: SamplingParameters(temperature: 0, topK: 3, topP: 0.5))
    let workspace = SamplerWorkspace(vocabularySize: 700)
    for seed: UInt64 in 0..<20 {
      var logits = randomLogits(700, scale: 5, seed: seed)
      if seed % 2 == 0 { logits[650] = 9; logits[90] = 9; logits[300] = 9 }
      let reference = logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }!
      let logSoftmax = SamplingReference.logSoftmax(logits, temperature: 1)
      for u in [0.0, 0.5, 0.999] {
        let token = try logits.withUnsafeBufferPointer {
          try sampler.sample(logits: $0.baseAddress!, uniform: u, workspace: workspace)
        }
        #expect(Int(token.id) == reference)
        #expect(abs(Double(token.logprob) - logSoftmax[reference]) < 1e-5)
      }
    }
  }

  @Test(arguments: [Float(0), 0.5, 1, 1.2, 3])
  func logProbabilitiesEqualLogSoftmaxOverFullVocabulary(temperature: Float) throws {
    // Filters on: the reported log-probability must still be the unfiltered log π_τ.
    let logits = randomLogits(1500, scale: 12, seed: 21)
    let reference = SamplingReference.logSoftmax(logits, temperature: Double(temperature))
    let workspace = SamplerWorkspace(vocabularySize: logits.count)
    var maxDifference = 0.0
    logits.withUnsafeBufferPointer { row in
      var candidates = TokenCandidates(logits: row.baseAddress!, workspace: workspace)
      (try! TemperatureProcessor(temperature: temperature)).process(&candidates)
      (try! TopKProcessor(k: 7)).process(&candidates)
      for i in 0..<logits.count {
        let difference = abs(Double(candidates.logProbability(of: Int32(i))) - reference[i])
        maxDifference = max(maxDifference, difference / max(1, abs(reference[i])))
      }
    }
    // Float exp (rel. error ≈ 2e-7) summed in Double, and the Float result: 2e-6 relative.
    #expect(maxDifference < 2e-6, "max relative |logprob − reference| = \(maxDifference)")
    let sampler = try TokenSampler(parameters: SamplingParameters(temperature: temperature, topP: 0.7))
    let token = try logits.withUnsafeBufferPointer {
      try sampler.sample(logits: $0.baseAddress!, uniform: 0.3, workspace: workspace)
    }
    #expect(abs(Double(token.logprob) - reference[Int(token.id)]) < 2e-5)
  }

  @Test func expKernelMatchesFoundationExp() {
    var worst = 0.0
    for i in 0..<10_000 {
      let x = -Float(i) * 0.0087  // [−87, 0]
      let got = expNonPositive(SIMD8<Float>(repeating: x))[0]
      worst = max(worst, abs(Double(got) - exp(Double(x))) / exp(Double(x)))
    }
    #expect(worst < 5e-7, "max relative error \(worst)")
    let edge = expNonPositive(SIMD8<Float>(0, -.infinity, -88, -1000, .nan, -87, -1e-9, -0.5))
    #expect(edge[0] == 1 && edge[1] == 0 && edge[2] == 0 && edge[3] == 0 && edge[4].isNaN)
    #expect(edge[5] > 0 && edge[6] <= 1)
  }

  @Test func rowsWithNaNOrInfinityAreRejected() throws {
    let sampler = try TokenSampler(parameters: SamplingParameters(temperature: 1.2))
    let workspace = SamplerWorkspace(vocabularySize: 20)
    for bad: Float in [.nan, .infinity] {
      var logits = randomLogits(20, scale: 1, seed: 1)
      logits[13] = bad
      #expect(throws: ReasonerError.self) {
        try logits.withUnsafeBufferPointer {
          _ = try sampler.sample(logits: $0.baseAddress!, uniform: 0.5, workspace: workspace)
        }
      }
    }
    let allMasked = [Float](repeating: -.infinity, count: 20)
    #expect(throws: ReasonerError.self) {
      try allMasked.withUnsafeBufferPointer {
        _ = try sampler.sample(logits: $0.baseAddress!, uniform: 0.5, workspace: workspace)
      }
    }
  }
}
