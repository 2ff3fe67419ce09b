// Float formats: F32, F16 (IEEE half) and BF16 (truncated fp32) to Float32.
// Tested in DequantizeTests against the gguf PyPI package (fixture from scripts/golden/make_gguf_fixtures.py).

/// IEEE-754 half (bit pattern) to Float, exact for every value including subnormals, inf and NaN.
@inline(__always) public func halfToFloat(_ h: UInt16) -> Float {
  Float(Float16(bitPattern: h))
}

/// bfloat16 (bit pattern) to Float: the upper 16 bits of an fp32.
@inline(__always) public func bf16ToFloat(_ h: UInt16) -> Float {
  Float(bitPattern: UInt32(h) << 16)
}

/// Float to bfloat16 with round-to-nearest-even (NaN stays NaN).
@inline(__always) public func floatToBF16(_ f: Float) -> UInt16 {
  if f.isNaN { return 0x7FC0 }
  let bits = f.bitPattern
  let rounding = 0x7FFF + ((bits >> 16) & 1)
  return UInt16((bits &+ rounding) >> 16)
}

@inline(__always) func loadHalf(_ p: UnsafeRawPointer, _ byteOffset: Int) -> Float {
  halfToFloat(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: byteOffset, as: UInt16.self)))
}

func dequantizeF32(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
  UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count * 4)
}

func dequantizeF16(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
  for i in 0..<count { dst[i] = loadHalf(src, 2 * i) }
}

func dequantizeBF16(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
  for i in 0..<count {
    dst[i] = bf16ToFloat(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
  }
}
