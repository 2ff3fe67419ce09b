// ByteCursor: bounds-checked little-endian reads over a byte buffer; every failure names the file and
// offset. Tested through GGUFBadInputTests (truncated headers, strings running past the end).
import Foundation

/// Sequential little-endian reader. Throws `ReasonerError(.invalidFile)` naming `source`, the offset and
/// what was being read instead of reading past the end.
public struct ByteCursor {
  public let bytes: UnsafeRawBufferPointer
  public let source: String
  public private(set) var offset: Int

  public init(_ bytes: UnsafeRawBufferPointer, source: String, offset: Int = 0) {
    self.bytes = bytes
    self.source = source
    self.offset = offset
  }

  /// Fails unless `n` more bytes exist; `what` says what the bytes were meant to be.
  public func need(_ n: Int, _ what: String) throws {
    if n < 0 || offset + n > bytes.count {
      throw ReasonerError(
        .invalidFile,
        "\(source): truncated at offset \(offset) reading \(what): expected \(n) bytes, file has \(max(0, bytes.count - offset)) left"
      )
    }
  }

  public mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws -> T {
    try need(MemoryLayout<T>.size, what)
    let v = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    offset += MemoryLayout<T>.size
    return T(littleEndian: v)
  }

  public mutating func readFloat32(_ what: String) throws -> Float {
    Float(bitPattern: try read(UInt32.self, what))
  }

  public mutating func readFloat64(_ what: String) throws -> Double {
    Double(bitPattern: try read(UInt64.self, what))
  }

  public mutating func readBytes(_ n: Int, _ what: String) throws -> UnsafeRawBufferPointer {
    try need(n, what)
    let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n])
    offset += n
    return slice
  }

  /// A UTF-8 string of `n` bytes; invalid UTF-8 is an error naming the offset.
  public mutating func readUTF8(_ n: Int, _ what: String) throws -> String {
    let start = offset
    let raw = try readBytes(n, what)
    guard let s = String(validating: raw, as: UTF8.self) else {
      throw ReasonerError(.invalidFile, "\(source): invalid UTF-8 in \(what) at offset \(start)")
    }
    return s
  }
}
