// Evaluation problems read from JSONL: the problem text, the gold answer, the grouping fields
// (subject/level or domain/difficulty) and every original field (the filter writes them back).
// Tested in Tests/ReasonerCoreTests/EvaluatorTests.swift (grouping, limit, a line without an answer).
import Foundation

/// One problem of an evaluation or filter run.
public struct EvaluationProblem: @unchecked Sendable {
  /// 1-based line of the JSONL file it came from (for messages).
  public var line: Int
  public var problem: String
  public var answer: String
  /// Grouping field name → this problem's value as text (only the fields it has).
  public var groups: [String: String]
  /// Every field of its JSONL line, as parsed (JSON values as Foundation objects).
  public var fields: [String: Any]

  public init(line: Int, problem: String, answer: String, groups: [String: String] = [:],
              fields: [String: Any] = [:]) {
    self.line = line
    self.problem = problem
    self.answer = answer
    self.groups = groups
    self.fields = fields
  }

  /// The fields a breakdown is made over when the data has them (MATH-500 uses subject/level; other
  /// sets call them domain/difficulty).
  public static let groupingFields = ["subject", "level", "domain", "difficulty"]

  /// The first `limit` records of `path` (all when nil). A line without `problem` or `answer` (or with
  /// an empty one) is an error naming the file, the line and the field.
  public static func load(path: String, limit: Int? = nil) throws -> [EvaluationProblem] {
    if let limit, limit < 1 {
      throw ReasonerError(.invalidArgument, "limit: expected at least 1 problem, got \(limit)")
    }
    var records = try JSONLReader.read(path, requiredFields: ["problem", "answer"])
    if let limit { records = Array(records.prefix(limit)) }
    return try records.map { record in
      let problem = try record.string("problem", file: path)
      let answer = try record.string("answer", file: path)
      for (name, value) in [("problem", problem), ("answer", answer)]
      where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
        throw ReasonerError(.invalidFile, "\(path):\(record.line): field '\(name)' is empty")
      }
      var groups: [String: String] = [:]
      let columns = record.textColumns
      for name in groupingFields { if let value = columns[name] { groups[name] = value } }
      return EvaluationProblem(
        line: record.line, problem: problem, answer: answer, groups: groups, fields: record.fields)
    }
  }
}
