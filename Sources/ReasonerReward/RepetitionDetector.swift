// RepetitionDetector: flags degenerate loops in a response, on model token ids or on text (words and
// punctuation). Three rules, each linear in the length (times the largest period checked):
//  - periodicRun: one stretch repeats a unit of ≤ maxPeriod tokens at least minRunRepeats times and
//    covers at least minRunTokens tokens ("the same sentence again and again");
//  - repeatedTail: the response ends in ≥ minTailRepeats copies of one unit covering ≥ minTailTokens;
//  - repeatedNgrams: more than maxRepeatedFraction of its n-grams occurred earlier (needs ≥ minTokens).
// Default thresholds are calibrated on all math_train12k solutions (no false positives) and synthetic
// loops: see DetectorCalibrationTests. Tested in Tests/ReasonerRewardTests/DetectorTests.swift.

import Foundation

public enum RepetitionRule: String, Sendable { case periodicRun, repeatedTail, repeatedNgrams }

public struct RepetitionReport: Sendable, Equatable {
  public var flagged: Bool
  /// The first rule that fired (checked in the order periodicRun, repeatedTail, repeatedNgrams).
  public var rule: RepetitionRule?
  /// Where: token offsets of the repeating stretch (for text: offsets in Unicode scalars).
  public var location: Range<Int>?
  public var detail: String
  /// Measured figures, whatever fired: longest periodic run (repeats, tokens; runs shorter than the rule's
  /// minimum may go unseen, as the scan probes sparsely), tail repeats, n-gram repeat fraction.
  public var longestRunRepeats: Double
  public var longestRunTokens: Int
  public var tailRepeats: Double
  public var repeatedFraction: Double
}

public struct RepetitionDetector: Sendable {
  public var n: Int
  public var maxRepeatedFraction: Double
  public var minTokens: Int
  public var maxPeriod: Int
  public var minRunRepeats: Double
  public var minRunTokens: Int
  public var minTailRepeats: Double
  public var minTailTokens: Int

  public init(
    n: Int = 12, maxRepeatedFraction: Double = 0.9, minTokens: Int = 200, maxPeriod: Int = 200,
    minRunRepeats: Double = 4, minRunTokens: Int = 80, minTailRepeats: Double = 3, minTailTokens: Int = 60
  ) {
    self.n = max(1, n)
    self.maxRepeatedFraction = maxRepeatedFraction
    self.minTokens = minTokens
    self.maxPeriod = max(1, maxPeriod)
    self.minRunRepeats = minRunRepeats
    self.minRunTokens = minRunTokens
    self.minTailRepeats = minTailRepeats
    self.minTailTokens = minTailTokens
  }

  /// Checks text split into words and punctuation; locations are Unicode-scalar offsets.
  public func check(_ text: String) -> RepetitionReport {
    let tokens = textTokens(text)
    var report = check(tokens: tokens.map(\.id))
    if let r = report.location, !tokens.isEmpty {
      let lo = tokens[min(r.lowerBound, tokens.count - 1)].scalarOffset
      let hi = r.upperBound >= tokens.count ? text.unicodeScalars.count : tokens[r.upperBound].scalarOffset
      report.location = lo..<max(lo, hi)
    }
    return report
  }

  public func check(tokens: [Int32]) -> RepetitionReport {
    tokens.withUnsafeBufferPointer { check(buffer: $0) }
  }

  private func check(buffer t: UnsafeBufferPointer<Int32>) -> RepetitionReport {
    let count = t.count
    // Periodic runs: for each period p, stretches with t[i] == t[i+p]. Only runs of at least
    // `needed` matches can fire, so probing every needed-th position finds each of them, then the run
    // is extended both ways: about count/needed probes per period instead of count.
    var best = (repeats: 0.0, tokens: 0, start: 0, period: 0)
    var tail = (repeats: 0.0, tokens: 0, period: 0)
    if count >= 2 {
      for p in 1...max(1, min(maxPeriod, count / 2)) {
        let needed = max(1, max(minRunTokens, Int((minRunRepeats * Double(p)).rounded(.up))) - p)
        var i = 0
        while i < count - p {
          if t[i] == t[i + p] {
            var lo = i, hi = i
            while lo > 0, t[lo - 1] == t[lo - 1 + p] { lo -= 1 }
            while hi + 1 < count - p, t[hi + 1] == t[hi + 1 + p] { hi += 1 }
            let covered = hi - lo + 1 + p
            if covered > best.tokens || (covered == best.tokens && p < best.period) {
              best = (Double(covered) / Double(p), covered, lo, p)
            }
            i = hi + 1 + needed
          } else {
            i += needed
          }
        }
        // The run that reaches the end is the tail.
        var run = 0
        while count - p - 1 - run >= 0, t[count - p - 1 - run] == t[count - 1 - run] { run += 1 }
        if run > 0 {
          let covered = run + p, repeats = Double(covered) / Double(p)
          if repeats >= minTailRepeats, covered > tail.tokens { tail = (repeats, covered, p) }
        }
      }
    }
    let fraction = repeatedNgramFraction(t)
    var report = RepetitionReport(
      flagged: false, rule: nil, location: nil, detail: "no repetition rule fired",
      longestRunRepeats: best.repeats, longestRunTokens: best.tokens, tailRepeats: tail.repeats,
      repeatedFraction: fraction)
    if best.repeats >= minRunRepeats, best.tokens >= minRunTokens {
      report.flagged = true
      report.rule = .periodicRun
      report.location = best.start..<(best.start + best.tokens)
      report.detail = String(format: "a %d-token unit repeats %.1f times (%d tokens)", best.period, best.repeats, best.tokens)
    } else if tail.repeats >= minTailRepeats, tail.tokens >= minTailTokens {
      report.flagged = true
      report.rule = .repeatedTail
      report.location = (count - tail.tokens)..<count
      report.detail = String(format: "ends with a %d-token unit repeated %.1f times", tail.period, tail.repeats)
    } else if count >= minTokens, fraction > maxRepeatedFraction {
      report.flagged = true
      report.rule = .repeatedNgrams
      report.location = 0..<count
      report.detail = String(format: "%.0f%% of %d-grams occurred earlier", fraction * 100, n)
    }
    return report
  }

  /// The fraction of n-gram positions whose n-gram already occurred (rolling hash, one pass).
  func repeatedNgramFraction(_ t: UnsafeBufferPointer<Int32>) -> Double {
    guard t.count >= n else { return 0 }
    var seen = Set<UInt64>()
    seen.reserveCapacity(t.count)
    var repeats = 0
    let base: UInt64 = 1_000_003
    var power: UInt64 = 1
    for _ in 1..<n { power = power &* base }
    var hash: UInt64 = 0
    for i in 0..<t.count {
      if i >= n { hash = hash &- UInt64(UInt32(bitPattern: t[i - n])) &* power }
      hash = hash &* base &+ UInt64(UInt32(bitPattern: t[i]))
      if i >= n - 1 { if !seen.insert(hash).inserted { repeats += 1 } }
    }
    return Double(repeats) / Double(t.count - n + 1)
  }
}
