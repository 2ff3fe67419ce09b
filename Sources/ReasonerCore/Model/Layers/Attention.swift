// Grouped-query attention of rows against a KV cache (prefill and decoding), one online-softmax pass per
// (row, head). The training kernels (whole sequences, with backward) are in CausalAttention.swift.
// Tested in Tests/ReasonerCoreTests/ModelDecodingTests.swift (against the training forward).
import Foundation

/// Attention of rows against a KV cache (decoding and prefill). Row m belongs to slot slots[m] at position
/// positions[m] and attends to that slot's cached positions 0...positions[m]. out [M, H·D] from the
/// q part of qkv [M, H·D + 2·KVH·D]; keys/values [slots, capacity, KVH, D] (this layer's cache).
func cachedAttentionForward(
  _ out: UnsafeMutablePointer<Float>, _ qkv: UnsafePointer<Float>,
  _ keys: UnsafePointer<Float>, _ values: UnsafePointer<Float>,
  _ slots: UnsafePointer<Int32>, _ positions: UnsafePointer<Int32>,
  rows: Int, capacity: Int, dims d: ModelDims
) {
  let o = SharedPointer(out), x = SharedPointer(qkv), kc = SharedPointer(keys), vc = SharedPointer(values)
  let sl = SharedPointer(slots), ps = SharedPointer(positions)
  let D = d.headDim, scale = 1 / Float(D).squareRoot()
  parallelFor(rows * d.heads) { task in
    let m = task / d.heads, h = task % d.heads, kvh = h / d.group
    let q = x.p + m * d.qkvDim + h * D, acc = o.p + m * d.qDim + h * D
    let slotBase = Int(sl.p[m]) * capacity * d.kvDim + kvh * D
    acc.update(repeating: 0, count: D)
    var mx = -Float.infinity, sum: Float = 0
    for s in 0...Int(ps.p[m]) {
      let score = dotProduct(q, kc.p + slotBase + s * d.kvDim, D) * scale
      if score > mx {
        let r = expf(mx - score)
        sum *= r
        scaleInPlace(acc, r, D)
        mx = score
      }
      let p = expf(score - mx)
      sum += p
      addScaled(acc, p, vc.p + slotBase + s * d.kvDim, D)
    }
    scaleInPlace(acc, 1 / sum, D)
  }
}
