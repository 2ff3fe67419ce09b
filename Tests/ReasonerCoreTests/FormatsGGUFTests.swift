// GGUF reader and dequantizers against the gguf PyPI package: fixtures from scripts/golden/make_gguf_fixtures.py
// (one tensor per type, metadata of every type) and rows of the real SmolLM2 GGUF.
import Foundation
import Testing

@testable import ReasonerCore

struct FormatsGGUFTests {
  static let fixture = FormatsFixtures.golden.appendingPathComponent("quant_types.gguf").path

  @Test func metadataOfEveryValueType() throws {
    let g = try GGUFFile(path: Self.fixture)
    #expect(g.version == 3)
    let m = g.metadata
    #expect(m["test.u8"] == .uint8(200))
    #expect(m["test.i8"] == .int8(-100))
    #expect(m["test.u16"] == .uint16(60000))
    #expect(m["test.i16"] == .int16(-30000))
    #expect(m["test.u32"] == .uint32(4_000_000_000))
    #expect(m["test.i32"] == .int32(-2_000_000_000))
    #expect(m["test.f32"] == .float32(1.5))
    #expect(m["test.bool"] == .bool(true))
    #expect(m["test.string"] == .string("héllo ✓"))
    #expect(m["test.u64"] == .uint64(1 << 40 + 3))
    #expect(m["test.i64"] == .int64(-(1 << 40)))
    #expect(m["test.f64"] == .float64(0.1))
    #expect(m["test.array_i32"]?.intArray == [1, -2, 3])
    #expect(m["test.array_str"]?.stringArray == ["a", "bc", ""])
    #expect(m["general.architecture"]?.string == "llama")
    #expect(g.alignment == 32 && g.dataOffset % 32 == 0)
  }

  /// Every supported type dequantizes exactly as gguf.quants.dequantize (tolerance 0: same fp32 arithmetic
  /// up to one rounding in d·q·scale products, so allow 1e-6 relative).
  @Test(arguments: ["f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q4_k", "q6_k"])
  func dequantizeMatchesGGUFPackage(type: String) throws {
    let g = try GGUFFile(path: Self.fixture)
    let expected = try FormatsFixtures.json("quant_types.json")["tensors"] as! [String: Any]
    let entry = expected["t_\(type)"] as! [String: Any]
    let want = (entry["values"] as! [Double]).map(Float.init)
    let info = try #require(g.tensor(named: "t_\(type)"))
    #expect(info.type.name == entry["type"] as! String)
    let t = g.dequantize(info)
    #expect(t.shape == entry["shape"] as! [Int])
    let scale = want.map(abs).max()!
    let diff = maxAbsDifference(t.data, want)
    #expect(diff <= 1e-6 * scale, "\(type): max |swift − gguf| = \(diff) (scale \(scale))")
  }

  /// Rows of real tensors (Q8_0 embedding, Q4_1 projections, F32 norm) equal the gguf package's values.
  @Test func realModelRowsMatchGGUFPackage() throws {
    guard let g = FormatsFixtures.realGGUF else { return }
    let rows = try FormatsFixtures.json("smollm2_rows.json")
    #expect(rows.count == 5)
    for (name, value) in rows {
      let entry = value as! [String: Any]
      let info = try #require(g.tensor(named: name))
      #expect(info.type.name == entry["type"] as! String)
      let t = g.dequantize(info)
      let width = t.shape.count == 2 ? t.shape[1] : t.count
      let wantRows = (entry["values"] as! [[Double]]).map { $0.map(Float.init) }
      let indices = entry["rows"] as? [Int] ?? [0]
      for (k, r) in indices.enumerated() {
        let got = Array(t.data[r * width..<(r + 1) * width])
        let diff = maxAbsDifference(got, wantRows[k])
        #expect(diff <= 1e-6, "\(name) row \(r): max diff \(diff)")
      }
    }
    // Facts from shared/notes/model-formats.md.
    #expect(g.tensors.count == 272)
    #expect(g.tensors.filter { $0.type == .q4_1 }.count == 210)
    #expect(g.tensor(named: "blk.0.ffn_gate.weight")?.dims == [576, 1536])
    #expect(g.tensor(named: "blk.0.ffn_gate.weight")?.shape == [1536, 576])
  }

  @Test func halfAndBFloatConversions() {
    #expect(halfToFloat(0x3C00) == 1)
    #expect(halfToFloat(0xC000) == -2)
    #expect(halfToFloat(0x0001) == Float(5.9604645e-08))  // smallest subnormal
    #expect(halfToFloat(0x7C00) == .infinity)
    #expect(halfToFloat(0x7E00).isNaN)
    #expect(bf16ToFloat(0x3F80) == 1)
    #expect(floatToBF16(1) == 0x3F80)
    #expect(bf16ToFloat(floatToBF16(3.140625)) == 3.140625)
  }
}

extension FormatsGGUFTests {
  /// GGUF v2 has the same layout as v3 (64-bit counts); a byte-swapped (big-endian) version is refused.
  @Test func version2ParsesAndBigEndianIsRefused() throws {
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixture)))
    bytes[4] = 2
    let v2 = try TinyGGUFWriter().write(bytes, name: "v2.gguf")
    let g = try GGUFFile(path: v2)
    #expect(g.version == 2 && g.tensors.count == 8)
    bytes[4] = 0
    bytes[7] = 3
    let be = try TinyGGUFWriter().write(bytes, name: "be.gguf")
    #expect(expectReasonerError { _ = try GGUFFile(path: be) }?.message.contains("offset 4: GGUF version 50331648, expected 2 or 3") == true)
  }
}
