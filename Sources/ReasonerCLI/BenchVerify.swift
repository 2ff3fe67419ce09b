// `reasoner bench verify`: verifications per second on a JSONL of {"gold", "response"} lines, one core
// (repeats the file until at least a second has passed). Tested in Tests/ReasonerCLITests.
import ArgumentParser
import Foundation
import ReasonerReward

struct BenchVerify: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify", abstract: "Verifier throughput (verifications/s) on a JSONL of gold/response pairs.")

  @Option(help: "A JSONL file of {\"gold\": …, \"response\": …} lines.") var jsonl: String
  @Option(help: "Minimum seconds to run.") var seconds = 1.0
  @Flag(help: "Print one JSON line.") var json = false

  func run() throws {
    var pairs: [(gold: String, response: String)] = []
    for (line, object) in try JSONLines.objects(jsonl) {
      pairs.append((try JSONLines.string(object, "gold", path: jsonl, line: line),
                    try JSONLines.string(object, "response", path: jsonl, line: line)))
    }
    guard !pairs.isEmpty else { throw ValidationError("\(jsonl) holds no lines") }
    var count = 0, correct = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed = 0.0
    repeat {
      for p in pairs where verify(response: p.response, gold: p.gold).isCorrect { correct += 1 }
      count += pairs.count
      elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    } while elapsed < seconds
    let rate = Double(count) / elapsed
    if json {
      print(JSONLines.encode([("verifications_per_s", rate), ("pairs", pairs.count), ("correct_fraction", Double(correct) / Double(count))]))
    } else {
      print(String(format: "%.0f verifications/s (%d pairs, %.1f%% correct, %.2f s)", rate, pairs.count,
                   100 * Double(correct) / Double(count), elapsed))
    }
  }
}
