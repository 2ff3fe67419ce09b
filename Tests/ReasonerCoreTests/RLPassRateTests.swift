// Pass-rate arithmetic of evaluation and the difficulty filter, on hand-counted verdicts (exact).
import Testing

@testable import ReasonerCore

struct RLPassRateTests {
  // 4 problems × K = 5 samples.
  let correct: [Bool] = [
    true, false, false, false, false,  // 0.2
    true, true, true, false, false,  // 0.6
    false, false, false, false, false,  // 0
    true, true, true, true, true,  // 1
  ]

  @Test func passRatesCountEachGroup() throws {
    #expect(try passRates(correct: correct, k: 5) == [0.2, 0.6, 0, 1])
    #expect(throws: ReasonerError.self) { try passRates(correct: correct, k: 3) }
    #expect(throws: ReasonerError.self) { try passRates(correct: correct, k: 0) }
  }

  @Test func filterKeepsRatesWithinBounds() throws {
    let rates = try passRates(correct: correct, k: 5)
    #expect(try DifficultyFilter(maxPass: 0.2).keptIndices(passRates: rates) == [0, 2])
    #expect(try DifficultyFilter(minPass: 0.1, maxPass: 0.7).keptIndices(passRates: rates) == [0, 1])
    #expect(try DifficultyFilter(maxPass: 1).keptIndices(passRates: rates) == [0, 1, 2, 3])
    // Boundaries are inclusive even where k·max is not exact in binary: 3 of 10 at max 0.3.
    let tenths = try passRates(correct: [Bool](repeating: true, count: 3) + .init(repeating: false, count: 7), k: 10)
    #expect(try DifficultyFilter(maxPass: 0.3).keeps(passRate: tenths[0]))
    #expect(try !DifficultyFilter(maxPass: 0.29).keeps(passRate: tenths[0]))
    #expect(throws: ReasonerError.self) { try DifficultyFilter(minPass: 0.5, maxPass: 0.3) }
    #expect(throws: ReasonerError.self) { try DifficultyFilter(maxPass: 1.5) }
  }

  @Test func passAtOneAveragesSamplesAndBreaksDown() throws {
    let report = try passAtOne(
      correct: correct, k: 5,
      groups: ["subject": ["algebra", "algebra", "geometry", nil], "level": ["1", "2", "2", "1"]])
    #expect(report.samplesPerProblem == 5)
    #expect(report.overall == PassAtOneScore(problems: 4, passAt1: (0.2 + 0.6 + 0 + 1) / 4))
    #expect(report.breakdown["subject"]?["algebra"] == PassAtOneScore(problems: 2, passAt1: 0.4))
    #expect(report.breakdown["subject"]?["geometry"] == PassAtOneScore(problems: 1, passAt1: 0))
    #expect(report.breakdown["subject"]?.count == 2, "the problem with no subject is left out")
    #expect(report.breakdown["level"]?["1"] == PassAtOneScore(problems: 2, passAt1: 0.6))
    #expect(report.breakdown["level"]?["2"] == PassAtOneScore(problems: 2, passAt1: 0.3))
    #expect(throws: ReasonerError.self) {
      try passAtOne(correct: correct, k: 5, groups: ["level": ["1"]])
    }
  }
}
