// Shared helpers for the Formats/Tokenizer tests: fixture paths, the real model (skipped when absent), a
// tiny in-memory GGUF writer for bad-input cases, and max-difference reporting.
import Foundation
import Testing

@testable import ReasonerCore

enum FormatsFixtures {
  /// The repository root (this file is Tests/ReasonerCoreTests/FormatsTestSupport.swift).
  static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let golden = repo.appendingPathComponent("scripts/golden/fixtures")

  /// $REASONER_MODEL or <repo>/models/SmolLM2-135M-Instruct.gguf (fetched by scripts/fetch-model.sh).
  static let modelPath: String? = {
    let p = ProcessInfo.processInfo.environment["REASONER_MODEL"]
      ?? repo.appendingPathComponent("models/SmolLM2-135M-Instruct.gguf").path
    if FileManager.default.fileExists(atPath: p) { return p }
    print("SKIP: real model not found at \(p); run scripts/fetch-model.sh (model-dependent checks skipped)")
    return nil
  }()

  /// The real model's GGUF header (cheap) and the whole loaded model (dequantized once per test run).
  static let realGGUF: GGUFFile? = modelPath.flatMap { try? GGUFFile(path: $0) }
  static let realTokenizer: Tokenizer? = realGGUF.flatMap { try? Tokenizer.fromGGUF($0.metadata, source: $0.path) }
  static let realModel: LoadedModel? = modelPath.flatMap { try? ModelLoader.load(path: $0) }

  static func json(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: golden.appendingPathComponent(name))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
  }

  static func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("reasoner-formats-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }
}

func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
  precondition(a.count == b.count)
  return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
}

/// Builds GGUF v3 bytes in memory (for bad-input tests): metadata of strings/u32s and F32 tensors.
struct TinyGGUFWriter {
  var metadata: [(String, UInt32, [UInt8])] = []  // key, type, encoded value
  var tensors: [(name: String, dims: [Int], type: UInt32, data: [UInt8])] = []

  static func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
  static func str(_ s: String) -> [UInt8] { le(UInt64(s.utf8.count)) + Array(s.utf8) }

  mutating func add(_ key: String, u32 v: UInt32) { metadata.append((key, 4, Self.le(v))) }
  mutating func add(_ key: String, string v: String) { metadata.append((key, 8, Self.str(v))) }
  mutating func addF32(_ name: String, dims: [Int], values: [Float]) {
    tensors.append((name, dims, 0, values.flatMap { Self.le($0.bitPattern) }))
  }

  /// The file bytes and the offset of each tensor's type field (to corrupt it in tests).
  func bytes(alignment: Int = 32) -> (data: [UInt8], typeFieldOffsets: [Int]) {
    var out: [UInt8] = Array("GGUF".utf8) + Self.le(UInt32(3)) + Self.le(UInt64(tensors.count))
      + Self.le(UInt64(metadata.count))
    for (k, t, v) in metadata { out += Self.str(k) + Self.le(t) + v }
    var offsets: [Int] = []
    var rel = 0
    for t in tensors {
      out += Self.str(t.name) + Self.le(UInt32(t.dims.count))
      for d in t.dims { out += Self.le(UInt64(d)) }
      offsets.append(out.count)
      out += Self.le(t.type) + Self.le(UInt64(rel))
      rel += (t.data.count + alignment - 1) / alignment * alignment
    }
    while out.count % alignment != 0 { out.append(0) }
    for t in tensors {
      out += t.data
      while out.count % alignment != 0 { out.append(0) }
    }
    return (out, offsets)
  }

  func write(_ bytes: [UInt8], name: String) throws -> String {
    let url = try FormatsFixtures.temporaryDirectory().appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
  }
}

/// Runs `body` and returns the ReasonerError it throws (failing the test if it does not throw one).
func expectReasonerError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> ReasonerError? {
  do {
    try body()
    Issue.record("expected a ReasonerError, nothing was thrown", sourceLocation: sourceLocation)
  } catch let e as ReasonerError {
    return e
  } catch {
    Issue.record("expected a ReasonerError, got \(error)", sourceLocation: sourceLocation)
  }
  return nil
}
