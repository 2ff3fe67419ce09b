// Prompt input for `reasoner generate`: the --prompt argument or a JSONL file's field, each checked to be
// valid UTF-8 (naming the argument or file:line and the byte offset). Tested in Tests/ReasonerCLITests/GenerateCLITests.swift.
import Foundation
import ReasonerCore

/// A prompt text and where it came from, for error messages ("--prompt", "FILE:LINE field \"problem\"").
struct PromptSource {
  var text: String
  var origin: String
}

enum GeneratePrompts {
  /// The value following `--prompt` (or `--prompt=…`) in the raw argv, checked for valid UTF-8 before
  /// Swift's argument decoding silently replaces bad bytes with U+FFFD.
  static func checkArgumentsAreUTF8() throws {
    let argv = CommandLine.unsafeArgv
    for i in 1..<Int(CommandLine.argc) {
      guard let raw = argv[i] else { continue }
      let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self),
                                            count: strlen(raw)))
      if let offset = firstInvalidUTF8Offset(bytes) {
        let previous = i > 1 ? argv[i - 1].map { String(cString: $0) } ?? "" : ""
        let name = previous.hasPrefix("--") ? "the value of \(previous)" : "command-line argument \(i)"
        throw ReasonerError(
          .invalidArgument, "\(name) is not valid UTF-8: byte 0x\(String(bytes[offset], radix: 16)) at "
            + "byte offset \(offset) (expected UTF-8 text)")
      }
    }
  }

  /// Every non-blank line's `field` string. Errors name the file, the line, and the field or byte offset.
  static func read(path: String, field: String) throws -> [PromptSource] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ReasonerError(.io, "\(path): cannot read file")
    }
    var prompts: [PromptSource] = []
    for (k, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
      let lineNumber = k + 1
      if line.allSatisfy({ $0 == 32 || $0 == 13 || $0 == 9 }) { continue }
      if let offset = firstInvalidUTF8Offset(Array(line)) {
        throw ReasonerError(
          .invalidFile, "\(path):\(lineNumber): invalid UTF-8 at byte offset \(offset) of the line "
            + "(byte 0x\(String(line[line.startIndex + offset], radix: 16))); expected UTF-8 JSON")
      }
      let parsed: Any
      do { parsed = try JSONSerialization.jsonObject(with: Data(line)) } catch {
        throw ReasonerError(.invalidFile, "\(path):\(lineNumber): not valid JSON")
      }
      guard let object = parsed as? [String: Any] else {
        throw ReasonerError(.invalidFile, "\(path):\(lineNumber): expected a JSON object")
      }
      let text = try JSONLines.string(object, field, path: path, line: lineNumber)
      prompts.append(PromptSource(text: text, origin: "\(path):\(lineNumber) field \"\(field)\""))
    }
    if prompts.isEmpty { throw ReasonerError(.invalidFile, "\(path): no prompts (expected JSON lines with a \"\(field)\" field)") }
    return prompts
  }
}

/// Offset of the first byte that breaks UTF-8 (bad lead byte, missing or bad continuation, overlong form,
/// surrogate, > U+10FFFF), or nil when all of `bytes` is valid UTF-8.
func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
  var i = 0
  while i < bytes.count {
    let lead = bytes[i]
    if lead < 0x80 {
      i += 1
      continue
    }
    // Continuation count and the allowed range of the second byte (excludes overlongs and surrogates).
    let need: Int, low: UInt8, high: UInt8
    switch lead {
    case 0xC2...0xDF: (need, low, high) = (1, 0x80, 0xBF)
    case 0xE0: (need, low, high) = (2, 0xA0, 0xBF)
    case 0xED: (need, low, high) = (2, 0x80, 0x9F)
    case 0xE1...0xEF: (need, low, high) = (2, 0x80, 0xBF)
    case 0xF0: (need, low, high) = (3, 0x90, 0xBF)
    case 0xF1...0xF3: (need, low, high) = (3, 0x80, 0xBF)
    case 0xF4: (need, low, high) = (3, 0x80, 0x8F)
    default: return i
    }
    for j in 1...need {
      guard i + j < bytes.count else { return i }
      let b = bytes[i + j]
      if j == 1 ? !(low...high).contains(b) : (b & 0xC0) != 0x80 { return i + j }
    }
    i += need + 1
  }
  return nil
}
