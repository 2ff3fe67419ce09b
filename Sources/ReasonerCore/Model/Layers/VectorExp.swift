// Vectorised exp for softmax rows: 8 lanes at a time with Cephes' expf polynomial (relative error ~2e-7,
// like expf), scalar expf for the tail. Tested in Tests/ReasonerCoreTests/EngineKernelTests.swift
// (against Double exp over the whole range softmax uses).
import Foundation

/// row[i] = exp(row[i] − shift) for i < n, returning Σ row[i] (accumulated in Float, 8 lanes).
/// Inputs with row[i] − shift < −87 give 0-ish values (≥ the smallest normal), never NaN.
@inline(__always)
func expShiftedInPlace(_ row: UnsafeMutablePointer<Float>, _ n: Int, shift: Float) -> Float {
  var sums = SIMD8<Float>(repeating: 0)
  let vShift = SIMD8<Float>(repeating: shift)
  var i = 0
  while i + 8 <= n {
    let raw = UnsafeMutableRawPointer(row + i)
    let e = exp8(raw.loadUnaligned(as: SIMD8<Float>.self) - vShift)
    raw.storeBytes(of: e, as: SIMD8<Float>.self)
    sums += e
    i += 8
  }
  var sum = sums.sum()
  while i < n {
    row[i] = expf(row[i] - shift)
    sum += row[i]
    i += 1
  }
  return sum
}

/// e^x per lane for x in [−87, 88] (clamped): x = k·ln2 + r with |r| ≤ ln2/2, e^r by a degree-7
/// polynomial (Cephes expf), 2^k by building the exponent bits.
@inline(__always)
func exp8(_ input: SIMD8<Float>) -> SIMD8<Float> {
  let x = input.clamped(lowerBound: SIMD8(repeating: -87), upperBound: SIMD8(repeating: 88))
  let k = (x * 1.442_695_04).rounded(.toNearestOrEven)
  let r = x - k * 0.693_359_375 + k * 2.121_944_40e-4
  var p = SIMD8<Float>(repeating: 1.987_569_150_0e-4)
  p = p * r + 1.398_199_950_7e-3
  p = p * r + 8.333_451_907_3e-3
  p = p * r + 4.166_579_589_4e-2
  p = p * r + 1.666_666_545_9e-1
  p = p * r + 5.000_000_120_1e-1
  p = p * r * r + r + 1
  let bits = (SIMD8<Int32>(k) &+ 127) &<< 23
  return p * unsafeBitCast(bits, to: SIMD8<Float>.self)
}
