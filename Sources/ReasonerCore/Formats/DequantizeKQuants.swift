// 256-value K-quant super-blocks Q4_K and Q6_K to Float32, mirroring ggml's dequantize_row_q4_K/q6_K.
// Tested in DequantizeTests against the gguf PyPI package (random blocks from a committed script).

/// Q4_K: f16 d, f16 dmin, 12 bytes packing 8 six-bit (scale, min) pairs, 128 bytes of nibbles.
/// Sub-block j (32 values) is x = d · scale_j · q − dmin · min_j; byte chunk c (32 bytes) holds sub-block
/// 2c in its low nibbles and 2c+1 in its high nibbles.
@inline(__always) func dequantizeQ4_KBlock(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
  let d = loadHalf(b, 0)
  let dmin = loadHalf(b, 2)
  let s = (b + 4).assumingMemoryBound(to: UInt8.self)
  let q = (b + 16).assumingMemoryBound(to: UInt8.self)
  for j in 0..<8 {
    let scale: UInt8
    let minimum: UInt8
    if j < 4 {
      scale = s[j] & 63
      minimum = s[j + 4] & 63
    } else {
      scale = (s[j + 4] & 0x0F) | ((s[j - 4] >> 6) << 4)
      minimum = (s[j + 4] >> 4) | ((s[j] >> 6) << 4)
    }
    let dl = d * Float(scale)
    let ml = dmin * Float(minimum)
    let chunk = q + (j / 2) * 32
    let shift: UInt8 = j % 2 == 0 ? 0 : 4
    for i in 0..<32 { y[j * 32 + i] = dl * Float((chunk[i] >> shift) & 0x0F) - ml }
  }
}

/// Q6_K: 128 bytes low nibbles (ql), 64 bytes high 2-bit pairs (qh), 16 int8 scales, f16 d.
/// Element e = 128h + r (h half, r < 128): low 4 bits from ql[64h + r % 64] (nibble r / 64), high 2 bits
/// from qh[32h + r % 32] (pair r / 32); x = d · scale[e / 16] · (q − 32).
@inline(__always) func dequantizeQ6_KBlock(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
  let ql = b.assumingMemoryBound(to: UInt8.self)
  let qh = (b + 128).assumingMemoryBound(to: UInt8.self)
  let scales = (b + 192).assumingMemoryBound(to: Int8.self)
  let d = loadHalf(b, 208)
  for e in 0..<256 {
    let h = e / 128, r = e % 128
    let low = (ql[64 * h + r % 64] >> (4 * UInt8(r / 64))) & 0x0F
    let high = (qh[32 * h + r % 32] >> (2 * UInt8(r / 32))) & 0x03
    let q = Int(low | (high << 4)) - 32
    y[e] = d * Float(scales[e / 16]) * Float(q)
  }
}
