// Runs the built binary's verify, check-text and bench verify commands, including the error for a bad
// JSONL line (it must name the line and the field).
import Foundation
import Testing

struct VerifyCLITests {
  func writeTemporary(_ text: String) throws -> String {
    let path = NSTemporaryDirectory() + "reasoner-verify-\(UUID().uuidString).jsonl"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func verifyOnePair() throws {
    let r = try runReasoner(["verify", "--gold", "\\frac12", "--response", "so $\\boxed{0.5}$"])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("{\"correct\": true, \"extracted\": \"0.5\""), "\(r.stdout)")
  }

  @Test func verifyJSONLPrintsOneLineEach() throws {
    let path = try writeTemporary("""
      {"gold": "4", "response": "2+2 = \\\\boxed{4}", "id": 1}
      {"gold": 4, "response": "I think 5"}
      """)
    let r = try runReasoner(["verify", "--jsonl", path])
    let lines = r.stdout.split(separator: "\n")
    #expect(r.status == 0 && lines.count == 2, "\(r.stdout) \(r.stderr)")
    #expect(lines.first?.contains("\"correct\": true") == true)
    #expect(lines.last?.contains("\"correct\": false, \"extracted\": null") == true)
  }

  @Test func badLineNamesLineAndField() throws {
    let path = try writeTemporary("{\"gold\": \"1\", \"response\": \"\\\\boxed{1}\"}\n{\"gold\": \"2\"}\n")
    let r = try runReasoner(["verify", "--jsonl", path])
    #expect(r.status != 0)
    #expect(r.stderr.contains(":2:") && r.stderr.contains("\"response\""), "\(r.stderr)")
    let broken = try writeTemporary("{\"gold\": \"1\", \"response\": \"x\"}\nnot json\n")
    let b = try runReasoner(["verify", "--jsonl", broken])
    #expect(b.status != 0 && b.stderr.contains(":2:") && b.stderr.contains("not valid JSON"), "\(b.stderr)")
  }

  @Test func checkTextReportsEachRule() throws {
    let loop = String(repeating: "I will try again. ", count: 40)
    let path = try writeTemporary("""
      {"response": "The answer is 4."}
      {"response": "\(loop)"}
      {"text": "mixed 这是错误 text"}
      """)
    let r = try runReasoner(["check-text", "--jsonl", path])
    #expect(r.status != 0, "line 3 has no response field")
    let lines = r.stdout.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines.first?.contains("\"flagged\": false") == true)
    #expect(lines.last?.contains("\"periodicRun\": true") == true, "\(r.stdout)")
    let g = try runReasoner(["check-text", "--jsonl", path, "--field", "text"])
    #expect(g.stderr.contains(":1:") && g.stderr.contains("\"text\""))
  }

  @Test func benchVerifyPrintsARate() throws {
    let path = try writeTemporary("{\"gold\": \"\\\\frac{1}{2}\", \"response\": \"\\\\boxed{0.5}\"}\n")
    let r = try runReasoner(["bench", "verify", "--jsonl", path, "--json", "--seconds", "0.1"])
    #expect(r.status == 0)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect((object?["verifications_per_s"] as? Double ?? 0) > 0, "\(r.stdout)")
  }
}
