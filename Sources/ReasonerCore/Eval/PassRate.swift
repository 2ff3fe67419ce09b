// Pass-rate arithmetic: per-problem pass rates from K sampled verdicts, T1's difficulty filter
// (keep min ≤ rate ≤ max), and pass@1 averaged over k samples with a per-subject/level breakdown.
// Tested in Tests/ReasonerCoreTests/RLPassRateTests.swift (hand-counted cases, bounds, bad input).

/// [P] the fraction of each problem's K samples judged correct.
///
/// - Parameters:
///   - correct: [P, K] row-major verdicts, sample i of problem p at `p·K + i`.
///   - k: K ≥ 1.
public func passRates(correct: [Bool], k: Int) throws -> [Double] {
  guard k >= 1 else {
    throw ReasonerError(.invalidArgument, "samples: expected at least 1 per problem, got \(k)")
  }
  guard correct.count % k == 0 else {
    throw ReasonerError(
      .invalidArgument, "correct: expected [P, K] with K = \(k), got \(correct.count) verdicts")
  }
  return stride(from: 0, to: correct.count, by: k).map { start in
    Double(correct[start..<start + k].reduce(0) { $0 + ($1 ? 1 : 0) }) / Double(k)
  }
}

/// T1's difficulty filter: keep problems the current model solves at most `maxPass` of the time (hard
/// enough to learn from) and at least `minPass` (not hopeless; default 0 keeps unsolved ones too).
public struct DifficultyFilter: Equatable, Sendable {
  public var minPass: Double
  public var maxPass: Double

  public init(minPass: Double = 0, maxPass: Double) throws {
    guard minPass.isFinite, maxPass.isFinite, 0 <= minPass, minPass <= maxPass, maxPass <= 1 else {
      throw ReasonerError(
        .invalidArgument,
        "min-pass/max-pass: expected 0 ≤ min-pass ≤ max-pass ≤ 1, got \(minPass) and \(maxPass)")
    }
    self.minPass = minPass
    self.maxPass = maxPass
  }

  /// Whether a pass rate lies in [minPass, maxPass]. The 1e-12 slack keeps 3/10 ≤ 0.3 true however the
  /// division rounds.
  public func keeps(passRate: Double) -> Bool {
    passRate >= minPass - 1e-12 && passRate <= maxPass + 1e-12
  }

  /// Indices of the kept problems, in order.
  public func keptIndices(passRates: [Double]) -> [Int] {
    passRates.indices.filter { keeps(passRate: passRates[$0]) }
  }
}

/// pass@1 of a subset of problems.
public struct PassAtOneScore: Equatable, Sendable, Codable {
  public var problems: Int
  /// Mean over the subset's problems of (correct samples / k).
  public var passAt1: Double
}

/// pass@1 averaged over k samples per problem, overall and per value of each grouping field.
public struct PassAtOneReport: Equatable, Sendable, Codable {
  public var overall: PassAtOneScore
  public var samplesPerProblem: Int
  /// field name (e.g. "subject", "level") → field value → score of the problems with that value.
  /// Problems with no value for a field are left out of that field's breakdown.
  public var breakdown: [String: [String: PassAtOneScore]]
}

/// pass@1 averaged over k samples (T1 reports AIME as the mean over 32 samples of each problem's
/// single-sample accuracy): mean_p (c_p / k), c_p the correct samples of problem p.
///
/// - Parameters:
///   - correct: [P, K] verdicts.
///   - k: K.
///   - groups: field name → [P] each problem's value of that field, or nil when it has none.
public func passAtOne(correct: [Bool], k: Int, groups: [String: [String?]] = [:]) throws
  -> PassAtOneReport
{
  let rates = try passRates(correct: correct, k: k)
  func score(_ indices: [Int]) -> PassAtOneScore {
    PassAtOneScore(
      problems: indices.count,
      passAt1: indices.isEmpty ? 0 : indices.reduce(0) { $0 + rates[$1] } / Double(indices.count))
  }
  var breakdown: [String: [String: PassAtOneScore]] = [:]
  for (field, values) in groups {
    guard values.count == rates.count else {
      throw ReasonerError(
        .invalidArgument,
        "\(field): expected one value per problem (\(rates.count)), got \(values.count)")
    }
    var members: [String: [Int]] = [:]
    for (p, value) in values.enumerated() { if let value { members[value, default: []].append(p) } }
    breakdown[field] = members.mapValues(score)
  }
  return PassAtOneReport(
    overall: score(Array(rates.indices)), samplesPerProblem: k, breakdown: breakdown)
}
