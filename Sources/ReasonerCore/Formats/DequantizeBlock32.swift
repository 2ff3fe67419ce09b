// 32-value block formats Q8_0, Q4_0, Q4_1 to Float32, mirroring ggml's dequantize_row_q*.
// Tested in DequantizeTests against the gguf PyPI package and on rows of the real SmolLM2 GGUF.

/// Q8_0: f16 scale d, 32 × int8 q; x = d · q.
@inline(__always) func dequantizeQ8_0Block(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
  let d = loadHalf(b, 0)
  let q = (b + 2).assumingMemoryBound(to: Int8.self)
  for i in 0..<32 { y[i] = d * Float(q[i]) }
}

/// Q4_0: f16 scale d, 16 bytes of nibbles; low nibbles are elements 0–15, high 16–31; x = d · (q − 8).
@inline(__always) func dequantizeQ4_0Block(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
  let d = loadHalf(b, 0)
  let q = (b + 2).assumingMemoryBound(to: UInt8.self)
  for i in 0..<16 {
    y[i] = d * Float(Int(q[i] & 0x0F) - 8)
    y[i + 16] = d * Float(Int(q[i] >> 4) - 8)
  }
}

/// Q4_1: f16 scale d, f16 minimum m, 16 bytes of nibbles (same order as Q4_0); x = d · q + m.
@inline(__always) func dequantizeQ4_1Block(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
  let d = loadHalf(b, 0)
  let m = loadHalf(b, 2)
  let q = (b + 4).assumingMemoryBound(to: UInt8.self)
  for i in 0..<16 {
    y[i] = d * Float(q[i] & 0x0F) + m
    y[i + 16] = d * Float(q[i] >> 4) + m
  }
}
