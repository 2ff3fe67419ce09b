// FloatBuffer: an owned, zero-initialised fp32 scratch/activation buffer that parallel kernels may capture,
// plus the small SIMD vector helpers the layers share. Tested through every layer's tests.

/// An owned fp32 buffer. Shapes are documented where each buffer is declared.
final class FloatBuffer: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Float>
  let count: Int

  /// `zeroed: false` leaves the memory untouched (pages stay unmapped until written): for KV caches,
  /// which are only ever read where they were written.
  init(_ count: Int, zeroed: Bool = true) {
    self.count = count
    pointer = .allocate(capacity: max(1, count))
    if zeroed { pointer.initialize(repeating: 0, count: max(1, count)) }
  }

  deinit { pointer.deallocate() }

  func zero() { pointer.update(repeating: 0, count: count) }
}

/// A raw pointer that a parallel body may capture; callers guarantee disjoint writes.
struct SharedPointer<T>: @unchecked Sendable {
  let p: UnsafeMutablePointer<T>
  init(_ p: UnsafeMutablePointer<T>) { self.p = p }
  init(_ p: UnsafePointer<T>) { self.p = UnsafeMutablePointer(mutating: p) }
}

/// Σ a[i]·b[i] over n elements.
@inline(__always)
func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
  var acc = SIMD8<Float>(repeating: 0)
  var i = 0
  while i + 8 <= n {
    acc += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
      * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
    i += 8
  }
  var s = acc.sum()
  while i < n {
    s += a[i] * b[i]
    i += 1
  }
  return s
}

/// y[i] += alpha·x[i] over n elements.
@inline(__always)
func addScaled(_ y: UnsafeMutablePointer<Float>, _ alpha: Float, _ x: UnsafePointer<Float>, _ n: Int) {
  let va = SIMD8<Float>(repeating: alpha)
  var i = 0
  while i + 8 <= n {
    let raw = UnsafeMutableRawPointer(y + i)
    let v = raw.loadUnaligned(as: SIMD8<Float>.self)
      + va * UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
    raw.storeBytes(of: v, as: SIMD8<Float>.self)
    i += 8
  }
  while i < n {
    y[i] += alpha * x[i]
    i += 1
  }
}

/// y[i] *= alpha over n elements.
@inline(__always)
func scaleInPlace(_ y: UnsafeMutablePointer<Float>, _ alpha: Float, _ n: Int) {
  for i in 0..<n { y[i] *= alpha }
}
