// JSONL records: one JSON object per line, read with errors that name the file, the line and the field.
// Tested in Tests/ReasonerCoreTests/SupportTests.swift.
import Foundation

/// One JSONL record: its 1-based line number and its fields (JSON values as Foundation objects).
public struct JSONLRecord: @unchecked Sendable {
  public var line: Int
  public var fields: [String: Any]

  /// The field as text: strings as they are, numbers and booleans printed, anything else → error.
  public func string(_ name: String, file: String) throws -> String {
    guard let value = fields[name] else {
      throw ReasonerError(.invalidFile, "\(file):\(line): missing field '\(name)'")
    }
    switch value {
    case let s as String: return s
    case let n as NSNumber: return n.stringValue
    default:
      throw ReasonerError(.invalidFile, "\(file):\(line): field '\(name)' must be a string or a number")
    }
  }

  /// Every field whose value is a string or number, as text (passed to reward functions as columns).
  public var textColumns: [String: String] {
    var out: [String: String] = [:]
    for (k, v) in fields {
      if let s = v as? String { out[k] = s } else if let n = v as? NSNumber { out[k] = n.stringValue }
    }
    return out
  }
}

public enum JSONLReader {
  /// Reads every non-blank line of `path` as a JSON object. `requiredFields` are checked on every line.
  public static func read(_ path: String, requiredFields: [String] = []) throws -> [JSONLRecord] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ReasonerError(.io, "\(path): cannot read the file")
    }
    var records: [JSONLRecord] = []
    var lineNumber = 0
    for lineBytes in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      if lineBytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
      let object: Any
      do {
        object = try JSONSerialization.jsonObject(with: Data(lineBytes), options: [.fragmentsAllowed])
      } catch {
        throw ReasonerError(.invalidFile, "\(path):\(lineNumber): not valid JSON")
      }
      guard let fields = object as? [String: Any] else {
        throw ReasonerError(.invalidFile, "\(path):\(lineNumber): expected a JSON object")
      }
      let record = JSONLRecord(line: lineNumber, fields: fields)
      for name in requiredFields { _ = try record.string(name, file: path) }
      records.append(record)
    }
    if records.isEmpty { throw ReasonerError(.invalidFile, "\(path): no records (the file is empty)") }
    return records
  }
}
