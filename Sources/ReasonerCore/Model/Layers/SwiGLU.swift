// SwiGLU activation of the Llama MLP: h = silu(gate) · up, with gate|up side by side in one [N, 2F] row
// (one fused matrix product). Forward and backward side by side.
// Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift (finite differences of the Double reference).
import Foundation

/// h [N, F] = silu(g) · u where gateUp [N, 2F] holds g in columns 0..<F and u in F..<2F.
func swigluForward(_ h: UnsafeMutablePointer<Float>, _ gateUp: UnsafePointer<Float>, rows: Int, ffn: Int) {
  let hs = SharedPointer(h), gu = SharedPointer(gateUp)
  parallelFor(rows, chunk: 16) { n in
    let g = gu.p + n * 2 * ffn, u = g + ffn, out = hs.p + n * ffn
    for i in 0..<ffn { out[i] = g[i] / (1 + expf(-g[i])) * u[i] }
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
    for i in 0..<ffn {
      let s = 1 / (1 + expf(-g[i]))
      let silu = g[i] * s
      du[i] += d[i] * silu
      dg[i] += d[i] * u[i] * s * (1 + g[i] * (1 - s))
    }
  }
}
