// safetensors reader (F32/F16/BF16, header validated) and F32 writer. Format: u64 little-endian header size,
// a JSON header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}, then the data.
// Tested in SafetensorsTests (round trip, F16/BF16 decoding, corrupt headers).
import Foundation

public enum Safetensors {
  /// Reads every tensor of a .safetensors file as fp32.
  public static func read(path: String) throws -> (tensors: [String: HostTensor], metadata: [String: String]) {
    let file = try MappedFile(path: path)
    var c = ByteCursor(file.bytes, source: path)
    let headerSize = try c.read(UInt64.self, "header size")
    guard headerSize <= UInt64(file.count - 8) else {
      throw ReasonerError(.invalidFile, "\(path): offset 0: header size \(headerSize) runs past the file end (\(file.count) bytes)")
    }
    let headerBytes = try c.readBytes(Int(headerSize), "JSON header")
    let header: [String: Any]
    do {
      guard let h = try JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any] else {
        throw ReasonerError(.invalidFile, "\(path): header is not a JSON object")
      }
      header = h
    } catch let e as ReasonerError { throw e } catch {
      throw ReasonerError(.invalidFile, "\(path): header at offset 8 is not valid JSON (\(error.localizedDescription))")
    }
    let dataStart = 8 + Int(headerSize)
    let dataSize = file.count - dataStart
    var metadata: [String: String] = [:]
    var tensors: [String: HostTensor] = [:]
    for (name, value) in header {
      if name == "__metadata__" {
        metadata = value as? [String: String] ?? [:]
        continue
      }
      guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
        let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
      else {
        throw ReasonerError(.invalidFile, "\(path): tensor '\(name)': expected {dtype, shape, data_offsets: [begin, end]}")
      }
      let width: Int
      switch dtype {
      case "F32": width = 4
      case "F16", "BF16": width = 2
      default:
        throw ReasonerError(.unsupported, "\(path): tensor '\(name)' dtype '\(dtype)', expected F32, F16 or BF16")
      }
      guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1.0, { $0 * Double($1) }) <= Double(dataSize) else {
        throw ReasonerError(.invalidFile, "\(path): tensor '\(name)' shape \(shape): expected non-negative dimensions whose product fits the data section (\(dataSize) bytes)")
      }
      let count = shape.reduce(1, *)
      let (begin, end) = (offsets[0], offsets[1])
      guard begin >= 0, end >= begin, end <= dataSize else {
        throw ReasonerError(.invalidFile, "\(path): tensor '\(name)' data_offsets [\(begin), \(end)] outside the data section (\(dataSize) bytes)")
      }
      guard end - begin == count * width else {
        throw ReasonerError(.invalidFile, "\(path): tensor '\(name)' has \(end - begin) bytes, expected \(count * width) for \(dtype) \(shape)")
      }
      let src = UnsafeRawBufferPointer(rebasing: file.bytes[(dataStart + begin)..<(dataStart + end)])
      let data = [Float](unsafeUninitializedCapacity: count) { buf, n in
        if let base = src.baseAddress, count > 0 {
          switch dtype {
          case "F32": dequantizeF32(base, buf.baseAddress!, count)
          case "F16": dequantizeF16(base, buf.baseAddress!, count)
          default: dequantizeBF16(base, buf.baseAddress!, count)
          }
        }
        n = count
      }
      tensors[name] = HostTensor(shape: shape, data: data)
    }
    return (tensors, metadata)
  }
}

/// Writes `tensors` as F32 safetensors (names sorted, header padded to 8 bytes as the reference does),
/// atomically (temporary file, fsync, rename).
public func writeSafetensors(tensors: [String: HostTensor], metadata: [String: String] = [:], to url: URL) throws {
  let names = tensors.keys.sorted()
  var header: [String: Any] = [:]
  if !metadata.isEmpty { header["__metadata__"] = metadata }
  var offset = 0
  for n in names {
    let t = tensors[n]!
    header[n] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.count]] as [String: Any]
    offset += 4 * t.count
  }
  var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
  while json.count % 8 != 0 { json.append(0x20) }
  var out = Data(capacity: 8 + json.count + offset)
  withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
  out.append(json)
  for n in names { tensors[n]!.data.withUnsafeBytes { out.append(contentsOf: $0) } }
  try writeFileAtomically(out, to: url)
}
