// Runs every answer of ../shared/data/*.jsonl against itself (must all be correct) and, where a
// solution exists with a \boxed{} (MATH-style files), the gold against that solution's last box;
// asserts the agreement reached and lists every miss in the failure message.
import Foundation
import Testing
@testable import ReasonerReward

struct DataAgreementTests {
  @Test func everyGoldMatchesItself() throws {
    guard SharedData.directory != nil else { print("SKIP: \(SharedData.skipMessage)"); return }
    var misses: [String] = []
    var unbalanced: [String] = []
    var total = 0
    for file in SharedData.files() {
      for record in try SharedData.records(file) {
        guard let gold = record["answer"] as? String else { continue }
        total += 1
        let bare = answersMatch(gold: gold, answer: gold)
        if !bare.isCorrect { misses.append("\(file.lastPathComponent) \(record["id"] ?? "?"): \(gold) — \(bare.reason)") }
        // Boxed inside prose: extraction must give it back, except for golds whose own braces do not
        // balance (a data defect: such a box is rightly read as cut off).
        let opens = gold.filter { $0 == "{" }.count, closes = gold.filter { $0 == "}" }.count
        if opens != closes { unbalanced.append("\(record["id"] ?? "?"): \(gold)"); continue }
        let verdict = verify(response: "So the final result is $\\boxed{\(gold)}$.", gold: gold)
        if !verdict.isCorrect { misses.append("\(file.lastPathComponent) \(record["id"] ?? "?"): boxed \(gold) — \(verdict.reason)") }
      }
    }
    print("gold against itself: \(total - misses.count)/\(total); skipped boxing \(unbalanced.count) golds with unbalanced braces:")
    print(unbalanced.joined(separator: "\n"))
    #expect(unbalanced.count <= 10)
    #expect(total > 1000)
    #expect(misses.isEmpty, "\(misses.count) golds do not match themselves:\n\(misses.prefix(50).joined(separator: "\n"))")
  }

  @Test func goldAgreesWithItsSolutionsLastBox() throws {
    guard SharedData.directory != nil else { print("SKIP: \(SharedData.skipMessage)"); return }
    var report: [String] = []
    var allMisses: [String] = []
    var agreeing = 0, total = 0
    for file in SharedData.files() {
      var fileTotal = 0, fileAgree = 0
      for record in try SharedData.records(file) {
        guard let gold = record["answer"] as? String, let solution = record["solution"] as? String,
          solution.contains("\\boxed") || solution.contains("\\fbox")
        else { continue }
        fileTotal += 1
        let verdict = verify(response: solution, gold: gold)
        if verdict.isCorrect { fileAgree += 1 } else {
          allMisses.append("\(file.lastPathComponent) \(record["id"] ?? "?"): gold \(gold) | boxed \(verdict.extracted ?? "nil") — \(verdict.reason)")
        }
      }
      if fileTotal > 0 { report.append("\(file.lastPathComponent): \(fileAgree)/\(fileTotal)") }
      agreeing += fileAgree; total += fileTotal
    }
    let rate = Double(agreeing) / Double(max(total, 1))
    print("gold against solution's last box: \(agreeing)/\(total) = \(rate)\n" + report.joined(separator: "\n"))
    print(allMisses.joined(separator: "\n"))
    #expect(total > 10_000)
    #expect(rate >= 0.996, "agreement \(rate); misses:\n\(allMisses.joined(separator: "\n"))")
  }
}
