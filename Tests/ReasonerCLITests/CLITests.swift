// Runs the built `reasoner` binary: --help lists the subcommands and bench matmul prints figures.
import Foundation
import Testing

func runReasoner(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
  let exe = productsDirectory.appendingPathComponent("reasoner")
  let p = Process()
  p.executableURL = exe
  p.arguments = args
  let out = Pipe(), err = Pipe()
  p.standardOutput = out
  p.standardError = err
  try p.run()
  let o = out.fileHandleForReading.readDataToEndOfFile()
  let e = err.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

/// The folder holding the built products (the test bundle sits beside them).
let productsDirectory: URL = {
  for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
    return bundle.bundleURL.deletingLastPathComponent()
  }
  return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
}()

struct CLITests {
  @Test func helpListsSubcommands() throws {
    let r = try runReasoner(["--help"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("bench"))
  }

  @Test func benchMatmulPrintsJSON() throws {
    let r = try runReasoner(["bench", "matmul", "--size", "128", "--repeats", "1", "--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect((obj?["gflops"] as? Double ?? 0) > 0)
  }
}
