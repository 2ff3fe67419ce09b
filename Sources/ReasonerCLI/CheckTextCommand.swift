// `reasoner check-text`: runs the repetition and garbled-text detectors on one field of every JSONL line
// and prints each rule's verdict per line. Tested in Tests/ReasonerCLITests.
import ArgumentParser
import Foundation
import ReasonerReward

struct CheckTextCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check-text", abstract: "Flag repetitive or garbled responses, rule by rule.")

  @Option(help: "A JSONL file with one text per line.") var jsonl: String
  @Option(help: "The field holding the text.") var field = "response"

  func run() throws {
    let repetition = RepetitionDetector()
    let garbled = GarbledTextDetector()
    for (line, object) in try JSONLines.objects(jsonl) {
      let text = try JSONLines.string(object, field, path: jsonl, line: line)
      let r = repetition.check(text)
      let g = garbled.check(text)
      var rules: [(String, Any?)] = []
      for rule in [RepetitionRule.periodicRun, .repeatedTail, .repeatedNgrams] {
        rules.append((rule.rawValue, r.rule == rule))
      }
      for rule in [GarbledRule.mixedScripts, .replacementCharacter, .controlCharacter, .symbolRun] {
        rules.append((rule.rawValue, g.findings.contains { $0.rule == rule }))
      }
      let details = ([r.flagged ? r.detail : nil] + g.findings.map { $0.detail }).compactMap { $0 }
      print(JSONLines.encode(
        [("line", line), ("flagged", r.flagged || g.flagged), ("repetitive", r.flagged), ("garbled", g.flagged)]
          + rules + [("location", r.location.map { "\($0.lowerBound)..<\($0.upperBound)" }),
                     ("detail", details.joined(separator: "; "))]))
    }
  }
}
