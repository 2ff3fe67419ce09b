// T1's difficulty filter on measured pass rates: thresholds (the 0.3 boundary is kept), the histogram,
// and the kept records written with every original field plus pass_rate.
import Foundation
import Testing

@testable import ReasonerCore

struct FilterSelectionTests {
  /// 5 problems × k = 10 with 0, 1, 3, 4 and 10 correct samples.
  func rates() throws -> [Double] {
    let counts = [0, 1, 3, 4, 10]
    let correct = counts.flatMap { c in (0..<10).map { $0 < c } }
    return try passRates(correct: correct, k: 10)
  }

  @Test func keepsUpToMaxPassIncludingTheBoundary() throws {
    let r = try rates()
    let upTo30 = try FilterSelection(passRates: r, samplesPerProblem: 10, filter: DifficultyFilter(maxPass: 0.3))
    #expect(upTo30.kept == [0, 1, 2])
    let band = try FilterSelection(passRates: r, samplesPerProblem: 10, filter: DifficultyFilter(minPass: 0.1, maxPass: 0.3))
    #expect(band.kept == [1, 2])
    let strict = try FilterSelection(passRates: r, samplesPerProblem: 10, filter: DifficultyFilter(maxPass: 0.29))
    #expect(strict.kept == [0, 1])
    #expect(upTo30.histogram == [1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1])
    let text = upTo30.histogramText(filter: try DifficultyFilter(maxPass: 0.3))
    #expect(text.split(separator: "\n").count == 11)
    #expect(text.split(separator: "\n")[3].hasPrefix("*") && text.split(separator: "\n")[4].hasPrefix(" "))
  }

  @Test func keptLinesCarryEveryFieldAndThePassRate() throws {
    let problems = (0..<5).map { i in
      EvaluationProblem(line: i + 1, problem: "p\(i)", answer: "\(i)",
                        fields: ["problem": "p\(i)", "answer": "\(i)", "level": i, "tags": ["x", "y"]])
    }
    let selection = try FilterSelection(passRates: try rates(), samplesPerProblem: 10, filter: DifficultyFilter(maxPass: 0.3))
    let lines = try selection.keptLines(problems: problems).split(separator: "\n")
    #expect(lines.count == 3)
    let third = try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any]
    #expect(third?["problem"] as? String == "p2" && third?["level"] as? Int == 2)
    #expect(third?["tags"] as? [String] == ["x", "y"])
    #expect(abs((third?["pass_rate"] as? Double ?? -1) - 0.3) < 1e-12)
  }

  @Test func ratesThatAreNotCountsOfKAreErrors() {
    #expect(throws: ReasonerError.self) {
      try FilterSelection(passRates: [0.25], samplesPerProblem: 10, filter: DifficultyFilter(maxPass: 0.3))
    }
    #expect(throws: ReasonerError.self) { try DifficultyFilter(minPass: 0.5, maxPass: 0.3) }
  }
}
