// Support utilities: atomic writes, JSONL errors naming line and field, progress formatting, the report.
import Foundation
import Testing

@testable import ReasonerCore

struct SupportTests {
  func tempDir() -> String {
    let d = NSTemporaryDirectory() + "reasoner-support-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  @Test func atomicWriteReplacesWholeFile() throws {
    let d = tempDir()
    let path = d + "/f.json"
    try AtomicFile.write(Data("old".utf8), to: path)
    try AtomicFile.write(Data("new contents".utf8), to: path)
    #expect(String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self) == "new contents")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: d).filter { $0.contains("tmp") }
    #expect(leftovers.isEmpty)
  }

  @Test func replaceDirectoryKeepsOldOnFailure() throws {
    let d = tempDir() + "/ckpt"
    try AtomicFile.replaceDirectory(at: d) { try AtomicFile.write(Data("1".utf8), to: $0 + "/a") }
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try AtomicFile.replaceDirectory(at: d) { tmp in
        try AtomicFile.write(Data("2".utf8), to: tmp + "/a")
        throw Boom()
      }
    }
    #expect(String(decoding: FileManager.default.contents(atPath: d + "/a")!, as: UTF8.self) == "1")
    // A crash between the renames leaves only ckpt.old-PID: recovery puts it back.
    rename(d, d + ".old-12345")
    AtomicFile.recoverDirectory(at: d)
    #expect(FileManager.default.fileExists(atPath: d + "/a"))
  }

  @Test func jsonlErrorsNameLineAndField() throws {
    let d = tempDir()
    let path = d + "/data.jsonl"
    try Data("{\"problem\": \"1+1\", \"answer\": \"2\"}\n\n{\"problem\": \"x\"}\n".utf8)
      .write(to: URL(fileURLWithPath: path))
    do {
      _ = try JSONLReader.read(path, requiredFields: ["problem", "answer"])
      Issue.record("expected an error")
    } catch let e as ReasonerError {
      #expect(e.message.contains("data.jsonl:3"), "\(e)")
      #expect(e.message.contains("'answer'"), "\(e)")
    }
    try Data("{\"a\": 1}\nnot json\n".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: ReasonerError.self) { try JSONLReader.read(path) }
  }

  @Test func progressFormatsRateAndETA() {
    let p = ProgressLine("sft", total: 100)
    let s = p.format(done: 25, elapsed: 50, extra: "loss 1.23")
    #expect(s.contains("25/100"))
    #expect(s.contains("0.50 steps/s"))
    #expect(s.contains("ETA 2m30s"))
    #expect(s.contains("loss 1.23"))
  }

  @Test func reportDrawsOnlyChartsWithData() {
    let rows: [[String: Double]] = (0..<5).map { ["step": Double($0), "reward": Double($0) / 4] }
    let html = HTMLReport.render(
      title: "run <1>", summary: [("accuracy", "0.5")], rows: rows,
      charts: [ChartSpec("Reward", keys: ["reward"]), ChartSpec("Missing", keys: ["nope"])])
    #expect(html.contains("<polyline"))
    #expect(html.contains("run &lt;1&gt;"))
    #expect(!html.contains("Missing"))
  }
}
