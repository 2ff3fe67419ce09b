// Writes an evaluation's files: OUT/results.json (config, summary, timing), OUT/responses.jsonl (one
// judged response a line) and OUT/report.html (summary table, budget curve as an SVG chart).
// Tested in Tests/ReasonerCoreTests/EvaluatorTests.swift (files written and read back).
import Foundation

/// OUT/results.json.
public struct EvaluationResults: Equatable, Sendable, Codable {
  public var config: EvaluationConfig
  public var results: EvaluationSummary
  public var seconds: Double
  public var tokensPerSecond: Double
  /// How the budget curve counts a response (see `budgetCurve`).
  public var budgetRule: String

  public static let budgetRuleText =
    "a response counts as correct at budget b only if it finished with a stop token within b sampled "
    + "tokens (stop token included) and its answer is correct; responses are generated once at the "
    + "largest budget"

  public init(config: EvaluationConfig, results: EvaluationSummary, seconds: Double, tokensPerSecond: Double) {
    self.config = config
    self.results = results
    self.seconds = seconds
    self.tokensPerSecond = tokensPerSecond
    self.budgetRule = Self.budgetRuleText
  }

  enum CodingKeys: String, CodingKey {
    case config, results, seconds, tokensPerSecond = "tokens_per_second", budgetRule = "budget_rule"
  }

  /// Writes results.json, responses.jsonl and report.html into `directory` (created if needed), each
  /// atomically. Returns their paths.
  @discardableResult
  public func write(to directory: String, responses: [ScoredResponse]) throws -> [String] {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var lines = Data()
    for r in responses {
      lines.append(try encoder.encode(r))
      lines.append(UInt8(ascii: "\n"))
    }
    encoder.outputFormatting.insert(.prettyPrinted)
    let paths = ["results.json", "responses.jsonl", "report.html"].map { directory + "/" + $0 }
    try AtomicFile.write(try encoder.encode(self), to: paths[0])
    try AtomicFile.write(lines, to: paths[1])
    try AtomicFile.write(Data(html().utf8), to: paths[2])
    return paths
  }

  /// The report page: the summary, the per-field breakdown, and the budget curve.
  public func html() -> String {
    let r = results
    var summary: [(String, String)] = [
      ("model", config.model), ("data", config.data),
      ("problems × samples", "\(r.overall.problems) × \(r.samplesPerProblem)"),
      ("temperature", "\(config.temperature)"), ("max new tokens", "\(config.maxNewTokens)"),
      ("pass@1", String(format: "%.4f", r.overall.passAt1)),
      ("box rate", String(format: "%.4f", r.boxRate)),
      ("answered rate", String(format: "%.4f", r.answeredRate)),
      ("truncated rate", String(format: "%.4f", r.truncatedRate)),
      ("mean tokens", String(format: "%.1f", r.meanTokens)),
      ("seconds", String(format: "%.1f", seconds)),
    ]
    for (field, values) in r.breakdown.sorted(by: { $0.key < $1.key }) {
      for (value, score) in values.sorted(by: { $0.key < $1.key }) {
        summary.append(("\(field) = \(value)", String(format: "%.4f (%d problems)", score.passAt1, score.problems)))
      }
    }
    for point in r.budgets {
      summary.append(("pass@1 at \(point.budget) tokens", String(format: "%.4f", point.passAt1)))
    }
    let rows = r.budgets.map {
      ["budget": Double($0.budget), "pass_at_1": $0.passAt1, "finished_rate": $0.finishedRate]
    }
    return HTMLReport.render(
      title: "reasoner eval", summary: summary, rows: rows,
      charts: [ChartSpec("accuracy vs generation budget (tokens)", keys: ["pass_at_1", "finished_rate"],
                         x: "budget")])
  }
}
