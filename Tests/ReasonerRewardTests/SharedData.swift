// Locates ../shared/data (beside the clone in CI, two levels up from a worktree here) and reads its
// JSONL records for the data-driven tests. Used by DataAgreementTests and DetectorCalibrationTests.
import Foundation

enum SharedData {
  /// The package root, from this file's path (Tests/ReasonerRewardTests/SharedData.swift).
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The first existing of $REASONER_SHARED_DATA, <root>/../shared/data, <root>/../../shared/data.
  static let directory: URL? = {
    var candidates: [URL] = []
    if let env = ProcessInfo.processInfo.environment["REASONER_SHARED_DATA"] { candidates.append(URL(fileURLWithPath: env)) }
    candidates.append(packageRoot.appendingPathComponent("../shared/data").standardized)
    candidates.append(packageRoot.appendingPathComponent("../../shared/data").standardized)
    return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("math500.jsonl").path) }
  }()

  static var skipMessage: String {
    "shared data not found (looked for ../shared/data and ../../shared/data beside \(packageRoot.path), or $REASONER_SHARED_DATA)"
  }

  static func files() -> [URL] {
    guard let dir = directory,
      let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path)
    else { return [] }
    return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { dir.appendingPathComponent($0) }
  }

  /// Parsed once per process and shared by the tests (which run concurrently).
  static func records(_ url: URL) throws -> [[String: Any]] {
    try cache.records(url)
  }
  private static let cache = RecordCache()

  static func parse(_ url: URL) throws -> [[String: Any]] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return try text.split(separator: "\n").map { line in
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
        throw CocoaError(.fileReadCorruptFile)
      }
      return object
    }
  }
}

/// Parsed JSONL files, keyed by path, behind a lock.
final class RecordCache: @unchecked Sendable {
  private let lock = NSLock()
  private var parsed: [String: [[String: Any]]] = [:]
  func records(_ url: URL) throws -> [[String: Any]] {
    lock.lock(); defer { lock.unlock() }
    if let r = parsed[url.path] { return r }
    let r = try SharedData.parse(url)
    parsed[url.path] = r
    return r
  }
}
