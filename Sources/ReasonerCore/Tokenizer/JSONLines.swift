// Reads one string field from every line of a JSONL file, validating UTF-8 (errors name file, line and
// byte offset). Tested in TokenizerBadInputTests.
import Foundation

/// The `field` string of each non-empty line of a JSONL file.
public func readJSONLField(path: String, field: String) throws -> [String] {
  guard let data = FileManager.default.contents(atPath: path) else {
    throw ReasonerError(.io, "\(path): cannot read file")
  }
  let text = try validatedUTF8(Array(data), source: path)
  var out: [String] = []
  for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    if line.allSatisfy(\.isWhitespace) { continue }
    let obj: Any
    do { obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) } catch {
      throw ReasonerError(.invalidFile, "\(path):\(i + 1): not valid JSON")
    }
    guard let value = (obj as? [String: Any])?[field] else {
      throw ReasonerError(.invalidFile, "\(path):\(i + 1): missing field '\(field)'")
    }
    guard let s = value as? String else {
      throw ReasonerError(.invalidFile, "\(path):\(i + 1): field '\(field)': expected a string")
    }
    out.append(s)
  }
  return out
}

/// `bytes` as a String, or an error naming `source`, the line and the byte offset of the first invalid
/// UTF-8 sequence.
public func validatedUTF8(_ bytes: [UInt8], source: String) throws -> String {
  if let s = String(validating: bytes, as: UTF8.self) { return s }
  // Find the first bad offset: step over well-formed characters until one does not validate.
  var i = 0
  var line = 1
  while i < bytes.count {
    let b = bytes[i]
    let n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
    guard i + n <= bytes.count, String(validating: bytes[i..<i + n], as: UTF8.self) != nil else {
      throw ReasonerError(.invalidArgument, "\(source):\(line): invalid UTF-8 at byte offset \(i) (byte 0x\(String(b, radix: 16))), expected UTF-8 text")
    }
    if b == 0x0A { line += 1 }
    i += n
  }
  return String(decoding: bytes, as: UTF8.self)
}
