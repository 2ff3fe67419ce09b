// GGUFValue: one metadata value of a GGUF file (every scalar type, strings, nested arrays).
// Tested in GGUFReaderTests (fixture written by scripts/golden/make_gguf_fixtures.py holds every type).

/// A GGUF metadata value. Type codes follow the GGUF spec (ggml/docs/gguf.md).
public indirect enum GGUFValue: Equatable, Sendable {
  case uint8(UInt8), int8(Int8), uint16(UInt16), int16(Int16), uint32(UInt32), int32(Int32)
  case float32(Float), bool(Bool), string(String), array([GGUFValue])
  case uint64(UInt64), int64(Int64), float64(Double)

  /// Any integer type as Int (nil for other types or values out of range).
  public var int: Int? {
    switch self {
    case .uint8(let v): Int(v)
    case .int8(let v): Int(v)
    case .uint16(let v): Int(v)
    case .int16(let v): Int(v)
    case .uint32(let v): Int(v)
    case .int32(let v): Int(v)
    case .uint64(let v): Int(exactly: v)
    case .int64(let v): Int(v)
    default: nil
    }
  }

  /// Any numeric type as Double.
  public var double: Double? {
    switch self {
    case .float32(let v): Double(v)
    case .float64(let v): v
    default: int.map(Double.init)
    }
  }

  public var string: String? { if case .string(let s) = self { s } else { nil } }
  public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
  public var array: [GGUFValue]? { if case .array(let a) = self { a } else { nil } }
  public var stringArray: [String]? { array?.compactMap(\.string) }
  public var intArray: [Int]? { array?.compactMap(\.int) }

  /// A JSON-friendly rendering (used by `reasoner info`).
  public var jsonObject: Any {
    switch self {
    case .bool(let b): b
    case .string(let s): s
    case .float32(let v): Double(v)
    case .float64(let v): v
    case .array(let a): a.map(\.jsonObject)
    default: int ?? 0
    }
  }
}

extension ByteCursor {
  /// Reads a value of GGUF type code `type`; `key` names the metadata entry in errors.
  mutating func readGGUFValue(type: UInt32, key: String, depth: Int = 0) throws -> GGUFValue {
    let what = "metadata '\(key)'"
    switch type {
    case 0: return .uint8(try read(UInt8.self, what))
    case 1: return .int8(try read(Int8.self, what))
    case 2: return .uint16(try read(UInt16.self, what))
    case 3: return .int16(try read(Int16.self, what))
    case 4: return .uint32(try read(UInt32.self, what))
    case 5: return .int32(try read(Int32.self, what))
    case 6: return .float32(try readFloat32(what))
    case 7:
      let b = try read(UInt8.self, what)
      guard b <= 1 else {
        throw ReasonerError(.invalidFile, "\(source): \(what) at offset \(offset - 1): expected bool 0 or 1, got \(b)")
      }
      return .bool(b == 1)
    case 8: return .string(try readGGUFString(what))
    case 9:
      guard depth < 4 else {
        throw ReasonerError(.invalidFile, "\(source): \(what): arrays nested deeper than 4 levels")
      }
      let elementType = try read(UInt32.self, "\(what) array element type")
      let count = try read(UInt64.self, "\(what) array length")
      // Every element takes at least one byte: a longer array cannot fit in the file.
      guard count <= UInt64(bytes.count - offset) else {
        throw ReasonerError(.invalidFile, "\(source): \(what) at offset \(offset - 8): array length \(count) exceeds the file size")
      }
      var items: [GGUFValue] = []
      items.reserveCapacity(Int(count))
      for _ in 0..<Int(count) {
        items.append(try readGGUFValue(type: elementType, key: key, depth: depth + 1))
      }
      return .array(items)
    case 10: return .uint64(try read(UInt64.self, what))
    case 11: return .int64(try read(Int64.self, what))
    case 12: return .float64(try readFloat64(what))
    default:
      throw ReasonerError(.invalidFile, "\(source): \(what) at offset \(offset - 4): unknown value type \(type), expected 0…12")
    }
  }

  /// GGUF string: u64 length, then UTF-8 bytes.
  mutating func readGGUFString(_ what: String) throws -> String {
    let n = try read(UInt64.self, "\(what) string length")
    guard n <= UInt64(bytes.count - offset) else {
      throw ReasonerError(.invalidFile, "\(source): \(what) at offset \(offset - 8): string length \(n) runs past the file end (\(bytes.count) bytes)")
    }
    return try readUTF8(Int(n), what)
  }
}
