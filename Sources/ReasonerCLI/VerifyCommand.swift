// `reasoner verify`: checks one response against a gold answer, or every {"gold", "response"} line of a
// JSONL file, printing one JSON line each: {"correct", "extracted", "reason"}. Tested in Tests/ReasonerCLITests.
import ArgumentParser
import Foundation
import ReasonerReward

struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify", abstract: "Verify math answers: is the response's final answer equal to the gold?")

  @Option(help: "The gold answer (with --response).") var gold: String?
  @Option(help: "The model response (with --gold).") var response: String?
  @Option(help: "A JSONL file of {\"gold\": …, \"response\": …} lines (other fields ignored).") var jsonl: String?

  func validate() throws {
    if jsonl == nil && (gold == nil || response == nil) {
      throw ValidationError("give --gold and --response, or --jsonl FILE")
    }
    if jsonl != nil && (gold != nil || response != nil) {
      throw ValidationError("--jsonl cannot be combined with --gold/--response")
    }
  }

  func run() throws {
    if let gold, let response {
      print(Self.line(verify(response: response, gold: gold)))
      return
    }
    guard let path = jsonl else { return }
    for (line, object) in try JSONLines.objects(path) {
      let g = try JSONLines.string(object, "gold", path: path, line: line)
      let r = try JSONLines.string(object, "response", path: path, line: line)
      print(Self.line(verify(response: r, gold: g)))
    }
  }

  static func line(_ v: Verdict) -> String {
    JSONLines.encode([("correct", v.isCorrect), ("extracted", v.extracted), ("reason", v.reason)])
  }
}
