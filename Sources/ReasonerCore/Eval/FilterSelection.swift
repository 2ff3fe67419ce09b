// T1's difficulty filter applied to measured pass rates: which records are kept, the kept records as
// JSONL with their `pass_rate`, and a histogram of the rates. Tested in
// Tests/ReasonerCoreTests/FilterSelectionTests.swift (thresholds, boundary 0.3 kept, histogram counts).
import Foundation

/// The outcome of filtering P problems by their pass rates.
public struct FilterSelection: Sendable, Equatable {
  /// [P] measured pass rates, in data order.
  public var passRates: [Double]
  /// Indices of the kept problems, in order.
  public var kept: [Int]
  /// [k + 1] problems with exactly c correct of k samples, c = 0…k.
  public var histogram: [Int]

  /// Keeps the problems `filter` accepts; `k` is the samples per problem the rates were measured with.
  public init(passRates: [Double], samplesPerProblem k: Int, filter: DifficultyFilter) throws {
    guard k >= 1 else { throw ReasonerError(.invalidArgument, "samples: expected at least 1, got \(k)") }
    var histogram = [Int](repeating: 0, count: k + 1)
    for (p, rate) in passRates.enumerated() {
      let c = (rate * Double(k)).rounded()
      guard rate >= 0, rate <= 1, abs(c - rate * Double(k)) < 1e-6 else {
        throw ReasonerError(
          .invalidArgument, "pass rate of problem \(p) = \(rate): expected c/\(k) for some c in 0…\(k)")
      }
      histogram[Int(c)] += 1
    }
    self.passRates = passRates
    self.kept = filter.keptIndices(passRates: passRates)
    self.histogram = histogram
  }

  /// The kept problems' JSONL lines: every original field plus `pass_rate` (keys sorted).
  public func keptLines(problems: [EvaluationProblem]) throws -> String {
    var out = ""
    for p in kept {
      var fields = problems[p].fields
      fields["pass_rate"] = passRates[p]
      let data = try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
      out += String(decoding: data, as: UTF8.self) + "\n"
    }
    return out
  }

  /// The histogram as text lines "c/k  count  bar", with a * on rates the filter keeps.
  public func histogramText(filter: DifficultyFilter) -> String {
    let k = histogram.count - 1
    let widest = max(1, histogram.max() ?? 1)
    return histogram.enumerated().map { c, count in
      let rate = Double(c) / Double(k)
      let bar = String(repeating: "#", count: count == 0 ? 0 : max(1, count * 40 / widest))
      let mark = filter.keeps(passRate: rate) ? "*" : " "
      return String(format: "%@ %5.3f (%d/%d) %6d  %@", mark, rate, c, k, count, bar)
    }.joined(separator: "\n")
  }
}
