// Bad input for the GGUF and safetensors readers and the HF directory loader: each must throw a
// ReasonerError naming the file and the field/offset and what was expected (never crash or hang).
import Foundation
import Testing

@testable import ReasonerCore

struct FormatsBadInputTests {
  func validFile() -> TinyGGUFWriter {
    var w = TinyGGUFWriter()
    w.add("general.architecture", string: "llama")
    w.add("llama.block_count", u32: 1)
    w.addF32("token_embd.weight", dims: [4, 2], values: [1, 2, 3, 4, 5, 6, 7, 8])
    return w
  }

  @Test func tinyFileParses() throws {
    let w = validFile()
    let path = try w.write(w.bytes().data, name: "ok.gguf")
    let g = try GGUFFile(path: path)
    #expect(g.dequantize(g.tensors[0]) == HostTensor(shape: [2, 4], data: [1, 2, 3, 4, 5, 6, 7, 8]))
  }

  @Test func truncatedFileNamesOffset() throws {
    let w = validFile()
    let bytes = w.bytes().data
    // Cut inside the header, inside the metadata, and inside the tensor data.
    for cut in [6, 30, bytes.count - 4] {
      let path = try w.write(Array(bytes[0..<cut]), name: "cut\(cut).gguf")
      let e = expectReasonerError { _ = try GGUFFile(path: path) }
      #expect(e?.message.contains(path) == true)
      #expect(e?.message.contains("offset") == true || e?.message.contains("past the file end") == true, "\(e?.message ?? "")")
    }
  }

  @Test func wrongMagic() throws {
    let w = validFile()
    var bytes = w.bytes().data
    bytes[0] = UInt8(ascii: "X")
    let path = try w.write(bytes, name: "magic.gguf")
    let e = expectReasonerError { _ = try GGUFFile(path: path) }
    #expect(e?.message.contains("expected magic 'GGUF'") == true, "\(e?.message ?? "")")
    #expect(e?.message.contains(path) == true)
  }

  @Test func unknownTensorType() throws {
    let w = validFile()
    var (bytes, typeOffsets) = w.bytes()
    bytes[typeOffsets[0]] = 99
    let path = try w.write(bytes, name: "type.gguf")
    let e = expectReasonerError { _ = try GGUFFile(path: path) }
    #expect(e?.message.contains("tensor 'token_embd.weight' at offset \(typeOffsets[0]): tensor type 99") == true, "\(e?.message ?? "")")
  }

  @Test func tensorDataPastFileEnd() throws {
    var w = validFile()
    w.tensors[0].dims = [4, 200]  // the directory now claims 3,200 bytes the file does not have
    let path = try w.write(w.bytes().data, name: "past.gguf")
    let e = expectReasonerError { _ = try GGUFFile(path: path) }
    #expect(e?.message.contains("tensor 'token_embd.weight' data") == true && e?.message.contains("runs past the file end") == true, "\(e?.message ?? "")")
  }

  @Test func hugeStringLengthDoesNotAllocate() throws {
    var w = validFile()
    w.metadata[0].2 = TinyGGUFWriter.le(UInt64.max) + Array("llama".utf8)
    let path = try w.write(w.bytes().data, name: "len.gguf")
    let e = expectReasonerError { _ = try GGUFFile(path: path) }
    #expect(e?.message.contains("general.architecture") == true, "\(e?.message ?? "")")
  }

  @Test func emptyAndMissingFiles() throws {
    let path = try TinyGGUFWriter().write([], name: "empty.gguf")
    #expect(expectReasonerError { _ = try GGUFFile(path: path) }?.message.contains("truncated at offset 0") == true)
    #expect(expectReasonerError { _ = try ModelLoader.load(path: "/nonexistent/x.gguf") }?.kind == .io)
  }

  @Test func safetensorsCorruptHeaders() throws {
    let dir = try FormatsFixtures.temporaryDirectory()
    let url = dir.appendingPathComponent("a.safetensors")
    try writeSafetensors(tensors: ["w": HostTensor(shape: [2, 2], data: [1, 2, 3, 4])], to: url)
    var bytes = try [UInt8](Data(contentsOf: url))
    // Header size beyond the file.
    var bad = bytes
    bad[7] = 0x7F
    try Data(bad).write(to: url)
    #expect(expectReasonerError { _ = try Safetensors.read(path: url.path) }?.message.contains("header size") == true)
    // Data shorter than the shape needs: drop the last 4 bytes.
    bytes.removeLast(4)
    try Data(bytes).write(to: url)
    let e = expectReasonerError { _ = try Safetensors.read(path: url.path) }
    #expect(e?.message.contains("tensor 'w'") == true, "\(e?.message ?? "")")
  }
}

extension FormatsBadInputTests {
  @Test func invalidUTF8InMetadataNamesKeyAndOffset() throws {
    var w = validFile()
    w.add("general.name", string: "ok")
    w.metadata[w.metadata.count - 1].2 = TinyGGUFWriter.le(UInt64(2)) + [0xFF, 0xFE]
    let path = try w.write(w.bytes().data, name: "utf8.gguf")
    let e = expectReasonerError { _ = try GGUFFile(path: path) }
    #expect(e?.message.contains("invalid UTF-8 in metadata 'general.name' at offset") == true, "\(e?.message ?? "")")
  }
}

extension FormatsBadInputTests {
  /// Dimensions whose product overflows (or dwarfs the file) are rejected before any multiplication traps.
  @Test func absurdDimensionsAreRejected() throws {
    var w = validFile()
    w.tensors[0].dims = [1 << 39, 1 << 39, 1 << 39]
    let path = try w.write(w.bytes().data, name: "dims.gguf")
    #expect(expectReasonerError { _ = try GGUFFile(path: path) }?.message.contains("hold more values than") == true)
    let header = #"{"w":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,0]}}"#
    let st = try w.write(TinyGGUFWriter.le(UInt64(header.utf8.count)) + Array(header.utf8), name: "dims.safetensors")
    #expect(expectReasonerError { _ = try Safetensors.read(path: st) }?.message.contains("tensor 'w' shape") == true)
  }
}
