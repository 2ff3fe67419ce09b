// RMSNorm (Llama): y = x / sqrt(mean(x²) + eps) · w. Forward and backward side by side.
// Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift and ModelForwardTests.swift.

/// out [N, C] = x · rstd · weight; rstd [N] (saved for backward, optional) = 1/sqrt(mean(x²)+eps).
func rmsNormForward(
  _ out: UnsafeMutablePointer<Float>, _ rstd: UnsafeMutablePointer<Float>?,
  _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, rows: Int, channels: Int, eps: Float
) {
  let o = SharedPointer(out), xs = SharedPointer(x), w = SharedPointer(weight)
  let r = rstd.map { SharedPointer($0) }
  parallelFor(rows, chunk: 32) { n in
    let xr = xs.p + n * channels, orow = o.p + n * channels
    let s = 1 / (dotProduct(xr, xr, channels) / Float(channels) + eps).squareRoot()
    r?.p[n] = s
    for i in 0..<channels { orow[i] = xr[i] * s * w.p[i] }
  }
}

/// dx [N, C] += ∂/∂x, dWeight [C] += Σ_n dOut·x·rstd, from dOut [N, C], x [N, C], rstd [N], weight [C].
func rmsNormBackward(
  _ dx: UnsafeMutablePointer<Float>, _ dWeight: UnsafeMutablePointer<Float>,
  _ dOut: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ rstd: UnsafePointer<Float>,
  _ weight: UnsafePointer<Float>, rows: Int, channels: Int
) {
  let dxs = SharedPointer(dx), dy = SharedPointer(dOut), xs = SharedPointer(x)
  let r = SharedPointer(rstd), w = SharedPointer(weight)
  parallelFor(rows, chunk: 32) { n in
    let xr = xs.p + n * channels, dyr = dy.p + n * channels, dxr = dxs.p + n * channels
    let s = r.p[n]
    // d/dx of x·s·w: s·(dy·w) − x·s³/C·Σ(dy·w·x)
    var dot: Float = 0
    for i in 0..<channels { dot += dyr[i] * w.p[i] * xr[i] }
    let k = dot * s * s * s / Float(channels)
    for i in 0..<channels { dxr[i] += s * dyr[i] * w.p[i] - k * xr[i] }
  }
  // Weight gradient sums over rows: parallel over channel blocks so writes stay disjoint.
  let dw = SharedPointer(dWeight)
  let block = 64
  parallelFor((channels + block - 1) / block) { b in
    let lo = b * block, hi = min(channels, lo + block)
    for n in 0..<rows {
      let s = r.p[n], xr = xs.p + n * channels, dyr = dy.p + n * channels
      for i in lo..<hi { dw.p[i] += dyr[i] * xr[i] * s }
    }
  }
}
