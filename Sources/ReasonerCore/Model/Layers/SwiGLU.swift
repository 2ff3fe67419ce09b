// SwiGLU activation of the Llama MLP: h = silu(gate) · up, with gate|up side by side in one [N, 2F] row
// (one fused matrix product). Forward and backward side by side, 8 lanes at a time with the vectorised
// exp of VectorExp.swift (libm expf per element was ~5 % of a training step).
// Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift (finite differences of the Double reference).
import Foundation

/// h [N, F] = silu(g) · u where gateUp [N, 2F] holds g in columns 0..<F and u in F..<2F.
func swigluForward(_ h: UnsafeMutablePointer<Float>, _ gateUp: UnsafePointer<Float>, rows: Int, ffn: Int) {
  let hs = SharedPointer(h), gu = SharedPointer(gateUp)
  parallelFor(rows, chunk: 16) { n in
    let g = gu.p + n * 2 * ffn, u = g + ffn, out = hs.p + n * ffn
    var i = 0
    while i + 8 <= ffn {
      let gv = load8(g + i)
      store8(out + i, gv / (1 + exp8(-gv)) * load8(u + i))
      i += 8
    }
    while i < ffn {
      out[i] = g[i] / (1 + expf(-g[i])) * u[i]
      i += 1
    }
  }
}

/// dGateUp [N, 2F] += (∂h/∂g·dh | ∂h/∂u·dh) from dh [N, F] and the saved gateUp [N, 2F].
func swigluBackward(
  _ dGateUp: UnsafeMutablePointer<Float>, _ dh: UnsafePointer<Float>, _ gateUp: UnsafePointer<Float>,
  rows: Int, ffn: Int
) {
  let dgu = SharedPointer(dGateUp), dhs = SharedPointer(dh), gu = SharedPointer(gateUp)
  parallelFor(rows, chunk: 16) { n in
    let g = gu.p + n * 2 * ffn, u = g + ffn, d = dhs.p + n * ffn
    let dg = dgu.p + n * 2 * ffn, du = dg + ffn
    var i = 0
    while i + 8 <= ffn {
      let gv = load8(g + i), dv = load8(d + i)
      let s = 1 / (1 + exp8(-gv))
      store8(du + i, load8(du + i) + dv * gv * s)
      store8(dg + i, load8(dg + i) + dv * load8(u + i) * s * (1 + gv * (1 - s)))
      i += 8
    }
    while i < ffn {
      let s = 1 / (1 + expf(-g[i]))
      let silu = g[i] * s
      du[i] += d[i] * silu
      dg[i] += d[i] * u[i] * s * (1 + g[i] * (1 - s))
      i += 1
    }
  }
}

@inline(__always)
private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
private func store8(_ p: UnsafeMutablePointer<Float>, _ v: SIMD8<Float>) {
  UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}
