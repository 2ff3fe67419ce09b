// Row kernels of the sampler: max/argmax and the exp-weights with their Double block sums, vectorised
// (SIMD8, Cephes-style expf). Tested against a Double reference in SamplingDistributionTests.swift.

/// Largest value of `row` [count] and the lowest index holding it (NaNs are skipped; an all-NaN row
/// gives a NaN max, which the caller rejects).
func rowMaxAndArgmax(_ row: UnsafePointer<Float>, count: Int) -> (max: Float, index: Int) {
  // Two accumulators of compare-and-select (pointwiseMax is not inlined into vector code).
  var lanesA = SIMD8<Float>(repeating: -.infinity), lanesB = lanesA
  var i = 0
  while i + 16 <= count {
    let a = UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<Float>.self)
    let b = UnsafeRawPointer(row + i + 8).loadUnaligned(as: SIMD8<Float>.self)
    lanesA.replace(with: a, where: a .> lanesA)
    lanesB.replace(with: b, where: b .> lanesB)
    i += 16
  }
  lanesA.replace(with: lanesB, where: lanesB .> lanesA)
  var best: Float = -.infinity
  for lane in 0..<8 where lanesA[lane] > best { best = lanesA[lane] }
  while i < count {
    if row[i] > best { best = row[i] }
    i += 1
  }
  if best.isNaN || best == -.infinity {
    // No ordered element beat −∞: fall back to the first non-NaN element, if any.
    for j in 0..<count where !row[j].isNaN { return (row[j], j) }
    return (.nan, 0)
  }
  // The lowest index holding the max: skip 8 at a time until a chunk contains it.
  let target = SIMD8<Float>(repeating: best)
  var j = 0
  while j + 8 <= count && !any(UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self) .== target) {
    j += 8
  }
  while j < count {
    if row[j] == best { return (best, j) }
    j += 1
  }
  return (best, 0)
}

/// Writes weights[i] = exp((row[i] − maxLogit) · inverseTemperature) for i in 0..<count, and the sum of
/// each block of `blockSize` weights (Float lanes, then Double) into blockSums [⌈count/blockSize⌉].
/// Returns the total in Double: the softmax normaliser Z. NaN logits make the total NaN.
func weighRow(_ row: UnsafePointer<Float>, count: Int, maxLogit: Float, inverseTemperature: Float,
              weights: UnsafeMutablePointer<Float>, blockSums: UnsafeMutablePointer<Double>,
              blockSize: Int) -> Double {
  var total = 0.0
  var block = 0
  var start = 0
  let shift = SIMD8<Float>(repeating: maxLogit)
  let scale = SIMD8<Float>(repeating: inverseTemperature)
  while start < count {
    let end = min(start + blockSize, count)
    var lanes = SIMD8<Float>()
    var i = start
    while i + 8 <= end {
      let x = (UnsafeRawPointer(row + i).loadUnaligned(as: SIMD8<Float>.self) - shift) * scale
      let w = expNonPositive(x)
      UnsafeMutableRawPointer(weights + i).storeBytes(of: w, as: SIMD8<Float>.self)
      lanes += w
      i += 8
    }
    if i < end {
      // Tail: pad with −∞ (weight 0) so it goes through the same kernel as the body.
      var x = SIMD8<Float>(repeating: -.infinity)
      for j in i..<end { x[j - i] = (row[j] - maxLogit) * inverseTemperature }
      let w = expNonPositive(x)
      for j in i..<end { weights[j] = w[j - i] }
      lanes += w
    }
    let sum = Double(lanes.sum())
    blockSums[block] = sum
    total += sum
    block += 1
    start = end
  }
  return total
}

/// exp(x) for x ≤ 0 (Cephes expf polynomial, relative error ≈ 2e-7); exp(0) is exactly 1, values
/// below −87 (and −∞) give 0, NaN stays NaN.
@inline(__always)
func expNonPositive(_ x: SIMD8<Float>) -> SIMD8<Float> {
  let underflow = x .< -87
  var r = x.replacing(with: -87, where: underflow)
  // Round x·log2(e) to the nearest integer n with the 1.5·2²³ trick (no Float→Int conversion).
  let magic = SIMD8<Float>(repeating: 12_582_912)
  let shifted = r * 1.442_695_040_888_963_4 + magic
  let n = shifted - magic
  r = r - n * 0.693_359_375
  r = r - n * -2.121_944_4e-4
  let z = r * r
  var p = SIMD8<Float>(repeating: 1.987_569_150_0e-4)
  p = p * r + 1.398_199_950_7e-3
  p = p * r + 8.333_451_907_3e-3
  p = p * r + 4.166_579_589_4e-2
  p = p * r + 1.666_666_545_9e-1
  p = p * r + 5.000_000_120_1e-1
  p = p * z + r + 1
  // 2ⁿ from the integer sitting in the low mantissa bits of `shifted`.
  let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127
  let powerOfTwo = unsafeBitCast(exponent &<< 23, to: SIMD8<Float>.self)
  return (p * powerOfTwo).replacing(with: 0, where: underflow)
}
