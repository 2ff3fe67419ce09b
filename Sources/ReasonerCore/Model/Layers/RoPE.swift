// Rotary position embedding, Hugging Face "rotate halves" layout: element i pairs with i + D/2,
// frequency theta^(−2i/D). Forward rotates by +angle, backward by −angle (the transpose).
// Tested in Tests/ReasonerCoreTests/ModelForwardTests.swift against the Double reference.
import Foundation

/// cos/sin of position·frequency for every position < maxPositions: [P, D/2] each, computed in Double.
struct RotaryTable: Sendable {
  let half: Int
  let cos: [Float]
  let sin: [Float]

  init(headDim: Int, theta: Float, maxPositions: Int) {
    half = headDim / 2
    var c = [Float](repeating: 0, count: maxPositions * half)
    var s = c
    for p in 0..<maxPositions {
      for i in 0..<half {
        let freq = 1 / pow(Double(theta), Double(2 * i) / Double(headDim))
        let angle = Double(p) * freq
        c[p * half + i] = Float(Foundation.cos(angle))
        s[p * half + i] = Float(Foundation.sin(angle))
      }
    }
    cos = c
    sin = s
  }
}

/// Rotates, in place, `heads` head vectors [D] starting at column `column` of each row of `x` [N, stride],
/// row n at position positions[n]. `inverse` applies the transpose rotation (the backward pass).
func applyRotary(
  _ x: UnsafeMutablePointer<Float>, _ positions: UnsafePointer<Int32>, _ table: RotaryTable,
  rows: Int, rowStride: Int, column: Int, heads: Int, inverse: Bool = false
) {
  let xs = SharedPointer(x), ps = SharedPointer(positions)
  let half = table.half
  table.cos.withUnsafeBufferPointer { cb in
    table.sin.withUnsafeBufferPointer { sb in
      let cp = SharedPointer(cb.baseAddress!), sp = SharedPointer(sb.baseAddress!)
      let sign: Float = inverse ? -1 : 1
      parallelFor(rows, chunk: 32) { n in
        let base = Int(ps.p[n]) * half
        for h in 0..<heads {
          let v = xs.p + n * rowStride + column + h * 2 * half
          for i in 0..<half {
            let c = cp.p[base + i], s = sign * sp.p[base + i]
            let a = v[i], b = v[i + half]
            v[i] = a * c - b * s
            v[i + half] = b * c + a * s
          }
        }
      }
    }
  }
}
