// Calibrates the detectors' defaults on the shared data: no math_train12k solution may be flagged as
// repetitive, no problem or solution of any data file as garbled, while synthetic degenerate loops built
// from those solutions are detected. Prints the measured rates; skips when the data is absent.
import Foundation
import Testing
@testable import ReasonerReward

/// A small deterministic generator (SplitMix64) so the synthetic loops are the same on every run.
struct SplitMix64 {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

struct DetectorCalibrationTests {
  static func solutions() throws -> [String]? {
    guard let dir = SharedData.directory else { return nil }
    return try SharedData.records(dir.appendingPathComponent("math_train12k.jsonl")).compactMap { $0["solution"] as? String }
  }

  @Test func repetitionDefaultsFlagNoSolutionAndEveryLoop() throws {
    guard let solutions = try Self.solutions() else { print("SKIP: \(SharedData.skipMessage)"); return }
    let detector = RepetitionDetector()
    var falsePositives: [String] = []
    var maxRun = 0.0, maxTail = 0.0, maxFraction = 0.0
    for s in solutions {
      let r = detector.check(s)
      maxRun = max(maxRun, r.longestRunRepeats * (r.longestRunTokens >= detector.minRunTokens ? 1 : 0))
      maxTail = max(maxTail, r.tailRepeats)
      maxFraction = max(maxFraction, r.repeatedFraction)
      if r.flagged { falsePositives.append("\(r.detail): \(s.prefix(120))") }
    }
    // Synthetic loops: a solution's opening, then one of its own stretches repeated until cut off.
    var rng = SplitMix64(state: 42)
    var detected = 0, loops = 0
    var missed: [String] = []
    for (k, s) in solutions.enumerated() where k % 6 == 0 && s.count > 80 {
      let chars = Array(s)
      let unitLength = 15 + rng.below(min(300, chars.count - 20))
      let start = rng.below(chars.count - unitLength)
      let unit = String(chars[start..<(start + unitLength)])
      let repeats = max(6, 2400 / unitLength)
      let looped = String(chars[0..<(start + unitLength)]) + String(repeating: unit, count: repeats)
      loops += 1
      if detector.check(looped).flagged { detected += 1 } else { missed.append(unit) }
    }
    let fpRate = Double(falsePositives.count) / Double(solutions.count)
    let detection = Double(detected) / Double(loops)
    print("repetition: false positives \(falsePositives.count)/\(solutions.count) = \(fpRate); synthetic loops detected \(detected)/\(loops) = \(detection)")
    print("max over solutions: periodic-run repeats (≥\(detector.minRunTokens) tokens) \(maxRun), tail repeats \(maxTail), repeated \(detector.n)-gram fraction \(maxFraction)")
    #expect(falsePositives.isEmpty, "flagged solutions:\n\(falsePositives.prefix(20).joined(separator: "\n"))")
    #expect(detection >= 0.99, "missed loops (units):\n\(missed.prefix(20).joined(separator: "\n---\n"))")
  }

  @Test func garbledDefaultsFlagNoDataText() throws {
    guard SharedData.directory != nil else { print("SKIP: \(SharedData.skipMessage)"); return }
    let detector = GarbledTextDetector()
    var flagged: [String] = []
    var texts = 0
    for file in SharedData.files() {
      for record in try SharedData.records(file) {
        for field in ["problem", "solution"] {
          guard let text = record[field] as? String else { continue }
          texts += 1
          let r = detector.check(text)
          if r.flagged {
            flagged.append("\(file.lastPathComponent) \(record["id"] ?? "?") \(field): " + r.findings.map { "\($0.rule) \($0.detail)" }.joined(separator: "; "))
          }
        }
      }
    }
    // Synthetic garbling of solutions: CJK or Cyrillic spliced in, U+FFFD, control bytes, symbol noise.
    let solutions = try Self.solutions() ?? []
    var rng = SplitMix64(state: 7)
    let insertions = ["这是一个错误的答案", "Привет мир ответ", "\u{FFFD}", "\u{0007}", "■■■■■■■■■■■■", "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂"]
    var detected = 0, garbled = 0
    for (k, s) in solutions.enumerated() where k % 12 == 0 && s.count > 10 {
      var chars = Array(s)
      chars.insert(contentsOf: Array(insertions[garbled % insertions.count]), at: rng.below(chars.count))
      garbled += 1
      if detector.check(String(chars)).flagged { detected += 1 }
    }
    let fpRate = Double(flagged.count) / Double(max(texts, 1))
    print("garbled: false positives \(flagged.count)/\(texts) = \(fpRate); synthetic garbling detected \(detected)/\(garbled)")
    print(flagged.prefix(30).joined(separator: "\n"))
    #expect(flagged.count <= texts / 1000, "flagged data texts:\n\(flagged.prefix(30).joined(separator: "\n"))")
    #expect(detected == garbled)
  }
}
