// GGUFFile: parses a GGUF v2/v3 file (header, metadata, tensor directory, alignment, data offset) over a
// memory map and dequantizes its tensors. Tested in GGUFReaderTests and GGUFBadInputTests.
import Foundation

/// One entry of the tensor directory. `dims` is in GGUF order (fastest-varying first); `shape` is the
/// PyPI/PyTorch order (reversed), e.g. a linear weight of `dims [in, out]` has `shape [out, in]`.
public struct GGUFTensorInfo: Sendable, Equatable {
  public var name: String
  public var dims: [Int]
  public var type: GGMLType
  /// Byte offset of the data from the start of the file (data section start + relative offset).
  public var fileOffset: Int
  public var shape: [Int] { dims.reversed() }
  public var count: Int { dims.reduce(1, *) }
  public var byteCount: Int { type.byteCount(values: count) }
}

/// A parsed GGUF file. Tensors are dequantized on demand from the mapped bytes.
public struct GGUFFile: Sendable {
  public let path: String
  public let version: UInt32
  public let metadata: [String: GGUFValue]
  /// Metadata keys in file order (for printing).
  public let metadataKeys: [String]
  public let tensors: [GGUFTensorInfo]
  public let alignment: Int
  public let dataOffset: Int
  let file: MappedFile

  public init(path: String) throws {
    try self.init(file: MappedFile(path: path))
  }

  public init(file: MappedFile) throws {
    self.file = file
    path = file.path
    var c = ByteCursor(file.bytes, source: file.path)
    let magic = try c.read(UInt32.self, "magic")
    guard magic == 0x4655_4747 else {  // "GGUF" little-endian
      throw ReasonerError(.invalidFile, "\(path): offset 0: expected magic 'GGUF' (47 47 55 46), got \(String(format: "%08x", magic.byteSwapped))")
    }
    version = try c.read(UInt32.self, "version")
    guard version == 2 || version == 3 else {
      throw ReasonerError(.unsupported, "\(path): offset 4: GGUF version \(version), expected 2 or 3")
    }
    let tensorCount = try c.read(UInt64.self, "tensor count")
    let kvCount = try c.read(UInt64.self, "metadata count")
    // Each entry needs > 8 bytes: counts larger than the file are corrupt (and would make us loop long).
    guard tensorCount < UInt64(file.count / 8), kvCount < UInt64(file.count / 8) else {
      throw ReasonerError(.invalidFile, "\(path): offset 8: tensor count \(tensorCount) / metadata count \(kvCount) cannot fit in \(file.count) bytes")
    }
    var meta: [String: GGUFValue] = [:]
    var keys: [String] = []
    for i in 0..<Int(kvCount) {
      let key = try c.readGGUFString("metadata key #\(i)")
      let type = try c.read(UInt32.self, "metadata '\(key)' type")
      meta[key] = try c.readGGUFValue(type: type, key: key)
      keys.append(key)
    }
    metadata = meta
    metadataKeys = keys
    alignment = meta["general.alignment"]?.int ?? 32
    guard alignment > 0, alignment % 8 == 0 else {
      throw ReasonerError(.invalidFile, "\(path): metadata 'general.alignment' = \(alignment), expected a positive multiple of 8")
    }
    var raw: [(name: String, dims: [Int], type: GGMLType, offset: Int)] = []
    for i in 0..<Int(tensorCount) {
      let entryStart = c.offset
      let name = try c.readGGUFString("tensor #\(i) name")
      let nDims = try c.read(UInt32.self, "tensor '\(name)' dimension count")
      guard (1...4).contains(nDims) else {
        throw ReasonerError(.invalidFile, "\(path): tensor '\(name)' at offset \(entryStart): \(nDims) dimensions, expected 1…4")
      }
      var dims: [Int] = []
      for d in 0..<Int(nDims) {
        let v = try c.read(UInt64.self, "tensor '\(name)' dimension \(d)")
        guard v > 0, v < 1 << 40 else {
          throw ReasonerError(.invalidFile, "\(path): tensor '\(name)' dimension \(d) = \(v), expected 1…2^40")
        }
        dims.append(Int(v))
      }
      // The element count must fit the file (so no product can overflow and no huge allocation happens).
      guard dims.reduce(1.0, { $0 * Double($1) }) <= Double(file.count) * 8 else {
        throw ReasonerError(.invalidFile, "\(path): tensor '\(name)' at offset \(entryStart): dimensions \(dims) hold more values than a \(file.count)-byte file can")
      }
      let typeOffset = c.offset
      let code = try c.read(UInt32.self, "tensor '\(name)' type")
      guard let type = GGMLType(rawValue: code) else {
        throw ReasonerError(.unsupported, "\(path): tensor '\(name)' at offset \(typeOffset): tensor type \(code) is not supported, expected one of \(GGMLType.allCases.map { "\($0.name)=\($0.rawValue)" }.joined(separator: ", "))")
      }
      guard dims[0] % type.blockSize == 0 else {
        throw ReasonerError(.invalidFile, "\(path): tensor '\(name)': row length \(dims[0]) is not a multiple of the \(type.name) block size \(type.blockSize)")
      }
      let rel = try c.read(UInt64.self, "tensor '\(name)' data offset")
      guard rel % UInt64(alignment) == 0, rel < UInt64(file.count) else {
        throw ReasonerError(.invalidFile, "\(path): tensor '\(name)': data offset \(rel) must be a multiple of \(alignment) inside the file (\(file.count) bytes)")
      }
      raw.append((name, dims, type, Int(rel)))
    }
    dataOffset = (c.offset + alignment - 1) / alignment * alignment
    var infos: [GGUFTensorInfo] = []
    for t in raw {
      let info = GGUFTensorInfo(name: t.name, dims: t.dims, type: t.type, fileOffset: dataOffset + t.offset)
      if info.fileOffset + info.byteCount > file.count {
        throw ReasonerError(.invalidFile, "\(path): tensor '\(t.name)' data [\(info.fileOffset), \(info.fileOffset + info.byteCount)) runs past the file end (\(file.count) bytes)")
      }
      infos.append(info)
    }
    tensors = infos
  }

  public func tensor(named name: String) -> GGUFTensorInfo? { tensors.first { $0.name == name } }

  /// The raw bytes of a tensor (bounds were checked when the directory was read).
  public func rawBytes(_ info: GGUFTensorInfo) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: file.bytes[info.fileOffset..<info.fileOffset + info.byteCount])
  }

  /// The tensor as fp32, row-major in `info.shape` order.
  public func dequantize(_ info: GGUFTensorInfo) -> HostTensor {
    let data = [Float](unsafeUninitializedCapacity: info.count) { buf, n in
      dequantizeRows(rawBytes(info), type: info.type, into: buf.baseAddress!, count: info.count)
      n = info.count
    }
    return HostTensor(shape: info.shape, data: data)
  }
}

/// Dequantizes `count` values of `type` (a whole number of blocks) from `src` into `dst`.
public func dequantizeRows(_ src: UnsafeRawBufferPointer, type: GGMLType, into dst: UnsafeMutablePointer<Float>, count: Int) {
  let blocks = count / type.blockSize
  let bpb = type.bytesPerBlock
  guard let base = src.baseAddress else { return }
  switch type {
  case .f32: dequantizeF32(base, dst, count)
  case .f16: dequantizeF16(base, dst, count)
  case .bf16: dequantizeBF16(base, dst, count)
  case .q8_0: for b in 0..<blocks { dequantizeQ8_0Block(base + b * bpb, dst + b * 32) }
  case .q4_0: for b in 0..<blocks { dequantizeQ4_0Block(base + b * bpb, dst + b * 32) }
  case .q4_1: for b in 0..<blocks { dequantizeQ4_1Block(base + b * bpb, dst + b * 32) }
  case .q4_K: for b in 0..<blocks { dequantizeQ4_KBlock(base + b * bpb, dst + b * 256) }
  case .q6_K: for b in 0..<blocks { dequantizeQ6_KBlock(base + b * bpb, dst + b * 256) }
  }
}
