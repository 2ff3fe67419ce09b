// JSONLines: reads a JSONL file for the verify/check-text commands, one object per line, and fails with
// the file, line number and field when a line is not what was expected. Tested in Tests/ReasonerCLITests.
import Foundation
import ReasonerCore

enum JSONLines {
  /// Each non-empty line as a JSON object, with its 1-based line number.
  static func objects(_ path: String) throws -> [(line: Int, object: [String: Any])] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ReasonerError(.io, "\(path): cannot read file")
    }
    var result: [(Int, [String: Any])] = []
    for (k, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
      if line.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) { continue }
      let parsed: Any
      do { parsed = try JSONSerialization.jsonObject(with: Data(line)) } catch {
        throw ReasonerError(.invalidFile, "\(path):\(k + 1): not valid JSON")
      }
      guard let object = parsed as? [String: Any] else {
        throw ReasonerError(.invalidFile, "\(path):\(k + 1): expected a JSON object")
      }
      result.append((k + 1, object))
    }
    return result
  }

  /// A required string field; a number is accepted and printed as written (gold answers like 18).
  static func string(_ object: [String: Any], _ field: String, path: String, line: Int) throws -> String {
    if let s = object[field] as? String { return s }
    if let n = object[field] as? NSNumber, !(object[field] is Bool) { return n.stringValue }
    let problem = object[field] == nil ? "missing" : "not a string"
    throw ReasonerError(.invalidFile, "\(path):\(line): field \"\(field)\" is \(problem) (expected a string)")
  }

  /// One JSON line from a dictionary of simple values, keys in the given order.
  static func encode(_ pairs: [(String, Any?)]) -> String {
    "{" + pairs.map { key, value in "\(quote(key)): \(literal(value))" }.joined(separator: ", ") + "}"
  }

  static func literal(_ value: Any?) -> String {
    switch value {
    case nil: return "null"
    case let b as Bool: return b ? "true" : "false"
    case let s as String: return quote(s)
    case let i as Int: return String(i)
    case let d as Double: return d.isFinite ? String(d) : "null"
    case let raw as RawJSON: return raw.text
    default: return "null"
    }
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out + "\""
  }
}

/// Already-encoded JSON to embed as a value.
struct RawJSON { var text: String }
