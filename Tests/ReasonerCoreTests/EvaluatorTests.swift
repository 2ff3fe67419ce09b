// The evaluator's counting on injected responses (hand-counted pass@1, breakdowns, box rate), problem
// loading (grouping fields, limit, a line without an answer), config validation, and the written files.
import Foundation
import Testing

@testable import ReasonerCore

struct EvaluatorTests {
  /// 3 problems × k = 4. Hand count: p0 3/4 (one phrase answer, one wrong box), p1 0/4, p2 4/4.
  let problems = [
    EvaluationProblem(line: 1, problem: "2+3?", answer: "5", groups: ["subject": "Algebra", "level": "1"]),
    EvaluationProblem(line: 2, problem: "3*4?", answer: "12", groups: ["subject": "Algebra", "level": "2"]),
    EvaluationProblem(line: 3, problem: "9-2?", answer: "7", groups: ["subject": "Geometry", "level": "2"]),
  ]
  let texts = [
    ["so \\boxed{5}", "2+3 = \\boxed{5}.", "The answer is 5", "\\boxed{6}"],
    ["\\boxed{11}", "I think 13", "\\boxed{", "no idea"],
    ["\\boxed{7}", "\\boxed{7}", "\\boxed{7}", "\\boxed{ 7 }"],
  ]

  func responses(shuffled: Bool = false) -> [SampledResponse] {
    var out: [SampledResponse] = []
    for (p, row) in texts.enumerated() {
      for (s, text) in row.enumerated() {
        out.append(SampledResponse(
          problemIndex: p, sampleIndex: s, text: text, tokenCount: 10 * (s + 1),
          finishReason: s == 3 ? .length : .stop))
      }
    }
    return shuffled ? out.reversed() : out
  }

  @Test func passAtOneAveragesOverSamplesAndBreaksDownByField() throws {
    let (summary, scored) = try Evaluator.score(problems: problems, responses: responses(), samplesPerProblem: 4)
    #expect(scored.map(\.correct) == [true, true, true, false, false, false, false, false, true, true, true, true])
    #expect(summary.problemPassRates == [0.75, 0, 1])
    #expect(abs(summary.overall.passAt1 - (0.75 + 0 + 1) / 3) < 1e-12, "got \(summary.overall.passAt1)")
    #expect(summary.overall.problems == 3 && summary.samplesPerProblem == 4 && summary.responses == 12)
    #expect(summary.breakdown["subject"]?["Algebra"] == PassAtOneScore(problems: 2, passAt1: 0.375))
    #expect(summary.breakdown["subject"]?["Geometry"] == PassAtOneScore(problems: 1, passAt1: 1))
    #expect(summary.breakdown["level"]?["1"] == PassAtOneScore(problems: 1, passAt1: 0.75))
    #expect(summary.breakdown["level"]?["2"] == PassAtOneScore(problems: 2, passAt1: 0.5))
    #expect(summary.breakdown["domain"] == nil)
    // Boxed: p0 s0, s1, s3; p1 s0 (the unclosed box is not an answer); p2 all four → 8 of 12.
    #expect(scored.map(\.boxed) == [true, true, false, true, true, false, false, false, true, true, true, true])
    #expect(abs(summary.boxRate - 8.0 / 12) < 1e-12)
    // Answered: every response but p1's unclosed box and "no idea" (the last-line rule may still take
    // "I think 13"? it is prose, so it must not count as math) — checked against the verdicts themselves.
    let answered = scored.filter { $0.extracted != nil }.count
    #expect(abs(summary.answeredRate - Double(answered) / 12) < 1e-12)
    #expect(summary.truncatedRate == 0.25)
    #expect(summary.meanTokens == 25)
    #expect(scored[3].reason.isEmpty == false && scored[3].extracted == "6")
  }

  @Test func responseOrderDoesNotMatterAndGapsAreErrors() throws {
    let a = try Evaluator.score(problems: problems, responses: responses(), samplesPerProblem: 4)
    let b = try Evaluator.score(problems: problems, responses: responses(shuffled: true), samplesPerProblem: 4)
    #expect(a.summary == b.summary && a.responses == b.responses)
    var missing = responses()
    missing.remove(at: 5)
    #expect(throws: ReasonerError.self) {
      try Evaluator.score(problems: problems, responses: missing, samplesPerProblem: 4)
    }
    let twice = responses() + [responses()[0]]
    #expect(throws: ReasonerError.self) {
      try Evaluator.score(problems: problems, responses: twice, samplesPerProblem: 4)
    }
    #expect(throws: ReasonerError.self) {
      try Evaluator.score(problems: problems, responses: responses(), samplesPerProblem: 0)
    }
  }

  @Test func loadsGroupingFieldsAndNamesTheBadLine() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("evaluator-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = dir.appendingPathComponent("good.jsonl").path
    try """
      {"problem": "1+1", "answer": 2, "domain": "arith", "difficulty": 3, "id": "a"}

      {"problem": "2+2", "answer": "4", "subject": "Algebra", "level": 1}
      {"problem": "3+3", "answer": "6"}
      """.write(toFile: good, atomically: true, encoding: .utf8)
    let all = try EvaluationProblem.load(path: good)
    #expect(all.count == 3)
    #expect(all[0].answer == "2" && all[0].groups == ["domain": "arith", "difficulty": "3"])
    #expect(all[1].line == 3 && all[1].groups == ["subject": "Algebra", "level": "1"])
    #expect(all[2].groups.isEmpty && all[0].fields["id"] as? String == "a")
    #expect(try EvaluationProblem.load(path: good, limit: 2).count == 2)

    let bad = dir.appendingPathComponent("bad.jsonl").path
    try "{\"problem\": \"1+1\", \"answer\": \"2\"}\n{\"problem\": \"2+2\"}\n".write(
      toFile: bad, atomically: true, encoding: .utf8)
    do {
      _ = try EvaluationProblem.load(path: bad)
      Issue.record("a line without an answer must be an error")
    } catch let e as ReasonerError {
      #expect(e.message.contains("bad.jsonl:2") && e.message.contains("answer"), "message: \(e.message)")
    }
    let empty = dir.appendingPathComponent("empty.jsonl").path
    try "{\"problem\": \" \", \"answer\": \"2\"}\n".write(toFile: empty, atomically: true, encoding: .utf8)
    #expect(throws: ReasonerError.self) { try EvaluationProblem.load(path: empty) }
  }

  @Test func configRejectsBadSettingsNamingTheField() {
    func message(_ change: (inout EvaluationConfig) -> Void) -> String? {
      var c = EvaluationConfig(model: "m", data: "d", samples: 4, temperature: 1, maxNewTokens: 64, budgets: [16, 64])
      change(&c)
      do { try c.validate(); return nil } catch let e as ReasonerError { return e.message } catch { return "\(error)" }
    }
    #expect(message { _ in } == nil)
    #expect(message { $0.samples = 0 }?.hasPrefix("samples") == true)
    #expect(message { $0.temperature = -0.5 }?.hasPrefix("temperature") == true)
    #expect(message { $0.temperature = 0 }?.contains("greedy") == true)
    #expect(message { $0.temperature = 0; $0.samples = 1 } == nil)
    #expect(message { $0.budgets = [64, 16] }?.hasPrefix("budgets") == true)
    #expect(message { $0.budgets = [16, 128] }?.hasPrefix("budgets") == true)
    #expect(message { $0.topP = 0 }?.hasPrefix("top-p") == true)
    #expect(message { $0.promptTemplate = "no placeholder" }?.hasPrefix("prompt-template") == true)
  }

  @Test func writesResultsResponsesAndReport() throws {
    let (summary, scored) = try Evaluator.score(
      problems: problems, responses: responses(), samplesPerProblem: 4, budgets: [10, 20, 40])
    let config = EvaluationConfig(model: "m", data: "d", samples: 4, temperature: 1, maxNewTokens: 40, budgets: [10, 20, 40])
    let results = EvaluationResults(config: config, results: summary, seconds: 2, tokensPerSecond: 150)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("evaluator-out-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try results.write(to: dir, responses: scored)
    let back = try JSONDecoder().decode(
      EvaluationResults.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/results.json")))
    #expect(back == results)
    let lines = try String(contentsOfFile: dir + "/responses.jsonl", encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 12)
    let first = try JSONDecoder().decode(ScoredResponse.self, from: Data(lines[0].utf8))
    #expect(first == scored[0])
    let raw = try JSONSerialization.jsonObject(with: Data(lines[3].utf8)) as? [String: Any]
    #expect(raw?["finish_reason"] as? String == "length" && raw?["correct"] as? Bool == false)
    let unanswered = try JSONSerialization.jsonObject(with: Data(lines[6].utf8)) as? [String: Any]
    #expect(unanswered?.keys.contains("extracted") == true && unanswered?["extracted"] is NSNull)
    let html = try String(contentsOfFile: dir + "/report.html", encoding: .utf8)
    #expect(html.contains("<svg") && html.contains("pass_at_1") && html.contains("box rate"))
  }
}
